/**
 * A handler wrapped in its own X-Ray subsegment with the cold-start and service annotations, the
 * manual form of Powertools' captureLambdaHandler (which otherwise needs middy or decorators).
 * Outside Lambda, where tracing is off, the handler runs as it is.
 */
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';

export function tracedHandler<E, R>(tracer: Tracer, name: string, handle: (event: E, context: Context) => Promise<R>): (event: E, context: Context) => Promise<R> {
  return async (event, context) => {
    const segment = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
    if (!segment) return handle(event, context);
    const subsegment = segment.addNewSubsegment(`## ${name}`);
    tracer.setSegment(subsegment);
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    try {
      return await handle(event, context);
    } catch (err) {
      tracer.addErrorAsMetadata(err as Error);
      throw err;
    } finally {
      subsegment.close();
      tracer.setSegment(segment);
    }
  };
}
