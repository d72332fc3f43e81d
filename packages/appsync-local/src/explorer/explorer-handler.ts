/**
 * The explorer's HTTP adapter, mounted by local/server/http-server.ts:
 *
 * - `GET /`: the page, with the server's config (URLs, region, the API's auth modes with the
 *   local credentials, user pools and OIDC issuers), computed for each load from the template
 *   served then, and a Content-Security-Policy that keeps it on this server;
 * - `GET /explorer/<file>`: the bundle's files (explorer.js, explorer.css), built on first
 *   request and cached (explorer-bundle.ts), with an ETag so a reload costs a 304.
 *
 * It only routes and moves bytes; what the explorer does lives in local/explorer/browser/.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ExplorerBundle, type ExplorerAssets } from './explorer-bundle.js';
import { EXPLORER_ASSET_PREFIX, type ExplorerConfig } from './explorer-config.js';
import { explorerContentSecurityPolicy, renderExplorerPage } from './explorer-page.js';

export const EXPLORER_PAGE_PATH = '/';

export function isExplorerPath(pathname: string): boolean {
  return pathname === EXPLORER_PAGE_PATH || pathname.startsWith(EXPLORER_ASSET_PREFIX);
}

export interface ExplorerHandlerOptions {
  /** Asked at every page load: a reload of the app (a changed template) changes the auth modes. */
  config: () => ExplorerConfig;
  /** Where built bundles are cached (`<stateDir>/explorer`). */
  cacheDir: string;
  log?: (line: string) => void;
}

export class ExplorerHandler {
  private readonly bundle: ExplorerBundle;

  constructor(private readonly options: ExplorerHandlerOptions) {
    this.bundle = new ExplorerBundle({ cacheDir: options.cacheDir, log: options.log });
  }

  /** Builds the bundle now (or loads the cached one), so the first page load does not wait; never throws. */
  async prepare(): Promise<void> {
    await this.bundle.assets().catch(() => undefined);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(req, res, 405, { 'content-type': 'text/plain; charset=utf-8', allow: 'GET, HEAD' }, `${pathname} answers GET only.`);
    if (pathname === EXPLORER_PAGE_PATH) {
      // Start the build (if needed) while the browser parses the page.
      void this.prepare();
      const config = this.options.config();
      return send(
        req,
        res,
        200,
        {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': explorerContentSecurityPolicy(config),
          // The page carries the local credentials: never keep it in a cache.
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
        },
        renderExplorerPage(config),
      );
    }

    let assets: ExplorerAssets;
    try {
      assets = await this.bundle.assets();
    } catch (err) {
      return send(req, res, 500, { 'content-type': 'text/plain; charset=utf-8' }, `The explorer bundle could not be built:\n${(err as Error).message}`);
    }
    const file = assets.files.get(pathname.slice(EXPLORER_ASSET_PREFIX.length));
    if (!file) return send(req, res, 404, { 'content-type': 'text/plain; charset=utf-8' }, `No explorer file at ${pathname}.`);
    const etag = `"${assets.hash}"`;
    const headers = { 'content-type': file.contentType, etag, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
    if (req.headers['if-none-match'] === etag) return send(req, res, 304, headers, '');
    return send(req, res, 200, headers, file.body);
  }
}

function send(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, status === 304 ? headers : { ...headers, 'content-length': bytes.length });
  res.end(req.method === 'HEAD' || status === 304 ? undefined : bytes);
}
