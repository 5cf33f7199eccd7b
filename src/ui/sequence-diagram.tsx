import { useId, type KeyboardEvent } from 'react';

export interface SequenceParticipant {
  id: string;
  label: string;
  description?: string;
}

export type SequenceStatus = 'pending' | 'current' | 'done' | 'failed';

export type SequenceMessageKind = 'request' | 'response' | 'redirect' | 'user' | 'note' | 'loop';

export interface SequenceMessage {
  id: string;
  from: string;
  to: string;
  label: string;
  detail?: string;
  status: SequenceStatus;
  failureReason?: string;
  kind?: SequenceMessageKind;
  /** For `kind: 'loop'`: the condition shown on the loop bracket, e.g. "every 5 s until approved". */
  loopLabel?: string;
}

export interface SequenceDiagramProps {
  participants: readonly SequenceParticipant[];
  messages: readonly SequenceMessage[];
  selectedId?: string;
  onSelect?: (id: string) => void;
  /** `large` for projectors and presenter mode. */
  size?: 'normal' | 'large';
  /** Accessible name of the diagram; defaults to "Sequence diagram". */
  title?: string;
}

interface Metrics {
  laneWidth: number;
  margin: number;
  headHeight: number;
  rowHeight: number;
  reasonHeight: number;
  loopHeaderHeight: number;
  fontSize: number;
  smallFontSize: number;
  selfLoopWidth: number;
}

const METRICS: Record<'normal' | 'large', Metrics> = {
  normal: {
    laneWidth: 200,
    margin: 16,
    headHeight: 44,
    rowHeight: 52,
    reasonHeight: 18,
    loopHeaderHeight: 22,
    fontSize: 14,
    smallFontSize: 12,
    selfLoopWidth: 36,
  },
  large: {
    laneWidth: 280,
    margin: 24,
    headHeight: 60,
    rowHeight: 76,
    reasonHeight: 26,
    loopHeaderHeight: 30,
    fontSize: 20,
    smallFontSize: 17,
    selfLoopWidth: 48,
  },
};

const STATUS_WORDS: Record<SequenceStatus, string> = {
  pending: 'not started',
  current: 'in progress',
  done: 'done',
  failed: 'failed',
};

const STATUS_CLASSES: Record<SequenceStatus, string> = {
  pending: 'text-slate-400 dark:text-slate-500',
  current: 'text-blue-700 dark:text-sky-300',
  done: 'text-slate-900 dark:text-slate-100',
  failed: 'text-red-700 dark:text-red-400',
};

/** Shortens to what fits between two lanes; the whole text stays in the accessible name and the list. */
function fitText(text: string, width: number, fontSize: number): string {
  const maxChars = Math.max(4, Math.floor(width / (fontSize * 0.56)));
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}

interface PlacedMessage {
  message: SequenceMessage;
  index: number;
  y: number;
}

interface LoopRegion {
  label: string;
  top: number;
  bottom: number;
}

function placeMessages(
  messages: readonly SequenceMessage[],
  metrics: Metrics,
): {
  placed: PlacedMessage[];
  loops: LoopRegion[];
  height: number;
} {
  const placed: PlacedMessage[] = [];
  const loops: LoopRegion[] = [];
  let y = metrics.headHeight + metrics.margin;
  let openLoop: LoopRegion | undefined;
  messages.forEach((message, index) => {
    const inLoop = message.kind === 'loop';
    if (inLoop && !openLoop) {
      openLoop = { label: message.loopLabel ?? '', top: y + 6, bottom: y };
      loops.push(openLoop);
      y += metrics.loopHeaderHeight;
    } else if (!inLoop && openLoop) {
      openLoop = undefined;
      y += 8;
    }
    y += metrics.rowHeight * 0.6;
    placed.push({ message, index, y });
    y += metrics.rowHeight * 0.4;
    if (message.status === 'failed' && message.failureReason) y += metrics.reasonHeight;
    if (openLoop) openLoop.bottom = y;
  });
  return { placed, loops, height: y + metrics.margin };
}

function describeMessage(
  message: SequenceMessage,
  labels: ReadonlyMap<string, string>,
  index: number,
): string {
  const from = labels.get(message.from) ?? message.from;
  const to = labels.get(message.to) ?? message.to;
  const route = message.from === message.to ? `${from} to itself` : `${from} to ${to}`;
  const failure = message.status === 'failed' && message.failureReason ? `: ${message.failureReason}` : '';
  return `Step ${index + 1}: ${message.label}, ${route}, ${STATUS_WORDS[message.status]}${failure}`;
}

/**
 * A sequence diagram of a flow: one lane per participant, one arrow per message, the current step
 * highlighted. An ordered list beside it says the same in words for screen readers.
 */
export function SequenceDiagram({
  participants,
  messages,
  selectedId,
  onSelect,
  size = 'normal',
  title = 'Sequence diagram',
}: SequenceDiagramProps) {
  const baseId = useId();
  const titleId = `${baseId}-title`;
  const listId = `${baseId}-steps`;
  const metrics = METRICS[size];

  const lanes: SequenceParticipant[] = [...participants];
  for (const message of messages) {
    for (const id of [message.from, message.to]) {
      if (!lanes.some((lane) => lane.id === id)) lanes.push({ id, label: id });
    }
  }
  const laneX = new Map(
    lanes.map((lane, index) => [lane.id, metrics.margin + metrics.laneWidth * (index + 0.5)]),
  );
  const labels = new Map(lanes.map((lane) => [lane.id, lane.label]));
  const { placed, loops, height } = placeMessages(messages, metrics);
  const width = metrics.margin * 2 + metrics.laneWidth * Math.max(lanes.length, 1);
  const interactive = onSelect !== undefined;

  function handleKeyDown(event: KeyboardEvent<SVGGElement>, id: string) {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect?.(id);
    }
  }

  return (
    <figure className="flex flex-col gap-3">
      <div className="overflow-x-auto">
        <svg
          viewBox={`0 0 ${width} ${height}`}
          className="h-auto w-full text-slate-900 dark:text-slate-100"
          style={{ minWidth: `${Math.round(width * 0.8)}px`, maxWidth: `${width * 1.5}px` }}
          {...(interactive
            ? { role: 'group', 'aria-labelledby': titleId, 'aria-describedby': listId }
            : { 'aria-hidden': true })}
          fontFamily="system-ui, sans-serif"
        >
          {interactive && <title id={titleId}>{title}</title>}
          <g aria-hidden="true">
            {lanes.map((lane) => {
              const x = laneX.get(lane.id) ?? 0;
              const boxWidth = metrics.laneWidth - metrics.margin;
              return (
                <g key={lane.id} data-lane={lane.id}>
                  {lane.description !== undefined && <title>{lane.description}</title>}
                  <rect
                    x={x - boxWidth / 2}
                    y={metrics.margin / 2}
                    width={boxWidth}
                    height={metrics.headHeight - metrics.margin / 2}
                    rx={6}
                    className="fill-slate-100 stroke-slate-500 dark:fill-slate-800 dark:stroke-slate-400"
                    strokeWidth={1.5}
                  />
                  <text
                    x={x}
                    y={(metrics.headHeight + metrics.margin / 2) / 2 + metrics.fontSize * 0.35}
                    textAnchor="middle"
                    fontSize={metrics.fontSize}
                    fontWeight={600}
                    fill="currentColor"
                  >
                    {fitText(lane.label, boxWidth - 8, metrics.fontSize)}
                  </text>
                  <line
                    x1={x}
                    x2={x}
                    y1={metrics.headHeight}
                    y2={height - metrics.margin / 2}
                    stroke="currentColor"
                    strokeOpacity={0.45}
                    strokeDasharray="6 5"
                  />
                </g>
              );
            })}
            {loops.map((loop, index) => (
              <g key={index} data-loop="" className="text-amber-700 dark:text-amber-300">
                <rect
                  x={metrics.margin / 2}
                  y={loop.top}
                  width={width - metrics.margin}
                  height={loop.bottom - loop.top}
                  rx={4}
                  fill="none"
                  stroke="currentColor"
                  strokeWidth={1.5}
                />
                <text
                  x={metrics.margin}
                  y={loop.top + metrics.smallFontSize + 2}
                  fontSize={metrics.smallFontSize}
                  fill="currentColor"
                >
                  {loop.label ? `loop: ${loop.label}` : 'loop'}
                </text>
              </g>
            ))}
          </g>
          {placed.map(({ message, index, y }) => {
            const fromX = laneX.get(message.from) ?? 0;
            const toX = laneX.get(message.to) ?? 0;
            const self = message.from === message.to;
            const direction = toX >= fromX ? 1 : -1;
            const dashed = message.kind === 'response' || message.kind === 'redirect';
            const strokeWidth = message.status === 'current' ? 3.5 : 2;
            const selected = message.id === selectedId;
            const span = self ? metrics.laneWidth - metrics.selfLoopWidth : Math.abs(toX - fromX) - 12;
            const mark = message.status === 'done' ? '✓ ' : message.status === 'failed' ? '✗ ' : '';
            const labelX = self ? fromX + metrics.selfLoopWidth + 6 : (fromX + toX) / 2;
            const labelY = self ? y - 4 : y - 8;
            // Centred (or left-aligned for a self-message) text must stay inside the picture.
            const reasonSpan = self
              ? width - metrics.margin - labelX
              : 2 * Math.min(labelX - metrics.margin / 2, width - metrics.margin / 2 - labelX);
            const head = self ? { x: fromX, y: y + 16, dir: -1 } : { x: toX, y, dir: direction };
            const arrowHead = `M ${head.x} ${head.y} l ${-10 * head.dir} -5 l 0 10 z`;
            const path = self
              ? `M ${fromX} ${y - 10} h ${metrics.selfLoopWidth} v 26 h ${-metrics.selfLoopWidth + 10}`
              : `M ${fromX} ${y} H ${toX - 10 * direction}`;
            const hitTop = y - metrics.fontSize - 14;
            const hitBottom =
              y +
              (self ? 22 : 8) +
              (message.status === 'failed' && message.failureReason ? metrics.reasonHeight : 0);
            const left = Math.min(fromX, toX) - 8;
            const hitWidth = self ? metrics.laneWidth : Math.abs(toX - fromX) + 16;
            const description = describeMessage(message, labels, index);
            const interactiveProps = interactive
              ? {
                  role: 'button',
                  tabIndex: 0,
                  'aria-label': description,
                  'aria-pressed': selected,
                  onClick: () => onSelect(message.id),
                  onKeyDown: (event: KeyboardEvent<SVGGElement>) => handleKeyDown(event, message.id),
                  className: `group cursor-pointer outline-none ${STATUS_CLASSES[message.status]}`,
                }
              : { className: STATUS_CLASSES[message.status] };
            return (
              <g
                key={message.id}
                data-message={message.id}
                data-status={message.status}
                {...interactiveProps}
              >
                <rect
                  x={left}
                  y={hitTop}
                  width={hitWidth}
                  height={hitBottom - hitTop}
                  rx={6}
                  className={`${selected ? 'fill-blue-100 dark:fill-sky-950' : 'fill-transparent'} stroke-transparent group-hover:stroke-slate-400 group-focus-visible:stroke-blue-600 dark:group-focus-visible:stroke-sky-300`}
                  strokeWidth={3}
                />
                <path
                  d={path}
                  fill="none"
                  stroke="currentColor"
                  strokeWidth={strokeWidth}
                  strokeOpacity={message.status === 'pending' ? 0.55 : 1}
                  strokeDasharray={dashed ? '8 6' : undefined}
                  className={message.status === 'current' ? 'motion-safe:animate-pulse' : undefined}
                />
                <path
                  d={arrowHead}
                  fill="currentColor"
                  fillOpacity={message.status === 'pending' ? 0.55 : 1}
                />
                <text
                  x={labelX}
                  y={labelY}
                  textAnchor={self ? 'start' : 'middle'}
                  fontSize={metrics.fontSize}
                  fontWeight={message.status === 'current' ? 700 : 500}
                  fill="currentColor"
                >
                  {fitText(`${mark}${message.label}`, span, metrics.fontSize)}
                </text>
                {message.status === 'failed' && message.failureReason && (
                  <text
                    x={labelX}
                    y={y + (self ? 22 : 4) + metrics.reasonHeight * 0.8}
                    textAnchor={self ? 'start' : 'middle'}
                    fontSize={metrics.smallFontSize}
                    fill="currentColor"
                  >
                    {fitText(message.failureReason, reasonSpan, metrics.smallFontSize)}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption>
        <h3 className={`font-semibold ${size === 'large' ? 'text-xl' : 'text-sm'}`}>
          {title}: steps in order
        </h3>
        <ol id={listId} className={`list-decimal pl-6 ${size === 'large' ? 'text-lg' : 'text-sm'}`}>
          {messages.map((message) => {
            const from = labels.get(message.from) ?? message.from;
            const to = labels.get(message.to) ?? message.to;
            return (
              <li
                key={message.id}
                aria-current={message.status === 'current' ? 'step' : undefined}
                className={message.status === 'failed' ? 'text-red-700 dark:text-red-400' : undefined}
              >
                <span className="font-medium">{message.label}</span>
                {` (${message.from === message.to ? `${from}, internal` : `${from} → ${to}`}): `}
                <span>{STATUS_WORDS[message.status]}</span>
                {message.kind === 'loop' && message.loopLabel ? `, repeated ${message.loopLabel}` : ''}
                {message.status === 'failed' && message.failureReason ? ` — ${message.failureReason}` : ''}
                {message.detail ? (
                  <span className="block text-slate-600 dark:text-slate-400">{message.detail}</span>
                ) : null}
              </li>
            );
          })}
        </ol>
        {messages.length === 0 && <p className="text-sm">No steps yet.</p>}
      </figcaption>
    </figure>
  );
}
