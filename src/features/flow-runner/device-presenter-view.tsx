import type { FlowDefinition, FlowRun } from '@/protocol/flows/types';
import { SequenceDiagram, type SequenceMessage } from '@/ui/sequence-diagram';
import { formatSeconds, useNow } from './interactions/device-time';
import { QrImage } from './interactions/qr-image';

/**
 * Presenter mode for the device flow: what the room needs to sign in (the user code, a QR code of
 * the link, the time left) large, beside the diagram, on one screen.
 */
export function DevicePresenterView({
  run,
  flow,
  messages,
  selectedKey,
  onSelect,
}: {
  run: FlowRun;
  flow: FlowDefinition;
  messages: readonly SequenceMessage[];
  selectedKey: string | undefined;
  onSelect: (key: string) => void;
}) {
  const now = useNow();
  const userCode = run.values.user_code ?? '';
  const link = run.values.verification_uri_complete ?? run.values.verification_uri ?? '';
  const expiresAt = Date.parse(run.values.device_expires_at ?? '');
  const left = Number.isNaN(expiresAt) ? undefined : expiresAt - now;
  const polling = run.polling;
  return (
    <section
      aria-labelledby="diagram-heading"
      data-scroll-target=""
      data-device-presenter=""
      className="grid scroll-mt-2 gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] lg:items-start"
    >
      <h2 id="diagram-heading" className="sr-only">
        Sequence
      </h2>
      <div className="order-2 min-w-0 lg:order-1">
        <SequenceDiagram
          participants={flow.participants}
          messages={messages}
          size="large"
          {...(selectedKey ? { selectedId: selectedKey } : {})}
          onSelect={(id) => onSelect(id.replace(/:response$/, ''))}
          title={`${flow.title}: sequence diagram`}
        />
      </div>
      <div
        role="group"
        aria-label="Sign in on another device"
        className="order-1 min-w-0 space-y-3 rounded-lg border-2 border-indigo-400 p-4 lg:order-2 dark:border-indigo-600"
      >
        <p className="text-xl font-medium">
          Open <span className="font-mono break-all">{run.values.verification_uri ?? link}</span> and enter:
        </p>
        {/* Beside the diagram the code is sized by the screen (presenter mode enlarges rem), so it stays one line. */}
        <p
          data-testid="presenter-user-code"
          className="font-mono text-5xl font-bold tracking-wider break-all select-all lg:text-[5vw] lg:whitespace-nowrap"
        >
          {userCode}
        </p>
        <div className="flex flex-wrap items-center gap-4">
          {link && <QrImage value={link} size={220} />}
          <p data-testid="presenter-countdown" role="timer" aria-label="Code expires in" className="text-3xl">
            <span className="block text-base font-medium">Code expires in</span>
            <span className="font-mono font-semibold">
              {left === undefined ? 'unknown' : formatSeconds(left)}
            </span>
          </p>
        </div>
        <p className="text-lg">
          {polling?.running
            ? `Polling every ${polling.intervalSeconds} s (${polling.polls} so far${polling.lastResult ? `, last: ${polling.lastResult}` : ''}).`
            : run.values.access_token
              ? 'Signed in: the tokens came back.'
              : 'Not polling.'}
        </p>
      </div>
    </section>
  );
}
