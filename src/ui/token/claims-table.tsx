import { createContext, memo, startTransition, use, useEffect, useId, useMemo, useState } from 'react';
import { describeClaim, describeHeaderParameter, groupClaim, type ClaimGroup } from '@/tokens/claims-catalog';
import { describeTime } from '@/tokens/time';
import type { JsonObject } from '@/tokens/decode';
import { usePresenter } from '@/ui/presenter/use-presenter';
import { CopyButton } from './copy-button';

export interface ClaimsTableProps {
  claims: JsonObject;
  /** Payload claims or JOSE header parameters. */
  kind: 'payload' | 'header';
  nowSeconds: number;
}

function showValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 1);
}

const GROUP_TITLES: Record<Exclude<ClaimGroup, 'entra-internal'>, string> = {
  identity: 'Identity: who the token is about',
  authorization: 'Authorization: who it is for and what it allows',
  token: 'The token itself: issuer, times, binding',
  other: 'Other claims',
};

const SHOWN_GROUPS = ['identity', 'authorization', 'token', 'other'] as const;

// On phones the table becomes a list of stacked cards: one card per claim, label above value.
// A fixed layout takes the column widths from the header row instead of measuring every cell of a
// token with hundreds of claims; long names and values wrap inside their column.
const TABLE = 'w-full table-fixed border-collapse text-left text-sm max-sm:block';
const ROW =
  'border-b border-slate-200 align-top dark:border-slate-800 max-sm:mb-2 max-sm:block max-sm:rounded max-sm:border max-sm:p-2';
const CELL = 'p-1 max-sm:block max-sm:p-0';

/**
 * The clock for the time lines, passed by context so that a tick re-renders the few time claims
 * and not every row.
 */
const NowContext = createContext(0);

function ClaimTime({ seconds }: { seconds: number }) {
  const time = describeTime(seconds, use(NowContext));
  return (
    <p className="text-xs text-slate-600 dark:text-slate-400">
      {time.local} · {time.utc} · {time.relative}
    </p>
  );
}

/** One claim; memoised, so a clock tick or another token with this claim unchanged leaves it alone. */
const ClaimRow = memo(function ClaimRow({
  name,
  value,
  kind,
}: {
  name: string;
  value: unknown;
  kind: 'payload' | 'header';
}) {
  const meaningId = useId();
  const [open, setOpen] = useState(false);
  const presenter = usePresenter();
  const info = (kind === 'payload' ? describeClaim : describeHeaderParameter)(name, value);
  const text = showValue(value);
  return (
    <tr className={ROW} data-claim-name={name}>
      <th scope="row" className={`${CELL} w-48 font-mono font-medium break-all`}>
        <button
          type="button"
          aria-expanded={open}
          aria-controls={open ? meaningId : undefined}
          title={`What ${name} means`}
          onClick={() => setOpen((value) => !value)}
          className="rounded text-left underline decoration-dotted underline-offset-4 hover:decoration-solid"
        >
          {name}
        </button>
        {!info.known && (
          <span className="ml-1 rounded bg-amber-100 px-1 text-xs font-normal text-amber-900 dark:bg-amber-900 dark:text-amber-100">
            unknown
          </span>
        )}
      </th>
      <td className={CELL}>
        {/* Rows out of view are laid out when they scroll near, not with the token. The contents are
            clipped to this box: its padding (with a margin that cancels it) keeps the Copy button's
            focus ring in view. */}
        <div className="-m-1.5 flex items-start gap-2 p-1.5 [contain-intrinsic-size:auto_1.5rem] [content-visibility:auto]">
          <span className="min-w-0 font-mono text-xs break-all whitespace-pre-wrap">
            {presenter.on ? showValue(presenter.claims({ [name]: value })[name]) : text}
          </span>
          <CopyButton text={text} label={`Copy ${name}`} />
        </div>
        {info.decoded !== undefined && (
          <p className="text-xs text-emerald-800 dark:text-emerald-300">{info.decoded}</p>
        )}
        {info.isTime && typeof value === 'number' && <ClaimTime seconds={value} />}
        {/* Made when asked for: a token with hundreds of claims does not build hundreds of them. */}
        {open && (
          <p
            id={meaningId}
            className="mt-1 rounded bg-slate-100 p-1 text-xs text-slate-800 dark:bg-slate-800 dark:text-slate-200"
          >
            {info.meaning}
            {info.source && <span className="ml-1 text-slate-600 dark:text-slate-400">({info.source})</span>}
          </p>
        )}
      </td>
    </tr>
  );
});

function Table({
  caption,
  entries,
  kind,
  nowSeconds,
  groups,
}: {
  caption: string;
  entries: [string, unknown][];
  kind: 'payload' | 'header';
  nowSeconds: number;
  groups?: readonly { title: string; entries: [string, unknown][] }[];
}) {
  return (
    <NowContext value={nowSeconds}>
      <table className={TABLE}>
        <caption className="py-1 text-left font-semibold max-sm:block">{caption}</caption>
        <thead className="max-sm:hidden">
          <tr className="border-b border-slate-300 dark:border-slate-600">
            <th scope="col" className="w-48 p-1">
              Name (select for its meaning)
            </th>
            <th scope="col" className="p-1">
              Value
            </th>
          </tr>
        </thead>
        {(groups ?? [{ title: '', entries }]).map((group) => (
          <tbody key={group.title} className="max-sm:block">
            {group.title !== '' && (
              <tr className="max-sm:block">
                <th
                  scope="rowgroup"
                  colSpan={2}
                  className="bg-slate-50 p-1 pt-3 text-left text-xs font-semibold tracking-wide text-slate-700 uppercase dark:bg-slate-900 dark:text-slate-300 max-sm:block"
                >
                  {group.title}
                </th>
              </tr>
            )}
            {group.entries.map(([name, value]) => (
              <ClaimRow key={name} name={name} value={value} kind={kind} />
            ))}
          </tbody>
        ))}
      </table>
    </NowContext>
  );
}

/**
 * Rows rendered together with a new token: more than a tall screen holds below the summary card.
 * A token with many claims (a 16 KB token has some 200) shows these at once and the rest one frame
 * later, so that pasting it answers within a frame instead of laying out every row first.
 */
export const FIRST_ROWS = 40;

/**
 * How many rows to render when a token arrives: the first FIRST_ROWS, then on as long as the rows
 * are ones the table already shows (another token of the same shape is updated in place, which is
 * cheap; only rows that would be made anew wait).
 */
function firstPassCount(names: readonly string[], shownBefore: ReadonlySet<string>): number {
  let count = Math.min(names.length, FIRST_ROWS);
  while (count < names.length && shownBefore.has(names[count] ?? '')) count += 1;
  return count;
}

/** A token's claims in the groups they are shown in (see groupClaims). */
type GroupedClaims = ReturnType<typeof groupClaims>;

interface RowsShown {
  grouped: GroupedClaims;
  /** How many rows are rendered. */
  count: number;
  /**
   * Changes when a token arrives that needs rows made anew beyond the first pass: the table is then
   * made afresh (keyed by it), so the old rows leave the page as one table, not one row at a time.
   */
  generation: number;
  /**
   * The table the new one replaces, kept hidden until the rest of the rows are rendered: taking it out
   * of the page costs as much as laying out the first rows, so it is done after that first frame.
   */
  retired?: { grouped: GroupedClaims; count: number; generation: number } | undefined;
}

/**
 * Which rows to render for these claims (`grouped.names` in the order they are shown): all of them,
 * except for the first frame after a token with more than FIRST_ROWS new rows arrives, when only the
 * first ones are (firstPassCount). The rest are rendered in a transition queued after that frame is
 * painted, which another token pasted meanwhile interrupts.
 */
function useRowsShown(grouped: GroupedClaims): RowsShown {
  const total = grouped.names.length;
  const [shown, setShown] = useState<RowsShown>(() => ({
    grouped,
    count: firstPassCount(grouped.names, new Set()),
    generation: 0,
  }));
  let current = shown;
  if (shown.grouped !== grouped) {
    const count = firstPassCount(grouped.names, new Set(shown.grouped.names.slice(0, shown.count)));
    const fresh = count < total;
    current = {
      grouped,
      count,
      generation: shown.generation + (fresh ? 1 : 0),
      // Only the table on screen is kept: one replaced before it was complete leaves at once.
      retired: fresh
        ? { grouped: shown.grouped, count: shown.count, generation: shown.generation }
        : undefined,
    };
    setShown(current);
  }
  const { count, generation } = current;
  useEffect(() => {
    if (count >= total) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A task queued from the frame's animation callback runs once that frame is painted.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setShown({ grouped, count: total, generation })));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [grouped, total, count, generation]);
  return current;
}

/** The first `count` entries of the groups, in the order they are shown. */
function firstOfGroups<Group extends { entries: [string, unknown][] }>(
  groups: Group[],
  count: number,
): Group[] {
  let left = count;
  const kept: Group[] = [];
  for (const group of groups) {
    if (left <= 0) break;
    kept.push(group.entries.length <= left ? group : { ...group, entries: group.entries.slice(0, left) });
    left -= group.entries.length;
  }
  return kept;
}

/** A token's claims in the groups they are shown in, and the names of the rows in that order. */
function groupClaims(claims: JsonObject, kind: 'payload' | 'header') {
  const entries = Object.entries(claims);
  const groups = SHOWN_GROUPS.map((group) => ({
    title: GROUP_TITLES[group],
    entries: entries.filter(([name]) => groupClaim(name) === group),
  })).filter((group) => group.entries.length > 0);
  return {
    entries,
    internal: entries.filter(([name]) => groupClaim(name) === 'entra-internal'),
    groups,
    names: (kind === 'header' ? entries : groups.flatMap((group) => group.entries)).map(([name]) => name),
  };
}

/**
 * The claims grouped (identity, authorization, the token itself, other; Entra ID's internal claims
 * folded), one row per claim with its value, decoded codes and times; its meaning one click away.
 * Header parameters are one plain group.
 */
export const ClaimsTable = memo(function ClaimsTable({ claims, kind, nowSeconds }: ClaimsTableProps) {
  // Grouped once per token, not on every clock tick.
  const grouped = useMemo(() => groupClaims(claims, kind), [claims, kind]);
  const { entries, internal, groups } = grouped;
  const { count: shownCount, generation, retired } = useRowsShown(grouped);
  const shownGroups = useMemo(() => firstOfGroups(groups, shownCount), [groups, shownCount]);
  const retiredGroups = useMemo(
    () => (retired ? firstOfGroups(retired.grouped.groups, retired.count) : undefined),
    [retired],
  );
  if (kind === 'header') {
    return (
      <Table
        key={generation}
        caption="Header parameters"
        entries={entries.slice(0, shownCount)}
        kind={kind}
        nowSeconds={nowSeconds}
      />
    );
  }
  return (
    <div className="space-y-2">
      {/* Keyed wrappers, so that the table on screen stays the same element when it is retired. */}
      <div key={generation}>
        <Table caption="Claims" entries={entries} kind={kind} nowSeconds={nowSeconds} groups={shownGroups} />
      </div>
      {retired && retiredGroups && (
        // Not drawn, not focusable and not read: it only waits to be taken out with the next render.
        <div key={retired.generation} className="[content-visibility:hidden]" aria-hidden="true" inert>
          <Table caption="Claims" entries={[]} kind={kind} nowSeconds={nowSeconds} groups={retiredGroups} />
        </div>
      )}
      {internal.length > 0 && (
        <details className="rounded border border-slate-200 p-2 dark:border-slate-700">
          <summary className="cursor-pointer text-sm font-semibold">
            Entra ID internal and environment claims ({internal.length}):{' '}
            {internal.map(([name]) => name).join(', ')}
          </summary>
          <Table caption="Entra ID internal claims" entries={internal} kind={kind} nowSeconds={nowSeconds} />
        </details>
      )}
    </div>
  );
});
