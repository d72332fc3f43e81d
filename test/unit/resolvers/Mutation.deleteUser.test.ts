/**
 * Mutation.deleteUser, a pipeline: markUserDeleting → findUserOrders → deleteUserOrRelease.
 * Each step's request and response on its own; the whole field runs in deleteUser.field.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CONDITION_FAILED, CONDITION_FAILED_REASONS, functionHandlers, resolverHandlers, TABLE_NAME, THROTTLED, transactionCanceled, type Handlers } from '../../helpers/resolvers.js';
import { decodeUpdate, expectError, expectInternalFailure, expectValidationError, plain, resolved, returned, type DynamoRequest } from '../../helpers/requests.js';
import { legacyProfile, order, orderId, profile } from '../../helpers/table-items.js';

let resolver: Handlers;
let mark: Handlers;
let find: Handlers;
let finish: Handlers;
beforeAll(async () => {
  resolver = await resolverHandlers('Mutation', 'deleteUser');
  mark = await functionHandlers('markUserDeleting', 'Mutation', 'deleteUser');
  find = await functionHandlers('findUserOrders', 'Mutation', 'deleteUser');
  finish = await functionHandlers('deleteUserOrRelease', 'Mutation', 'deleteUser');
});

const MARK = '2024-06-01T12:00:00.000Z';

describe('Mutation.deleteUser (before and after the functions)', () => {
  it('validates the username before any function runs', () => {
    expectValidationError(resolver.request({ args: { username: 'x'.repeat(257) } }), 'username');
    expectValidationError(resolver.request({ args: { username: 'ann#ORDER#1' } }), 'username');
    expect(resolver.request({ args: { username: 'ann' } }).kind).toBe('returned');
    // An original services' username, which this API would not give a new profile, still acts on its own.
    expect(resolver.request({ args: { username: 'john smith' } }).kind).toBe('returned');
  });

  it("returns the last function's result", () => {
    const deleted = { username: 'ann', email: 'ann@example.com', name: 'Ann', address: null, createdAt: '2024-03-01T10:00:00.000Z', updatedAt: null };
    expect(returned(resolver.response({ args: { username: 'ann' } }, { prev: deleted }))).toEqual(deleted);
  });
});

describe('markUserDeleting', () => {
  it("sets Deleting to now on the existing user's profile (not on a ghost profile without an email)", () => {
    const before = Date.now();
    const request = returned<DynamoRequest>(mark.request({ args: { username: 'ann' } }));
    expect(request.operation).toBe('UpdateItem');
    expect(plain(request.key)).toEqual({ PK: 'CUSTOMER#ann', SK: 'CUSTOMER#ann' });
    const { set, remove } = decodeUpdate(request.update);
    expect(remove).toEqual([]);
    expect(Object.keys(set)).toEqual(['Deleting']);
    const at = Date.parse(set['Deleting'] as string);
    expect(at).toBeGreaterThanOrEqual(before - 1);
    expect(at).toBeLessThanOrEqual(Date.now() + 1);
    expect(resolved(request.condition)).toBe('(attribute_exists(PK)) AND (attribute_exists(Email))');
  });

  it('keeps the marked profile (legacy ones too) in the stash for the last step', () => {
    const item = legacyProfile('old', { Deleting: MARK });
    const outcome = mark.response({ args: { username: 'old' } }, { result: item });
    expect(returned(outcome)).toEqual(item);
    expect(outcome.stash['profile']).toEqual(item);
  });

  it('is UserNotFound when there is no profile', () => {
    expect(expectError(mark.response({ args: { username: 'ghost' } }, { result: null, error: CONDITION_FAILED }), 'UserNotFound').message).toContain('ghost');
  });

  it('turns any other failure into InternalFailure without its text', () => {
    expectInternalFailure(mark.response({ args: { username: 'ann' } }, { result: null, error: THROTTLED }), THROTTLED);
  });
});

describe('findUserOrders', () => {
  it('reads at most one order of the user, consistently (so an order committed before the mark is seen)', () => {
    const request = returned<DynamoRequest>(find.request({ args: { username: 'ann' } }));
    expect(request.operation).toBe('Query');
    expect(resolved(request.query)).toBe('PK = "CUSTOMER#ann" AND begins_with(SK, "#ORDER#")');
    expect(request.limit).toBe(1);
    expect(request.consistentRead).toBe(true);
    expect(request).not.toHaveProperty('index');
  });

  it('answers whether an order came back', () => {
    expect(returned(find.response({ args: { username: 'ann' } }, { result: { items: [], nextToken: null, scannedCount: 0 } }))).toEqual({ hasOrders: false });
    expect(returned(find.response({ args: { username: 'ann' } }, { result: { items: [order('ann', orderId(1))], nextToken: 'eyJ9', scannedCount: 1 } }))).toEqual({ hasOrders: true });
  });

  it('turns a failure into InternalFailure without its text', () => {
    expectInternalFailure(find.response({ args: { username: 'ann' } }, { result: null, error: THROTTLED }), THROTTLED);
  });
});

describe('deleteUserOrRelease', () => {
  const marked = profile('ann', { Email: 'ann.lee@example.com', Deleting: MARK });

  describe('when the user has orders', () => {
    it('removes its own mark again (only if it is still its own)', () => {
      const request = returned<DynamoRequest>(finish.request({ args: { username: 'ann' }, stash: { profile: marked } }, { prev: { hasOrders: true } }));
      expect(request.operation).toBe('UpdateItem');
      expect(plain(request.key)).toEqual({ PK: 'CUSTOMER#ann', SK: 'CUSTOMER#ann' });
      expect(decodeUpdate(request.update)).toEqual({ set: {}, remove: ['Deleting'] });
      expect(resolved(request.condition)).toBe(`(Deleting = "${MARK}")`);
    });

    it('refuses with UserHasOrders once the mark is released, and also when a newer deleteUser took the mark over', () => {
      for (const step of [{ result: { ...marked, Deleting: undefined } }, { result: marked, error: CONDITION_FAILED }]) {
        const field = finish.context({ args: { username: 'ann' }, stash: { profile: marked } });
        returned(finish.request(field, { prev: { hasOrders: true } }));
        expect(expectError(finish.response(field, step), 'UserHasOrders').message).toContain('ann');
      }
    });

    it('is InternalFailure when releasing failed unexpectedly', () => {
      const field = finish.context({ args: { username: 'ann' }, stash: { profile: marked } });
      returned(finish.request(field, { prev: { hasOrders: true } }));
      expectInternalFailure(finish.response(field, { result: null, error: THROTTLED }), THROTTLED);
    });
  });

  describe('when the user has no orders', () => {
    it('deletes the profile (while the mark is its own), its email guard and its name guard (each if unowned or owned by the user) in one transaction', () => {
      const request = returned<DynamoRequest>(finish.request({ args: { username: 'ann' }, stash: { profile: marked } }, { prev: { hasOrders: false } }));
      expect(request.operation).toBe('TransactWriteItems');
      const [deleteProfile, deleteGuard, deleteNameGuard, ...rest] = request.transactItems!;
      expect(rest).toEqual([]);
      expect(deleteProfile!['operation']).toBe('DeleteItem');
      expect(deleteProfile!['table']).toBe(TABLE_NAME);
      expect(plain(deleteProfile!.key)).toEqual({ PK: 'CUSTOMER#ann', SK: 'CUSTOMER#ann' });
      expect(resolved(deleteProfile!.condition)).toBe(`(Deleting = "${MARK}")`);
      expect(deleteGuard!['operation']).toBe('DeleteItem');
      expect(deleteGuard!['table']).toBe(TABLE_NAME);
      expect(plain(deleteGuard!.key)).toEqual({ PK: 'CUSTOMEREMAIL#ann.lee@example.com', SK: 'CUSTOMEREMAIL#ann.lee@example.com' });
      expect(resolved(deleteGuard!.condition)).toBe('((attribute_not_exists(Username)) OR (Username = "ann"))');
      expect(deleteNameGuard!['operation']).toBe('DeleteItem');
      expect(deleteNameGuard!['table']).toBe(TABLE_NAME);
      expect(plain(deleteNameGuard!.key)).toEqual({ PK: 'CUSTOMERNAME#ann', SK: 'CUSTOMERNAME#ann' });
      expect(resolved(deleteNameGuard!.condition)).toBe('((attribute_not_exists(Username)) OR (Username = "ann"))');
    });

    it('returns the deleted user, legacy profiles included', () => {
      const legacy = legacyProfile('old', { Deleting: MARK });
      const field = finish.context({ args: { username: 'old' }, stash: { profile: legacy } });
      returned(finish.request(field, { prev: { hasOrders: false } }));
      expect(returned(finish.response(field, { result: { keys: [], cancellationReasons: null } }))).toEqual({
        username: 'old',
        email: 'old@example.com',
        name: 'Name of old',
        address: null,
        createdAt: '1970-01-01T00:00:00.000Z',
        updatedAt: null,
      });
    });

    it.each(CONDITION_FAILED_REASONS)('is ConcurrentModification when the mark changed under it (reason %s)', (reason) => {
      const field = finish.context({ args: { username: 'ann' }, stash: { profile: marked } });
      returned(finish.request(field, { prev: { hasOrders: false } }));
      expectError(finish.response(field, transactionCanceled([reason, 'None'])), 'ConcurrentModification');
    });

    it('is InternalFailure when the guard belongs to someone else, or on a throttle', () => {
      for (const step of [transactionCanceled(['None', 'ConditionalCheckFailed']), { result: null, error: THROTTLED }]) {
        const field = finish.context({ args: { username: 'ann' }, stash: { profile: marked } });
        returned(finish.request(field, { prev: { hasOrders: false } }));
        expectInternalFailure(finish.response(field, step), step.error);
      }
    });
  });
});
