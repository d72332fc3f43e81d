/** Mutation.addUser: authorized and validated here, inserted by the add-user Lambda function, whose refusals come back as data. */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectInternalFailure, expectUnauthorized, expectValidationError, returned } from '../../helpers/requests.js';
import { resolverHandlers, subOf, type Handlers } from '../../helpers/resolvers.js';

let addUser: Handlers;
beforeAll(async () => {
  addUser = await resolverHandlers('Mutation', 'addUser');
});

const input = { username: 'ann', email: 'Ann.Lee@Example.com', name: 'Ann Lee' };

describe('Mutation.addUser request', () => {
  it('invokes the function synchronously with exactly the input and who calls (so it can check a user’s verified email)', () => {
    const callers = [
      ['OWNER', { kind: 'user', username: 'ann', sub: subOf('ann') }],
      ['ADMIN', { kind: 'admin', username: 'operator' }],
      ['IAM', { kind: 'service' }],
    ] as const;
    for (const [auth, caller] of callers) {
      const request = returned(addUser.request({ args: { input }, auth }));
      expect(request).toEqual({ operation: 'Invoke', payload: { input: { username: 'ann', email: 'Ann.Lee@Example.com', name: 'Ann Lee' }, caller } });
    }
  });

  it('refuses a signed-in user adding someone else’s profile, and an API-key caller, before invoking anything', () => {
    expectUnauthorized(addUser.request({ args: { input }, auth: { user: 'bob' } }), 'addUser', 'Mutation');
    expectUnauthorized(addUser.request({ args: { input }, auth: 'API_KEY' }), 'addUser', 'Mutation');
  });

  it.each([
    [{ ...input, username: 'a' }, 'input.username'],
    [{ ...input, username: 'ann#CUSTOMER' }, 'input.username'],
    [{ ...input, username: 'ann lee' }, 'input.username'],
    [{ ...input, email: 'a#b@example.com' }, 'input.email'],
    [{ ...input, email: `${'x'.repeat(250)}@example.com` }, 'input.email'],
    [{ ...input, email: '@example.com' }, 'input.email'],
    [{ ...input, name: '   ' }, 'input.name'],
    [{ ...input, name: 'n'.repeat(201) }, 'input.name'],
  ])('rejects %j naming %s, without invoking anything', (args, field) => {
    expectValidationError(addUser.request({ args: { input: args }, auth: 'IAM' }), field);
  });

  it('reports the first problem only (username before email before name)', () => {
    expectValidationError(addUser.request({ args: { input: { username: '#', email: '#', name: '' } }, auth: 'IAM' }), 'input.username');
  });

  it('accepts a name of 200 characters after trimming', () => {
    expect(returned(addUser.request({ args: { input: { ...input, name: `  ${'n'.repeat(200)}  ` } } }))).toMatchObject({ operation: 'Invoke' });
  });
});

describe('Mutation.addUser response', () => {
  const user = { username: 'ann', email: 'ann.lee@example.com', name: 'Ann Lee', address: null, createdAt: '2024-06-01T09:00:00.000Z', updatedAt: null };

  it("returns the function's user", () => {
    expect(returned(addUser.response({ args: { input } }, { result: { user } }))).toEqual(user);
  });

  it.each([
    ['UsernameTaken', 'input.username', 'The username ann is taken.'],
    ['EmailTaken', 'input.email', 'The email is already in use.'],
    ['ValidationError', 'input.email', 'input.email is not a valid email address.'],
  ])('passes the function’s %s on with its field and message', (type, field, message) => {
    const outcome = addUser.response({ args: { input } }, { result: { error: { type, message, field } } });
    expect(expectError(outcome, type, { field }).message).toBe(message);
  });

  it('answers Unauthorized when the function found no verified email of the caller’s (the account is gone, or unverified)', () => {
    expectUnauthorized(addUser.response({ args: { input } }, { result: { unauthorized: true } }), 'addUser', 'Mutation');
  });

  it('passes a refusal without a field on with no errorInfo', () => {
    expectError(addUser.response({ args: { input } }, { result: { error: { type: 'UsernameTaken', message: 'taken' } } }), 'UsernameTaken', null);
  });

  it('turns a failed invocation (Lambda:Unhandled) into InternalFailure without its text', () => {
    const crash = { type: 'Lambda:Unhandled', message: 'AccessDeniedException: User arn:aws:sts::123456789012:assumed-role/fn is not authorized to perform dynamodb:TransactWriteItems on Table' };
    expectInternalFailure(addUser.response({ args: { input } }, { result: null, error: crash }), crash);
  });
});
