/**
 * Positions in APPSYNC_JS code as AppSync reports them. A loaded module runs as an instrumented
 * factory (module-factory.ts) under its own script name; stack positions in that script are
 * mapped back to the code AppSync would see (`code.js`) through the factory's source map, and
 * from there to the original source when the bundle ends with an inline source map (as esbuild
 * writes it for the deploy), as AppSync does with source maps
 * (https://docs.aws.amazon.com/appsync/latest/devguide/additional-utilities.html).
 */
import { originalPositionFor, TraceMap, type SourceMapInput } from '@jridgewell/trace-mapping';

const INLINE_MAP = /\/\/# sourceMappingURL=data:application\/json(?:;charset=[^;,]+)?;base64,([A-Za-z0-9+/=]+)\s*$/;

export interface Position {
  line: number;
  column: number;
}

export interface SourceLocatorOptions {
  /** The script name the factory was compiled under. */
  scriptName: string;
  /** The factory's source map (script positions to `code.js` positions). */
  factoryMap?: SourceMapInput;
  /** The name to print for the bundle itself. */
  displayName?: string;
  /**
   * V8 places a method call at its property (`console.log` at `log`); AppSync places it at the
   * start of the call. Keys are `line:column` of the property in the bundle, values the call's start.
   */
  callStarts?: ReadonlyMap<string, Position>;
}

export class SourceLocator {
  private readonly bundleMap: TraceMap | undefined;
  private readonly factoryMap: TraceMap | undefined;
  private readonly scriptName: string;
  private readonly displayName: string;
  private readonly callStarts: ReadonlyMap<string, Position>;

  constructor(source: string, options: SourceLocatorOptions) {
    const match = INLINE_MAP.exec(source);
    this.bundleMap = match ? new TraceMap(Buffer.from(match[1]!, 'base64').toString('utf8')) : undefined;
    this.factoryMap = options.factoryMap ? new TraceMap(options.factoryMap) : undefined;
    this.scriptName = options.scriptName;
    this.displayName = options.displayName ?? 'code.js';
    this.callStarts = options.callStarts ?? new Map();
  }

  /** The first position of this module in a V8 stack trace, in `code.js` terms. */
  positionIn(stack: string | undefined): Position | undefined {
    if (!stack) return undefined;
    for (const line of stack.split('\n')) {
      const at = line.lastIndexOf(`${this.scriptName}:`);
      if (at < 0) continue;
      const m = /^:(\d+):(\d+)/.exec(line.slice(at + this.scriptName.length));
      if (m) return this.inBundle({ line: Number(m[1]), column: Number(m[2]) });
    }
    return undefined;
  }

  /** `code.js:13:5`, or `resolvers/Query.user.ts:8:3` when the bundle's source map maps the position. */
  describe(position: Position | undefined): string {
    if (!position) return this.displayName;
    const original = this.original(position);
    if (original) return `${original.source}:${original.line}:${original.column}`;
    return `${this.displayName}:${position.line}:${position.column}`;
  }

  /** A `code.js` position in the original source, through the bundle's inline source map. */
  original(position: Position): { source: string; line: number; column: number } | undefined {
    if (!this.bundleMap) return undefined;
    const o = originalPositionFor(this.bundleMap, { line: position.line, column: position.column - 1 });
    if (o.source === null || o.line === null || o.column === null) return undefined;
    return { source: o.source, line: o.line, column: o.column + 1 };
  }

  locate(stack: string | undefined): string {
    return this.describe(this.positionIn(stack));
  }

  /**
   * Where the module called into the host (console.log): read from V8's structured call sites,
   * not a formatted stack, which costs several times more (and far more under source-map support).
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
    const inBundle = found && this.inBundle(found);
    return this.describe(inBundle && (this.callStarts.get(`${inBundle.line}:${inBundle.column}`) ?? inBundle));
  }

  /** A position in the compiled factory as a position in `code.js`. */
  private inBundle(position: Position): Position {
    if (!this.factoryMap) return position;
    const o = originalPositionFor(this.factoryMap, { line: position.line, column: position.column - 1 });
    return o.line === null || o.column === null ? position : { line: o.line, column: o.column + 1 };
  }
}
