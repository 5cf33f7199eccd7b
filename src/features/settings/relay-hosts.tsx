import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  allowRelayHost,
  allowRelayLoopbackOrigin,
  isLoopbackOrigin,
  readRelayAllowList,
} from '@/state/relay-allow-list';
import { useSettings } from '@/state/settings';
import { useStoredValuesApplied } from '@/state/store';

/** The hosts allowed for the relay from this browser, the relay's own allow-list, and a way to add one. */
export function RelayHosts() {
  const { companionOrigin, relayHosts, relayLoopbackOrigins } = useSettings();
  const queryClient = useQueryClient();
  const queryKey = ['relay-allow-list', companionOrigin];
  const applied = useStoredValuesApplied();
  const relay = useQuery({
    queryKey,
    queryFn: ({ signal }) => readRelayAllowList(companionOrigin, signal),
    retry: false,
    // The companion the user set, not the prerendered page's default (see useStoredValuesApplied).
    enabled: applied,
  });
  const [host, setHost] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  const [origin, setOrigin] = useState('');

  const add = (value: string) => {
    setBusy(true);
    setProblem(undefined);
    const loopback = isLoopbackOrigin(value);
    (loopback ? allowRelayLoopbackOrigin : allowRelayHost)(companionOrigin, value).then(
      () => {
        setBusy(false);
        if (loopback) setOrigin('');
        else setHost('');
        void queryClient.invalidateQueries({ queryKey });
      },
      (error: unknown) => {
        setBusy(false);
        setProblem(error instanceof Error ? error.message : String(error));
      },
    );
  };

  return (
    <div className="space-y-3">
      <h3 className="font-medium">Relay allow-list</h3>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        The relay forwards only to the hosts on its allow-list (https) and to the local IdP and APIs. Adding a
        host asks the companion to forward to it until the companion restarts; this browser keeps the hosts
        you added so you can add them again after a restart.
      </p>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          const value = host.trim();
          if (value === '') {
            setProblem('Enter a host name such as login.example.com (no https://, no path).');
            return;
          }
          add(value);
        }}
      >
        <label className="block max-w-full min-w-0 text-sm">
          <span className="font-medium">Host to allow</span>
          <input
            value={host}
            onChange={(event) => setHost(event.target.value)}
            placeholder="login.example.com"
            spellCheck={false}
            className="mt-1 block w-72 max-w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
          />
        </label>
        <button
          type="submit"
          disabled={busy}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-60 dark:border-slate-600"
        >
          Allow for the relay
        </button>
      </form>
      {problem && (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          {problem}
        </p>
      )}

      <div>
        <h4 className="text-sm font-medium">Hosts you allowed from this browser</h4>
        {relayHosts.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">None yet.</p>
        ) : (
          <ul aria-label="Hosts you allowed" className="space-y-1 text-sm">
            {relayHosts.map((name) => (
              <li key={name} className="flex flex-wrap items-center gap-2">
                <span className="font-mono">{name}</span>
                {relay.data && !relay.data.hosts.includes(name) && (
                  <>
                    <span className="text-amber-800 dark:text-amber-300">
                      not on the relay&apos;s list (the companion restarted)
                    </span>
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => add(name)}
                      className="rounded-md border border-slate-300 px-2 py-0.5 text-xs dark:border-slate-600"
                    >
                      Allow {name} again
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>

      <div className="space-y-2">
        <h4 className="text-sm font-medium">Your own server on this machine</h4>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          The relay refuses servers on this machine except the local demo IdP and APIs. If you develop against
          your own identity provider on loopback (for example Keycloak on{' '}
          <span className="font-mono">http://localhost:8080</span>), allow its exact origin: scheme, host and
          port.
        </p>
        <p role="note" className="text-sm text-amber-900 dark:text-amber-200">
          Warning: allow only a server you run yourself. The relay will forward this app&apos;s requests to it
          (over http if the origin says so); it still accepts them only from this app, never follows a
          redirect, and keeps its size and time limits.
        </p>
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            const value = origin.trim();
            if (!isLoopbackOrigin(value)) {
              setProblem(
                `Enter a loopback origin such as http://localhost:8080 (localhost, 127.0.0.1 or [::1], with the port); got "${value}".`,
              );
              return;
            }
            add(value);
          }}
        >
          <label className="block max-w-full min-w-0 text-sm">
            <span className="font-medium">Loopback origin to allow</span>
            <input
              value={origin}
              onChange={(event) => setOrigin(event.target.value)}
              placeholder="http://localhost:8080"
              spellCheck={false}
              className="mt-1 block w-72 max-w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
            />
          </label>
          <button
            type="submit"
            disabled={busy}
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-60 dark:border-slate-600"
          >
            Allow this origin for the relay
          </button>
        </form>
        {relayLoopbackOrigins.length > 0 && (
          <ul aria-label="Loopback origins you allowed" className="space-y-1 text-sm">
            {relayLoopbackOrigins.map((name) => (
              <li key={name} className="flex flex-wrap items-center gap-2">
                <span className="font-mono">{name}</span>
                {relay.data && !relay.data.loopbackOrigins.includes(name) && (
                  <>
                    <span className="text-amber-800 dark:text-amber-300">
                      not on the relay&apos;s list (the companion restarted)
                    </span>
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => add(name)}
                      className="rounded-md border border-slate-300 px-2 py-0.5 text-xs dark:border-slate-600"
                    >
                      Allow {name} again
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>

      <div>
        <div className="flex items-center gap-2">
          <h4 className="text-sm font-medium">The relay forwards to</h4>
          <button
            type="button"
            onClick={() => void relay.refetch()}
            className="rounded-md border border-slate-300 px-2 py-0.5 text-xs dark:border-slate-600"
          >
            Read again
          </button>
        </div>
        {relay.isPending && <p className="text-sm">Reading the relay&apos;s allow-list…</p>}
        {relay.isError && (
          <p role="alert" className="text-sm text-red-800 dark:text-red-300">
            {relay.error.message}
          </p>
        )}
        {relay.data && (
          <>
            <ul aria-label="Hosts the relay forwards to" className="font-mono text-sm">
              {relay.data.hosts.map((name) => (
                <li key={name}>{name}</li>
              ))}
            </ul>
            <p className="text-xs text-slate-600 dark:text-slate-400">
              Local origins relayed over http: {relay.data.localOrigins.join(', ') || '(none)'}
              {relay.data.loopbackOrigins.length > 0 &&
                `; your own servers: ${relay.data.loopbackOrigins.join(', ')}`}
            </p>
          </>
        )}
      </div>
    </div>
  );
}
