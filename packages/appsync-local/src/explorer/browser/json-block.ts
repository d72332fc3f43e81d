/**
 * A value shown as indented JSON in a collapsible block: data-source requests and responses,
 * dead letters, SNS messages. A string holding JSON (an SNS message, a Lambda payload) is shown
 * parsed, since that is what a developer wants to read.
 */
import { createElement as h, type ReactElement } from 'react';

export function JsonBlock({ label, value, open = false }: { label: string; value: unknown; open?: boolean }): ReactElement {
  return h('details', { className: 'lx-json', open }, h('summary', null, label), h('pre', null, prettyJson(value)));
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
