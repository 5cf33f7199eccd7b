import { beforeEach, describe, expect, it } from 'vitest';
import {
  applySetupToDraft,
  buildShareFragment,
  deleteSetup,
  duplicateSetup,
  importSetups,
  makeUniqueName,
  parseSetupFileText,
  readShareFragment,
  renameSetup,
  requestSetupActivation,
  saveSetup,
  setupsStore,
  takePendingSetup,
  toSetupFile,
  toShareJson,
  type SetupContent,
} from './setups';

function makeSetup(overrides: Partial<SetupContent> = {}): SetupContent {
  return {
    name: 'Local PKCE',
    provider: {
      kind: 'local',
      localIssuer: 'http://localhost:4000',
      entraTenant: 'common',
      entraCloud: 'global',
      customUrl: '',
    },
    flowId: 'code-pkce',
    clientId: 'playground-spa',
    authMethod: 'none',
    via: 'direct',
    authorizeParams: { scope: 'openid profile', prompt: 'login' },
    tokenParams: { api_url: 'http://localhost:4001/me' },
    extraParams: [['foo', 'bar']],
    ...overrides,
  };
}

function fileText(setups: unknown[]): string {
  return JSON.stringify({ format: 'token-playground.setups', version: 1, setups });
}

beforeEach(() => {
  setupsStore.set([]);
});

describe('saving and editing', () => {
  it('drops secrets and per-run values when saving', () => {
    const saved = saveSetup(
      makeSetup({
        authorizeParams: { scope: 'openid', state: 's1', nonce: 'n1', code_challenge: 'c' },
        tokenParams: { client_secret: 'shh', password: 'pw', username: 'alice' },
        extraParams: [
          ['client_assertion', 'eyJ'],
          ['x', 'y'],
        ],
      }),
    );
    expect(saved.authorizeParams).toEqual({ scope: 'openid' });
    expect(saved.tokenParams).toEqual({ username: 'alice' });
    expect(saved.extraParams).toEqual([['x', 'y']]);
    expect(JSON.stringify(setupsStore.get())).not.toMatch(/shh|"pw"|eyJ|s1|n1/);
  });

  it('numbers duplicate names, renames, duplicates and deletes', () => {
    const first = saveSetup(makeSetup());
    const second = saveSetup(makeSetup());
    expect(second.name).toBe('Local PKCE (2)');
    expect(renameSetup(second.id, 'local pkce')).toBe('Another setup is already called "Local PKCE".');
    expect(renameSetup(second.id, '  ')).toBe('A name is required.');
    expect(renameSetup(second.id, 'Demo')).toBeUndefined();
    const copy = duplicateSetup(first.id);
    expect(copy?.name).toBe('Local PKCE (copy)');
    expect(copy?.id).not.toBe(first.id);
    deleteSetup(first.id);
    expect(setupsStore.get().map((setup) => setup.name)).toEqual(['Demo', 'Local PKCE (copy)']);
  });

  it.each([
    ['Demo', [], 'Demo'],
    ['Demo', ['demo'], 'Demo (2)'],
    ['Demo', ['Demo', 'Demo (2)'], 'Demo (3)'],
    ['Demo (2)', ['Demo (2)'], 'Demo (3)'],
    ['  ', [], 'Untitled setup'],
  ])('makeUniqueName(%j, %j) = %j', (name, taken, expected) => {
    expect(makeUniqueName(name, taken)).toBe(expected);
  });
});

describe('import', () => {
  it('round-trips an export and keeps what was saved', () => {
    const existing = saveSetup(makeSetup());
    const parsed = parseSetupFileText(
      JSON.stringify(toSetupFile([makeSetup(), makeSetup({ name: 'Other' })])),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const added = importSetups(parsed.setups);
    expect(added.map((setup) => setup.name)).toEqual(['Local PKCE (2)', 'Other']);
    expect(setupsStore.get()[0]).toEqual(existing);
    expect(setupsStore.get()).toHaveLength(3);
  });

  it.each([
    ['not JSON', '{', /^The file is not JSON/],
    [
      'wrong format',
      JSON.stringify({ format: 'x', version: 1, setups: [] }),
      /"format" must be "token-playground.setups"/,
    ],
    [
      'wrong version',
      JSON.stringify({ format: 'token-playground.setups', version: 2, setups: [] }),
      /"version" must be 1/,
    ],
    ['empty list', fileText([]), /"setups" is empty/],
    [
      'bad provider kind',
      fileText([makeSetup({ provider: { ...makeSetup().provider, kind: 'okta' as 'local' } })]),
      /"setups.0.provider.kind" must be "local", "entra" or "custom"/,
    ],
    [
      'unknown flow',
      fileText([makeSetup(), makeSetup({ flowId: 'magic' as 'code-pkce' })]),
      /"setups.1.flowId" must be one of/,
    ],
    ['empty name', fileText([makeSetup({ name: ' ' })]), /"setups.0.name" is empty/],
    [
      'a secret in the parameters',
      fileText([makeSetup({ tokenParams: { client_secret: 'x' } })]),
      /"setups.0.tokenParams" holds client_secret: secrets/,
    ],
    [
      'a password in extra parameters',
      fileText([makeSetup({ extraParams: [['password', 'x']] })]),
      /"setups.0.extraParams" holds password/,
    ],
    [
      'a number as a parameter value',
      fileText([{ ...makeSetup(), authorizeParams: { scope: 5 } }]),
      /"setups.0.authorizeParams.scope"/,
    ],
  ])('refuses %s with a message naming the field', (_label, text, message) => {
    const result = parseSetupFileText(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('saves nothing from a file with one bad setup among good ones', () => {
    saveSetup(makeSetup());
    const before = JSON.stringify(setupsStore.get());
    const result = parseSetupFileText(
      fileText([makeSetup({ name: 'Good' }), { ...makeSetup(), via: 'carrier-pigeon' }]),
    );
    expect(result).toEqual({
      ok: false,
      message: expect.stringMatching(/"setups.1.via" must be "direct" or "relay"/) as unknown,
    });
    expect(JSON.stringify(setupsStore.get())).toBe(before);
  });
});

describe('share links', () => {
  it('carries the setup in the fragment and reads it back', () => {
    const setup = makeSetup({ name: 'Ünïcode ✓ <b>bold</b>' });
    const fragment = buildShareFragment(setup);
    expect(fragment).toMatch(/^#setup=[A-Za-z0-9_-]+$/);
    const read = readShareFragment(fragment);
    expect(read).toEqual({ ok: true, setups: [setup] });
    expect(JSON.parse(toShareJson(setup))).toEqual(toSetupFile([setup]));
  });

  it.each([
    ['no setup', '#other=1', undefined],
    ['bad characters', '#setup=%%%', /not base64url/],
    ['not JSON', `#setup=${btoa('hello').replace(/=+$/, '')}`, /not JSON/],
    [
      'schema failure',
      `#setup=${btoa(fileText([{ name: 'x' }]))
        .replace(/=+$/, '')
        .replace(/\+/g, '-')
        .replace(/\//g, '_')}`,
      /"setups.0.provider"/,
    ],
  ])('%s', (_label, hash, message) => {
    const result = readShareFragment(hash);
    if (message === undefined) expect(result).toBeUndefined();
    else expect(result).toEqual({ ok: false, message: expect.stringMatching(message) as unknown });
  });
});

describe('applying a setup', () => {
  it('lays the setup over a fresh draft but keeps fresh per-run values', () => {
    const fresh = {
      clientId: '',
      authMethod: 'none' as const,
      via: 'direct' as const,
      authorizeParams: {
        client_id: '',
        scope: 'openid',
        state: 'fresh-state',
        nonce: 'fresh-nonce',
        code_challenge: '',
      },
      tokenParams: { api_url: '' },
      extraParams: [] as [string, string][],
      codeVerifier: 'fresh-verifier',
    };
    const draft = applySetupToDraft(
      fresh,
      makeSetup({ authorizeParams: { scope: 'openid email', state: 'old' } }),
    );
    expect(draft).toEqual({
      ...fresh,
      clientId: 'playground-spa',
      authorizeParams: {
        client_id: 'playground-spa',
        scope: 'openid email',
        state: 'fresh-state',
        nonce: 'fresh-nonce',
        code_challenge: '',
      },
      tokenParams: { api_url: 'http://localhost:4001/me' },
      extraParams: [['foo', 'bar']],
    });
  });

  it('hands a pending setup over once, to its own flow only', () => {
    requestSetupActivation(makeSetup());
    expect(takePendingSetup('implicit')).toBeUndefined();
    expect(takePendingSetup('code-pkce')?.name).toBe('Local PKCE');
    expect(takePendingSetup('code-pkce')).toBeUndefined();
  });
});
