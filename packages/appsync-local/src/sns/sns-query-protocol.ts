/**
 * SNS's wire protocol, awsQuery, both ways: the form the SDK posts
 * (`Action=Publish&Version=2010-03-31&TopicArn=...&MessageAttributes.entry.1.Name=...`) read into
 * parameters, with its flattened lists (`Name.member.N`) and maps (`Name.entry.N.Name/Value`);
 * and the XML answers the SDK parses: `<{Action}Response>` with `<{Action}Result>` and
 * `<ResponseMetadata><RequestId>`, or `<ErrorResponse><Error><Type/><Code/><Message/></Error>
 * <RequestId/></ErrorResponse>` with the error's HTTP status.
 *
 * Checked against what @aws-sdk/client-sns v3 sends and parses (its AwsQueryProtocol); AWS's
 * shapes are in the SNS API reference and the awsQuery protocol specification.
 */
import type { SnsError } from './sns-errors.js';

export const SNS_API_VERSION = '2010-03-31';
export const SNS_XML_NAMESPACE = `http://sns.amazonaws.com/doc/${SNS_API_VERSION}/`;
/** SNS answers XML as `text/xml`. */
export const SNS_XML_CONTENT_TYPE = 'text/xml';

/** The request's parameters by name. A name sent twice keeps its first value. */
export type QueryParameters = ReadonlyMap<string, string>;

export function parseQueryParameters(...sources: string[]): QueryParameters {
  const parameters = new Map<string, string>();
  for (const source of sources) {
    for (const [name, value] of new URLSearchParams(source)) {
      if (!parameters.has(name)) parameters.set(name, value);
    }
  }
  return parameters;
}

/**
 * The item prefixes of a list member (`Entries.member.1`, `Entries.member.2`, ...) in index order,
 * or undefined when the list is absent. An empty list is sent as the bare name (`Entries=`).
 */
export function listItems(parameters: QueryParameters, name: string): string[] | undefined {
  const indices = indicesUnder(parameters, `${name}.member.`);
  if (indices.length === 0) return parameters.has(name) ? [] : undefined;
  return indices.map((i) => `${name}.member.${i}`);
}

/** The entries of a map member (`Attrs.entry.N.Name` = key, `Attrs.entry.N.Value...` = value), as key and value prefix. */
export function mapEntries(parameters: QueryParameters, name: string): { key: string; valuePrefix: string }[] {
  return indicesUnder(parameters, `${name}.entry.`).flatMap((i) => {
    const key = parameters.get(`${name}.entry.${i}.Name`);
    return key === undefined ? [] : [{ key, valuePrefix: `${name}.entry.${i}.Value` }];
  });
}

/** The distinct numeric indices directly under a prefix, ascending. */
function indicesUnder(parameters: QueryParameters, prefix: string): number[] {
  const indices = new Set<number>();
  for (const name of parameters.keys()) {
    if (!name.startsWith(prefix)) continue;
    const index = Number(name.slice(prefix.length).split('.', 1)[0]);
    if (Number.isInteger(index) && index > 0) indices.add(index);
  }
  return [...indices].sort((a, b) => a - b);
}

/** `<{action}Response>` with the result's inner XML and the request id. */
export function queryResponse(action: string, resultXml: string, requestId: string): string {
  return (
    `<${action}Response xmlns="${SNS_XML_NAMESPACE}">` +
    `<${action}Result>${resultXml}</${action}Result>` +
    `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata>` +
    `</${action}Response>`
  );
}

export function queryErrorResponse(error: SnsError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${SNS_XML_NAMESPACE}">` +
    `<Error><Type>${error.fault}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${escapeXml(requestId)}</RequestId>` +
    `</ErrorResponse>`
  );
}

/** An element with escaped text, left out entirely when there is no value (as AWS omits absent members). */
export function xmlElement(name: string, value: string | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`;
}

/** Text safe inside an XML element; characters XML 1.0 cannot carry at all become U+FFFD. */
export function escapeXml(text: string): string {
  return text
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c)
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD') // eslint-disable-line no-control-regex
    .replace(/\r/g, '&#13;');
}
