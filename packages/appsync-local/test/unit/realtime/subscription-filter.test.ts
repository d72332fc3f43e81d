/**
 * AppSync's enhanced-filter operators and limits, as the real-time endpoint evaluates them.
 */
import { describe, expect, it } from 'vitest';
import { filterProblem, matchesFilter, type FilterCondition } from '../../../src/realtime/subscription-filter.js';

const one = (fieldName: string, operator: string, value: unknown) => ({ filterGroup: [{ filters: [{ fieldName, operator, value }] }] });
const PAYLOAD = { name: 'Ada Lovelace', priority: 5, ratio: 0.5, urgent: true, tags: ['a', 'b'], nested: { level: { deep: 'yes' } }, none: null };

describe('filter operators', () => {
  it.each<[string, unknown, boolean]>([
    ['eq', 5, true],
    ['eq', 6, false],
    ['eq', '5', false],
    ['ne', 6, true],
    ['ne', 5, false],
    ['lt', 6, true],
    ['lt', 5, false],
    ['le', 5, true],
    ['lte', 5, true],
    ['gt', 4, true],
    ['gt', 5, false],
    ['ge', 5, true],
    ['gte', 6, false],
    ['gt', '4', false],
    ['in', [1, 5], true],
    ['in', [1, 2], false],
    ['notIn', [1, 2], true],
    ['notIn', [5], false],
    ['between', [5, 9], true],
    ['between', [1, 5], true],
    ['between', [6, 9], false],
  ])('priority %s %j → %s', (operator, value, expected) => {
    expect(matchesFilter(one('priority', operator, value), PAYLOAD)).toBe(expected);
  });

  it.each<[string, string, unknown, boolean]>([
    ['name', 'beginsWith', 'Ada', true],
    ['name', 'beginsWith', 'ada', false],
    ['name', 'contains', 'Love', true],
    ['name', 'contains', 'love', false],
    ['name', 'notContains', 'Byron', true],
    ['name', 'lt', 'B', true],
    ['tags', 'contains', 'a', true],
    ['tags', 'contains', 'c', false],
    ['tags', 'notContains', 'c', true],
    ['tags', 'containsAny', ['c', 'b'], true],
    ['tags', 'containsAny', ['c', 'd'], false],
    ['urgent', 'eq', true, true],
    ['ratio', 'lt', 1, true],
    ['nested.level.deep', 'eq', 'yes', true],
    ['nested.level.missing', 'eq', 'yes', false],
    ['absent', 'eq', 'x', false],
    ['absent', 'ne', 'x', true],
    ['absent', 'notIn', ['x'], true],
    ['absent', 'gt', 0, false],
    ['none', 'eq', null, true],
    ['none', 'beginsWith', '', false],
  ])('%s %s %j → %s', (field, operator, value, expected) => {
    expect(matchesFilter(one(field, operator, value), PAYLOAD)).toBe(expected);
  });

  it('ANDs the filters of a group and ORs the groups', () => {
    const f = (a: FilterCondition, b: FilterCondition) => ({ filterGroup: [{ filters: [a, b] }] });
    const high = { fieldName: 'priority', operator: 'ge', value: 5 };
    const ada = { fieldName: 'name', operator: 'beginsWith', value: 'Ada' };
    const bob = { fieldName: 'name', operator: 'beginsWith', value: 'Bob' };
    expect(matchesFilter(f(high, ada), PAYLOAD)).toBe(true);
    expect(matchesFilter(f(high, bob), PAYLOAD)).toBe(false);
    expect(matchesFilter({ filterGroup: [{ filters: [bob] }, { filters: [high] }] }, PAYLOAD)).toBe(true);
    expect(matchesFilter({ filterGroup: [{ filters: [bob] }, { filters: [{ ...high, value: 9 }] }] }, PAYLOAD)).toBe(false);
  });

  it('does not evaluate paths deeper than five levels', () => {
    const deep = { a: { b: { c: { d: { e: { f: 1 } } } } } };
    expect(matchesFilter(one('a.b.c.d.e', 'eq', { f: 1 }), deep)).toBe(false);
    expect(matchesFilter(one('a.b.c.d.e.f', 'eq', 1), deep)).toBe(false);
    expect(matchesFilter(one('a.b.c.d', 'ne', null), deep)).toBe(true);
  });
});

describe('filter limits', () => {
  it('accepts what AppSync accepts', () => {
    expect(filterProblem(one('priority', 'in', [1, 2, 3, 4, 5]))).toBeNull();
    expect(
      filterProblem(
        one(
          'tags',
          'containsAny',
          Array.from({ length: 20 }, (_, i) => `t${i}`),
        ),
      ),
    ).toBeNull();
    expect(filterProblem({ filterGroup: Array.from({ length: 10 }, () => ({ filters: [{ fieldName: 'a', operator: 'eq', value: 1 }] })) })).toBeNull();
  });

  it.each<[string, unknown, RegExp]>([
    ['six in values', one('priority', 'in', [1, 2, 3, 4, 5, 6]), /at most 5 values/],
    ['six notIn values', one('priority', 'notIn', [1, 2, 3, 4, 5, 6]), /at most 5 values/],
    [
      '21 containsAny values',
      one(
        'tags',
        'containsAny',
        Array.from({ length: 21 }, (_, i) => i),
      ),
      /at most 20 values/,
    ],
    ['a 257-character string', one('name', 'eq', 'x'.repeat(257)), /at most 256 characters/],
    ['eleven groups', { filterGroup: Array.from({ length: 11 }, () => ({ filters: [{ fieldName: 'a', operator: 'eq', value: 1 }] })) }, /at most 10 filter groups/],
    [
      'in values counting as groups',
      {
        filterGroup: [
          {
            filters: [
              { fieldName: 'a', operator: 'in', value: [1, 2, 3] },
              { fieldName: 'b', operator: 'in', value: [1, 2, 3, 4] },
            ],
          },
        ],
      },
      /has 12/,
    ],
    ['six fields in a group', { filterGroup: [{ filters: ['a', 'b', 'c', 'd', 'e', 'f'].map((fieldName) => ({ fieldName, operator: 'eq', value: 1 })) }] }, /at most 5 fields/],
    ['an unknown operator', one('a', 'like', 'x'), /not supported/],
    ['between with one bound', one('a', 'between', [1]), /pair/],
    ['an object value', one('a', 'eq', { x: 1 }), /scalar/],
    ['no filterGroup', { filters: [] }, /filterGroup/],
  ])('refuses %s', (_what, filter, message) => {
    expect(filterProblem(filter)).toMatch(message);
  });
});
