/**
 * The unmodified aws-amplify v6 in a child Node process (test/fixtures/cognito/amplify-auth-client.ts),
 * pointed at the local Cognito with `Auth.Cognito.userPoolEndpoint`, through a user's whole
 * journey: sign-up, confirmation with the listed code, Amplify's default SRP sign-in, the session's
 * tokens (verified here with jose against the served JWKS), sign-out (which revokes the refresh
 * token), USER_PASSWORD_AUTH, a forced refresh, a global sign-out, a wrong password.
 */
import { GetUserCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { runAmplifyClient } from '../../helpers/amplify-client.js';
import { PASSWORD } from '../../helpers/cognito.js';
import { useCognitoServers } from '../../helpers/cognito-harness.js';

const servers = useCognitoServers();

describe('aws-amplify v6 against the local Cognito', () => {
  it('signUp → confirmSignUp → signIn (SRP) → fetchAuthSession → signOut → signIn (USER_PASSWORD_AUTH) → refresh → global signOut', { timeout: 120_000 }, async () => {
    const server = await servers.start();
    const { users, web } = server.ids;
    const { steps, code, stderr } = await runAmplifyClient('amplify-auth-client.ts', [server.endpoint, users.id, web.id, 'amy', 'amy@example.com', PASSWORD]);
    const failed = [...steps.values()].find((s) => s.error);
    expect(failed, `${JSON.stringify(failed)}\n${stderr}`).toBeUndefined();
    expect(code, stderr).toBe(0);

    expect(steps.get('signUp')).toMatchObject({ isSignUpComplete: false, nextStep: 'CONFIRM_SIGN_UP', userId: expect.any(String) });
    expect(steps.get('code')!['code']).toBe(server.cognito.codes({ username: 'amy' })[0]!.code);
    expect(steps.get('confirmSignUp')).toMatchObject({ isSignUpComplete: true, nextStep: 'DONE' });
    expect(steps.get('signInSrp')).toMatchObject({ isSignedIn: true, nextStep: 'DONE' });

    // The session's tokens verify against the JWKS the local Cognito serves at the pool's issuer.
    const issuer = `${server.endpoint}/${users.id}`;
    const keys = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
    const srpSession = steps.get('sessionSrp')!;
    const { payload: id } = await jwtVerify(String(srpSession['idToken']), keys, { issuer, audience: web.id });
    expect(id).toMatchObject({ 'cognito:username': 'amy', email: 'amy@example.com', email_verified: true, token_use: 'id', sub: steps.get('signUp')!['userId'] });
    const { payload: access } = await jwtVerify(String(srpSession['accessToken']), keys, { issuer });
    expect(access).toMatchObject({ username: 'amy', client_id: web.id, token_use: 'access' });
    expect(steps.get('currentUser')).toMatchObject({ username: 'amy', userId: id['sub'] });

    // signOut revoked the SRP sign-in's refresh token (Amplify calls RevokeToken) and dropped the tokens.
    expect(steps.get('signOut')!['refreshTokenLeft']).toBeNull();
    const client = server.client();
    const refreshed = client.send(new InitiateAuthCommand({ ClientId: web.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: String(srpSession['refreshToken']) } }));
    await expect(refreshed).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });

    expect(steps.get('signInPassword')).toMatchObject({ isSignedIn: true, nextStep: 'DONE' });
    const before = steps.get('sessionPassword')!;
    const after = steps.get('sessionRefreshed')!;
    expect(after['accessToken']).not.toBe(before['accessToken']);
    const { payload: refreshedAccess } = await jwtVerify(String(after['accessToken']), keys, { issuer });
    const { payload: originalAccess } = await jwtVerify(String(before['accessToken']), keys, { issuer });
    expect(refreshedAccess['origin_jti']).toBe(originalAccess['origin_jti']);

    // The global sign-out revoked every sign-in: the refreshed access token no longer works.
    await expect(client.send(new GetUserCommand({ AccessToken: String(after['accessToken']) }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
    });
    expect(steps.get('wrongPassword')!['refused']).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });
});
