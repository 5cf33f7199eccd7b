import * as v from 'valibot';
import { ENTRA_CLOUD_IDS, PROVIDER_KINDS, type ProviderChoice } from '@/protocol/providers';
import type { ClientAuthMethod, FlowId } from '@/protocol/flows/types';
import type { Via } from '@/protocol/http';
import { classifyParameter, isSecretOrToken } from '@/protocol/sensitivity';
import { createStore, localStorageOrUndefined, useStore } from './store';

/** Every flow id a setup may name; a flow this build does not run yet is refused when opened, not on import. */
export const SETUP_FLOW_IDS = [
  'code-pkce',
  'code-confidential',
  'implicit',
  'hybrid',
  'client-credentials',
  'device-code',
  'on-behalf-of',
  'password',
  'token-exchange',
] as const satisfies readonly FlowId[];

const AUTH_METHODS = [
  'none',
  'client_secret_post',
  'client_secret_basic',
  'private_key_jwt',
  'client_assertion',
] as const satisfies readonly ClientAuthMethod[];

const VIAS = ['direct', 'relay'] as const satisfies readonly Via[];

/**
 * Values that belong to one run, not to a setup: generated again each time. Secrets and tokens
 * come from the sensitivity registry (`protocol/sensitivity.ts`).
 */
const PER_RUN_PARAMS = new Set(['state', 'nonce', 'code_challenge']);

/** Whether a parameter may be kept in a saved setup: never a secret or a token, never a per-run value. */
export function isStorableParam(name: string): boolean {
  return !isSecretOrToken(name) && !PER_RUN_PARAMS.has(name);
}

/**
 * Whether a parameter may leave this browser in a setup file or a share link: what may be stored,
 * less values that name a person (a login hint, a username).
 */
export function isShareableParam(name: string): boolean {
  return isStorableParam(name) && classifyParameter(name) !== 'personal';
}

const MAX_TEXT = 4000;
const ParamName = v.pipe(
  v.string(),
  v.minLength(1, 'is empty'),
  v.maxLength(200, 'is longer than 200 characters'),
);
const ParamValue = v.pipe(v.string(), v.maxLength(MAX_TEXT, `is longer than ${MAX_TEXT} characters`));

function secretNamesIn(names: readonly string[]): string[] {
  return names.filter((name) => !isStorableParam(name));
}

const ParamsSchema = v.pipe(
  v.record(ParamName, ParamValue),
  v.check(
    (params) => secretNamesIn(Object.keys(params)).length === 0,
    (issue) =>
      `holds ${secretNamesIn(Object.keys(issue.input as Record<string, string>)).join(', ')}: secrets, tokens and per-run values are not accepted in a setup`,
  ),
);

const ExtraParamsSchema = v.pipe(
  v.array(v.tuple([ParamName, ParamValue])),
  v.maxLength(100, 'has more than 100 entries'),
  v.check(
    (pairs) => secretNamesIn(pairs.map(([name]) => name)).length === 0,
    (issue) =>
      `holds ${secretNamesIn(issue.input.map(([name]) => name)).join(', ')}: secrets, tokens and per-run values are not accepted in a setup`,
  ),
);

const ProviderSchema = v.object({
  kind: v.picklist(PROVIDER_KINDS, 'must be "local", "entra" or "custom"'),
  localIssuer: v.pipe(v.string(), v.maxLength(MAX_TEXT)),
  entraTenant: v.pipe(v.string(), v.maxLength(200)),
  entraCloud: v.picklist(
    ENTRA_CLOUD_IDS,
    `must be one of ${ENTRA_CLOUD_IDS.map((id) => `"${id}"`).join(', ')}`,
  ),
  customUrl: v.pipe(v.string(), v.maxLength(MAX_TEXT)),
});

/** One setup as it is written to a file or a link (no id: ids are local to this browser). */
export const SetupContentSchema = v.object({
  name: v.pipe(
    v.string('must be text'),
    v.trim(),
    v.minLength(1, 'is empty'),
    v.maxLength(100, 'is longer than 100 characters'),
  ),
  description: v.optional(v.pipe(v.string(), v.maxLength(MAX_TEXT))),
  provider: ProviderSchema,
  flowId: v.picklist(SETUP_FLOW_IDS, `must be one of ${SETUP_FLOW_IDS.join(', ')}`),
  clientId: v.pipe(v.string(), v.maxLength(500)),
  authMethod: v.picklist(AUTH_METHODS, `must be one of ${AUTH_METHODS.join(', ')}`),
  via: v.picklist(VIAS, 'must be "direct" or "relay"'),
  authorizeParams: ParamsSchema,
  tokenParams: ParamsSchema,
  extraParams: ExtraParamsSchema,
});

export type SetupContent = v.InferOutput<typeof SetupContentSchema>;
export type SetupProvider = ProviderChoice;

export interface Setup extends SetupContent {
  id: string;
  savedAt: string;
}

const StoredSetupSchema = v.object({
  ...SetupContentSchema.entries,
  id: v.pipe(v.string(), v.minLength(1)),
  savedAt: v.string(),
});

export const SETUP_FILE_FORMAT = 'token-playground.setups';

const SetupFileSchema = v.object({
  format: v.literal(SETUP_FILE_FORMAT, `must be "${SETUP_FILE_FORMAT}"`),
  version: v.literal(1, 'must be 1 (the only version this playground reads)'),
  setups: v.pipe(
    v.array(SetupContentSchema, 'must be a list'),
    v.minLength(1, 'is empty'),
    v.maxLength(500, 'has more than 500 setups'),
  ),
});

export interface SetupFile {
  format: typeof SETUP_FILE_FORMAT;
  version: 1;
  setups: SetupContent[];
}

export type ParseResult = { ok: true; setups: SetupContent[] } | { ok: false; message: string };

/** A file larger than this is refused before parsing: a real setup file is a few kilobytes. */
export const MAX_SETUP_FILE_BYTES = 1_000_000;

const store = createStore<Setup[]>([], {
  storage: localStorageOrUndefined,
  key: 'token-playground.setups.v1',
  // Each stored setup is checked on its own, so one damaged entry does not hide the others.
  revive: (raw) =>
    Array.isArray(raw)
      ? raw.flatMap((item) => {
          const result = v.safeParse(StoredSetupSchema, item);
          return result.success ? [result.output] : [];
        })
      : undefined,
});

export const setupsStore = store;

export function useSetups(): Setup[] {
  return useStore(store);
}

function createId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** `name`, or `name (2)`, `name (3)`… when another setup already has it. */
export function makeUniqueName(name: string, taken: readonly string[]): string {
  const used = new Set(taken.map((item) => item.toLowerCase()));
  const base = name.trim() || 'Untitled setup';
  if (!used.has(base.toLowerCase())) return base;
  const stem = base.replace(/ \(\d+\)$/, '');
  for (let n = 2; ; n += 1) {
    const candidate = `${stem} (${n})`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/** Drops secrets and per-run values from parameters, whatever the caller passed. */
export function stripSecrets(content: SetupContent): SetupContent {
  const keep = (params: Record<string, string>) =>
    Object.fromEntries(Object.entries(params).filter(([name]) => isStorableParam(name)));
  return {
    ...content,
    authorizeParams: keep(content.authorizeParams),
    tokenParams: keep(content.tokenParams),
    extraParams: content.extraParams.filter(([name]) => isStorableParam(name)),
  };
}

/** Saves a new setup (secrets dropped, name made unique) and returns it. */
export function saveSetup(content: SetupContent): Setup {
  const setup: Setup = {
    ...stripSecrets(content),
    name: makeUniqueName(
      content.name,
      store.get().map((item) => item.name),
    ),
    id: createId(),
    savedAt: new Date().toISOString(),
  };
  store.set((setups) => [...setups, setup]);
  return setup;
}

/** Renames a setup; returns a problem in words when the name is empty or already used. */
export function renameSetup(id: string, name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'A name is required.';
  if (trimmed.length > 100) return 'The name is longer than 100 characters.';
  const clash = store
    .get()
    .find((setup) => setup.id !== id && setup.name.toLowerCase() === trimmed.toLowerCase());
  if (clash) return `Another setup is already called "${clash.name}".`;
  store.set((setups) => setups.map((setup) => (setup.id === id ? { ...setup, name: trimmed } : setup)));
  return undefined;
}

export function duplicateSetup(id: string): Setup | undefined {
  const original = store.get().find((setup) => setup.id === id);
  if (!original) return undefined;
  return saveSetup({ ...toSetupContent(original), name: `${original.name} (copy)` });
}

export function deleteSetup(id: string): void {
  store.set((setups) => setups.filter((setup) => setup.id !== id));
}

/** The part of a setup that leaves this browser (file, link): no id, no timestamp. */
export function toSetupContent(setup: SetupContent): SetupContent {
  const content: SetupContent = {
    name: setup.name,
    provider: { ...setup.provider },
    flowId: setup.flowId,
    clientId: setup.clientId,
    authMethod: setup.authMethod,
    via: setup.via,
    authorizeParams: { ...setup.authorizeParams },
    tokenParams: { ...setup.tokenParams },
    extraParams: setup.extraParams.map(([name, value]) => [name, value]),
  };
  if (setup.description !== undefined) content.description = setup.description;
  const share = (params: Record<string, string>) =>
    Object.fromEntries(Object.entries(params).filter(([name]) => isShareableParam(name)));
  return {
    ...content,
    authorizeParams: share(content.authorizeParams),
    tokenParams: share(content.tokenParams),
    extraParams: content.extraParams.filter(([name]) => isShareableParam(name)),
  };
}

export function toSetupFile(setups: readonly SetupContent[]): SetupFile {
  return { format: SETUP_FILE_FORMAT, version: 1, setups: setups.map(toSetupContent) };
}

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const lines = issues.slice(0, 5).map((issue) => {
    const path = v.getDotPath(issue);
    if (!path) return issue.message;
    return issue.input === undefined ? `"${path}" is missing` : `"${path}" ${issue.message}`;
  });
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more problems)` : '';
  return `${lines.join('; ')}${more}.`;
}

/** Checks parsed JSON against the setup file schema; the message names each field and its problem. */
export function parseSetupFile(raw: unknown): ParseResult {
  const result = v.safeParse(SetupFileSchema, raw, { abortPipeEarly: true });
  if (!result.success)
    return { ok: false, message: `Not a valid setup file: ${describeIssues(result.issues)}` };
  return { ok: true, setups: result.output.setups };
}

/** Reads a setup file's text: JSON first, then the schema. */
export function parseSetupFileText(text: string): ParseResult {
  if (new TextEncoder().encode(text).length > MAX_SETUP_FILE_BYTES) {
    return {
      ok: false,
      message: `The file is larger than ${MAX_SETUP_FILE_BYTES / 1_000_000} MB; a setup file is a few kilobytes.`,
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      message: `The file is not JSON: ${error instanceof Error ? error.message : String(error)}.`,
    };
  }
  return parseSetupFile(raw);
}

/**
 * Adds every setup of a checked file in one step. Existing setups are never replaced: an imported
 * setup whose name is taken gets a numbered name.
 */
export function importSetups(setups: readonly SetupContent[]): Setup[] {
  const names = store.get().map((setup) => setup.name);
  const now = new Date().toISOString();
  const added = setups.map((content) => {
    const name = makeUniqueName(content.name, names);
    names.push(name);
    return { ...stripSecrets(content), name, id: createId(), savedAt: now };
  });
  store.set((existing) => [...existing, ...added]);
  return added;
}

// --- share links -------------------------------------------------------------------------------

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** The exact JSON a share link carries: the setup file format with one setup, secrets excluded. */
export function toShareJson(setup: SetupContent): string {
  return JSON.stringify(toSetupFile([setup]));
}

/** `#setup=<base64url JSON>`: in the fragment, so the setup never reaches a server's logs. */
export function buildShareFragment(setup: SetupContent): string {
  return `#setup=${toBase64Url(toShareJson(setup))}`;
}

/** Reads a `#setup=` fragment; `undefined` when the fragment carries no setup at all. */
export function readShareFragment(hash: string): ParseResult | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const encoded = params.get('setup');
  if (encoded === null) return undefined;
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) {
    return { ok: false, message: 'The link is damaged: the setup is not base64url text.' };
  }
  let text: string;
  try {
    text = fromBase64Url(encoded);
  } catch {
    return { ok: false, message: 'The link is damaged: the setup does not decode to UTF-8 text.' };
  }
  return parseSetupFileText(text);
}

// --- applying a setup ------------------------------------------------------------------------------

/** The settings a setup's provider part changes; the companion origin and relay hosts stay as they are. */
export { providerChoiceOf as fromSettings, toSettingsPatch } from './settings';

/** The fields of a flow draft that a setup carries. */
export interface DraftFields {
  clientId: string;
  authMethod: ClientAuthMethod;
  via: Via;
  authorizeParams: Record<string, string>;
  tokenParams: Record<string, string>;
  extraParams: [string, string][];
}

/**
 * A fresh draft with the setup laid over it: the setup's parameters win, while per-run values
 * (state, nonce, PKCE verifier and challenge) stay the fresh ones.
 */
export function applySetupToDraft<D extends DraftFields>(fresh: D, setup: SetupContent): D {
  const overlay = (base: Record<string, string>, extra: Record<string, string>) => {
    const merged = { ...base };
    for (const [name, value] of Object.entries(extra)) if (isStorableParam(name)) merged[name] = value;
    return merged;
  };
  return {
    ...fresh,
    clientId: setup.clientId,
    authMethod: setup.authMethod,
    via: setup.via,
    authorizeParams: overlay(fresh.authorizeParams, {
      ...setup.authorizeParams,
      ...(fresh.authorizeParams.client_id === undefined ? {} : { client_id: setup.clientId }),
    }),
    tokenParams: overlay(fresh.tokenParams, setup.tokenParams),
    extraParams: setup.extraParams.filter(([name]) => isStorableParam(name)),
  };
}

/** A setup picked on the setups page, waiting for the flow page to turn it into a draft. */
const pendingStore = createStore<SetupContent | undefined>(undefined);

export function requestSetupActivation(setup: SetupContent): void {
  pendingStore.set(toSetupContent(setup));
}

/** Hands over (once) the setup waiting for this flow, if any. */
export function takePendingSetup(flowId: string): SetupContent | undefined {
  const pending = pendingStore.get();
  if (pending?.flowId !== flowId) return undefined;
  pendingStore.set(undefined);
  return pending;
}

export function peekPendingSetup(): SetupContent | undefined {
  return pendingStore.get();
}
