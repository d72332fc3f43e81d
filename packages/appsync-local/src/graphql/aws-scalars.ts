/**
 * AppSync's built-in scalars (AWSDate, AWSTime, AWSDateTime, AWSTimestamp, AWSEmail, AWSJSON, AWSURL,
 * AWSPhone, AWSIPAddress) as graphql-js implementations. The local GraphQL server builds its schema
 * from local/graphql/appsync-prelude.graphql plus schema/, where these are bare `scalar` declarations
 * that graphql-js would otherwise treat as "anything goes". With these, the local server accepts
 * and rejects what AppSync does, and resolvers see what they see on AppSync (AWSJSON arrives parsed).
 *
 * Rules: https://docs.aws.amazon.com/appsync/latest/devguide/scalars.html and the scalar
 * descriptions AppSync returns from introspection (which add negative years for AWSDate and
 * AWSDateTime). Where AWS leaves a rule open, each validator below says what it accepts.
 *
 * Error messages follow AppSync's graphql-java wording:
 * - Seen on AppSync: "Unable to parse `x` as a valid date." (AWSDate), "... as a valid DateTime
 *   Object." (AWSDateTime), "... as a valid phone number." (AWSPhone), "Unable to parse x as valid
 *   JSON." (AWSJSON, no backticks, Java toString form for maps and lists), and "Unable to serialize
 *   `x` as a valid DateTime Object." (AWSDateTime output).
 * - Worded by analogy (AppSync's text was not found): "valid time.", "valid timestamp.", "valid email
 *   address.", "valid URL.", "valid IP address.", and every "Unable to serialize" message other
 *   than AWSDateTime's.
 * - Backticks surround string values; other values print in Java's toString form ({a=1}, [1, 2]),
 *   as AppSync prints the Map or List it parsed the variable into.
 * graphql-js wraps these: a variable error becomes `Variable "$x" got invalid value …; <message>`,
 * a literal error is reported as is (AppSync words literal errors as a "Validation error of type
 * WrongType" instead; shaping the response like AppSync's is the HTTP layer's job), and a
 * serialize error becomes a field error.
 */
import { isIP } from 'node:net';
import { GraphQLError, GraphQLScalarType, isScalarType, Kind, valueFromASTUntyped, type GraphQLSchema, type ValueNode } from 'graphql';

const SCALARS_DOC = 'https://docs.aws.amazon.com/appsync/latest/devguide/scalars.html';

/** A value as Java's toString prints it, which is how AppSync shows a variable it failed to parse. */
function javaString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(javaString).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}=${javaString(item)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** A value as AppSync's scalar messages show it: strings in backticks, anything else as Java prints it. */
const shown = (value: unknown): string => (typeof value === 'string' ? `\`${value}\`` : javaString(value));

/** The JavaScript value of a literal, for messages only (variables inside it print as null). */
const literalValue = (node: ValueNode): unknown => (node.kind === Kind.STRING ? node.value : valueFromASTUntyped(node));

// ---------------------------------------------------------------------------------------------
// Dates and times: ISO 8601 extended format, validated as real calendar dates and clock times.

/** `Z` or `±hh:mm[:ss]`: AppSync accepts offset seconds though ISO 8601 has none. */
const OFFSET = String.raw`(Z|[+-]\d{2}:\d{2}(?::\d{2})?)`;
/** `[-]YYYY-MM-DD`: AppSync accepts negative years (`-2017-05-01`). Years past 9999 are not accepted here. */
const DATE = String.raw`(-?\d{4})-(\d{2})-(\d{2})`;
/** `hh:mm[:ss[.1 to 9 digits]]`: a fraction needs the seconds. */
const TIME = String.raw`(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?`;

const DATE_PATTERN = new RegExp(`^${DATE}${OFFSET}?$`);
const TIME_PATTERN = new RegExp(`^${TIME}${OFFSET}?$`);
/** The offset is mandatory, and the separator is an upper-case `T`. */
const DATE_TIME_PATTERN = new RegExp(`^${DATE}T${TIME}${OFFSET}$`);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Proleptic Gregorian, so year 0 and negative years follow the same leap rule. */
function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!(month >= 1 && month <= 12 && day >= 1)) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/** 00:00:00 to 23:59:59; no leap second and no 24:00. */
const isClockTime = (hour: number, minute: number, second: number): boolean => hour <= 23 && minute <= 59 && second <= 59;

/** An absent offset (where the pattern allows it) or one within ±18:00, the range Java's ZoneOffset takes. */
function isOffset(offset: string | undefined): boolean {
  if (offset === undefined || offset === 'Z') return true;
  const [hours = 0, minutes = 0, seconds = 0] = offset.slice(1).split(':').map(Number);
  return minutes <= 59 && seconds <= 59 && hours * 3600 + minutes * 60 + seconds <= 18 * 3600;
}

function isAwsDate(text: string): boolean {
  const m = DATE_PATTERN.exec(text);
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) && isOffset(m[4]);
}

function isAwsTime(text: string): boolean {
  const m = TIME_PATTERN.exec(text);
  return m !== null && isClockTime(Number(m[1]), Number(m[2]), Number(m[3] ?? 0)) && isOffset(m[4]);
}

function isAwsDateTime(text: string): boolean {
  const m = DATE_TIME_PATTERN.exec(text);
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) && isClockTime(Number(m[4]), Number(m[5]), Number(m[6] ?? 0)) && isOffset(m[7]);
}

// ---------------------------------------------------------------------------------------------
// Addresses.

/**
 * AWSEmail (RFC 822 says AWS): `local@domain`, each part dot-separated atoms of characters other
 * than white space, control characters and RFC 822's specials `()<>@,;:\".[]`. So exactly one `@`,
 * no leading, trailing or doubled dots, and a domain without a dot (`user@localhost`) is accepted.
 * RFC 822's quoted local parts and `[1.2.3.4]` domain literals are rejected here.
 */
const ATOM = String.raw`[^\s\p{Cc}()<>@,;:\\".\[\]]+`;
const EMAIL_PATTERN = new RegExp(`^${ATOM}(?:\\.${ATOM})*@${ATOM}(?:\\.${ATOM})*$`, 'u');
const isAwsEmail = (text: string): boolean => EMAIL_PATTERN.test(text);

/**
 * AWSURL: a scheme (any scheme, so `mailto:` and `http://localhost/` pass; `amazon.com` and
 * `www.amazon.com` fail), then no white space, control characters or characters URIs never hold
 * unescaped (`<>"{}|\^` and the backtick). A `//` after the scheme must be followed by more
 * (`http://` fails, `file:///etc/hosts` passes), and the path (the part after the authority and
 * before `?` or `#`) must not contain `//`; a query may (`?next=http://x`). Like java.net.URI, a bare
 * `host:port` reads as scheme `host`, so `localhost:3000` passes.
 */
const URL_PATTERN = /^[A-Za-z][A-Za-z0-9+.-]*:([^\s\p{Cc}<>"{}|\\^`]+)$/u;

function isAwsUrl(text: string): boolean {
  const rest = URL_PATTERN.exec(text)?.[1];
  if (rest === undefined) return false;
  let path = rest.replace(/[?#].*$/su, '');
  if (path.startsWith('//')) {
    const afterSlashes = path.slice(2);
    if (afterSlashes === '') return false;
    const slash = afterSlashes.indexOf('/');
    path = slash === -1 ? '' : afterSlashes.slice(slash);
  }
  return !path.includes('//');
}

/**
 * AWSPhone: digits in groups separated by single spaces or hyphens, optionally after a `+` and the
 * country code. AppSync treats a number without a country code as NANP (North American), and
 * rejects `1110004444` (area code 111). Without libphonenumber, the NANP check here is the shape:
 * 10 digits (or 11 with the leading 1) whose area code and exchange start with 2 to 9. `+1` numbers
 * get the same check; other `+` numbers need 7 to 15 digits (E.164) not starting with 0.
 * Parentheses and dots are rejected here; AppSync may accept them.
 */
const PHONE_PATTERN = /^(\+?)(\d+(?:[ -]\d+)*)$/;
const isNanp = (digits: string): boolean => /^[2-9]\d{2}[2-9]\d{6}$/.test(digits);

function isAwsPhone(text: string): boolean {
  const m = PHONE_PATTERN.exec(text);
  if (m === null) return false;
  const digits = (m[2] ?? '').replace(/[ -]/g, '');
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  if (m[1] !== '+') return isNanp(national);
  if (digits.startsWith('1')) return isNanp(digits.slice(1));
  return !digits.startsWith('0') && digits.length >= 7 && digits.length <= 15;
}

/**
 * AWSIPAddress: IPv4 (dotted quad, no leading zeros) or IPv6 (unbracketed), as node:net's isIP
 * reads them, with an optional CIDR prefix (`/0` to `/32`, or to `/128` for IPv6). IPv6 zone ids
 * (`fe80::1%eth0`), which isIP accepts, are rejected.
 */
function isAwsIpAddress(text: string): boolean {
  const [address = '', prefix, ...extra] = text.split('/');
  const version = isIP(address);
  if (version === 0 || address.includes('%') || extra.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}

// ---------------------------------------------------------------------------------------------
// The scalars.

/** A scalar whose values are strings of one shape, in and out: only strings (and string literals) pass. */
function stringScalar(name: string, description: string, what: string, isValid: (text: string) => boolean): GraphQLScalarType<string, string> {
  const parse = (value: unknown, node?: ValueNode): string => {
    if (typeof value === 'string' && (node === undefined || node.kind === Kind.STRING) && isValid(value)) return value;
    throw new GraphQLError(`Unable to parse ${shown(value)} as ${what}.`, { nodes: node });
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    specifiedByURL: SCALARS_DOC,
    serialize(value) {
      if (typeof value === 'string' && isValid(value)) return value;
      throw new GraphQLError(`Unable to serialize ${shown(value)} as ${what}.`);
    },
    parseValue: (value) => parse(value),
    parseLiteral: (node) => parse(literalValue(node), node),
  });
}

/**
 * AWSTimestamp: whole seconds since 1970-01-01T00:00Z, negative before it, a number on the wire.
 * Input must be an integer: an Int literal or an integral number in the variables (no strings).
 * AppSync's documented range (about ±3.16e16) exceeds what a JavaScript number holds exactly, so
 * only safe integers (±9007199254740991) are accepted. On output an integral numeric string passes
 * too, as graphql-java's integer scalars allow [unconfirmed for AppSync].
 */
const AWSTimestamp = new GraphQLScalarType<number, number>({
  name: 'AWSTimestamp',
  description: 'Whole seconds since 1970-01-01T00:00Z (negative before it), serialized as a number.',
  specifiedByURL: SCALARS_DOC,
  serialize(value) {
    const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof number === 'number' && Number.isSafeInteger(number)) return number;
    throw new GraphQLError(`Unable to serialize ${shown(value)} as a valid timestamp.`);
  },
  parseValue(value) {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
    throw new GraphQLError(`Unable to parse ${shown(value)} as a valid timestamp.`);
  },
  parseLiteral(node) {
    if (node.kind === Kind.INT && Number.isSafeInteger(Number(node.value))) return Number(node.value);
    throw new GraphQLError(`Unable to parse ${shown(literalValue(node))} as a valid timestamp.`, { nodes: node });
  },
});

function parseJson(value: unknown, node?: ValueNode): unknown {
  if (typeof value === 'string' && (node === undefined || node.kind === Kind.STRING)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      // Reported below, with the text as AppSync prints it.
    }
  }
  throw new GraphQLError(`Unable to parse ${javaString(value)} as valid JSON.`, { nodes: node });
}

/**
 * AWSJSON: input is a string holding RFC 8259 JSON (JSON.parse's grammar), and resolvers receive
 * the parsed value: an object, array, string, number, boolean or null. An object or list given
 * instead of a string, in the variables or as a literal, is rejected, as are `{a: 1}`, `{'a': 1}`
 * and unquoted strings. Numbers beyond double precision lose digits, as JSON.parse reads them.
 * Output: a non-string value is sent as its JSON.stringify text. A string is sent as is, on the
 * assumption that it already holds JSON (the common "return JSON.stringify(x)" resolver pattern).
 * Whether AppSync re-encodes a string value is not confirmed; note a JSON string scalar that came
 * in parsed (`"\"hi\""` → `hi`) therefore goes out as `hi`.
 */
const AWSJSON = new GraphQLScalarType<unknown, string>({
  name: 'AWSJSON',
  description: 'A JSON (RFC 8259) text. Input arrives in resolvers parsed; output is serialized to a JSON string.',
  specifiedByURL: SCALARS_DOC,
  serialize(value) {
    if (typeof value === 'string') return value;
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch {
      text = undefined;
    }
    if (text === undefined) throw new GraphQLError(`Unable to serialize ${javaString(value)} as valid JSON.`);
    return text;
  },
  parseValue: (value) => parseJson(value),
  parseLiteral: (node) => parseJson(literalValue(node), node),
});

/** AppSync's scalars by name. */
export const AWS_SCALARS: Readonly<Record<string, GraphQLScalarType>> = Object.freeze({
  AWSDate: stringScalar('AWSDate', 'An ISO 8601 date `[-]YYYY-MM-DD` with an optional offset `Z` or `±hh:mm[:ss]`.', 'a valid date', isAwsDate),
  AWSTime: stringScalar('AWSTime', 'An ISO 8601 time `hh:mm[:ss[.fraction]]` with an optional offset `Z` or `±hh:mm[:ss]`.', 'a valid time', isAwsTime),
  AWSDateTime: stringScalar('AWSDateTime', 'An ISO 8601 date and time `[-]YYYY-MM-DDThh:mm[:ss[.fraction]]` with a mandatory offset `Z` or `±hh:mm[:ss]`.', 'a valid DateTime Object', isAwsDateTime),
  AWSTimestamp,
  AWSEmail: stringScalar('AWSEmail', 'An email address `local@domain` (RFC 822).', 'a valid email address', isAwsEmail),
  AWSJSON,
  AWSURL: stringScalar('AWSURL', 'A URL with a scheme, without `//` in its path.', 'a valid URL', isAwsUrl),
  AWSPhone: stringScalar('AWSPhone', 'A phone number: digits in groups separated by spaces or hyphens, optionally after `+` and a country code.', 'a valid phone number', isAwsPhone),
  AWSIPAddress: stringScalar('AWSIPAddress', 'An IPv4 or IPv6 address, optionally with a CIDR prefix length.', 'a valid IP address', isAwsIpAddress),
});

/**
 * Gives the schema's AWS scalars AppSync's behaviour, and returns the same schema.
 *
 * It assigns each scalar's serialize, parseValue and parseLiteral (and the description and
 * specifiedByURL, where the SDL gives none) on the type object the schema already has, rather than
 * swapping in new type objects: every field, argument and input field of a built schema points at
 * the scalar's type object directly, so a swapped type would leave them on the old one (and
 * graphql-js rejects two types of one name). Re-pointing all of them is what graphql-tools'
 * mapSchema does; assigning four properties reaches every use at once. The price is that the
 * schema passed in is changed: give it one freshly built from SDL (buildSchema makes new type
 * objects on each call, so nothing else sees the change).
 */
export function withAwsScalars(schema: GraphQLSchema): GraphQLSchema {
  for (const [name, scalar] of Object.entries(AWS_SCALARS)) {
    const type = schema.getType(name);
    if (type === undefined || type === scalar) continue;
    if (!isScalarType(type)) throw new Error(`${name} is AppSync's built-in scalar, but the schema declares it as ${type.constructor.name}.`);
    type.serialize = scalar.serialize;
    type.parseValue = scalar.parseValue;
    type.parseLiteral = scalar.parseLiteral;
    type.description ??= scalar.description;
    type.specifiedByURL ??= scalar.specifiedByURL;
  }
  return schema;
}
