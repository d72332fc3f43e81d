/**
 * Who may do what, in one place for every resolver (docs/data-model.md has the table). Each
 * resolver asks here first, in its request handler, before it reads or writes anything, so a
 * refusal is AppSync's own `Unauthorized` ("Not Authorized to access <field> on type <Type>")
 * and writes nothing.
 *
 * The schema's directives decide which auth modes reach a field (user pools and IAM; the
 * `admin` group for ordersByStatus; IAM only for publishOrderEvent); this module decides whose
 * data a caller may touch. A user is the owner of the profile named by their Cognito username:
 * `ctx.identity.username`, which AppSync fills from `cognito:username` (ID tokens) or `username`
 * (access tokens, what Amplify sends). A client-supplied username is never trusted for a user:
 * it must be their own. Any mode other than user pools and IAM (an API key, were one ever added)
 * is refused here too.
 *
 * APPSYNC_JS only (it uses `util`).
 */
import { util, type AppSyncIdentityCognito, type Context } from '@aws-appsync/utils';
import { ADMIN_GROUP, type Caller } from './callers.js';

const USER_POOL_AUTH = 'User Pool Authorization';
const IAM_AUTH = 'IAM Authorization';

/** The field's caller; refuses any auth mode but user pools and IAM, and a user pool identity without a username. */
export function callerOf(ctx: Context): Caller {
  const mode = util.authType();
  if (mode === IAM_AUTH) return { kind: 'service' };
  if (mode !== USER_POOL_AUTH) return util.unauthorized();
  const identity = ctx.identity as AppSyncIdentityCognito | null;
  if (!identity) return util.unauthorized();
  // AppSync fills username from either token's claim; the claims are read too, as Amplify's own
  // generated resolvers do, should an access token's `username` ever not be copied over.
  const claims = (identity.claims ?? {}) as Record<string, unknown>;
  const username = identity.username || claims['cognito:username'] || claims['username'];
  if (typeof username !== 'string' || username.length === 0) return util.unauthorized();
  const groups = identity.groups ?? [];
  if (groups.indexOf(ADMIN_GROUP) !== -1) return { kind: 'admin', username };
  return { kind: 'user', username, sub: identity.sub };
}

/**
 * Whose profile or orders the field acts on, for `username` as the caller asked: a user may ask
 * only for their own (anyone else's is refused) and gets their own username back, never the
 * client-supplied one; admins and services act on whoever they name.
 */
export function authorizeOwner(ctx: Context, username: string): string {
  const caller = callerOf(ctx);
  if (caller.kind !== 'user') return username;
  if (caller.username !== username) util.unauthorized();
  return caller.username;
}

/** Admins and services only. */
export function authorizePrivileged(ctx: Context): void {
  if (callerOf(ctx).kind === 'user') util.unauthorized();
}

/** Services only (publishOrderEvent: the order-events function). */
export function authorizeService(ctx: Context): void {
  if (callerOf(ctx).kind !== 'service') util.unauthorized();
}

/**
 * addUser: a user creates only their own profile (the add-user function then takes the email
 * Cognito holds as verified for them); admins and services create anyone's. The caller goes to
 * the function with the input.
 */
export function authorizeAddUser(ctx: Context, username: string): Caller {
  const caller = callerOf(ctx);
  if (caller.kind === 'user' && caller.username !== username) util.unauthorized();
  return caller;
}

/**
 * updateOrderStatus: the owner may only cancel (the status rules then allow it from PLACED
 * only); shipping and delivery are for admins and services. Answers the order's username to use.
 */
export function authorizeStatusChange(ctx: Context, username: string, status: string): string {
  const caller = callerOf(ctx);
  if (caller.kind !== 'user') return username;
  if (caller.username !== username || status !== 'CANCELLED') util.unauthorized();
  return caller.username;
}

/**
 * Whose events a subscription receives: a user only their own (refused when they name someone
 * else; their own when they name nobody); admins and services the one named, or everyone (null).
 */
export function authorizeWatch(ctx: Context, username: string | null | undefined): string | null {
  const caller = callerOf(ctx);
  const asked = username === null || username === undefined ? null : username;
  if (caller.kind !== 'user') return asked;
  if (asked !== null && asked !== caller.username) util.unauthorized();
  return caller.username;
}
