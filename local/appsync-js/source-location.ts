/**
 * Positions in APPSYNC_JS code as AppSync reports them. Stack frames of a loaded bundle carry
 * its script name; the first such frame is where the code was when it logged or failed. When
 * the bundle ends with an inline source map (as esbuild writes it for the deploy), positions
 * are reported in the original source, as AppSync does with source maps
 * (https://docs.aws.amazon.com/appsync/latest/devguide/additional-utilities.html).
 */
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';

const INLINE_MAP = /\/\/# sourceMappingURL=data:application\/json(?:;charset=[^;,]+)?;base64,([A-Za-z0-9+/=]+)\s*$/;

export interface Position {
  line: number;
  column: number;
}

export class SourceLocator {
  private readonly map: TraceMap | undefined;

  constructor(
    source: string,
    /** The script name the bundle was compiled under. */
    private readonly scriptName: string,
    /** The name to print for the bundle itself. */
    private readonly displayName = 'code.js',
    /**
     * V8 places a method call at its property (`console.log` at `log`); AppSync places it at the
     * start of the call. Keys are `line:column` of the property, values the call's start.
     */
    private readonly callStarts: ReadonlyMap<string, Position> = new Map(),
  ) {
    const match = INLINE_MAP.exec(source);
    this.map = match ? new TraceMap(Buffer.from(match[1]!, 'base64').toString('utf8')) : undefined;
  }

  /** The first position of this bundle in a V8 stack trace (1-based line and column). */
  positionIn(stack: string | undefined): Position | undefined {
    if (!stack) return undefined;
    for (const line of stack.split('\n')) {
      const at = line.lastIndexOf(`${this.scriptName}:`);
      if (at < 0) continue;
      const m = /^:(\d+):(\d+)/.exec(line.slice(at + this.scriptName.length));
      if (m) return { line: Number(m[1]), column: Number(m[2]) };
    }
    return undefined;
  }

  /** `code.js:13:5`, or `resolvers/Query.user.ts:8:3` when a source map maps the position. */
  describe(position: Position | undefined): string {
    if (!position) return this.displayName;
    const original = this.original(position);
    if (original) return `${original.source}:${original.line}:${original.column}`;
    return `${this.displayName}:${position.line}:${position.column}`;
  }

  original(position: Position): { source: string; line: number; column: number } | undefined {
    if (!this.map) return undefined;
    const o = originalPositionFor(this.map, { line: position.line, column: position.column - 1 });
    if (o.source === null || o.line === null || o.column === null) return undefined;
    return { source: o.source, line: o.line, column: o.column + 1 };
  }

  locate(stack: string | undefined): string {
    return this.describe(this.positionIn(stack));
  }

  /**
   * Where the bundle called into the host (console.log): read from V8's structured call sites,
   * not a formatted stack, which costs several times more (and far more under source-map
   * support).
   */
  locateCaller(): string {
    const limit = Error.stackTraceLimit;
    const prepare = Error.prepareStackTrace;
    let found: Position | undefined;
    Error.stackTraceLimit = 12;
    Error.prepareStackTrace = (_error, sites) => {
      const site = sites.find((s) => s.getFileName() === this.scriptName);
      if (site) found = { line: site.getLineNumber() ?? 0, column: site.getColumnNumber() ?? 0 };
      return '';
    };
    try {
      const holder: { stack?: string } = {};
      Error.captureStackTrace(holder);
      void holder.stack;
    } finally {
      Error.stackTraceLimit = limit;
      Error.prepareStackTrace = prepare;
    }
    if (found) found = this.callStarts.get(`${found.line}:${found.column}`) ?? found;
    return this.describe(found);
  }
}
