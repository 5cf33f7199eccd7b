import { describe, expect, it } from 'vitest';
import { createDpopKey, createDpopProof } from '@/protocol/dpop';
import type { Exchange, HttpRequest } from '@/protocol/http';
import {
  DPOP_SINGLE_USE_NOTE,
  toBashScript,
  toCurl,
  toFetch,
  toHttpFile,
  toPowerShell,
  toPowerShellScript,
} from '@/transport/export';

const API = 'http://localhost:4001/dpop/me';
const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJjbmYiOnsiamt0IjoieCJ9fQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';

async function dpopCall(): Promise<{ request: HttpRequest; proof: string }> {
  const key = await createDpopKey('ES256');
  const proof = (await createDpopProof({ key, htm: 'GET', htu: API, accessToken: ACCESS_TOKEN })).jwt;
  return {
    proof,
    request: { method: 'GET', url: API, headers: { authorization: `DPoP ${ACCESS_TOKEN}`, dpop: proof } },
  };
}

function exchangeOf(request: HttpRequest): Exchange {
  return {
    id: 'x1',
    label: 'Call the API with the access token',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 12,
    via: 'direct',
    request,
    response: { status: 200, headers: {}, body: '{}' },
  };
}

const EXPORTS: [string, (request: HttpRequest, redact?: false) => string][] = [
  ['curl', (request, redact) => toCurl(request, redact === false ? { redact } : undefined)],
  ['PowerShell', (request, redact) => toPowerShell(request, redact === false ? { redact } : undefined)],
  ['fetch', (request, redact) => toFetch(request, redact === false ? { redact } : undefined)],
  [
    'bash script',
    (request, redact) => toBashScript([exchangeOf(request)], redact === false ? { redact } : undefined),
  ],
  [
    'PowerShell script',
    (request, redact) => toPowerShellScript([exchangeOf(request)], redact === false ? { redact } : undefined),
  ],
  [
    '.http file',
    (request, redact) => toHttpFile([exchangeOf(request)], redact === false ? { redact } : undefined),
  ],
];

describe('exports of a request with a DPoP proof', () => {
  it.each(EXPORTS)(
    '%s: neither the proof nor the token, and says the proof is single-use',
    async (_name, exporter) => {
      const { request, proof } = await dpopCall();
      const text = exporter(request);
      for (const part of [proof, ...proof.split('.'), ACCESS_TOKEN, ...ACCESS_TOKEN.split('.')])
        expect(text).not.toContain(part);
      expect(text).toContain('single-use');
      expect(text).toContain(DPOP_SINGLE_USE_NOTE);
    },
  );

  it.each(EXPORTS)(
    '%s with redaction turned off: the recorded proof, still said to be single-use',
    async (_name, exporter) => {
      const { request, proof } = await dpopCall();
      const text = exporter(request, false);
      expect(text).toContain(proof);
      expect(text).toContain(DPOP_SINGLE_USE_NOTE);
    },
  );

  it.each(EXPORTS)('%s: no DPoP note for a request without a proof', (_name, exporter) => {
    const text = exporter({ method: 'GET', url: API, headers: { authorization: `Bearer ${ACCESS_TOKEN}` } });
    expect(text).not.toContain('DPoP: the proof');
  });

  it('the bash script asks for a new proof per send in its variable check', async () => {
    const { request } = await dpopCall();
    expect(toBashScript([exchangeOf(request)])).toContain(
      'DPOP_PROOF:?is not set: export DPOP_PROOF with a new DPoP proof JWT for this request (single-use: a fresh jti each send)}',
    );
  });

  it('the private key of the DPoP key pair cannot be read out, so no export can hold it', async () => {
    const key = await createDpopKey('ES256');
    await expect(crypto.subtle.exportKey('jwk', key.privateKey)).rejects.toThrow();
  });
});
