/**
 * The resolvers/lib helpers that read the original services' values and make order ids run in
 * resolvers, so in AppSync's APPSYNC_JS runtime: loaded through the local runtime (its save-time
 * check included) they must give what they give in Node, where the other lib tests run them.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppSyncCode } from 'appsync-local/runtime';
import { toAddress } from '../../../../resolvers/lib/addresses.js';
import { orderIdAt } from '../../../../resolvers/lib/order-ids.js';
import { toOrderStatus } from '../../../../resolvers/lib/order-status.js';
import { toAwsDateTime } from '../../../../resolvers/lib/timestamps.js';
import { loadCode, runtime } from '../../../helpers/resolvers.js';

let sandboxed: AppSyncCode;
beforeAll(async () => {
  sandboxed = await loadCode('test/fixtures/appsync-js/original-values.ts');
});

const INPUT = {
  times: [Date.parse('2023-08-22T02:07:33.696Z'), Date.parse('2026-03-01T12:00:07.001Z'), Date.parse('2026-03-01T12:00:07.999Z')],
  hex: randomUUID(),
  timestamps: ['2023-08-22T02:07:33.696174', '2023-08-22T02:07:33', '2024-03-01T12:00:00+0200', '2024-03-01T10:00:00.000Z', '2023-02-29T00:00:00', 'x', null],
  statuses: ['CANCEL', 'canceled', 'Placed', 'SHIPPED', 'RETURNED', null],
  holders: [{ address: '124 Street Akl NZ' }, { Address: '124 Street Akl NZ' }, { Address: { Line1: '1 Main St', City: 'Berlin', Country: 'DE' } }, {}],
};

describe('the value mappers and order ids in the APPSYNC_JS sandbox', () => {
  it('give what they give in Node', () => {
    const outcome = sandboxed.evaluate('request', runtime.fieldContext({ arguments: INPUT }));
    expect(outcome.error).toBeUndefined();
    expect(runtime.toHost(outcome.value)).toEqual({
      ids: INPUT.times.map((t) => orderIdAt(t, INPUT.hex)),
      timestamps: INPUT.timestamps.map(toAwsDateTime),
      statuses: INPUT.statuses.map(toOrderStatus),
      addresses: INPUT.holders.map(toAddress),
    });
  });
});
