/**
 * The SNS topics a template declares (AWS::SNS::Topic), as the local SNS serves them. The ARN is
 * exactly what `Ref` resolves to locally, because that is the value a function's environment
 * carries (TOPIC_ARN) and so the TopicArn its SDK publishes to.
 *
 * A resource whose Condition is false is not created by CloudFormation, so it is no topic here
 * either.
 */
import type { TemplateResolver } from '../cloud-assembly/intrinsics.js';
import type { StackArtifact } from '../cloud-assembly/stack-artifact.js';
import { resourcesOfType } from '../cloud-assembly/template.js';

export interface SnsTopicDefinition {
  logicalId: string;
  /** The topic's local ARN (`arn:aws:sns:<region>:000000000000:<name>`). */
  arn: string;
  /** The TopicName the template sets, or the local `<stack>-<logicalId>`. */
  name: string;
  fifo: boolean;
  contentBasedDeduplication: boolean;
}

export function readSnsTopics(artifact: StackArtifact, resolver: TemplateResolver): SnsTopicDefinition[] {
  return resourcesOfType(artifact.template, 'AWS::SNS::Topic', resolver).map((r) => {
    // Only the properties used here are resolved: another one (a KMS key, a policy) needing
    // something unavailable locally must not keep the topic from being served.
    const property = (name: string) => resolver.resolve(r.Properties?.[name]);
    return {
      logicalId: r.logicalId,
      arn: resolver.resources.ref(r.logicalId),
      name: resolver.resources.getAtt(r.logicalId, 'TopicName'),
      fifo: isTrue(property('FifoTopic')),
      contentBasedDeduplication: isTrue(property('ContentBasedDeduplication')),
    };
  });
}

/** CloudFormation takes booleans as JSON booleans or as the strings "true"/"false". */
function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}
