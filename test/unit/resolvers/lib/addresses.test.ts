/**
 * resolvers/lib/addresses.ts: the API's Address map, and the original UserService's free-text
 * address (`address`, lower case, as its code writes it; a string under `Address` reads the same).
 */
import { describe, expect, it } from 'vitest';
import { storedAddress, toAddress, toAddressAttribute } from '../../../../resolvers/lib/addresses.js';

const ORIGINAL_TEXT = '124 Street Akl NZ';
const FREE_TEXT = { formatted: ORIGINAL_TEXT, line1: ORIGINAL_TEXT, line2: null, city: '', region: null, postalCode: null, country: '' };

describe('toAddress', () => {
  it('serves a structured address with every field, and formatted joining its non-empty parts', () => {
    expect(toAddress({ Address: { Line1: '1 Main St', Line2: 'Flat 2', City: 'Berlin', Region: 'BE', PostalCode: '10115', Country: 'DE' } })).toEqual({
      formatted: '1 Main St, Flat 2, Berlin, BE, 10115, DE',
      line1: '1 Main St',
      line2: 'Flat 2',
      city: 'Berlin',
      region: 'BE',
      postalCode: '10115',
      country: 'DE',
    });
    expect(toAddress({ Address: { Line1: 'a', City: 'b', Country: 'US' } })).toEqual({ formatted: 'a, b, US', line1: 'a', line2: null, city: 'b', region: null, postalCode: null, country: 'US' });
  });

  it.each([
    ['the original `address`', { address: ORIGINAL_TEXT }],
    ['a string under `Address`', { Address: ORIGINAL_TEXT }],
    ['`address` next to an empty `Address`', { Address: '', address: ORIGINAL_TEXT }],
    ['`address` next to `Address: null`', { Address: null, address: ORIGINAL_TEXT }],
    ['padded text', { address: `  ${ORIGINAL_TEXT} ` }],
  ])('serves a free-text address (%s) whole: formatted and line1 carry it, city and country are empty', (_label, holder) => {
    expect(toAddress(holder)).toEqual(FREE_TEXT);
  });

  it("prefers the API's map over the original's text (editAddress wrote it later)", () => {
    expect(toAddress({ Address: { Line1: 'new', City: 'c', Country: 'NZ' }, address: 'old text' })?.line1).toBe('new');
  });

  it('serves a map with required parts missing as empty strings, never null (the fields are non-null)', () => {
    expect(toAddress({ Address: { Line1: 'x' } as never })).toMatchObject({ line1: 'x', city: '', country: '', formatted: 'x' });
  });

  it.each([[{}], [{ Address: null }], [{ address: '   ' }], [{ Address: '' }]])('is null for %j', (holder) => {
    expect(toAddress(holder)).toBeNull();
  });

  it('is what storedAddress stores, so a migrated free-text address reads exactly as before', () => {
    const migrated = storedAddress({ address: ORIGINAL_TEXT });
    expect(migrated).toEqual({ Line1: ORIGINAL_TEXT, City: '', Country: '' });
    expect(toAddress({ Address: migrated })).toEqual(toAddress({ address: ORIGINAL_TEXT }));
  });
});

describe('toAddressAttribute', () => {
  it('stores the input trimmed, leaving out empty optional fields', () => {
    expect(toAddressAttribute({ line1: ' 1 Main St ', line2: ' ', city: ' Berlin', region: null, postalCode: '10115 ', country: 'DE' })).toEqual({
      Line1: '1 Main St',
      City: 'Berlin',
      PostalCode: '10115',
      Country: 'DE',
    });
  });
});
