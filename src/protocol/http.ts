/**
 * Requests are plain data: protocol/ builds them, the UI shows them, transport/ sends them.
 * Bodies are strings exactly as sent on the wire (usually application/x-www-form-urlencoded).
 */
export type HttpMethod = 'GET' | 'POST';

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  statusText?: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: string;
}

/** A form-encoded POST, the shape of every token-endpoint style request. */
export function buildFormPost(
  url: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): HttpRequest {
  return {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
    body: new URLSearchParams(params).toString(),
  };
}

/** How a request travelled: straight from the browser, or through the local companion's relay. */
export type Via = 'direct' | 'relay';

/** One recorded HTTP exchange: exactly what was sent and what came back. */
export interface Exchange {
  id: string;
  /** Short human label, e.g. "Token request (authorization_code)". */
  label: string;
  /** ISO timestamp of when the request was sent. */
  startedAt: string;
  durationMs: number;
  via: Via;
  request: HttpRequest;
  response?: HttpResponse;
  /** Set when no HTTP response could be read (network failure, CORS, timeout, relay refusal). */
  failure?: { code: string; message: string };
  runId?: string;
  stepId?: string;
}
