/**
 * The sidebar icons of the trace and activity panels, drawn in GraphiQL's line style (16 px,
 * stroked with the current colour) so they sit with its own icons; inline, as every asset.
 */
import type { ReactElement, SVGProps } from 'react';

const svgProps: SVGProps<SVGSVGElement> = {
  width: 20,
  height: 20,
  viewBox: '0 0 20 20',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.5,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
  'aria-hidden': true,
};

/** A stopwatch: timings per resolver step. */
export function TraceIcon(): ReactElement {
  return (
    <svg {...svgProps}>
      <circle cx={10} cy={11} r={6.5} />
      <path d="M10 11V7.5M8 2.5h4M15 5.5l1-1" />
    </svg>
  );
}

/** A pulse: what happened locally (pipes, dead letters, SNS). */
export function ActivityIcon(): ReactElement {
  return (
    <svg {...svgProps}>
      <path d="M2 10h3.5l2-5 3 10 2-5H18" />
    </svg>
  );
}
