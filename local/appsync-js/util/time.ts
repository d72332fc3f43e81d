/**
 * util.time (https://docs.aws.amazon.com/appsync/latest/devguide/time-helpers-in-util-time-js.html).
 * Formats are java.time DateTimeFormatter patterns and zones are zone ids or offsets, so this
 * uses js-joda, a port of java.time, rather than JavaScript's Date.
 */
import {
  DateTimeFormatter,
  Instant,
  LocalDate,
  LocalDateTime,
  OffsetDateTime,
  ZonedDateTime,
  ZoneId,
  ZoneOffset,
  type TemporalAccessor,
} from '@js-joda/core';
import '@js-joda/timezone';
import '@js-joda/locale_en-us';
import { Locale } from '@js-joda/locale';
import type { Util } from '@aws-appsync/utils';
import { UtilInputError } from './host-data.js';

const formatters = new Map<string, DateTimeFormatter>();

function formatter(pattern: unknown): DateTimeFormatter {
  if (typeof pattern !== 'string') throw new UtilInputError(`util.time: the format must be a string, got ${typeof pattern}`);
  let cached = formatters.get(pattern);
  if (!cached) {
    try {
      cached = DateTimeFormatter.ofPattern(pattern).withLocale(Locale.US);
    } catch (err) {
      throw new UtilInputError(`util.time: invalid format '${pattern}': ${(err as Error).message}`);
    }
    formatters.set(pattern, cached);
  }
  return cached;
}

function zone(id: unknown): ZoneId {
  if (id === undefined || id === null) return ZoneOffset.UTC;
  try {
    return ZoneId.of(String(id));
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

/** ISO-8601 in UTC with milliseconds, e.g. 2018-02-06T19:01:35.749Z. */
const ISO_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

function formatInstant(instant: Instant, pattern: unknown, zoneId: unknown): string {
  const f = formatter(pattern);
  try {
    return ZonedDateTime.ofInstant(instant, zone(zoneId)).format(f);
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

export const time: Util['time'] = {
  nowISO8601: () => ZonedDateTime.ofInstant(Instant.now(), ZoneOffset.UTC).format(ISO_UTC),
  nowEpochSeconds: () => Math.floor(Date.now() / 1000),
  nowEpochMilliSeconds: () => Date.now(),
  nowFormatted: (format: string, timezone?: string) => formatInstant(Instant.now(), format, timezone),
  parseFormattedToEpochMilliSeconds: (value: string, format: string, timezone?: string) => parseFormatted(value, format, timezone),
  parseISO8601ToEpochMilliSeconds: (value: string) => parseIso(value),
  epochMilliSecondsToSeconds: (ms: number) => Math.trunc(epochMillis(ms) / 1000),
  epochMilliSecondsToISO8601: (ms: number) => ZonedDateTime.ofInstant(Instant.ofEpochMilli(epochMillis(ms)), ZoneOffset.UTC).format(ISO_UTC),
  epochMilliSecondsToFormatted: (ms: number, format: string, timezone?: string) =>
    formatInstant(Instant.ofEpochMilli(epochMillis(ms)), format, timezone),
};
