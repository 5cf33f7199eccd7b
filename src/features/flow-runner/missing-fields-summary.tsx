import type { MissingField } from '@/protocol/required-fields';

/** The form's summary of the same list, next to the start button. */
export function MissingFieldsSummary({ missing }: { missing: MissingField[] }) {
  if (missing.length === 0) return null;
  return (
    <div role="alert" className="text-sm text-red-800 dark:text-red-300">
      <p className="font-medium">
        {missing.length === 1
          ? 'One required value is missing (marked at its field):'
          : `${missing.length} required values are missing (marked at their fields):`}
      </p>
      <ul className="list-disc pl-5">
        {missing.map((item) => (
          <li key={item.field}>{item.message}</li>
        ))}
      </ul>
    </div>
  );
}
