import { useId } from 'react';
import { lookupParameter } from './param-info';

const inputClass =
  'block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-600 dark:bg-slate-900 aria-invalid:border-red-600';

export interface ParamFieldProps {
  name: string;
  value: string;
  onChange: (value: string) => void;
  /** Overrides the catalogue's one-line description. */
  description?: string;
  warning?: string | undefined;
  /** A required value is missing: shown at the field, which then reads as invalid. */
  error?: string | undefined;
  secret?: boolean;
  multiline?: boolean;
  onRemove?: () => void;
  children?: React.ReactNode;
}

/** One wire parameter: labelled with its wire name plus a human description, with its spec in place. */
export function ParamField({
  name,
  value,
  onChange,
  description,
  warning,
  error,
  secret,
  multiline,
  onRemove,
  children,
}: ParamFieldProps) {
  const id = useId();
  const info = lookupParameter(name);
  const text = description ?? info?.description ?? 'A custom parameter, sent as entered.';
  const options = info?.allowedValues;
  const invalid = error || warning ? true : undefined;
  const errorId = `${id}-error`;
  const fieldProps = {
    id,
    value,
    spellCheck: false,
    'aria-invalid': invalid,
    'aria-describedby': error ? errorId : undefined,
    // The form moves focus to the first field carrying this mark when a required value is missing.
    'data-missing-field': error ? name : undefined,
  } as const;
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-baseline gap-x-2">
        <label htmlFor={id} className="font-mono text-sm font-semibold">
          {name}
          <span className="sr-only"> — {text}</span>
        </label>
        <span id={`${id}-description`} className="text-xs text-slate-600 dark:text-slate-400">
          {/* The label already reads the text; the spec link stays reachable by keyboard and reader. */}
          <span aria-hidden="true">{text}</span>
          {info?.specUrl && (
            <>
              {' '}
              <a href={info.specUrl} target="_blank" rel="noreferrer noopener" className="underline">
                {info.spec}
              </a>
            </>
          )}
        </span>
        {onRemove && (
          <button
            type="button"
            onClick={onRemove}
            className="ml-auto text-xs text-red-700 underline dark:text-red-300"
            aria-label={`Remove ${name}`}
          >
            Remove
          </button>
        )}
      </div>
      <div className="flex gap-2">
        {multiline ? (
          <textarea
            {...fieldProps}
            className={`${inputClass} min-h-20`}
            onChange={(event) => onChange(event.target.value)}
          />
        ) : (
          <input
            {...fieldProps}
            className={inputClass}
            type={secret ? 'password' : 'text'}
            onChange={(event) => onChange(event.target.value)}
            autoComplete="off"
            list={options ? `${id}-options` : undefined}
          />
        )}
        {children}
      </div>
      {options && (
        <datalist id={`${id}-options`}>
          {options.map((option) => (
            <option key={option} value={option} />
          ))}
        </datalist>
      )}
      {error && (
        <p id={errorId} className="text-sm font-medium text-red-800 dark:text-red-300">
          {error}
        </p>
      )}
      {warning && <p className="text-sm text-amber-800 dark:text-amber-300">{warning}</p>}
    </div>
  );
}
