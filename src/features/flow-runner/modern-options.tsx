import { memo, useId, useState, type ReactNode } from 'react';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { DiscoveryDocument } from '@/protocol/discovery';
import { isPlaygroundError } from '@/protocol/errors';
import { parseKey } from '@/protocol/flows/client';
import {
  listRequestObjectAlgs,
  resolveRequestModes,
  type RequestObjectAlg,
} from '@/protocol/flows/modern-steps';
import { buildRequestObjectClaims, signRequestObject, type SignedRequestObject } from '@/protocol/jar';
import { isJarmResponseMode, JARM_RESPONSE_MODES } from '@/protocol/jarm';
import { describeModernSupport, summarizeModernSupport, type ModeSupport } from '@/protocol/modern-support';
import type { ProviderKind } from '@/protocol/providers';
import { checkAuthorizationDetails, listAuthorizationDetailsExamples } from '@/protocol/rar';
import { parseClaimsParameter } from '@/protocol/step-up';
import { updateSecrets, useSecrets } from '@/state/runs';
import { JsonBlock } from '@/ui/token/json-block';
import { useDraftSource, useDraftValue, type DraftPatch, type FlowDraft } from './draft';
import { ParamField } from './param-field';

interface ModernOptionsProps {
  discovery: DiscoveryDocument | undefined;
  providerKind: ProviderKind;
  providerLabel: string;
  onChange: (patch: DraftPatch) => void;
}

const boxClass = 'space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-700';
const buttonClass =
  'rounded-md border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-50 dark:border-slate-600';

/**
 * PAR, JAR, JARM, rich authorization requests and step-up parameters, each offered only when the
 * provider's discovery advertises it, and said so (with what the provider offers instead) when not.
 */
/** The authorize parameters this panel edits; typing in other parameters does not render it. */
const PANEL_PARAMETERS = [
  'response_mode',
  'authorization_details',
  'acr_values',
  'max_age',
  'prompt',
  'claims',
];

function pickPanelParameters(draft: FlowDraft): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of PANEL_PARAMETERS) {
    const value = draft.authorizeParams[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

function sameParameters(a: Record<string, string>, b: Record<string, string>): boolean {
  return PANEL_PARAMETERS.every((name) => a[name] === b[name]);
}

export const ModernOptions = memo(function ModernOptions({
  discovery,
  providerKind,
  providerLabel,
  onChange,
}: ModernOptionsProps) {
  const params = useDraftValue(pickPanelParameters, sameParameters);
  const chosenModes = useDraftValue((draft) => draft.modes);
  if (!discovery) return null;
  const support = describeModernSupport(discovery, providerKind === 'entra' ? 'entra' : 'other');
  const byMode = (mode: ModeSupport['mode']) => support.find((item) => item.mode === mode);
  const setParam = (name: string, value: string) =>
    onChange((current) => {
      const next = { ...current.authorizeParams };
      if (value === '') Reflect.deleteProperty(next, name);
      else next[name] = value;
      return { authorizeParams: next };
    });
  const resolved = resolveRequestModes(chosenModes, discovery);
  const setMode = (patch: NonNullable<FlowDraft['modes']>) =>
    onChange((current) => ({ modes: { ...current.modes, ...patch } }));

  return (
    <fieldset className="space-y-4 rounded-lg border border-slate-200 p-4 dark:border-slate-700">
      <legend className="px-1 font-semibold">Modern request modes</legend>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        {summarizeModernSupport(support, providerLabel)} Read from the provider’s discovery document.
      </p>

      <Mode support={byMode('par')}>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={resolved?.par !== undefined}
            onChange={(event) => setMode({ par: event.target.checked })}
          />
          Push the request first (PAR): the redirect then carries only client_id and request_uri
        </label>
        {byMode('par')?.required && (
          <p className="text-sm">
            The provider requires it (require_pushed_authorization_requests is true), so it is pre-selected;
            untick it to see the refusal.
          </p>
        )}
      </Mode>

      <Mode support={byMode('jar')}>
        <RequestObjectOptions discovery={discovery} onChange={onChange} />
      </Mode>

      <Mode support={byMode('jarm')}>
        <JarmChoice discovery={discovery} value={params.response_mode ?? ''} onSet={setParam} />
      </Mode>

      <Mode support={byMode('rar')}>
        <AuthorizationDetailsEditor
          value={params.authorization_details ?? ''}
          types={stringList(discovery.authorization_details_types_supported)}
          onSet={(value) => setParam('authorization_details', value)}
        />
      </Mode>

      <Mode support={byMode('acr')}>
        <StepUpFields discovery={discovery} params={params} onSet={setParam} />
      </Mode>

      <Mode support={byMode('claims')}>
        <ClaimsEditor
          value={params.claims ?? ''}
          acrValues={stringList(discovery.acr_values_supported)}
          onSet={(value) => setParam('claims', value)}
        />
      </Mode>
    </fieldset>
  );
});

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** One mode: its title and RFC link, then its controls when advertised, else why not and what instead. */
function Mode({ support, children }: { support: ModeSupport | undefined; children: ReactNode }) {
  if (!support) return null;
  return (
    <section aria-label={support.title} className={boxClass}>
      <h3 className="text-sm font-semibold">
        {support.title}{' '}
        <a href={support.specUrl} target="_blank" rel="noreferrer noopener" className="font-normal underline">
          {support.spec}
        </a>
      </h3>
      {support.available ? (
        <>
          <p className="text-xs text-slate-600 dark:text-slate-400">Advertised: {support.evidence}.</p>
          {children}
        </>
      ) : (
        <p className="text-sm">
          Not offered: this provider does not advertise it ({support.evidence}).
          {support.instead && (
            <>
              {' '}
              {support.instead.text}{' '}
              <a href={support.instead.url} target="_blank" rel="noreferrer noopener" className="underline">
                What it offers instead
              </a>
            </>
          )}
        </p>
      )}
    </section>
  );
}

function JarmChoice({
  discovery,
  value,
  onSet,
}: {
  discovery: DiscoveryDocument;
  value: string;
  onSet: (name: string, value: string) => void;
}) {
  const id = useId();
  const modes = stringList(discovery.response_modes_supported).filter((mode) =>
    (JARM_RESPONSE_MODES as readonly string[]).includes(mode),
  );
  const [previous] = useState(isJarmResponseMode(value) ? 'query' : value || 'query');
  return (
    <div className="space-y-1 text-sm">
      <label htmlFor={id} className="font-medium">
        response_mode: JWT-secured authorization response
      </label>
      <select
        id={id}
        className="block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono dark:border-slate-600 dark:bg-slate-900"
        value={isJarmResponseMode(value) ? value : ''}
        onChange={(event) => onSet('response_mode', event.target.value || previous)}
      >
        <option value="">not signed ({isJarmResponseMode(value) ? previous : value || 'default'})</option>
        {modes.map((mode) => (
          <option key={mode} value={mode}>
            {mode}
          </option>
        ))}
      </select>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        The provider signs the whole response (code, state, iss) as one JWT in a &quot;response&quot;
        parameter; the app verifies it with the provider’s keys before reading anything inside.
      </p>
    </div>
  );
}

function AuthorizationDetailsEditor({
  value,
  types,
  onSet,
}: {
  value: string;
  types: string[];
  onSet: (value: string) => void;
}) {
  const check = value.trim() === '' ? undefined : checkAuthorizationDetails(value, types);
  return (
    <div className="space-y-2">
      <ParamField
        name="authorization_details"
        multiline
        value={value}
        onChange={onSet}
        warning={
          check && check.problems.length > 0
            ? check.problems.map((problem) => `${problem.severity}: ${problem.message}`).join(' · ')
            : undefined
        }
      />
      <div className="flex flex-wrap gap-2">
        {listAuthorizationDetailsExamples(types).map((example) => (
          <button
            key={example.type}
            type="button"
            className={buttonClass}
            onClick={() => onSet(JSON.stringify([example], null, 2))}
          >
            Example: {example.type}
          </button>
        ))}
      </div>
      {check?.problems.length === 0 && (
        <p className="text-sm text-emerald-800 dark:text-emerald-300">
          Valid: {check.details?.length ?? 0} detail(s), sent in the authorization request (or the PAR body);
          the granted details show after the token request.
        </p>
      )}
    </div>
  );
}

function StepUpFields({
  discovery,
  params,
  onSet,
}: {
  discovery: DiscoveryDocument;
  params: Record<string, string>;
  onSet: (name: string, value: string) => void;
}) {
  const acrValues = stringList(discovery.acr_values_supported);
  const prompts = (params.prompt ?? '').split(' ').filter(Boolean);
  const maxAge = params.max_age ?? '';
  return (
    <div className="space-y-2">
      <ParamField
        name="acr_values"
        value={params.acr_values ?? ''}
        onChange={(v) => onSet('acr_values', v)}
      />
      <div className="flex flex-wrap gap-2">
        {acrValues.map((acr) => (
          <button
            key={acr}
            type="button"
            aria-pressed={params.acr_values === acr}
            className={`${buttonClass} max-w-full font-mono text-xs [overflow-wrap:anywhere] aria-pressed:border-indigo-600 aria-pressed:bg-indigo-600 aria-pressed:text-white`}
            onClick={() => onSet('acr_values', params.acr_values === acr ? '' : acr)}
          >
            {acr}
          </button>
        ))}
      </div>
      <ParamField
        name="max_age"
        value={maxAge}
        onChange={(v) => onSet('max_age', v)}
        warning={
          maxAge !== '' && !/^\d+$/.test(maxAge) ? 'max_age must be a whole number of seconds.' : undefined
        }
      />
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={prompts.includes('login')}
          onChange={(event) =>
            onSet(
              'prompt',
              event.target.checked
                ? [...prompts.filter((item) => item !== 'login'), 'login'].join(' ')
                : prompts.filter((item) => item !== 'login').join(' '),
            )
          }
        />
        prompt=login: ask the provider for a fresh sign-in
      </label>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        After the ID token arrives, its acr, amr and auth_time are compared with what was asked (OIDC Core
        §3.1.2.1; an API asks for more with an RFC 9470 challenge).
      </p>
    </div>
  );
}

function ClaimsEditor({
  value,
  acrValues,
  onSet,
}: {
  value: string;
  acrValues: string[];
  onSet: (value: string) => void;
}) {
  let problem: string | undefined;
  if (value.trim() !== '') {
    try {
      parseClaimsParameter(value);
    } catch (error) {
      problem = isPlaygroundError(error) ? error.message : String(error);
    }
  }
  const strongest = acrValues.at(-1);
  return (
    <div className="space-y-2">
      <ParamField name="claims" multiline value={value} onChange={onSet} warning={problem} />
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={buttonClass}
          onClick={() =>
            onSet(
              JSON.stringify(
                {
                  id_token: {
                    ...(strongest ? { acr: { essential: true, values: [strongest] } } : {}),
                    auth_time: { essential: true },
                  },
                },
                null,
                2,
              ),
            )
          }
        >
          Example: an essential acr in the ID token
        </button>
      </div>
    </div>
  );
}

interface RequestObjectOptionsProps {
  discovery: DiscoveryDocument;
  onChange: (patch: DraftPatch) => void;
}

function RequestObjectOptions({ discovery, onChange }: RequestObjectOptionsProps) {
  const source = useDraftSource();
  const secrets = useSecrets();
  const chosenModes = useDraftValue((current) => current.modes);
  const authMethod = useDraftValue((current) => current.authMethod);
  const algs = listRequestObjectAlgs(discovery);
  const resolved = resolveRequestModes(chosenModes, discovery);
  const [preview, setPreview] = useState<SignedRequestObject>();
  const [status, setStatus] = useState<string>();
  const [publicJwk, setPublicJwk] = useState<JWK>();
  const algId = useId();
  const alg: RequestObjectAlg = resolved?.jar?.alg ?? chosenModes?.jarAlg ?? algs[0] ?? 'PS256';
  const usesClientKey = authMethod === 'private_key_jwt' && !secrets.requestObjectKey?.trim();

  const generate = async () => {
    setStatus('Generating a key pair in this browser…');
    try {
      const chosen = alg;
      const pair = await generateKeyPair(chosen, { extractable: true });
      const privateJwk = await exportJWK(pair.privateKey);
      const publicKey = await exportJWK(pair.publicKey);
      const kid = await calculateJwkThumbprint(publicKey);
      updateSecrets({ requestObjectKey: JSON.stringify(privateJwk), requestObjectKeyId: kid });
      setPublicJwk({ ...publicKey, kid, alg: chosen, use: 'sig' });
      setStatus(
        `Generated a ${chosen} key (kid ${kid}), kept in this tab’s memory only. The provider refuses request objects it cannot check: register the public key below with the client first.`,
      );
    } catch (error) {
      setStatus(`Could not generate a key: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const sign = async () => {
    setStatus(undefined);
    try {
      const pasted = secrets.requestObjectKey?.trim() ?? '';
      const keyText = pasted !== '' ? pasted : usesClientKey ? secrets.privateKey : undefined;
      if (!keyText)
        throw new Error('Paste or generate a key first (with private_key_jwt the client’s key is used).');
      const key = parseKey(keyText);
      const kid = secrets.requestObjectKey?.trim() ? secrets.requestObjectKeyId : secrets.keyId;
      // The request as it is when signed.
      const draft = source.read();
      const params = Object.fromEntries(
        [...Object.entries(draft.authorizeParams), ...draft.extraParams].filter(([, v]) => v !== ''),
      );
      const claims = buildRequestObjectClaims({
        clientId: draft.clientId,
        issuer: discovery.issuer,
        params,
        ...(resolved?.jar?.lifetimeSeconds ? { lifetimeSeconds: resolved.jar.lifetimeSeconds } : {}),
      });
      const signingAlg = typeof key === 'object' && key.kty === 'EC' ? 'ES256' : alg;
      setPreview(await signRequestObject(claims, key, { alg: signingAlg, ...(kid ? { kid } : {}) }));
    } catch (error) {
      setPreview(undefined);
      setStatus(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <div className="space-y-2">
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={resolved?.jar !== undefined}
          onChange={(event) =>
            onChange((current) => ({ modes: { ...current.modes, jar: event.target.checked } }))
          }
        />
        Send the parameters as a signed request object (
        {resolved?.par ? 'inside the PAR body' : 'request by value on the redirect'})
      </label>
      {discovery.require_signed_request_object === true && (
        <p className="text-sm">
          The provider requires signed request objects (require_signed_request_object).
        </p>
      )}
      <label htmlFor={algId} className="block text-sm font-medium">
        alg (request_object_signing_alg_values_supported)
      </label>
      <select
        id={algId}
        className="block rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
        value={alg}
        onChange={(event) =>
          onChange((current) => ({
            modes: { ...current.modes, jarAlg: event.target.value as RequestObjectAlg },
          }))
        }
      >
        {algs.map((item) => (
          <option key={item}>{item}</option>
        ))}
      </select>
      <ParamField
        name="request object lifetime (seconds)"
        value={chosenModes?.jarLifetime === undefined ? '' : String(chosenModes.jarLifetime)}
        onChange={(text) =>
          onChange((current) => {
            const rest = { ...current.modes };
            delete rest.jarLifetime;
            return { modes: /^[1-9]\d{0,5}$/.test(text) ? { ...rest, jarLifetime: Number(text) } : rest };
          })
        }
        description="exp − iat of the request object; 300 when left empty. With PAR the provider keeps the pushed request no longer than this (oidc-provider: at most 60 s)."
      />
      {usesClientKey && (
        <p className="text-sm">
          Signed with the client’s private_key_jwt key (above) unless you paste another one here.
        </p>
      )}
      <ParamField
        name="request object key"
        multiline
        value={secrets.requestObjectKey ?? ''}
        onChange={(requestObjectKey) => updateSecrets({ requestObjectKey })}
        description="Private key that signs the request object: PKCS#8 PEM or a private JWK. Memory only, never saved or exported."
      />
      <ParamField
        name="request object kid"
        value={secrets.requestObjectKeyId ?? ''}
        onChange={(requestObjectKeyId) => updateSecrets({ requestObjectKeyId })}
        description="Key id put in the request object header (optional)."
      />
      <div className="flex flex-wrap gap-2">
        <button type="button" className={buttonClass} onClick={() => void generate()}>
          Generate a request object key
        </button>
        <button type="button" className={buttonClass} onClick={() => void sign()}>
          Preview the signed request object
        </button>
      </div>
      {status && (
        <p role="status" className="text-sm">
          {status}
        </p>
      )}
      {publicJwk && <JsonBlock title="Public key to register (JWK)" value={publicJwk} />}
      {preview && (
        <div className="flex flex-col gap-2 md:flex-row">
          <JsonBlock title="Request object header" value={preview.header} />
          <JsonBlock title="Request object payload" value={preview.payload} />
        </div>
      )}
    </div>
  );
}
