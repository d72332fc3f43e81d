/**
 * The notes app's template (test/fixtures/apps/notes.yaml) copied into a folder of its own and
 * served over HTTP with the tier's shared DynamoDB Local, under a stack name of its own (so its
 * tables are its own), for tests that edit the template and reload it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { serve, type Served } from '../../src/server/serve.js';
import { NOTES_TEMPLATE } from './fixture-apps.js';
import { TEST_API_KEY, TEST_CREDENTIALS, TEST_REGION } from './local-server.js';

export interface NotesCopy {
  served: Served;
  /** The state folder: with `persist`, inline function code is written under it. */
  stateDir: string;
  /** Rewrites the template: `edit` gets the text served now. */
  edit(edit: (text: string) => string): void;
  /** A GraphQL operation with the API key: the answer's body. */
  query<T = Record<string, unknown>>(text: string): Promise<{ data?: T | null; errors?: { errorType?: string; message: string }[] }>;
  stop(): Promise<void>;
}

export async function serveNotesCopy(options: { persist?: boolean; log?: (line: string) => void } = {}): Promise<NotesCopy> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'notes-copy-'));
  const file = path.join(stateDir, 'notes.yaml');
  writeFileSync(file, readFileSync(NOTES_TEMPLATE, 'utf8'));
  let served: Served;
  try {
    served = await serve({
      source: { template: file },
      stateDir,
      stackName: `notes-${randomUUID().slice(0, 8)}`,
      dynamodbEndpoint: inject('dynamodbEndpoint'),
      port: 0,
      ephemeral: !options.persist,
      startPipes: false,
      apiKey: TEST_API_KEY,
      credentials: TEST_CREDENTIALS,
      region: TEST_REGION,
      log: options.log ?? (() => undefined),
    });
  } catch (err) {
    rmSync(stateDir, { recursive: true, force: true });
    throw err;
  }
  return {
    served,
    stateDir,
    edit: (edit) => writeFileSync(file, edit(readFileSync(file, 'utf8'))),
    async query(text) {
      const response = await fetch(served.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY }, body: JSON.stringify({ query: text }) });
      return (await response.json()) as never;
    },
    async stop() {
      await served.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
