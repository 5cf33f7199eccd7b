import { describe, expect, it } from 'vitest';
import { resolveProviderChoice } from '@/protocol/providers';
import {
  DEFAULT_SETTINGS,
  listTrustedOrigins,
  providerChoiceOf,
  reviveSettings,
  toProviderConfig,
  toSettingsPatch,
  type Settings,
} from './settings';

const settings = (patch: Partial<Settings>): Settings => ({ ...DEFAULT_SETTINGS, ...patch });

describe('one provider model: settings ↔ provider choice ↔ provider', () => {
  it.each([
    [
      { providerKind: 'local' as const, localIssuer: 'http://localhost:4000' },
      { kind: 'local', issuer: 'http://localhost:4000' },
    ],
    [
      {
        providerKind: 'entra' as const,
        entraTenant: 'contoso.onmicrosoft.com',
        entraCloud: 'usgov' as const,
      },
      { kind: 'entra', tenant: 'contoso.onmicrosoft.com', cloud: 'usgov' },
    ],
    [
      { providerKind: 'custom' as const, customUrl: 'https://idp.example' },
      { kind: 'custom', url: 'https://idp.example' },
    ],
  ])('%o is the provider %o', (patch, provider) => {
    const held = settings(patch);
    expect(toProviderConfig(held)).toEqual(provider);
    expect(resolveProviderChoice(providerChoiceOf(held))).toEqual(provider);
  });

  it('round-trips a choice through the settings patch without losing the other kinds’ fields', () => {
    const held = settings({
      providerKind: 'entra',
      entraTenant: 'organizations',
      customUrl: 'https://kept.example',
    });
    const choice = providerChoiceOf(held);
    expect(choice.customUrl).toBe('https://kept.example');
    expect(settings(toSettingsPatch(choice))).toEqual(held);
  });
});

describe('listTrustedOrigins', () => {
  it('names the chosen provider and the relay hosts the user added, and nothing else', () => {
    const origins = listTrustedOrigins(
      settings({
        providerKind: 'custom',
        customUrl: 'https://idp.example/realms/x',
        relayHosts: ['api.example', 'https://b.example'],
      }),
    );
    expect(origins).toContain('https://idp.example');
    expect(origins).toContain('https://api.example');
    expect(origins).toContain('https://b.example');
    expect(origins.some((origin) => origin.includes('microsoftonline'))).toBe(false);
  });
});

describe('reviveSettings', () => {
  it('gives the defaults to fields an older stored value lacks', () => {
    const revived = reviveSettings({ providerKind: 'entra', entraTenant: 'consumers' });
    expect(revived?.entraTenant).toBe('consumers');
    expect(revived?.relayHosts).toEqual([]);
    expect(revived?.relayLoopbackOrigins).toEqual([]);
  });

  it.each([
    ['a kind that does not exist', { providerKind: 'nonsense' }],
    ['not an object', 'text'],
    ['null', null],
  ])('drops %s', (_name, raw) => {
    expect(reviveSettings(raw)).toBeUndefined();
  });
});
