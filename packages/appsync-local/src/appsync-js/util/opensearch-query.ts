/**
 * util.transform.toElasticsearchQueryDSL
 * (https://docs.aws.amazon.com/appsync/latest/devguide/transformation-helpers-in-utils-transform-js.html):
 * a filter object to an OpenSearch `bool` query, ANDed by default. The shape follows the
 * documented example; AppSync's output for operators that example does not show is not
 * recorded anywhere, so those follow OpenSearch's own query names.
 */
import { isPlainObject, UtilInputError } from './host-data.js';

type Query = Record<string, unknown>;

function operator(field: string, op: string, value: unknown): Query {
  switch (op) {
    case 'eq':
      return { term: { [field]: value } };
    case 'ne':
      return { bool: { must_not: { term: { [field]: value } } } };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { range: { [field]: { [op]: value } } };
    case 'range': {
      if (!Array.isArray(value) || value.length !== 2) throw new UtilInputError(`toElasticsearchQueryDSL: range on ${field} needs [from, to]`);
      return { range: { [field]: { gte: value[0], lte: value[1] } } };
    }
    case 'match':
      return { match: { [field]: value } };
    case 'matchPhrase':
      return { match_phrase: { [field]: value } };
    case 'matchPhrasePrefix':
      return { match_phrase_prefix: { [field]: value } };
    case 'wildcard':
      return { wildcard: { [field]: value } };
    case 'regexp':
      return { regexp: { [field]: value } };
    case 'multiMatch':
      return { multi_match: { ...(isPlainObject(value) ? value : { query: value }), fields: isPlainObject(value) && value['fields'] ? value['fields'] : [field] } };
    case 'exists':
      return value === false ? { bool: { must_not: { exists: { field } } } } : { exists: { field } };
    default:
      throw new UtilInputError(`toElasticsearchQueryDSL: unknown operator '${op}' on ${field}`);
  }
}

function clauses(filter: Record<string, unknown>): Query[] {
  return Object.entries(filter).map(([key, value]) => {
    if (key === 'and' || key === 'or') {
      const members = (Array.isArray(value) ? value : [value]).filter(isPlainObject).map((m) => wrap(clauses(m)));
      return { bool: { [key === 'and' ? 'must' : 'should']: members } };
    }
    if (key === 'not') {
      if (!isPlainObject(value)) throw new UtilInputError('toElasticsearchQueryDSL: not expects an object');
      return { bool: { must_not: wrap(clauses(value)) } };
    }
    if (!isPlainObject(value)) throw new UtilInputError(`toElasticsearchQueryDSL: ${key} expects an object of operators`);
    const ops = Object.entries(value).map(([op, v]) => operator(key, op, v));
    return ops.length === 1 ? ops[0]! : { bool: { must: ops } };
  });
}

function wrap(list: Query[]): Query {
  return list.length === 1 ? list[0]! : { bool: { must: list } };
}

export function toElasticsearchQueryDSL(filter: unknown): string {
  if (!isPlainObject(filter)) throw new UtilInputError('toElasticsearchQueryDSL expects an object');
  return JSON.stringify({ bool: { must: clauses(filter) } });
}
