/**
 * util.error, util.appendError, util.unauthorized
 * (https://docs.aws.amazon.com/appsync/latest/devguide/built-in-util-js.html).
 */
import { currentScope, type FieldError } from '../evaluation-scope.js';
import { UtilErrorSignal } from '../signals.js';
import { toHostData } from './host-data.js';

/**
 * AppSync silently ignores a call whose message or errorType is not a string, e.g.
 * `util.error(25)` (observed: https://github.com/aws/aws-appsync-community/issues/384).
 */
function toFieldError(message: unknown, errorType: unknown, data: unknown, errorInfo: unknown): FieldError | undefined {
  if (typeof message !== 'string') return undefined;
  if (errorType !== undefined && errorType !== null && typeof errorType !== 'string') return undefined;
  return {
    message,
    errorType: (errorType as string | null | undefined) ?? null,
    data: toHostData(data) ?? null,
    errorInfo: toHostData(errorInfo) ?? null,
  };
}

export function error(message: string, errorType?: string, data?: unknown, errorInfo?: unknown): never {
  const fieldError = toFieldError(message, errorType, data, errorInfo);
  // An ignored call returns and the handler carries on, as in AppSync.
  if (!fieldError) return undefined as never;
  throw new UtilErrorSignal(fieldError);
}

export function appendError(message: string, errorType?: string, data?: unknown, errorInfo?: unknown): void {
  const fieldError = toFieldError(message, errorType, data, errorInfo);
  if (fieldError) currentScope().appendedErrors.push(fieldError);
}

/**
 * In a field's resolution AppSync names the field; under EvaluateCode, where there is no field,
 * it answers just "Unauthorized" (recorded output, see docs/appsync-js-runtime.md).
 */
export function unauthorized(): never {
  const { fieldName, parentTypeName } = currentScope();
  throw new UtilErrorSignal({
    message: fieldName && parentTypeName ? `Not Authorized to access ${fieldName} on type ${parentTypeName}` : 'Unauthorized',
    errorType: 'Unauthorized',
    data: null,
    errorInfo: null,
  });
}
