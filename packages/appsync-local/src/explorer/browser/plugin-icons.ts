/**
 * The sidebar icons of the trace and activity panels, drawn in GraphiQL's line style (16 px,
 * stroked with the current colour) so they sit with its own icons; inline, as every asset.
 */
import { createElement as h, type ReactElement } from 'react';

const svgProps = { width: 20, height: 20, viewBox: '0 0 20 20', fill: 'none', stroke: 'currentColor', strokeWidth: 1.5, strokeLinecap: 'round', strokeLinejoin: 'round', 'aria-hidden': true } as const;

/** A stopwatch: timings per resolver step. */
export function TraceIcon(): ReactElement {
  return h('svg', svgProps, h('circle', { cx: 10, cy: 11, r: 6.5 }), h('path', { d: 'M10 11V7.5M8 2.5h4M15 5.5l1-1' }));
}

/** A pulse: what happened locally (pipes, dead letters, SNS). */
export function ActivityIcon(): ReactElement {
  return h('svg', svgProps, h('path', { d: 'M2 10h3.5l2-5 3 10 2-5H18' }));
}
