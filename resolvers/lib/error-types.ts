/**
 * The errorType values the API answers with (besides AppSync's own Unauthorized). Shared by
 * resolvers and the add-user function; frontends match on them. Messages are for people and
 * never carry stack traces, table names or ARNs.
 */
export const ERROR_TYPES = {
  validation: 'ValidationError',
  usernameTaken: 'UsernameTaken',
  emailTaken: 'EmailTaken',
  userNotFound: 'UserNotFound',
  orderNotFound: 'OrderNotFound',
  invalidStatusTransition: 'InvalidStatusTransition',
  concurrentModification: 'ConcurrentModification',
  userHasOrders: 'UserHasOrders',
  /** An order stored in a shape the API cannot serve (a status it does not know): see items.ts orderProblem. */
  unsupportedOrder: 'UnsupportedOrder',
  /** A failure that is not the caller's: the data source or a function failed unexpectedly. */
  internal: 'InternalFailure',
} as const;

export type ErrorType = (typeof ERROR_TYPES)[keyof typeof ERROR_TYPES];

/** What the add-user function answers when the insert is refused (it never throws for these). */
export interface DomainError {
  type: ErrorType;
  message: string;
  field?: string;
}
