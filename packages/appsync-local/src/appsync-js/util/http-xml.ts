/**
 * util.http (https://docs.aws.amazon.com/appsync/latest/devguide/http-helpers-in-utils-http-js.html)
 * and util.xml (https://docs.aws.amazon.com/appsync/latest/devguide/xml-helpers-in-util-xml-js.html).
 */
import { createRequire } from 'node:module';
import type * as FastXmlParser from 'fast-xml-parser';
import type { XMLParser } from 'fast-xml-parser';
import type { Util } from '@aws-appsync/utils';
import { currentScope } from '../evaluation-scope.js';
import { isPlainObject, toHostData, UtilInputError } from './host-data.js';

/** Headers copyHeaders drops (and an HTTP data source does not send: the connection owns them). */
export const RESTRICTED = new Set(['transfer-encoding', 'connection', 'host', 'expect', 'keep-alive', 'upgrade', 'proxy-authenticate', 'proxy-authorization', 'te', 'content-length']);
/** Further names a resolver may not set as response headers. */
const RESTRICTED_RESPONSE = new Set([
  ...RESTRICTED,
  'access-control-allow-credentials',
  'access-control-allow-origin',
  'access-control-expose-headers',
  'access-control-max-age',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'vary',
  'content-type',
]);
const MAX_RESPONSE_HEADER_BYTES = 4 * 1024;

function addResponseHeader(name: unknown, value: unknown): void {
  const scope = currentScope();
  const reject = (why: string): void => {
    scope.appendedErrors.push({ message: why, errorType: 'ResponseHeaderError', data: null, errorInfo: null });
  };
  if (typeof name !== 'string' || name.trim() === '') return reject('Response header name must be a non-empty string.');
  const lower = name.toLowerCase();
  if (RESTRICTED_RESPONSE.has(lower) || lower.startsWith('x-amzn-') || lower.startsWith('x-amz-')) {
    return reject(`Response header '${name}' is restricted.`);
  }
  if (value === null || value === undefined) return reject(`Response header '${name}' has a null value.`);
  const text = typeof value === 'string' ? value : JSON.stringify(toHostData(value));
  const headers = { ...scope.responseHeaders, [name]: text };
  const size = Object.entries(headers).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (size > MAX_RESPONSE_HEADER_BYTES) return reject(`Response headers exceed ${MAX_RESPONSE_HEADER_BYTES} bytes; '${name}' was not added.`);
  scope.responseHeaders[name] = text;
}

export const http: Util['http'] = {
  copyHeaders(headers) {
    if (!isPlainObject(headers)) return {};
    return Object.fromEntries(Object.entries(headers).filter(([k]) => !RESTRICTED.has(k.toLowerCase())));
  },
  addResponseHeader,
  addResponseHeaders(headers) {
    if (!isPlainObject(headers)) throw new UtilInputError('util.http.addResponseHeaders expects an object');
    for (const [name, value] of Object.entries(headers)) addResponseHeader(name, value);
  },
};

// The docs' examples drop the XML declaration, turn repeated siblings into lists and read
// numeric text as numbers; attributes are not shown, so they are left out. The parser loads on
// first use, keeping it off the start-up path.
let parser: XMLParser | undefined;
function xmlParser(): XMLParser {
  if (!parser) {
    const { XMLParser: Parser } = createRequire(import.meta.url)('fast-xml-parser') as typeof FastXmlParser;
    parser = new Parser({ ignoreDeclaration: true, ignorePiTags: true, ignoreAttributes: true, parseTagValue: true, trimValues: true });
  }
  return parser;
}

function toMap(xml: unknown): Record<string, unknown> | null {
  if (typeof xml !== 'string' || xml.trim() === '') return null;
  try {
    const parsed: unknown = xmlParser().parse(xml, true);
    return isPlainObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export const xml: Util['xml'] = {
  toMap,
  toJsonString(input: string, stringEncode?: boolean) {
    const json = JSON.stringify(toMap(input));
    return stringEncode ? JSON.stringify(json) : json;
  },
};
