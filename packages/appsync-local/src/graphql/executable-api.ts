/**
 * An API definition made ready to serve: the schema built with AppSync's prelude and scalars,
 * the auth rules of its directives, every resolver's and function's code checked and compiled
 * into one APPSYNC_JS runtime, and each data source bound to something that answers it.
 *
 * Code that AppSync would refuse on deploy (invalid APPSYNC_JS, VTL, an unknown data source)
 * does not stop the server: the problem is reported when the API loads and the field answers
 * with it, so the rest of the API keeps working while the developer fixes it.
 */
import { readFileSync } from 'node:fs';
import { buildSchema, isObjectType, type DocumentNode, type GraphQLSchema } from 'graphql';
import {
  AppSyncJsRuntime,
  CodeValidationError,
  formatCodeError,
  type AppSyncCode,
  type DataSourceResult,
  type FieldContext,
  type ResolverDefinition as RuntimeResolver,
  type RuntimeOptions,
} from '../appsync-js/index.js';
import type { ApiDefinition, CodeDefinition, DataSourceDefinition, ResolverDefinition } from './api-definition.js';
import { withAwsScalars } from './aws-scalars.js';
import { FieldAuthorization } from './field-authorization.js';
import { parseRequest, validateRequest, type RequestError } from './request-validation.js';

/** Answers one data source's requests (the request object a handler returned, as plain data). */
export type DataSourceHandler = (request: unknown, field: FieldContext) => Promise<DataSourceResult>;

/** Binds a data source of the definition to its local implementation. */
export type DataSourceBinder = (definition: DataSourceDefinition) => DataSourceHandler;

export type FieldResolver =
  | { kind: 'code'; typeName: string; fieldName: string; resolver: RuntimeResolver }
  | { kind: 'directLambda'; typeName: string; fieldName: string; dataSource: string }
  | { kind: 'broken'; typeName: string; fieldName: string; errorType: string; message: string };

export type PreparedDocument = { document: DocumentNode } | { errors: RequestError[] };

const DOCUMENT_CACHE_SIZE = 500;
const MAX_CACHED_QUERY_LENGTH = 20_000;

const PRELUDE = readFileSync(new URL('./appsync-prelude.graphql', import.meta.url), 'utf8');

export class ExecutableApi {
  readonly schema: GraphQLSchema;
  readonly authorization: FieldAuthorization;
  readonly runtime: AppSyncJsRuntime;
  /** What AppSync would not accept or the local server cannot run, one line each. */
  readonly problems: string[] = [];
  private readonly resolvers = new Map<string, FieldResolver>();
  /** Parsed and validated documents by query text (clients send the same few queries again and again). */
  private readonly documents = new Map<string, PreparedDocument>();
  private readonly dataSources = new Map<string, DataSourceHandler>();

  constructor(
    readonly definition: ApiDefinition,
    bind: DataSourceBinder,
    options: RuntimeOptions = {},
  ) {
    this.runtime = new AppSyncJsRuntime(options);
    this.schema = withAwsScalars(buildSchema(`${PRELUDE}\n${definition.schema}`));
    this.authorization = new FieldAuthorization(this.schema, definition.defaultAuthMode, definition.additionalAuthModes);
    for (const ds of definition.dataSources.values()) {
      if ('unsupported' in ds) {
        const reason = ds.unsupported;
        this.dataSources.set(ds.name, async () => ({ error: { message: reason, type: 'UnsupportedDataSource' } }));
        this.problems.push(`data source ${ds.name}: ${reason}`);
      } else {
        this.dataSources.set(ds.name, bind(ds));
      }
    }
    const compiled = new Map<CodeDefinition, AppSyncCode | Error>();
    const load = (code: CodeDefinition, what: string): AppSyncCode | Error => {
      const cached = compiled.get(code);
      if (cached) return cached;
      let result: AppSyncCode | Error;
      try {
        result = this.runtime.load(code.text);
      } catch (err) {
        const detail = err instanceof CodeValidationError ? err.codeErrors.map((e) => formatCodeError(e)).join('; ') : (err as Error).message;
        result = new Error(`The code contains one or more errors. ${what}: ${detail}`);
      }
      compiled.set(code, result);
      return result;
    };
    for (const resolver of definition.resolvers) this.addResolver(resolver, load);
  }

  /**
   * The query parsed and validated against this API's schema, from a bounded cache: parsing and
   * validating cost more than running a typical resolver. Documents are never mutated.
   */
  prepare(query: string): PreparedDocument {
    const cached = this.documents.get(query);
    if (cached) return cached;
    const parsed = parseRequest(query);
    const prepared: PreparedDocument =
      'errors' in parsed ? parsed : ((errors) => (errors.length > 0 ? { errors } : parsed))(validateRequest(this.schema, parsed.document, { introspection: this.definition.introspection }));
    if (this.documents.size >= DOCUMENT_CACHE_SIZE) this.documents.delete(this.documents.keys().next().value!);
    // Only short queries are kept: a huge or generated one would evict the useful ones.
    if (query.length <= MAX_CACHED_QUERY_LENGTH) this.documents.set(query, prepared);
    return prepared;
  }

  resolver(typeName: string, fieldName: string): FieldResolver | undefined {
    return this.resolvers.get(`${typeName}.${fieldName}`);
  }

  dataSource(name: string): DataSourceHandler {
    const handler = this.dataSources.get(name);
    if (!handler) throw new Error(`no data source named ${name}`);
    return handler;
  }

  /** Every field with a resolver, as `Type.field`. */
  resolverFields(): string[] {
    return [...this.resolvers.keys()];
  }

  private addResolver(resolver: ResolverDefinition, load: (code: CodeDefinition, what: string) => AppSyncCode | Error): void {
    const { typeName, fieldName } = resolver;
    const label = `${typeName}.${fieldName}`;
    const broken = (message: string, errorType = 'BadRequestException') => {
      this.problems.push(`resolver ${label}: ${message}`);
      this.resolvers.set(label, { kind: 'broken', typeName, fieldName, errorType, message });
    };
    const type = this.schema.getType(typeName);
    if (!isObjectType(type) || !type.getFields()[fieldName]) return broken(`the schema has no field ${label}`);
    if (resolver.unsupported) return broken(resolver.unsupported, 'UnsupportedResolver');

    const known = (name: string | null) => name !== null && this.dataSources.has(name);
    if (resolver.kind === 'UNIT') {
      if (!known(resolver.dataSourceName)) return broken(`no data source named ${String(resolver.dataSourceName)}`);
      if (resolver.code === null) {
        this.resolvers.set(label, { kind: 'directLambda', typeName, fieldName, dataSource: resolver.dataSourceName! });
        return;
      }
      const code = load(resolver.code, `resolver ${label}`);
      if (code instanceof Error) return broken(code.message);
      this.resolvers.set(label, { kind: 'code', typeName, fieldName, resolver: { kind: 'UNIT', dataSource: resolver.dataSourceName!, code } });
      return;
    }

    if (resolver.code === null) return broken('a pipeline resolver needs code');
    const code = load(resolver.code, `resolver ${label}`);
    if (code instanceof Error) return broken(code.message);
    const functions = [];
    for (const id of resolver.functionIds) {
      const fn = this.definition.functions.get(id);
      if (!fn) return broken(`its pipeline names a function ${id} the API does not have`);
      if (fn.unsupported || fn.code === null) return broken(fn.unsupported ?? `function ${fn.name} has no code`, 'UnsupportedResolver');
      if (!known(fn.dataSourceName)) return broken(`function ${fn.name} names no known data source (${fn.dataSourceName})`);
      const fnCode = load(fn.code, `function ${fn.name}`);
      if (fnCode instanceof Error) return broken(fnCode.message);
      functions.push({ name: fn.name, dataSource: fn.dataSourceName, code: fnCode });
    }
    this.resolvers.set(label, { kind: 'code', typeName, fieldName, resolver: { kind: 'PIPELINE', code, functions } });
  }
}
