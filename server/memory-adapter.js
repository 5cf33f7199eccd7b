// In-memory storage for oidc-provider models. Everything is lost on restart, which suits a local
// demo IdP; it exists so that the provider does not fall back to its development-only adapter.

/**
 * Creates an adapter class whose instances share one store per provider.
 * @param {{ findClient?: (id: string) => Promise<object | undefined>, reusableCodes?: boolean }} [hooks]
 *   `findClient` lets the companion serve clients whose metadata changes at runtime (keys uploaded
 *   for private_key_jwt). `reusableCodes` never marks an authorization code as used: only the
 *   attack lab's deliberately careless issuer sets it, to show a code replay succeed.
 */
export function createMemoryAdapter(hooks = {}) {
  const store = new Map();
  const byUid = new Map();
  const byUserCode = new Map();
  const byGrantId = new Map();

  function read(key) {
    const entry = store.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  return class MemoryAdapter {
    constructor(name) {
      this.name = name;
    }

    key(id) {
      return `${this.name}:${id}`;
    }

    async upsert(id, payload, expiresIn) {
      const key = this.key(id);
      const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : undefined;
      store.set(key, { payload: structuredClone(payload), expiresAt });
      if (payload.uid) byUid.set(payload.uid, key);
      if (payload.userCode) byUserCode.set(payload.userCode, key);
      if (payload.grantId) {
        const keys = byGrantId.get(payload.grantId) ?? new Set();
        keys.add(key);
        byGrantId.set(payload.grantId, keys);
      }
    }

    async find(id) {
      const hooked = this.name === 'Client' ? await hooks.findClient?.(id) : undefined;
      if (hooked) return hooked;
      const payload = read(this.key(id));
      return payload ? structuredClone(payload) : undefined;
    }

    async findByUid(uid) {
      const key = byUid.get(uid);
      const payload = key ? read(key) : undefined;
      return payload ? structuredClone(payload) : undefined;
    }

    async findByUserCode(userCode) {
      const key = byUserCode.get(userCode);
      const payload = key ? read(key) : undefined;
      return payload ? structuredClone(payload) : undefined;
    }

    async consume(id) {
      if (hooks.reusableCodes && this.name === 'AuthorizationCode') return;
      const entry = store.get(this.key(id));
      if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id) {
      store.delete(this.key(id));
    }

    async revokeByGrantId(grantId) {
      for (const key of byGrantId.get(grantId) ?? []) store.delete(key);
      byGrantId.delete(grantId);
    }
  };
}
