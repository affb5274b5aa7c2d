import type { Paragraph } from "../types";
import { lineText, type ParseState, shape } from "./state";

/** Line widths below this are counted in a table to find the typical width. */
const WIDTH_BINS = 1024;
const STARTS_PARAGRAPH = /^[ \t]*["“‘«(\p{Lu}\p{N}]/u;

/**
 * The width of a full line of text: the 75th percentile of the text lines' widths (counted by
 * width rather than sorted, as the widths are small numbers).
 */
export function typicalWidth(s: ParseState, bodyStart: number): number {
  const counts = new Uint32Array(WIDTH_BINS);
  const wide: number[] = [];
  let total = 0;
  for (let i = bodyStart; i < s.n; i++) {
    if (s.kinds[i] !== "text") continue;
    const w = shape(s, i).width;
    if (w < WIDTH_BINS) counts[w]++;
    else wide.push(w);
    total++;
  }
  if (!total) return 0;
  let rank = Math.floor(total * 0.75);
  for (let w = 0; w < WIDTH_BINS; w++) {
    if (rank < counts[w]) return w;
    rank -= counts[w];
  }
  return wide.sort((a, b) => a - b)[rank];
}

/** Paragraphs: runs of text separated by blank lines and structure; furniture inside is skipped. */
export function buildParagraphs(s: ParseState, bodyStart: number): void {
  const typical = typicalWidth(s, bodyStart);
  const headerEnds = new Map(s.headers.map((h) => [h.endLine, h]));
  const headerStarts = new Set(s.headers.map((h) => h.startLine));
  let current: Paragraph | undefined;
  const close = () => {
    if (current) s.paragraphs.push(current);
    current = undefined;
  };
  const add = (i: number, start: number) => {
    if (!current) current = { startLine: i, endLine: i, lines: [], start, end: start };
    current.endLine = i;
    current.lines.push(i);
    current.end = s.lines.starts[i] + shape(s, i).width;
  };
  for (let i = bodyStart; i < s.n; i++) {
    const kind = s.kinds[i];
    if (kind === "furniture") continue;
    if (kind === "header") {
      const h = headerEnds.get(i);
      if (headerStarts.has(i)) close();
      if (h) {
        // The speech's text starts after the header's colon, on the same line or the next.
        const after = s.text.slice(h.span.end, s.lines.ends[i]);
        const lead = after.length - after.trimStart().length;
        if (after.trim()) add(i, h.span.end + lead);
      }
      continue;
    }
    if (kind !== "text") {
      close();
      continue;
    }
    if (current && s.raw) {
      const prev = shape(s, current.endLine);
      if (prev.lineEnds && prev.width < typical * 0.85 && STARTS_PARAGRAPH.test(lineText(s, i))) close();
    }
    add(i, s.lines.starts[i] + shape(s, i).lead);
  }
  close();
}
