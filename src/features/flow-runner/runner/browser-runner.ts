import { dpopKeyStore } from '@/state/dpop-key';
import { runStore, secretsStore } from '@/state/runs';
import { recordExchange } from '@/transport/exchange-log';
import { sendRequest } from '@/transport/send';
import { checkRunIdToken } from '../id-token-check';
import { verifyRunJarmResponse } from '../jarm-check';
import { createBrowserPort } from './browser-port';
import { createFlowRunner, type FlowRunner } from './effect-runner';

/** The runner of the app: the session's run store, the real network, clock and window. */
export function createBrowserFlowRunner(): FlowRunner {
  return createFlowRunner({
    store: runStore,
    secrets: () => {
      const dpopKey = dpopKeyStore.get();
      return dpopKey ? { ...secretsStore.get(), dpopKey } : secretsStore.get();
    },
    send: (request, options) => sendRequest(request, options),
    record: recordExchange,
    clock: {
      now: () => Date.now(),
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
    browser: createBrowserPort(window),
    checkIdToken: async (run) => (await checkRunIdToken(run)).outcome,
    verifyJarm: verifyRunJarmResponse,
  });
}
