/**
 * Breaks text into lines that fit `width` at `fontSize`, at spaces where it can and inside a word
 * only when one word is wider than the line. Nothing is cut: every character is on some line.
 * Each line but the last keeps its trailing space, so the lines joined give the text back.
 */
export function wrapText(text: string, width: number, fontSize: number, bold = false): string[] {
  // A conservative average glyph width for system-ui: wide enough that a line never overflows.
  const maxChars = Math.max(3, Math.floor(width / (fontSize * (bold ? 0.64 : 0.6))));
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
