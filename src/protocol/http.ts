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
export function buildFormPost(url: string, params: Record<string, string>, headers: Record<string, string> = {}): HttpRequest {
  return {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
    body: new URLSearchParams(params).toString(),
  };
}
