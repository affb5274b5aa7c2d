import type { LineIndex } from "../text/lineIndex";
import { firstAtLeast } from "./sorted";

/**
 * Two columns side by side on one line: what `pdftotext -layout` makes of the official records'
 * two-column pages. The right column starts at the same position (its gutter) on every line of a
 * page; each line holds a line of the left column, a line of the right, or both, apart from the
 * page's running head and foot, which span the page. Reading such text as a record fails on every
 * line, so it is found first and put right by one fix: each page's left column, then its right.
 * Functions of the text alone; linear in it.
 */

/** Where text resumes after a gap: the right column starts in this range of positions. */
const MIN_GUTTER = 30;
const MAX_GUTTER = 140;
/** A line longer than this is no line of a two-column page. */
const MAX_LINE = 400;
/** The gutter sits near the middle of the page's width. */
const GUTTER_SHARE = [0.35, 0.65] as const;
/** A first line's indent: the right column's text may start this far after its gutter. */
const INDENT = 8;
/** A page is in two columns when this many lines at least, and this share of its lines, use the gutter. */
const MIN_LINES = 8;
const MIN_SHARE = 0.3;
/** Lines that use the gutter of the page before, on a short page. */
const MIN_SHORT_PAGE = 2;

export interface ColumnPage {
  /** The page's first and last line (zero-based, inclusive). */
  startLine: number;
  endLine: number;
  /** The position where the right column's lines start. */
  gutter: number;
}

type Shape =
  | { kind: "blank" }
  | { kind: "span" }
  | { kind: "left"; left: string }
  | { kind: "right"; right: string }
  | { kind: "both"; left: string; right: string };

/** One line read against a gutter: which column's text it holds. */
function shapeOf(line: string, gutter: number): Shape {
  const end = line.trimEnd().length;
  if (end === 0) return { kind: "blank" };
  // A page's first line (its form feed) stays where it is.
  if (line.includes("\f")) return { kind: "span" };
  const lead = line.length - line.trimStart().length;
  // The right column's text alone, indented to the gutter.
  if (lead >= gutter - 2)
    return { kind: "right", right: " ".repeat(Math.max(0, lead - gutter)) + line.slice(lead).trimEnd() };
  if (end <= gutter) return { kind: "left", left: line.trimEnd() };
  // A gap of two spaces or more, after which text resumes at the gutter or a first line's indent.
  for (let p = Math.max(gutter - 2, lead + 1); p <= gutter + INDENT && p < end; p++) {
    if (line[p] !== " " && line[p - 1] === " " && line[p - 2] === " ") {
      const left = line.slice(0, p).trimEnd();
      return { kind: "both", left, right: " ".repeat(Math.max(0, p - gutter)) + line.slice(p).trimEnd() };
    }
  }
  return { kind: "span" };
}

const NONE: readonly number[] = [];

/** Where text resumes after a gap of two spaces or more, at the positions a gutter may have. */
export function resumePositions(line: string): readonly number[] {
  if (line.length > MAX_LINE || line.length < MIN_GUTTER) return NONE;
  // Text resumes after two spaces: a line without two spaces together in its reach has none
  // (most lines of a record; indexOf finds them quicker than the loop below).
  const gap2 = line.indexOf("  ");
  if (gap2 < 0 || gap2 > MAX_GUTTER) return NONE;
  const out: number[] = [];
  let gap = 0;
  for (let p = 0; p < line.length && p <= MAX_GUTTER; p++) {
    if (line[p] === " ") gap++;
    else {
      if (gap >= 2 && p >= MIN_GUTTER) out.push(p);
      gap = 0;
    }
  }
  return out.length ? out : NONE;
}

/**
 * The gutter of one page's lines: the position where text most often resumes after a gap.
 * `gapped` lists, ascending, the lines that may have a gap (every other line's `resumes` is
 * empty): only those are asked, so a page without two spaces together costs nothing to read.
 */
function gutterOf(
  first: number,
  last: number,
  line: (i: number) => string,
  resumes: (i: number) => readonly number[],
  gapped: readonly number[],
): number | undefined {
  const counts = new Map<number, number>();
  let candidates = 0;
  for (let k = firstAtLeast(gapped, first); k < gapped.length && gapped[k] <= last; k++) {
    const r = resumes(gapped[k]);
    if (r.length) candidates++;
    for (const p of r) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  if (candidates < MIN_LINES) return undefined;
  let width = 0;
  for (let i = first; i <= last; i++) {
    const text = line(i);
    if (text.length > MAX_LINE) return undefined;
    width = Math.max(width, text.trimEnd().length);
  }
  let best: number | undefined;
  for (const [p, n] of counts) {
    const b = best === undefined ? 0 : (counts.get(best) ?? 0);
    if (best === undefined || n > b || (n === b && p < best)) best = p;
  }
  if (best === undefined || best < width * GUTTER_SHARE[0] || best > width * GUTTER_SHARE[1]) return undefined;
  return best;
}

/**
 * The pages (between form feeds) whose lines hold two columns side by side. `resumes` gives each
 * line's `resumePositions` (the parser keeps them per line from one version to the next).
 */
export function findColumnPages(
  n: number,
  line: (i: number) => string,
  resumes: (i: number) => readonly number[],
  /** The lines holding a form feed, ascending. */
  formFeeds: readonly number[],
  /** The lines whose `resumes` may be other than empty, ascending: no other line is asked. */
  gapped: readonly number[],
): ColumnPage[] {
  const bounds: [number, number][] = [];
  let start = 0;
  for (const i of formFeeds) {
    if (i < 1) continue;
    bounds.push([start, i - 1]);
    start = i;
  }
  bounds.push([start, n - 1]);
  /** How many lines of a page use a gutter, and how many lines have text. */
  const use = ([first, last]: [number, number], gutter: number) => {
    let used = 0;
    let content = 0;
    for (let j = first; j <= last; j++) {
      const s = shapeOf(line(j), gutter);
      if (s.kind !== "blank") content++;
      if (s.kind === "both" || s.kind === "right") used++;
    }
    return { used, content };
  };
  const own = bounds.map((b) => gutterOf(b[0], b[1], line, resumes, gapped));
  const gutters = bounds.map((b, k) => {
    const gutter = own[k];
    if (gutter === undefined) return undefined;
    const { used, content } = use(b, gutter);
    if (used >= MIN_LINES && used >= content * MIN_SHARE) return gutter;
    // The last page may end in a short right column (the record ends there): its gutter holds
    // where enough lines use it and an earlier page in two columns has its gutter near it.
    const last = k > 0 && bounds.slice(k + 1).every(([a, b]) => use([a, b], gutter).content === 0);
    return last && used >= MIN_LINES && own.some((g, j) => j < k && g !== undefined && Math.abs(g - gutter) <= INDENT)
      ? gutter
      : undefined;
  });
  // A short page (the last one) takes the gutter of the page before it where a few of its lines use it.
  let previous: number | undefined;
  const pages: ColumnPage[] = [];
  bounds.forEach((b, k) => {
    let gutter = gutters[k];
    if (gutter === undefined && previous !== undefined) {
      const { used, content } = use(b, previous);
      if (used >= MIN_SHORT_PAGE && used >= content * MIN_SHARE) gutter = previous;
    }
    if (gutter === undefined) return;
    pages.push({ startLine: b[0], endLine: b[1], gutter });
    previous = gutter;
  });
  return pages;
}

/**
 * The lines of a page put in reading order: what spans the page (its running head, its foot)
 * where it stands, and between, the left column's lines followed by the right column's. A blank
 * line of the page is a blank line in both columns; runs of blank lines become one.
 */
export function unColumnPage(lines: readonly string[], gutter: number): string[] {
  const out: string[] = [];
  let left: string[] = [];
  let right: string[] = [];
  const push = (column: string[], line: string) => {
    if (line === "" && (column.length === 0 || column[column.length - 1] === "")) return;
    column.push(line);
  };
  const flush = () => {
    // The right column goes on from the left one (a sentence may run over): no blank line between.
    for (const column of [left, right]) {
      while (column.length && column[column.length - 1] === "") column.pop();
      out.push(...column);
    }
    left = [];
    right = [];
  };
  for (const line of lines) {
    const s = shapeOf(line, gutter);
    if (s.kind === "blank") {
      push(left, "");
      push(right, "");
    } else if (s.kind === "span") {
      flush();
      out.push(line.trimEnd());
    } else {
      if (s.kind === "left" || s.kind === "both") push(left, s.left);
      if (s.kind === "right" || s.kind === "both") push(right, s.right);
    }
  }
  flush();
  return out;
}

/**
 * The text with each two-column page's lines put in reading order (`unColumnPage`); other pages
 * as they are. New lines end as the document's first line does.
 */
export function unColumn(lines: LineIndex, pages: readonly ColumnPage[]): string {
  const { text, starts, ends } = lines;
  const eol = lines.lineCount > 1 ? text.slice(ends[0], starts[1]) : "\n";
  let out = "";
  let from = 0;
  for (const page of pages) {
    const pageLines: string[] = [];
    for (let i = page.startLine; i <= page.endLine; i++) pageLines.push(lines.line(i));
    out += text.slice(from, starts[page.startLine]);
    out += unColumnPage(pageLines, page.gutter).join(eol);
    from = ends[page.endLine];
  }
  return out + text.slice(from);
}
