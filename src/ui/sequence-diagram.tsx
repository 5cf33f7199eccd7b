import { fitWordsFontSize, wrapText } from './wrap-text';
import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';

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
  /**
   * The condition shown on the loop bracket, e.g. "every 5 s until approved". A message of any kind
   * with a label is inside a loop; consecutive messages with the same label share one bracket.
   */
  loopLabel?: string;
  /** A lane the message passes through on its way, e.g. the browser for a front-channel redirect. */
  via?: string;
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
  margin: number;
  rowGap: number;
  fontSize: number;
  smallFontSize: number;
  lineHeight: number;
  loopHeaderHeight: number;
  selfLoopWidth: number;
  /** The width assumed before the container has been measured (tests, first paint). */
  defaultWidth: number;
}

const METRICS: Record<'normal' | 'large', Metrics> = {
  normal: {
    margin: 12,
    rowGap: 14,
    fontSize: 14,
    smallFontSize: 12,
    lineHeight: 17,
    loopHeaderHeight: 22,
    selfLoopWidth: 30,
    defaultWidth: 880,
  },
  large: {
    margin: 16,
    rowGap: 20,
    fontSize: 22,
    smallFontSize: 18,
    lineHeight: 27,
    loopHeaderHeight: 32,
    selfLoopWidth: 44,
    defaultWidth: 1400,
  },
};

const STATUS_WORDS: Record<SequenceStatus, string> = {
  pending: 'not started',
  current: 'in progress',
  done: 'done',
  failed: 'failed',
};

const STATUS_CLASSES: Record<SequenceStatus, string> = {
  pending: 'text-slate-500 dark:text-slate-400',
  current: 'text-blue-700 dark:text-sky-300',
  done: 'text-slate-900 dark:text-slate-100',
  failed: 'text-red-700 dark:text-red-400',
};

interface PlacedMessage {
  message: SequenceMessage;
  index: number;
  /** Top of the label block. */
  top: number;
  /** Where the arrow runs (for a message through another lane: its first leg). */
  y: number;
  /** The second leg of a message passing through another lane. */
  y2: number;
  bottom: number;
  lines: string[];
  reasonLines: string[];
  /** The horizontal space the label may use, centred on `labelX` (or starting there for self-messages). */
  labelX: number;
  labelWidth: number;
  via?: number;
}

interface LoopRegion {
  /** The messages' `loopLabel` ('' for none). */
  label: string;
  /** The bracket's label ("loop: …"), wrapped to the picture's width. */
  lines: string[];
  top: number;
  bottom: number;
}

interface Layout {
  width: number;
  height: number;
  headHeight: number;
  laneWidth: number;
  laneX: Map<string, number>;
  laneLines: Map<string, string[]>;
  /** Each lane title's font size: smaller where a whole word would not fit the lane at the normal size. */
  laneFontSize: Map<string, number>;
  placed: PlacedMessage[];
  loops: LoopRegion[];
}

function layOut(
  lanes: readonly SequenceParticipant[],
  messages: readonly SequenceMessage[],
  metrics: Metrics,
  width: number,
): Layout {
  const laneWidth = (width - metrics.margin * 2) / Math.max(lanes.length, 1);
  const laneX = new Map(lanes.map((lane, index) => [lane.id, metrics.margin + laneWidth * (index + 0.5)]));
  const laneFontSize = new Map(
    lanes.map((lane) => [lane.id, fitWordsFontSize(lane.label, laneWidth - 14, metrics.fontSize)]),
  );
  const laneLines = new Map(
    lanes.map((lane) => [
      lane.id,
      wrapText(lane.label, laneWidth - 14, laneFontSize.get(lane.id) ?? metrics.fontSize, true),
    ]),
  );
  const headLines = Math.max(1, ...[...laneLines.values()].map((lines) => lines.length));
  const headHeight = headLines * metrics.lineHeight + 16;
  const placed: PlacedMessage[] = [];
  const loops: LoopRegion[] = [];
  let y = headHeight + metrics.margin;
  let openLoop: LoopRegion | undefined;
  messages.forEach((message, index) => {
    // In a loop: a labelled message, or a `loop` one (which without a label stays in the open loop).
    const label = message.loopLabel;
    const inLoop = label !== undefined || message.kind === 'loop';
    if (openLoop && !(inLoop && (label === undefined || label === openLoop.label))) {
      openLoop = undefined;
      y += 8;
    }
    if (inLoop && !openLoop) {
      const text = label ? `loop: ${label}` : 'loop';
      const lines = wrapText(text, width - metrics.margin * 2 - 8, metrics.smallFontSize);
      openLoop = { label: label ?? '', lines, top: y, bottom: y };
      loops.push(openLoop);
      y += Math.max(metrics.loopHeaderHeight, lines.length * (metrics.smallFontSize + 4) + 8);
    }
    const fromX = laneX.get(message.from) ?? 0;
    const toX = laneX.get(message.to) ?? 0;
    const via = message.via === undefined ? undefined : laneX.get(message.via);
    const self = message.from === message.to;
    const xs = [fromX, toX, ...(via === undefined ? [] : [via])];
    const left = Math.min(...xs);
    const right = Math.max(...xs);
    const labelX = self ? fromX + metrics.selfLoopWidth + 6 : (left + right) / 2;
    // A label may spread a little past the arrow's ends, never past the picture.
    const labelWidth = self
      ? width - metrics.margin - labelX
      : Math.min(right - left + laneWidth * 0.6, 2 * Math.min(labelX, width - labelX) - 8);
    const mark = message.status === 'done' ? '✓ ' : message.status === 'failed' ? '✗ ' : '';
    const lines = wrapText(
      `${mark}${message.label}`,
      labelWidth,
      metrics.fontSize,
      message.status === 'current',
    );
    const failed = message.status === 'failed' && message.failureReason !== undefined;
    const reasonLines = failed
      ? wrapText(message.failureReason ?? '', labelWidth, metrics.smallFontSize)
      : [];
    const top = y;
    const arrowY = top + lines.length * metrics.lineHeight + 6;
    const legs = via === undefined ? 0 : 14;
    const selfExtra = self ? 18 : 0;
    const reasonTop = arrowY + legs + selfExtra + 8;
    const bottom =
      reasonTop + reasonLines.length * (metrics.smallFontSize + 4) + (reasonLines.length > 0 ? 2 : 0);
    placed.push({
      message,
      index,
      top,
      y: arrowY,
      y2: arrowY + legs,
      bottom,
      lines,
      reasonLines,
      labelX,
      labelWidth,
      ...(via === undefined ? {} : { via }),
    });
    y = bottom + metrics.rowGap;
    if (openLoop) openLoop.bottom = y - metrics.rowGap / 2;
  });
  return {
    width,
    height: y + metrics.margin,
    headHeight,
    laneWidth,
    laneX,
    laneLines,
    laneFontSize,
    placed,
    loops,
  };
}

/** The width of the element, followed as it changes; `fallback` until it has been measured. */
function useContainerWidth(fallback: number): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(Math.floor(element.clientWidth));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width > 0 ? width : fallback];
}

function describeMessage(
  message: SequenceMessage,
  labels: ReadonlyMap<string, string>,
  index: number,
): string {
  const from = labels.get(message.from) ?? message.from;
  const to = labels.get(message.to) ?? message.to;
  const via = message.via === undefined ? '' : ` through ${labels.get(message.via) ?? message.via}`;
  const route = message.from === message.to ? `${from} to itself` : `${from} to ${to}${via}`;
  const failure = message.status === 'failed' && message.failureReason ? `: ${message.failureReason}` : '';
  return `Step ${index + 1}: ${message.label}, ${route}, ${STATUS_WORDS[message.status]}${failure}`;
}

/** What the lines and marks of the picture mean. */
function Legend({ large, hasVia, hasLoop }: { large: boolean; hasVia: boolean; hasLoop: boolean }) {
  const sample = (dashed: boolean) => (
    <svg width="40" height="10" aria-hidden="true" className="inline-block align-middle">
      <path
        d="M 2 5 H 32"
        stroke="currentColor"
        strokeWidth={2}
        strokeDasharray={dashed ? '6 4' : undefined}
      />
      <path d="M 38 5 l -8 -4 l 0 8 z" fill="currentColor" />
    </svg>
  );
  return (
    <ul
      aria-label="Legend"
      className={`flex flex-wrap gap-x-5 gap-y-1 text-slate-700 dark:text-slate-300 ${large ? 'text-lg' : 'text-xs'}`}
    >
      <li>{sample(false)} request (back channel)</li>
      <li>{sample(true)} response or redirect</li>
      {hasVia && <li>● passes through the browser (front channel)</li>}
      {hasLoop && <li>▭ loop: repeated</li>}
      <li>
        <span className="font-bold text-blue-700 dark:text-sky-300">bold blue</span>: current step
      </li>
      <li>✓ done</li>
      <li className="text-red-700 dark:text-red-400">✗ failed</li>
      <li className="text-slate-500 dark:text-slate-400">grey: not started</li>
    </ul>
  );
}

/**
 * A sequence diagram of a flow: one lane per participant, one arrow per message, the current step
 * highlighted. It is laid out for the width of its container (no sideways scrolling), labels wrap
 * instead of being cut, and front-channel messages pass through the lane they travel by. An
 * ordered list, visually hidden, says the same in words for screen readers.
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
  const [containerRef, containerWidth] = useContainerWidth(metrics.defaultWidth);

  const lanes: SequenceParticipant[] = [...participants];
  for (const message of messages) {
    for (const id of [message.from, message.to, ...(message.via === undefined ? [] : [message.via])]) {
      if (!lanes.some((lane) => lane.id === id)) lanes.push({ id, label: id });
    }
  }
  const labels = new Map(lanes.map((lane) => [lane.id, lane.label]));
  const layout = layOut(lanes, messages, metrics, Math.max(containerWidth, 240));
  const { width, height, headHeight, laneX, laneLines, laneFontSize, placed, loops, laneWidth } = layout;
  const interactive = onSelect !== undefined;

  function handleKeyDown(event: KeyboardEvent<SVGGElement>, id: string) {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect?.(id);
    }
  }

  return (
    <figure className="flex min-w-0 flex-col gap-2">
      <div ref={containerRef} className="w-full min-w-0">
        <svg
          viewBox={`0 0 ${width} ${height}`}
          width={width}
          height={height}
          className="block h-auto max-w-full text-slate-900 dark:text-slate-100"
          data-sequence-diagram=""
          {...(interactive
            ? { role: 'group', 'aria-labelledby': titleId, 'aria-describedby': listId }
            : { 'aria-hidden': true })}
          fontFamily="system-ui, sans-serif"
        >
          {interactive && <title id={titleId}>{title}</title>}
          <g aria-hidden="true">
            {lanes.map((lane) => {
              const x = laneX.get(lane.id) ?? 0;
              const boxWidth = laneWidth - 8;
              const lines = laneLines.get(lane.id) ?? [lane.label];
              const firstBaseline =
                (headHeight - lines.length * metrics.lineHeight) / 2 + metrics.lineHeight * 0.78;
              return (
                <g key={lane.id} data-lane={lane.id}>
                  {lane.description !== undefined && <title>{lane.description}</title>}
                  <rect
                    x={x - boxWidth / 2}
                    y={4}
                    width={boxWidth}
                    height={headHeight - 8}
                    rx={6}
                    className="fill-slate-100 stroke-slate-500 dark:fill-slate-800 dark:stroke-slate-400"
                    strokeWidth={1.5}
                  />
                  <text
                    textAnchor="middle"
                    fontSize={laneFontSize.get(lane.id) ?? metrics.fontSize}
                    fontWeight={600}
                    fill="currentColor"
                    data-max-width={Math.floor(boxWidth - 4)}
                  >
                    {lines.map((line, index) => (
                      <tspan key={index} x={x} y={firstBaseline + index * metrics.lineHeight}>
                        {line}
                      </tspan>
                    ))}
                  </text>
                  <line
                    x1={x}
                    x2={x}
                    y1={headHeight}
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
                  fontSize={metrics.smallFontSize}
                  fill="currentColor"
                  data-max-width={Math.floor(width - metrics.margin * 2 - 8)}
                >
                  {loop.lines.map((line, lineIndex) => (
                    <tspan
                      key={lineIndex}
                      x={metrics.margin}
                      y={loop.top + metrics.smallFontSize + 2 + lineIndex * (metrics.smallFontSize + 4)}
                    >
                      {line}
                    </tspan>
                  ))}
                </text>
              </g>
            ))}
          </g>
          {placed.map((item) => {
            const { message, index, y, y2, top, bottom, lines, reasonLines, labelX, labelWidth, via } = item;
            const fromX = laneX.get(message.from) ?? 0;
            const toX = laneX.get(message.to) ?? 0;
            const self = message.from === message.to;
            const dashed = message.kind === 'response' || message.kind === 'redirect';
            const strokeWidth = message.status === 'current' ? 3.5 : 2;
            const selected = message.id === selectedId;
            const end = via === undefined ? { x: toX, y } : { x: toX, y: y2 };
            const lastStart = via ?? fromX;
            const direction = end.x >= lastStart ? 1 : -1;
            const head = self ? { x: fromX, y: y + 16, dir: -1 } : { x: end.x, y: end.y, dir: direction };
            const arrowHead = `M ${head.x} ${head.y} l ${-10 * head.dir} -5 l 0 10 z`;
            const path = self
              ? `M ${fromX} ${y - 10} h ${metrics.selfLoopWidth} v 26 h ${-metrics.selfLoopWidth + 10}`
              : via === undefined
                ? `M ${fromX} ${y} H ${toX - 10 * direction}`
                : `M ${fromX} ${y} H ${via} V ${y2} H ${toX - 10 * direction}`;
            const xs = [fromX, toX, ...(via === undefined ? [] : [via])];
            const labelLeft = self ? labelX : labelX - labelWidth / 2;
            const left = Math.max(2, Math.min(...xs, labelLeft) - 6);
            const right = Math.min(
              width - 2,
              Math.max(...xs, self ? fromX + metrics.selfLoopWidth : 0, labelLeft + labelWidth) + 6,
            );
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
            const anchor = self ? 'start' : 'middle';
            return (
              <g
                key={message.id}
                data-message={message.id}
                data-status={message.status}
                {...interactiveProps}
              >
                <rect
                  x={left}
                  y={top - 4}
                  width={right - left}
                  height={bottom - top + 8}
                  rx={6}
                  className={`${selected ? 'fill-blue-100 dark:fill-sky-950' : 'fill-transparent'} stroke-transparent group-hover:stroke-slate-400 group-focus-visible:stroke-blue-600 dark:group-focus-visible:stroke-sky-300`}
                  strokeWidth={3}
                />
                <path
                  d={path}
                  fill="none"
                  stroke="currentColor"
                  strokeWidth={strokeWidth}
                  strokeOpacity={message.status === 'pending' ? 0.6 : 1}
                  strokeDasharray={dashed ? '8 6' : undefined}
                  className={message.status === 'current' ? 'motion-safe:animate-pulse' : undefined}
                />
                {via !== undefined && <circle cx={via} cy={(y + y2) / 2} r={4} fill="currentColor" />}
                <path
                  d={arrowHead}
                  fill="currentColor"
                  fillOpacity={message.status === 'pending' ? 0.6 : 1}
                />
                <text
                  textAnchor={anchor}
                  fontSize={metrics.fontSize}
                  fontWeight={message.status === 'current' ? 700 : 500}
                  fill="currentColor"
                  data-max-width={Math.floor(labelWidth)}
                >
                  {lines.map((line, lineIndex) => (
                    <tspan key={lineIndex} x={labelX} y={top + metrics.lineHeight * (lineIndex + 0.78)}>
                      {line}
                    </tspan>
                  ))}
                </text>
                {reasonLines.length > 0 && (
                  <text
                    textAnchor={anchor}
                    fontSize={metrics.smallFontSize}
                    fill="currentColor"
                    data-max-width={Math.floor(labelWidth)}
                  >
                    {reasonLines.map((line, lineIndex) => (
                      <tspan
                        key={lineIndex}
                        x={labelX}
                        y={y2 + (self ? 18 : 0) + 8 + (metrics.smallFontSize + 4) * (lineIndex + 0.85)}
                      >
                        {line}
                      </tspan>
                    ))}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      </div>
      <Legend
        large={size === 'large'}
        hasVia={messages.some((message) => message.via !== undefined)}
        hasLoop={loops.length > 0}
      />
      <figcaption className="sr-only">
        <h3 id={`${listId}-heading`}>{title}: steps in order</h3>
        <ol id={listId} aria-labelledby={`${listId}-heading`}>
          {messages.map((message) => {
            const from = labels.get(message.from) ?? message.from;
            const to = labels.get(message.to) ?? message.to;
            const via = message.via === undefined ? '' : ` through ${labels.get(message.via) ?? message.via}`;
            return (
              <li key={message.id} aria-current={message.status === 'current' ? 'step' : undefined}>
                <span>{message.label}</span>
                {` (${message.from === message.to ? `${from}, internal` : `${from} → ${to}${via}`}): `}
                <span>{STATUS_WORDS[message.status]}</span>
                {message.loopLabel
                  ? message.kind === 'loop'
                    ? `, repeated ${message.loopLabel}`
                    : `, in the loop “${message.loopLabel}”`
                  : ''}
                {message.status === 'failed' && message.failureReason ? ` — ${message.failureReason}` : ''}
                {message.detail ? <span> {message.detail}</span> : null}
              </li>
            );
          })}
        </ol>
        {messages.length === 0 && <p>No steps yet.</p>}
      </figcaption>
    </figure>
  );
}
