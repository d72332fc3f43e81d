/**
 * Pages of orders, newest first. APPSYNC_JS only.
 *
 * Two kinds of nextToken, both opaque to clients:
 * - Pages this API cuts itself carry a cursor (`c1.` + base64 of the last order's sort key): the
 *   next page is a key condition (`SK < cursor`) rather than DynamoDB's ExclusiveStartKey. That
 *   lets `User.orders` hand out a page of the orders `user` already read, with a token for the
 *   rest, without a second query. Each query reads one item more than the page to know whether
 *   another page exists.
 * - Pages filtered by status carry AppSync's own token (a filter drops items DynamoDB has already
 *   counted, so only DynamoDB knows where it stopped).
 * A token given to the other kind of query is a ValidationError.
 *
 * The status filter runs here, on the mapped status, not as a DynamoDB filter expression on the
 * stored string: an original order stored as `CANCEL` (or `Cancelled`) is CANCELLED, and no
 * expression can say "any case of these spellings". Paging is the same as with a filter
 * expression (DynamoDB's limit counts the items read, kept or not), so is what it costs.
 * An order that cannot be served (orderProblem) is left out of a page, never fails it; the cursor
 * still points past it.
 */
import { util } from '@aws-appsync/utils';
import { query } from '@aws-appsync/utils/dynamodb';
import type { Order, OrderConnection, OrderStatus } from '../generated/graphql.js';
import { ERROR_TYPES } from './error-types.js';
import { fail } from './errors.js';
import { toOrder, type OrderFields, type OrderItem } from './items.js';
import { isOrderKey, ORDER_PREFIX, ORDER_STATUS_PREFIX, ORDERS_BY_STATUS_INDEX, userKey } from './keys.js';
import { LIMITS } from './validation.js';

const CURSOR_PREFIX = 'c1.';

export interface PagePlan {
  size: number;
  /** true: AppSync's token is passed on; false: this module cuts the page and makes the cursor. */
  filtered: boolean;
  /** Which key holds the cursor: SK in the table, GSI1SK in the orders-by-status index. */
  cursorKey: 'SK' | 'GSI1SK';
  /** Only orders in this (mapped) status are kept. */
  status: OrderStatus | null;
}

export function pageSize(limit: number | null | undefined): number {
  return limit ?? LIMITS.pageSizeDefault;
}

export function encodeCursor(sortKey: string): string {
  return CURSOR_PREFIX + util.base64Encode(sortKey);
}

/** The sort key a cursor points at; a ValidationError when the token is not one of this API's cursors. */
export function decodeCursor(token: string): string {
  const sortKey = token.startsWith(CURSOR_PREFIX) ? util.base64Decode(token.slice(CURSOR_PREFIX.length)) : '';
  if (!sortKey.startsWith(ORDER_PREFIX) || sortKey.length > 100) {
    fail(ERROR_TYPES.validation, 'nextToken is not valid for this query.', { field: 'nextToken' });
  }
  return sortKey;
}

/**
 * After a filtered query: DynamoDB refusing the token it was given back (garbage, or a token of
 * another list) is the caller's mistake, a ValidationError, not an internal failure.
 */
export function rejectRefusedToken(error: { type: string } | null | undefined, plan: PagePlan, token: string | null | undefined): void {
  if (error && plan.filtered && token && error.type === 'DynamoDB:ValidationException') {
    fail(ERROR_TYPES.validation, 'nextToken is not valid for this query.', { field: 'nextToken' });
  }
}

function rejectCursor(token: string | null | undefined): void {
  if (token && token.startsWith(CURSOR_PREFIX)) fail(ERROR_TYPES.validation, 'nextToken is not valid for this query.', { field: 'nextToken' });
}

/** The Query for one page of a user's orders. */
export function userOrdersQuery(username: string, args: { limit?: number | null; nextToken?: string | null; status?: OrderStatus | null }) {
  const size = pageSize(args.limit);
  const pk = userKey(username).PK;
  if (args.status) {
    rejectCursor(args.nextToken);
    return {
      plan: { size, filtered: true, cursorKey: 'SK', status: args.status } as PagePlan,
      request: query({
        query: { PK: { eq: pk }, SK: { beginsWith: ORDER_PREFIX } },
        scanIndexForward: false,
        limit: size,
        nextToken: args.nextToken ?? null,
      }),
    };
  }
  const sortKey = args.nextToken ? { lt: decodeCursor(args.nextToken) } : { beginsWith: ORDER_PREFIX };
  return {
    plan: { size, filtered: false, cursorKey: 'SK', status: null } as PagePlan,
    request: query({ query: { PK: { eq: pk }, SK: sortKey }, scanIndexForward: false, limit: size + 1 }),
  };
}

/**
 * The Query for one page of every user's orders in one status (GSI1). An index entry whose item
 * holds another status (written straight to the table without moving GSI1PK) is left out.
 */
export function ordersByStatusQuery(status: OrderStatus, args: { limit?: number | null; nextToken?: string | null }) {
  const size = pageSize(args.limit);
  const partition = ORDER_STATUS_PREFIX + status;
  const sortKey = args.nextToken ? { GSI1SK: { lt: decodeCursor(args.nextToken) } } : {};
  return {
    plan: { size, filtered: false, cursorKey: 'GSI1SK', status } as PagePlan,
    request: query({ index: ORDERS_BY_STATUS_INDEX, query: { GSI1PK: { eq: partition }, ...sortKey }, scanIndexForward: false, limit: size + 1 }),
  };
}

/** The orders of `items` that can be served and are in `status` (any, when null), in order. */
function servable(items: OrderItem[], status: OrderStatus | null): OrderFields[] {
  return items.map(toOrder).filter((order): order is OrderFields => order !== null && (!status || order.status === status));
}

/** A Query result as an OrderConnection, following the plan its request was made with. */
export function ordersPage(result: { items: OrderItem[]; nextToken?: string | null }, plan: PagePlan): OrderConnection {
  // Items of other kinds (older services' extras) sort below the orders: they end the list.
  const orders = result.items.filter((item) => isOrderKey(item.SK));
  if (plan.filtered) return { items: servable(orders, plan.status) as Order[], nextToken: result.nextToken ?? null };
  const page = orders.slice(0, plan.size);
  const more = orders.length > plan.size;
  const last = page[page.length - 1];
  return {
    items: servable(page, plan.status) as Order[],
    nextToken: more && last ? encodeCursor(plan.cursorKey === 'SK' ? last.SK : (last.GSI1SK ?? last.SK)) : null,
  };
}

/** One order `user` read with the profile: its sort key (for cursors) and the order, null when it cannot be served. */
export interface PrefetchedOrder {
  sortKey: string;
  order: OrderFields | null;
}

/** Orders `user` read with the profile: newest first, and whether that was all of them. */
export interface PrefetchedOrders {
  items: PrefetchedOrder[];
  complete: boolean;
}

export function prefetchOrders(items: OrderItem[], complete: boolean): PrefetchedOrders {
  return { items: items.map((item) => ({ sortKey: item.SK, order: toOrder(item) })), complete };
}

/**
 * The first page straight from the prefetched orders, when they cover it: enough orders to fill
 * it and know whether more exist, or all of the user's orders. Null when a query is needed.
 */
export function pageFromPrefetch(prefetched: PrefetchedOrders, size: number): OrderConnection | null {
  const { items, complete } = prefetched;
  const orders = (entries: PrefetchedOrder[]) => entries.map((entry) => entry.order).filter((order) => order !== null) as Order[];
  if (items.length > size) {
    const page = items.slice(0, size);
    return { items: orders(page), nextToken: encodeCursor(page[page.length - 1]!.sortKey) };
  }
  if (complete) return { items: orders(items), nextToken: null };
  return null;
}
