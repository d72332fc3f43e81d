/**
 * The activity panel (a GraphiQL plugin): what happened locally behind the API while you ran
 * operations: each pipe's recent batches and their outcomes, its dead letters, and the
 * messages published to each SNS topic. Read from the local listings every 2 s while open.
 */
import type { ReactElement } from 'react';
import type { GraphiQLPlugin } from './graphiql-plugin.js';
import { JsonBlock } from './json-block.js';
import { ACTIVITY_POLL_MS, useLocalActivity, type BatchSummary, type DeadLetter, type LocalActivity, type PipeListing, type StoredSnsMessage } from './local-activity.js';
import { ActivityIcon } from './plugin-icons.js';

export const ACTIVITY_PLUGIN_TITLE = 'Local activity';
/** The panel stays readable: older batches and messages are in the listings themselves. */
const SHOWN_BATCHES = 20;
const SHOWN_MESSAGES = 50;

export function activityPlugin(localPrefix: string): GraphiQLPlugin {
  return { title: ACTIVITY_PLUGIN_TITLE, icon: ActivityIcon, content: () => <ActivityPanel localPrefix={localPrefix} /> };
}

function ActivityPanel({ localPrefix }: { localPrefix: string }): ReactElement {
  const { activity, error } = useLocalActivity(localPrefix);
  return (
    <div className="lx-panel lx-activity" data-testid="activity-panel">
      <div className="graphiql-doc-explorer-title">{ACTIVITY_PLUGIN_TITLE}</div>
      <p className="lx-muted">{activity ? `Read at ${activity.readAt.toLocaleTimeString()}, every ${ACTIVITY_POLL_MS / 1000} s while open.` : 'Reading…'}</p>
      {error ? <p className="lx-errors">{`Could not read the listings: ${error}`}</p> : null}
      {activity ? <PipesView pipes={activity.pipes} /> : null}
      {activity ? <SnsView activity={activity} /> : null}
    </div>
  );
}

function PipesView({ pipes }: { pipes: LocalActivity['pipes'] }): ReactElement {
  return (
    <section>
      <h3>Pipes</h3>
      {pipes.length === 0 ? <p className="lx-muted">No pipe runs locally.</p> : null}
      {pipes.map((pipe) => (
        <PipeView key={pipe.name} pipe={pipe} />
      ))}
    </section>
  );
}

function PipeView({ pipe }: { pipe: PipeListing & { deadLetters: DeadLetter[] } }): ReactElement {
  const batches = pipe.recentBatches.slice(-SHOWN_BATCHES).reverse();
  return (
    <div className="lx-pipe">
      <header>
        <span className="lx-field-name">{pipe.name}</span>
        <span className="lx-badge">{pipe.state}</span>
      </header>
      {pipe.problem ? <p className="lx-errors">{pipe.problem}</p> : null}
      <h4>{`Recent batches (${pipe.recentBatches.length}, newest first)`}</h4>
      {batches.length === 0 ? <p className="lx-muted">None yet: write an order to see its stream record delivered.</p> : <BatchTable batches={batches} />}
      <h4>{`Dead letters (${pipe.deadLetters.length})`}</h4>
      {pipe.deadLetters
        .slice()
        .reverse()
        .map((entry, i) => (
          <div key={i} className="lx-dead-letter">
            <div>{`${entry.message.timestamp} · ${entry.message.context.condition} · ${entry.local.records.length} record(s) · ${entry.local.attempts} attempt(s)`}</div>
            {entry.local.lastError ? (
              <div className="lx-errors">
                <code>{entry.local.lastError.errorType}</code> {entry.local.lastError.errorMessage}
              </div>
            ) : null}
            <JsonBlock label="message and records" value={entry} />
          </div>
        ))}
    </div>
  );
}

function BatchTable({ batches }: { batches: BatchSummary[] }): ReactElement {
  // The outcome first: the pane is narrow, and the counts can scroll.
  const columns = ['started', 'outcome', 'records', 'filtered', 'delivered', 'dead-lettered', 'invocations'];
  return (
    <div className="lx-table-scroll">
      <table className="lx-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {batches.map((b, i) => (
            <tr key={i} title={b.error ? `${b.error.errorType}: ${b.error.errorMessage}` : undefined}>
              <td>{new Date(b.startedAt).toLocaleTimeString()}</td>
              <td>
                <span className={`lx-outcome lx-outcome-${b.outcome}`}>{b.outcome}</span>
                {b.error ? <div className="lx-errors">{`${b.error.errorType}: ${b.error.errorMessage}`}</div> : null}
              </td>
              <td>{b.records}</td>
              <td>{b.filtered}</td>
              <td>{b.delivered}</td>
              <td>{b.deadLettered}</td>
              <td>{b.invocations}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SnsView({ activity }: { activity: LocalActivity }): ReactElement {
  const names = new Map(activity.topics.map((t) => [t.arn, t.name]));
  const messages = activity.messages.slice(-SHOWN_MESSAGES).reverse();
  return (
    <section>
      <h3>SNS</h3>
      {activity.topics.length === 0 ? <p className="lx-muted">The template has no topic.</p> : null}
      <ul className="lx-topics">
        {activity.topics.map((t) => (
          <li key={t.arn}>
            <span className="lx-field-name">{t.name}</span>
            {` · ${t.messageCount} message${t.messageCount === 1 ? '' : 's'}${t.lastPublishedAt ? ` · last ${new Date(t.lastPublishedAt).toLocaleTimeString()}` : ''}`}
          </li>
        ))}
      </ul>
      <h4>{`Messages (${activity.messages.length}, newest first)`}</h4>
      {messages.map((m) => (
        <MessageView key={m.messageId} message={m} topicName={names.get(m.topicArn) ?? m.topicArn} />
      ))}
    </section>
  );
}

function MessageView({ message, topicName }: { message: StoredSnsMessage; topicName: string }): ReactElement {
  const attributes = Object.entries(message.messageAttributes).map(([name, a]) => `${name}=${a.StringValue ?? a.BinaryValue ?? ''}`);
  return (
    <div className="lx-message">
      <div>{`${new Date(message.timestamp).toLocaleTimeString()} · ${topicName}${message.subject ? ` · “${message.subject}”` : ''}`}</div>
      {attributes.length > 0 ? <div className="lx-muted">{attributes.join(', ')}</div> : null}
      <JsonBlock label="message" value={message.message} />
    </div>
  );
}
