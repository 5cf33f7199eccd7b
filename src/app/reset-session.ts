import { clearDrafts } from '@/features/flow-runner/draft';
import { clearSecrets, setRun } from '@/state/runs';
import { clearExchanges } from '@/transport/exchange-log';

/** Clears everything of the session; saved setups and settings (local storage) stay. */
export function resetSession() {
  setRun(undefined);
  clearSecrets();
  clearDrafts();
  clearExchanges();
  try {
    sessionStorage.clear();
  } catch {
    // Storage disabled: the in-memory stores above are already empty.
  }
}
