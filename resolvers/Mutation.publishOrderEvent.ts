/** publishOrderEvent (IAM only): a NONE data source hands the event back; AppSync fans it out to onOrderEvent. */
import type { Context } from '@aws-appsync/utils';
import type { MutationPublishOrderEventArgs } from './generated/graphql.js';
import { authorizeService } from './lib/auth.js';

export function request(ctx: Context<MutationPublishOrderEventArgs>) {
  authorizeService(ctx);
  return { payload: ctx.args.event };
}

export function response(ctx: Context<MutationPublishOrderEventArgs>) {
  return ctx.result;
}
