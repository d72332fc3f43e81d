/** Mutation.publishOrderEvent (IAM only): a NONE data source hands the event back, for onOrderEvent to fan out. */
import { beforeAll, describe, expect, it } from 'vitest';
import { invokeNoneDataSource } from 'appsync-local/runtime';
import { returned } from '../../helpers/requests.js';
import { resolveField, resolverHandlers, type Handlers } from '../../helpers/resolvers.js';
import { orderId } from '../../helpers/table-items.js';

let publish: Handlers;
beforeAll(async () => {
  publish = await resolverHandlers('Mutation', 'publishOrderEvent');
});

const event = {
  eventId: 'c81e728d9d4c2f636f067f89cc14862c',
  type: 'ORDER_STATUS_CHANGED',
  username: 'ann',
  orderId: orderId(1),
  status: 'SHIPPED',
  previousStatus: 'PLACED',
  amount: 25.5,
  numberOfItems: 2,
  occurredAt: '2024-06-01T12:00:00.000Z',
};

describe('Mutation.publishOrderEvent', () => {
  it('sends the event as the NONE payload and returns what comes back', () => {
    expect(returned(publish.request({ args: { event }, auth: 'IAM' }))).toEqual({ payload: event });
    expect(returned(publish.response({ args: { event }, auth: 'IAM' }, { result: event }))).toEqual(event);
  });

  it('as a whole field returns its input unchanged, a new order (no previousStatus) too', async () => {
    const placed = { ...event, type: 'ORDER_PLACED', status: 'PLACED', previousStatus: null };
    for (const input of [event, placed]) {
      const resolution = await resolveField('Mutation', 'publishOrderEvent', { args: { event: input }, auth: 'IAM' }, async ({ dataSource, request }) => {
        expect(dataSource).toBe('none');
        return invokeNoneDataSource(request);
      });
      expect(resolution.errors).toEqual([]);
      expect(resolution.value).toEqual(input);
    }
  });
});
