/**
 * The local-only pipe listing over HTTP, for what names no pipe: an unknown name and a malformed
 * percent-encoding are the route's 404 with the listings it serves, never a 500.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipeListingHandler } from '../../../src/pipes/pipe-listing-handler.js';

let server: Server;
let origin: string;

beforeAll(async () => {
  const handler = createPipeListingHandler(() => new Map());
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('GET /_local/pipes/<name>/dead-letters', () => {
  it.each(['no-such-pipe', '%E0%A4%A', '%zz'])('is a 404 naming the listings for %j', async (name) => {
    const response = await fetch(`${origin}/_local/pipes/${name}/dead-letters`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'NotFound', message: `No route GET /_local/pipes/${name}/dead-letters. Listings: GET /_local/pipes, /_local/pipes/<pipe name>/dead-letters.` },
    });
  });

  it('lists no pipes when the template has none', async () => {
    const response = await fetch(`${origin}/_local/pipes`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ pipes: [] });
  });
});
