/**
 * ListUsers' Filter: `attribute = "value"` (exact) or `attribute ^= "value"` (prefix), on the
 * attributes Cognito allows there: username, email, phone_number, name, given_name, family_name,
 * preferred_username, cognito:user_status (also as `status`, Cognito's documented spelling for the
 * enabled state is `status` = "Enabled"/"Disabled"), sub. Anything else is refused with
 * InvalidParameterException "Error while parsing filter.". Matching is case-sensitive, except
 * username in a case-insensitive pool.
 */
import { filterParseError } from './cognito-errors.js';
import type { StoredUser } from './user-pool-state.js';

const FILTERABLE = new Set(['username', 'email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username', 'cognito:user_status', 'status', 'sub']);
const FILTER = /^\s*"?([a-z_:]+)"?\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

export type UserPredicate = (user: StoredUser) => boolean;

export function parseListUsersFilter(filter: string | undefined, caseSensitive: boolean): UserPredicate {
  if (filter === undefined || filter.trim() === '') return () => true;
  const match = FILTER.exec(filter);
  if (!match || !FILTERABLE.has(match[1]!)) throw filterParseError();
  const [, attribute, operator, raw] = match as unknown as [string, string, string, string];
  const wanted = raw.replace(/\\(.)/g, '$1');
  const fold = attribute === 'username' && !caseSensitive ? (s: string) => s.toLowerCase() : (s: string) => s;
  const matches = (value: string | undefined) => value !== undefined && (operator === '=' ? fold(value) === fold(wanted) : fold(value).startsWith(fold(wanted)));
  return (user) => {
    switch (attribute) {
      case 'username':
        return matches(user.username);
      case 'sub':
        return matches(user.sub);
      case 'cognito:user_status':
        return matches(user.status);
      case 'status':
        return matches(user.enabled ? 'Enabled' : 'Disabled');
      default:
        return matches(user.attributes[attribute]);
    }
  };
}
