/**
 * resolvers/lib/countries.ts against i18n-iso-countries: our list is its ISO 3166-1 alpha-2 codes
 * minus XK (Kosovo, a user-assigned code, not an officially assigned one).
 */
import countries from 'i18n-iso-countries';
import { describe, expect, it } from 'vitest';
import { isCountryCode } from '../../../../resolvers/lib/countries.js';

const reference = Object.keys(countries.getAlpha2Codes())
  .filter((code) => code !== 'XK')
  .sort();

describe('isCountryCode', () => {
  it('the reference has the 249 officially assigned codes', () => {
    expect(reference).toHaveLength(249);
  });

  it('accepts every assigned code', () => {
    expect(reference.filter((code) => !isCountryCode(code))).toEqual([]);
  });

  it('accepts nothing else among all two-letter upper-case strings', () => {
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
    const accepted = letters.flatMap((a) => letters.map((b) => a + b)).filter(isCountryCode);
    expect(accepted.sort()).toEqual(reference);
  });

  it.each(['XK', 'UK', 'EU', 'de', 'dE', 'DEU', 'D', '', ' D', 'D ', 'D E', 'AD AE', 'DA', 'E '])('rejects %j', (code) => {
    expect(isCountryCode(code)).toBe(false);
  });
});
