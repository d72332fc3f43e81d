/**
 * The pool's Lambda triggers that change what a caller sees, called with Cognito's event shapes
 * through the injected `invokeTrigger(functionArn, event)` (the composition runs the template's
 * function locally; tests pass a fake):
 *
 * - PreSignUp (PreSignUp_SignUp, PreSignUp_AdminCreateUser): may auto-confirm the user and mark
 *   email/phone verified; an error refuses the sign-up (UserLambdaValidationException
 *   "PreSignUp failed with error <message>.");
 * - PostConfirmation (PostConfirmation_ConfirmSignUp, PostConfirmation_ConfirmForgotPassword): an
 *   error is reported to the caller, but the user stays confirmed, as in Cognito;
 * - PreTokenGeneration V1 (claimsOverrideDetails: ID token claims and group overrides) and V2/V3
 *   (claimsAndScopeOverrideDetails: ID and access token claims, scopes, groups);
 * - DefineAuthChallenge, CreateAuthChallenge and VerifyAuthChallengeResponse (the *_Authentication
 *   sources) for CUSTOM_AUTH: the sign-in's loop is in actions/auth-actions.ts, these only shape the
 *   events and read the answers. `userNotFound` is sent only when the client hides unknown users
 *   (PreventUserExistenceErrors ENABLED), as the trigger docs say it is populated then.
 *
 * `invokeTrigger` resolves to what the function returned and rejects with an Error whose message
 * is the function's error message. Without an invoker, configured triggers are skipped (logged);
 * the custom challenge triggers cannot be skipped (a sign-in has no answer without them), so
 * there the skip is an error. Other triggers (CustomMessage, migration, ...) are not run.
 */
import type { ChallengeResult } from './challenge-sessions.js';
import { invalidParameter, triggerFailed, unrecognizableLambdaOutput } from './cognito-errors.js';
import { regionOfPoolId } from './local-ids.js';
import type { StoredUser } from './user-pool-state.js';
import type { UserPoolDefinition } from './user-pool-definitions.js';

export type InvokeTrigger = (functionArn: string, event: Record<string, unknown>) => Promise<unknown>;

export type PreSignUpSource = 'PreSignUp_SignUp' | 'PreSignUp_AdminCreateUser';
export type PostConfirmationSource = 'PostConfirmation_ConfirmSignUp' | 'PostConfirmation_ConfirmForgotPassword';
export type TokenGenerationSource = 'TokenGeneration_Authentication' | 'TokenGeneration_NewPasswordChallenge' | 'TokenGeneration_RefreshTokens';

export interface PreSignUpDecision {
  autoConfirmUser: boolean;
  autoVerifyEmail: boolean;
  autoVerifyPhone: boolean;
}

export interface ClaimChanges {
  addOrOverride: Record<string, unknown>;
  suppress: string[];
}

/** What PreTokenGeneration changed; empty when the pool has no such trigger. */
export interface TokenOverrides {
  id: ClaimChanges;
  access: ClaimChanges;
  scopesToAdd: string[];
  scopesToSuppress: string[];
  /** Replaces the user's groups in both tokens. */
  groups?: string[];
  iamRoles?: string[];
  preferredRole?: string;
}

export const NO_TOKEN_OVERRIDES: TokenOverrides = { id: { addOrOverride: {}, suppress: [] }, access: { addOrOverride: {}, suppress: [] }, scopesToAdd: [], scopesToSuppress: [] };

interface Caller {
  pool: UserPoolDefinition;
  clientId?: string;
  clientMetadata?: Record<string, string>;
}

/** Who a custom challenge is for: a user, or (existence errors prevented) a name nobody has. */
export interface ChallengeSubject {
  userName: string;
  user?: StoredUser;
  /** Set only when the client hides unknown users; then true when `user` is absent. */
  userNotFound?: boolean;
}

/** DefineAuthChallenge's decision. */
export interface ChallengeDecision {
  challengeName?: string;
  issueTokens: boolean;
  failAuthentication: boolean;
}

/** CreateAuthChallenge's challenge. */
export interface CreatedChallenge {
  publicChallengeParameters: Record<string, string>;
  privateChallengeParameters: Record<string, string>;
  challengeMetadata?: string;
}

export class LambdaTriggers {
  constructor(
    private readonly invoke: InvokeTrigger | undefined,
    private readonly log: (line: string) => void,
  ) {}

  async preSignUp(caller: Caller, source: PreSignUpSource, userName: string, userAttributes: Record<string, string>, validationData: Record<string, string> | undefined): Promise<PreSignUpDecision> {
    const decision: PreSignUpDecision = { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false };
    const arn = caller.pool.triggers.preSignUp;
    if (!arn) return decision;
    const event = this.event(caller, source, userName, { userAttributes, validationData: validationData ?? null, ...clientMetadata(caller) }, { ...decision });
    const response = await this.call('PreSignUp', arn, event);
    if (!response) return decision;
    return { autoConfirmUser: response['autoConfirmUser'] === true, autoVerifyEmail: response['autoVerifyEmail'] === true, autoVerifyPhone: response['autoVerifyPhone'] === true };
  }

  /** Runs PostConfirmation; its failure is returned (the caller decides to report it), never thrown. */
  async postConfirmation(caller: Caller, source: PostConfirmationSource, user: StoredUser): Promise<Error | undefined> {
    const arn = caller.pool.triggers.postConfirmation;
    if (!arn) return undefined;
    try {
      await this.call('PostConfirmation', arn, this.event(caller, source, user.username, { userAttributes: eventAttributes(user), ...clientMetadata(caller) }, {}));
      return undefined;
    } catch (err) {
      return err as Error;
    }
  }

  async preTokenGeneration(
    caller: Caller & { clientId: string },
    source: TokenGenerationSource,
    user: StoredUser,
    groups: string[],
    roles: { iamRoles: string[]; preferredRole?: string },
  ): Promise<TokenOverrides> {
    const config = caller.pool.triggers.preTokenGeneration;
    if (!config) return NO_TOKEN_OVERRIDES;
    const v1 = config.version === 'V1_0';
    const request: Record<string, unknown> = {
      userAttributes: eventAttributes(user),
      groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: roles.iamRoles, preferredRole: roles.preferredRole ?? null },
      ...clientMetadata(caller),
    };
    if (!v1) request['scopes'] = ['aws.cognito.signin.user.admin'];
    const event = this.event(caller, source, user.username, request, v1 ? { claimsOverrideDetails: null } : { claimsAndScopeOverrideDetails: null }, v1 ? '1' : config.version === 'V2_0' ? '2' : '3');
    const response = await this.call('PreTokenGeneration', config.functionArn, event);
    return v1 ? v1Overrides(response) : v2Overrides(response);
  }

  /** Whether the pool has all three custom challenge triggers CUSTOM_AUTH needs. */
  static hasCustomAuth(pool: UserPoolDefinition): boolean {
    const t = pool.triggers;
    return Boolean(t.defineAuthChallenge && t.createAuthChallenge && t.verifyAuthChallengeResponse);
  }

  async defineAuthChallenge(caller: Caller, subject: ChallengeSubject, session: ChallengeResult[]): Promise<ChallengeDecision> {
    const event = this.event(
      caller,
      'DefineAuthChallenge_Authentication',
      subject.userName,
      { ...challengeRequest(caller, subject), session },
      { challengeName: null, issueTokens: null, failAuthentication: null },
    );
    const response = await this.challengeCall('DefineAuthChallenge', caller.pool.triggers.defineAuthChallenge, event);
    return {
      challengeName: typeof response['challengeName'] === 'string' && response['challengeName'] !== '' ? response['challengeName'] : undefined,
      issueTokens: response['issueTokens'] === true,
      failAuthentication: response['failAuthentication'] === true,
    };
  }

  async createAuthChallenge(caller: Caller, subject: ChallengeSubject, challengeName: string, session: ChallengeResult[]): Promise<CreatedChallenge> {
    const event = this.event(
      caller,
      'CreateAuthChallenge_Authentication',
      subject.userName,
      { ...challengeRequest(caller, subject), challengeName, session },
      { publicChallengeParameters: null, privateChallengeParameters: null, challengeMetadata: null },
    );
    const response = await this.challengeCall('CreateAuthChallenge', caller.pool.triggers.createAuthChallenge, event);
    return {
      publicChallengeParameters: stringRecord(response['publicChallengeParameters']),
      privateChallengeParameters: stringRecord(response['privateChallengeParameters']),
      challengeMetadata: typeof response['challengeMetadata'] === 'string' ? response['challengeMetadata'] : undefined,
    };
  }

  async verifyAuthChallengeResponse(caller: Caller, subject: ChallengeSubject, privateChallengeParameters: Record<string, string>, challengeAnswer: string): Promise<boolean> {
    const event = this.event(
      caller,
      'VerifyAuthChallengeResponse_Authentication',
      subject.userName,
      { ...challengeRequest(caller, subject), privateChallengeParameters, challengeAnswer },
      { answerCorrect: null },
    );
    const response = await this.challengeCall('VerifyAuthChallengeResponse', caller.pool.triggers.verifyAuthChallengeResponse, event);
    return response['answerCorrect'] === true;
  }

  /** A custom challenge trigger's response: never skipped, since the sign-in cannot go on without it. */
  private async challengeCall(trigger: string, functionArn: string | undefined, event: Record<string, unknown>): Promise<Record<string, unknown>> {
    const response = functionArn ? await this.call(trigger, functionArn, event) : undefined;
    // The local server's own refusal (no invoker, or a trigger removed by a reload mid-sign-in).
    if (!response) throw invalidParameter(`The local Cognito cannot run the ${trigger} trigger, so CUSTOM_AUTH cannot go on.`);
    return response;
  }

  private event(caller: Caller, triggerSource: string, userName: string, request: Record<string, unknown>, response: Record<string, unknown>, version = '1'): Record<string, unknown> {
    return {
      version,
      triggerSource,
      region: regionOfPoolId(caller.pool.id),
      userPoolId: caller.pool.id,
      userName,
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: caller.clientId ?? 'CLIENT_ID_NOT_APPLICABLE' },
      request,
      response,
    };
  }

  /** Invokes the function; its answer's `response` object, or undefined when skipped. */
  private async call(trigger: string, functionArn: string, event: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
    if (!this.invoke) {
      this.log(`cognito: ${trigger} trigger ${functionArn} not run: no Lambda invoker was given`);
      return undefined;
    }
    let result: unknown;
    try {
      result = await this.invoke(functionArn, event);
    } catch (err) {
      throw triggerFailed(trigger, err instanceof Error ? err.message : String(err));
    }
    const response = typeof result === 'object' && result !== null ? (result as Record<string, unknown>)['response'] : undefined;
    if (typeof response !== 'object' || response === null) throw unrecognizableLambdaOutput();
    return response as Record<string, unknown>;
  }
}

/** userAttributes as triggers get them: strings, with sub and cognito:user_status. */
export function eventAttributes(user: StoredUser): Record<string, string> {
  return { sub: user.sub, ...user.attributes, 'cognito:user_status': user.status };
}

/** The request fields all three custom challenge triggers share. */
function challengeRequest(caller: Caller, subject: ChallengeSubject): Record<string, unknown> {
  return {
    userAttributes: subject.user ? eventAttributes(subject.user) : {},
    ...clientMetadata(caller),
    ...(subject.userNotFound === undefined ? {} : { userNotFound: subject.userNotFound }),
  };
}

/** A trigger's string map. Non-string values become their JSON text: an inference, Cognito's handling is not documented. */
function stringRecord(value: unknown): Record<string, string> {
  const r = record(value) ?? {};
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

function clientMetadata(caller: Caller): Record<string, unknown> {
  return caller.clientMetadata ? { clientMetadata: caller.clientMetadata } : {};
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

function claimChanges(value: unknown, stringsOnly: boolean): ClaimChanges {
  const r = record(value);
  const add = record(r?.['claimsToAddOrOverride']) ?? {};
  if (stringsOnly && Object.values(add).some((v) => typeof v !== 'string')) throw unrecognizableLambdaOutput();
  return { addOrOverride: add, suppress: stringList(r?.['claimsToSuppress']) ?? [] };
}

function groupOverrides(value: unknown): Pick<TokenOverrides, 'groups' | 'iamRoles' | 'preferredRole'> {
  const g = record(value);
  if (!g) return {};
  return {
    groups: stringList(g['groupsToOverride']),
    iamRoles: stringList(g['iamRolesToOverride']),
    preferredRole: typeof g['preferredRole'] === 'string' ? g['preferredRole'] : undefined,
  };
}

/** V1: claimsOverrideDetails changes the ID token (string claims only) and the groups. */
function v1Overrides(response: Record<string, unknown> | undefined): TokenOverrides {
  const details = record(response?.['claimsOverrideDetails']);
  if (!details) return NO_TOKEN_OVERRIDES;
  return { ...NO_TOKEN_OVERRIDES, id: claimChanges(details, true), ...groupOverrides(details['groupOverrideDetails']) };
}

/** V2/V3: claimsAndScopeOverrideDetails changes both tokens, the access token's scopes and the groups. */
function v2Overrides(response: Record<string, unknown> | undefined): TokenOverrides {
  const details = record(response?.['claimsAndScopeOverrideDetails']);
  if (!details) return NO_TOKEN_OVERRIDES;
  const access = record(details['accessTokenGeneration']);
  return {
    id: claimChanges(details['idTokenGeneration'], false),
    access: claimChanges(access, false),
    scopesToAdd: stringList(access?.['scopesToAdd']) ?? [],
    scopesToSuppress: stringList(access?.['scopesToSuppress']) ?? [],
    ...groupOverrides(details['groupOverrideDetails']),
  };
}
