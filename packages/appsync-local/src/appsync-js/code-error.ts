/**
 * Problems found in APPSYNC_JS code before it runs, shaped like AppSync's `CodeError`
 * (https://docs.aws.amazon.com/appsync/latest/APIReference/API_CodeError.html) so the
 * evaluate-code command prints them as the AWS CLI does and the local server can report
 * them when a resolver fails to load.
 */

export interface CodeErrorLocation {
  /** 1-based line in the code AppSync receives (the bundle, `code.js`). */
  line: number;
  /** 1-based column. */
  column: number;
  /** Length of the offending text. */
  span: number;
}

export interface CodeError {
  /**
   * PARSER_ERROR (not JavaScript), LINT_ERROR (JavaScript that APPSYNC_JS rejects), as AWS
   * documents; CODE_TOO_LARGE is ours for the 32,768-character limit, which AWS enforces as a
   * request validation error instead.
   */
  errorType: 'PARSER_ERROR' | 'LINT_ERROR' | 'CODE_TOO_LARGE';
  /** A user-presentable message, as AWS fills it ("Parsing error: ...", a lint message). */
  value: string;
  location: CodeErrorLocation;
  /** The rule that fired, in @aws-appsync/eslint-plugin's naming where it has one. */
  rule?: string;
  /** Where the problem is in the original source, when the bundle carries a source map. */
  original?: { source: string; line: number; column: number };
}

/** AppSync's one-line rendering of a code error: `code.js(5,44): error @aws-appsync/no-regex: Regex literals are not supported.` */
export function formatCodeError(e: CodeError, fileName = 'code.js'): string {
  const where = `${fileName}(${e.location.line},${e.location.column})`;
  const what = e.rule ? `error ${e.rule}: ${e.value}` : `error: ${e.value}`;
  const original = e.original ? ` [${e.original.source}:${e.original.line}:${e.original.column}]` : '';
  return `${where}: ${what}${original}`;
}

/** Thrown when code would be rejected by AppSync when saved (CreateResolver/CreateFunction/EvaluateCode). */
export class CodeValidationError extends Error {
  override readonly name = 'CodeValidationError';
  constructor(
    readonly codeErrors: CodeError[],
    readonly fileName = 'code.js',
  ) {
    super(codeErrors.map((e) => formatCodeError(e, fileName)).join('\n'));
  }
}
