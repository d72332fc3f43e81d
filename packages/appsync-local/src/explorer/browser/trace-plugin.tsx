/**
 * The trace panel (a GraphiQL plugin): for the last operation run, each field that had a
 * resolver, with its steps (handlers and data-source calls) and their timings, every
 * data-source request and response, errors and console lines, from the local server's
 * `extensions.trace`. This is what the AppSync console cannot show in one place.
 */
import type { ReactElement } from 'react';
import type { AppSyncError } from './appsync-errors.js';
import { AUTH_MODE_LABELS } from './auth-state.js';
import type { GraphiQLPlugin } from './graphiql-plugin.js';
import { JsonBlock } from './json-block.js';
import { useObservableValue, type ObservableValue } from './observable-value.js';
import type { FieldTrace, OperationRecord, TraceStep } from './operation-record.js';
import { TraceIcon } from './plugin-icons.js';

export const TRACE_PLUGIN_TITLE = 'Resolver trace';

export function tracePlugin(lastOperation: ObservableValue<OperationRecord | null>): GraphiQLPlugin {
  return { title: TRACE_PLUGIN_TITLE, icon: TraceIcon, content: () => <TracePanel lastOperation={lastOperation} /> };
}

function TracePanel({ lastOperation }: { lastOperation: ObservableValue<OperationRecord | null> }): ReactElement {
  const record = useObservableValue(lastOperation);
  return (
    <div className="lx-panel lx-trace" data-testid="trace-panel">
      <div className="graphiql-doc-explorer-title">{TRACE_PLUGIN_TITLE}</div>
      {record ? (
        <OperationView record={record} />
      ) : (
        <p className="lx-muted">Run a query or mutation: every field’s resolver steps, with timings and each data-source request and response, appear here.</p>
      )}
    </div>
  );
}

function OperationView({ record }: { record: OperationRecord }): ReactElement {
  const fields = record.trace?.fields ?? [];
  return (
    <>
      <div className="lx-summary">
        <div>
          <strong>{`${record.operationType} ${record.operationName ?? '(anonymous)'}`}</strong>
          {` · ${AUTH_MODE_LABELS[record.authMode]}${record.caller ? ` as ${record.caller}` : ''} · ${record.startedAt.toLocaleTimeString()}`}
        </div>
        <div className="lx-muted">{summaryLine(record)}</div>
      </div>
      {record.errors && record.errors.length > 0 ? <ErrorList errors={record.errors} /> : null}
      {record.operationType === 'subscription' ? (
        <p className="lx-muted">Subscriptions run over the WebSocket, which carries no trace; the resolver trace of the mutation that fires an event is shown when that mutation is run here.</p>
      ) : null}
      {record.trace && fields.length === 0 ? <p className="lx-muted">No field had a resolver (nothing ran).</p> : null}
      {fields.map((field, i) => (
        <FieldView key={i} field={field} />
      ))}
    </>
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
  return (
    <ul className="lx-errors">
      {errors.map((e, i) => (
        <li key={i}>
          {e.errorType ? <code>{e.errorType}</code> : null} {e.message}
          {e.path ? <span className="lx-muted">{` at ${e.path.join('.')}`}</span> : null}
        </li>
      ))}
    </ul>
  );
}

function FieldView({ field }: { field: FieldTrace }): ReactElement {
  return (
    <section className="lx-field">
      <header>
        <span className="lx-field-name">{`${field.typeName}.${field.fieldName}`}</span>
        <span className="lx-badge">{field.resolver}</span>
        <span className="lx-ms">{ms(field.durationMs)}</span>
      </header>
      <div className="lx-muted lx-path">{`path ${field.path.join('.')}`}</div>
      <ol className="lx-steps">
        {field.steps.map((step, i) => (
          <StepView key={i} step={step} total={field.durationMs} />
        ))}
      </ol>
      {field.logs.length > 0 ? <pre className="lx-logs">{field.logs.map((l) => `${l.level} ${l.location} ${l.message}`).join('\n')}</pre> : null}
    </section>
  );
}

function StepView({ step, total }: { step: TraceStep; total: number }): ReactElement {
  const isDataSource = step.step.startsWith('datasource:');
  const share = total > 0 ? Math.min(100, (step.durationMs / total) * 100) : 0;
  return (
    <li className={`lx-step${isDataSource ? ' lx-step-datasource' : ''}`}>
      <div className="lx-step-head">
        <span className="lx-step-name">{step.step}</span>
        <span className={`lx-outcome lx-outcome-${step.outcome}`}>{step.outcome}</span>
        <span className="lx-ms">{ms(step.durationMs)}</span>
      </div>
      <div className="lx-timing" title={`${Math.round(share)}% of the field’s time`}>
        <div style={{ width: `${share}%` }} />
      </div>
      {step.request !== undefined ? <JsonBlock label="request" value={step.request} open /> : null}
      {step.response !== undefined ? <JsonBlock label="response" value={step.response} open /> : null}
      {step.error ? <ErrorList errors={[step.error]} /> : null}
    </li>
  );
}

function ms(value: number | undefined): string {
  if (value === undefined) return '–';
  return value < 10 ? `${value.toFixed(2)} ms` : `${Math.round(value)} ms`;
}
