import type { TokenSummary } from '@/tokens/summary';
import { usePresenter } from '@/ui/presenter/use-presenter';

const TONES = {
  good: 'text-emerald-800 dark:text-emerald-300',
  bad: 'text-red-800 dark:text-red-300',
  neutral: 'text-slate-800 dark:text-slate-200',
} as const;

const TIME_TONES = {
  valid: 'text-emerald-800 dark:text-emerald-300',
  expired: 'text-red-800 dark:text-red-300',
  'not-yet-valid': 'text-amber-800 dark:text-amber-300',
  'no-expiry': '',
} as const;

/** The first thing the inspector shows: what the token is, for whom, from whom, until when, what it grants. */
export function TokenSummaryCard({
  summary,
  verification,
}: {
  summary: TokenSummary;
  verification: { text: string; tone: 'good' | 'bad' | 'neutral' };
}) {
  const presenter = usePresenter();
  const rows: [string, string | undefined, string][] = [
    ['What it is', summary.kind, ''],
    ['For (aud)', summary.audience, ''],
    ['Issued to (client)', summary.client, ''],
    ['About', summary.subject, ''],
    ['From (iss)', summary.issuer, ''],
    [
      'Valid until (exp)',
      summary.validUntil?.text,
      summary.validUntil ? TIME_TONES[summary.validUntil.status] : '',
    ],
    [
      'Grants',
      summary.grants.length > 0
        ? summary.grants.join(' · ')
        : summary.audience === undefined
          ? undefined
          : 'no scopes, roles or groups in the token',
      '',
    ],
  ];
  return (
    <section
      aria-label="Summary"
      className="rounded-lg border border-indigo-200 bg-indigo-50 p-3 dark:border-indigo-800 dark:bg-indigo-950"
    >
      <h3 className="text-base font-semibold">At a glance</h3>
      <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_minmax(0,1fr)]">
        {rows
          .filter((row): row is [string, string, string] => row[1] !== undefined)
          .map(([label, value, tone]) => (
            <div key={label} className="contents">
              <dt className="font-medium text-slate-700 dark:text-slate-300">{label}</dt>
              <dd className={`min-w-0 break-words ${tone}`}>{presenter.text(value)}</dd>
            </div>
          ))}
        <div className="contents">
          <dt className="font-medium text-slate-700 dark:text-slate-300">Verification</dt>
          <dd
            aria-live="polite"
            data-testid="verification-line"
            className={`min-w-0 font-medium break-words ${TONES[verification.tone]}`}
          >
            {presenter.text(verification.text)}
          </dd>
        </div>
      </dl>
    </section>
  );
}
