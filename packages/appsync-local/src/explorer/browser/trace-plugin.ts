/**
 * The trace panel (a GraphiQL plugin): for the last operation run, each field that had a
 * resolver, with its steps (handlers and data-source calls) and their timings, every
 * data-source request and response, errors and console lines, from the local server's
 * `extensions.trace`. This is what the AppSync console cannot show in one place.
 */
import type { GraphiQLPlugin } from './graphiql-plugin.js';
import { createElement as h, Fragment, type ReactElement } from 'react';
import type { AppSyncError } from './appsync-errors.js';
import { AUTH_MODE_LABELS } from './auth-state.js';
import { JsonBlock } from './json-block.js';
import { useObservableValue, type ObservableValue } from './observable-value.js';
import type { FieldTrace, OperationRecord, TraceStep } from './operation-record.js';
import { TraceIcon } from './plugin-icons.js';

export const TRACE_PLUGIN_TITLE = 'Resolver trace';

export function tracePlugin(lastOperation: ObservableValue<OperationRecord | null>): GraphiQLPlugin {
  return { title: TRACE_PLUGIN_TITLE, icon: TraceIcon, content: () => h(TracePanel, { lastOperation }) };
}

function TracePanel({ lastOperation }: { lastOperation: ObservableValue<OperationRecord | null> }): ReactElement {
  const record = useObservableValue(lastOperation);
  return h(
    'div',
    { className: 'lx-panel lx-trace', 'data-testid': 'trace-panel' },
    h('div', { className: 'graphiql-doc-explorer-title' }, TRACE_PLUGIN_TITLE),
    record
      ? h(OperationView, { record })
      : h('p', { className: 'lx-muted' }, 'Run a query or mutation: every field’s resolver steps, with timings and each data-source request and response, appear here.'),
  );
}

function OperationView({ record }: { record: OperationRecord }): ReactElement {
  const fields = record.trace?.fields ?? [];
  return h(
    Fragment,
    null,
    h(
      'div',
      { className: 'lx-summary' },
      h('div', null, h('strong', null, `${record.operationType} ${record.operationName ?? '(anonymous)'}`), ` · ${AUTH_MODE_LABELS[record.authMode]} · ${record.startedAt.toLocaleTimeString()}`),
      h('div', { className: 'lx-muted' }, summaryLine(record)),
    ),
    record.errors && record.errors.length > 0 ? h(ErrorList, { errors: record.errors }) : null,
    record.operationType === 'subscription'
      ? h(
          'p',
          { className: 'lx-muted' },
          'Subscriptions run over the WebSocket, which carries no trace; the resolver trace of the mutation that fires an event is shown when that mutation is run here.',
        )
      : null,
    record.trace && fields.length === 0 ? h('p', { className: 'lx-muted' }, 'No field had a resolver (nothing ran).') : null,
    ...fields.map((field, i) => h(FieldView, { key: i, field })),
  );
}

function summaryLine(record: OperationRecord): string {
  if (record.operationType === 'subscription') {
    const events = `${record.events ?? 0} event${record.events === 1 ? '' : 's'}`;
    return record.pending ? `subscribed over WebSocket · ${events} so far` : `${record.ended ?? 'ended'} · ${events}`;
  }
  if (record.pending) return 'running…';
  const parts = [record.status !== undefined ? `HTTP ${record.status}` : 'no HTTP answer', `${ms(record.roundTripMs)} round trip`];
  if (record.trace) parts.push(`${record.trace.resolverCount} resolver${record.trace.resolverCount === 1 ? '' : 's'}, ${ms(record.trace.durationMs)} on the server`);
  else if (record.status !== undefined) parts.push('no trace (the request was refused before it ran)');
  return parts.join(' · ');
}

function ErrorList({ errors }: { errors: AppSyncError[] }): ReactElement {
  return h(
    'ul',
    { className: 'lx-errors' },
    ...errors.map((e, i) => h('li', { key: i }, e.errorType ? h('code', null, e.errorType) : null, ` ${e.message}`, e.path ? h('span', { className: 'lx-muted' }, ` at ${e.path.join('.')}`) : null)),
  );
}

function FieldView({ field }: { field: FieldTrace }): ReactElement {
  return h(
    'section',
    { className: 'lx-field' },
    h(
      'header',
      null,
      h('span', { className: 'lx-field-name' }, `${field.typeName}.${field.fieldName}`),
      h('span', { className: 'lx-badge' }, field.resolver),
      h('span', { className: 'lx-ms' }, ms(field.durationMs)),
    ),
    h('div', { className: 'lx-muted lx-path' }, `path ${field.path.join('.')}`),
    h('ol', { className: 'lx-steps' }, ...field.steps.map((step, i) => h(StepView, { key: i, step, total: field.durationMs }))),
    field.logs.length > 0 ? h('pre', { className: 'lx-logs' }, field.logs.map((l) => `${l.level} ${l.location} ${l.message}`).join('\n')) : null,
  );
}

function StepView({ step, total }: { step: TraceStep; total: number }): ReactElement {
  const isDataSource = step.step.startsWith('datasource:');
  const share = total > 0 ? Math.min(100, (step.durationMs / total) * 100) : 0;
  return h(
    'li',
    { className: `lx-step${isDataSource ? ' lx-step-datasource' : ''}` },
    h(
      'div',
      { className: 'lx-step-head' },
      h('span', { className: 'lx-step-name' }, step.step),
      h('span', { className: `lx-outcome lx-outcome-${step.outcome}` }, step.outcome),
      h('span', { className: 'lx-ms' }, ms(step.durationMs)),
    ),
    h('div', { className: 'lx-timing', title: `${Math.round(share)}% of the field’s time` }, h('div', { style: { width: `${share}%` } })),
    step.request !== undefined ? h(JsonBlock, { label: 'request', value: step.request, open: true }) : null,
    step.response !== undefined ? h(JsonBlock, { label: 'response', value: step.response, open: true }) : null,
    step.error ? h(ErrorList, { errors: [step.error] }) : null,
  );
}

function ms(value: number | undefined): string {
  if (value === undefined) return '–';
  return value < 10 ? `${value.toFixed(2)} ms` : `${Math.round(value)} ms`;
}
