import type { JwePart, JwsPart } from '@/tokens/decode';
import { MASK } from '@/ui/presenter/mask';
import { usePresenter } from '@/ui/presenter/use-presenter';

const PART_COLOURS: Record<JwsPart | JwePart, string> = {
  header: 'text-rose-700 dark:text-rose-400',
  payload: 'text-violet-700 dark:text-violet-400',
  signature: 'text-sky-700 dark:text-sky-400',
  'encrypted key': 'text-violet-700 dark:text-violet-400',
  'initialization vector': 'text-amber-700 dark:text-amber-400',
  ciphertext: 'text-sky-700 dark:text-sky-400',
  'authentication tag': 'text-emerald-700 dark:text-emerald-400',
};

export interface CompactTokenProps {
  segments: { part: JwsPart | JwePart; text: string }[];
}

/** The compact serialization, each part in its own colour, with a legend. */
export function CompactToken({ segments }: CompactTokenProps) {
  const presenter = usePresenter();
  return (
    <figure className="space-y-1">
      <pre aria-label="Encoded token" className="font-mono text-sm break-all whitespace-pre-wrap">
        {segments.map((segment, i) => (
          <span key={segment.part}>
            {i > 0 && <span className="text-slate-500">.</span>}
            <span className={PART_COLOURS[segment.part]} title={segment.part}>
              {presenter.on && segment.part === 'signature' ? MASK : segment.text}
            </span>
          </span>
        ))}
      </pre>
      <figcaption className="flex flex-wrap gap-3 text-xs">
        {segments.map((segment) => (
          <span key={segment.part} className={PART_COLOURS[segment.part]}>
            ■ {segment.part}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
