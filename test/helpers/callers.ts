/**
 * Callers of the served API, as the product has them: signed-in users of the local Cognito (the
 * template's user pool), sending their access token as Amplify does, an admin (a member of the
 * pool's admin group), a service (IAM, SigV4 with the local credentials) and no credentials.
 *
 * A user is signed in once (created on demand, confirmed, with a verified email
 * `<username>@example.com` unless told otherwise, in exactly the groups given) and then calls with
 * that token, so hundreds of calls do not each sign in again.
 */
import type { Caller, LocalAppSyncHarness } from 'appsync-local/testing';
import { ADMIN_GROUP } from '../../resolvers/lib/callers.js';

/** The back-office user the tests sign in as admin. */
export const ADMIN_USERNAME = 'operator';

export interface SignedInOptions {
  groups?: string[];
  /** Their email, verified; `<username>@example.com` when absent. */
  email?: string;
}

/** A signed-in user's calls: their access token in `authorization`, as Amplify v6 sends it. */
export async function signedIn(api: LocalAppSyncHarness, username: string, options: SignedInOptions = {}): Promise<Caller> {
  const tokens = await api.signIn({ username, groups: options.groups ?? [], attributes: { email: options.email ?? `${username}@example.com` } });
  return { headers: { authorization: tokens.accessToken } };
}

/** A member of the admin group. */
export function signedInAdmin(api: LocalAppSyncHarness): Promise<Caller> {
  return signedIn(api, ADMIN_USERNAME, { groups: [ADMIN_GROUP] });
}
