/**
 * The activity panel (a GraphiQL plugin): what happened locally behind the API while you ran
 * operations: each pipe's recent batches and their outcomes, its dead letters, and the
 * messages published to each SNS topic. Read from the local listings every 2 s while open.
 */
import { createElement as h, type ReactElement } from 'react';
import type { GraphiQLPlugin } from './graphiql-plugin.js';
import { JsonBlock } from './json-block.js';
import { ACTIVITY_POLL_MS, useLocalActivity, type BatchSummary, type DeadLetter, type LocalActivity, type PipeListing, type StoredSnsMessage } from './local-activity.js';
import { ActivityIcon } from './plugin-icons.js';

export const ACTIVITY_PLUGIN_TITLE = 'Local activity';
/** The panel stays readable: older batches and messages are in the listings themselves. */
const SHOWN_BATCHES = 20;
const SHOWN_MESSAGES = 50;

export function activityPlugin(localPrefix: string): GraphiQLPlugin {
  return { title: ACTIVITY_PLUGIN_TITLE, icon: ActivityIcon, content: () => h(ActivityPanel, { localPrefix }) };
}

function ActivityPanel({ localPrefix }: { localPrefix: string }): ReactElement {
  const { activity, error } = useLocalActivity(localPrefix);
  return h(
    'div',
    { className: 'lx-panel lx-activity', 'data-testid': 'activity-panel' },
    h('div', { className: 'graphiql-doc-explorer-title' }, ACTIVITY_PLUGIN_TITLE),
    h('p', { className: 'lx-muted' }, activity ? `Read at ${activity.readAt.toLocaleTimeString()}, every ${ACTIVITY_POLL_MS / 1000} s while open.` : 'Reading…'),
    error ? h('p', { className: 'lx-errors' }, `Could not read the listings: ${error}`) : null,
    activity ? h(PipesView, { pipes: activity.pipes }) : null,
    activity ? h(SnsView, { activity }) : null,
  );
}

function PipesView({ pipes }: { pipes: LocalActivity['pipes'] }): ReactElement {
  return h(
    'section',
    null,
    h('h3', null, 'Pipes'),
    pipes.length === 0 ? h('p', { className: 'lx-muted' }, 'No pipe runs locally.') : null,
    ...pipes.map((pipe) => h(PipeView, { key: pipe.name, pipe })),
  );
}

function PipeView({ pipe }: { pipe: PipeListing & { deadLetters: DeadLetter[] } }): ReactElement {
  const batches = pipe.recentBatches.slice(-SHOWN_BATCHES).reverse();
  return h(
    'div',
    { className: 'lx-pipe' },
    h('header', null, h('span', { className: 'lx-field-name' }, pipe.name), h('span', { className: 'lx-badge' }, pipe.state)),
    pipe.problem ? h('p', { className: 'lx-errors' }, pipe.problem) : null,
    h('h4', null, `Recent batches (${pipe.recentBatches.length}, newest first)`),
    batches.length === 0 ? h('p', { className: 'lx-muted' }, 'None yet: write an order to see its stream record delivered.') : h(BatchTable, { batches }),
    h('h4', null, `Dead letters (${pipe.deadLetters.length})`),
    ...pipe.deadLetters
      .slice()
      .reverse()
      .map((entry, i) =>
        h(
          'div',
          { key: i, className: 'lx-dead-letter' },
          h('div', null, `${entry.message.timestamp} · ${entry.message.context.condition} · ${entry.local.records.length} record(s) · ${entry.local.attempts} attempt(s)`),
          entry.local.lastError ? h('div', { className: 'lx-errors' }, h('code', null, entry.local.lastError.errorType), ` ${entry.local.lastError.errorMessage}`) : null,
          h(JsonBlock, { label: 'message and records', value: entry }),
        ),
      ),
  );
}

function BatchTable({ batches }: { batches: BatchSummary[] }): ReactElement {
  // The outcome first: the pane is narrow, and the counts can scroll.
  const columns = ['started', 'outcome', 'records', 'filtered', 'delivered', 'dead-lettered', 'invocations'];
  return h(
    'div',
    { className: 'lx-table-scroll' },
    h(
      'table',
      { className: 'lx-table' },
      h('thead', null, h('tr', null, ...columns.map((c) => h('th', { key: c }, c)))),
      h(
        'tbody',
        null,
        ...batches.map((b, i) =>
          h(
            'tr',
            { key: i, title: b.error ? `${b.error.errorType}: ${b.error.errorMessage}` : undefined },
            h('td', null, new Date(b.startedAt).toLocaleTimeString()),
            h(
              'td',
              null,
              h('span', { className: `lx-outcome lx-outcome-${b.outcome}` }, b.outcome),
              b.error ? h('div', { className: 'lx-errors' }, `${b.error.errorType}: ${b.error.errorMessage}`) : null,
            ),
            h('td', null, b.records),
            h('td', null, b.filtered),
            h('td', null, b.delivered),
            h('td', null, b.deadLettered),
            h('td', null, b.invocations),
          ),
        ),
      ),
    ),
  );
}

function SnsView({ activity }: { activity: LocalActivity }): ReactElement {
  const names = new Map(activity.topics.map((t) => [t.arn, t.name]));
  const messages = activity.messages.slice(-SHOWN_MESSAGES).reverse();
  return h(
    'section',
    null,
    h('h3', null, 'SNS'),
    activity.topics.length === 0 ? h('p', { className: 'lx-muted' }, 'The template has no topic.') : null,
    h(
      'ul',
      { className: 'lx-topics' },
      ...activity.topics.map((t) =>
        h(
          'li',
          { key: t.arn },
          h('span', { className: 'lx-field-name' }, t.name),
          ` · ${t.messageCount} message${t.messageCount === 1 ? '' : 's'}${t.lastPublishedAt ? ` · last ${new Date(t.lastPublishedAt).toLocaleTimeString()}` : ''}`,
        ),
      ),
    ),
    h('h4', null, `Messages (${activity.messages.length}, newest first)`),
    ...messages.map((m) => h(MessageView, { key: m.messageId, message: m, topicName: names.get(m.topicArn) ?? m.topicArn })),
  );
}

function MessageView({ message, topicName }: { message: StoredSnsMessage; topicName: string }): ReactElement {
  const attributes = Object.entries(message.messageAttributes).map(([name, a]) => `${name}=${a.StringValue ?? a.BinaryValue ?? ''}`);
  return h(
    'div',
    { className: 'lx-message' },
    h('div', null, `${new Date(message.timestamp).toLocaleTimeString()} · ${topicName}${message.subject ? ` · “${message.subject}”` : ''}`),
    attributes.length > 0 ? h('div', { className: 'lx-muted' }, attributes.join(', ')) : null,
    h(JsonBlock, { label: 'message', value: message.message }),
  );
}
