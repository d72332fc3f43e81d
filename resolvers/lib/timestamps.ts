/**
 * Stored timestamps as AWSDateTime values. This API writes `util.time.nowISO8601()` (UTC,
 * milliseconds, `Z`). The original services wrote Python's `datetime.utcnow().isoformat()`: UTC
 * with no offset, six fractional digits, and none at all when the microseconds were zero
 * (`2023-08-22T02:07:33.696174`, `2023-08-22T02:07:33`). AWSDateTime needs an offset, so such a
 * value is served with `Z`: the same instant, its fractional digits kept as stored (AWSDateTime
 * takes 1 to 9), so nothing is rounded away. A `+00:00` offset becomes `Z`; other offsets stay.
 *
 * Pure string work in the APPSYNC_JS subset (no regular expressions, no Date): resolvers, the
 * order-events function and the migration all normalize with this one function.
 */

const DIGITS = '0123456789';
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isDigits(text: string): boolean {
  return text.length > 0 && text.split('').every((c) => DIGITS.indexOf(c) !== -1);
}

/** `hh:mm` from `hh:mm`, `hhmm` or `hh`; null when it is none of them. */
function offsetClock(text: string): string | null {
  const compact = text.split(':').join('');
  if (!isDigits(compact) || (compact.length !== 2 && compact.length !== 4)) return null;
  const hours = Number(compact.slice(0, 2));
  const minutes = compact.length === 4 ? Number(compact.slice(2, 4)) : 0;
  if (hours > 18 || minutes > 59) return null;
  return compact.slice(0, 2) + ':' + (compact.length === 4 ? compact.slice(2, 4) : '00');
}

/** The offset part as served (`Z` or `±hh:mm`), or null when it is not one. `''` means none. */
function servedOffset(offset: string): string | null {
  if (offset === '' || offset === 'Z' || offset === 'z') return 'Z';
  const clock = offsetClock(offset.slice(1));
  if (!clock || (offset[0] !== '+' && offset[0] !== '-')) return null;
  return clock === '00:00' ? 'Z' : offset[0] + clock;
}

/** Where the time's offset starts (`Z`, `+` or `-` after the clock), or the length when there is none. */
function offsetStart(time: string): number {
  return ['Z', 'z', '+', '-'].reduce((first, mark) => {
    const at = time.indexOf(mark);
    return at !== -1 && at < first ? at : first;
  }, time.length);
}

/**
 * The stored value as AWSDateTime (`YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`), or null when it is
 * not a date-time (then callers fall back: see items.ts). Accepts a space or `t` for the `T`
 * (Python's `str(datetime)`), a missing offset (UTC) and missing seconds; more than 9 fractional
 * digits are cut to 9 (AWSDateTime's limit: under a nanosecond).
 */
export function toAwsDateTime(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text.length < 16) return null;
  const date = text.slice(0, 10);
  const separator = text[10];
  if (separator !== 'T' && separator !== 't' && separator !== ' ') return null;
  const dateParts = date.split('-');
  if (dateParts.length !== 3 || !dateParts.every(isDigits) || dateParts[0]!.length !== 4 || dateParts[1]!.length !== 2 || dateParts[2]!.length !== 2) return null;
  const month = Number(dateParts[1]);
  const day = Number(dateParts[2]);
  const year = Number(dateParts[0]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]! || (month === 2 && day === 29 && !leap)) return null;

  const rest = text.slice(11);
  const split = offsetStart(rest);
  const offset = servedOffset(rest.slice(split));
  if (offset === null) return null;
  const timeParts = rest.slice(0, split).split('.');
  if (timeParts.length > 2) return null;
  const clock = timeParts[0]!;
  const fraction = timeParts[1];
  const clockParts = clock.split(':');
  if (clockParts.length < 2 || clockParts.length > 3 || !clockParts.every((p) => p.length === 2 && isDigits(p))) return null;
  if (Number(clockParts[0]) > 23 || Number(clockParts[1]) > 59 || Number(clockParts[2] ?? '0') > 59) return null;
  if (fraction !== undefined && (clockParts.length !== 3 || !isDigits(fraction))) return null;
  const seconds = clockParts.length === 3 ? clockParts[2] : '00';
  const served = date + 'T' + clockParts[0] + ':' + clockParts[1] + ':' + seconds + (fraction !== undefined ? '.' + fraction.slice(0, 9) : '');
  return served + offset;
}
