import { createContext, use, useRef, useSyncExternalStore } from 'react';
import { createCodeVerifier } from '@/protocol/pkce';
import { applyStepUpChallenge, type StepUpChallenge } from '@/protocol/step-up';
import { generateNonce, generateState } from '@/protocol/random';
import type { AnsweredChallenge, ClientAuthMethod, FlowDefinition, FlowId } from '@/protocol/flows/types';
import type { Via } from '@/protocol/http';
import { LOCAL_API_ORIGIN, defaultLocalClient } from '@/state/presets';
import { runtimeConfig } from '@/state/runtime-config';
import type { ProviderKind } from '@/state/settings';
import { createStore, sessionStorageOrUndefined, useStore } from '@/state/store';

/** What the user is setting up before a run starts. No secrets: those live in the secret store. */
export interface FlowDraft {
  providerKey: string;
  clientId: string;
  authMethod: ClientAuthMethod;
  via: Via;
  authorizeParams: Record<string, string>;
  tokenParams: Record<string, string>;
  extraParams: [string, string][];
  codeVerifier: string;
  /** Send DPoP proofs (RFC 9449) with this page's in-memory key; only its thumbprint is stored. */
  dpop?: boolean;
  /** The API challenge the next run answers (set by "Authorize again", taken by that run's start). */
  answersChallenge?: AnsweredChallenge;
  /** Request modes chosen (PAR, JAR); unset means the provider's requirement decides. */
  modes?: DraftModes;
}

/** What the person chose for the modern request modes (offered only where discovery says so). */
export interface DraftModes {
  par?: boolean;
  jar?: boolean;
  jarAlg?: 'PS256' | 'RS256' | 'ES256';
  /** Seconds from `iat` to `exp` of the request object. */
  jarLifetime?: number;
}

type Drafts = Partial<Record<FlowId, FlowDraft>>;

// Session storage keeps what was typed across the redirect and reloads; it holds no secret.
const draftsStore = createStore<Drafts>(
  {},
  {
    storage: sessionStorageOrUndefined,
    key: 'token-playground.drafts.v1',
    revive: (raw) => (typeof raw === 'object' && raw !== null ? raw : undefined),
  },
);

export function useDrafts(): Drafts {
  return useStore(draftsStore);
}

/** The stored draft of a flow, outside rendering. */
export function readDraft(flowId: FlowId): FlowDraft | undefined {
  return draftsStore.get()[flowId];
}

/**
 * Where the site serving the app offers no relay (runtime configuration: a workshop room), every
 * request goes directly, whatever a demo client preset or a loaded setup says.
 */
function keepToOfferedRoutes(draft: FlowDraft): FlowDraft {
  return runtimeConfig.relay === false && draft.via !== 'direct' ? { ...draft, via: 'direct' } : draft;
}

export function saveDraft(flowId: FlowId, draft: FlowDraft): void {
  draftsStore.set((drafts) => ({ ...drafts, [flowId]: keepToOfferedRoutes(draft) }));
}

/** A change to a draft: the fields to replace, or a function of the draft as it is when applied. */
export type DraftPatch = Partial<FlowDraft> | ((draft: FlowDraft) => Partial<FlowDraft>);

/**
 * Applies `patch` to the flow's stored draft when it belongs to `providerKey`, else to `fresh`. It
 * reads the draft when the change happens, so a handler made for an earlier render stays correct
 * (fields that did not change keep their handlers and are not rendered again).
 */
export function updateDraft(flowId: FlowId, providerKey: string, fresh: FlowDraft, patch: DraftPatch): void {
  draftsStore.set((drafts) => {
    const stored = drafts[flowId];
    const current = stored?.providerKey === providerKey ? stored : fresh;
    const change = typeof patch === 'function' ? patch(current) : patch;
    return { ...drafts, [flowId]: keepToOfferedRoutes({ ...current, ...change }) };
  });
}

/**
 * The draft one flow page edits: the stored draft when it belongs to the page's provider, else the
 * page's fresh one. Parts of the page read the slices they show (`useDraftValue`), so a keystroke
 * renders only what depends on the changed value; actions read the whole draft when they run.
 */
export interface DraftSource {
  /** The draft as it is now (for actions: start, save as setup, sign). */
  read: () => FlowDraft;
  /** The draft before session storage was read: what a prerender or hydration sees. */
  readInitial: () => FlowDraft;
  update: (patch: DraftPatch) => void;
}

export function createDraftSource(flowId: FlowId, providerKey: string, fresh: FlowDraft): DraftSource {
  return {
    read: () => {
      const stored = draftsStore.get()[flowId];
      return stored?.providerKey === providerKey ? stored : fresh;
    },
    readInitial: () => fresh,
    update: (patch) => {
      updateDraft(flowId, providerKey, fresh, patch);
    },
  };
}

export const DraftSourceContext = createContext<DraftSource | undefined>(undefined);

export function useDraftSource(): DraftSource {
  const source = use(DraftSourceContext);
  if (!source) throw new Error('useDraftSource needs a DraftSourceContext provider (the flow page)');
  return source;
}

/**
 * One slice of the page's draft, e.g. `useDraftValue((draft) => draft.authorizeParams.scope)`. The
 * component renders again only when the slice changes (`isEqual`, default `Object.is`), not on every
 * change of the draft. A selector that builds a new object needs an `isEqual` that compares contents.
 */
export function useDraftValue<T>(
  select: (draft: FlowDraft) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
): T {
  const source = useDraftSource();
  // The last draft seen and what was selected from it: React asks for the snapshot often, and an
  // equal slice must come back as the same value or React would render again (or loop).
  const memo = useRef<{ draft: FlowDraft; select: typeof select; value: T } | undefined>(undefined);
  const snapshot = (draft: FlowDraft): T => {
    const last = memo.current;
    if (last?.draft === draft && last.select === select) return last.value;
    const value = select(draft);
    const kept = last !== undefined && isEqual(last.value, value) ? last.value : value;
    memo.current = { draft, select, value: kept };
    return kept;
  };
  return useSyncExternalStore(
    draftsStore.subscribe,
    () => snapshot(source.read()),
    () => snapshot(source.readInitial()),
  );
}

/**
 * Puts `claims` into a flow's draft (replacing an earlier one), ready for a new authorization that
 * answers `answered`, the API's refusal (its run draws the loop).
 */
export function requestClaimsInDraft(flowId: FlowId, claims: string, answered?: AnsweredChallenge): void {
  draftsStore.set((drafts) => {
    const draft = drafts[flowId];
    if (!draft) return drafts;
    const extraParams = draft.extraParams.filter(([name]) => name !== 'claims');
    return {
      ...drafts,
      [flowId]: {
        ...draft,
        extraParams: [...extraParams, ['claims', claims]],
        ...(answered ? { answersChallenge: answered } : {}),
      },
    };
  });
}

/** The challenge a flow's next run answers, removed from its draft: only the run that starts now answers it. */
export function takeAnsweredChallenge(flowId: FlowId): AnsweredChallenge | undefined {
  const answered = draftsStore.get()[flowId]?.answersChallenge;
  if (answered === undefined) return undefined;
  draftsStore.set((drafts) => {
    const draft = drafts[flowId];
    if (!draft) return drafts;
    const rest = { ...draft };
    delete rest.answersChallenge;
    return { ...drafts, [flowId]: rest };
  });
  return answered;
}

/**
 * Puts an API's step-up challenge (RFC 9470: `acr_values`, `max_age`) into a flow's authorization
 * parameters, and the API's URL into its back-channel ones, for the new authorization and the call after it.
 * @see https://www.rfc-editor.org/rfc/rfc9470#section-4
 */
export function requestStepUpInDraft(flowId: FlowId, challenge: StepUpChallenge, apiUrl?: string): void {
  draftsStore.set((drafts) => {
    const draft = drafts[flowId];
    if (!draft) return drafts;
    return {
      ...drafts,
      [flowId]: {
        ...draft,
        authorizeParams: applyStepUpChallenge(draft.authorizeParams, challenge),
        tokenParams: apiUrl ? { ...draft.tokenParams, api_url: apiUrl } : draft.tokenParams,
      },
    };
  });
}

export function clearDrafts(): void {
  draftsStore.set({});
}

export function createDraft(
  flow: FlowDefinition,
  providerKind: ProviderKind,
  providerKey: string,
  appOrigin: string,
): FlowDraft {
  const preset = providerKind === 'local' ? defaultLocalClient(flow.id) : undefined;
  const clientId = preset?.clientId ?? '';
  const authorizeParams: Record<string, string> = {};
  for (const [name, value] of Object.entries(flow.defaultAuthorizeParams ?? {})) {
    if (name === 'client_id') authorizeParams[name] = clientId;
    else if (name === 'redirect_uri') authorizeParams[name] = `${appOrigin}/callback`;
    else if (name === 'state') authorizeParams[name] = generateState();
    else if (name === 'nonce') authorizeParams[name] = generateNonce();
    else if (name === 'scope') authorizeParams[name] = defaultScope(flow, providerKind, value);
    else authorizeParams[name] = value;
  }
  const tokenParams: Record<string, string> = { ...flow.defaultTokenParams };
  // The flow's default names the demo API B of npm start; a room serves it elsewhere.
  if (providerKind === 'local' && tokenParams.api_b_url !== undefined)
    tokenParams.api_b_url = `${LOCAL_API_ORIGIN}${new URL(tokenParams.api_b_url).pathname}`;
  if (flow.channel === 'front') tokenParams.post_logout_redirect_uri = `${appOrigin}/logged-out`;
  if (tokenParams.scope !== undefined)
    tokenParams.scope = defaultScope(flow, providerKind, tokenParams.scope);
  return {
    providerKey,
    clientId,
    authMethod: preset?.authMethod ?? flow.authMethods[0] ?? 'none',
    // Where the relay is not offered (runtime config), every request goes directly.
    via: runtimeConfig.relay === false ? 'direct' : (preset?.via ?? defaultVia(flow, providerKind)),
    authorizeParams,
    tokenParams,
    extraParams: [],
    codeVerifier: createCodeVerifier(),
  };
}

/**
 * Entra refuses confidential, device-code and password requests from browsers (ENTRA.md), so
 * they start on the relay; with other providers a public browser flow goes direct, and the rest
 * tries direct first and is offered the relay when CORS refuses it.
 */
function defaultVia(flow: FlowDefinition, providerKind: ProviderKind): Via {
  if (flow.browserClient) return 'direct';
  return providerKind === 'entra' ? 'relay' : 'direct';
}

/** The flow's own preset for this kind of provider (its demo API, Graph on Entra), else its default. */
function defaultScope(flow: FlowDefinition, providerKind: ProviderKind, fallback: string): string {
  return flow.scopePresets?.[providerKind] ?? fallback;
}
