/**
 * Cognito's ID and access tokens for one sign-in session, with Cognito's claims:
 *
 * - ID token: sub, cognito:groups (when in groups), email_verified, iss, cognito:username,
 *   origin_jti, aud (the client id), event_id, token_use "id", auth_time, exp, iat, jti, and the
 *   user's other attributes the client may read (email, custom:..., phone_number_verified as a
 *   boolean), cognito:roles / cognito:preferred_role when groups carry IAM roles;
 * - access token: sub, cognito:groups, iss, client_id, origin_jti, event_id, token_use "access",
 *   scope "aws.cognito.signin.user.admin", auth_time, exp, iat, jti, username.
 *
 * `iss` is the pool's local issuer (`<issuerBase>/<poolId>`), where its JWKS and OpenID
 * configuration are served. PreTokenGeneration's changes are applied last; claims Cognito does
 * not let a trigger change (the ones below) are left as they are, silently (unconfirmed: Cognito
 * may instead fail the sign-in).
 */
import type { JWTPayload } from 'jose';
import type { SigningKey } from '../auth/signing-key.js';
import type { ClaimChanges, TokenOverrides } from './lambda-triggers.js';
import { BOOLEAN_ATTRIBUTES } from './user-attributes.js';
import type { SignInSession, StoredUser } from './user-pool-state.js';
import type { UserPoolClientDefinition, UserPoolGroupDefinition } from './user-pool-definitions.js';

export const USER_ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/** Claims no trigger may add, override or suppress. */
const PROTECTED_CLAIMS = new Set([
  'acr',
  'amr',
  'at_hash',
  'aud',
  'auth_time',
  'azp',
  'client_id',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'scope',
  'sub',
  'token_use',
  'username',
  'event_id',
  'cognito:username',
  'cognito:groups',
  'cognito:roles',
  'cognito:preferred_role',
]);

export interface AuthenticationResult {
  IdToken: string;
  AccessToken: string;
  /** Seconds the access token is valid. */
  ExpiresIn: number;
  TokenType: 'Bearer';
  RefreshToken?: string;
}

export interface TokenRequest {
  issuer: string;
  client: UserPoolClientDefinition;
  user: StoredUser;
  session: SignInSession;
  /** The user's groups, as the pool defines them. */
  groups: UserPoolGroupDefinition[];
  overrides: TokenOverrides;
  /** ms since the epoch */
  now: number;
  newId: () => string;
}

/** The user's groups in token order: by precedence (lowest first), then name, as Cognito ranks them. */
export function rankGroups(groups: UserPoolGroupDefinition[]): UserPoolGroupDefinition[] {
  return [...groups].sort((a, b) => (a.precedence ?? Number.MAX_SAFE_INTEGER) - (b.precedence ?? Number.MAX_SAFE_INTEGER) || a.name.localeCompare(b.name));
}

export async function issueTokens(key: SigningKey, request: TokenRequest): Promise<Omit<AuthenticationResult, 'RefreshToken'>> {
  const { client, user, session, overrides } = request;
  const iat = Math.floor(request.now / 1000);
  const ranked = rankGroups(request.groups);
  const groups = overrides.groups ?? ranked.map((g) => g.name);
  const roles = overrides.iamRoles ?? ranked.flatMap((g) => (g.roleArn ? [g.roleArn] : []));
  const preferredRole = overrides.preferredRole ?? ranked.find((g) => g.roleArn)?.roleArn;
  const groupClaims = groups.length > 0 ? { 'cognito:groups': groups } : {};

  const readable = (name: string) => !client.readAttributes || client.readAttributes.includes(name);
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(user.attributes)) {
    if (!readable(name) || name.startsWith('dev:')) continue;
    attributes[name] = BOOLEAN_ATTRIBUTES.has(name) ? value === 'true' : value;
  }
  const { email_verified: emailVerified, ...otherAttributes } = attributes;

  const idToken: JWTPayload = {
    sub: user.sub,
    ...groupClaims,
    ...(emailVerified === undefined ? {} : { email_verified: emailVerified }),
    ...(roles.length > 0 ? { 'cognito:roles': roles } : {}),
    ...(preferredRole ? { 'cognito:preferred_role': preferredRole } : {}),
    iss: request.issuer,
    'cognito:username': user.username,
    origin_jti: session.originJti,
    aud: client.id,
    event_id: session.eventId,
    token_use: 'id',
    auth_time: session.authTime,
    ...otherAttributes,
    exp: iat + client.tokenValidity.idTokenSeconds,
    iat,
    jti: request.newId(),
  };
  const scopes = [USER_ADMIN_SCOPE, ...overrides.scopesToAdd].filter((s, i, all) => all.indexOf(s) === i && !overrides.scopesToSuppress.includes(s));
  const accessToken: JWTPayload = {
    sub: user.sub,
    ...groupClaims,
    iss: request.issuer,
    client_id: client.id,
    origin_jti: session.originJti,
    event_id: session.eventId,
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: session.authTime,
    exp: iat + client.tokenValidity.accessTokenSeconds,
    iat,
    jti: request.newId(),
    username: user.username,
  };
  return {
    IdToken: await key.sign(applyChanges(idToken, overrides.id)),
    AccessToken: await key.sign(applyChanges(accessToken, overrides.access)),
    ExpiresIn: client.tokenValidity.accessTokenSeconds,
    TokenType: 'Bearer',
  };
}

function applyChanges(claims: JWTPayload, changes: ClaimChanges): JWTPayload {
  const out: JWTPayload = { ...claims };
  for (const name of changes.suppress) if (!PROTECTED_CLAIMS.has(name)) delete out[name];
  for (const [name, value] of Object.entries(changes.addOrOverride)) if (!PROTECTED_CLAIMS.has(name) && !name.startsWith('cognito:')) out[name] = value;
  return out;
}
