/**
 * The unmodified @aws-sdk/client-cognito-identity-provider against the local Cognito over HTTP,
 * for what an app's users do: sign up and confirm (the code read from GET /_local/cognito/codes),
 * sign in with a password and with SRP, read themselves, verify a changed email, change and
 * reset passwords, refresh,
 * sign out; and the SDK's typed errors for Cognito's main refusals.
 */
import {
  ChangePasswordCommand,
  CodeMismatchException,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  DeleteUserCommand,
  ExpiredCodeException,
  ForgotPasswordCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  InvalidParameterException,
  InvalidPasswordException,
  NotAuthorizedException,
  ResendConfirmationCodeCommand,
  ResourceNotFoundException,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  GetUserAttributeVerificationCodeCommand,
  VerifyUserAttributeCommand,
  UserNotConfirmedException,
  UsernameExistsException,
  CognitoIdentityProviderServiceException,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { formatSrpTimestamp } from '../../../src/cognito/srp.js';
import { PASSWORD, srpClient } from '../../helpers/cognito.js';
import { useCognitoServers, type CognitoServer } from '../../helpers/cognito-harness.js';
import { rejectionOf } from '../../helpers/rejection.js';

const servers = useCognitoServers();

const rejection = rejectionOf(CognitoIdentityProviderServiceException);

const summary = (error: CognitoIdentityProviderServiceException) => ({ name: error.name, message: error.message, status: error.$metadata.httpStatusCode, fault: error.$fault });

/** The newest code the server issued for a user, read as a developer would: GET /_local/cognito/codes. */
async function codeFor(server: CognitoServer, username: string): Promise<string> {
  const response = await fetch(`${server.endpoint}/codes?username=${encodeURIComponent(username)}`);
  const { codes } = (await response.json()) as { codes: { code: string }[] };
  return codes.at(-1)!.code;
}

async function signUpAndConfirm(server: CognitoServer, username: string, email: string): Promise<void> {
  const client = server.client();
  await client.send(new SignUpCommand({ ClientId: server.ids.web.id, Username: username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: email }] }));
  await client.send(new ConfirmSignUpCommand({ ClientId: server.ids.web.id, Username: username, ConfirmationCode: await codeFor(server, username) }));
}

describe('sign-up, sign-in and the signed-in user, through the SDK', () => {
  it('SignUp → code from /codes → ConfirmSignUp → USER_PASSWORD_AUTH → GetUser, UpdateUserAttributes, ChangePassword; tokens verify against the served JWKS', async () => {
    const server = await servers.start();
    const client = server.client();
    const { web, users } = server.ids;
    const signedUp = await client.send(new SignUpCommand({ ClientId: web.id, Username: 'ann', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'ann@example.com' }] }));
    expect(signedUp).toMatchObject({
      UserConfirmed: false,
      UserSub: expect.any(String),
      CodeDeliveryDetails: { DeliveryMedium: 'EMAIL', AttributeName: 'email', Destination: 'a***@e***' },
    });
    expect(summary(await rejection(client.send(new InitiateAuthCommand({ ClientId: web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ann', PASSWORD } }))))).toEqual({
      name: 'UserNotConfirmedException',
      message: 'User is not confirmed.',
      status: 400,
      fault: 'client',
    });
    const code = await codeFor(server, 'ann');
    expect(server.lines).toContain(`cognito: confirmation code for ann in ${users.id}: ${code}`);
    const wrong = await rejection(client.send(new ConfirmSignUpCommand({ ClientId: web.id, Username: 'ann', ConfirmationCode: code === '000000' ? '111111' : '000000' })));
    expect(wrong).toBeInstanceOf(CodeMismatchException);
    await client.send(new ConfirmSignUpCommand({ ClientId: web.id, Username: 'ann', ConfirmationCode: code }));
    expect(await rejection(client.send(new ResendConfirmationCodeCommand({ ClientId: web.id, Username: 'ann' })))).toBeInstanceOf(InvalidParameterException);

    const { AuthenticationResult: tokens } = await client.send(new InitiateAuthCommand({ ClientId: web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ann', PASSWORD } }));
    expect(tokens).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 1800, IdToken: expect.any(String), AccessToken: expect.any(String), RefreshToken: expect.any(String) });
    const discovery = (await (await fetch(`${server.endpoint}/${users.id}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    expect(discovery.issuer).toBe(`${server.endpoint}/${users.id}`);
    const remote = createRemoteJWKSet(new URL(discovery.jwks_uri));
    const { payload } = await jwtVerify(tokens!.IdToken!, remote, { issuer: discovery.issuer, audience: web.id, currentDate: server.clock.now() });
    expect(payload).toMatchObject({ 'cognito:username': 'ann', email: 'ann@example.com', email_verified: true, token_use: 'id', sub: signedUp.UserSub });

    await expect(client.send(new GetUserCommand({ AccessToken: tokens!.AccessToken }))).resolves.toMatchObject({
      Username: 'ann',
      UserAttributes: expect.arrayContaining([{ Name: 'email', Value: 'ann@example.com' }]),
    });
    await client.send(new UpdateUserAttributesCommand({ AccessToken: tokens!.AccessToken, UserAttributes: [{ Name: 'preferred_username', Value: 'annie' }] }));
    expect(await rejection(client.send(new UpdateUserAttributesCommand({ AccessToken: tokens!.AccessToken, UserAttributes: [{ Name: 'custom:plan', Value: 'gold' }] })))).toBeInstanceOf(
      NotAuthorizedException,
    );
    const weak = await rejection(client.send(new ChangePasswordCommand({ AccessToken: tokens!.AccessToken, PreviousPassword: PASSWORD, ProposedPassword: 'weak' })));
    expect(weak).toBeInstanceOf(InvalidPasswordException);
    expect(weak.message).toBe('Password did not conform with policy: Password not long enough');
    await client.send(new ChangePasswordCommand({ AccessToken: tokens!.AccessToken, PreviousPassword: PASSWORD, ProposedPassword: 'Another-Pass1' }));
    await expect(client.send(new InitiateAuthCommand({ ClientId: web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'annie', PASSWORD: 'Another-Pass1' } }))).resolves.toHaveProperty(
      'AuthenticationResult',
    );
  });

  it('a changed email is unverified until its code: UpdateUserAttributes sends one, VerifyUserAttribute takes it, GetUserAttributeVerificationCode sends another', async () => {
    const server = await servers.start();
    await signUpAndConfirm(server, 'vic', 'vic@example.com');
    const client = server.client();
    const { web, users } = server.ids;
    const { AuthenticationResult: tokens } = await client.send(new InitiateAuthCommand({ ClientId: web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'vic', PASSWORD } }));
    const AccessToken = tokens!.AccessToken!;
    const emailOf = async () => {
      const { UserAttributes } = await client.send(new GetUserCommand({ AccessToken }));
      return Object.fromEntries((UserAttributes ?? []).filter((a) => a.Name?.startsWith('email')).map((a) => [a.Name, a.Value]));
    };

    const updated = await client.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'email', Value: 'victor@example.com' }] }));
    expect(updated.CodeDeliveryDetailsList).toEqual([{ DeliveryMedium: 'EMAIL', AttributeName: 'email', Destination: 'v***@e***' }]);
    expect(await emailOf()).toEqual({ email: 'victor@example.com', email_verified: 'false' });
    const first = await codeFor(server, 'vic');
    expect(server.lines).toContain(`cognito: email verification code for vic in ${users.id}: ${first}`);

    const wrong = first === '000000' ? '111111' : '000000';
    expect(await rejection(client.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: wrong })))).toBeInstanceOf(CodeMismatchException);
    expect(await rejection(client.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'address', Code: first })))).toBeInstanceOf(InvalidParameterException);
    expect(await emailOf()).toEqual({ email: 'victor@example.com', email_verified: 'false' });

    // A new code is issued; the newest is the one that counts.
    const resent = await client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }));
    expect(resent.CodeDeliveryDetails).toEqual({ DeliveryMedium: 'EMAIL', AttributeName: 'email', Destination: 'v***@e***' });
    const second = await codeFor(server, 'vic');
    const listed = (await (await fetch(`${server.endpoint}/codes?username=vic`)).json()) as { codes: { purpose: string }[] };
    expect(listed.codes.filter((c) => c.purpose === 'VERIFY_EMAIL')).toHaveLength(2);
    await client.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: second }));
    expect(await emailOf()).toEqual({ email: 'victor@example.com', email_verified: 'true' });
    // The code is spent.
    expect(await rejection(client.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: second })))).toBeInstanceOf(CodeMismatchException);
  });

  it('USER_SRP_AUTH + PASSWORD_VERIFIER through the SDK', async () => {
    const server = await servers.start();
    await signUpAndConfirm(server, 'bob', 'bob@example.com');
    const client = server.client();
    const srp = srpClient(server.ids.users.id, 'c3'.repeat(64));
    const challenge = await client.send(new InitiateAuthCommand({ ClientId: server.ids.web.id, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'bob@example.com', SRP_A: srp.srpA } }));
    expect(challenge.ChallengeName).toBe('PASSWORD_VERIFIER');
    const answer = (password: string) =>
      client.send(
        new RespondToAuthChallengeCommand({
          ClientId: server.ids.web.id,
          ChallengeName: 'PASSWORD_VERIFIER',
          ChallengeResponses: srp.answer(challenge.ChallengeParameters!, password, formatSrpTimestamp(new Date())),
        }),
      );
    await expect(answer(PASSWORD)).resolves.toMatchObject({ AuthenticationResult: { TokenType: 'Bearer' } });
  });

  it('refresh (REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken), RevokeToken, GlobalSignOut, DeleteUser', async () => {
    const server = await servers.start();
    await signUpAndConfirm(server, 'cat', 'cat@example.com');
    const client = server.client();
    const { web } = server.ids;
    const signIn = async () => (await client.send(new InitiateAuthCommand({ ClientId: web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'cat', PASSWORD } }))).AuthenticationResult!;
    const first = await signIn();
    await expect(client.send(new InitiateAuthCommand({ ClientId: web.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: first.RefreshToken! } }))).resolves.toMatchObject({
      AuthenticationResult: { AccessToken: expect.any(String), IdToken: expect.any(String) },
    });
    await expect(client.send(new GetTokensFromRefreshTokenCommand({ ClientId: web.id, RefreshToken: first.RefreshToken }))).resolves.toHaveProperty('AuthenticationResult.AccessToken');
    await client.send(new RevokeTokenCommand({ ClientId: web.id, Token: first.RefreshToken }));
    expect(summary(await rejection(client.send(new GetUserCommand({ AccessToken: first.AccessToken }))))).toEqual({
      name: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
      status: 400,
      fault: 'client',
    });

    const second = await signIn();
    await client.send(new GlobalSignOutCommand({ AccessToken: second.AccessToken }));
    const refused = await rejection(client.send(new InitiateAuthCommand({ ClientId: web.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: second.RefreshToken! } })));
    expect(summary(refused)).toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });

    const third = await signIn();
    await client.send(new DeleteUserCommand({ AccessToken: third.AccessToken }));
    const gone = await rejection(client.send(new InitiateAuthCommand({ ClientId: web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'cat', PASSWORD } })));
    expect(summary(gone)).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('ForgotPassword → code → ConfirmForgotPassword; an expired code is ExpiredCodeException', async () => {
    const server = await servers.start();
    await signUpAndConfirm(server, 'dan', 'dan@example.com');
    const client = server.client();
    const { web } = server.ids;
    await expect(client.send(new ForgotPasswordCommand({ ClientId: web.id, Username: 'dan' }))).resolves.toMatchObject({ CodeDeliveryDetails: { DeliveryMedium: 'EMAIL' } });
    await client.send(new ConfirmForgotPasswordCommand({ ClientId: web.id, Username: 'dan', ConfirmationCode: await codeFor(server, 'dan'), Password: 'Reset-Pass-123' }));
    await expect(client.send(new InitiateAuthCommand({ ClientId: web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'dan', PASSWORD: 'Reset-Pass-123' } }))).resolves.toHaveProperty(
      'AuthenticationResult',
    );

    await client.send(new ForgotPasswordCommand({ ClientId: web.id, Username: 'dan' }));
    server.clock.advance(3600_000 + 1000);
    const expired = await rejection(client.send(new ConfirmForgotPasswordCommand({ ClientId: web.id, Username: 'dan', ConfirmationCode: await codeFor(server, 'dan'), Password: 'Reset-Pass-456' })));
    expect(expired).toBeInstanceOf(ExpiredCodeException);
    expect(expired.message).toBe('Invalid code provided, please request a code again.');
  });

  it("Cognito's refusals arrive as the SDK's typed exceptions with Cognito's messages", async () => {
    const server = await servers.start();
    const client = server.client();
    const { web } = server.ids;
    await signUpAndConfirm(server, 'eve', 'eve@example.com');
    const cases: [Promise<unknown>, unknown, string][] = [
      [
        client.send(new SignUpCommand({ ClientId: web.id, Username: 'EVE', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'x@example.com' }] })),
        UsernameExistsException,
        'User already exists',
      ],
      [
        client.send(new InitiateAuthCommand({ ClientId: web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'eve', PASSWORD: 'Wrong-Pass-1' } })),
        NotAuthorizedException,
        'Incorrect username or password.',
      ],
      [
        client.send(new InitiateAuthCommand({ ClientId: server.ids.customersClient.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'eve', PASSWORD } })),
        InvalidParameterException,
        'USER_PASSWORD_AUTH flow not enabled for this client',
      ],
      [
        client.send(new InitiateAuthCommand({ ClientId: 'nosuchclient', AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'eve', PASSWORD } })),
        ResourceNotFoundException,
        'User pool client nosuchclient does not exist.',
      ],
      [
        client.send(new SignUpCommand({ ClientId: web.id, Username: 'fay', Password: 'short', UserAttributes: [{ Name: 'email', Value: 'fay@example.com' }] })),
        InvalidPasswordException,
        'Password did not conform with policy: Password not long enough',
      ],
      [client.send(new GetUserCommand({ AccessToken: 'not-a-token' })), NotAuthorizedException, 'Invalid Access Token'],
    ];
    for (const [call, type, message] of cases) {
      const error = await rejection(call);
      expect(error, message).toBeInstanceOf(type);
      expect(error.message).toBe(message);
      expect(error.$metadata.httpStatusCode).toBe(400);
    }
    const unconfirmed = await client.send(new SignUpCommand({ ClientId: web.id, Username: 'gil', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'gil@example.com' }] }));
    expect(unconfirmed.UserConfirmed).toBe(false);
    expect(await rejection(client.send(new InitiateAuthCommand({ ClientId: web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'gil', PASSWORD } })))).toBeInstanceOf(
      UserNotConfirmedException,
    );
  });
});
