/**
 * Generated types are never edited by hand: regenerating them from schema/ must give exactly
 * the committed file. Run `npm run codegen` after changing the schema.
 */
import { readFileSync } from 'node:fs';
import { generate, loadContext } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../..', import.meta.url).pathname;

describe('graphql-codegen output', () => {
  it('matches what codegen.yml generates from schema/', async () => {
    const context = await loadContext(`${ROOT}codegen.yml`);
    context.cwd = ROOT;
    const outputs = (await generate(context, false)) as { filename: string; content: string }[];
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      const committed = readFileSync(new URL(output.filename, `file://${ROOT}`), 'utf8');
      expect(committed, `${output.filename} is stale: run npm run codegen`).toBe(output.content);
    }
  });
});
