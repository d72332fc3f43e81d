/**
 * The items the original FastAPI services wrote, exactly as /work/shared/reference/original-services.md
 * shows them (attribute for attribute, values as printed), and the shapes it describes in words,
 * spelled as the original services' code writes them (msharma24/serverless-microservices):
 * UserService's add_user puts the profile and a key-only email guard; edit-address runs
 * `SET address = :new_address` on the profile key, creating a key-and-address item for an unknown
 * username; OrderService writes CreatedAt/UpdatedAt with `datetime.utcnow().isoformat()`.
 * Not built with resolvers/lib, so the API's own helpers cannot agree with themselves.
 */
import KSUID from 'ksuid';
import type { Item } from './table-items.js';

/** Profile (returned by `GET /orders/?username=john`). */
export const JOHN_PROFILE: Item = { SK: 'CUSTOMER#john', PK: 'CUSTOMER#john', Email: 'john@gmail.com', Username: 'john', Name: 'john smith' };

export const JOHN_ORDER_ID = '2UJuYiRSoBMgAiXg7jBp0V0UqxU';

/** Order after `POST /orders/`. */
export const JOHN_ORDER_PLACED: Item = {
  PK: 'CUSTOMER#john',
  SK: '#ORDER#2UJuYiRSoBMgAiXg7jBp0V0UqxU',
  OrderId: '2UJuYiRSoBMgAiXg7jBp0V0UqxU',
  CreatedAt: '2023-08-22T02:07:33.696174',
  Status: 'PLACED',
  Amount: 5.5,
  NumberItems: 2,
};

/** The same order after `PUT /orders/...` with status `CANCEL`. */
export const JOHN_ORDER_CANCELLED: Item = {
  UpdatedAt: '2023-08-22T02:09:03.577842',
  NumberItems: 2,
  SK: '#ORDER#2UJuYiRSoBMgAiXg7jBp0V0UqxU',
  Status: 'CANCEL',
  Amount: 5.5,
  PK: 'CUSTOMER#john',
  OrderId: '2UJuYiRSoBMgAiXg7jBp0V0UqxU',
  CreatedAt: '2023-08-22T02:07:33.696174',
};

/** The email guard add_user wrote next to a profile: its key and nothing else (no owner, the caller's case). */
export function originalEmailGuard(email: string): Item {
  return { PK: `CUSTOMEREMAIL#${email}`, SK: `CUSTOMEREMAIL#${email}` };
}

/** What `POST /add_user/` with the README's example body wrote. */
export const TEST111_PROFILE: Item = { PK: 'CUSTOMER#test111', SK: 'CUSTOMER#test111', Username: 'test111', Name: 'Test Name', Email: 'test@gmail.com' };

/** `POST /edit-address?username=test111&new_address=124%20Street%20Akl%20NZ`: one free-text string. */
export const FREE_TEXT_ADDRESS = '124 Street Akl NZ';

/** The profile after edit-address: the string under `address`, as the UserService's code stores it. */
export const TEST111_WITH_ADDRESS: Item = { ...TEST111_PROFILE, address: FREE_TEXT_ADDRESS };

/** edit-address for a username nobody added: the item it created (key and address only). */
export function ghostProfile(username: string): Item {
  return { PK: `CUSTOMER#${username}`, SK: `CUSTOMER#${username}`, address: FREE_TEXT_ADDRESS };
}

/**
 * Another order of john's as `POST /orders/` wrote it: a KSUID of its creation second (random
 * payload, here fixed) and an isoformat CreatedAt of that time (the example timestamp).
 */
export function originalOrder(username: string, createdAt: string, fields: Item = {}, salt = 1): Item {
  const orderId = KSUID.fromParts(Date.parse(`${createdAt}Z`), Buffer.alloc(16, salt)).string;
  return { PK: `CUSTOMER#${username}`, SK: `#ORDER#${orderId}`, OrderId: orderId, CreatedAt: createdAt, Status: 'PLACED', Amount: 12.25, NumberItems: 3, ...fields };
}
