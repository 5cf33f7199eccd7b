import type { Exchange } from '@/protocol/http';
import { isInteractiveExchange } from '@/transport/export';

/** The badge and the sentence that say how an exchange travelled and what became of it. */
export interface ExchangeRoute {
  badge: string;
  why: string;
  /** Whether the route worked as meant (green) or something stopped it on the way (amber/red). */
  tone: 'direct' | 'relay' | 'blocked';
}

/**
 * Says truthfully how an exchange went: a call the browser blocked for CORS is not "allowed", a
 * request the relay refused never reached the server, a page navigation is not a cross-origin call.
 */
export function describeExchangeRoute(exchange: Exchange): ExchangeRoute {
  const code = exchange.failure?.code;
  if (exchange.via === 'relay') {
    if (code === 'RELAY_UNAVAILABLE')
      return {
        badge: 'relay not reached',
        tone: 'blocked',
        why: 'Meant for the local relay, which did not answer: the request did not reach the server.',
      };
    if (code === 'RELAY_REFUSED')
      return {
        badge: 'refused by the relay',
        tone: 'blocked',
        why: 'Sent to the local relay, which answered with a refusal instead of a response from the server (the message says why).',
      };
    if (code === 'TIMEOUT')
      return {
        badge: 'through the local relay',
        tone: 'blocked',
        why: 'Sent through the local relay; no answer came back within the time limit.',
      };
    if (code !== undefined)
      return {
        badge: 'through the local relay',
        tone: 'blocked',
        why: 'Meant to go through the local relay, but no response came back (the message says why).',
      };
    return {
      badge: 'through the local relay',
      tone: 'relay',
      why: 'Forwarded by the local companion without cookies or Origin (servers that refuse cross-origin calls from a browser accept it this way); the response shown is the server’s, untouched.',
    };
  }
  if (code === 'CORS_BLOCKED')
    return {
      badge: 'direct, blocked by CORS',
      tone: 'blocked',
      why: 'Sent by the browser straight to the server, but the response does not allow this page’s origin (CORS), so the browser blocked it: the server may have received and processed the request, and its answer cannot be read here.',
    };
  if (code === 'NETWORK')
    return {
      badge: 'direct, not reached',
      tone: 'blocked',
      why: 'The browser tried to send it straight to the server but could not reach it.',
    };
  if (code === 'TIMEOUT')
    return {
      badge: 'direct, no answer',
      tone: 'blocked',
      why: 'Sent by the browser straight to the server, which did not answer within the time limit.',
    };
  if (code === 'ABORTED')
    return {
      badge: 'direct, cancelled',
      tone: 'blocked',
      why: 'Sent by the browser straight to the server and cancelled before an answer arrived.',
    };
  if (code !== undefined)
    return {
      badge: 'direct, failed',
      tone: 'blocked',
      why: 'Sent by the browser straight to the server; no response could be read (the message says why).',
    };
  if (isInteractiveExchange(exchange))
    return {
      badge: 'browser navigation',
      tone: 'direct',
      why: 'Opened by the browser as a page (a navigation, not a cross-origin call): the provider answered the user, not this app.',
    };
  return {
    badge: 'direct',
    tone: 'direct',
    why: 'Sent by the browser straight to the server, which allowed the cross-origin call: its response was readable here.',
  };
}
