import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import { buildDpopAuthorization, checkDpopBinding, createDpopProof, readDpopNonce } from '../dpop';
import type { DpopKey } from '../dpop';
import { PlaygroundError } from '../errors';
import type { Exchange, HttpRequest, HttpResponse } from '../http';
import type { DpopRunState, FlowRun, StepDefinition, StepOutcome } from './types';

/** The origin a nonce belongs to: RFC 9449 nonces are per server. */
export function nonceOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** The key a run's DPoP step must sign with, or the reason there is none. */
export function requireDpopKey(run: FlowRun, key: DpopKey | undefined): DpopKey {
  const jkt = run.dpop?.jkt;
  if (key === undefined || key.jkt !== jkt) {
    throw new PlaygroundError(
      'DPOP_KEY_MISSING',
      'The DPoP key of this run is gone: it lives in this page’s memory only, so it does not survive a reload or a same-tab redirect to the provider. Start a new run (in a popup, so that this page and its key stay).',
      { cause: { expected: jkt, actual: key?.jkt } },
    );
  }
  return key;
}

/** The access token a request presents with the `DPoP` scheme, if any. */
function dpopBoundToken(request: HttpRequest): string | undefined {
  const header = request.headers.authorization ?? '';
  return /^dpop\s/i.test(header) ? header.replace(/^dpop\s+/i, '') : undefined;
}

/**
 * Adds a fresh DPoP proof to a built request: a token request gets a proof for its method and URL
 * (with the server's nonce when it gave one); a resource request with a DPoP-bound access token
 * (`token_type` DPoP) also switches `Authorization` to the `DPoP` scheme and puts the token's hash
 * in `ath`. A resource request with a Bearer token is left as it is.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-5
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-7.1
 */
export async function addDpopProof(
  run: FlowRun,
  kind: 'token' | 'resource',
  request: HttpRequest,
  key: DpopKey,
  now?: number,
): Promise<HttpRequest> {
  let accessToken: string | undefined;
  let headers = request.headers;
  if (kind === 'resource') {
    const tokenType = run.values.token_type ?? '';
    const token = run.values.access_token;
    if (tokenType.toLowerCase() !== 'dpop' || token === undefined) return request;
    accessToken = token;
    headers = { ...headers, authorization: buildDpopAuthorization(token) };
  }
  return signFor({ ...request, headers }, run.dpop, key, accessToken, now);
}

/**
 * The same request with a new proof (a new `jti`, now, the server's latest nonce), keeping
 * everything else as it was sent (edits included): the resend after `use_dpop_nonce`.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-8
 */
export async function refreshDpopProof(
  run: FlowRun,
  request: HttpRequest,
  key: DpopKey,
  now?: number,
): Promise<HttpRequest> {
  return signFor(request, run.dpop, key, dpopBoundToken(request), now);
}

async function signFor(
  request: HttpRequest,
  state: DpopRunState | undefined,
  key: DpopKey,
  accessToken: string | undefined,
  now: number | undefined,
): Promise<HttpRequest> {
  const origin = nonceOrigin(request.url);
  const nonce = origin === undefined ? undefined : state?.nonces[origin];
  const proof = await createDpopProof({
    key,
    htm: request.method,
    htu: request.url,
    ...(accessToken === undefined ? {} : { accessToken }),
    ...(nonce === undefined ? {} : { nonce }),
    ...(now === undefined ? {} : { now }),
  });
  return { ...request, headers: { ...request.headers, dpop: proof.jwt } };
}

/** A proof's decoded parts for display; `undefined` when the header holds no readable JWT. */
export function readDpopProof(
  jwt: string | undefined,
): { header: ProtectedHeaderParameters; payload: JWTPayload } | undefined {
  if (jwt === undefined || jwt === '') return undefined;
  try {
    return { header: decodeProtectedHeader(jwt), payload: decodeJwt(jwt) };
  } catch {
    return undefined;
  }
}

/**
 * Remembers the `DPoP-Nonce` a server sent (any response may carry a new one), per origin.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-8.2
 */
export function rememberDpopNonce(run: FlowRun, exchange: Exchange): FlowRun {
  const nonce = exchange.response?.headers['dpop-nonce'];
  const origin = nonceOrigin(exchange.request.url);
  if (run.dpop === undefined || !nonce || origin === undefined) return run;
  if (run.dpop.nonces[origin] === nonce) return run;
  return { ...run, dpop: { ...run.dpop, nonces: { ...run.dpop.nonces, [origin]: nonce } } };
}

/**
 * Whether an answer is the server's `use_dpop_nonce` refusal of a DPoP request, which the client
 * answers by sending once more with the nonce.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-8
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-9
 */
export function isDpopNonceRefusal(request: HttpRequest, response: HttpResponse | undefined): boolean {
  if (response === undefined || request.headers.dpop === undefined) return false;
  return readDpopNonce(response).retry;
}

/**
 * A token step's outcome with the DPoP binding checked: `token_type` must be DPoP and the access
 * token's `cnf.jkt` (when it is a readable JWT) the key's thumbprint; a failed check fails the step.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-5.1
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-6.1
 */
export function checkDpopTokenOutcome(run: FlowRun, outcome: StepOutcome): StepOutcome {
  const jkt = run.dpop?.jkt;
  const accessToken = outcome.values?.access_token;
  if (!outcome.ok || jkt === undefined || accessToken === undefined) return outcome;
  const checks = checkDpopBinding(
    { token_type: outcome.values?.token_type ?? '', access_token: accessToken },
    jkt,
  );
  const words = checks.map((check) => `${check.ok ? '✓' : '✗'} ${check.message}`).join('. ');
  const failed = checks.find((check) => !check.ok);
  const message = `${outcome.message ?? ''} DPoP: ${words}.`.trim();
  return failed
    ? { ...outcome, ok: false, errorCode: 'DPOP_BINDING_MISMATCH', message }
    : { ...outcome, message };
}

/** Whether the step signs DPoP proofs in this run. */
export function usesDpop(
  run: FlowRun,
  definition: StepDefinition,
): definition is StepDefinition & {
  dpop: 'token' | 'resource';
} {
  return run.dpop !== undefined && definition.dpop !== undefined;
}
