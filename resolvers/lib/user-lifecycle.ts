/**
 * Deleting a user races with creating an order for it. deleteUser first marks the profile
 * (`Deleting` = a timestamp), then looks for orders with a consistent read, then deletes the
 * profile only if its mark is still its own. createOrder's ConditionCheck refuses a marked
 * profile, so an order either commits before the mark (and deleteUser sees it and refuses) or is
 * refused: no order is ever left without its user. A mark older than a minute is stale (its
 * deleteUser died mid-way; AppSync's requests end within 30 s) and no longer blocks orders.
 */
import { util } from '@aws-appsync/utils';

export const DELETE_MARK_TTL_MS = 60000;

/**
 * Condition on the profile: it is a user's (it exists and has an email: a "ghost" profile the
 * original edit-address made has none, see items.ts isUserProfile).
 */
export function userExists() {
  return { PK: { attributeExists: true }, Email: { attributeExists: true } };
}

/** Condition on the profile: it is a user's and no live deleteUser holds it. */
export function userNotBeingDeleted(nowIso: string) {
  const staleBefore = util.time.epochMilliSecondsToISO8601(util.time.parseISO8601ToEpochMilliSeconds(nowIso) - DELETE_MARK_TTL_MS);
  return { ...userExists(), or: [{ Deleting: { attributeExists: false } }, { Deleting: { lt: staleBefore } }] };
}
