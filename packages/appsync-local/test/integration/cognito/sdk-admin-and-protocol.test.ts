/**
 * The IAM side and the wire: every admin and listing action through the unmodified SDK (signed
 * with the local credentials), signatures refused in the JSON protocol's shapes, the raw protocol
 * (unknown targets, bad JSON, headers), CORS for browsers on another origin, the local listings
 * and well-known documents, and an internal failure answered without its details.
 */
import { writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  ListUsersCommand,
  NotAuthorizedException,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  UserNotFoundException,
  CognitoIdentityProviderServiceException,
} from '@aws-sdk/client-cognito-identity-provider';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CREDENTIALS, useCognitoServers } from '../../helpers/cognito-harness.js';
import { PASSWORD } from '../../helpers/cognito.js';
import { rejectionOf } from '../../helpers/rejection.js';

const servers = useCognitoServers();

const rejection = rejectionOf(CognitoIdentityProviderServiceException);

/** A raw JSON-protocol POST, as curl or a browser would send it. */
async function post(endpoint: string, target: string | undefined, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(endpoint, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-amz-json-1.1', ...(target ? { 'x-amz-target': target } : {}), ...headers },
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe('the admin and listing actions through the signed SDK', () => {
  it('describe the pools and clients; AdminCreateUser → NEW_PASSWORD_REQUIRED → AdminRespondToAuthChallenge; AdminInitiateAuth with SECRET_HASH', async () => {
    const server = await servers.start();
    const client = server.client();
    const { users, web, server: serverClient } = server.ids;
    await expect(client.send(new ListUserPoolsCommand({ MaxResults: 60 }))).resolves.toMatchObject({
      UserPools: [{ Id: users.id, Name: 'shop-users-dev' }, { Id: server.ids.customers.id }],
    });
    const described = await client.send(new DescribeUserPoolCommand({ UserPoolId: users.id }));
    expect(described.UserPool).toMatchObject({ Id: users.id, Arn: users.arn, AliasAttributes: ['email', 'preferred_username'], UsernameConfiguration: { CaseSensitive: false } });
    expect(described.UserPool!.CreationDate).toBeInstanceOf(Date);
    await expect(client.send(new ListUserPoolClientsCommand({ UserPoolId: users.id }))).resolves.toMatchObject({
      UserPoolClients: [{ ClientId: web.id, ClientName: 'web' }, { ClientId: serverClient.id }],
    });
    await expect(client.send(new DescribeUserPoolClientCommand({ UserPoolId: users.id, ClientId: serverClient.id }))).resolves.toMatchObject({
      UserPoolClient: { ClientSecret: serverClient.secret },
    });
    await expect(client.send(new ListGroupsCommand({ UserPoolId: users.id }))).resolves.toMatchObject({ Groups: [{ GroupName: 'admin' }, { GroupName: 'ShopAuth-Staff' }] });

    const created = await client.send(
      new AdminCreateUserCommand({
        UserPoolId: users.id,
        Username: 'gus',
        TemporaryPassword: 'Temp-Pass-123',
        UserAttributes: [
          { Name: 'email', Value: 'gus@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    expect(created.User).toMatchObject({ Username: 'gus', UserStatus: 'FORCE_CHANGE_PASSWORD', Enabled: true });
    expect(created.User!.UserCreateDate).toBeInstanceOf(Date);
    const secretHash = createHmac('sha256', serverClient.secret!).update(`gus${serverClient.id}`).digest('base64');
    const challenge = await client.send(
      new AdminInitiateAuthCommand({
        UserPoolId: users.id,
        ClientId: serverClient.id,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'gus', PASSWORD: 'Temp-Pass-123', SECRET_HASH: secretHash },
      }),
    );
    expect(challenge).toMatchObject({
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: expect.any(String),
      ChallengeParameters: { USER_ID_FOR_SRP: 'gus', requiredAttributes: '[]' },
    });
    const done = await client.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: users.id,
        ClientId: serverClient.id,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: 'gus', NEW_PASSWORD: 'Final-Pass-123', SECRET_HASH: secretHash },
      }),
    );
    expect(done.AuthenticationResult).toMatchObject({ TokenType: 'Bearer' });
    await expect(client.send(new AdminGetUserCommand({ UserPoolId: users.id, Username: 'gus' }))).resolves.toMatchObject({
      UserStatus: 'CONFIRMED',
      UserAttributes: expect.arrayContaining([{ Name: 'email', Value: 'gus@example.com' }]),
    });
  });

  it('the public RespondToAuthChallenge also answers NEW_PASSWORD_REQUIRED; AdminSetUserPassword; AdminConfirmSignUp', async () => {
    const server = await servers.start();
    const client = server.client();
    const { users, web } = server.ids;
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: users.id,
        Username: 'hal',
        TemporaryPassword: 'Temp-Pass-123',
        UserAttributes: [{ Name: 'email', Value: 'hal@example.com' }],
        MessageAction: 'SUPPRESS',
      }),
    );
    expect(server.lines.some((l) => l.includes('temporary password for hal'))).toBe(false);
    const challenge = await client.send(new InitiateAuthCommand({ ClientId: web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'hal', PASSWORD: 'Temp-Pass-123' } }));
    await expect(
      client.send(
        new RespondToAuthChallengeCommand({
          ClientId: web.id,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: 'hal', NEW_PASSWORD: 'Final-Pass-123' },
        }),
      ),
    ).resolves.toHaveProperty('AuthenticationResult.AccessToken');

    await client.send(new AdminSetUserPasswordCommand({ UserPoolId: users.id, Username: 'hal', Password: 'Admin-Set-123', Permanent: true }));
    await expect(client.send(new InitiateAuthCommand({ ClientId: web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'hal', PASSWORD: 'Admin-Set-123' } }))).resolves.toHaveProperty(
      'AuthenticationResult',
    );

    await client.send(new SignUpCommand({ ClientId: web.id, Username: 'ian', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'ian@example.com' }] }));
    await client.send(new AdminConfirmSignUpCommand({ UserPoolId: users.id, Username: 'ian' }));
    await expect(client.send(new AdminGetUserCommand({ UserPoolId: users.id, Username: 'ian' }))).resolves.toMatchObject({ UserStatus: 'CONFIRMED' });
  });

  it('groups, ListUsers with Filter and pagination, attributes, disable/enable, global sign-out, delete', async () => {
    const server = await servers.start();
    const client = server.client();
    const { users, web } = server.ids;
    for (const name of ['jo', 'joy', 'kim']) {
      server.clock.advance(1000);
      await server.cognito.ensureUser(users.id, { username: name, password: PASSWORD, attributes: { email: `${name}@example.com` } });
    }
    await client.send(new AdminAddUserToGroupCommand({ UserPoolId: users.id, Username: 'jo', GroupName: 'admin' }));
    await expect(client.send(new AdminListGroupsForUserCommand({ UserPoolId: users.id, Username: 'jo' }))).resolves.toMatchObject({
      Groups: [{ GroupName: 'admin', Precedence: 1 }],
    });
    await client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: users.id, Username: 'jo', GroupName: 'admin' }));
    await expect(client.send(new AdminListGroupsForUserCommand({ UserPoolId: users.id, Username: 'jo' }))).resolves.toMatchObject({ Groups: [] });

    const filtered = await client.send(new ListUsersCommand({ UserPoolId: users.id, Filter: 'username ^= "jo"' }));
    expect(filtered.Users!.map((u) => u.Username)).toEqual(['jo', 'joy']);
    const first = await client.send(new ListUsersCommand({ UserPoolId: users.id, Limit: 2 }));
    const second = await client.send(new ListUsersCommand({ UserPoolId: users.id, Limit: 2, PaginationToken: first.PaginationToken }));
    expect([...first.Users!, ...second.Users!].map((u) => u.Username)).toEqual(['root', 'jo', 'joy', 'kim']);
    expect(second.PaginationToken).toBeUndefined();

    await client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: users.id, Username: 'kim', UserAttributes: [{ Name: 'custom:plan', Value: 'gold' }] }));
    await expect(client.send(new AdminGetUserCommand({ UserPoolId: users.id, Username: 'kim' }))).resolves.toMatchObject({
      UserAttributes: expect.arrayContaining([{ Name: 'custom:plan', Value: 'gold' }]),
    });

    const { AuthenticationResult: tokens } = await client.send(new InitiateAuthCommand({ ClientId: web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'kim', PASSWORD } }));
    await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: users.id, Username: 'kim' }));
    expect(await rejection(client.send(new GetUserCommand({ AccessToken: tokens!.AccessToken })))).toBeInstanceOf(NotAuthorizedException);
    await client.send(new AdminDisableUserCommand({ UserPoolId: users.id, Username: 'kim' }));
    const disabled = await rejection(client.send(new InitiateAuthCommand({ ClientId: web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'kim', PASSWORD } })));
    expect([disabled.name, disabled.message]).toEqual(['NotAuthorizedException', 'User is disabled.']);
    await client.send(new AdminEnableUserCommand({ UserPoolId: users.id, Username: 'kim' }));
    await client.send(new AdminDeleteUserCommand({ UserPoolId: users.id, Username: 'kim' }));
    const gone = await rejection(client.send(new AdminGetUserCommand({ UserPoolId: users.id, Username: 'kim' })));
    expect(gone).toBeInstanceOf(UserNotFoundException);
    expect(gone.message).toBe('User does not exist.');
  });
});

describe('signatures', () => {
  it('admin calls with other keys are refused; public calls need no signature', async () => {
    const server = await servers.start();
    const { users, web } = server.ids;
    const wrongSecret = await rejection(server.client({ ...CREDENTIALS, secretAccessKey: 'wrong' }).send(new ListUsersCommand({ UserPoolId: users.id })));
    expect([wrongSecret.name, wrongSecret.$metadata.httpStatusCode]).toEqual(['InvalidSignatureException', 400]);
    expect(wrongSecret.message).toContain('The request signature we calculated does not match');
    const unknownKey = await rejection(server.client({ accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' }).send(new ListUsersCommand({ UserPoolId: users.id })));
    expect([unknownKey.name, unknownKey.message]).toEqual(['UnrecognizedClientException', 'The security token included in the request is invalid.']);

    const unsigned = await post(server.endpoint, 'AWSCognitoIdentityProviderService.ListUsers', JSON.stringify({ UserPoolId: users.id }));
    expect([unsigned.status, JSON.parse(unsigned.body)]).toEqual([400, { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' }]);
    const publicCall = await post(
      server.endpoint,
      'AWSCognitoIdentityProviderService.SignUp',
      JSON.stringify({ ClientId: web.id, Username: 'lea', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'lea@example.com' }] }),
    );
    expect(publicCall.status).toBe(200);
    expect(JSON.parse(publicCall.body)).toMatchObject({ UserConfirmed: false, UserSub: expect.any(String) });
  });
});

describe('the wire', () => {
  it("answers in the JSON protocol: content type, request id, Cognito's error body and x-amzn-errortype", async () => {
    const server = await servers.start();
    const ok = await post(
      `${server.endpoint}/`,
      'AWSCognitoIdentityProviderService.InitiateAuth',
      JSON.stringify({ ClientId: server.ids.web.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'nobody', PASSWORD } }),
    );
    expect(ok.status).toBe(400);
    expect(ok.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(ok.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(ok.headers.get('x-amzn-errortype')).toBe('NotAuthorizedException');
    expect(JSON.parse(ok.body)).toEqual({ __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });

    const unknown = await post(server.endpoint, 'AWSCognitoIdentityProviderService.FlyToTheMoon', '{}');
    expect([unknown.status, JSON.parse(unknown.body)]).toEqual([400, { __type: 'UnknownOperationException' }]);
    const noTarget = await post(server.endpoint, undefined, '{}');
    expect([noTarget.status, JSON.parse(noTarget.body)]).toEqual([400, { __type: 'UnknownOperationException' }]);
    const badJson = await post(server.endpoint, 'AWSCognitoIdentityProviderService.SignUp', '{"ClientId":');
    expect([badJson.status, JSON.parse(badJson.body).__type]).toEqual([400, 'SerializationException']);
    const get = await fetch(server.endpoint);
    expect(get.status).toBe(405);
  });

  it("a failure that is not the caller's: 500 InternalErrorException, a generic message, the error reported aside", async () => {
    const stateDir = servers.stateDir();
    const server = await servers.start({ stateDir });
    // The pools folder replaced by a file: the next state write fails.
    rmSync(path.join(stateDir, 'cognito', 'pools'), { recursive: true, force: true });
    writeFileSync(path.join(stateDir, 'cognito', 'pools'), 'not a folder');
    const answer = await post(
      server.endpoint,
      'AWSCognitoIdentityProviderService.SignUp',
      JSON.stringify({ ClientId: server.ids.web.id, Username: 'max', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'max@example.com' }] }),
    );
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toEqual({ __type: 'InternalErrorException', message: 'An internal error occurred in the local Cognito.' });
    expect(answer.body).not.toContain('pools');
    expect(server.internalErrors).toHaveLength(1);
    expect((server.internalErrors[0] as NodeJS.ErrnoException).code).toMatch(/^(EEXIST|ENOTDIR)$/);
  });

  it('CORS: a browser on another origin gets its preflight answered for the headers Amplify and the SDK send, and may read answers', async () => {
    const server = await servers.start();
    const origin = 'http://localhost:5173';
    const preflight = await fetch(server.endpoint, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent,cache-control,amz-sdk-invocation-id,amz-sdk-request',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    for (const header of ['content-type', 'x-amz-target', 'x-amz-user-agent', 'cache-control', 'amz-sdk-invocation-id', 'amz-sdk-request'])
      expect(preflight.headers.get('access-control-allow-headers')).toContain(header);
    const answer = await post(server.endpoint, 'AWSCognitoIdentityProviderService.InitiateAuth', '{}', { origin });
    expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
    expect(answer.headers.get('access-control-expose-headers')).toContain('x-amzn-errortype');
    const jwks = await fetch(`${server.endpoint}/${server.ids.users.id}/.well-known/jwks.json`, { headers: { origin } });
    expect(jwks.headers.get('access-control-allow-origin')).toBe(origin);
  });

  it('listings and well-known documents: pools, codes, JWKS, OpenID configuration; unknown routes and pools are 404', async () => {
    const server = await servers.start();
    const { users, web, server: serverClient } = server.ids;
    const json = async (url: string) => {
      const response = await fetch(url);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const pools = await json(`${server.endpoint}/pools`);
    expect(pools.status).toBe(200);
    expect(pools.body['pools']).toEqual([
      expect.objectContaining({
        id: users.id,
        name: 'shop-users-dev',
        issuer: `${server.endpoint}/${users.id}`,
        userCount: 1,
        groups: ['admin', 'ShopAuth-Staff'],
        clients: [expect.objectContaining({ id: web.id, name: 'web' }), expect.objectContaining({ id: serverClient.id, secret: serverClient.secret })],
      }),
      expect.objectContaining({ id: server.ids.customers.id }),
    ]);
    await server.client().send(new SignUpCommand({ ClientId: web.id, Username: 'ned', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'ned@example.com' }] }));
    const codes = await json(`${server.endpoint}/codes?poolId=${users.id}`);
    expect(codes.body['codes']).toEqual([
      expect.objectContaining({
        poolId: users.id,
        username: 'ned',
        purpose: 'SIGN_UP',
        code: expect.stringMatching(/^\d{6}$/),
        deliveryMedium: 'EMAIL',
        destination: 'ned@example.com',
      }),
    ]);
    expect((await json(`${server.endpoint}/codes?username=nobody`)).body).toEqual({ codes: [] });
    const jwks = await json(`${server.endpoint}/${users.id}/.well-known/jwks.json`);
    expect(jwks).toEqual({ status: 200, body: server.cognito.jwks(users.id) });
    const openid = await json(`${server.endpoint}/${users.id}/.well-known/openid-configuration`);
    expect(openid.body).toMatchObject({ issuer: `${server.endpoint}/${users.id}`, jwks_uri: `${server.endpoint}/${users.id}/.well-known/jwks.json` });
    expect(await json(`${server.endpoint}/eu-west-1_nope/.well-known/jwks.json`)).toEqual({ status: 404, body: { message: 'User pool eu-west-1_nope does not exist.' } });
    // A malformed percent-encoding names no pool: 404, not a URIError answered 500.
    for (const document of ['jwks.json', 'openid-configuration']) {
      expect(await json(`${server.endpoint}/eu-west-1_%E0%A4%A/.well-known/${document}`)).toEqual({ status: 404, body: { message: 'User pool eu-west-1_%E0%A4%A does not exist.' } });
    }
    expect(server.internalErrors).toEqual([]);
    const lost = await json(`${server.endpoint}/somewhere`);
    expect(lost.status).toBe(404);
    expect(lost.body['message']).toContain('POST /_local/cognito');
  });
});
