/** publishOrderEvent (IAM only): a NONE data source hands the event back; AppSync fans it out to onOrderEvent. */
import type { Context } from '@aws-appsync/utils';
import type { MutationPublishOrderEventArgs } from './generated/graphql.js';

export function request(ctx: Context<MutationPublishOrderEventArgs>) {
  return { payload: ctx.args.event };
}

export function response(ctx: Context<MutationPublishOrderEventArgs>) {
  return ctx.result;
}
