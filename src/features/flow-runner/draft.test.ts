import { afterEach, describe, expect, it } from 'vitest';
import { findFlow } from '@/protocol/flows/registry';
import { clearDrafts, createDraft, readDraft, updateDraft } from './draft';

const flow = findFlow('code-pkce')!;

afterEach(() => clearDrafts());

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
