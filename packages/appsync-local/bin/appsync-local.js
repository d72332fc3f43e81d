#!/usr/bin/env node
// The `appsync-local` command: the compiled code in dist/. In a source checkout dist/ may be
// missing, or older than an edit under src/; it is rebuilt first (JavaScript only, well under a
// second), so the command never serves stale code. An installed package is built when packed.
import { existsSync } from 'node:fs';

const fromSource = existsSync(new URL('../scripts/build.mjs', import.meta.url)) && existsSync(new URL('../tsconfig.json', import.meta.url));
if (fromSource) {
  const { isStale, buildJs } = await import('../scripts/build.mjs');
  if (isStale()) await buildJs();
}
await import('../dist/cli/main.js');
