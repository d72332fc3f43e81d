/**
 * util.time, evaluated inside the sandbox.
 * Functions: https://docs.aws.amazon.com/appsync/latest/devguide/time-helpers-in-util-time-js.html
 * (that page has no examples). Examples: the VTL page, whose functions are the same,
 * https://docs.aws.amazon.com/appsync/latest/devguide/time-helpers-in-util-time.html.
 * No EvaluateCode observation of util.time exists, so the documented values are the reference.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateBody, evaluateOutcome } from '../../helpers/appsync-js.js';

const TIME_JS_DOC = 'https://docs.aws.amazon.com/appsync/latest/devguide/time-helpers-in-util-time-js.html';
const TIME_VTL_DOC = 'https://docs.aws.amazon.com/appsync/latest/devguide/time-helpers-in-util-time.html';

/** "Standalone function examples" were all taken at one instant: 2018-02-06T19:01:35.749Z. */
const ISO_UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe(`util.time "now" functions (${TIME_JS_DOC}; examples: ${TIME_VTL_DOC}, "Standalone function examples")`, () => {
  it('nowISO8601 returns UTC in the documented shape (2018-02-06T19:01:35.749Z) and the current time', () => {
    const before = Date.now();
    const now = evaluate<string>('util.time.nowISO8601()');
    const after = Date.now();
    expect(now).toMatch(ISO_UTC_MILLIS);
    const millis = Date.parse(now);
    expect(millis).toBeGreaterThanOrEqual(before);
    expect(millis).toBeLessThanOrEqual(after);
  });

  it('nowEpochMilliSeconds is a whole number of milliseconds close to Date.now() (1517943695750 in the doc)', () => {
    const before = Date.now();
    const now = evaluate<number>('util.time.nowEpochMilliSeconds()');
    const after = Date.now();
    expect(Number.isInteger(now)).toBe(true);
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(after);
  });

  it('nowEpochSeconds is whole seconds (1517943695 in the doc), the milliseconds truncated', () => {
    const before = Math.floor(Date.now() / 1000);
    const now = evaluate<number>('util.time.nowEpochSeconds()');
    const after = Math.floor(Date.now() / 1000);
    expect(Number.isInteger(now)).toBe(true);
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(after);
  });

  it('the now functions taken together agree with one another, as the documented values do', () => {
    const [iso, seconds, millis] = evaluate<[string, number, number]>('[util.time.nowISO8601(), util.time.nowEpochSeconds(), util.time.nowEpochMilliSeconds()]');
    expect(millis - Date.parse(iso)).toBeGreaterThanOrEqual(0);
    expect(millis - Date.parse(iso)).toBeLessThan(1000);
    expect(Math.abs(seconds - Math.floor(millis / 1000))).toBeLessThanOrEqual(1);
  });

  it('nowFormatted("yyyy-MM-dd HH:mm:ssZ") is UTC with a +0000 offset (2018-02-06 19:01:35+0000)', () => {
    const text = evaluate<string>('util.time.nowFormatted("yyyy-MM-dd HH:mm:ssZ")');
    expect(text).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\+0000$/);
    const millis = Date.parse(text.replace(' ', 'T').replace('+0000', 'Z'));
    expect(Math.abs(millis - Date.now())).toBeLessThan(5_000);
  });

  it('nowFormatted with "+08:00" and with "Australia/Perth" both give +0800 and the same wall time (2018-02-07 03:01:35+0800)', () => {
    const [utc, offset, perth] = evaluate<[string, string, string]>(
      '[util.time.nowFormatted("yyyy-MM-dd HH:mm:ssZ"), util.time.nowFormatted("yyyy-MM-dd HH:mm:ssZ", "+08:00"), util.time.nowFormatted("yyyy-MM-dd HH:mm:ssZ", "Australia/Perth")]',
    );
    expect(offset).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\+0800$/);
    expect(perth).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\+0800$/);
    // Same instant, so the same text unless a second boundary fell between the calls.
    const toMillis = (text: string, offsetText: string) => Date.parse(`${text.slice(0, 10)}T${text.slice(11, 19)}${offsetText}`);
    expect(toMillis(offset, '+08:00') - toMillis(utc, 'Z')).toBeGreaterThanOrEqual(0);
    expect(toMillis(offset, '+08:00') - toMillis(utc, 'Z')).toBeLessThanOrEqual(1000);
    expect(toMillis(perth, '+08:00') - toMillis(offset, '+08:00')).toBeGreaterThanOrEqual(0);
    expect(toMillis(perth, '+08:00') - toMillis(offset, '+08:00')).toBeLessThanOrEqual(1000);
  });
});

describe(`util.time with AppSync scalars (${TIME_VTL_DOC}, "Usage with AWS AppSync defined scalars")`, () => {
  it('nowFormatted("yyyy-MM-dd[XXX]", "-07:00:30") prints the offset without its seconds, like 2018-07-11-07:00', () => {
    const text = evaluate<string>('util.time.nowFormatted("yyyy-MM-dd[XXX]", "-07:00:30")');
    expect(text).toMatch(/^\d{4}-\d{2}-\d{2}-07:00$/);
    const local = new Date(Date.now() - (7 * 3600 + 30) * 1000).toISOString().slice(0, 10);
    // Allow for the date changing between the two readings of the clock.
    expect([local, new Date(Date.now() - (7 * 3600 + 30) * 1000 - 5_000).toISOString().slice(0, 10)]).toContain(text.slice(0, 10));
  });

  it(`nowFormatted("yyyy-MM-dd'T'HH:mm:ss[XXXXX]", "-07:00:30") prints the full offset, like 2018-07-11T15:14:15-07:00:30`, () => {
    const text = evaluate<string>(`util.time.nowFormatted("yyyy-MM-dd'T'HH:mm:ss[XXXXX]", "-07:00:30")`);
    expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-07:00:30$/);
    // The wall time is UTC minus 7 h 0 min 30 s.
    const asUtc = Date.parse(`${text.slice(0, 19)}Z`) + (7 * 3600 + 30) * 1000;
    expect(Math.abs(asUtc - Date.now())).toBeLessThan(5_000);
  });

  it('the same patterns are exact for a fixed instant', () => {
    expect(evaluate('util.time.epochMilliSecondsToFormatted(1531347255000, "yyyy-MM-dd[XXX]", "-07:00:30")')).toBe('2018-07-11-07:00');
    expect(evaluate(`util.time.epochMilliSecondsToFormatted(1531347255000, "yyyy-MM-dd'T'HH:mm:ss[XXXXX]", "-07:00:30")`)).toBe('2018-07-11T15:13:45-07:00:30');
  });
});

describe(`util.time conversions (${TIME_VTL_DOC}, "Conversion examples", nowEpochMillis = 1517943695758)`, () => {
  it('epochMilliSecondsToSeconds(1517943695758) is 1517943695', () => {
    expect(evaluate('util.time.epochMilliSecondsToSeconds(1517943695758)')).toBe(1517943695);
  });

  it('epochMilliSecondsToISO8601(1517943695758) is 2018-02-06T19:01:35.758Z', () => {
    expect(evaluate('util.time.epochMilliSecondsToISO8601(1517943695758)')).toBe('2018-02-06T19:01:35.758Z');
  });

  it('epochMilliSecondsToFormatted(1517943695758, "yyyy-MM-dd HH:mm:ssZ") is 2018-02-06 19:01:35+0000', () => {
    expect(evaluate('util.time.epochMilliSecondsToFormatted(1517943695758, "yyyy-MM-dd HH:mm:ssZ")')).toBe('2018-02-06 19:01:35+0000');
  });

  it('epochMilliSecondsToFormatted(1517943695758, "yyyy-MM-dd HH:mm:ssZ", "+08:00") is 2018-02-07 03:01:35+0800', () => {
    expect(evaluate('util.time.epochMilliSecondsToFormatted(1517943695758, "yyyy-MM-dd HH:mm:ssZ", "+08:00")')).toBe('2018-02-07 03:01:35+0800');
  });

  it('a region zone id gives the same text as the offset it stands for ("Australia/Perth" is +08:00)', () => {
    expect(evaluate('util.time.epochMilliSecondsToFormatted(1517943695758, "yyyy-MM-dd HH:mm:ssZ", "Australia/Perth")')).toBe('2018-02-07 03:01:35+0800');
  });

  it('the conversions take the epoch from a variable, as the doc example does (#set( $nowEpochMillis = 1517943695758 ))', () => {
    expect(
      evaluate('[util.time.epochMilliSecondsToSeconds(ctx.args.nowEpochMillis), util.time.epochMilliSecondsToISO8601(ctx.args.nowEpochMillis)]', {
        arguments: { nowEpochMillis: 1517943695758 },
      }),
    ).toEqual([1517943695, '2018-02-06T19:01:35.758Z']);
  });
});

describe(`util.time parsing (${TIME_VTL_DOC}, "Parsing examples")`, () => {
  it('parseISO8601ToEpochMilliSeconds("2018-02-01T17:21:05.180+08:00") is 1517476865180', () => {
    expect(evaluate('util.time.parseISO8601ToEpochMilliSeconds("2018-02-01T17:21:05.180+08:00")')).toBe(1517476865180);
  });

  it('parseFormattedToEpochMilliSeconds("2018-02-02 01:19:22+0800", "yyyy-MM-dd HH:mm:ssZ") reads the offset from the text: 1517505562000', () => {
    expect(evaluate('util.time.parseFormattedToEpochMilliSeconds("2018-02-02 01:19:22+0800", "yyyy-MM-dd HH:mm:ssZ")')).toBe(1517505562000);
  });

  it('parseFormattedToEpochMilliSeconds("2018-02-02 01:19:22", "yyyy-MM-dd HH:mm:ss", "+08:00") uses the zone argument: 1517505562000', () => {
    expect(evaluate('util.time.parseFormattedToEpochMilliSeconds("2018-02-02 01:19:22", "yyyy-MM-dd HH:mm:ss", "+08:00")')).toBe(1517505562000);
  });

  it('parsing and formatting round-trip the documented instant', () => {
    expect(evaluate('util.time.parseISO8601ToEpochMilliSeconds(util.time.epochMilliSecondsToISO8601(1517943695758))')).toBe(1517943695758);
    expect(evaluate('util.time.epochMilliSecondsToISO8601(util.time.parseISO8601ToEpochMilliSeconds("2018-02-01T17:21:05.180+08:00"))')).toBe('2018-02-01T09:21:05.180Z');
  });
});

describe(`util.time bad input (${TIME_JS_DOC}; formats are java.time DateTimeFormatter patterns)`, () => {
  const cases: [string, string][] = [
    ['an invalid format in nowFormatted', 'util.time.nowFormatted("yyyy-MM-dd {")'],
    ['an invalid format in epochMilliSecondsToFormatted', 'util.time.epochMilliSecondsToFormatted(1517943695758, "qqqqqq")'],
    ['an unknown time zone', 'util.time.nowFormatted("yyyy-MM-dd", "Not/AZone")'],
    ['unparsable ISO-8601 text', 'util.time.parseISO8601ToEpochMilliSeconds("not a date")'],
    ['text that does not match the format', 'util.time.parseFormattedToEpochMilliSeconds("02/02/2018", "yyyy-MM-dd HH:mm:ss", "+08:00")'],
    ['an invalid format when parsing', 'util.time.parseFormattedToEpochMilliSeconds("2018-02-02", "yyyy-MM-dd {")'],
  ];
  it.each(cases)('%s ends the handler with an error of errorType Code', (_name, expression) => {
    const outcome = evaluateOutcome(expression);
    expect(outcome.kind).toBe('error');
    expect(outcome.value).toBeUndefined();
    expect(outcome.error?.errorType).toBe('Code');
    expect(outcome.error?.message).toEqual(expect.any(String));
    expect(outcome.error?.message.length).toBeGreaterThan(0);
  });

  it('the handler does not carry on after the error', () => {
    const outcome = evaluateBody('util.time.parseISO8601ToEpochMilliSeconds("2018-13-45");\nreturn "unreached";');
    expect(outcome.kind).toBe('error');
    expect(outcome.error?.errorType).toBe('Code');
  });
});
