/**
 * The email Cognito holds as verified for a signed-in user, for addUser: an access token (what
 * Amplify sends) carries no email, and an ID token's is only as fresh as its sign-in, so the
 * function asks the user pool (AdminGetUser; infra/ grants exactly that on the one pool).
 *
 * With the pool's "keep original" setting, a user who changes their email keeps the old, verified
 * one in `email` until they verify the new one, so `email` with `email_verified` true is always
 * an address the user proved they receive mail at.
 */
import { AdminGetUserCommand, type CognitoIdentityProviderClient, UserNotFoundException } from '@aws-sdk/client-cognito-identity-provider';

/** A user pool account as addUser needs it: its `sub`, and its email when verified (else null). */
export interface CognitoAccount {
  sub: string;
  verifiedEmail: string | null;
}

/** The account of a username (Cognito's internal username), or null when there is none or it is disabled. */
export type AccountLookup = (username: string) => Promise<CognitoAccount | null>;

export function cognitoAccountLookup(client: CognitoIdentityProviderClient, userPoolId: string): AccountLookup {
  return async (username) => {
    let answer;
    try {
      answer = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
    } catch (err) {
      if (err instanceof UserNotFoundException || (err as { name?: string }).name === 'UserNotFoundException') return null;
      throw err;
    }
    if (answer.Enabled === false) return null;
    const attributes = new Map((answer.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
    const sub = attributes.get('sub');
    if (!sub) return null;
    const email = attributes.get('email');
    return { sub, verifiedEmail: email && attributes.get('email_verified') === 'true' ? email : null };
  };
}
