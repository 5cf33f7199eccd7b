import { PlaygroundError } from '@/protocol/errors';
import type { HttpResponse } from '@/protocol/http';
import { sendRequest } from '@/transport/send';
import { settingsStore, updateSettings } from './settings';

/**
 * What the companion's relay forwards to: DNS host names (https only), the loopback origins of the
 * companion's own IdP and APIs, and the loopback origins the user added (their own IdP).
 */
export interface RelayAllowList {
  hosts: string[];
  localOrigins: string[];
  loopbackOrigins: string[];
}

const REFUSED_HOST = /host "([^"\s]+)" is not on the relay allow-list/;
const REFUSED_LOOPBACK = /loopback origin "([^"\s]+)" is not on the relay allow-list/;

/** The host named by a relay refusal `host_not_allowed`, or `undefined` for any other failure. */
export function findRefusedHost(message: string | undefined): string | undefined {
  return message === undefined ? undefined : REFUSED_HOST.exec(message)?.[1];
}

/** The loopback origin named by a relay refusal `loopback_not_allowed`, or `undefined`. */
export function findRefusedLoopbackOrigin(message: string | undefined): string | undefined {
  return message === undefined ? undefined : REFUSED_LOOPBACK.exec(message)?.[1];
}

/** Whether the value is an origin on this machine (localhost, 127.0.0.0/8, [::1]) with http(s). */
export function isLoopbackOrigin(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase();
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    (host === 'localhost' || host.endsWith('.localhost') || host.startsWith('127.') || host === '[::1]')
  );
}

function readStrings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

function relayProblem(response: HttpResponse, action: string): PlaygroundError {
  let description = response.body.slice(0, 200);
  try {
    const body = JSON.parse(response.body) as { error_description?: unknown };
    if (typeof body.error_description === 'string') description = body.error_description;
  } catch {
    // not JSON: the start of the body says what answered instead of the relay
  }
  return new PlaygroundError(
    'RELAY_REFUSED',
    `The relay refused to ${action} (HTTP ${response.status}): ${description}`,
  );
}

function unavailable(companionOrigin: string, reason: string): PlaygroundError {
  return new PlaygroundError(
    'RELAY_UNAVAILABLE',
    `The companion at ${companionOrigin} is not running or did not answer (${reason}). Start it with "npm start", then try again.`,
  );
}

/** Reads the relay's current allow-list (`GET /relay/allow-list`); not recorded in the request log. */
export async function readRelayAllowList(
  companionOrigin: string,
  signal?: AbortSignal,
): Promise<RelayAllowList> {
  const exchange = await sendRequest(
    { method: 'GET', url: `${companionOrigin}/relay/allow-list`, headers: { accept: 'application/json' } },
    { label: 'Relay allow-list', record: false, ...(signal ? { signal } : {}) },
  );
  const response = exchange.response;
  if (!response) throw unavailable(companionOrigin, exchange.failure?.message ?? 'no answer');
  if (response.status !== 200) throw relayProblem(response, 'list its allow-list');
  let body: { hosts?: unknown; localOrigins?: unknown; loopbackOrigins?: unknown };
  try {
    body = JSON.parse(response.body) as typeof body;
  } catch {
    throw relayProblem(response, 'list its allow-list');
  }
  const hosts = readStrings(body.hosts);
  const localOrigins = readStrings(body.localOrigins);
  // A companion from before loopback origins existed lists none.
  const loopbackOrigins = readStrings(body.loopbackOrigins ?? []) ?? [];
  if (!hosts || !localOrigins) {
    throw new PlaygroundError(
      'RELAY_REFUSED',
      `${companionOrigin}/relay/allow-list answered without the expected "hosts" and "localOrigins" lists: is this the companion?`,
    );
  }
  return { hosts, localOrigins, loopbackOrigins };
}

/**
 * Asks the relay to forward to `host` from now on (`POST /relay/allow-list`, recorded in the request
 * log) and remembers the host in the settings. The relay keeps it in memory only: until it restarts.
 * Returns the host as the relay normalised it.
 */
export function allowRelayHost(companionOrigin: string, host: string): Promise<string> {
  return postAllowList(companionOrigin, { host }, host, 'relayHosts');
}

/**
 * Asks the relay to forward to a loopback origin of the user's own server (a developer's IdP such
 * as Keycloak on http://localhost:8080) and remembers it in the settings. The relay accepts only
 * loopback origins here and keeps every other check (Origin, Host, no redirects, size and time).
 */
export function allowRelayLoopbackOrigin(companionOrigin: string, origin: string): Promise<string> {
  return postAllowList(companionOrigin, { origin }, origin, 'relayLoopbackOrigins');
}

async function postAllowList(
  companionOrigin: string,
  entry: { host: string } | { origin: string },
  value: string,
  remember: 'relayHosts' | 'relayLoopbackOrigins',
): Promise<string> {
  const exchange = await sendRequest(
    {
      method: 'POST',
      url: `${companionOrigin}/relay/allow-list`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(entry),
    },
    { label: 'Relay allow-list' },
  );
  const response = exchange.response;
  if (!response) throw unavailable(companionOrigin, exchange.failure?.message ?? 'no answer');
  if (response.status !== 200) throw relayProblem(response, `add "${value}" to its allow-list`);
  let added = value;
  try {
    const body = JSON.parse(response.body) as { added?: unknown };
    if (typeof body.added === 'string') added = body.added;
  } catch {
    throw relayProblem(response, `add "${value}" to its allow-list`);
  }
  const known = settingsStore.get()[remember];
  if (!known.includes(added)) updateSettings({ [remember]: [...known, added] });
  return added;
}
