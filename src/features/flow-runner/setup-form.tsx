import { memo, useCallback, useMemo, useRef, useState } from 'react';
import { analyzeAuthorizeParams, buildAuthorizeUrl, type AuthorizeWarning } from '@/protocol/authorize-url';
import { isPlaygroundError } from '@/protocol/errors';
import type { FlowDefinition } from '@/protocol/flows/types';
import { regenerateStateAndNonce } from '@/protocol/flows/run';
import type { ProviderConfig, ProviderEndpoints, ProviderKind } from '@/protocol/providers';
import { findMissingFields } from '@/protocol/required-fields';
import { scopeSuggestions } from '@/state/presets';
import { useSecrets } from '@/state/runs';
import { runtimeConfig } from '@/state/runtime-config';
import { AuthorizeUrlPreview } from './authorize-url-preview';
import { ClientSection } from './client-section';
import { useDraftSource, useDraftValue, type DraftPatch, type FlowDraft } from './draft';
import { ParamField } from './param-field';
import { NEXT_ACTION_ID } from './focus-next-action';
import { PkcePanel } from './pkce-panel';
import { MissingFieldsSummary } from './missing-fields-summary';
import {
  NO_MISSING_FIELDS,
  requiredFieldsInput,
  sameMissingFields,
  useMissingFieldsCheck,
} from './required-check';
import { ModernOptions } from './modern-options';
import { OFFSCREEN_SECTION } from './offscreen';
import type { DiscoveryDocument } from '@/protocol/discovery';
import {
  MODERN_PARAMETER_NAMES,
  offersModernModes,
  resolveRequestModes,
} from '@/protocol/flows/modern-steps';

interface SetupFormProps {
  flow: FlowDefinition;
  provider: ProviderConfig;
  endpoints: ProviderEndpoints | undefined;
  /** The whole discovery document, when it loaded: it says which modern modes are offered. */
  discovery?: DiscoveryDocument | undefined;
  providerLabel?: string;
  companionOrigin: string;
  onStart: (mode: 'same-tab' | 'popup') => void;
  startError?: string | undefined;
  busy?: boolean;
}

const severityClass: Record<AuthorizeWarning['severity'], string> = {
  error: 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100',
  warning:
    'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100',
  info: 'border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100',
};

/**
 * The warnings about a set of authorize parameters, worked out once per set: every field, the
 * folding and the warnings list ask for them after a keystroke.
 */
const warningsCache = new WeakMap<Record<string, string>, Map<ProviderKind, AuthorizeWarning[]>>();

function warningsOf(params: Record<string, string>, providerKind: ProviderKind): AuthorizeWarning[] {
  let byKind = warningsCache.get(params);
  if (!byKind) {
    byKind = new Map();
    warningsCache.set(params, byKind);
  }
  let warnings = byKind.get(providerKind);
  if (!warnings) {
    warnings = analyzeAuthorizeParams(params, {
      appOrigin: window.location.origin,
      provider: providerKind,
      ...(runtimeConfig.formPostReceiver === undefined
        ? {}
        : { formPostReceiver: runtimeConfig.formPostReceiver }),
    });
    byKind.set(providerKind, warnings);
  }
  return warnings;
}

/** The warning shown at a parameter's field (info notes appear only in the list). */
function warningFor(warnings: AuthorizeWarning[], name: string): string | undefined {
  return (
    warnings
      .filter((warning) => warning.parameter === name && warning.severity !== 'info')
      .map((warning) => warning.message)
      .join(' ') || undefined
  );
}

function sameWarnings(a: AuthorizeWarning[], b: AuthorizeWarning[]): boolean {
  return (
    a.length === b.length &&
    a.every((warning, index) => {
      const other = b[index];
      return (
        warning.id === other?.id &&
        warning.severity === other.severity &&
        warning.parameter === other.parameter &&
        warning.message === other.message
      );
    })
  );
}

interface AuthorizeUrlResult {
  url: string;
  error?: string;
}

const NO_ENDPOINT: AuthorizeUrlResult = {
  url: '',
  error:
    'The provider’s authorization endpoint is not known yet: its discovery document has not loaded (see above).',
};

/** The last URL built: the preview and the start buttons ask for the same one after a keystroke. */
let lastUrl:
  | {
      endpoint: string;
      params: Record<string, string>;
      extra: [string, string][];
      result: AuthorizeUrlResult;
    }
  | undefined;

function authorizeUrlOf(endpoint: string | undefined, draft: FlowDraft): AuthorizeUrlResult {
  if (!endpoint) return NO_ENDPOINT;
  const params = draft.authorizeParams;
  const extra = draft.extraParams;
  if (lastUrl?.endpoint === endpoint && lastUrl.params === params && lastUrl.extra === extra)
    return lastUrl.result;
  let result: AuthorizeUrlResult;
  try {
    result = { url: buildAuthorizeUrl(endpoint, params, extra) };
  } catch (error) {
    result = { url: '', error: isPlaygroundError(error) ? error.message : String(error) };
  }
  lastUrl = { endpoint, params, extra, result };
  return result;
}

const sameUrl = (a: AuthorizeUrlResult, b: AuthorizeUrlResult) => a.url === b.url && a.error === b.error;

/**
 * The parameters a learner must look at before starting, shown open; the others (generated per run,
 * optional) are folded. A parameter with a warning is always shown open.
 */
const OPEN_PARAMETERS: ReadonlySet<string> = new Set([
  'response_type',
  'response_mode',
  'redirect_uri',
  'scope',
]);

interface ParameterLayout {
  open: string[];
  folded: string[];
}

/** Which parameters the form shows open and which folded (client_id and the modern panel's are elsewhere). */
function layoutParameters(
  params: Record<string, string>,
  providerKind: ProviderKind,
  modern: boolean,
): ParameterLayout {
  const warnings = warningsOf(params, providerKind);
  const layout: ParameterLayout = { open: [], folded: [] };
  for (const name of Object.keys(params)) {
    if (name === 'client_id' || (modern && MODERN_PARAMETER_NAMES.includes(name))) continue;
    if (OPEN_PARAMETERS.has(name) || warningFor(warnings, name) !== undefined) layout.open.push(name);
    else layout.folded.push(name);
  }
  return layout;
}

const sameNames = (a: string[], b: string[]) => a.length === b.length && a.every((name, i) => name === b[i]);
const sameLayout = (a: ParameterLayout, b: ParameterLayout) =>
  sameNames(a.open, b.open) && sameNames(a.folded, b.folded);

interface AuthorizeParamProps {
  name: string;
  providerKind: ProviderKind;
  error: string | undefined;
  onSet: (name: string, value: string) => void;
  onRemove: (name: string) => void;
}

/** One authorize parameter; it reads its own value and warning, so it renders only when they change. */
const AuthorizeParam = memo(function AuthorizeParam({
  name,
  providerKind,
  error,
  onSet,
  onRemove,
}: AuthorizeParamProps) {
  const value = useDraftValue((draft) => draft.authorizeParams[name] ?? '');
  const warning = useDraftValue((draft) => warningFor(warningsOf(draft.authorizeParams, providerKind), name));
  return (
    <ParamField
      name={name}
      value={value}
      error={error}
      onChange={(next) => onSet(name, next)}
      onRemove={() => onRemove(name)}
      {...(warning ? { warning } : {})}
    />
  );
});

/** Everything the user sets before starting a browser flow: client, every authorize parameter, PKCE. */
export const SetupForm = memo(function SetupForm({
  flow,
  provider,
  endpoints,
  discovery,
  providerLabel,
  companionOrigin,
  onStart,
  startError,
  busy,
}: SetupFormProps) {
  const source = useDraftSource();
  const onChange = source.update;
  const modern = offersModernModes(flow) && discovery !== undefined;
  const secrets = useSecrets();
  const formRef = useRef<HTMLFormElement>(null);
  const [attempted, setAttempted] = useState(false);
  const requiredInput = (draft: FlowDraft) => requiredFieldsInput(flow, provider.kind, draft, secrets);
  // Worked out while typing only once a start was attempted (then each field tells what it lacks).
  const shown = useDraftValue(
    (draft) => (attempted ? findMissingFields(requiredInput(draft)) : NO_MISSING_FIELDS),
    sameMissingFields,
  );
  const required = useMissingFieldsCheck(
    shown,
    () => findMissingFields(requiredInput(source.read())),
    () => {
      setAttempted(true);
    },
    formRef,
  );
  const tryStart = (mode: 'same-tab' | 'popup') => {
    if (required.check()) onStart(mode);
  };
  const endpoint = endpoints?.authorization_endpoint;

  return (
    <form
      ref={formRef}
      className="space-y-6"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        tryStart('same-tab');
      }}
    >
      <FrontClientSection
        flow={flow}
        providerKind={provider.kind}
        companionOrigin={companionOrigin}
        onChange={onChange}
        errorFor={required.errorFor}
      />

      <AuthorizeParameters
        providerKind={provider.kind}
        modern={modern}
        errorFor={required.errorFor}
        onChange={onChange}
      />

      {modern && (
        <div className={OFFSCREEN_SECTION}>
          <ModernOptions
            discovery={discovery}
            providerKind={provider.kind}
            providerLabel={providerLabel ?? 'The provider'}
            onChange={onChange}
          />
        </div>
      )}

      <PkceSection onChange={onChange} />
      <AuthorizeWarnings providerKind={provider.kind} />
      <AuthorizeUrl endpoint={endpoint} discovery={modern ? discovery : undefined} />

      <div
        data-next-action-bar=""
        className="sticky bottom-0 z-30 -mx-4 flex flex-wrap items-center gap-3 border-t border-slate-300 bg-white/95 px-4 py-2 dark:border-slate-700 dark:bg-slate-900/95"
      >
        <StartButtons endpoint={endpoint} busy={busy} onPopup={() => tryStart('popup')} />
        <MissingFieldsSummary missing={required.shown} />
        {startError && (
          <p role="alert" className="text-sm text-red-800 dark:text-red-300">
            {startError}
          </p>
        )}
      </div>
    </form>
  );
});

/** The client part of the form, reading the three draft values it shows. */
const FrontClientSection = memo(function FrontClientSection({
  flow,
  providerKind,
  companionOrigin,
  onChange,
  errorFor,
}: {
  flow: FlowDefinition;
  providerKind: ProviderKind;
  companionOrigin: string;
  onChange: (patch: DraftPatch) => void;
  errorFor: (field: string) => string | undefined;
}) {
  const clientId = useDraftValue((draft) => draft.clientId);
  const authMethod = useDraftValue((draft) => draft.authMethod);
  const via = useDraftValue((draft) => draft.via);
  const client = useMemo(() => ({ clientId, authMethod, via }), [clientId, authMethod, via]);
  return (
    <ClientSection
      flow={flow}
      draft={client}
      providerKind={providerKind}
      companionOrigin={companionOrigin}
      onChange={onChange}
      errorFor={errorFor}
    />
  );
});

/**
 * The authorization request's parameters: the open ones, the scope helpers, the folded ones and the
 * custom ones. It renders when a parameter is added, removed, folded or unfolded; typing in one
 * renders only that field.
 */
const AuthorizeParameters = memo(function AuthorizeParameters({
  providerKind,
  modern,
  errorFor,
  onChange,
}: {
  providerKind: ProviderKind;
  modern: boolean;
  errorFor: (field: string) => string | undefined;
  onChange: (patch: DraftPatch) => void;
}) {
  const source = useDraftSource();
  const layout = useDraftValue(
    (draft) => layoutParameters(draft.authorizeParams, providerKind, modern),
    sameLayout,
  );
  const extraParams = useDraftValue((draft) => draft.extraParams);
  const [newParam, setNewParam] = useState('');
  const setParam = useCallback(
    (name: string, value: string) =>
      onChange((current) => ({ authorizeParams: { ...current.authorizeParams, [name]: value } })),
    [onChange],
  );
  const removeParam = useCallback(
    (name: string) =>
      onChange((current) => ({
        authorizeParams: Object.fromEntries(
          Object.entries(current.authorizeParams).filter(([key]) => key !== name),
        ),
      })),
    [onChange],
  );
  const setExtra = (index: number, pair: (current: [string, string]) => [string, string]) =>
    onChange((current) => ({
      extraParams: current.extraParams.map((item, i) => (i === index ? pair(item) : item)),
    }));

  const renderParam = (name: string) => (
    <AuthorizeParam
      key={name}
      name={name}
      providerKind={providerKind}
      error={errorFor(name)}
      onSet={setParam}
      onRemove={removeParam}
    />
  );

  return (
    <fieldset className="space-y-4 rounded-lg border border-slate-200 p-4 dark:border-slate-700">
      <legend className="px-1 font-semibold">Authorization request parameters</legend>
      {layout.open.map(renderParam)}
      <ScopeHelpers providerKind={providerKind} onSet={setParam} />
      <details className="space-y-4 rounded-md border border-slate-200 p-3 dark:border-slate-700">
        <summary className="cursor-pointer font-medium">
          More parameters ({layout.folded.length + extraParams.length}):{' '}
          <span className="font-mono text-sm font-normal break-all">
            {[...layout.folded, ...extraParams.map(([name]) => name)].join(', ') || 'none yet'}
          </span>
        </summary>
        <div className="mt-3 space-y-4">
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              onClick={() =>
                onChange((current) => ({ authorizeParams: regenerateStateAndNonce(current.authorizeParams) }))
              }
              className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-600"
            >
              Regenerate state and nonce
            </button>
          </div>
          {layout.folded.map(renderParam)}
          <div className="space-y-2">
            <p className="text-sm font-medium">Custom parameters</p>
            {extraParams.map(([name, value], index) => (
              <div key={index} className="flex gap-2">
                <input
                  aria-label={`Custom parameter ${index + 1} name`}
                  className="w-48 rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
                  value={name}
                  onChange={(event) => {
                    const next = event.target.value;
                    setExtra(index, (pair) => [next, pair[1]]);
                  }}
                />
                <input
                  aria-label={`Custom parameter ${index + 1} value`}
                  className="flex-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
                  value={value}
                  onChange={(event) => {
                    const next = event.target.value;
                    setExtra(index, (pair) => [pair[0], next]);
                  }}
                />
                <button
                  type="button"
                  onClick={() =>
                    onChange((current) => ({
                      extraParams: current.extraParams.filter((_, i) => i !== index),
                    }))
                  }
                  className="text-sm text-red-700 underline dark:text-red-300"
                >
                  Remove
                </button>
              </div>
            ))}
            <div className="flex flex-wrap gap-2">
              <input
                aria-label="Parameter to add (standard or custom)"
                placeholder="e.g. domain_hint, max_age, claims"
                className="w-72 max-w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
                value={newParam}
                onChange={(event) => setNewParam(event.target.value)}
              />
              <button
                type="button"
                onClick={() => {
                  const name = newParam.trim();
                  if (!name) return;
                  if (name in source.read().authorizeParams) return;
                  onChange((current) => ({ extraParams: [...current.extraParams, [name, '']] }));
                  setNewParam('');
                }}
                className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-600"
              >
                Add parameter
              </button>
            </div>
          </div>
        </div>
      </details>
    </fieldset>
  );
});

/** Buttons that add or remove a scope; they render when the scope changes. */
const ScopeHelpers = memo(function ScopeHelpers({
  providerKind,
  onSet,
}: {
  providerKind: ProviderKind;
  onSet: (name: string, value: string) => void;
}) {
  const scope = useDraftValue((draft) => draft.authorizeParams.scope ?? '');
  const scopes = scope.split(' ').filter(Boolean);
  const toggleScope = (item: string) =>
    onSet(
      'scope',
      scopes.includes(item)
        ? scopes.filter((other) => other !== item).join(' ')
        : [...scopes, item].join(' '),
    );
  return (
    <div className="space-y-1">
      <p className="text-sm font-medium">Scope helpers</p>
      <div className="flex flex-wrap gap-2">
        {scopeSuggestions(providerKind).map((item) => (
          <button
            key={item}
            type="button"
            aria-pressed={scopes.includes(item)}
            onClick={() => toggleScope(item)}
            className="rounded-full border border-slate-300 px-3 py-1 font-mono text-xs aria-pressed:border-indigo-600 aria-pressed:bg-indigo-600 aria-pressed:text-white dark:border-slate-600"
          >
            {item}
          </button>
        ))}
      </div>
    </div>
  );
});

/** PKCE, when the request carries a code_challenge. */
const PkceSection = memo(function PkceSection({ onChange }: { onChange: (patch: DraftPatch) => void }) {
  const source = useDraftSource();
  const usesPkce = useDraftValue((draft) => 'code_challenge' in draft.authorizeParams);
  const verifier = useDraftValue((draft) => draft.codeVerifier);
  const method = useDraftValue((draft) => draft.authorizeParams.code_challenge_method ?? 'S256');
  const challenge = useDraftValue((draft) => draft.authorizeParams.code_challenge ?? '');
  if (!usesPkce) return null;
  return (
    <div className={OFFSCREEN_SECTION}>
      <PkcePanel
        verifier={verifier}
        method={method}
        challenge={challenge}
        onVerifierChange={(codeVerifier) => onChange({ codeVerifier })}
        onChallengeComputed={(computed) => {
          if (source.read().authorizeParams.code_challenge === computed) return;
          onChange((current) => ({
            authorizeParams: { ...current.authorizeParams, code_challenge: computed },
          }));
        }}
      />
    </div>
  );
});

/** Every warning about the request, info notes included; renders when the list changes. */
const AuthorizeWarnings = memo(function AuthorizeWarnings({ providerKind }: { providerKind: ProviderKind }) {
  const warnings = useDraftValue((draft) => warningsOf(draft.authorizeParams, providerKind), sameWarnings);
  if (warnings.length === 0) return null;
  return (
    <section aria-labelledby="warnings-heading" className={`space-y-2 ${OFFSCREEN_SECTION}`}>
      <h3 id="warnings-heading" className="font-semibold">
        Warnings ({warnings.length})
      </h3>
      <ul className="space-y-2">
        {warnings.map((warning) => (
          <li key={warning.id} className={`rounded-md border p-2 text-sm ${severityClass[warning.severity]}`}>
            {warning.parameter && <span className="font-mono font-semibold">{warning.parameter}: </span>}
            {warning.message}
          </li>
        ))}
      </ul>
    </section>
  );
});

/** The authorization URL as it will be sent, or why it cannot be built; and where PAR or JAR change it. */
const AuthorizeUrl = memo(function AuthorizeUrl({
  endpoint,
  discovery,
}: {
  endpoint: string | undefined;
  /** Given when the flow offers the modern request modes. */
  discovery: DiscoveryDocument | undefined;
}) {
  const { url, error } = useDraftValue((draft) => authorizeUrlOf(endpoint, draft), sameUrl);
  const chosenModes = useDraftValue((draft) => draft.modes);
  const modes = discovery ? resolveRequestModes(chosenModes, discovery) : undefined;
  return (
    <>
      {url && (
        <div className={OFFSCREEN_SECTION}>
          <AuthorizeUrlPreview url={url} />
        </div>
      )}
      {url && modes && (
        <p className="text-sm" role="note">
          {modes.par
            ? `With PAR these parameters${modes.jar ? ', signed as a request object,' : ''} go in a POST to ${modes.par.endpoint} first; the redirect then carries only client_id and request_uri.`
            : 'With a signed request object the redirect carries only client_id and request (the parameters above, signed).'}
        </p>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          {error}
        </p>
      )}
    </>
  );
});

/** Start buttons, usable once the authorization URL can be built. */
function StartButtons({
  endpoint,
  busy,
  onPopup,
}: {
  endpoint: string | undefined;
  busy: boolean | undefined;
  onPopup: () => void;
}) {
  const ready = useDraftValue((draft) => authorizeUrlOf(endpoint, draft).url !== '');
  return (
    <>
      <button
        id={NEXT_ACTION_ID}
        type="submit"
        disabled={!ready || busy}
        className="rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-700 disabled:opacity-50"
      >
        Start in this tab
      </button>
      <button
        type="button"
        disabled={!ready || busy}
        onClick={onPopup}
        className="rounded-md border border-indigo-600 px-4 py-2 font-semibold text-indigo-700 disabled:opacity-50 dark:text-indigo-300"
      >
        Start in a popup
      </button>
    </>
  );
}
