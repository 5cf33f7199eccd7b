import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Issue 14's reference screens: a phone, a small projector, a laptop and a full-HD projector. */
export const REFERENCE_VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1024, height: 768 },
  { width: 1366, height: 900 },
  { width: 1920, height: 1080 },
] as const;

const FIGURES = path.join(process.cwd(), '.tmp', 'teaching-figures.json');

/** Keeps one measured figure under its key in .tmp/teaching-figures.json, for the session note. */
export function recordFigure(key: string, value: unknown): void {
  let figures: Record<string, unknown> = {};
  try {
    figures = JSON.parse(readFileSync(FIGURES, 'utf8')) as Record<string, unknown>;
  } catch {
    // The first figure of a run starts the file.
  }
  figures[key] = value;
  writeFileSync(FIGURES, `${JSON.stringify(figures, null, 2)}\n`);
}
