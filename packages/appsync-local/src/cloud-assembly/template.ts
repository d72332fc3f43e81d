/** The parts of a CloudFormation template the local runtime reads. */

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Condition?: string;
  Metadata?: Record<string, unknown>;
  DependsOn?: string | string[];
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Parameters?: Record<string, { Type: string; Default?: unknown }>;
  Conditions?: Record<string, unknown>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Outputs?: Record<string, { Value: unknown }>;
}

/** A resource of the template with its logical id. */
export interface TemplateResource extends CfnResource {
  logicalId: string;
}

/** What says whether a template condition holds (the stack's TemplateResolver). */
export interface ConditionResolver {
  condition(name: string): boolean;
}

/**
 * The template's resources of a type, with their logical ids. Given the stack's resolver, as
 * everything that serves the stack passes it, a resource whose Condition is false is left out:
 * CloudFormation does not create it. Without one: every resource as written (reading a template,
 * not serving it).
 */
export function resourcesOfType(template: CfnTemplate, type: string, resolver?: ConditionResolver): TemplateResource[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === type && (r.Condition === undefined || resolver === undefined || resolver.condition(r.Condition)))
    .map(([logicalId, r]) => ({ logicalId, ...r }));
}
