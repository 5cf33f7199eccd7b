import { evaluateTokenTime } from '@/tokens/time';
import type { JsonObject } from '@/tokens/decode';

export interface TimeStatusProps {
  payload: JsonObject;
  nowSeconds: number;
  skewSeconds: number;
}

function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(rest)}` : `${m}:${pad(rest)}`;
}

const STYLES = {
  valid:
    'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-100',
  expired: 'border-red-300 bg-red-50 text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-100',
  'not-yet-valid':
    'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100',
  'no-expiry':
    'border-slate-300 bg-slate-50 text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100',
} as const;

const LABELS = {
  // Only the times: whether the token is genuine is the signature's verdict, shown with it.
  valid: 'Within its validity period',
  expired: 'Expired',
  'not-yet-valid': 'Not yet valid',
  'no-expiry': 'No expiry',
} as const;

/** The live validity state: valid with a countdown, expired, or not yet valid. */
export function TimeStatus({ payload, nowSeconds, skewSeconds }: TimeStatusProps) {
  const result = evaluateTokenTime(payload, nowSeconds, skewSeconds);
  return (
    <p role="status" className={`rounded border px-2 py-1 text-sm ${STYLES[result.status]}`}>
      <strong>{LABELS[result.status]}</strong>: this token {result.summary}
      {result.status === 'valid' && ' (times only: see the signature below)'}
      {result.secondsLeft !== undefined && result.status === 'valid' && (
        <span className="ml-2 font-mono" aria-label="Time left">
          ({formatCountdown(result.secondsLeft)} left)
        </span>
      )}
    </p>
  );
}
