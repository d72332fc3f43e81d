/**
 * Powertools for AWS Lambda: structured logs, X-Ray traces and CloudWatch metrics (EMF), one set
 * per function. Service name and namespace come from POWERTOOLS_SERVICE_NAME and
 * POWERTOOLS_METRICS_NAMESPACE, which infra/ sets.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

export function createPowertools(serviceName: string) {
  return {
    logger: new Logger({ serviceName }),
    tracer: new Tracer({ serviceName }),
    metrics: new Metrics({ serviceName, namespace: process.env['POWERTOOLS_METRICS_NAMESPACE'] ?? 'UsersOrders' }),
  };
}
