/**
 * addUser end to end with a stand-in for the add-user Lambda data source: what the function is
 * sent (the input and who calls), its domain refusals reaching the caller with their type, its
 * `unauthorized` becoming AppSync's Unauthorized, a caller refused before the function is
 * invoked, and a crashed invocation (AppSync's Lambda:Unhandled) becoming InternalFailure.
 */
import { describe, expect, it } from 'vitest';
import type { DataSourceInvoker, DataSourceResult } from 'appsync-local/runtime';
import { expectError, expectInternalFailure, expectUnauthorized, expectValidationError } from '../../../helpers/requests.js';
import { resolveField, subOf } from '../../../helpers/resolvers.js';

/** The Lambda data source: records each invocation and answers as told. */
function lambda(answer: DataSourceResult) {
  const calls: { dataSource: string; request: unknown }[] = [];
  const invoke: DataSourceInvoker = async ({ dataSource, request }) => {
    calls.push({ dataSource, request });
    return answer;
  };
  return { calls, invoke };
}

const input = { username: 'ann', email: ' Ann@Example.COM ', name: 'Ann' };
const created = { username: 'ann', email: 'ann@example.com', name: 'Ann', address: null, createdAt: '2024-06-01T09:00:00.000Z', updatedAt: null };

describe('addUser', () => {
  it.each([
    ['OWNER', { kind: 'user', username: 'ann', sub: subOf('ann') }],
    ['ADMIN', { kind: 'admin', username: 'operator' }],
    ['IAM', { kind: 'service' }],
  ] as const)('invokes the add-user function once with {input, caller} and returns its user (%s)', async (auth, caller) => {
    const { calls, invoke } = lambda({ result: { user: created } });
    const resolution = await resolveField('Mutation', 'addUser', { args: { input }, auth }, invoke);
    expect(resolution.errors).toEqual([]);
    expect(resolution.value).toEqual(created);
    expect(calls).toEqual([{ dataSource: 'addUserFunction', request: { operation: 'Invoke', payload: { input, caller } } }]);
  });

  it('never invokes the function for a signed-in user adding another username', async () => {
    const { calls, invoke } = lambda({ result: { user: created } });
    expectUnauthorized(await resolveField('Mutation', 'addUser', { args: { input }, auth: { user: 'bob' } }, invoke), 'addUser', 'Mutation');
    expect(calls).toEqual([]);
  });

  it('answers Unauthorized when the function found no verified email for the caller', async () => {
    const { invoke } = lambda({ result: { unauthorized: true } });
    expectUnauthorized(await resolveField('Mutation', 'addUser', { args: { input } }, invoke), 'addUser', 'Mutation');
  });

  it.each([
    ['UsernameTaken', 'input.username'],
    ['EmailTaken', 'input.email'],
  ])('a %s refusal from the function reaches the caller as that errorType', async (type, field) => {
    const { invoke } = lambda({ result: { error: { type, message: `That ${field.slice(6)} is taken.`, field } } });
    const resolution = await resolveField('Mutation', 'addUser', { args: { input } }, invoke);
    expect(expectError(resolution, type, { field }).message).toBe(`That ${field.slice(6)} is taken.`);
  });

  it('an invalid input never reaches the function', async () => {
    const { calls, invoke } = lambda({ result: { user: created } });
    expectValidationError(await resolveField('Mutation', 'addUser', { args: { input: { ...input, username: 'a#b' } }, auth: 'IAM' }, invoke), 'input.username');
    expect(calls).toEqual([]);
  });

  it('a crashed or timed-out function (Lambda:Unhandled) is InternalFailure without its text', async () => {
    const crash = { type: 'Lambda:Unhandled', message: '2024-06-01T09:00:00.000Z 1f2e Task timed out after 10.01 seconds (arn:aws:lambda:eu-west-1:123456789012:function:add-user)' };
    const { invoke } = lambda({ result: null, error: crash });
    expectInternalFailure(await resolveField('Mutation', 'addUser', { args: { input } }, invoke), crash);
  });
});
