/**
 * How a handler ends other than by returning. APPSYNC_JS has no throw/try, so user code can
 * never catch these: `util.error`, `util.unauthorized` and `runtime.earlyReturn` throw them
 * through the handler and the evaluator turns them into outcomes.
 */
import type { FieldError } from './evaluation-scope.js';

export class UtilErrorSignal {
  constructor(readonly error: FieldError) {}
}

export class EarlyReturnSignal {
  constructor(
    readonly value: unknown,
    readonly skipTo: 'END' | 'NEXT' | undefined,
  ) {}
}

/** The handler ran past the request's time budget or the iteration cap. */
export class LimitExceededSignal {
  constructor(readonly message: string) {}
}
