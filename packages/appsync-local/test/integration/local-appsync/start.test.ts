/**
 * LocalAppSync.start when a service fails to start while the app is still being read: the
 * failure is start's rejection (the command prints it as one line), the services are stopped,
 * and Node never sees an unhandled rejection, which would crash the command with a stack trace.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalAppSync } from '../../../src/local-appsync.js';
import { CDK_NOTES_APP, cdkNotesStateDir } from '../../helpers/fixture-apps.js';
import { TEST_API_KEY, TEST_CREDENTIALS, TEST_REGION } from '../../helpers/local-server.js';

let occupied: Server;
let port: number;

beforeAll(async () => {
  occupied = createServer();
  await new Promise<void>((resolve) => occupied.listen(0, '0.0.0.0', resolve));
  port = (occupied.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => occupied?.close(resolve));
});

describe('LocalAppSync.start', () => {
  it('rejects with DynamoDB Local’s error when its port is taken while the CDK app is read, with no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      // Reading the project (hashing its inputs) takes file reads; DynamoDB Local's port check
      // fails before they are done, so its rejection comes while the app is still being read.
      const starting = LocalAppSync.start({
        source: { project: CDK_NOTES_APP },
        stateDir: cdkNotesStateDir(),
        ephemeral: true,
        dynamodbPort: port,
        apiKey: TEST_API_KEY,
        credentials: TEST_CREDENTIALS,
        region: TEST_REGION,
        graphqlUrl: 'http://localhost:1/graphql',
        realtimeUrl: 'ws://localhost:1/graphql/realtime',
        log: () => undefined,
      });
      await expect(starting).rejects.toThrow(`DynamoDB Local cannot start: port ${port} is already in use`);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});
