import { useEffect, useState } from 'react';
import { isPlaygroundError } from '@/protocol/errors';
import type { HttpRequest, Via } from '@/protocol/http';
import { updateSecrets, useSecrets } from '@/state/runs';
import { usePresenter } from '@/ui/presenter/use-presenter';
import { AssertionPreview } from '../assertion-preview';
import { DpopProofView } from '../dpop-proof-view';
import { requestFormId, useNextActionHosted } from '../next-action';
import { lookupParameter } from '../param-info';
import { useFlowRunner } from '../runner/runner-context';
import type { InteractionProps } from './types';

const inputClass =
  'block w-full rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-sm dark:border-slate-600 dark:bg-slate-900';

/** Values this run produced itself, shown in the request unless masked. */
const RUN_VALUES: ReadonlySet<string> = new Set(['code', 'code_verifier']);

function isForm(request: HttpRequest): boolean {
  return (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}

/**
 * The request a step is about to send, shown before sending and editable (wrong values
 * included): the URL, the headers and each body parameter. Enter sends it.
 */
export function RequestEditor({ run, step, definition }: InteractionProps) {
  const runner = useFlowRunner();
  const secrets = useSecrets();
  const [request, setRequest] = useState<HttpRequest>();
  const [buildError, setBuildError] = useState<string>();
  const [sending, setSending] = useState(false);
  const [showSecrets, setShowSecrets] = useState(false);
  const [maskRunValues, setMaskRunValues] = useState(false);
  const hosted = useNextActionHosted();
  const presenter = usePresenter();
  const needsSecret =
    (run.authMethod === 'client_secret_basic' || run.authMethod === 'client_secret_post') &&
    !secrets.clientSecret;

  useEffect(() => {
    let active = true;
    runner.buildRequest(run, step).then(
      (built) => {
        if (!active) return;
        setRequest(built);
        setBuildError(undefined);
      },
      (error: unknown) => {
        if (!active) return;
        setRequest(undefined);
        setBuildError(isPlaygroundError(error) ? error.message : String(error));
      },
    );
    return () => {
      active = false;
    };
    // Rebuild when the step, the secrets or the run's values change, not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [
    step.key,
    run.values,
    secrets.clientSecret,
    secrets.privateKey,
    secrets.clientAssertion,
    secrets.password,
    secrets.keyId,
    secrets.certificate,
  ]);

  const bodyPairs =
    request?.body !== undefined && isForm(request)
      ? [...new URLSearchParams(request.body).entries()]
      : undefined;
  const setBodyPair = (index: number, value: string) => {
    if (!request || !bodyPairs) return;
    const next = bodyPairs.map((pair, i) => (i === index ? [pair[0], value] : pair));
    setRequest({ ...request, body: new URLSearchParams(next).toString() });
  };
  const via: Via = definition.relayable ? run.via : 'direct';
  // This run's own code and verifier are shown as they are (the learner came to see them), unless masked.
  const inputType = (name: string, secret: boolean): 'password' | 'text' => {
    if (RUN_VALUES.has(name)) return maskRunValues || presenter.on ? 'password' : 'text';
    return secret && !showSecrets && name !== 'refresh_token' ? 'password' : 'text';
  };

  const send = async () => {
    if (!request) return;
    setSending(true);
    try {
      await runner.sendStep(step.key, request);
    } finally {
      setSending(false);
    }
  };

  return (
    <form
      id={requestFormId(step.key)}
      aria-label={`Request: ${definition.title}`}
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      {needsSecret && (
        <label className="block text-sm">
          <span className="font-mono font-semibold">client_secret</span>{' '}
          <span className="text-slate-600 dark:text-slate-400">
            — secrets are kept in memory only, so after the redirect or a reload it is asked again
          </span>
          <input
            type="password"
            className={inputClass}
            autoComplete="off"
            onChange={(event) => updateSecrets({ clientSecret: event.target.value })}
          />
        </label>
      )}
      {buildError && (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          {buildError}
        </p>
      )}
      {request && (
        <>
          <div className="flex flex-wrap items-center gap-2">
            <span className="rounded bg-slate-200 px-2 py-0.5 font-mono text-sm font-semibold dark:bg-slate-800">
              {request.method}
            </span>
            <label className="min-w-0 flex-1">
              <span className="sr-only">Request URL</span>
              <input
                className={inputClass}
                value={request.url}
                onChange={(event) => setRequest({ ...request, url: event.target.value })}
                spellCheck={false}
              />
            </label>
          </div>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            {via === 'relay'
              ? 'Goes through the local relay (npm start), which forwards it without the browser’s Origin header: the provider refuses it from a web page.'
              : 'Sent directly from this browser.'}
          </p>
          {Object.keys(request.headers).length > 0 && (
            <table className="w-full text-sm">
              <caption className="text-left font-semibold">Headers</caption>
              <tbody>
                {Object.entries(request.headers).map(([name, value]) => (
                  <tr key={name}>
                    <th scope="row" className="w-48 pr-2 text-left align-top font-mono font-normal">
                      {name}
                    </th>
                    <td className="font-mono break-all">
                      {name === 'authorization' && !showSecrets
                        ? `${value.split(' ')[0] ?? ''} ••••••`
                        : value}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {bodyPairs && (
            <fieldset className="space-y-2">
              <legend className="font-semibold">Body (application/x-www-form-urlencoded)</legend>
              {bodyPairs.map(([name, value], index) => {
                const info = lookupParameter(name);
                return (
                  <label key={`${name}-${index}`} className="block text-sm">
                    <span className="font-mono font-semibold">{name}</span>{' '}
                    <span className="text-xs text-slate-600 dark:text-slate-400">
                      — {info?.description ?? 'custom parameter'}
                    </span>
                    <input
                      className={inputClass}
                      type={inputType(name, info?.secret === true)}
                      value={value}
                      onChange={(event) => setBodyPair(index, event.target.value)}
                      spellCheck={false}
                      autoComplete="off"
                    />
                  </label>
                );
              })}
            </fieldset>
          )}
          <AssertionPreview body={request.body} />
          <DpopProofView request={request} />
          <label className="inline-flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={showSecrets}
              onChange={(event) => setShowSecrets(event.target.checked)}
            />
            Show secrets in this request
          </label>
          {bodyPairs?.some(([name]) => RUN_VALUES.has(name)) && (
            <label className="ml-4 inline-flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={maskRunValues || presenter.on}
                disabled={presenter.on}
                onChange={(event) => setMaskRunValues(event.target.checked)}
              />
              Mask this run’s code and code_verifier{presenter.on ? ' (always in presenter mode)' : ''}
            </label>
          )}
        </>
      )}
      {/* Where the page has a next-action bar, its button sends this form (Enter in a field does too). */}
      {!hosted && (
        <div>
          <button
            type="submit"
            disabled={!request || sending}
            className="rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-700 disabled:opacity-50"
          >
            {sending ? 'Sending…' : 'Send request'}
          </button>
        </div>
      )}
    </form>
  );
}
