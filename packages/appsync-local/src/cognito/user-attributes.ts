/**
 * A user pool's attribute schema (Cognito's standard attributes, with the template's Schema
 * entries changing Required/Mutable or adding `custom:` attributes) and the checks Cognito makes
 * when attributes are written: unknown names, formats of email and phone_number, required
 * attributes on sign-up, immutable attributes, and the client's WriteAttributes.
 */
import { attributesDoNotConform, invalidEmail, invalidPhone, unauthorizedAttributeWrite } from './cognito-errors.js';

export type AttributeDataType = 'String' | 'Number' | 'DateTime' | 'Boolean';

export interface SchemaAttribute {
  /** As users and tokens see it: `email`, `custom:tenant`. */
  name: string;
  dataType: AttributeDataType;
  required: boolean;
  mutable: boolean;
  developerOnly: boolean;
}

/** The attribute list of the API (`[{ Name, Value }]`). */
export interface AttributeType {
  Name: string;
  Value?: string;
}

/** Cognito's standard attributes (OIDC's), all optional and mutable unless the schema says otherwise. */
const STANDARD: [string, AttributeDataType][] = [
  ['sub', 'String'],
  ['name', 'String'],
  ['given_name', 'String'],
  ['family_name', 'String'],
  ['middle_name', 'String'],
  ['nickname', 'String'],
  ['preferred_username', 'String'],
  ['profile', 'String'],
  ['picture', 'String'],
  ['website', 'String'],
  ['email', 'String'],
  ['email_verified', 'Boolean'],
  ['gender', 'String'],
  ['birthdate', 'String'],
  ['zoneinfo', 'String'],
  ['locale', 'String'],
  ['phone_number', 'String'],
  ['phone_number_verified', 'Boolean'],
  ['address', 'String'],
  ['updated_at', 'Number'],
];
const STANDARD_NAMES = new Set(STANDARD.map(([name]) => name));

/** Attributes Cognito keeps as booleans in tokens (stored as "true"/"false"). */
export const BOOLEAN_ATTRIBUTES = new Set(['email_verified', 'phone_number_verified']);

export const EMAIL = /^[^\s@]+@[^\s@]+$/;
export const PHONE = /^\+[0-9]{4,15}$/;

/** The template's Schema (CloudFormation's SchemaAttribute list) on top of the standard attributes. */
export function buildSchema(entries: unknown): SchemaAttribute[] {
  const schema = new Map<string, SchemaAttribute>(STANDARD.map(([name, dataType]) => [name, { name, dataType, required: name === 'sub', mutable: name !== 'sub', developerOnly: false }]));
  for (const entry of Array.isArray(entries) ? entries : []) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as Record<string, unknown>;
    if (typeof e['Name'] !== 'string') continue;
    const developerOnly = isTrue(e['DeveloperOnlyAttribute']);
    const name = STANDARD_NAMES.has(e['Name']) ? e['Name'] : `${developerOnly ? 'dev:' : ''}custom:${e['Name'].replace(/^custom:/, '')}`;
    const existing = schema.get(name);
    schema.set(name, {
      name,
      dataType: (typeof e['AttributeDataType'] === 'string' ? e['AttributeDataType'] : (existing?.dataType ?? 'String')) as AttributeDataType,
      required: isTrue(e['Required']),
      // CloudFormation's default for Mutable is true.
      mutable: e['Mutable'] === undefined ? true : isTrue(e['Mutable']),
      developerOnly,
    });
  }
  return [...schema.values()];
}

export interface AttributeWrite {
  schema: SchemaAttribute[];
  /** The client's WriteAttributes, for the public APIs; absent for admin APIs. */
  writable?: readonly string[];
  /** The user's current attributes, when updating (immutable ones set already cannot change). */
  current?: Record<string, string>;
  /** Sign-up: every required attribute must be given. */
  requireAll?: boolean;
}

/**
 * Checks attributes a caller writes and returns them as a record. Throws Cognito's errors: an
 * attribute the client may not write (NotAuthorizedException), then schema problems
 * (InvalidParameterException listing each), then email and phone formats.
 */
export function checkAttributeWrite(attributes: readonly AttributeType[] | undefined, write: AttributeWrite): Record<string, string> {
  const byName = new Map(write.schema.map((a) => [a.name, a]));
  const values: Record<string, string> = {};
  const problems: string[] = [];
  for (const { Name, Value } of attributes ?? []) {
    if (write.writable && !write.writable.includes(Name)) throw unauthorizedAttributeWrite();
    const definition = byName.get(Name);
    if (!definition || Name === 'sub') {
      problems.push(`${Name}: Attribute does not exist in the schema.`);
      continue;
    }
    const current = write.current?.[Name];
    if (!definition.mutable && current !== undefined && current !== (Value ?? '')) {
      problems.push(`${Name}: Attribute cannot be updated. (changing an immutable attribute)`); // unconfirmed
      continue;
    }
    values[Name] = Value ?? '';
  }
  if (write.requireAll) {
    for (const a of write.schema) {
      if (a.required && a.name !== 'sub' && !values[a.name]) problems.push(`${a.name}: The attribute is required`);
    }
  }
  if (problems.length > 0) throw attributesDoNotConform(problems);
  if (values['email'] !== undefined && values['email'] !== '' && !EMAIL.test(values['email'])) throw invalidEmail();
  if (values['phone_number'] !== undefined && values['phone_number'] !== '' && !PHONE.test(values['phone_number'])) throw invalidPhone();
  for (const flag of BOOLEAN_ATTRIBUTES) {
    if (values[flag] !== undefined && values[flag] !== 'true' && values[flag] !== 'false') throw attributesDoNotConform([`${flag}: Attribute value must be true or false`]); // unconfirmed
  }
  return values;
}

/** The user's attributes as the API lists them, `sub` first, limited to what the reader may see. */
export function attributeList(sub: string, attributes: Record<string, string>, readable?: readonly string[]): AttributeType[] {
  const list: AttributeType[] = [{ Name: 'sub', Value: sub }];
  for (const [Name, Value] of Object.entries(attributes)) {
    if (readable && !readable.includes(Name)) continue;
    list.push({ Name, Value });
  }
  return list;
}

export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}
