/**
 * A value shown as indented JSON in a collapsible block: data-source requests and responses,
 * dead letters, SNS messages, token claims. A string holding JSON (an SNS message, a Lambda
 * payload) is shown parsed, since that is what a developer wants to read.
 */
import type { ReactElement } from 'react';

export function JsonBlock({ label, value, open = false, testId }: { label: string; value: unknown; open?: boolean; testId?: string }): ReactElement {
  return (
    <details className="lx-json" open={open} data-testid={testId}>
      <summary>{label}</summary>
      <pre>{prettyJson(value)}</pre>
    </details>
  );
}

export function prettyJson(value: unknown): string {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2) ?? String(value);
}
