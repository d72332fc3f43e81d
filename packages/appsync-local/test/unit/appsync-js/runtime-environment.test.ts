/**
 * The runtime's environment: a fixed clock and deterministic ids make `util.time.now*` and
 * `util.autoId/autoUlid/autoKsuid` repeatable (for snapshots), while every id keeps the format
 * AppSync documents.
 */
import KSUID from 'ksuid';
import { decodeTime } from 'ulid';
import { describe, expect, it } from 'vitest';
import { AppSyncJsRuntime, deterministicEnvironment } from '../../../src/appsync-js/index.js';

const AT = Date.parse('2026-03-04T05:06:07.089Z');

function evaluateWith(runtime: AppSyncJsRuntime, expression: string): unknown {
  const code = runtime.load(`import { util } from '@aws-appsync/utils';\nexport function request() { return ${expression}; }\nexport function response(ctx) { return ctx.result; }\n`);
  const outcome = code.evaluate('request', runtime.fieldContext());
  if (outcome.kind === 'error') throw new Error(String(outcome.error?.message));
  return runtime.toHost(outcome.value);
}

describe('a runtime with a fixed clock and deterministic ids', () => {
  const runtime = () => new AppSyncJsRuntime({ environment: deterministicEnvironment({ now: () => AT }) });

  it('tells the fixed time through every util.time.now* helper', () => {
    expect(evaluateWith(runtime(), '[util.time.nowISO8601(), util.time.nowEpochSeconds(), util.time.nowEpochMilliSeconds(), util.time.nowFormatted("yyyy-MM-dd HH:mm", "UTC")]')).toEqual([
      '2026-03-04T05:06:07.089Z',
      Math.floor(AT / 1000),
      AT,
      '2026-03-04 05:06',
    ]);
  });

  it('gives the same ids in the same order to two runtimes, each id in its documented format', () => {
    const expression = '[util.autoId(), util.autoId(), util.autoUlid(), util.autoKsuid()]';
    const first = evaluateWith(runtime(), expression) as string[];
    expect(evaluateWith(runtime(), expression)).toEqual(first);
    const [uuid1, uuid2, ulid, ksuid] = first as [string, string, string, string];
    expect(uuid1).toBe('00000000-0000-4000-8000-000000000001');
    expect(uuid2).toBe('00000000-0000-4000-8000-000000000002');
    expect(ulid).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(decodeTime(ulid)).toBe(AT);
    expect(ksuid).toMatch(/^[0-9A-Za-z]{27}$/);
    expect(KSUID.parse(ksuid).date.getTime()).toBe(Math.floor(AT / 1000) * 1000);
  });

  it('keeps ids of later calls in creation order, as real ULIDs and KSUIDs sort', () => {
    const ids = evaluateWith(runtime(), '[util.autoUlid(), util.autoUlid(), util.autoKsuid(), util.autoKsuid()]') as string[];
    expect(ids[0]! < ids[1]!).toBe(true);
    expect(ids[2]! < ids[3]!).toBe(true);
  });
});

describe('the default runtime', () => {
  it('uses the system clock and random ids', () => {
    const runtime = new AppSyncJsRuntime();
    const before = Date.now();
    const [now, a, b] = evaluateWith(runtime, '[util.time.nowEpochMilliSeconds(), util.autoId(), util.autoId()]') as [number, string, string];
    expect(now).toBeGreaterThanOrEqual(before);
    expect(a).not.toBe(b);
  });
});
