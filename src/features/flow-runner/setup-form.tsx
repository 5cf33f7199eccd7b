import { memo, useCallback, useRef, useState } from 'react';
import { analyzeAuthorizeParams, buildAuthorizeUrl, type AuthorizeWarning } from '@/protocol/authorize-url';
import { isPlaygroundError } from '@/protocol/errors';
import type { FlowDefinition } from '@/protocol/flows/types';
import { regenerateStateAndNonce } from '@/protocol/flows/run';
import type { ProviderConfig, ProviderEndpoints } from '@/protocol/providers';
import { scopeSuggestions } from '@/state/presets';
import { useSecrets } from '@/state/runs';
import { runtimeConfig } from '@/state/runtime-config';
import { AuthorizeUrlPreview } from './authorize-url-preview';
import { ClientSection } from './client-section';
import type { DraftPatch, FlowDraft } from './draft';
import { ParamField } from './param-field';
import { NEXT_ACTION_ID } from './focus-next-action';
import { PkcePanel } from './pkce-panel';
import { MissingFieldsSummary } from './missing-fields-summary';
import { useRequiredCheck } from './required-check';
import { ModernOptions } from './modern-options';
import type { DiscoveryDocument } from '@/protocol/discovery';
import {
  MODERN_PARAMETER_NAMES,
  offersModernModes,
  resolveRequestModes,
} from '@/protocol/flows/modern-steps';

interface SetupFormProps {
  flow: FlowDefinition;
  draft: FlowDraft;
  provider: ProviderConfig;
  endpoints: ProviderEndpoints | undefined;
  /** The whole discovery document, when it loaded: it says which modern modes are offered. */
  discovery?: DiscoveryDocument | undefined;
  providerLabel?: string;
  companionOrigin: string;
  onChange: (patch: DraftPatch) => void;
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

interface AuthorizeParamProps {
  name: string;
  value: string;
  warning: string | undefined;
  error: string | undefined;
  onSet: (name: string, value: string) => void;
  onRemove: (name: string) => void;
}

/** One authorize parameter; rendered again only when its own value or warning changes. */
const AuthorizeParam = memo(function AuthorizeParam({
  name,
  value,
  warning,
  error,
  onSet,
  onRemove,
}: AuthorizeParamProps) {
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

function isShownOpen(name: string, warning: string | undefined): boolean {
  return OPEN_PARAMETERS.has(name) || warning !== undefined;
}

/** Everything the user sets before starting a browser flow: client, every authorize parameter, PKCE. */
export function SetupForm({
  flow,
  draft,
  provider,
  endpoints,
  discovery,
  providerLabel,
  companionOrigin,
  onChange,
  onStart,
  startError,
  busy,
}: SetupFormProps) {
  const modern = offersModernModes(flow) && discovery !== undefined;
  const modes = modern ? resolveRequestModes(draft.modes, discovery) : undefined;
  const [newParam, setNewParam] = useState('');
  const params = draft.authorizeParams;
  const secrets = useSecrets();
  const formRef = useRef<HTMLFormElement>(null);
  const required = useRequiredCheck(
    {
      flowId: flow.id,
      channel: flow.channel,
      providerKind: provider.kind,
      clientId: draft.clientId,
      authMethod: draft.authMethod,
      authorizeParams: params,
      tokenParams: draft.tokenParams,
      secrets,
    },
    formRef,
  );
  const tryStart = (mode: 'same-tab' | 'popup') => {
    if (required.check()) onStart(mode);
  };
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
  const warnings = analyzeAuthorizeParams(params, {
    appOrigin: window.location.origin,
    provider: provider.kind,
    ...(runtimeConfig.formPostReceiver === undefined
      ? {}
      : { formPostReceiver: runtimeConfig.formPostReceiver }),
  });
  let url = '';
  let urlError: string | undefined;
  if (endpoints?.authorization_endpoint) {
    try {
      url = buildAuthorizeUrl(endpoints.authorization_endpoint, params, draft.extraParams);
    } catch (error) {
      urlError = isPlaygroundError(error) ? error.message : String(error);
    }
  } else {
    urlError =
      'The provider’s authorization endpoint is not known yet: its discovery document has not loaded (see above).';
  }
  const scopes = (params.scope ?? '').split(' ').filter(Boolean);
  const toggleScope = (scope: string) =>
    setParam(
      'scope',
      scopes.includes(scope)
        ? scopes.filter((item) => item !== scope).join(' ')
        : [...scopes, scope].join(' '),
    );
  const usesPkce = 'code_challenge' in params;
  const warningFor = (name: string) =>
    warnings
      .filter((warning) => warning.parameter === name && warning.severity !== 'info')
      .map((warning) => warning.message)
      .join(' ') || undefined;

  const editedByModernPanel = (name: string) => modern && MODERN_PARAMETER_NAMES.includes(name);
  const folded = Object.keys(params).filter(
    (name) => name !== 'client_id' && !editedByModernPanel(name) && !isShownOpen(name, warningFor(name)),
  );

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
      <ClientSection
        flow={flow}
        draft={draft}
        providerKind={provider.kind}
        companionOrigin={companionOrigin}
        onChange={onChange}
        errorFor={required.errorFor}
      />

      <fieldset className="space-y-4 rounded-lg border border-slate-200 p-4 dark:border-slate-700">
        <legend className="px-1 font-semibold">Authorization request parameters</legend>
        {Object.entries(params).map(([name, value]) =>
          name === 'client_id' || editedByModernPanel(name) || !isShownOpen(name, warningFor(name)) ? null : (
            <AuthorizeParam
              key={name}
              name={name}
              value={value}
              warning={warningFor(name)}
              error={required.errorFor(name)}
              onSet={setParam}
              onRemove={removeParam}
            />
          ),
        )}
        <div className="space-y-1">
          <p className="text-sm font-medium">Scope helpers</p>
          <div className="flex flex-wrap gap-2">
            {scopeSuggestions(provider.kind).map((scope) => (
              <button
                key={scope}
                type="button"
                aria-pressed={scopes.includes(scope)}
                onClick={() => toggleScope(scope)}
                className="rounded-full border border-slate-300 px-3 py-1 font-mono text-xs aria-pressed:border-indigo-600 aria-pressed:bg-indigo-600 aria-pressed:text-white dark:border-slate-600"
              >
                {scope}
              </button>
            ))}
          </div>
        </div>
        <details className="space-y-4 rounded-md border border-slate-200 p-3 dark:border-slate-700">
          <summary className="cursor-pointer font-medium">
            More parameters ({folded.length + draft.extraParams.length}):{' '}
            <span className="font-mono text-sm font-normal break-all">
              {[...folded, ...draft.extraParams.map(([name]) => name)].join(', ') || 'none yet'}
            </span>
          </summary>
          <div className="mt-3 space-y-4">
            <div className="flex flex-wrap gap-2">
              <button
                type="button"
                onClick={() => onChange({ authorizeParams: regenerateStateAndNonce(params) })}
                className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-600"
              >
                Regenerate state and nonce
              </button>
            </div>
            {folded.map((name) => (
              <AuthorizeParam
                key={name}
                name={name}
                value={params[name] ?? ''}
                warning={warningFor(name)}
                error={required.errorFor(name)}
                onSet={setParam}
                onRemove={removeParam}
              />
            ))}
            <div className="space-y-2">
              <p className="text-sm font-medium">Custom parameters</p>
              {draft.extraParams.map(([name, value], index) => (
                <div key={index} className="flex gap-2">
                  <input
                    aria-label={`Custom parameter ${index + 1} name`}
                    className="w-48 rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
                    value={name}
                    onChange={(event) =>
                      onChange({
                        extraParams: draft.extraParams.map((pair, i) =>
                          i === index ? [event.target.value, pair[1]] : pair,
                        ),
                      })
                    }
                  />
                  <input
                    aria-label={`Custom parameter ${index + 1} value`}
                    className="flex-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
                    value={value}
                    onChange={(event) =>
                      onChange({
                        extraParams: draft.extraParams.map((pair, i) =>
                          i === index ? [pair[0], event.target.value] : pair,
                        ),
                      })
                    }
                  />
                  <button
                    type="button"
                    onClick={() => onChange({ extraParams: draft.extraParams.filter((_, i) => i !== index) })}
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
                    if (name in params) return;
                    onChange({ extraParams: [...draft.extraParams, [name, '']] });
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

      {modern && (
        <ModernOptions
          draft={draft}
          discovery={discovery}
          providerKind={provider.kind}
          providerLabel={providerLabel ?? 'The provider'}
          onChange={onChange}
        />
      )}

      {usesPkce && (
        <PkcePanel
          verifier={draft.codeVerifier}
          method={params.code_challenge_method ?? 'S256'}
          challenge={params.code_challenge ?? ''}
          onVerifierChange={(codeVerifier) => onChange({ codeVerifier })}
          onChallengeComputed={(challenge) => {
            if (params.code_challenge !== challenge) setParam('code_challenge', challenge);
          }}
        />
      )}

      {warnings.length > 0 && (
        <section aria-labelledby="warnings-heading" className="space-y-2">
          <h3 id="warnings-heading" className="font-semibold">
            Warnings ({warnings.length})
          </h3>
          <ul className="space-y-2">
            {warnings.map((warning) => (
              <li
                key={warning.id}
                className={`rounded-md border p-2 text-sm ${severityClass[warning.severity]}`}
              >
                {warning.parameter && <span className="font-mono font-semibold">{warning.parameter}: </span>}
                {warning.message}
              </li>
            ))}
          </ul>
        </section>
      )}

      {url && <AuthorizeUrlPreview url={url} />}
      {url && modes && (
        <p className="text-sm" role="note">
          {modes.par
            ? `With PAR these parameters${modes.jar ? ', signed as a request object,' : ''} go in a POST to ${modes.par.endpoint} first; the redirect then carries only client_id and request_uri.`
            : 'With a signed request object the redirect carries only client_id and request (the parameters above, signed).'}
        </p>
      )}
      {urlError && (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          {urlError}
        </p>
      )}
      <div
        data-next-action-bar=""
        className="sticky bottom-0 z-30 -mx-4 flex flex-wrap items-center gap-3 border-t border-slate-300 bg-white/95 px-4 py-2 dark:border-slate-700 dark:bg-slate-900/95"
      >
        <button
          id={NEXT_ACTION_ID}
          type="submit"
          disabled={!url || busy}
          className="rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-700 disabled:opacity-50"
        >
          Start in this tab
        </button>
        <button
          type="button"
          disabled={!url || busy}
          onClick={() => tryStart('popup')}
          className="rounded-md border border-indigo-600 px-4 py-2 font-semibold text-indigo-700 disabled:opacity-50 dark:text-indigo-300"
        >
          Start in a popup
        </button>
        <MissingFieldsSummary missing={required.shown} />
        {startError && (
          <p role="alert" className="text-sm text-red-800 dark:text-red-300">
            {startError}
          </p>
        )}
      </div>
    </form>
  );
}
