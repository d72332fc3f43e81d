/** Mutation.editAddress: a conditional UpdateItem of the profile; an unknown user is UserNotFound, never a ghost item. */
import { beforeAll, describe, expect, it } from 'vitest';
import { CONDITION_FAILED, resolverHandlers, THROTTLED, type Handlers } from '../../helpers/resolvers.js';
import { decodeUpdate, expectError, expectInternalFailure, expectValidationError, plain, resolved, returned, type DynamoRequest } from '../../helpers/requests.js';
import { legacyProfile, profile } from '../../helpers/table-items.js';

let editAddress: Handlers;
beforeAll(async () => {
  editAddress = await resolverHandlers('Mutation', 'editAddress');
});

const address = { line1: '  1 Main Street ', line2: 'Flat 2', city: ' Berlin', region: '  ', postalCode: '10115 ', country: 'DE' };

describe('Mutation.editAddress request', () => {
  it("replaces Address (trimmed, empty optional fields left out), drops the original's free-text address and sets UpdatedAt, only if the user exists", () => {
    const before = Date.now();
    const request = returned<DynamoRequest>(editAddress.request({ args: { username: 'ann', address } }));
    expect(request.operation).toBe('UpdateItem');
    expect(plain(request.key)).toEqual({ PK: 'CUSTOMER#ann', SK: 'CUSTOMER#ann' });
    const { set, remove } = decodeUpdate(request.update);
    expect(remove).toEqual(['address']);
    expect(Object.keys(set).sort()).toEqual(['Address', 'UpdatedAt']);
    expect(set['Address']).toEqual({ Line1: '1 Main Street', Line2: 'Flat 2', City: 'Berlin', PostalCode: '10115', Country: 'DE' });
    const updatedAt = Date.parse(set['UpdatedAt'] as string);
    expect(updatedAt).toBeGreaterThanOrEqual(before - 1);
    expect(updatedAt).toBeLessThanOrEqual(Date.now() + 1);
    // A ghost profile (key and free-text address only, made by the original edit-address) is no user.
    expect(resolved(request.condition)).toBe('(attribute_exists(PK)) AND (attribute_exists(Email))');
  });

  it('stores a minimal address as Line1, City and Country only', () => {
    const request = returned<DynamoRequest>(editAddress.request({ args: { username: 'ann', address: { line1: 'a', city: 'b', country: 'US', line2: null } } }));
    expect(decodeUpdate(request.update).set['Address']).toEqual({ Line1: 'a', City: 'b', Country: 'US' });
  });

  it('accepts every field at its longest', () => {
    const longest = { line1: 'l'.repeat(200), line2: 'l'.repeat(200), city: 'c'.repeat(100), region: 'r'.repeat(100), postalCode: 'p'.repeat(20), country: 'GB' };
    expect(returned<DynamoRequest>(editAddress.request({ args: { username: 'ann', address: longest } })).operation).toBe('UpdateItem');
  });

  it.each([
    [{ line1: '   ' }, 'address.line1'],
    [{ line1: 'l'.repeat(201) }, 'address.line1'],
    [{ line2: 'l'.repeat(201) }, 'address.line2'],
    [{ city: '' }, 'address.city'],
    [{ city: 'c'.repeat(101) }, 'address.city'],
    [{ region: 'r'.repeat(101) }, 'address.region'],
    [{ postalCode: 'p'.repeat(21) }, 'address.postalCode'],
    [{ country: 'de' }, 'address.country'],
    [{ country: 'DEU' }, 'address.country'],
    [{ country: 'XK' }, 'address.country'],
    [{ country: 'ZZ' }, 'address.country'],
    [{ country: 'E ' }, 'address.country'],
  ])('rejects %j naming %s', (change, field) => {
    expectValidationError(editAddress.request({ args: { username: 'ann', address: { ...address, ...change } } }), field);
  });

  it('rejects a bad username', () => {
    expectValidationError(editAddress.request({ args: { username: 'x'.repeat(257), address } }), 'username');
    expectValidationError(editAddress.request({ args: { username: 'ann#ORDER#1', address } }), 'username');
    // An original services' username, which this API would not give a new profile, is an existing user's.
    expect(editAddress.request({ args: { username: 'john smith', address } }).kind).toBe('returned');
  });
});

describe('Mutation.editAddress response', () => {
  it('returns the updated user (UpdateItem answers the item as updated)', () => {
    const item = profile('ann', { Address: { Line1: '1 Main Street', City: 'Berlin', Country: 'DE', PostalCode: '10115' }, UpdatedAt: '2024-06-02T00:00:00.000Z' });
    expect(returned(editAddress.response({ args: { username: 'ann', address } }, { result: item }))).toEqual({
      username: 'ann',
      email: 'ann@example.com',
      name: 'Name of ann',
      address: { line1: '1 Main Street', line2: null, city: 'Berlin', region: null, postalCode: '10115', country: 'DE', formatted: '1 Main Street, Berlin, 10115, DE' },
      createdAt: '2024-03-01T10:00:00.000Z',
      updatedAt: '2024-06-02T00:00:00.000Z',
    });
  });

  it('returns a legacy profile (no CreatedAt) with the epoch as createdAt', () => {
    const item = legacyProfile('old', { Address: { Line1: 'x', City: 'y', Country: 'FR' }, UpdatedAt: '2024-06-02T00:00:00.000Z' });
    expect(returned(editAddress.response({ args: { username: 'old', address } }, { result: item }))).toMatchObject({ username: 'old', createdAt: '1970-01-01T00:00:00.000Z' });
  });

  it('is UserNotFound when the profile does not exist (the condition failed)', () => {
    const { message } = expectError(editAddress.response({ args: { username: 'ghost', address } }, { result: null, error: CONDITION_FAILED }), 'UserNotFound');
    expect(message).toContain('ghost');
    expect(message).not.toContain('conditional request');
  });

  it('turns any other failure into InternalFailure without its text', () => {
    expectInternalFailure(editAddress.response({ args: { username: 'ann', address } }, { result: null, error: THROTTLED }), THROTTLED);
  });
});
