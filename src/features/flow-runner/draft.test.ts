import { afterEach, describe, expect, it } from 'vitest';
import { findFlow, FLOWS } from '@/protocol/flows/registry';
import type { FlowDefinition } from '@/protocol/flows/types';
import { runtimeConfig } from '@/state/runtime-config';
import {
  clearDrafts,
  createDraft,
  readDraft,
  requestClaimsInDraft,
  saveDraft,
  takeAnsweredChallenge,
  updateDraft,
} from './draft';

const codePkce = findFlow('code-pkce')!;

afterEach(() => {
  clearDrafts();
  delete runtimeConfig.relay;
});

describe('updateDraft', () => {
  it('applies each change to the draft as it is then, so two handlers of one render both count', () => {
    const fresh = createDraft(codePkce, 'local', 'key-a', 'http://localhost:5173');
    // Two handlers made from the same render: each sees the other's change when it runs.
    const setScope = (value: string) =>
      updateDraft(codePkce.id, 'key-a', fresh, (current) => ({
        authorizeParams: { ...current.authorizeParams, scope: value },
      }));
    const setPrompt = (value: string) =>
      updateDraft(codePkce.id, 'key-a', fresh, (current) => ({
        authorizeParams: { ...current.authorizeParams, prompt: value },
      }));
    setScope('openid email');
    setPrompt('login');
    const draft = readDraft(codePkce.id)!;
    expect(draft.authorizeParams.scope).toBe('openid email');
    expect(draft.authorizeParams.prompt).toBe('login');
    expect(draft.codeVerifier).toBe(fresh.codeVerifier);
  });

  it('starts from the fresh draft when the stored one belongs to another provider', () => {
    const old = createDraft(codePkce, 'local', 'key-a', 'http://localhost:5173');
    updateDraft(codePkce.id, 'key-a', old, { clientId: 'from-a' });
    const fresh = createDraft(codePkce, 'entra', 'key-b', 'http://localhost:5173');
    updateDraft(codePkce.id, 'key-b', fresh, { via: 'relay' });
    const draft = readDraft(codePkce.id)!;
    expect(draft.providerKey).toBe('key-b');
    expect(draft.clientId).toBe(fresh.clientId);
    expect(draft.via).toBe('relay');
  });
});

const ORIGIN = 'http://localhost:5173';

function flow(id: string): FlowDefinition {
  const found = findFlow(id);
  if (!found) throw new Error(`no flow ${id}`);
  return found;
}

describe('requestClaimsInDraft', () => {
  const answered = {
    fromRunId: 'run-0',
    stepId: 'call-api',
    status: 401,
    error: 'insufficient_claims',
    claimsRequest: '{"access_token":{"xms_cc":{"values":["cp1"]}}}',
  };

  it('replaces the claims parameter, and the challenge it answers is taken by one run only', () => {
    const draft = createDraft(codePkce, 'entra', 'key-a', 'http://localhost:5173');
    saveDraft(codePkce.id, {
      ...draft,
      extraParams: [
        ['claims', '{"old":1}'],
        ['prompt', 'login'],
      ],
    });
    requestClaimsInDraft(codePkce.id, answered.claimsRequest, answered);
    expect(readDraft(codePkce.id)?.extraParams).toEqual([
      ['prompt', 'login'],
      ['claims', answered.claimsRequest],
    ]);
    expect(takeAnsweredChallenge(codePkce.id)).toEqual(answered);
    expect(takeAnsweredChallenge(codePkce.id)).toBeUndefined();
    // The claims stay for a new run (keep parameters); only the loop is not drawn again.
    expect(readDraft(codePkce.id)?.extraParams.at(-1)).toEqual(['claims', answered.claimsRequest]);
  });
});

describe('createDraft', () => {
  it.each([
    ['code-pkce', 'local', 'direct', 'openid profile email offline_access api.read'],
    ['code-pkce', 'entra', 'direct', 'openid profile offline_access User.Read'],
    ['code-pkce', 'custom', 'direct', 'openid profile offline_access'],
    ['implicit', 'local', 'direct', 'openid profile api.read'],
    ['implicit', 'entra', 'direct', 'openid profile User.Read'],
    ['hybrid', 'entra', 'direct', 'openid profile offline_access User.Read'],
    ['code-confidential', 'entra', 'relay', 'openid profile offline_access User.Read'],
    ['code-confidential', 'custom', 'direct', 'openid profile offline_access'],
  ] as const)('%s with a %s provider: route %s, scope "%s"', (id, kind, via, scope) => {
    const draft = createDraft(flow(id), kind, 'key', ORIGIN);
    expect(draft.via).toBe(kind === 'local' ? (draft.via as string) : via);
    expect(draft.authorizeParams.scope).toBe(scope);
    expect(draft.authorizeParams.redirect_uri).toBe(`${ORIGIN}/callback`);
    expect(draft.tokenParams.post_logout_redirect_uri).toBe(`${ORIGIN}/logged-out`);
  });

  it.each(
    FLOWS.filter((candidate) => candidate.channel === 'back').map(
      (candidate) => [candidate.id, candidate] as const,
    ),
  )('%s keeps its own scope and goes through the relay on Entra only', (_id, definition) => {
    expect(createDraft(definition, 'entra', 'k', ORIGIN).via).toBe('relay');
    expect(createDraft(definition, 'custom', 'k', ORIGIN).via).toBe('direct');
    expect(createDraft(definition, 'entra', 'k', ORIGIN).tokenParams.scope).toBe(
      definition.defaultTokenParams?.scope,
    );
  });

  it('fresh state, nonce and verifier for every draft; the local client preset for the local IdP', () => {
    const first = createDraft(flow('code-pkce'), 'local', 'k', ORIGIN);
    const second = createDraft(flow('code-pkce'), 'local', 'k', ORIGIN);
    expect(first.authorizeParams.state).not.toBe(second.authorizeParams.state);
    expect(first.authorizeParams.nonce).not.toBe(second.authorizeParams.nonce);
    expect(first.codeVerifier).not.toBe(second.codeVerifier);
    expect(first.clientId).not.toBe('');
    expect(first.authorizeParams.client_id).toBe(first.clientId);
    expect(createDraft(flow('code-pkce'), 'custom', 'k', ORIGIN).clientId).toBe('');
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
