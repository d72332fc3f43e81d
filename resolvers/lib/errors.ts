/**
 * Ending a field with one of the API's error types. APPSYNC_JS only (it uses `util`).
 */
import { util } from '@aws-appsync/utils';
import { ERROR_TYPES, type ErrorType } from './error-types.js';
import type { ValidationIssue } from './validation.js';

/** Ends the field with a ValidationError naming the field, when there is an issue. */
export function rejectInvalid(issue: ValidationIssue | null): void {
  if (issue) util.error(issue.message, ERROR_TYPES.validation, null, { field: issue.field });
}

export function fail(type: ErrorType, message: string, errorInfo?: Record<string, unknown>): never {
  return util.error(message, type, null, errorInfo ?? null);
}

/**
 * A data-source failure nobody planned for (throttling, an outage). Its message can name the
 * table, so the caller gets a generic one; the original goes to the resolver's log.
 */
export function failUnexpected(error: { message: string; type: string }): never {
  console.error('data source failed', error.type);
  return util.error('The request could not be completed. Try again.', ERROR_TYPES.internal);
}

/**
 * Whether a TransactWriteItems cancellation reason is a failed condition. DynamoDB's code is
 * `ConditionalCheckFailed`; AppSync's TransactWriteItems reference shows `ConditionCheckFailed`.
 * Fix: resolvers compared with the first spelling only, so with the documented one an unknown
 * user in createOrder came back as InternalFailure instead of UserNotFound. Both are accepted.
 */
export function isConditionFailure(reason: { type?: string } | null | undefined): boolean {
  return !!reason && (reason.type === 'ConditionalCheckFailed' || reason.type === 'ConditionCheckFailed');
}
