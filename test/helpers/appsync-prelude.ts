/** AppSync's built-in scalars and directives as SDL, as the local AppSync ships them (for building the schema in tests). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const APPSYNC_PRELUDE = readFileSync(createRequire(import.meta.url).resolve('appsync-local/appsync-prelude.graphql'), 'utf8');
