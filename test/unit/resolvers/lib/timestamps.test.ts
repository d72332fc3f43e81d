/**
 * resolvers/lib/timestamps.ts: stored timestamps as AWSDateTime. The original services wrote
 * Python's `datetime.utcnow().isoformat()` (no offset); the API serves the same instant with `Z`.
 */
import { describe, expect, it } from 'vitest';
import { AWS_SCALARS } from 'appsync-local/runtime';
import { toAwsDateTime } from '../../../../resolvers/lib/timestamps.js';

/** What the local AppSync's AWSDateTime does with a value it is asked to serve. */
const serializes = (value: string) => AWS_SCALARS['AWSDateTime']!.serialize(value);

describe('toAwsDateTime', () => {
  it.each([
    // The original services' timestamps, exactly as original-services.md shows them.
    ['2023-08-22T02:07:33.696174', '2023-08-22T02:07:33.696174Z'],
    ['2023-08-22T02:09:03.577842', '2023-08-22T02:09:03.577842Z'],
    ['2023-08-21T22:21:34.811747', '2023-08-21T22:21:34.811747Z'],
    // isoformat() writes no fraction when the microseconds are zero.
    ['2023-08-22T02:07:33', '2023-08-22T02:07:33Z'],
    // str(datetime) separates with a space.
    ['2023-08-22 02:07:33.5', '2023-08-22T02:07:33.5Z'],
    ['2024-02-29T23:59:59.999', '2024-02-29T23:59:59.999Z'],
    ['2023-08-22T02:07', '2023-08-22T02:07:00Z'],
    ['  2023-08-22T02:07:33.1  ', '2023-08-22T02:07:33.1Z'],
    // AWSDateTime takes at most 9 fractional digits.
    ['2023-08-22T02:07:33.1234567891', '2023-08-22T02:07:33.123456789Z'],
  ])('serves the offset-less %j as UTC: %j', (stored, served) => {
    expect(toAwsDateTime(stored)).toBe(served);
    expect(serializes(served)).toBe(served);
    // The same instant (to the millisecond, which is what Date can tell).
    expect(Date.parse(served)).toBe(Date.parse(`${stored.trim().replace(' ', 'T').slice(0, 23)}Z`));
  });

  it.each([
    ['2024-03-01T10:00:00.000Z', '2024-03-01T10:00:00.000Z'],
    ['2024-03-01T10:00:00.000z', '2024-03-01T10:00:00.000Z'],
    ['2024-03-01T10:00:00.000+00:00', '2024-03-01T10:00:00.000Z'],
    ['2024-03-01T12:00:00+02:00', '2024-03-01T12:00:00+02:00'],
    ['2024-03-01T15:30:00+0530', '2024-03-01T15:30:00+05:30'],
    ['2024-03-01T05:00:00-05', '2024-03-01T05:00:00-05:00'],
    ['2024-03-01T04:00:00-0600', '2024-03-01T04:00:00-06:00'],
  ])('keeps a value with an offset as it is, the offset spelled out: %j as %j', (stored, served) => {
    expect(toAwsDateTime(stored)).toBe(served);
    expect(serializes(served)).toBe(served);
    // Each is 10:00 UTC.
    expect(Date.parse(served)).toBe(Date.parse('2024-03-01T10:00:00.000Z'));
  });

  it.each([
    ['', 'empty'],
    ['yesterday', 'no date-time'],
    ['2023-08-22', 'a date alone'],
    ['2023-02-29T00:00:00', 'February 29th of a common year'],
    ['2023-13-01T00:00:00', 'month 13'],
    ['2023-08-22T24:00:00', 'hour 24'],
    ['2023-08-22T02:60:00', 'minute 60'],
    ['2023-08-22T02:07:33.', 'an empty fraction'],
    ['2023-08-22T02:07:33.1.2', 'two fractions'],
    ['2023-08-22T02:07.5', 'a fraction without seconds'],
    ['2023-08-22T02:07:33+25:00', 'an offset past 18 hours'],
    ['2023-08-22T02:07:33+2', 'a one-digit offset'],
    ['2023-8-22T02:07:33', 'a one-digit month'],
    ['2023-08-22X02:07:33', 'an unknown separator'],
    [1692670053, 'a number'],
    [null, 'null'],
    [undefined, 'nothing'],
  ] as [unknown, string][])('is null for %j (%s): callers fall back', (stored) => {
    expect(toAwsDateTime(stored)).toBeNull();
  });
});
