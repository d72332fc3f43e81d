/**
 * A host process for process-lifecycle.test.ts, run with `node --import tsx`: it starts a
 * LocalLambda on the fixtures, prints its instance's pid as a JSON line, then, as argv[2] says:
 *   return     ends without calling stop() (idle instances must not keep it alive)
 *   wait-idle  stays alive with an idle instance, until the test kills it
 *   wait-busy  stays alive with an instance stuck in a CPU loop, prints "spinning", until killed
 */
import path from 'node:path';
import { LocalLambda } from '../../src/lambda/local-lambda.js';

// Not from lambda-harness.ts: that one needs vitest, and this process runs without it.
const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'lambda');

const mode = process.argv[2];
const fn = new LocalLambda({ name: 'host-fn', codeDir: FIXTURES, handler: 'index.act', environment: {}, timeoutMs: 60_000, memoryMb: 128, maxConcurrency: 1, log: () => {} });
const first = await fn.invoke({ do: 'pid' });
if (first.error) throw new Error(`the fixture failed: ${JSON.stringify(first.error)}`);
console.log(JSON.stringify({ pid: (first.result as { pid: number }).pid }));

if (mode === 'wait-idle') setInterval(() => {}, 1000);
if (mode === 'wait-busy') {
  void fn.invoke({ do: 'spin' });
  // Long enough for the invocation to reach the loop; the timeout (60 s) never comes into play.
  setTimeout(() => console.log('spinning'), 500);
}
