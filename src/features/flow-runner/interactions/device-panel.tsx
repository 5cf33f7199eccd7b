import { useState } from 'react';
import { formatSeconds, useNow } from './device-time';
import { QrImage } from './qr-image';
import { LOCAL_USERS } from '@/state/presets';
import { copyText, describeCopyFailure } from '@/ui/clipboard';
import { useFlowRunner } from '../runner/runner-context';
import type { InteractionProps } from './types';

/**
 * What the user needs on the other device (the code, the link, a QR code) and the polling loop's
 * state: countdowns to expiry and to the next poll, and a Cancel button.
 */
export function DevicePanel({ run, step }: InteractionProps) {
  const runner = useFlowRunner();
  const now = useNow();
  const [copied, setCopied] = useState<string>();
  const userCode = run.values.user_code ?? '';
  const uri = run.values.verification_uri ?? '';
  const complete = run.values.verification_uri_complete;
  const expiresAt = Date.parse(run.values.device_expires_at ?? '');
  const current = step.record.status === 'current';
  // The engine starts the polling loop as soon as this step is current; here it only shows.
  const mine = run.polling?.userStepKey === step.key ? run.polling : undefined;

  const copy = (text: string) => {
    void copyText(text).then((result) =>
      setCopied(
        result.ok ? 'Copied.' : `${describeCopyFailure(result)} Select the code and copy it by hand.`,
      ),
    );
  };

  return (
    <section
      aria-label="Device code"
      className="space-y-4 rounded-lg border border-indigo-300 p-4 dark:border-indigo-700"
    >
      <div className="space-y-1">
        <p className="text-sm font-medium">On another device, open the link and enter this code:</p>
        <div className="flex flex-wrap items-center gap-3">
          <output
            aria-label="user_code"
            className="rounded-md bg-slate-100 px-4 py-2 font-mono text-4xl font-bold tracking-widest select-all dark:bg-slate-800"
          >
            {userCode}
          </output>
          <button
            type="button"
            onClick={() => copy(userCode)}
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-600"
          >
            Copy the code
          </button>
          {copied && (
            <span role="status" className="text-sm">
              {copied}
            </span>
          )}
        </div>
      </div>
      <div className="flex flex-wrap items-start gap-6">
        <div className="space-y-2 text-sm">
          <p>
            <span className="font-mono font-semibold">verification_uri</span>:{' '}
            <a href={uri} target="_blank" rel="noreferrer noopener" className="font-mono break-all underline">
              {uri}
            </a>
          </p>
          {complete && (
            <p>
              <span className="font-mono font-semibold">verification_uri_complete</span> (code included):{' '}
              <a
                href={complete}
                target="_blank"
                rel="noreferrer noopener"
                className="font-mono break-all underline"
              >
                {complete}
              </a>
            </p>
          )}
          {run.values.device_message && (
            <p>
              <span className="font-mono font-semibold">message</span>: {run.values.device_message}
            </p>
          )}
          {run.provider.kind === 'local' && (
            <p className="text-slate-700 dark:text-slate-300">
              Local IdP: open the link in another tab and sign in as{' '}
              {LOCAL_USERS.map((user) => `${user.username} / ${user.password}`).join(' or ')}.
            </p>
          )}
        </div>
        {(complete ?? uri) && <QrImage value={complete ?? uri} />}
      </div>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">Code expires in</dt>
        <dd role="timer" aria-label="Code expires in">
          {Number.isNaN(expiresAt) ? 'unknown' : formatSeconds(expiresAt - now)}
        </dd>
        <dt className="font-medium">Next poll in</dt>
        <dd role="timer" aria-label="Next poll in">
          {mine?.running && mine.nextPollAt !== undefined ? formatSeconds(mine.nextPollAt - now) : '—'}
        </dd>
        <dt className="font-medium">Interval</dt>
        <dd>{mine?.intervalSeconds ?? run.values.interval ?? 5} s</dd>
        <dt className="font-medium">Polls so far</dt>
        <dd>
          {mine?.polls ?? 0}
          {mine?.lastResult ? ` (last answer: ${mine.lastResult})` : ''}
        </dd>
      </dl>
      {current && (
        <div className="flex flex-wrap items-center gap-3">
          <p role="status" className="text-sm">
            {mine?.running ? 'Polling the token endpoint…' : 'Starting to poll…'}
          </p>
          <button
            type="button"
            onClick={() => runner.cancel()}
            className="rounded-md border border-red-700 px-3 py-1.5 text-sm text-red-800 dark:text-red-300"
          >
            Cancel polling
          </button>
        </div>
      )}
    </section>
  );
}
