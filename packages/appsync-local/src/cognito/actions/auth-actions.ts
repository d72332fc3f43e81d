/**
 * Signing in: InitiateAuth and AdminInitiateAuth with USER_PASSWORD_AUTH /
 * ADMIN_USER_PASSWORD_AUTH (ADMIN_NO_SRP_AUTH), USER_SRP_AUTH, CUSTOM_AUTH, USER_AUTH (choice-based
 * sign-in) and REFRESH_TOKEN_AUTH / REFRESH_TOKEN; RespondToAuthChallenge and
 * AdminRespondToAuthChallenge for PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED, CUSTOM_CHALLENGE,
 * SELECT_CHALLENGE and EMAIL_OTP; GetTokensFromRefreshToken (Amplify's refresh); RevokeToken.
 *
 * The order of checks follows what a caller can observe from Cognito: the client, the flow (its
 * API and the client's ExplicitAuthFlows), the parameters, SECRET_HASH, then the user and the
 * password. A user's state (unconfirmed, reset required, disabled) is only revealed once the
 * password is right, except "User is disabled.". With PreventUserExistenceErrors ENABLED an
 * unknown user looks like a wrong password (for SRP: a challenge that can never be answered).
 *
 * CUSTOM_AUTH is the pool's loop of Lambda triggers: DefineAuthChallenge decides (tokens, failure,
 * or a challenge), CreateAuthChallenge makes the CUSTOM_CHALLENGE, VerifyAuthChallengeResponse
 * judges the answer, and DefineAuthChallenge decides again with the grown `session` list. Each
 * step's Session is used once and lasts the client's AuthSessionValidity. Started with SRP_A
 * (CUSTOM_WITH_SRP), the session list begins with a passed SRP_A, and DefineAuthChallenge may ask
 * for PASSWORD_VERIFIER: the SRP exchange of USER_SRP_AUTH, whose success joins the list.
 *
 * USER_AUTH offers the first factors of the pool's SignInPolicy that the user can use: PASSWORD
 * (as PASSWORD or PASSWORD_SRP) and EMAIL_OTP (a code logged and listed like the other codes);
 * SMS_OTP and WEB_AUTHN are not offered. A PREFERRED_CHALLENGE the user can use starts at once;
 * otherwise the answer is SELECT_CHALLENGE with the AvailableChallenges.
 */
import type { ChallengeResult, CustomChallenge, EmailOtpChallenge, PasswordVerifierChallenge, PendingChallenge, SelectChallenge } from '../challenge-sessions.js';
import {
  authMethodNotSupported,
  CognitoError,
  customAuthNotConfigured,
  flowNotEnabled,
  incorrectUsernameOrPassword,
  invalidParameter,
  invalidRefreshToken,
  invalidSession,
  missingParameter,
  passwordResetRequired,
  refreshTokenExpired,
  refreshTokenRevoked,
  sessionExpired,
  signInCodeMismatch,
  srpTimestampFormat,
  unrecognizableLambdaOutput,
  userNotConfirmed,
  userNotFound,
  validationError,
} from '../cognito-errors.js';
import { codeDelivery, type CognitoCore } from '../cognito-core.js';
import { LambdaTriggers, type ChallengeSubject, type TokenGenerationSource } from '../lambda-triggers.js';
import { poolNameForSrp } from '../local-ids.js';
import { isSrpTimestamp, signaturesMatch, SRP_N, srpClaimSignature, srpServerEphemeral, srpServerKey } from '../srp.js';
import { passwordMatches } from '../stored-password.js';
import { checkAttributeWrite } from '../user-attributes.js';
import type { StoredUser, UserPoolState } from '../user-pool-state.js';
import type { UserPoolClientDefinition } from '../user-pool-definitions.js';
import { optionalString, requiredString, stringMap, type ActionHandler, type ActionInput } from './action-input.js';

const AUTH_FLOWS = ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'ADMIN_NO_SRP_AUTH', 'USER_PASSWORD_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'USER_AUTH'];
const CHALLENGE_NAMES = [
  'SMS_MFA',
  'EMAIL_OTP',
  'SOFTWARE_TOKEN_MFA',
  'SELECT_MFA_TYPE',
  'MFA_SETUP',
  'PASSWORD_VERIFIER',
  'CUSTOM_CHALLENGE',
  'SELECT_CHALLENGE',
  'DEVICE_SRP_AUTH',
  'DEVICE_PASSWORD_VERIFIER',
  'ADMIN_NO_SRP_AUTH',
  'NEW_PASSWORD_REQUIRED',
  'SMS_OTP',
  'PASSWORD',
  'WEB_AUTHN',
  'PASSWORD_SRP',
];
/** The ExplicitAuthFlows entry each flow needs. */
const FLOW_PERMISSION: Record<string, string> = {
  USER_SRP_AUTH: 'ALLOW_USER_SRP_AUTH',
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
  ADMIN_USER_PASSWORD_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  REFRESH_TOKEN_AUTH: 'ALLOW_REFRESH_TOKEN_AUTH',
  REFRESH_TOKEN: 'ALLOW_REFRESH_TOKEN_AUTH',
  CUSTOM_AUTH: 'ALLOW_CUSTOM_AUTH',
  USER_AUTH: 'ALLOW_USER_AUTH',
};

interface SignInContext {
  core: CognitoCore;
  pool: UserPoolState;
  client: UserPoolClientDefinition;
  clientMetadata?: Record<string, string>;
}

type AuthOutput = Record<string, unknown>;

const InitiateAuth: ActionHandler = (core, input) => {
  const { pool, client } = core.client(input['ClientId']);
  return initiate({ core, pool, client, clientMetadata: stringMap(input, 'ClientMetadata') }, input, false);
};

const AdminInitiateAuth: ActionHandler = (core, input) => {
  const pool = core.pool(input['UserPoolId']);
  const client = core.clientOf(pool, input['ClientId']);
  return initiate({ core, pool, client, clientMetadata: stringMap(input, 'ClientMetadata') }, input, true);
};

async function initiate(context: SignInContext, input: ActionInput, admin: boolean): Promise<AuthOutput> {
  const flow = requiredString(input, 'AuthFlow');
  if (!AUTH_FLOWS.includes(flow)) throw validationError('authFlow', `Member must satisfy enum value set: [${AUTH_FLOWS.join(', ')}]`, flow);
  const adminOnly = flow === 'ADMIN_USER_PASSWORD_AUTH' || flow === 'ADMIN_NO_SRP_AUTH';
  if ((adminOnly && !admin) || (flow === 'USER_PASSWORD_AUTH' && admin)) throw authMethodNotSupported();
  if (!context.client.explicitAuthFlows.includes(FLOW_PERMISSION[flow]!)) throw flowNotEnabled(flow);
  const parameters = stringMap(input, 'AuthParameters') ?? {};
  switch (flow) {
    case 'USER_SRP_AUTH':
      return startSrp(context, parameters);
    case 'CUSTOM_AUTH':
      return startCustom(context, parameters);
    case 'USER_AUTH':
      return startUserAuth(context, parameters);
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN': {
      const refreshToken = parameters['REFRESH_TOKEN'];
      if (!refreshToken) throw missingParameter('REFRESH_TOKEN');
      return {
        ChallengeParameters: {},
        AuthenticationResult: await refresh(context, refreshToken, (user) =>
          context.core.checkSecretHash(context.client, parameters['SECRET_HASH'], [parameters['USERNAME'], user.username, user.sub]),
        ),
      };
    }
    default:
      return passwordSignIn(context, parameters);
  }
}

async function passwordSignIn(context: SignInContext, parameters: Record<string, string>): Promise<AuthOutput> {
  const { core, pool, client } = context;
  const username = parameters['USERNAME'];
  if (!username) throw missingParameter('USERNAME');
  const password = parameters['PASSWORD'];
  if (!password) throw missingParameter('PASSWORD');
  const user = pool.find(username);
  core.checkSecretHash(client, parameters['SECRET_HASH'], [username, user?.username]);
  if (!user) throw client.preventUserExistenceErrors === 'ENABLED' ? incorrectUsernameOrPassword() : userNotFound();
  core.checkEnabled(user);
  if (!user.password || !passwordMatches(user.password, password)) throw incorrectUsernameOrPassword();
  return afterPassword(context, user, 'TokenGeneration_Authentication');
}

/** The first factor passed (the password, or USER_AUTH's email code): the user's state decides between tokens, a challenge, and an error. */
async function afterPassword(context: SignInContext, user: StoredUser, source: TokenGenerationSource): Promise<AuthOutput> {
  const { core, pool, client } = context;
  if (user.status === 'UNCONFIRMED') throw userNotConfirmed();
  if (user.status === 'RESET_REQUIRED') throw passwordResetRequired();
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    core.checkTemporaryPassword(pool, user);
    const session = core.opaque(96, 'base64');
    core.challenges.add(
      session,
      {
        kind: 'NEW_PASSWORD_REQUIRED',
        poolId: pool.id,
        clientId: client.id,
        username: user.username,
        sub: user.sub,
        expiresAt: core.now() + client.authSessionValidityMinutes * 60_000,
      },
      core.now(),
    );
    const { sub: _sub, ...attributes } = { sub: user.sub, ...user.attributes };
    return {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: session,
      ChallengeParameters: {
        USER_ID_FOR_SRP: user.username,
        requiredAttributes: JSON.stringify(missingRequired(pool, user.attributes).map((name) => `userAttributes.${name}`)),
        userAttributes: JSON.stringify(attributes),
      },
    };
  }
  return { ChallengeParameters: {}, AuthenticationResult: await core.signIn(pool, client, user, source, context.clientMetadata) };
}

function startSrp(context: SignInContext, parameters: Record<string, string>): AuthOutput {
  const { core, pool, client } = context;
  const username = parameters['USERNAME'];
  if (!username) throw missingParameter('USERNAME');
  const srpA = parameters['SRP_A'];
  if (!srpA) throw missingParameter('SRP_A');
  checkSrpA(srpA);
  const user = pool.find(username);
  core.checkSecretHash(client, parameters['SECRET_HASH'], [username, user?.username]);
  if (!user && client.preventUserExistenceErrors !== 'ENABLED') throw userNotFound();
  return srpChallenge(context, user, username, srpA);
}

function checkSrpA(srpA: string): void {
  if (!/^[0-9a-fA-F]+$/.test(srpA) || BigInt(`0x${srpA}`) % SRP_N === 0n) throw invalidParameter('SRP_A is not a valid value.'); // unconfirmed
}

/** The PASSWORD_VERIFIER challenge for a client's SRP_A (of USER_SRP_AUTH, or a step of CUSTOM_AUTH). */
function srpChallenge(
  context: SignInContext,
  user: StoredUser | undefined,
  username: string,
  srpA: string,
  options: { custom?: PasswordVerifierChallenge['custom']; withSession?: boolean } = {},
): AuthOutput {
  const { custom } = options;
  const { core, pool, client } = context;
  // An unknown user (existence errors prevented) or one without a password gets a challenge
  // with a verifier nobody knows the password of: the answer fails as a wrong password would.
  const salt = user?.password?.srpSalt ?? `1${Buffer.from(core.random(16)).toString('hex')}`;
  const verifier = user?.password?.srpVerifier ?? Buffer.from(core.random(384)).toString('hex');
  const internalName = user?.username ?? username;
  const { b, B } = srpServerEphemeral(verifier, core.random(32));
  const secretBlock = core.opaque(64, 'base64');
  core.challenges.add(
    secretBlock,
    {
      kind: 'PASSWORD_VERIFIER',
      poolId: pool.id,
      clientId: client.id,
      username: internalName,
      A: BigInt(`0x${srpA}`),
      B,
      b,
      verifier,
      ...(custom ? { custom } : {}),
      expiresAt: core.now() + client.authSessionValidityMinutes * 60_000,
    },
    core.now(),
  );
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    // Within CUSTOM_AUTH and USER_AUTH the answer comes with a Session, as for other challenges; the secret
    // block already names the exchange, so it serves as the Session too.
    ...(custom || options.withSession ? { Session: secretBlock } : {}),
    ChallengeParameters: { SALT: salt, SECRET_BLOCK: secretBlock, SRP_B: B.toString(16), USERNAME: internalName, USER_ID_FOR_SRP: internalName },
  };
}

const RespondToAuthChallenge: ActionHandler = (core, input) => {
  const { pool, client } = core.client(input['ClientId']);
  return respond({ core, pool, client, clientMetadata: stringMap(input, 'ClientMetadata') }, input);
};

const AdminRespondToAuthChallenge: ActionHandler = (core, input) => {
  const pool = core.pool(input['UserPoolId']);
  const client = core.clientOf(pool, input['ClientId']);
  return respond({ core, pool, client, clientMetadata: stringMap(input, 'ClientMetadata') }, input);
};

async function respond(context: SignInContext, input: ActionInput): Promise<AuthOutput> {
  const name = requiredString(input, 'ChallengeName');
  if (!CHALLENGE_NAMES.includes(name)) throw validationError('challengeName', `Member must satisfy enum value set: [${CHALLENGE_NAMES.join(', ')}]`, name);
  const responses = stringMap(input, 'ChallengeResponses') ?? {};
  switch (name) {
    case 'PASSWORD_VERIFIER':
      return passwordVerifier(context, responses);
    case 'NEW_PASSWORD_REQUIRED':
      return newPassword(context, optionalString(input, 'Session'), responses);
    case 'CUSTOM_CHALLENGE':
      return customAnswer(context, optionalString(input, 'Session'), responses);
    case 'SELECT_CHALLENGE':
      return selectAnswer(context, optionalString(input, 'Session'), responses);
    case 'EMAIL_OTP':
      return emailOtpAnswer(context, optionalString(input, 'Session'), responses);
    default:
      throw invalidParameter(`The local Cognito does not support the ${name} challenge; it answers PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED, CUSTOM_CHALLENGE, SELECT_CHALLENGE and EMAIL_OTP.`);
  }
}

async function passwordVerifier(context: SignInContext, responses: Record<string, string>): Promise<AuthOutput> {
  const { core, pool, client } = context;
  for (const required of ['USERNAME', 'PASSWORD_CLAIM_SECRET_BLOCK', 'PASSWORD_CLAIM_SIGNATURE', 'TIMESTAMP']) {
    if (!responses[required]) throw missingParameter(required);
  }
  const timestamp = responses['TIMESTAMP']!;
  if (!isSrpTimestamp(timestamp)) throw srpTimestampFormat();
  const secretBlock = responses['PASSWORD_CLAIM_SECRET_BLOCK']!;
  const challenge = core.challenges.take(secretBlock);
  if (!challenge || challenge.kind !== 'PASSWORD_VERIFIER' || challenge.poolId !== pool.id || challenge.clientId !== client.id) throw incorrectUsernameOrPassword();
  if (core.now() > challenge.expiresAt) throw sessionExpired();
  const user = pool.byUsername(challenge.username);
  core.checkSecretHash(client, responses['SECRET_HASH'], [responses['USERNAME'], challenge.username]);
  if (!user || pool.find(responses['USERNAME']!) !== user) throw incorrectUsernameOrPassword();
  core.checkEnabled(user);
  const key = srpServerKey({ A: challenge.A, B: challenge.B, b: challenge.b, verifierHex: challenge.verifier });
  const expected = key && srpClaimSignature(key, { poolName: poolNameForSrp(pool.id), userIdForSrp: user.username, secretBlock, timestamp });
  if (!expected || !signaturesMatch(expected, responses['PASSWORD_CLAIM_SIGNATURE']!) || user.password?.srpVerifier !== challenge.verifier) throw incorrectUsernameOrPassword();
  if (challenge.custom) {
    // CUSTOM_AUTH with SRP: the right password is one more passed challenge; the triggers decide the rest.
    const history = [...challenge.custom.history, { challengeName: 'PASSWORD_VERIFIER', challengeResult: true }];
    return nextCustomStep(context, { username: challenge.username, sub: challenge.custom.sub, history });
  }
  return afterPassword(context, user, 'TokenGeneration_Authentication');
}

async function newPassword(context: SignInContext, session: string | undefined, responses: Record<string, string>): Promise<AuthOutput> {
  const { core, pool, client } = context;
  const challenge = core.challenges.get(session);
  if (!challenge || challenge.kind !== 'NEW_PASSWORD_REQUIRED' || challenge.poolId !== pool.id || challenge.clientId !== client.id) throw invalidSession();
  if (core.now() > challenge.expiresAt) {
    core.challenges.delete(session!);
    throw sessionExpired();
  }
  const password = responses['NEW_PASSWORD'];
  if (!password) throw missingParameter('NEW_PASSWORD');
  const username = responses['USERNAME'];
  if (!username) throw missingParameter('USERNAME');
  const user = pool.byUsername(challenge.username);
  core.checkSecretHash(client, responses['SECRET_HASH'], [username, challenge.username]);
  if (!user || user.sub !== challenge.sub || pool.find(username) !== user || user.status !== 'FORCE_CHANGE_PASSWORD') throw invalidSession();
  core.checkEnabled(user);

  const given = Object.entries(responses)
    .filter(([key]) => key.startsWith('userAttributes.'))
    .map(([key, Value]) => ({ Name: key.slice('userAttributes.'.length), Value }));
  const attributes = checkAttributeWrite(given, { schema: pool.definition.schema, writable: client.writeAttributes, current: user.attributes });
  const missing = missingRequired(pool, { ...user.attributes, ...attributes });
  if (missing.length > 0) throw invalidParameter(`Invalid attributes given, ${missing[0]} is missing`); // seen
  core.setPassword(pool, user, password, { temporary: false, setter: 'user' });
  Object.assign(user.attributes, attributes);
  user.status = 'CONFIRMED';
  core.challenges.delete(session!);
  // The user is CONFIRMED now, so this is core.signIn, which saves the new password with the session.
  return afterPassword(context, user, 'TokenGeneration_NewPasswordChallenge');
}

/** Where a custom sign-in stands between steps: who, and the challenges answered so far. */
type CustomProgress = Pick<CustomChallenge, 'username' | 'sub' | 'history'> & {
  /** The client's SRP_A when the sign-in started with SRP (CUSTOM_WITH_SRP), for a PASSWORD_VERIFIER step. */
  srpA?: string;
};

async function startCustom(context: SignInContext, parameters: Record<string, string>): Promise<AuthOutput> {
  const { core, pool, client } = context;
  // Without the triggers there is no flow to run, so this comes before any parameter or user check
  // (the message is seen in public reports; its place in the order of checks is an inference).
  if (!LambdaTriggers.hasCustomAuth(pool.definition)) throw customAuthNotConfigured();
  const username = parameters['USERNAME'];
  if (!username) throw missingParameter('USERNAME');
  // CHALLENGE_NAME SRP_A (Amplify's CUSTOM_WITH_SRP) starts with the client's SRP ephemeral.
  const srpA = parameters['SRP_A'];
  if (parameters['CHALLENGE_NAME'] === 'SRP_A' && !srpA) throw missingParameter('SRP_A');
  if (srpA !== undefined) checkSrpA(srpA);
  const user = pool.find(username);
  core.checkSecretHash(client, parameters['SECRET_HASH'], [username, user?.username]);
  // An unknown user hidden by PreventUserExistenceErrors still gets the triggers, with
  // userNotFound: true, so the challenge looks the same as a real one (Cognito's documented design).
  if (!user && client.preventUserExistenceErrors !== 'ENABLED') throw userNotFound();
  if (user) {
    core.checkEnabled(user);
    // No password is given, so there is no secret the state could leak past: refuse up front
    // (an inference; the password flows wait for the right password before saying so).
    if (user.status === 'UNCONFIRMED') throw userNotConfirmed();
    if (user.status === 'RESET_REQUIRED') throw passwordResetRequired();
  }
  // Triggers written for Cognito expect the SRP_A step as a passed first entry of the session list
  // (public DefineAuthChallenge code tests session[0].challengeName === 'SRP_A').
  const history: ChallengeResult[] = srpA === undefined ? [] : [{ challengeName: 'SRP_A', challengeResult: true }];
  return nextCustomStep(context, { username: user?.username ?? username, sub: user?.sub, history, srpA });
}

/** The subject of the triggers' events; throws if the user went away between steps. */
function customSubject(context: SignInContext, progress: CustomProgress): ChallengeSubject {
  const user = progress.sub === undefined ? undefined : context.pool.bySub(progress.sub);
  if (progress.sub !== undefined && !user) throw invalidSession();
  return { userName: progress.username, user, userNotFound: context.client.preventUserExistenceErrors === 'ENABLED' ? !user : undefined };
}

/** Asks DefineAuthChallenge what comes next and answers with tokens, a refusal, or a new challenge. */
async function nextCustomStep(context: SignInContext, progress: CustomProgress): Promise<AuthOutput> {
  const { core, pool, client } = context;
  const subject = customSubject(context, progress);
  const caller = { pool: pool.definition, clientId: client.id, clientMetadata: context.clientMetadata };
  const decision = await core.triggers.defineAuthChallenge(caller, subject, progress.history);
  if (decision.failAuthentication) throw incorrectUsernameOrPassword();
  if (decision.issueTokens) {
    // An unknown user has no tokens to get, whatever the trigger says.
    if (!subject.user) throw incorrectUsernameOrPassword();
    core.checkEnabled(subject.user);
    return { ChallengeParameters: {}, AuthenticationResult: await core.signIn(pool, client, subject.user, 'TokenGeneration_Authentication', context.clientMetadata) };
  }
  if (decision.challengeName === undefined) throw unrecognizableLambdaOutput();
  if (decision.challengeName === 'PASSWORD_VERIFIER' && progress.srpA !== undefined && !progress.history.some((h) => h.challengeName === 'PASSWORD_VERIFIER')) {
    // The SRP exchange runs once per sign-in: the client's SRP_A cannot be used for a second one.
    return srpChallenge(context, subject.user, progress.username, progress.srpA, { custom: { history: progress.history, sub: progress.sub } });
  }
  if (decision.challengeName !== 'CUSTOM_CHALLENGE')
    throw invalidParameter(
      `The local Cognito does not support the ${decision.challengeName} challenge here; DefineAuthChallenge may ask for CUSTOM_CHALLENGE, and for PASSWORD_VERIFIER once after SRP_A.`,
    );
  const created = await core.triggers.createAuthChallenge(caller, subject, decision.challengeName, progress.history);
  const session = core.opaque(96, 'base64');
  core.challenges.add(
    session,
    {
      kind: 'CUSTOM_CHALLENGE',
      poolId: pool.id,
      clientId: client.id,
      username: progress.username,
      sub: progress.sub,
      history: progress.history,
      privateChallengeParameters: created.privateChallengeParameters,
      challengeMetadata: created.challengeMetadata,
      expiresAt: core.now() + client.authSessionValidityMinutes * 60_000,
    },
    core.now(),
  );
  return { ChallengeName: 'CUSTOM_CHALLENGE', Session: session, ChallengeParameters: { ...created.publicChallengeParameters, USERNAME: progress.username } };
}

async function customAnswer(context: SignInContext, session: string | undefined, responses: Record<string, string>): Promise<AuthOutput> {
  const { core, pool, client } = context;
  const challenge = core.challenges.get(session);
  if (!challenge || challenge.kind !== 'CUSTOM_CHALLENGE' || challenge.poolId !== pool.id || challenge.clientId !== client.id) throw invalidSession();
  if (core.now() > challenge.expiresAt) {
    core.challenges.delete(session!);
    throw sessionExpired();
  }
  const username = responses['USERNAME'];
  if (!username) throw missingParameter('USERNAME');
  const answer = responses['ANSWER'];
  if (!answer) throw missingParameter('ANSWER');
  core.checkSecretHash(client, responses['SECRET_HASH'], [username, challenge.username]);
  const subject = customSubject(context, challenge);
  // The USERNAME must name the user the sign-in started for (by any of their names).
  if (subject.user ? pool.find(username) !== subject.user : username !== challenge.username) throw invalidSession();
  if (subject.user) core.checkEnabled(subject.user);
  // Each Session answers once: the next step, if any, comes with a new one.
  core.challenges.delete(session!);
  const caller = { pool: pool.definition, clientId: client.id, clientMetadata: context.clientMetadata };
  const correct = await core.triggers.verifyAuthChallengeResponse(caller, subject, challenge.privateChallengeParameters, answer);
  const result: ChallengeResult = {
    challengeName: 'CUSTOM_CHALLENGE',
    challengeResult: correct,
    ...(challenge.challengeMetadata === undefined ? {} : { challengeMetadata: challenge.challengeMetadata }),
  };
  return nextCustomStep(context, { username: challenge.username, sub: challenge.sub, history: [...challenge.history, result] });
}

/** The pool's first factors this user can use, as challenge names (all the pool's for a hidden unknown user). */
function availableChallenges(pool: UserPoolState, user: StoredUser | undefined): string[] {
  const factors = pool.definition.firstAuthFactors;
  const available: string[] = [];
  if (factors.includes('PASSWORD') && (!user || user.password)) available.push('PASSWORD', 'PASSWORD_SRP');
  // A code can only go to a verified email (an inference: Cognito sends sign-in codes to verified addresses).
  if (factors.includes('EMAIL_OTP') && (!user || user.attributes['email_verified'] === 'true')) available.push('EMAIL_OTP');
  return available;
}

async function startUserAuth(context: SignInContext, parameters: Record<string, string>): Promise<AuthOutput> {
  const { core, pool, client } = context;
  const username = parameters['USERNAME'];
  if (!username) throw missingParameter('USERNAME');
  const user = pool.find(username);
  core.checkSecretHash(client, parameters['SECRET_HASH'], [username, user?.username]);
  if (!user && client.preventUserExistenceErrors !== 'ENABLED') throw userNotFound();
  if (user) core.checkEnabled(user);
  const available = availableChallenges(pool, user);
  const internalName = user?.username ?? username;
  const preferred = parameters['PREFERRED_CHALLENGE'];
  if (preferred && available.includes(preferred)) return firstFactor(context, user, internalName, preferred, parameters);
  // No preference, or one this user cannot use: the user chooses (Cognito's documented fallback).
  if (available.length === 0) throw incorrectUsernameOrPassword(); // unconfirmed: nothing to offer
  const session = core.opaque(96, 'base64');
  core.challenges.add(
    session,
    { kind: 'SELECT_CHALLENGE', poolId: pool.id, clientId: client.id, username: internalName, sub: user?.sub, available, expiresAt: core.now() + client.authSessionValidityMinutes * 60_000 },
    core.now(),
  );
  return { ChallengeName: 'SELECT_CHALLENGE', Session: session, ChallengeParameters: {}, AvailableChallenges: available };
}

/** Starts the chosen first factor; `parameters` are the AuthParameters or ChallengeResponses carrying its input. */
async function firstFactor(context: SignInContext, user: StoredUser | undefined, username: string, choice: string, parameters: Record<string, string>): Promise<AuthOutput> {
  const { core, pool, client } = context;
  switch (choice) {
    case 'PASSWORD': {
      const password = parameters['PASSWORD'];
      if (!password) throw missingParameter('PASSWORD');
      if (!user?.password || !passwordMatches(user.password, password)) throw incorrectUsernameOrPassword();
      return afterPassword(context, user, 'TokenGeneration_Authentication');
    }
    case 'PASSWORD_SRP': {
      const srpA = parameters['SRP_A'];
      if (!srpA) throw missingParameter('SRP_A');
      checkSrpA(srpA);
      return srpChallenge(context, user, username, srpA, { withSession: true });
    }
    default: {
      // EMAIL_OTP. A hidden unknown user gets the same answer with no code sent (none will match).
      const delivery = user ? core.issueCode(pool, user, 'SIGN_IN', 'email') : codeDelivery('email', username.includes('@') ? username : `${username}@example.com`);
      if (user) await core.save(pool);
      const session = core.opaque(96, 'base64');
      core.challenges.add(
        session,
        { kind: 'EMAIL_OTP', poolId: pool.id, clientId: client.id, username, sub: user?.sub, expiresAt: core.now() + client.authSessionValidityMinutes * 60_000 },
        core.now(),
      );
      return {
        ChallengeName: 'EMAIL_OTP',
        Session: session,
        ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: delivery.DeliveryMedium, CODE_DELIVERY_DESTINATION: delivery.Destination },
      };
    }
  }
}

/** A pending USER_AUTH challenge of this client by its Session, with the user it is for (undefined: hidden unknown). */
function userAuthChallenge<K extends 'SELECT_CHALLENGE' | 'EMAIL_OTP'>(context: SignInContext, kind: K, session: string | undefined, responses: Record<string, string>) {
  const { core, pool, client } = context;
  const challenge = core.challenges.get(session);
  if (!challenge || challenge.kind !== kind || challenge.poolId !== pool.id || challenge.clientId !== client.id) throw invalidSession();
  if (core.now() > challenge.expiresAt) {
    core.challenges.delete(session!);
    throw sessionExpired();
  }
  const username = responses['USERNAME'];
  if (!username) throw missingParameter('USERNAME');
  core.checkSecretHash(client, responses['SECRET_HASH'], [username, challenge.username]);
  const sub = (challenge as SelectChallenge | EmailOtpChallenge).sub;
  const user = sub === undefined ? undefined : pool.bySub(sub);
  if (sub !== undefined && !user) throw invalidSession();
  if (user ? pool.find(username) !== user : username !== challenge.username) throw invalidSession();
  if (user) core.checkEnabled(user);
  return { challenge: challenge as Extract<PendingChallenge, { kind: K }>, user };
}

async function selectAnswer(context: SignInContext, session: string | undefined, responses: Record<string, string>): Promise<AuthOutput> {
  const { challenge, user } = userAuthChallenge(context, 'SELECT_CHALLENGE', session, responses);
  const answer = responses['ANSWER'];
  if (!answer) throw missingParameter('ANSWER');
  if (!challenge.available.includes(answer)) throw invalidParameter(`${answer} is not one of the available challenges: ${challenge.available.join(', ')}.`); // unconfirmed
  context.core.challenges.delete(session!);
  return firstFactor(context, user, challenge.username, answer, responses);
}

async function emailOtpAnswer(context: SignInContext, session: string | undefined, responses: Record<string, string>): Promise<AuthOutput> {
  const { core, pool } = context;
  const { user } = userAuthChallenge(context, 'EMAIL_OTP', session, responses);
  const code = responses['EMAIL_OTP_CODE'];
  if (!code) throw missingParameter('EMAIL_OTP_CODE');
  if (!user) throw signInCodeMismatch();
  try {
    core.checkCode(user, 'SIGN_IN', code);
  } catch (err) {
    // The Session stays: the user may type the code again (up to the code's attempt limit).
    await core.save(pool);
    if (err instanceof CognitoError && err.type === 'CodeMismatchException') throw signInCodeMismatch();
    throw err;
  }
  delete user.codes.SIGN_IN;
  core.challenges.delete(session!);
  return afterPassword(context, user, 'TokenGeneration_Authentication');
}

export function missingRequired(pool: UserPoolState, attributes: Record<string, string>): string[] {
  return pool.definition.schema.filter((a) => a.required && a.name !== 'sub' && !attributes[a.name]).map((a) => a.name);
}

/** New ID and access tokens for a refresh token (no new refresh token: rotation is off, Cognito's default). */
async function refresh(context: SignInContext, refreshToken: string, checkSecret: (user: StoredUser) => void) {
  const { core, pool, client } = context;
  const found = core.sessionOfRefreshToken(refreshToken);
  if (!found || found.pool !== pool || found.session.clientId !== client.id) throw invalidRefreshToken();
  const { session } = found;
  const user = pool.bySub(session.sub);
  if (!user) throw invalidRefreshToken();
  checkSecret(user);
  if (session.revoked) throw refreshTokenRevoked();
  if (core.now() > session.refreshExpiresAt) throw refreshTokenExpired();
  core.checkEnabled(user);
  return core.tokens(pool, client, user, session, 'TokenGeneration_RefreshTokens', context.clientMetadata);
}

const GetTokensFromRefreshToken: ActionHandler = async (core, input) => {
  const { pool, client } = core.client(input['ClientId']);
  const refreshToken = requiredString(input, 'RefreshToken');
  if (!client.explicitAuthFlows.includes('ALLOW_REFRESH_TOKEN_AUTH')) throw flowNotEnabled('REFRESH_TOKEN_AUTH');
  const context = { core, pool, client, clientMetadata: stringMap(input, 'ClientMetadata') };
  return { AuthenticationResult: await refresh(context, refreshToken, () => core.checkClientSecret(client, input['ClientSecret'])) };
};

/** Ends the sign-in a refresh token belongs to: the refresh token and its access tokens stop working. */
const RevokeToken: ActionHandler = async (core, input) => {
  const { client } = core.client(input['ClientId']);
  const token = requiredString(input, 'Token');
  core.checkClientSecret(client, input['ClientSecret']);
  if (!client.enableTokenRevocation) throw new CognitoError('UnsupportedOperationException', 'Token revocation is not enabled for this client.'); // unconfirmed
  const found = core.sessionOfRefreshToken(token);
  if (!found) {
    if (token.split('.').length === 3) throw new CognitoError('UnsupportedTokenTypeException', 'Only refresh tokens can be revoked.'); // unconfirmed
    return {}; // RFC 7009: an unknown token is answered as revoked
  }
  if (found.session.clientId !== client.id) throw new CognitoError('UnauthorizedException', 'The token was not issued to this client.'); // unconfirmed
  found.session.revoked = true;
  await core.save(found.pool);
  return {};
};

export const authActions = { InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge, AdminRespondToAuthChallenge, GetTokensFromRefreshToken, RevokeToken };
