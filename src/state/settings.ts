import { useMemo } from 'react';
import * as v from 'valibot';
import type { ProviderChoice, ProviderConfig, ProviderKind } from '@/protocol/providers';
import {
  ENTRA_CLOUD_IDS,
  ENTRA_CLOUDS,
  listProviderOrigins,
  PROVIDER_KINDS,
  resolveProviderChoice,
} from '@/protocol/providers';
import { DEFAULT_COMPANION_ORIGIN } from '@/transport/companion-origin';
import { runtimeConfig } from './runtime-config';
import { createStore, localStorageOrUndefined, useStore } from './store';

/** The local demo IdP: the companion's, unless the page that serves the app names another. */
export const LOCAL_ISSUER = runtimeConfig.localIssuer ?? 'http://localhost:4000';

export type { ProviderKind };

/** Non-secret settings: safe for local storage. */
export interface Settings {
  providerKind: ProviderKind;
  localIssuer: string;
  entraTenant: string;
  entraCloud: keyof typeof ENTRA_CLOUDS;
  customUrl: string;
  companionOrigin: string;
  /** Extra hosts the user allowed the relay to forward to (sent to the relay, kept here for display). */
  relayHosts: string[];
  /**
   * Loopback origins (scheme, host, port) of the user's own servers that the relay may forward to,
   * such as a Keycloak on http://localhost:8080; sent to the relay, kept here for display.
   */
  relayLoopbackOrigins: string[];
}

export const DEFAULT_SETTINGS: Settings = {
  providerKind: 'local',
  localIssuer: LOCAL_ISSUER,
  entraTenant: 'common',
  entraCloud: 'global',
  customUrl: '',
  companionOrigin: DEFAULT_COMPANION_ORIGIN,
  relayHosts: [],
  relayLoopbackOrigins: [],
};

const SettingsSchema = v.object({
  providerKind: v.picklist(PROVIDER_KINDS),
  localIssuer: v.string(),
  entraTenant: v.string(),
  entraCloud: v.picklist(ENTRA_CLOUD_IDS),
  customUrl: v.string(),
  companionOrigin: v.string(),
  relayHosts: v.array(v.string()),
  relayLoopbackOrigins: v.array(v.string()),
});

export const settingsStore = createStore<Settings>(DEFAULT_SETTINGS, {
  storage: localStorageOrUndefined,
  key: 'token-playground.settings.v1',
  revive: reviveSettings,
});

/**
 * Settings read back from storage: fields an older version did not store take their defaults; a
 * value of the wrong shape is dropped (`undefined`), so the defaults apply.
 */
export function reviveSettings(raw: unknown): Settings | undefined {
  const merged = typeof raw === 'object' && raw !== null ? { ...DEFAULT_SETTINGS, ...raw } : raw;
  const result = v.safeParse(SettingsSchema, merged);
  return result.success ? result.output : undefined;
}

export function useSettings(): Settings {
  return useStore(settingsStore);
}

export function updateSettings(patch: Partial<Settings>): void {
  settingsStore.set((previous) => ({ ...previous, ...patch }));
}

/** The provider the settings describe. */
export function toProviderConfig(settings: Settings): ProviderConfig {
  return resolveProviderChoice(providerChoiceOf(settings));
}

/** The provider the settings hold, in the shape a setup carries. */
export function providerChoiceOf(settings: Settings): ProviderChoice {
  return {
    kind: settings.providerKind,
    localIssuer: settings.localIssuer,
    entraTenant: settings.entraTenant,
    entraCloud: settings.entraCloud,
    customUrl: settings.customUrl,
  };
}

/** The settings fields that hold a provider choice. */
export function toSettingsPatch(provider: ProviderChoice): Partial<Settings> {
  return {
    providerKind: provider.kind,
    localIssuer: provider.localIssuer,
    entraTenant: provider.entraTenant,
    entraCloud: provider.entraCloud,
    customUrl: provider.customUrl,
  };
}

/**
 * Origins the user chose: the provider in Settings and the hosts added to the relay allow-list.
 * Token verification fetches keys from these without asking (and from no other host).
 */
export function listTrustedOrigins(settings: Settings): string[] {
  return [
    ...listProviderOrigins(toProviderConfig(settings)),
    ...settings.relayHosts.map((host) => (/^https?:\/\//.test(host) ? host : `https://${host}`)),
  ];
}

export function useTrustedOrigins(): string[] {
  const settings = useSettings();
  return useMemo(() => listTrustedOrigins(settings), [settings]);
}
