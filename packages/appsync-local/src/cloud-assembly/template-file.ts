/**
 * A plain CloudFormation template (JSON or YAML) as the stack to run, for apps that are not CDK
 * apps: SAM-free templates, templates exported from a console, or a CDK template copied out.
 *
 * YAML's short forms of the intrinsic functions (`!Ref`, `!GetAtt A.B`, `!Sub`, ...) become the
 * long forms the resolver reads (`{ "Ref": ... }`, `{ "Fn::GetAtt": [...] }`), as CloudFormation
 * reads them (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html).
 * The `yaml` library parses; the tags are declared here because no library knows CloudFormation's.
 *
 * A template names no asset files: resolver code must be inline (`Code`), functions' code too
 * (`ZipFile`); an S3 location is reported as not available locally where it is used.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, type ScalarTag, type CollectionTag } from 'yaml';
import type { StackArtifact } from './stack-artifact.js';
import type { CfnTemplate } from './template.js';

export class TemplateFileError extends Error {
  override name = 'TemplateFileError';
}

/** Functions whose short form takes a sequence or a scalar and becomes `{ "Fn::<name>": value }`. */
const FUNCTIONS = ['Base64', 'Cidr', 'FindInMap', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'ToJsonString', 'Length'];

function cloudFormationTags(): (ScalarTag | CollectionTag)[] {
  const tags: (ScalarTag | CollectionTag)[] = [];
  const both = (tag: string, toValue: (value: unknown) => unknown) => {
    tags.push({ tag, resolve: (value: string) => toValue(value) } as ScalarTag);
    tags.push({ tag, collection: 'seq', resolve: (seq: { toJSON(): unknown }) => toValue(seq.toJSON()) } as unknown as CollectionTag);
    tags.push({ tag, collection: 'map', resolve: (map: { toJSON(): unknown }) => toValue(map.toJSON()) } as unknown as CollectionTag);
  };
  both('!Ref', (value) => ({ Ref: value }));
  both('!Condition', (value) => ({ Condition: value }));
  // `!GetAtt Resource.Attribute` splits at the first dot; the sequence form is taken as it is.
  both('!GetAtt', (value) => {
    if (typeof value !== 'string') return { 'Fn::GetAtt': value };
    const dot = value.indexOf('.');
    if (dot <= 0) throw new TemplateFileError(`!GetAtt ${value}: expected <resource>.<attribute>`);
    return { 'Fn::GetAtt': [value.slice(0, dot), value.slice(dot + 1)] };
  });
  for (const name of FUNCTIONS) both(`!${name}`, (value) => ({ [`Fn::${name}`]: value }));
  return tags;
}

/** Parses a template's text; JSON when it looks like JSON, YAML otherwise (YAML is a superset anyway). */
export function parseTemplate(text: string, where: string): CfnTemplate {
  let parsed: unknown;
  try {
    parsed = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text, { customTags: cloudFormationTags(), maxAliasCount: 1000 });
  } catch (err) {
    throw new TemplateFileError(`${where} is neither valid JSON nor valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new TemplateFileError(`${where} is not a CloudFormation template (no top-level object)`);
  const resources = (parsed as { Resources?: unknown }).Resources;
  if (!resources || typeof resources !== 'object' || Array.isArray(resources)) throw new TemplateFileError(`${where} has no Resources section`);
  for (const [id, resource] of Object.entries(resources as Record<string, unknown>)) {
    if (!resource || typeof resource !== 'object' || typeof (resource as { Type?: unknown }).Type !== 'string') {
      throw new TemplateFileError(`${where}: resource ${id} has no Type`);
    }
  }
  const transform = (parsed as { Transform?: unknown }).Transform;
  if (transform !== undefined) {
    throw new TemplateFileError(`${where} uses Transform ${JSON.stringify(transform)} (a macro such as SAM), which only CloudFormation can expand; give the processed template instead`);
  }
  return parsed as CfnTemplate;
}

/** The stack a template file describes; its name is `stackName` or the file's base name. */
export function loadTemplateFile(file: string, stackName?: string): StackArtifact {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new TemplateFileError(`cannot read the template ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const template = parseTemplate(text, path.basename(file));
  const name = stackName ?? stackNameOf(file);
  return { stackName: name, template, assetPath: () => undefined };
}

/** A CloudFormation stack name from a file name: letters, digits and hyphens, starting with a letter. */
function stackNameOf(file: string): string {
  const base = path.basename(file).replace(/\.(template\.)?(json|ya?ml)$/i, '');
  const cleaned = base.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^[^A-Za-z]+/, '');
  return cleaned.slice(0, 128) || 'LocalStack';
}
