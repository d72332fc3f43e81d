/**
 * A host process for dynamodb-local.test.ts, run with `node --import tsx`: it starts DynamoDB
 * Local, prints the JVM's pid and port as a JSON line, then dies of an uncaught exception without
 * stopping it, as a crashing server would.
 */
import { startDynamoDbLocal } from '../../src/dynamodb/dynamodb-local.js';

const local = await startDynamoDbLocal();
console.log(JSON.stringify({ pid: local.pid, port: local.port }));
setTimeout(() => {
  throw new Error('the host crashes');
}, 0);
