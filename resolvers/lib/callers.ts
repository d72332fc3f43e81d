/**
 * Who may call the API, in the terms resolvers and functions share (resolvers/lib/auth.ts builds
 * one per field from `ctx.identity`; the add-user function receives it with its payload):
 *
 * - a **user**: signed in with the user pool; owns the profile whose username is their Cognito
 *   username (`cognito:username` in ID tokens, `username` in access tokens) and its orders;
 * - an **admin**: a signed-in member of the `admin` group (the back office); may do what a
 *   service may do;
 * - a **service**: an IAM principal (SigV4), such as the order-events function or an operator's
 *   script.
 *
 * Plain data, in the APPSYNC_JS subset, so infra/ (the group's name), resolvers and functions
 * import the same values.
 */

/** The Cognito group whose members are admins. */
export const ADMIN_GROUP = 'admin';

export type Caller = { kind: 'service' } | { kind: 'admin'; username: string } | { kind: 'user'; username: string; sub: string };
