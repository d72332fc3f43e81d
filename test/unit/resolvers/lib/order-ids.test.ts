/**
 * resolvers/lib/order-ids.ts: KSUIDs whose payload starts with the millisecond, checked against
 * the `ksuid` package's encoding, and for order by time across new and original ids. That it gives
 * the same ids in the APPSYNC_JS sandbox is in original-values-in-sandbox.test.ts.
 */
import { randomUUID } from 'node:crypto';
import KSUID from 'ksuid';
import { describe, expect, it } from 'vitest';
import { orderIdAt } from '../../../../resolvers/lib/order-ids.js';

/** The original OrderService's order from original-services.md, created 2023-08-22T02:07:33.696174. */
const ORIGINAL_ID = '2UJuYiRSoBMgAiXg7jBp0V0UqxU';

/** The same id built by the reference library: KSUID timestamp, then the millisecond (2 bytes), then UUID bytes 2 to 15. */
function reference(epochMs: number, uuid: string): string {
  const payload = Buffer.concat([Buffer.from([Math.floor((epochMs % 1000) / 256), (epochMs % 1000) % 256]), Buffer.from(uuid.replace(/-/g, ''), 'hex').subarray(2)]);
  return KSUID.fromParts(epochMs, payload).string;
}

describe('orderIdAt', () => {
  it.each([
    ['KSUID epoch', Date.UTC(2014, 4, 13, 16, 53, 20)],
    ['the original order second, ms 696', Date.parse('2023-08-22T02:07:33.696Z')],
    ['a millisecond 999', Date.parse('2026-01-31T23:59:59.999Z')],
    ['a millisecond 0', Date.parse('2026-02-01T00:00:00.000Z')],
    ['late in KSUID range', Date.parse('2150-01-01T00:00:00.255Z')],
  ])('is the KSUID the ksuid package builds from the same bytes (%s), 27 base62 characters', (_label, ms) => {
    const uuid = randomUUID();
    const id = orderIdAt(ms, uuid);
    expect(id).toBe(reference(ms, uuid));
    expect(id).toMatch(/^[0-9A-Za-z]{27}$/);
    const parsed = KSUID.parse(id);
    expect(parsed.date.getTime()).toBe(Math.floor(ms / 1000) * 1000);
    expect(parsed.payload.readUInt16BE(0)).toBe(ms % 1000);
  });

  it('sorts ids of one second by millisecond, as strings (the sort keys) and whatever the random bytes', () => {
    const second = Date.parse('2026-03-01T12:00:07.000Z');
    const times = [0, 1, 2, 255, 256, 257, 500, 998, 999].map((ms) => second + ms);
    const ids = times.map((t) => orderIdAt(t, randomUUID()));
    expect([...ids].sort()).toEqual(ids);
    // Random bytes at their extremes cannot reorder two milliseconds.
    expect(orderIdAt(second + 1, 'ffffffffffffffffffffffffffffffff') < orderIdAt(second + 2, '00000000000000000000000000000000')).toBe(true);
    expect(orderIdAt(second + 999, 'ffffffffffffffffffffffffffffffff') < orderIdAt(second + 1000, '00000000000000000000000000000000')).toBe(true);
  });

  it('sorts an original KSUID (second resolution, random payload) by its second among new ids', () => {
    const originalSecond = KSUID.parse(ORIGINAL_ID).date.getTime();
    expect(orderIdAt(originalSecond - 1, randomUUID()) < ORIGINAL_ID).toBe(true);
    expect(orderIdAt(originalSecond + 1000, randomUUID()) > ORIGINAL_ID).toBe(true);
    expect(orderIdAt(Date.parse('2026-01-01T00:00:00Z'), randomUUID()) > ORIGINAL_ID).toBe(true);
  });

  it('takes the random bytes from the UUID with or without dashes, in either case', () => {
    const uuid = randomUUID();
    const ms = Date.parse('2026-05-05T05:05:05.505Z');
    expect(orderIdAt(ms, uuid.replace(/-/g, '').toUpperCase())).toBe(orderIdAt(ms, uuid));
  });
});
