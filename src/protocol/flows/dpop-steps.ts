import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import {
  buildDpopAuthorization,
  checkDpopBinding,
  createDpopKey,
  createDpopProof,
  readDpopNonce,
} from '../dpop';
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

/** A deliberate DPoP mistake a learner can send to an API, each refused for its own reason. */
export type DpopMistake = 'replay' | 'no-proof' | 'other-url' | 'wrong-ath' | 'other-key';

/** The mistakes, in the order offered, with the check of RFC 9449 that catches each. */
export const DPOP_MISTAKES: readonly { id: DpopMistake; label: string; check: string }[] = [
  {
    id: 'replay',
    label: 'The same proof again (same jti)',
    check: 'a server that remembers jti values refuses a replay (RFC 9449 §11.1)',
  },
  {
    id: 'no-proof',
    label: 'No DPoP proof at all',
    check: 'a DPoP-bound token needs a proof with every request (RFC 9449 §7.1)',
  },
  {
    id: 'other-url',
    label: 'A proof for another URL (htu)',
    check: 'htm and htu must be this request’s method and URL (RFC 9449 §4.3)',
  },
  {
    id: 'wrong-ath',
    label: 'A proof whose ath is the hash of another token',
    check: 'ath must be the hash of the access token sent (RFC 9449 §4.3)',
  },
  {
    id: 'other-key',
    label: 'A proof signed with another key',
    check: 'the proof’s key must be the one the token is bound to, cnf.jkt (RFC 9449 §7.1)',
  },
];

/** What `ath` is computed over in the `wrong-ath` mistake: any string but the token sent. */
export const NOT_THE_ACCESS_TOKEN = 'not-the-access-token-that-is-sent';

/**
 * The request of a DPoP-bound API call, altered to carry one deliberate mistake: the same request
 * unchanged (`replay`), without its `DPoP` header, or with a new proof (new `jti`, same nonce)
 * whose `htu` is `otherUrl`, whose `ath` hashes another string, or that is signed with `otherKey`
 * (a throwaway key when none is given). The access token and everything else stay as they were.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.3
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-7.1
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-11.1
 */
export async function buildDpopMistake(
  request: HttpRequest,
  mistake: DpopMistake,
  options: { key: DpopKey; otherUrl?: string; otherKey?: DpopKey; now?: number },
): Promise<HttpRequest> {
  if (mistake === 'replay') return request;
  const accessToken = dpopBoundToken(request);
  if (accessToken === undefined) {
    throw new PlaygroundError(
      'INVALID_PARAMETER',
      'The request presents no DPoP-bound token ("Authorization: DPoP …"), so there is no proof to get wrong.',
      { cause: { expected: 'Authorization: DPoP <token>', actual: request.headers.authorization } },
    );
  }
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'dpop'),
  );
  if (mistake === 'no-proof') return { ...request, headers };
  const nonce = readDpopProof(request.headers.dpop)?.payload.nonce;
  const proof = await createDpopProof({
    key: mistake === 'other-key' ? (options.otherKey ?? (await createDpopKey(options.key.alg))) : options.key,
    htm: request.method,
    htu: mistake === 'other-url' ? (options.otherUrl ?? '') : request.url,
    accessToken: mistake === 'wrong-ath' ? NOT_THE_ACCESS_TOKEN : accessToken,
    ...(typeof nonce === 'string' ? { nonce } : {}),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return { ...request, headers: { ...headers, dpop: proof.jwt } };
}
