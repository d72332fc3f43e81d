/**
 * The auth configuration's regular expressions (AppIdClientRegex, ClientId,
 * IdentityValidationExpression) read as AppSync reads them: Java patterns matched against the
 * whole value; one JavaScript cannot compile matches nothing instead of throwing.
 */
import { describe, expect, it } from 'vitest';
import { matchesConfiguredPattern } from '../../../src/auth/configured-pattern.js';

describe('matchesConfiguredPattern', () => {
  it.each([
    ['web.*', 'web1', true],
    ['web', 'web1', false],
    ['web', 'xweb', false],
    ['a|b', 'ab', false],
    ['(?m)web', 'x\nweb', false],
    ['(?i)WEB[0-9]+', 'web42', true],
    ['\\Qweb.1\\E', 'web.1', true],
    ['\\Qweb.1\\E', 'webx1', false],
    ['\\Aweb\\z', 'web', true],
    ['\\p{Lu}+', 'ÄB', true],
    ['web\\-[0-9]+', 'web-1', true],
  ])('%j against %j: %s', (pattern, value, expected) => {
    expect(matchesConfiguredPattern(pattern, value)).toBe(expected);
  });

  it.each(['a++', '(?>web)', '(?x) web', 'a{2,1}'])('%j, which JavaScript cannot compile, matches nothing and does not throw', (pattern) => {
    expect(matchesConfiguredPattern(pattern, 'web')).toBe(false);
    expect(matchesConfiguredPattern(pattern, pattern)).toBe(false);
  });
});
