import { PlaygroundError } from '@/protocol/errors';
import type { Exchange, HttpRequest, HttpResponse, Via } from '@/protocol/http';
import { DEFAULT_COMPANION_ORIGIN } from './companion-origin';
import { recordExchange } from './exchange-log';

export { DEFAULT_COMPANION_ORIGIN };
const DEFAULT_TIMEOUT_MS = 20_000;

export interface SendOptions {
  label: string;
  via?: Via;
  /** Origin of the local companion whose /relay forwards the request (relay mode only). */
  companionOrigin?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  runId?: string;
  stepId?: string;
  /** Record the exchange in the session's request log (default true). */
  record?: boolean;
}

let counter = 0;
function nextId(): string {
  counter += 1;
  return `x${Date.now().toString(36)}${counter.toString(36)}`;
}

/**
 * Sends one request, directly or through the companion's relay, and records the exchange.
 * Never throws for an HTTP status: a 400 is a normal answer in a playground. When no answer
 * could be read the exchange carries `failure` and the returned promise still resolves; use
 * `requireResponse` to turn that into a `PlaygroundError`.
 */
export async function sendRequest(request: HttpRequest, options: SendOptions): Promise<Exchange> {
  const via = options.via ?? 'direct';
  const started = performance.now();
  const exchange: Exchange = {
    id: nextId(),
    label: options.label,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    via,
    request,
    ...(options.runId === undefined ? {} : { runId: options.runId }),
    ...(options.stepId === undefined ? {} : { stepId: options.stepId }),
  };
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
  try {
    exchange.response =
      via === 'relay'
        ? await sendThroughRelay(request, options.companionOrigin ?? DEFAULT_COMPANION_ORIGIN, signal)
        : await sendDirect(request, signal);
  } catch (error) {
    const failure = await describeFailure(error, request, via, options.signal, timeout.signal);
    exchange.failure = { code: failure.code, message: failure.message };
  } finally {
    clearTimeout(timer);
    exchange.durationMs = Math.round(performance.now() - started);
  }
  if (options.record !== false) recordExchange(exchange);
  return exchange;
}

/** The response of an exchange, or the `PlaygroundError` that explains why there is none. */
export function requireResponse(exchange: Exchange): HttpResponse {
  if (exchange.response) return exchange.response;
  const failure = exchange.failure ?? { code: 'NETWORK', message: 'No response.' };
  throw new PlaygroundError(failure.code as PlaygroundError['code'], failure.message, { cause: exchange });
}

async function sendDirect(request: HttpRequest, signal: AbortSignal): Promise<HttpResponse> {
  const init: RequestInit = {
    method: request.method,
    headers: request.headers,
    signal,
    credentials: 'omit',
    cache: 'no-store',
    referrerPolicy: 'no-referrer',
  };
  if (request.body !== undefined) init.body = request.body;
  const response = await fetch(request.url, init);
  return readResponse(response);
}

async function readResponse(response: Response): Promise<HttpResponse> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const body = await response.text();
  return { status: response.status, statusText: response.statusText, headers, body };
}

interface RelayEnvelope {
  status: number;
  statusText?: string;
  headers?: Record<string, string>;
  body?: string;
}

async function sendThroughRelay(
  request: HttpRequest,
  companionOrigin: string,
  signal: AbortSignal,
): Promise<HttpResponse> {
  let relayResponse: Response;
  try {
    relayResponse = await fetch(`${companionOrigin}/relay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
      signal,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new PlaygroundError(
      'RELAY_UNAVAILABLE',
      `The local relay at ${companionOrigin} did not answer. Start the companion with "npm start" (it runs the relay), or send the request directly.`,
      { cause: error },
    );
  }
  const text = await relayResponse.text();
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch {
    throw new PlaygroundError(
      'RELAY_REFUSED',
      `The relay answered HTTP ${relayResponse.status} with a body that is not JSON.`,
      {
        cause: { expected: 'JSON envelope', actual: text.slice(0, 200) },
      },
    );
  }
  if (isEnvelope(envelope)) {
    return {
      status: envelope.status,
      statusText: envelope.statusText ?? '',
      headers: envelope.headers ?? {},
      body: envelope.body ?? '',
    };
  }
  const refusal = envelope as { error?: unknown; error_description?: unknown };
  const description =
    typeof refusal.error_description === 'string' ? refusal.error_description : String(refusal.error);
  throw new PlaygroundError(
    relayResponse.status === 504 ? 'TIMEOUT' : 'RELAY_REFUSED',
    `The relay refused to forward the request (HTTP ${relayResponse.status}): ${description}`,
    { cause: { expected: 'forwarded', actual: refusal } },
  );
}

function isEnvelope(value: unknown): value is RelayEnvelope {
  return (
    typeof value === 'object' && value !== null && typeof (value as { status?: unknown }).status === 'number'
  );
}

/**
 * A browser reports both "server down" and "CORS refused" as the same TypeError. A second,
 * opaque `no-cors` GET to the same URL tells them apart: it succeeds when the host answers at
 * all, so the first failure must have been the CORS check, unless a plain CORS GET to the same URL
 * can be read too: then the host allows this origin and the request's connection was dropped (reset).
 */
async function describeFailure(
  error: unknown,
  request: HttpRequest,
  via: Via,
  userSignal: AbortSignal | undefined,
  timeoutSignal: AbortSignal,
): Promise<PlaygroundError> {
  if (error instanceof PlaygroundError) return error;
  if (userSignal?.aborted)
    return new PlaygroundError('ABORTED', 'The request was cancelled.', { cause: error });
  if (timeoutSignal.aborted) {
    return new PlaygroundError('TIMEOUT', `No answer from ${hostOf(request.url)} within the time limit.`, {
      cause: error,
    });
  }
  if (via === 'direct' && (await isReachable(request.url, 'no-cors'))) {
    if (await isReachable(request.url, 'cors')) {
      return new PlaygroundError(
        'NETWORK',
        `The connection to ${hostOf(request.url)} was closed before an answer arrived (reset): the host is up and allows this page's origin, so the server or a proxy dropped this request. Try again, and check the server's logs if it keeps happening.`,
        { cause: error },
      );
    }
    return new PlaygroundError(
      'CORS_BLOCKED',
      `${hostOf(request.url)} answered, but its response does not allow this page's origin (CORS), so the browser hid it. Send it through the local relay instead.`,
      { cause: error },
    );
  }
  return new PlaygroundError(
    'NETWORK',
    `Could not reach ${hostOf(request.url)}: the host is down, the address is wrong, or the network is offline.`,
    { cause: error },
  );
}

/**
 * Whether a plain GET to `url` completes: in `no-cors` mode any answer counts (the host is up),
 * in `cors` mode only one whose headers allow this page's origin.
 */
async function isReachable(url: string, mode: 'cors' | 'no-cors'): Promise<boolean> {
  try {
    await fetch(url, {
      method: 'GET',
      mode,
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(5000),
    });
    return true;
  } catch {
    return false;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
