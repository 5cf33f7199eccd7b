/** A conservative average glyph width of bold system-ui, as a share of the font size. */
export const BOLD_GLYPH_WIDTH = 0.64;
/** The same for regular weight. */
const GLYPH_WIDTH = 0.6;

/**
 * Breaks text into lines that fit `width` at `fontSize`, at spaces where it can and inside a word
 * only when one word is wider than the line. Nothing is cut: every character is on some line.
 * Each line but the last keeps its trailing space, so the lines joined give the text back.
 */
export function wrapText(text: string, width: number, fontSize: number, bold = false): string[] {
  // A conservative average glyph width for system-ui: wide enough that a line never overflows.
  const maxChars = Math.max(3, Math.floor(width / (fontSize * (bold ? BOLD_GLYPH_WIDTH : GLYPH_WIDTH))));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/(?<= )/)) {
    if ((line + word).trimEnd().length <= maxChars) {
      line += word;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    let rest = word;
    while (rest.trimEnd().length > maxChars) {
      lines.push(rest.slice(0, maxChars));
      rest = rest.slice(maxChars);
    }
    line = rest;
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * The font size at which the longest word of a lane title fits `width`, so that narrow lanes wrap
 * between words ("Authorization / server") instead of inside one; never below 70 % of `fontSize`
 * (past that the word is broken, as `wrapText` does, rather than unreadable).
 */
export function fitWordsFontSize(label: string, width: number, fontSize: number): number {
  const longest = Math.max(1, ...label.split(' ').map((word) => word.length));
  const fitting = Math.floor((width / (longest * BOLD_GLYPH_WIDTH)) * 10) / 10;
  return Math.max(Math.min(fontSize, fitting), Math.round(fontSize * 0.7 * 10) / 10);
}
