/**
 * A host process for dynamodb-local.test.ts, run with `node --import tsx`: it starts DynamoDB
 * Local, prints the JVM's pid as a JSON line, then, as argv[2] says, never stopping it:
 *   crash  dies of an uncaught exception, as a crashing server would
 *   wait   waits to be ended by a signal it has no handler for (a test runner stopping its worker)
 */
import { readFileSync } from 'node:fs';
import { startDynamoDbLocal } from '../../src/dynamodb/dynamodb-local.js';

const local = await startDynamoDbLocal();
// The pid is the JVM's own (no wrapper between), so the test watches the process that matters.
const isJvm = readFileSync(`/proc/${local.pid}/cmdline`, 'utf8').includes('DynamoDBLocal');
console.log(JSON.stringify({ pid: local.pid, isJvm }));
if (process.argv[2] === 'wait') setInterval(() => {}, 1000);
else
  setTimeout(() => {
    throw new Error('the host crashes');
  }, 0);
