import { PlaygroundError } from '@/protocol/errors';
import type { HttpResponse } from '@/protocol/http';
import { sendRequest } from '@/transport/send';
import { settingsStore, updateSettings } from './settings';

/** What the companion's relay forwards to: DNS host names (https only) and exact local http origins. */
export interface RelayAllowList {
  hosts: string[];
  localOrigins: string[];
}

const REFUSED_HOST = /host "([^"\s]+)" is not on the relay allow-list/;

/** The host named by a relay refusal `host_not_allowed`, or `undefined` for any other failure. */
export function findRefusedHost(message: string | undefined): string | undefined {
  return message === undefined ? undefined : REFUSED_HOST.exec(message)?.[1];
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
  let body: { hosts?: unknown; localOrigins?: unknown };
  try {
    body = JSON.parse(response.body) as typeof body;
  } catch {
    throw relayProblem(response, 'list its allow-list');
  }
  const hosts = readStrings(body.hosts);
  const localOrigins = readStrings(body.localOrigins);
  if (!hosts || !localOrigins) {
    throw new PlaygroundError(
      'RELAY_REFUSED',
      `${companionOrigin}/relay/allow-list answered without the expected "hosts" and "localOrigins" lists: is this the companion?`,
    );
  }
  return { hosts, localOrigins };
}

/**
 * Asks the relay to forward to `host` from now on (`POST /relay/allow-list`, recorded in the request
 * log) and remembers the host in the settings. The relay keeps it in memory only: until it restarts.
 * Returns the host as the relay normalised it.
 */
export async function allowRelayHost(companionOrigin: string, host: string): Promise<string> {
  const exchange = await sendRequest(
    {
      method: 'POST',
      url: `${companionOrigin}/relay/allow-list`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ host }),
    },
    { label: 'Relay allow-list' },
  );
  const response = exchange.response;
  if (!response) throw unavailable(companionOrigin, exchange.failure?.message ?? 'no answer');
  if (response.status !== 200) throw relayProblem(response, `add "${host}" to its allow-list`);
  let added = host;
  try {
    const body = JSON.parse(response.body) as { added?: unknown };
    if (typeof body.added === 'string') added = body.added;
  } catch {
    throw relayProblem(response, `add "${host}" to its allow-list`);
  }
  const known = settingsStore.get().relayHosts;
  if (!known.includes(added)) updateSettings({ relayHosts: [...known, added] });
  return added;
}
