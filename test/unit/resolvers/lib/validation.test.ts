/**
 * resolvers/lib/validation.ts: the input rules of the spec, at their boundaries. The functions are
 * plain APPSYNC_JS-subset code, so they are called directly here; the resolver tests show them
 * applied inside the runtime.
 */
import { describe, expect, it } from 'vitest';
import {
  checkAddress,
  checkAmount,
  checkEmail,
  checkLimit,
  checkName,
  checkNumberOfItems,
  checkOrderId,
  checkUsernameLookup,
  checkUsername,
  firstIssue,
  LIMITS,
} from '../../../../resolvers/lib/validation.js';

const issueFor = (field: string) => ({ field, message: expect.stringContaining(field) as unknown });

describe('checkUsername: 2 to 64 letters, digits, ".", "_", "-"', () => {
  it.each(['ab', 'x'.repeat(64), 'Ann.Lee_2-x', '007', '--', 'A.B'])('accepts %j', (value) => {
    expect(checkUsername(value, 'username')).toBeNull();
  });

  it.each([
    ['a', '1 character'],
    ['x'.repeat(65), '65 characters'],
    ['', 'empty'],
    ['ann#1', "'#' (key injection)"],
    ['#', "only '#'"],
    ['CUSTOMER#ann', 'a key'],
    ['ann lee', 'a space'],
    ['änn', 'a non-ASCII letter'],
    ['名前', 'CJK'],
    ['ann😀', 'an emoji'],
    ['ann/lee', 'a slash'],
    ['ann@x', 'an at sign'],
  ])('rejects %j (%s) naming the field', (value) => {
    expect(checkUsername(value, 'input.username')).toEqual(issueFor('input.username'));
  });

  it('rejects a non-string', () => {
    expect(checkUsername(42 as unknown as string, 'username')).toEqual(issueFor('username'));
  });
});

describe('checkName: 1 to 200 characters after trimming', () => {
  it.each(['A', 'n'.repeat(200), `   ${'n'.repeat(200)}   `, 'Zoë Ångström'])('accepts %j', (value) => {
    expect(checkName(value, 'input.name')).toBeNull();
  });

  it.each([
    ['', 'empty'],
    ['   ', 'spaces only'],
    ['\t\n ', 'whitespace only'],
    ['n'.repeat(201), '201 characters'],
    [` ${'n'.repeat(201)} `, '201 after trimming'],
  ])('rejects %j (%s)', (value) => {
    expect(checkName(value, 'input.name')).toEqual(issueFor('input.name'));
  });
});

describe('checkEmail', () => {
  it.each(['a@b', 'ann.lee@example.com', ` ${'x'.repeat(242)}@example.com `])('accepts %j', (value) => {
    expect(checkEmail(value, 'input.email')).toBeNull();
  });

  it.each(['', '@example.com', 'no-at-sign', 'a#b@example.com', `${'x'.repeat(243)}@example.com`])('rejects %j', (value) => {
    expect(checkEmail(value, 'input.email')).toEqual(issueFor('input.email'));
  });
});

describe('checkAmount: above 0, at most 1,000,000, at most 2 decimals', () => {
  it.each([
    [0.01, 'the smallest'],
    [0.29, '0.29 * 100 is 28.999999999999996 in floating point'],
    [0.07, '0.07 * 100 is 7.000000000000001'],
    [1.1, ''],
    [19.99, ''],
    [999999.99, ''],
    [1000000, 'the largest'],
  ])('accepts %d %s', (value) => {
    expect(checkAmount(value, 'input.amount')).toBeNull();
  });

  it.each([
    [0, 'zero'],
    [-0.01, 'negative'],
    [-5, 'negative'],
    [0.001, '3 decimals'],
    [1.005, '3 decimals'],
    [1000000.01, 'above the maximum'],
    [1e-9, 'tiny, with 9 decimals'],
    [5.000000001, '9 decimals'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'infinite'],
  ])('rejects %d (%s)', (value) => {
    expect(checkAmount(value, 'input.amount')).toEqual(issueFor('input.amount'));
  });

  it('accepts every amount with 2 decimals from 0.01 to 10.00, whatever the floating-point error', () => {
    for (let cents = 1; cents <= 1000; cents++) expect(checkAmount(Number((cents / 100).toFixed(2)), 'a'), `${cents / 100}`).toBeNull();
  });
});

describe('checkNumberOfItems: a whole number from 1 to 10,000', () => {
  it.each([1, 2, 10000])('accepts %d', (value) => {
    expect(checkNumberOfItems(value, 'input.numberOfItems')).toBeNull();
  });

  it.each([0, -1, 10001, 1.5, Number.NaN])('rejects %d', (value) => {
    expect(checkNumberOfItems(value, 'input.numberOfItems')).toEqual(issueFor('input.numberOfItems'));
  });
});

describe('checkLimit: 1 to 100, absent means the default', () => {
  it.each([null, undefined, 1, 50, 100])('accepts %s', (value) => {
    expect(checkLimit(value, 'limit')).toBeNull();
  });

  it.each([0, -1, 101, 1.5])('rejects %d', (value) => {
    expect(checkLimit(value, 'limit')).toEqual(issueFor('limit'));
  });

  it('has a default page of 20 and a maximum of 100', () => {
    expect(LIMITS.pageSizeDefault).toBe(20);
    expect(LIMITS.pageSizeMax).toBe(100);
  });
});

describe('checkOrderId', () => {
  it.each(['2fqHP3XAFG5L8PCExfr9vddGOv2', 'A', 'x'.repeat(128), '3f1c9a2e-6b7d-4e8f-9a0b-1c2d3e4f5a6b', 'a_b'])('accepts %j', (value) => {
    expect(checkOrderId(value, 'orderId')).toBeNull();
  });

  it.each(['', 'x'.repeat(129), 'a#b', 'a b', 'a/b'])('rejects %j', (value) => {
    expect(checkOrderId(value, 'orderId')).toEqual(issueFor('orderId'));
  });
});

describe('checkUsernameLookup (reads, which must find users the original services created)', () => {
  it.each(['a', 'john smith', 'ann@example.com', 'ÄNN', 'x'.repeat(256)])('accepts %j', (value) => {
    expect(checkUsernameLookup(value, 'username')).toBeNull();
  });

  it.each(['', 'x'.repeat(257), 'ann#ORDER#1', '#'])('rejects %j', (value) => {
    expect(checkUsernameLookup(value, 'username')).toEqual(issueFor('username'));
  });
});

describe('checkAddress', () => {
  const valid = { line1: '1 Main St', line2: null, city: 'Berlin', region: null, postalCode: null, country: 'DE' };

  it('accepts a minimal address and one with every field at its longest', () => {
    expect(checkAddress(valid, 'address')).toBeNull();
    expect(checkAddress({ line1: 'l'.repeat(200), line2: 'l'.repeat(200), city: 'c'.repeat(100), region: 'r'.repeat(100), postalCode: 'p'.repeat(20), country: 'US' }, 'address')).toBeNull();
  });

  it('measures lengths after trimming', () => {
    expect(checkAddress({ ...valid, postalCode: `   ${'p'.repeat(20)}   ` }, 'address')).toBeNull();
  });

  it.each([
    [{ line1: '' }, 'address.line1'],
    [{ line1: '   ' }, 'address.line1'],
    [{ line1: 'l'.repeat(201) }, 'address.line1'],
    [{ line2: 'l'.repeat(201) }, 'address.line2'],
    [{ city: ' ' }, 'address.city'],
    [{ city: 'c'.repeat(101) }, 'address.city'],
    [{ region: 'r'.repeat(101) }, 'address.region'],
    [{ postalCode: 'p'.repeat(21) }, 'address.postalCode'],
    [{ country: '' }, 'address.country'],
    [{ country: 'de' }, 'address.country'],
    [{ country: 'De' }, 'address.country'],
    [{ country: 'DEU' }, 'address.country'],
    [{ country: 'D' }, 'address.country'],
    [{ country: 'XK' }, 'address.country'],
    [{ country: 'UK' }, 'address.country'],
    [{ country: 'EU' }, 'address.country'],
    [{ country: 'D ' }, 'address.country'],
    [{ country: ' D' }, 'address.country'],
    [{ country: 'DA' }, 'address.country'],
  ])('rejects %j naming %s', (change, field) => {
    expect(checkAddress({ ...valid, ...change }, 'address')).toEqual(issueFor(field));
  });

  it('reports the first problem in field order', () => {
    expect(checkAddress({ ...valid, line1: '', country: 'xx' }, 'address')?.field).toBe('address.line1');
  });
});

describe('firstIssue', () => {
  it('is the first non-null issue, or null', () => {
    expect(firstIssue([null, null])).toBeNull();
    expect(firstIssue([null, { field: 'b', message: 'b' }, { field: 'c', message: 'c' }])).toEqual({ field: 'b', message: 'b' });
  });
});
