/**
 * `appsync-local start`'s HTTP endpoint overrides: `--http-endpoint Name=url` (repeatable) and
 * LOCAL_HTTP_ENDPOINTS, a flag winning for its name, and a malformed pair one clear line. Whether
 * a name is an HTTP data source of the template is checked at start (the e2e tier covers it).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStartSettings, SettingsError } from '../../../src/cli/start-settings.js';

const TEMPLATE = path.resolve(import.meta.dirname, '../../fixtures/apps/http.yaml');
const read = (flags: string[], env: NodeJS.ProcessEnv = {}) => readStartSettings(['--template', TEMPLATE, ...flags], env, process.cwd());

describe('HTTP endpoint overrides in the start settings', () => {
  it('has none by default', () => {
    expect(read([]).httpEndpoints).toEqual({});
  });

  it('takes repeated flags and the variable, the flag winning for a name', () => {
    const settings = read(['--http-endpoint', 'Weather=http://127.0.0.1:9000', '--http-endpoint', 'Reports=http://127.0.0.1:9001/prod'], {
      LOCAL_HTTP_ENDPOINTS: 'Weather=http://127.0.0.1:1, Legacy=https://localhost:8443',
    });
    expect(settings.httpEndpoints).toEqual({ Weather: 'http://127.0.0.1:9000', Reports: 'http://127.0.0.1:9001/prod', Legacy: 'https://localhost:8443' });
  });

  it.each([
    [['--http-endpoint', 'Weather'], {}, '--http-endpoint takes <DataSourceName>=<url>, got Weather'],
    [[], { LOCAL_HTTP_ENDPOINTS: 'Weather=127.0.0.1:9000' }, 'LOCAL_HTTP_ENDPOINTS Weather: 127.0.0.1:9000 is not a URL (give it as http://host:port)'],
  ])('refuses %j %j with one line', (flags, env, message) => {
    expect(() => read(flags, env)).toThrow(new SettingsError(message));
  });
});
