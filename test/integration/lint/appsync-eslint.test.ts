/**
 * Resolver code is linted with AWS's own rules (@aws-appsync/eslint-plugin, the type-aware
 * "recommended" set) through the repository's eslint.config.js, so a violation fails `npm run lint`
 * before it ever reaches the runtime's save-time check.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../..', import.meta.url).pathname;
const eslint = new ESLint({ cwd: ROOT });

async function ruleIdsFor(code: string): Promise<string[]> {
  // A virtual file under the APPSYNC_JS globs of eslint.config.js (typed through its default project).
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}test/lint/samples/Query.sample.ts` });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('eslint on APPSYNC_JS code', () => {
  it("reports the plugin's rules, including the type-aware ones", async () => {
    const ids = await ruleIdsFor(`import { util, type Context } from '@aws-appsync/utils';

function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

export function request(ctx: Context) {
  let i = 0;
  while (i < 3) {
    i++;
  }
  try {
    return { id: util.autoId(), n: fib(i), padded: String(i).padStart(3, '0'), ok: /x/.test('x') };
  } catch {
    return null;
  }
}

export function response(ctx: Context) {
  return ctx.result;
}
`);
    expect(ids).toEqual(
      expect.arrayContaining([
        '@aws-appsync/no-while',
        '@aws-appsync/no-disallowed-unary-operators',
        '@aws-appsync/no-try',
        '@aws-appsync/no-regex',
        '@aws-appsync/no-recursion',
        '@aws-appsync/no-disallowed-methods',
      ]),
    );
  });

  it('accepts valid resolver code', async () => {
    const ids = await ruleIdsFor(`import { util, type Context } from '@aws-appsync/utils';
import { get } from '@aws-appsync/utils/dynamodb';

export function request(ctx: Context<{ id: string }>) {
  return get({ key: { id: ctx.args.id } });
}

export function response(ctx: Context) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.result;
}
`);
    expect(ids).toEqual([]);
  });
});
