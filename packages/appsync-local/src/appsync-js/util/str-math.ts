/**
 * util.str (https://docs.aws.amazon.com/appsync/latest/devguide/str-helpers-in-util-str-js.html) and
 * util.math (documented only for VTL: https://docs.aws.amazon.com/appsync/latest/devguide/math-helpers-in-util-math.html).
 */
import type { Util } from '@aws-appsync/utils';
import { UtilInputError } from './host-data.js';

const FORMS = { nfc: 'NFC', nfd: 'NFD', nfkc: 'NFKC', nfkd: 'NFKD' } as const;

export const str: Util['str'] = {
  normalize(value, normalizationType) {
    const form = FORMS[String(normalizationType).toLowerCase() as keyof typeof FORMS];
    if (!form) throw new UtilInputError(`util.str.normalize: the form must be one of nfc, nfd, nfkc, nfkd, got '${String(normalizationType)}'`);
    return String(value).normalize(form);
  },
};

function num(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new UtilInputError(`util.math.${name} expects numbers`);
  return value;
}

export const math: Util['math'] = {
  /**
   * Java's Math.round: half rounds up. The doc says "rounds it to the nearest integer";
   * Math.floor(x + 0.5) misses that where x + 0.5 is inexact (0.49999999999999994 gave 1,
   * 2^52 + 1 gave 2^52 + 2), whereas Math.round rounds exactly as Java does. `+ 0` turns
   * JavaScript's -0 (e.g. for -0.4) into the 0 a Java long would be.
   */
  roundNum: (input) => Math.round(num('roundNum', input)) + 0,
  minVal: (a, b) => Math.min(num('minVal', a), num('minVal', b)),
  maxVal: (a, b) => Math.max(num('maxVal', a), num('maxVal', b)),
  randomDouble: () => Math.random(),
  /** An integer from start to end, both included. */
  randomWithinRange: (start, end) => {
    const lo = Math.ceil(num('randomWithinRange', start));
    const hi = Math.floor(num('randomWithinRange', end));
    if (hi < lo) throw new UtilInputError('util.math.randomWithinRange: end must not be below start');
    return lo + Math.floor(Math.random() * (hi - lo + 1));
  },
};
