/**
 * The `util` global and export of @aws-appsync/utils, assembled from its parts. Typed against
 * the package's `Util`; `util.rds` is not implemented by the local runtime and is absent.
 */
import type { Util } from '@aws-appsync/utils';
import { AUTH_TYPE_NAMES, currentScope } from '../evaluation-scope.js';
import { matchesWhole } from '../java-pattern.js';
import { dynamodb } from './dynamodb.js';
import { base64Decode, base64Encode, escapeJavaScript, urlDecode, urlEncode } from './encoding.js';
import { appendError, error, unauthorized } from './errors.js';
import { http, xml } from './http-xml.js';
import type { RuntimeEnvironment } from '../runtime-environment.js';
import { createIds } from './ids.js';
import { math, str } from './str-math.js';
import { createTime } from './time.js';
import { transform } from './transform.js';

export function createUtil(environment: RuntimeEnvironment) {
  return {
    ...createIds(environment),
    escapeJavaScript,
    urlEncode,
    urlDecode,
    base64Encode,
    base64Decode,
    unauthorized,
    error,
    appendError,
    matches: (pattern: string, value: string) => matchesWhole(String(pattern), String(value)),
    authType: () => AUTH_TYPE_NAMES[currentScope().authMode],
    time: createTime(environment),
    dynamodb,
    http,
    xml,
    transform,
    math,
    str,
  } satisfies { [K in Exclude<keyof Util, 'rds'>]: unknown };
}
