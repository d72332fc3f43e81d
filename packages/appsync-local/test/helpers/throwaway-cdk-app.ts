/**
 * A small CDK app of its own, written to a temporary folder, that has nothing to do with this
 * project's API: a table, a NONE and a DynamoDB data source, and one APPSYNC_JS resolver per
 * file under resolvers/. Tests serve it with the local AppSync to show that whatever a CDK app
 * declares is served, with no change to the tool. node_modules is the one this package's
 * dependencies are installed in (a symlink).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

export interface ThrowawayResolver {
  typeName: string;
  fieldName: string;
  dataSource: 'None' | 'Notes';
  code: string;
}

export interface ThrowawayApp {
  dir: string;
  /** Writes the schema, the resolver files and the app that declares them. */
  write(schema: string, resolvers: ThrowawayResolver[]): void;
  /** Rewrites one resolver's code file only. */
  writeCode(resolver: Pick<ThrowawayResolver, 'typeName' | 'fieldName' | 'code'>): void;
  /** Writes a module the resolvers may import, under resolvers/lib/. */
  writeLib(file: string, code: string): void;
  remove(): void;
}

/**
 * The app: bundles each resolver with esbuild (AWS's documented APPSYNC_JS options, paths
 * relative to the app's folder) and declares it with aws-cdk-lib's L2 constructs.
 */
const APP_SOURCE = `
import { readFileSync } from 'node:fs';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { buildSync } from 'esbuild';

const dir = import.meta.dirname;
const resolvers = JSON.parse(readFileSync(dir + '/resolvers.json', 'utf8'));
const bundle = (file) =>
  buildSync({
    entryPoints: [dir + '/' + file], bundle: true, write: false, format: 'esm', platform: 'node', target: 'esnext',
    sourcemap: 'inline', sourcesContent: false, external: ['@aws-appsync/utils', '@aws-appsync/utils/*'],
    logLevel: 'silent', absWorkingDir: dir, outdir: dir,
  }).outputFiles[0].text;

const app = new App();
const stack = new Stack(app, 'Throwaway');
const table = new dynamodb.TableV2(stack, 'Notes', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY });
const api = new appsync.GraphqlApi(stack, 'Api', {
  name: 'throwaway',
  definition: appsync.Definition.fromFile(dir + '/schema.graphql'),
  authorizationConfig: { defaultAuthorization: { authorizationType: appsync.AuthorizationType.API_KEY } },
});
const sources = { None: api.addNoneDataSource('None'), Notes: api.addDynamoDbDataSource('Notes', table) };
for (const r of resolvers) {
  sources[r.dataSource].createResolver(r.typeName + r.fieldName, {
    typeName: r.typeName, fieldName: r.fieldName, runtime: appsync.FunctionRuntime.JS_1_0_0,
    code: appsync.Code.fromInline(bundle('resolvers/' + r.typeName + '.' + r.fieldName + '.js')),
  });
}
`;

/** The node_modules holding aws-cdk-lib, the CDK CLI and esbuild as installed for this package (hoisted in a workspace). */
const NODE_MODULES = (() => {
  const entry = createRequire(import.meta.url).resolve('aws-cdk-lib/package.json');
  return entry.slice(0, entry.lastIndexOf(`${path.sep}aws-cdk-lib${path.sep}`));
})();

export function throwawayCdkApp(): ThrowawayApp {
  const dir = mkdtempSync(path.join(tmpdir(), 'throwaway-cdk-app-'));
  mkdirSync(path.join(dir, 'resolvers', 'lib'), { recursive: true });
  symlinkSync(NODE_MODULES, path.join(dir, 'node_modules'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'throwaway', private: true, type: 'module' }));
  writeFileSync(path.join(dir, 'app.mjs'), APP_SOURCE);
  writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ app: 'node app.mjs', watch: { include: ['app.mjs', 'resolvers.json', 'schema.graphql', 'resolvers/**'] } }));
  const writeCode = (r: Pick<ThrowawayResolver, 'typeName' | 'fieldName' | 'code'>) => writeFileSync(path.join(dir, 'resolvers', `${r.typeName}.${r.fieldName}.js`), r.code);
  return {
    dir,
    write(schema, resolvers) {
      for (const r of resolvers) writeCode(r);
      writeFileSync(path.join(dir, 'schema.graphql'), schema);
      writeFileSync(path.join(dir, 'resolvers.json'), JSON.stringify(resolvers.map(({ code: _code, ...r }) => r)));
    },
    writeCode,
    writeLib: (file, code) => writeFileSync(path.join(dir, 'resolvers', 'lib', file), code),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
