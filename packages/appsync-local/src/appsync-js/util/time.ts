/**
 * util.time (https://docs.aws.amazon.com/appsync/latest/devguide/time-helpers-in-util-time-js.html).
 * Formats are java.time DateTimeFormatter patterns and zones are zone ids or offsets, so this
 * uses js-joda, a port of java.time, rather than JavaScript's Date. js-joda and its time-zone
 * data take ~300 ms to load, so they load on the first call that formats or parses; the
 * now/epoch helpers do not need them.
 */
import { createRequire } from 'node:module';
import type * as Joda from '@js-joda/core';
import type { DateTimeFormatter, Instant, TemporalAccessor, ZoneId } from '@js-joda/core';
import type { Locale } from '@js-joda/locale';
import type { Util } from '@aws-appsync/utils';
import type { RuntimeEnvironment } from '../runtime-environment.js';
import { UtilInputError } from './host-data.js';

const require = createRequire(import.meta.url);
let joda: typeof Joda | undefined;
let usLocale: Locale;
function js(): typeof Joda {
  if (!joda) {
    joda = require('@js-joda/core') as typeof Joda;
    require('@js-joda/timezone');
    require('@js-joda/locale_en-us');
    usLocale = (require('@js-joda/locale') as { Locale: typeof Locale }).Locale.US;
  }
  return joda;
}

const formatters = new Map<string, DateTimeFormatter>();

function formatter(pattern: unknown): DateTimeFormatter {
  if (typeof pattern !== 'string') throw new UtilInputError(`util.time: the format must be a string, got ${typeof pattern}`);
  let cached = formatters.get(pattern);
  if (!cached) {
    try {
      cached = js().DateTimeFormatter.ofPattern(pattern).withLocale(usLocale);
    } catch (err) {
      throw new UtilInputError(`util.time: invalid format '${pattern}': ${(err as Error).message}`);
    }
    formatters.set(pattern, cached);
  }
  return cached;
}

function zone(id: unknown): ZoneId {
  if (id === undefined || id === null) return js().ZoneOffset.UTC;
  try {
    return js().ZoneId.of(String(id));
  } catch {
    throw new UtilInputError(`util.time: unknown time zone '${String(id)}'`);
  }
}

function epochMillis(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new UtilInputError(`util.time: expected epoch milliseconds as a number, got ${JSON.stringify(value) ?? typeof value}`);
  }
  return Math.trunc(value);
}

/** ISO-8601 in UTC with milliseconds, e.g. 2018-02-06T19:01:35.749Z (what Date.toISOString writes for years 0-9999). */
function isoUtc(ms: number): string {
  return new Date(ms).toISOString();
}

function formatInstant(instant: Instant, pattern: unknown, zoneId: unknown): string {
  const f = formatter(pattern);
  const z = zone(zoneId);
  try {
    return js().ZonedDateTime.ofInstant(instant, z).format(f);
  } catch (err) {
    throw new UtilInputError(`util.time: cannot format with '${String(pattern)}': ${(err as Error).message}`);
  }
}

/**
 * Parses with a pattern. If the text carries an offset or zone it wins; otherwise the given zone
 * (UTC by default) applies. A pattern without a time means midnight.
 */
function parseFormatted(text: unknown, pattern: unknown, zoneId: unknown): number {
  const f = formatter(pattern);
  let parsed: TemporalAccessor;
  try {
    parsed = f.parse(String(text));
  } catch (err) {
    throw new UtilInputError(`util.time: cannot parse '${String(text)}' with '${String(pattern)}': ${(err as Error).message}`);
  }
  const { ZonedDateTime, LocalDateTime, LocalDate } = js();
  try {
    return ZonedDateTime.from(parsed).toInstant().toEpochMilli();
  } catch {
    // No zone in the text: fall back to the zone argument.
  }
  try {
    return LocalDateTime.from(parsed).atZone(zone(zoneId)).toInstant().toEpochMilli();
  } catch {
    return LocalDate.from(parsed).atStartOfDay(zone(zoneId)).toInstant().toEpochMilli();
  }
}

function parseIso(text: unknown): number {
  const value = String(text);
  const { OffsetDateTime, ZonedDateTime, LocalDateTime, LocalDate, ZoneOffset } = js();
  for (const parse of [
    () => OffsetDateTime.parse(value).toInstant(),
    () => ZonedDateTime.parse(value).toInstant(),
    () => LocalDateTime.parse(value).toInstant(ZoneOffset.UTC),
    () => LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant(),
  ]) {
    try {
      return parse().toEpochMilli();
    } catch {
      // try the next ISO-8601 form
    }
  }
  throw new UtilInputError(`util.time: '${value}' is not an ISO-8601 date-time`);
}

/** util.time, reading the clock of the runtime's environment. */
export const createTime = (environment: RuntimeEnvironment): Util['time'] => ({
  nowISO8601: () => isoUtc(environment.now()),
  nowEpochSeconds: () => Math.floor(environment.now() / 1000),
  nowEpochMilliSeconds: () => environment.now(),
  nowFormatted: (format: string, timezone?: string) => formatInstant(js().Instant.ofEpochMilli(environment.now()), format, timezone),
  parseFormattedToEpochMilliSeconds: (value: string, format: string, timezone?: string) => parseFormatted(value, format, timezone),
  parseISO8601ToEpochMilliSeconds: (value: string) => parseIso(value),
  epochMilliSecondsToSeconds: (ms: number) => Math.trunc(epochMillis(ms) / 1000),
  epochMilliSecondsToISO8601: (ms: number) => isoUtc(epochMillis(ms)),
  epochMilliSecondsToFormatted: (ms: number, format: string, timezone?: string) => formatInstant(js().Instant.ofEpochMilli(epochMillis(ms)), format, timezone),
});
