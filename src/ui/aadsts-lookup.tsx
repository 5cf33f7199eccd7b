import { useId, useState } from 'react';
import { lookupErrorCode } from '@/protocol/error-catalog';

/**
 * A lookup for an AADSTS code read off Entra's own error page: AADSTS700016 (unknown client) and
 * AADSTS50011 (redirect URI) are shown there and never sent back to the app, so the playground
 * cannot read them itself. Answers with the code's meaning and likely fix.
 * @see https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */
export function AadstsLookup({ hint }: { hint: string }) {
  const id = useId();
  const [code, setCode] = useState('');
  const trimmed = code.trim();
  const number = /AADSTS(\d{5,8})/i.exec(trimmed)?.[1] ?? (/^\d{5,8}$/.test(trimmed) ? trimmed : undefined);
  const found = number === undefined ? undefined : lookupErrorCode(number);
  return (
    <div className="space-y-1">
      <label className="block max-w-xl">
        <span className="font-medium">Look up an AADSTS code</span>{' '}
        <span className="text-sm text-slate-600 dark:text-slate-400">{hint}</span>
        <input
          value={code}
          onChange={(event) => setCode(event.target.value)}
          spellCheck={false}
          aria-describedby={`${id}-answer`}
          className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
        />
      </label>
      <div id={`${id}-answer`} role="status" className="text-sm">
        {trimmed === '' ? null : found ? (
          <>
            <p>
              <span className="font-mono font-semibold">{found.code}</span>: {found.meaning}
            </p>
            <p>
              <span className="font-semibold">Likely fix: </span>
              {found.fix}
            </p>
          </>
        ) : number === undefined ? (
          <p>Enter the number after “AADSTS” (five to eight digits).</p>
        ) : (
          <p>
            AADSTS{number} is not in the playground&apos;s catalogue: look it up in Microsoft&apos;s
            error-code reference.
          </p>
        )}
      </div>
    </div>
  );
}
