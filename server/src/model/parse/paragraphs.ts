import { lazyPattern } from "../../text/regexp";
import { memoKey } from "../memo";
import type { LineKind, Paragraph, SpeakerHeader } from "../types";
import { finalKindsKept, leadOf, lineText, movedTail, type ParseState, type Spares, shape, widthOf } from "./state";

/** Line widths below this are counted in a table to find the typical width. */
const WIDTH_BINS = 1024;
const STARTS_PARAGRAPH = lazyPattern(() => /^[ \t]*["“‘«(\p{Lu}\p{N}]/u);

/** The text lines' widths from the body's start, counted by width (those past the table apart). */
interface Widths {
  counts: Uint32Array;
  wide: number[];
  total: number;
}

/**
 * What the paragraphs of a version were built from, for the next version: the line kinds, the
 * widths counted, the headers, the layout and the body's start.
 */
interface Held {
  paragraphs: readonly Paragraph[];
  /** The objects the paragraphs after the edit were moved from (`movedTail`). */
  spares: Spares<Paragraph> | undefined;
  kinds: readonly LineKind[];
  widths: Widths;
  headers: readonly SpeakerHeader[];
  raw: boolean;
  bodyStart: number;
}
const PARAGRAPHS_HELD = memoKey<Held>("paragraphs-held");

function countWidths(s: ParseState, bodyStart: number): Widths {
  const counts = new Uint32Array(WIDTH_BINS);
  const wide: number[] = [];
  let total = 0;
  for (let i = bodyStart; i < s.n; i++) {
    if (s.kinds[i] !== "text") continue;
    const w = widthOf(s, i);
    if (w < WIDTH_BINS) counts[w]++;
    else wide.push(w);
    total++;
  }
  return { counts, wide, total };
}

/** The 75th percentile of the widths counted. */
function percentile(widths: Widths): number {
  const { counts, wide, total } = widths;
  if (!total) return 0;
  let rank = Math.floor(total * 0.75);
  for (let w = 0; w < WIDTH_BINS; w++) {
    if (rank < counts[w]) return w;
    rank -= counts[w];
  }
  return [...wide].sort((a, b) => a - b)[rank];
}

/**
 * The width of a full line of text: the 75th percentile of the text lines' widths (counted by
 * width rather than sorted, as the widths are small numbers).
 */
export function typicalWidth(s: ParseState, bodyStart: number): number {
  return percentile(countWidths(s, bodyStart));
}

/**
 * Paragraphs: runs of text separated by blank lines and structure; furniture inside is skipped.
 * After an edit whose line kinds and headers outside it are the previous version's (and the
 * layout and body start too), the previous paragraphs before the edit are taken as they are and
 * those after it moved by the edit; the lines between two lines where no paragraph runs through
 * (structure, a blank line, a header's start) around the edit are read, and the widths are
 * counted again only for the edit's lines.
 */
export function buildParagraphs(s: ParseState, bodyStart: number): void {
  const e = s.memo.edited();
  const before = s.memo.previous(PARAGRAPHS_HELD);
  const headerEnds = new Map(s.headers.map((h) => [h.endLine, h]));
  const headerStarts = new Set(s.headers.map((h) => h.startLine));
  // A line where no paragraph runs through from the line before: structure, a blank line, or a header's start.
  const cut = (i: number) => {
    const kind = s.kinds[i];
    return i <= bodyStart || (kind !== "text" && kind !== "furniture" && (kind !== "header" || headerStarts.has(i)));
  };
  if (
    e &&
    before &&
    before.raw === s.raw &&
    before.bodyStart === bodyStart &&
    bodyStart <= e.head &&
    finalKindsKept(s, before.kinds, e).same &&
    sameHeaders(before.headers, s.headers, e.head, e.tail, e.shift, e.delta)
  ) {
    const widths = recount(s, before, bodyStart, e.head, e.tail, e.shift);
    if (percentile(widths) === percentile(before.widths)) {
      // Before the edit, only a line of structure or a blank line (kinds the two versions share
      // there) stops every paragraph; a header's start may belong to a header the edit changed.
      let a = e.head - 1;
      while (a > bodyStart && (s.kinds[a] === "text" || s.kinds[a] === "furniture" || s.kinds[a] === "header")) a--;
      a = Math.max(a, bodyStart);
      let b = e.tail;
      while (b < s.n && !cut(b)) b++;
      const old = before.paragraphs;
      let k = 0;
      while (k < old.length && old[k].startLine < a) s.paragraphs.push(old[k++]);
      const kept = k;
      scan(s, a, b, percentile(widths), headerEnds, headerStarts);
      const scannedEnd = s.paragraphs.length;
      while (k < old.length && old[k].startLine < b - e.shift) k++;
      s.paragraphsTaken = { kept, scannedEnd, movedFrom: k };
      const spares = movedTail(old, k, before.spares, !e.shift && !e.delta, s.paragraphs, (p, into) =>
        moved(p, e.shift, e.delta, into),
      );
      hold(s, widths, bodyStart, spares);
      return;
    }
  }
  const widths = countWidths(s, bodyStart);
  scan(s, bodyStart, s.n, percentile(widths), headerEnds, headerStarts);
  hold(s, widths, bodyStart, undefined);
}

function hold(s: ParseState, widths: Widths, bodyStart: number, spares: Spares<Paragraph> | undefined): void {
  s.memo.hold(PARAGRAPHS_HELD, {
    paragraphs: s.paragraphs,
    spares,
    kinds: s.kinds,
    widths,
    headers: s.headers,
    raw: s.raw,
    bodyStart,
  });
}

/** The paragraphs of lines `from` to `to` (excluded), none running in from before `from`. */
function scan(
  s: ParseState,
  from: number,
  to: number,
  typical: number,
  headerEnds: ReadonlyMap<number, SpeakerHeader>,
  headerStarts: ReadonlySet<number>,
): void {
  let current: Paragraph | undefined;
  const close = () => {
    if (current) s.paragraphs.push(current);
    current = undefined;
  };
  const add = (i: number, start: number) => {
    if (!current) current = { startLine: i, endLine: i, lines: [], start, end: start };
    current.endLine = i;
    current.lines.push(i);
    current.end = s.lines.starts[i] + widthOf(s, i);
  };
  for (let i = from; i < to; i++) {
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
      if (prev.lineEnds && prev.width < typical * 0.85 && STARTS_PARAGRAPH().test(lineText(s, i))) close();
    }
    add(i, s.lines.starts[i] + leadOf(s, i));
  }
  close();
}

/** The widths of the previous version corrected by the lines of the edit (their kinds outside it are the same). */
function recount(s: ParseState, before: Held, bodyStart: number, head: number, tail: number, shift: number): Widths {
  const counts = before.widths.counts.slice();
  const wide = [...before.widths.wide];
  let total = before.widths.total;
  const replaced = s.memo.replacedLines();
  const count = (w: number, by: number) => {
    total += by;
    if (w < WIDTH_BINS) counts[w] += by;
    else if (by > 0) wide.push(w);
    else wide.splice(wide.indexOf(w), 1);
  };
  for (let j = Math.max(head, bodyStart); j < tail - shift; j++)
    if (before.kinds[j] === "text") count(replaced[j - head].trimEnd().length, -1);
  for (let i = Math.max(head, bodyStart); i < tail; i++) if (s.kinds[i] === "text") count(widthOf(s, i), 1);
  return { counts, wide, total };
}

/**
 * A paragraph of the previous version, at this version's lines and offsets: set into `into` (an
 * older copy of the same paragraph, `movedTail`; its lines are never changed in place, a copy
 * may share them), or a new one. Written out field by field: a spread (`{ ...p, start }`) of a
 * spread of … gives V8's objects slower shapes version after version (bench/HISTORY.md, *Moved
 * elements keep their shapes*).
 */
function moved(p: Paragraph, shift: number, delta: number, into?: Paragraph): Paragraph {
  if (into) {
    into.startLine = p.startLine + shift;
    into.endLine = p.endLine + shift;
    into.lines = shift ? p.lines.map((i) => i + shift) : p.lines;
    into.start = p.start + delta;
    into.end = p.end + delta;
    return into;
  }
  return {
    startLine: p.startLine + shift,
    endLine: p.endLine + shift,
    lines: shift ? p.lines.map((i) => i + shift) : p.lines,
    start: p.start + delta,
    end: p.end + delta,
  };
}

/** Whether the headers outside an edit are the previous version's: their lines and where their colon ends. */
function sameHeaders(
  old: readonly SpeakerHeader[],
  headers: readonly SpeakerHeader[],
  head: number,
  tail: number,
  shift: number,
  delta: number,
): boolean {
  // Before the edit, or after it (at the previous version's lines and offsets moved by the edit).
  const x = old
    .filter((h) => h.endLine < head || h.startLine >= tail - shift)
    .map((h) =>
      h.endLine < head
        ? [h.startLine, h.endLine, h.span.end]
        : [h.startLine + shift, h.endLine + shift, h.span.end + delta],
    );
  const y = headers.filter((h) => h.endLine < head || h.startLine >= tail);
  return (
    x.length === y.length &&
    x.every(([a, b, c], k) => a === y[k].startLine && b === y[k].endLine && c === y[k].span.end)
  );
}
