/**
 * util.urlEncode/urlDecode, base64Encode/base64Decode and escapeJavaScript
 * (https://docs.aws.amazon.com/appsync/latest/devguide/built-in-util-js.html). AppSync runs on
 * the JVM, so these follow the Java behaviour its docs describe: URL encoding is
 * application/x-www-form-urlencoded as java.net.URLEncoder writes it, and JavaScript escaping is
 * that of Apache Commons Text's escapeEcmaScript.
 */

/** URLEncoder keeps only `a-zA-Z0-9.-*_` and writes a space as `+`. */
export function urlEncode(value: string): string {
  return encodeURIComponent(String(value))
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

export function urlDecode(value: string): string {
  return decodeURIComponent(String(value).replace(/\+/g, ' '));
}

export function base64Encode(value: string): string {
  return Buffer.from(String(value), 'utf8').toString('base64');
}

export function base64Decode(value: string): string {
  return Buffer.from(String(value), 'base64').toString('utf8');
}

const ESCAPES: Record<string, string> = {
  "'": "\\'",
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\n': '\\n',
  '\t': '\\t',
  '\f': '\\f',
  '\r': '\\r',
};

export function escapeJavaScript(value: string): string {
  let out = '';
  for (const ch of String(value)) {
    const escaped = ESCAPES[ch];
    if (escaped) {
      out += escaped;
      continue;
    }
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code > 0x7f) {
      // Characters outside printable ASCII are written as UTF-16 escapes, as the JVM sees them.
      for (const unit of ch.length === 2 ? [ch.charCodeAt(0), ch.charCodeAt(1)] : [code]) {
        out += `\\u${unit.toString(16).toUpperCase().padStart(4, '0')}`;
      }
    } else {
      out += ch;
    }
  }
  return out;
}
