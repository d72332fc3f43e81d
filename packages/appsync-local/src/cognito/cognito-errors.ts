/**
 * The errors the local Cognito answers with: Cognito's exception names (the `__type` of the JSON
 * body, which the unmodified SDK and Amplify turn into their typed errors) and Cognito's wording.
 *
 * Wording: Cognito documents its exception names, not its messages. Each message below is marked
 * with where it comes from:
 * - `seen`: quoted verbatim in many public bug reports, app code matching on it, or SDK docs;
 * - `unconfirmed`: the best available guess (seen once, in another emulator, or made up); the list
 *   is repeated in docs/cognito.md so it can be checked against a real pool one day.
 * Every status is 400, as Cognito answers client errors over the JSON protocol, except
 * InternalErrorException (500).
 */

export class CognitoError extends Error {
  constructor(
    /** The exception name, sent as `__type`. */
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

const error = (type: string) => (message: string) => new CognitoError(type, message);

export const notAuthorized = error('NotAuthorizedException');
export const invalidParameter = error('InvalidParameterException');
export const resourceNotFound = error('ResourceNotFoundException');
export const invalidPassword = error('InvalidPasswordException');
export const userLambdaValidation = error('UserLambdaValidationException');
export const usernameExists = error('UsernameExistsException');

// --- sign-in -------------------------------------------------------------------------------------
export const incorrectUsernameOrPassword = () => notAuthorized('Incorrect username or password.'); // seen
export const userNotFound = () => new CognitoError('UserNotFoundException', 'User does not exist.'); // seen
export const userNotConfirmed = () => new CognitoError('UserNotConfirmedException', 'User is not confirmed.'); // seen
export const userDisabled = () => notAuthorized('User is disabled.'); // seen
export const passwordResetRequired = () => new CognitoError('PasswordResetRequiredException', 'Password reset required for the user'); // seen
export const temporaryPasswordExpired = () => notAuthorized('Temporary password has expired and must be reset by an administrator.'); // seen
export const invalidSession = () => notAuthorized('Invalid session for the user.'); // seen
export const sessionExpired = () => notAuthorized('Invalid session for the user, session is expired.'); // seen
export const authMethodNotSupported = () => invalidParameter('Initiate Auth method not supported.'); // seen
export const missingParameter = (name: string) => invalidParameter(`Missing required parameter ${name}`); // seen
export const signInCodeMismatch = () => new CognitoError('CodeMismatchException', 'Invalid code or auth state for the user.'); // seen (MFA codes)
export const customAuthNotConfigured = () => invalidParameter('Custom auth lambda trigger is not configured for the user pool.'); // seen
export const srpTimestampFormat = () => invalidParameter('TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.'); // seen

/** A flow the client's ExplicitAuthFlows do not allow, in the wording Cognito uses per flow. */
export function flowNotEnabled(flow: string): CognitoError {
  switch (flow) {
    case 'USER_PASSWORD_AUTH':
      return invalidParameter('USER_PASSWORD_AUTH flow not enabled for this client'); // seen
    case 'USER_SRP_AUTH':
      return invalidParameter('USER_SRP_AUTH is not enabled for the client.'); // unconfirmed
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN':
      return invalidParameter('Refresh Token flow not enabled for this client'); // unconfirmed
    default:
      return invalidParameter('Auth flow not enabled for this client'); // seen (ADMIN_USER_PASSWORD_AUTH)
  }
}

// --- client secret -------------------------------------------------------------------------------
export const secretHashMissing = (clientId: string) => notAuthorized(`Client ${clientId} is configured for secret but secret was not received`); // seen
export const secretHashMismatch = (clientId: string) => notAuthorized(`Unable to verify secret hash for client ${clientId}`); // seen

// --- tokens --------------------------------------------------------------------------------------
export const invalidAccessToken = () => notAuthorized('Invalid Access Token'); // seen
export const accessTokenExpired = () => notAuthorized('Access Token has expired'); // seen
export const accessTokenRevoked = () => notAuthorized('Access Token has been revoked'); // seen
export const invalidRefreshToken = () => notAuthorized('Invalid Refresh Token'); // seen
export const refreshTokenRevoked = () => notAuthorized('Refresh Token has been revoked'); // seen
export const refreshTokenExpired = () => notAuthorized('Refresh Token has expired'); // seen

// --- sign-up and codes ---------------------------------------------------------------------------
export const signUpNotPermitted = () => notAuthorized('SignUp is not permitted for this user pool'); // seen
export const userAlreadyExists = () => usernameExists('User already exists'); // seen (SignUp)
export const userAccountAlreadyExists = () => usernameExists('User account already exists'); // seen (AdminCreateUser)
export const emailAlreadyExists = () => usernameExists('An account with the given email already exists.'); // seen
export const phoneAlreadyExists = () => usernameExists('An account with the given phone_number already exists.'); // unconfirmed
export const aliasExists = (attribute: string) => new CognitoError('AliasExistsException', `An account with the given ${attribute} already exists.`); // seen (email)
export const codeMismatch = () => new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.'); // seen
export const expiredCode = () => new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.'); // seen
export const cannotConfirm = (status: string) => notAuthorized(`User cannot be confirmed. Current status is ${status}`); // seen
export const alreadyConfirmed = () => invalidParameter('User is already confirmed.'); // seen (ResendConfirmationCode)
export const noRecoveryChannel = () => invalidParameter('Cannot reset password for the user as there is no registered/verified email or phone_number'); // seen
export const limitExceeded = () => new CognitoError('LimitExceededException', 'Attempt limit exceeded, please try after some time.'); // seen
export const usernameShouldBeEmail = () => invalidParameter('Username should be an email.'); // seen
export const usernameShouldBeEmailOrPhone = () => invalidParameter('Username should be either an email or a phone number.'); // seen
export const usernameShouldBePhone = () => invalidParameter('Username should be a phone number.'); // unconfirmed
export const usernameCannotBeEmail = () => invalidParameter('Username cannot be of email format, since user pool is configured for email alias.'); // seen
export const usernameCannotBePhone = () => invalidParameter('Username cannot be of phone number format, since user pool is configured for phone_number alias.'); // unconfirmed
export const invalidEmail = () => invalidParameter('Invalid email address format.'); // seen
export const invalidPhone = () => invalidParameter('Invalid phone number format.'); // seen
export const unauthorizedAttributeWrite = () => notAuthorized('A client attempted to write unauthorized attribute'); // seen

/** Attribute problems: one line per attribute, each ending in a newline, as Cognito lists them. */
export const attributesDoNotConform = (problems: string[]) => invalidParameter(`Attributes did not conform to the schema: ${problems.map((p) => `${p}\n`).join('')}`); // seen ("email: The attribute is required", "custom:x: Attribute does not exist in the schema.")

// --- groups and resources ------------------------------------------------------------------------
export const poolNotFound = (poolId: string) => resourceNotFound(`User pool ${poolId} does not exist.`); // seen
export const clientNotFound = (clientId: string) => resourceNotFound(`User pool client ${clientId} does not exist.`); // seen
export const groupNotFound = () => resourceNotFound('Group not found.'); // seen
export const filterParseError = () => invalidParameter('Error while parsing filter.'); // seen

// --- triggers ------------------------------------------------------------------------------------
/** A trigger that threw: `PreSignUp failed with error <message>.` */
export const triggerFailed = (trigger: string, message: string) => userLambdaValidation(`${trigger} failed with error ${message}.`); // seen
export const unrecognizableLambdaOutput = () => new CognitoError('InvalidLambdaResponseException', 'Unrecognizable lambda output'); // seen

// --- protocol ------------------------------------------------------------------------------------
/** An action Cognito does not have (or the local one does not implement): AWS's JSON-protocol answer. */
export const unknownOperation = (message?: string) => new CognitoError('UnknownOperationException', message ?? '');
export const serializationError = (message: string) => new CognitoError('SerializationException', message); // unconfirmed
/** A failure that is not the caller's; the details stay in the server's log. */
export const internalError = () => new CognitoError('InternalErrorException', 'An internal error occurred in the local Cognito.', 500);

/** A Smithy-style validation failure (Cognito answers these as InvalidParameterException). */
export function validationError(member: string, constraint: string, value?: unknown): CognitoError {
  const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
  const at = value === undefined || value === null ? `Value null at '${member}'` : `Value ${shown} at '${member}'`;
  return invalidParameter(`1 validation error detected: ${at} failed to satisfy constraint: ${constraint}`); // seen (shape)
}
