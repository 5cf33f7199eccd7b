import { diffClaims } from '@/tokens/diff';
import type { ClaimChange } from '@/tokens/diff';
import type { JsonObject } from '@/tokens/decode';
import { usePresenter } from '@/ui/presenter/use-presenter';

export interface ClaimsDiffProps {
  before: JsonObject;
  after: JsonObject;
  /** Show unchanged claims too (default false). */
  showUnchanged?: boolean;
}

const CHANGE_STYLE: Record<ClaimChange, string> = {
  added: 'bg-emerald-50 dark:bg-emerald-950',
  removed: 'bg-red-50 dark:bg-red-950',
  changed: 'bg-amber-50 dark:bg-amber-950',
  unchanged: '',
};

function show(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Two tokens' claims side by side: added, removed, changed. */
export function ClaimsDiff({ before, after, showUnchanged = false }: ClaimsDiffProps) {
  const presenter = usePresenter();
  const shown = (name: string, value: unknown) => show(presenter.claims({ [name]: value })[name]);
  const rows = diffClaims(before, after).filter((row) => showUnchanged || row.change !== 'unchanged');
  const counts = (change: ClaimChange) => diffClaims(before, after).filter((r) => r.change === change).length;
  return (
    <table className="w-full border-collapse text-left text-sm">
      <caption className="py-1 text-left font-semibold">
        Claim differences: {counts('added')} added, {counts('removed')} removed, {counts('changed')} changed
      </caption>
      <thead>
        <tr className="border-b border-slate-300 dark:border-slate-600">
          <th scope="col" className="p-1">
            Claim
          </th>
          <th scope="col" className="p-1">
            Change
          </th>
          <th scope="col" className="p-1">
            First token
          </th>
          <th scope="col" className="p-1">
            Second token
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={row.name}
            className={`border-b border-slate-200 align-top dark:border-slate-800 ${CHANGE_STYLE[row.change]}`}
          >
            <th scope="row" className="p-1 font-mono">
              {row.name}
            </th>
            <td className="p-1">{row.change}</td>
            <td className="p-1 font-mono text-xs break-all">{shown(row.name, row.before)}</td>
            <td className="p-1 font-mono text-xs break-all">{shown(row.name, row.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
