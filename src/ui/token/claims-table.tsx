import { describeClaim, describeHeaderParameter } from '@/tokens/claims-catalog';
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

/** One row per claim: name, value (with decoded codes and times), meaning and source; unknown claims marked. */
export function ClaimsTable({ claims, kind, nowSeconds }: ClaimsTableProps) {
  const describe = kind === 'payload' ? describeClaim : describeHeaderParameter;
  const caption = kind === 'payload' ? 'Claims' : 'Header parameters';
  const presenter = usePresenter();
  return (
    <table className="w-full border-collapse text-left text-sm">
      <caption className="py-1 text-left font-semibold">{caption}</caption>
      <thead>
        <tr className="border-b border-slate-300 dark:border-slate-600">
          <th scope="col" className="p-1">
            Name
          </th>
          <th scope="col" className="p-1">
            Value
          </th>
          <th scope="col" className="p-1">
            Meaning
          </th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(claims).map(([name, value]) => {
          const info = describe(name, value);
          const text = showValue(value);
          const time = info.isTime && typeof value === 'number' ? describeTime(value, nowSeconds) : undefined;
          return (
            <tr key={name} className="border-b border-slate-200 align-top dark:border-slate-800">
              <th scope="row" className="p-1 font-mono font-medium">
                {name}
                {!info.known && (
                  <span className="ml-1 rounded bg-amber-100 px-1 text-xs font-normal text-amber-900 dark:bg-amber-900 dark:text-amber-100">
                    unknown
                  </span>
                )}
              </th>
              <td className="p-1">
                <div className="flex items-start gap-2">
                  <span className="font-mono text-xs break-all whitespace-pre-wrap">
                    {presenter.on ? showValue(presenter.claims({ [name]: value })[name]) : text}
                  </span>
                  <CopyButton text={text} label={`Copy ${name}`} />
                </div>
                {info.decoded !== undefined && (
                  <p className="text-xs text-emerald-800 dark:text-emerald-300">{info.decoded}</p>
                )}
                {time && (
                  <p className="text-xs text-slate-600 dark:text-slate-400">
                    {time.local} · {time.utc} · {time.relative}
                  </p>
                )}
              </td>
              <td className="p-1 text-xs">
                {info.meaning}
                {info.source && (
                  <span className="ml-1 text-slate-500 dark:text-slate-400">({info.source})</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
