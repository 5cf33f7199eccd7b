// What the presenter sees of the room: how many attendees reached each stage of each flow. Fed by
// the IdP's own events and the demo APIs' calls; only the room's attendee accounts are counted, and
// only their usernames are kept (no addresses, no user agents, no tokens).

export const ROOM_FLOWS = Object.freeze([
  { id: 'code-pkce', label: 'Authorization code + PKCE' },
  { id: 'device-code', label: 'Device code' },
  { id: 'implicit-hybrid', label: 'Implicit / hybrid' },
  { id: 'code-confidential', label: 'Code (confidential client)' },
  { id: 'password', label: 'Password (ROPC)' },
]);

export const ROOM_STAGES = Object.freeze([
  { id: 'signed-in', label: 'Signed in' },
  { id: 'tokens', label: 'Got tokens' },
  { id: 'refreshed', label: 'Refreshed' },
  { id: 'api', label: 'Called the API' },
]);

const GRANT_DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';

/** The flow a token of this demo client belongs to (the API only sees the client). */
export function flowOfClient(clientId, responseType) {
  if (clientId === 'playground-device') return 'device-code';
  if (clientId === 'playground-ropc') return 'password';
  if (clientId === 'playground-spa') {
    return responseType === undefined || responseType === 'code' ? 'code-pkce' : 'implicit-hybrid';
  }
  if (clientId?.startsWith('playground-web') || clientId === 'playground-assertion')
    return 'code-confidential';
  return undefined;
}

/** Counting sets in memory (one instance) or in Redis (several instances of one room). */
export function createStatsStore(redis, prefix = 'tp:room:stats:') {
  if (!redis) {
    const sets = new Map();
    return {
      async add(flow, stage, username) {
        const key = `${flow}:${stage}`;
        if (!sets.has(key)) sets.set(key, new Set());
        sets.get(key).add(username);
      },
      async count(flow, stage) {
        return sets.get(`${flow}:${stage}`)?.size ?? 0;
      },
    };
  }
  return {
    async add(flow, stage, username) {
      await redis.sadd(`${prefix}${flow}:${stage}`, username);
    },
    async count(flow, stage) {
      return redis.scard(`${prefix}${flow}:${stage}`);
    },
  };
}

/**
 * Listens to the provider's events and the API's calls, counting attendees per flow and stage.
 * @param {{ provider: import('oidc-provider').default, store: ReturnType<typeof createStatsStore>,
 *   usernameOf: (sub: string | undefined) => string | undefined, onError?: (error: Error) => void }} options
 */
export function createRoomStats({ provider, store, usernameOf, onError = () => {} }) {
  const record = (flow, stage, sub) => {
    const username = usernameOf(sub);
    if (!flow || !username) return;
    store.add(flow, stage, username).catch(onError);
  };

  const listeners = {
    'authorization.success': (ctx) => {
      const { params, session, client } = ctx.oidc;
      const flow = flowOfClient(client?.clientId, params?.response_type);
      record(flow, 'signed-in', session?.accountId);
      // Implicit and hybrid responses carry tokens from the authorization endpoint itself.
      if (/\b(token|id_token)\b/.test(params?.response_type ?? ''))
        record(flow, 'tokens', session?.accountId);
    },
    // The device flow's sign-in ends when the user approves: the device code gets its account.
    'device_code.saved': (deviceCode) => {
      if (deviceCode.accountId) record('device-code', 'signed-in', deviceCode.accountId);
    },
    'grant.success': (ctx) => {
      const grantType = ctx.oidc.params?.grant_type;
      const token = ctx.oidc.entities.AccessToken ?? ctx.oidc.entities.RefreshToken;
      const sub = token?.accountId ?? ctx.oidc.entities.Account?.accountId;
      const clientId = ctx.oidc.client?.clientId;
      if (grantType === 'refresh_token') record(flowOfClient(clientId), 'refreshed', sub);
      else if (grantType === GRANT_DEVICE_CODE) record('device-code', 'tokens', sub);
      else if (grantType === 'authorization_code' || grantType === 'password')
        record(flowOfClient(clientId), 'tokens', sub);
    },
  };
  for (const [event, listener] of Object.entries(listeners)) provider.on(event, listener);

  return {
    /** For the demo APIs' onCall hook. */
    recordApiCall({ sub, clientId }) {
      record(flowOfClient(clientId), 'api', sub);
    },
    async snapshot() {
      const flows = await Promise.all(
        ROOM_FLOWS.map(async (flow) => ({
          ...flow,
          stages: Object.fromEntries(
            await Promise.all(
              ROOM_STAGES.map(async (stage) => [stage.id, await store.count(flow.id, stage.id)]),
            ),
          ),
        })),
      );
      return { flows, stages: ROOM_STAGES };
    },
    stop() {
      for (const [event, listener] of Object.entries(listeners)) provider.off(event, listener);
    },
  };
}
