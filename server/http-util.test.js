import { afterEach, describe, expect, it } from 'vitest';
import { closeServer, createServerAwaitingHandler, listenLoopback } from './http-util.js';

describe('createServerAwaitingHandler', () => {
  let server;
  afterEach(async () => {
    if (server) await closeServer(server);
    server = undefined;
  });

  it('answers a request that came before the handler, once the handler is set', async () => {
    const awaiting = createServerAwaitingHandler();
    server = awaiting.server;
    const port = await listenLoopback(server, 0);
    let settled = false;
    const early = fetch(`http://127.0.0.1:${port}/early`).then(async (response) => {
      settled = true;
      return { status: response.status, body: await response.text() };
    });
    // The request reaches the server and waits there.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(settled).toBe(false);
    awaiting.handle((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`handled ${req.url}`);
    });
    await expect(early).resolves.toEqual({ status: 200, body: 'handled /early' });
    const later = await fetch(`http://127.0.0.1:${port}/later`);
    expect(await later.text()).toBe('handled /later');
  });
});
