import { afterEach, describe, expect, it } from 'vitest';
import { findFlow } from '@/protocol/flows/registry';
import { runtimeConfig } from '@/state/runtime-config';
import { clearDrafts, createDraft, readDraft, saveDraft, updateDraft } from './draft';

const flow = findFlow('code-pkce')!;

afterEach(() => {
  clearDrafts();
  delete runtimeConfig.relay;
});

describe('updateDraft', () => {
  it('applies each change to the draft as it is then, so two handlers of one render both count', () => {
    const fresh = createDraft(flow, 'local', 'key-a', 'http://localhost:5173');
    // Two handlers made from the same render: each sees the other's change when it runs.
    const setScope = (value: string) =>
      updateDraft(flow.id, 'key-a', fresh, (current) => ({
        authorizeParams: { ...current.authorizeParams, scope: value },
      }));
    const setPrompt = (value: string) =>
      updateDraft(flow.id, 'key-a', fresh, (current) => ({
        authorizeParams: { ...current.authorizeParams, prompt: value },
      }));
    setScope('openid email');
    setPrompt('login');
    const draft = readDraft(flow.id)!;
    expect(draft.authorizeParams.scope).toBe('openid email');
    expect(draft.authorizeParams.prompt).toBe('login');
    expect(draft.codeVerifier).toBe(fresh.codeVerifier);
  });

  it('starts from the fresh draft when the stored one belongs to another provider', () => {
    const old = createDraft(flow, 'local', 'key-a', 'http://localhost:5173');
    updateDraft(flow.id, 'key-a', old, { clientId: 'from-a' });
    const fresh = createDraft(flow, 'entra', 'key-b', 'http://localhost:5173');
    updateDraft(flow.id, 'key-b', fresh, { via: 'relay' });
    const draft = readDraft(flow.id)!;
    expect(draft.providerKey).toBe('key-b');
    expect(draft.clientId).toBe(fresh.clientId);
    expect(draft.via).toBe('relay');
  });
});

describe('a site that offers no relay (a workshop room)', () => {
  it('keeps every draft direct, whatever a demo client preset or a setup asks for', () => {
    runtimeConfig.relay = false;
    const fresh = createDraft(findFlow('client-credentials')!, 'local', 'key-a', 'http://10.0.0.5:4100');
    expect(fresh.via).toBe('direct');
    updateDraft('client-credentials', 'key-a', fresh, { clientId: 'playground-assertion', via: 'relay' });
    expect(readDraft('client-credentials')?.via).toBe('direct');
    saveDraft('client-credentials', { ...fresh, via: 'relay' });
    expect(readDraft('client-credentials')?.via).toBe('direct');
  });

  it('keeps the relay choice where the site offers it', () => {
    const fresh = createDraft(findFlow('client-credentials')!, 'local', 'key-a', 'http://localhost:5173');
    updateDraft('client-credentials', 'key-a', fresh, { via: 'relay' });
    expect(readDraft('client-credentials')?.via).toBe('relay');
  });
});
