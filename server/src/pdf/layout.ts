// From a PDF's text runs (read.ts) to lines in reading order, grouped into blocks (paragraphs),
// page furniture left out. Geometry only, and a pure function of `PdfText`: no pdf.js here.
//
// 1. Rows: a page's runs on one baseline.
// 2. Furniture: rows in a page's top or bottom margin (apart from the page's other rows by a gap)
//    that repeat on other pages (the same words, numbers aside), that read as furniture (the
//    model's own patterns: running head, page and job number, barcode), or that are set in a
//    barcode font.
// 3. Columns: the gutter is the strip of the page's middle third that the text leaves empty, the
//    one most pages agree on. On a page, a row with a run across the gutter spans the page; the rows between
//    two spanning rows form a band, which is read as two columns (left, then right) when its text
//    reaches the gutter from either side (justified columns), else row by row (a cover page's
//    title block: `United Nations` … `S/PV.8700`).
// 4. The cover: page 1's rows before its first band of columns (in a text with columns).
// 5. Blocks: in a column, a new block (paragraph) starts at a vertical gap wider than the
//    column's line pitch (its distance between lines of a paragraph), at a first-line indent (also
//    after an indented line that ends a sentence short of the edge), where a bold run opens a line (a speaker header)
//    and where a heading (a line all in bold) starts or ends; procedural lines and interpretation
//    notes (italics) stand apart by a gap. A column's first line continues the block before the
//    column break unless it is indented, a heading or in italics; a line flush with the margin
//    that starts in lower case after a gap continues the block too (the sentence goes on after a
//    quotation).
import { classifyFurniture } from "../model/furniture";
import { lazyPattern } from "../text/regexp";
import type { PdfFont, PdfRun, PdfText } from "./types";

/** Where a line sits: in the page's left or right column, or across the page. */
export type Side = "left" | "right" | "full";

export interface LayoutLine {
  page: number;
  text: string;
  /** Each character's horizontal extent on the page (points): for word boxes. */
  charStart: Float32Array;
  charEnd: Float32Array;
  /** Each character's font (index into `PdfText.fonts`; -1 unknown). */
  charFont: Int16Array;
  baseline: number;
  /** The largest font size on the line. */
  size: number;
  x0: number;
  x1: number;
  side: Side;
  /** A column on a page (page, band and side): lines of one segment follow one another. */
  segment: number;
  /** The line ends at its column's right edge (a full line of justified text). */
  atEdge: boolean;
  /** The line starts right of its column's margin (a first-line indent, a block quotation). */
  indented: boolean;
  /** Part of the cover page (page 1 before the columns). */
  cover: boolean;
  /** The line opens a block (a paragraph; on the cover, a group of lines apart from the next). */
  blockStart: boolean;
}

export interface FurnitureRow {
  page: number;
  text: string;
  baseline: number;
  why: "repeated" | "pattern" | "barcode";
}

export interface Layout {
  lines: LayoutLine[];
  furniture: FurnitureRow[];
  /** The gutter between the two columns (points from the left), when the text has two. */
  gutter?: { left: number; right: number };
}

interface Row {
  page: number;
  baseline: number;
  runs: PdfRun[];
}

/** A letter or a digit (any script), by its UTF-16 code unit: ASCII at once, the rest by pattern. */
export function isWordChar(code: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122);
  return WORD_CHAR().test(String.fromCharCode(code));
}
const WORD_CHAR = lazyPattern(() => /[\p{L}\p{N}\p{M}\uD800-\uDFFF]/u);

/** The largest page size PDF allows (points): a hostile MediaBox is measured no wider. */
const MAX_PAGE_SIZE = 14_400;

const UNKNOWN_FONT: PdfFont = { name: "", bold: false, italic: false, barcode: false };
const isSpace = (r: PdfRun) => r.text.trim() === "";
const runEnd = (r: PdfRun) => r.x + r.width;

/** Lays out a PDF's text: reading order, furniture, blocks. */
export function layoutPdf(pdf: PdfText): Layout {
  const fontOf = (i: number) => pdf.fonts[i] ?? UNKNOWN_FONT;
  const rowsByPage = pdf.pages.map((p) => rowsOf(p.number, p.runs));
  const furniture = findFurniture(rowsByPage, fontOf, pdf.pages.length);
  const furnitureRows = new Set(furniture.map((f) => f.row));
  const body = rowsByPage.map((rows) => rows.filter((r) => !furnitureRows.has(r)));
  // At most the largest page PDF allows (200 inches): the gutter is looked for point by point.
  const width = Math.min(
    maxOf(pdf.pages, (p) => p.width, 1),
    MAX_PAGE_SIZE,
  );
  const gutter = findGutter(body, width);
  const lines: LayoutLine[] = [];
  let segment = 0;
  let seenColumns = false;
  for (const rows of body) {
    for (const band of bandsOf(rows, gutter)) {
      // The cover: what page 1 prints above the columns (none in a text without columns).
      const cover = gutter !== undefined && rows[0]?.page === 1 && !seenColumns && band.kind !== "columns";
      // A title block set in two halves with no row across the gutter (a 1990s cover: the body's
      // name on the left, the meeting and date on the right), apart from the columns below it by
      // a gap: the cover, its left half read before its right.
      const title =
        gutter !== undefined && rows[0]?.page === 1 && !seenColumns && band.kind === "columns"
          ? titleBlock(band.rows, gutter)
          : 0;
      if (title && gutter) {
        const head = band.rows.slice(0, title);
        for (const side of ["left", "right"] as const) {
          segment++;
          for (const row of head) {
            const runs = row.runs.filter((r) => (side === "left") === r.x + r.width / 2 < gutter.middle);
            if (runs.some((r) => !isSpace(r))) lines.push(lineOf(row, runs, "full", segment, true));
          }
        }
        band.rows = band.rows.slice(title);
      }
      if (band.kind === "columns") seenColumns = true;
      if (band.kind === "columns") {
        for (const side of ["left", "right"] as const) {
          segment++;
          for (const row of band.rows) {
            const runs = row.runs.filter((r) => (side === "left") === r.x + r.width / 2 < (gutter?.middle ?? 0));
            if (runs.some((r) => !isSpace(r))) lines.push(lineOf(row, runs, side, segment, false));
          }
        }
      } else {
        segment++;
        for (const row of band.rows) lines.push(lineOf(row, row.runs, "full", segment, cover));
      }
    }
  }
  markColumns(lines);
  markBlocks(lines, fontOf);
  return {
    lines,
    furniture: furniture.map((f) => ({
      page: f.row.page,
      text: textOfRuns(f.row.runs),
      baseline: f.row.baseline,
      why: f.why,
    })),
    ...(gutter ? { gutter: { left: gutter.left, right: gutter.right } } : {}),
  };
}

/** A page's runs grouped into rows by baseline, top to bottom; each row's runs left to right. */
function rowsOf(page: number, runs: readonly PdfRun[]): Row[] {
  const sorted = runs.filter((r) => r.size > 0).sort((a, b) => a.baseline - b.baseline || a.x - b.x);
  const rows: Row[] = [];
  let current: Row | undefined;
  let minSize = 0;
  for (const r of sorted) {
    // One baseline give or take a few tenths of the smaller font's size (a superscript, a drop in
    // a title set in two sizes: `Security Council` beside `Provisional`).
    if (current && r.baseline - current.baseline <= 0.4 * Math.min(minSize, r.size)) {
      current.runs.push(r);
      minSize = Math.min(minSize, r.size);
      continue;
    }
    current = { page, baseline: r.baseline, runs: [r] };
    minSize = r.size;
    rows.push(current);
  }
  for (const row of rows) row.runs.sort((a, b) => a.x - b.x);
  return rows.filter((row) => row.runs.some((r) => !isSpace(r)));
}

/** A row's text as one string, runs joined by a space where there is a gap (see `lineOf`). */
function textOfRuns(runs: readonly PdfRun[]): string {
  // In parts, joined once: `endsWith` on a string built by `+=` flattens it each time (quadratic).
  const parts: string[] = [];
  let endsWithSpace = true;
  let prev: PdfRun | undefined;
  for (const r of runs) {
    if (isSpace(r)) {
      if (!endsWithSpace) parts.push(" ");
      endsWithSpace = true;
      continue;
    }
    if (prev && !endsWithSpace && gapIsSpace(prev, r)) parts.push(" ");
    const t = r.text.replace(/\s+/g, " ");
    parts.push(t);
    if (t) endsWithSpace = t.endsWith(" ");
    prev = r;
  }
  return parts.join("").trim();
}

/** The largest of many numbers (no spread: a row may have a hundred thousand runs). */
function maxOf<T>(xs: readonly T[], f: (x: T) => number, start = Number.NEGATIVE_INFINITY): number {
  let m = start;
  for (const x of xs) m = Math.max(m, f(x));
  return m;
}

/** A gap between two runs wider than a fifth of the smaller font's size is a space. */
function gapIsSpace(a: PdfRun, b: PdfRun): boolean {
  return b.x - runEnd(a) > 0.2 * Math.min(a.size, b.size);
}

/** A row's signature: its words, numbers made `#`, in any order (running heads alternate sides). */
function signature(text: string): string {
  return text.replace(/\d/g, "#").split(/\s+/).filter(Boolean).sort().join(" ");
}

/**
 * Page furniture: rows of a page's top or bottom margin — the rows before the first gap, from the
 * top or from the bottom, wider than twice the page's usual line pitch — that repeat on other
 * pages, read as furniture by the model's patterns, or are set in a barcode font.
 */
function findFurniture(
  pages: Row[][],
  fontOf: (i: number) => PdfFont,
  pageCount: number,
): { row: Row; why: FurnitureRow["why"] }[] {
  const candidates: { row: Row; text: string; sig: string }[] = [];
  // The document's line pitch: the median distance between consecutive rows one line apart
  // (0.9 to 2 times their type size: not two columns' rows a little apart, not a gap) on any page.
  const pitches: number[] = [];
  for (const rows of pages)
    for (let k = 1; k < rows.length; k++) {
      const d = rows[k].baseline - rows[k - 1].baseline;
      const size = maxOf(rows[k].runs, (r) => r.size);
      if (d >= 0.9 * size && d <= 2 * size) pitches.push(d);
    }
  const pitch = median(pitches) || 12;
  const gap = 2 * pitch;
  for (const rows of pages) {
    if (!rows.length) continue;
    let top = 0;
    while (top + 1 < rows.length && rows[top + 1].baseline - rows[top].baseline <= gap) top++;
    let bottom = rows.length - 1;
    while (bottom - 1 >= 0 && rows[bottom].baseline - rows[bottom - 1].baseline <= gap) bottom--;
    // A page that is all one block (no gap) has no margin rows.
    const margin = new Set<Row>();
    if (top < rows.length - 1) for (let k = 0; k <= top; k++) margin.add(rows[k]);
    if (bottom > 0) for (let k = bottom; k < rows.length; k++) margin.add(rows[k]);
    // At most three rows on each side: furniture is a line or two.
    const indexOf = new Map(rows.map((r, k) => [r, k]));
    for (const row of margin) {
      const k = indexOf.get(row) ?? 0;
      if (k > 2 && k < rows.length - 3) continue;
      const text = textOfRuns(row.runs);
      candidates.push({ row, text, sig: signature(text) });
    }
  }
  const pagesOf = new Map<string, Set<number>>();
  for (const c of candidates) {
    const set = pagesOf.get(c.sig) ?? new Set<number>();
    set.add(c.row.page);
    pagesOf.set(c.sig, set);
  }
  // Repeated: on three pages or more, or on every page but one of a short document.
  const repeatedOn = Math.min(3, Math.max(2, pageCount - 1));
  const out: { row: Row; why: FurnitureRow["why"] }[] = [];
  for (const c of candidates) {
    const glyphs = c.row.runs.filter((r) => !isSpace(r));
    if (glyphs.length && glyphs.every((r) => fontOf(r.font).barcode)) out.push({ row: c.row, why: "barcode" });
    else if ((pagesOf.get(c.sig)?.size ?? 0) >= repeatedOn && pageCount > 1) out.push({ row: c.row, why: "repeated" });
    else if (classifyFurniture(c.text, 0, 0)) out.push({ row: c.row, why: "pattern" });
  }
  return out;
}

interface Gutter {
  left: number;
  right: number;
  middle: number;
}

/**
 * The gutter between two columns. On each page, the widest strip of the page's middle third that
 * no row of text crosses (one row in fifty may: a heading across the page), with text on both
 * sides of it; a cover page with its tables across the middle has none. The document's gutter is
 * the one most pages agree on.
 */
function findGutter(pages: Row[][], width: number): Gutter | undefined {
  const from = Math.floor(width / 3);
  const to = Math.ceil((2 * width) / 3);
  const found: { left: number; right: number }[] = [];
  for (const rows of pages) {
    if (rows.length < 4) continue;
    const cover = new Uint32Array(to - from + 1);
    for (const row of rows) {
      let last = -1;
      for (const r of row.runs) {
        if (isSpace(r)) continue;
        const a = Math.max(from, Math.ceil(r.x), last + 1);
        const b = Math.min(to, Math.floor(runEnd(r)));
        for (let x = a; x <= b; x++) cover[x - from]++;
        last = Math.max(last, b);
      }
    }
    const best = widestStrip(cover, Math.floor(rows.length / 50));
    if (!best || best[1] - best[0] < 3) continue;
    const left = from + best[0];
    const right = from + best[1];
    let before = 0;
    let after = 0;
    for (const row of rows)
      for (const r of row.runs) {
        if (isSpace(r)) continue;
        if (runEnd(r) <= left) before++;
        else if (r.x >= right) after++;
      }
    if (before >= 3 && after >= 3) found.push({ left, right });
  }
  if (!found.length) return undefined;
  const middle = mode(found.map((g) => 2 * Math.round((g.left + g.right) / 4)));
  const agree = found.filter((g) => Math.abs((g.left + g.right) / 2 - middle) <= 3);
  const left = median(agree.map((g) => g.left));
  const right = median(agree.map((g) => g.right));
  return { left, right, middle: (left + right) / 2 };
}

interface Band {
  kind: "columns" | "rows";
  rows: Row[];
}

/** A page's rows in bands: rows across the gutter one by one, the rows between them as columns or rows. */
function bandsOf(rows: readonly Row[], gutter: Gutter | undefined): Band[] {
  if (!gutter) return rows.length ? [{ kind: "rows", rows: [...rows] }] : [];
  // A run across the gutter's middle, or a word space there between two runs of one line (an
  // OCR's words are runs of their own: a note across the page may have its space at the middle).
  const crosses = (row: Row) =>
    row.runs.some((r, k) => {
      if (!isSpace(r)) return r.x < gutter.middle - 1 && runEnd(r) > gutter.middle + 1;
      const a = row.runs[k - 1];
      const b = row.runs[k + 1];
      return (
        a !== undefined &&
        b !== undefined &&
        !isSpace(a) &&
        !isSpace(b) &&
        runEnd(a) <= gutter.middle + 1 &&
        b.x >= gutter.middle - 1 &&
        runEnd(a) > gutter.left - 1 &&
        b.x < gutter.right + 1 &&
        b.x - runEnd(a) < 0.6 * Math.min(a.size, b.size)
      );
    });
  const bands: Band[] = [];
  let pending: Row[] = [];
  const flush = () => {
    if (!pending.length) return;
    bands.push({ kind: isColumns(pending, gutter) ? "columns" : "rows", rows: pending });
    pending = [];
  };
  let across: Row[] = [];
  for (const row of rows) {
    if (crosses(row)) {
      flush();
      across.push(row);
      continue;
    }
    if (across.length) bands.push({ kind: "rows", rows: across });
    across = [];
    pending.push(row);
  }
  if (across.length) bands.push({ kind: "rows", rows: across });
  flush();
  return bands;
}

/**
 * The rows of a title block at the top of a band of columns: the rows before the widest gap
 * (more than two and a half times the type size) among those before the first row that reaches
 * the gutter, when they do not reach it themselves and print on both sides of it. 0 when none.
 */
function titleBlock(rows: readonly Row[], gutter: Gutter): number {
  let reach = 0;
  while (reach < rows.length && !isColumns([rows[reach]], gutter)) reach++;
  if (reach < 2 || reach >= rows.length) return 0;
  let best = 0;
  let widest = 0;
  for (let k = 1; k <= reach; k++) {
    const d = rows[k].baseline - rows[k - 1].baseline;
    const size = Math.max(
      maxOf(rows[k].runs, (r) => r.size),
      maxOf(rows[k - 1].runs, (r) => r.size),
    );
    if (d > 2.5 * size && d > widest) {
      widest = d;
      best = k;
    }
  }
  if (best < 2) return 0;
  const head = rows.slice(0, best);
  const left = head.some((row) => row.runs.some((r) => !isSpace(r) && runEnd(r) <= gutter.middle));
  const right = head.some((row) => row.runs.some((r) => !isSpace(r) && r.x >= gutter.middle));
  return left && right ? best : 0;
}

/**
 * Rows read as two columns: the text reaches the gutter from the left (a justified line ends at
 * it) or from the right (a line starts at it). A title block with a word at each end of the page
 * reaches neither.
 */
function isColumns(rows: readonly Row[], gutter: Gutter): boolean {
  const near = 3;
  for (const row of rows) {
    for (const r of row.runs) {
      if (isSpace(r)) continue;
      const end = runEnd(r);
      if (end <= gutter.middle && gutter.left - end <= near) return true;
      if (r.x >= gutter.middle && r.x - gutter.right <= near) return true;
    }
  }
  return false;
}

/** One line: the runs' text joined (a space where there is a gap), with each character's place and font. */
function lineOf(row: Row, runs: readonly PdfRun[], side: Side, segment: number, cover: boolean): LayoutLine {
  let room = 0;
  for (const r of runs) room += r.text.length + 1;
  const charStart = new Float32Array(room);
  const charEnd = new Float32Array(room);
  const charFont = new Int16Array(room);
  const parts: string[] = [];
  let n = 0;
  let lastIsSpace = true;
  let prev: PdfRun | undefined;
  let size = 0;
  const space = (x: number, font: number) => {
    if (lastIsSpace) return;
    parts.push(" ");
    charStart[n] = x;
    charEnd[n] = x;
    charFont[n] = font;
    n++;
    lastIsSpace = true;
  };
  for (const r of runs) {
    if (isSpace(r)) {
      space(r.x, r.font);
      continue;
    }
    if (prev && gapIsSpace(prev, r)) space(runEnd(prev), r.font);
    size = Math.max(size, r.size);
    // The run's width shared out evenly between its characters (pdf.js gives no glyph widths).
    const text = r.text;
    const step = text.length ? r.width / text.length : 0;
    // The run's text goes in as slices between its spaces, not a character at a time.
    let from = 0;
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      const x0 = r.x + k * step;
      if (c === 32 || c === 9 || c === 0xa0 || c === 10 || c === 13) {
        if (from < k) parts.push(text.slice(from, k));
        from = k + 1;
        space(x0, r.font);
        continue;
      }
      charStart[n] = x0;
      charEnd[n] = x0 + step;
      charFont[n] = r.font;
      n++;
      lastIsSpace = false;
    }
    if (from < text.length) parts.push(text.slice(from));
    prev = r;
  }
  if (lastIsSpace && n > 0) {
    parts.pop();
    n--;
  }
  return {
    page: row.page,
    text: parts.join(""),
    charStart: charStart.subarray(0, n),
    charEnd: charEnd.subarray(0, n),
    charFont: charFont.subarray(0, n),
    baseline: row.baseline,
    size: size || (runs[0]?.size ?? 0),
    x0: n ? charStart[0] : 0,
    x1: n ? charEnd[n - 1] : 0,
    side,
    segment,
    atEdge: false,
    indented: false,
    cover,
    blockStart: false,
  };
}

/**
 * Each side's margin (where most lines start) and right edge (where full lines end), over the
 * whole document: a line ending there is full (`atEdge`), one starting right of the margin is
 * indented. Across-the-page lines are measured the same way among themselves.
 */
function markColumns(lines: LayoutLine[]): void {
  for (const side of ["left", "right", "full"] as const) {
    const own = lines.filter((l) => l.side === side && !l.cover && l.text);
    if (!own.length) continue;
    // The margin: the leftmost start that lines share (one line in twenty, two at least).
    const starts = new Map<number, number>();
    for (const l of own) starts.set(Math.round(l.x0), (starts.get(Math.round(l.x0)) ?? 0) + 1);
    const shared = [...starts].filter(([, n]) => n >= Math.max(2, own.length / 20)).map(([x]) => x);
    const margin = shared.length ? -maxOf(shared, (x) => -x) : mode(own.map((l) => Math.round(l.x0)));
    const ends = own.map((l) => l.x1).sort((a, b) => a - b);
    const edge = ends[Math.floor(ends.length * 0.95)] ?? 0;
    for (const l of own) {
      l.atEdge = l.x1 >= edge - 1.5;
      l.indented = l.x0 > margin + 3;
    }
  }
}

interface Style {
  startsBold: boolean;
  endsBold: boolean;
  allBold: boolean;
  mostlyItalic: boolean;
}

function styleOf(l: LayoutLine, fontOf: (i: number) => PdfFont): Style {
  let letters = 0;
  let bold = 0;
  let italic = 0;
  let first: PdfFont | undefined;
  let last: PdfFont | undefined;
  for (let k = 0; k < l.text.length; k++) {
    if (!isWordChar(l.text.charCodeAt(k))) continue;
    const f = fontOf(l.charFont[k]);
    first ??= f;
    last = f;
    letters++;
    if (f.bold) bold++;
    if (f.italic) italic++;
  }
  return {
    startsBold: first?.bold ?? false,
    endsBold: last?.bold ?? false,
    allBold: letters > 0 && bold === letters,
    mostlyItalic: letters > 0 && italic * 2 > letters,
  };
}

/** Marks where blocks start (see the top of this file). */
function markBlocks(lines: LayoutLine[], fontOf: (i: number) => PdfFont): void {
  const styles = lines.map((l) => styleOf(l, fontOf));
  // Each segment's line pitch: the median distance between its consecutive baselines.
  const pitchOf = new Map<number, number>();
  const bySegment = new Map<number, LayoutLine[]>();
  for (const l of lines) {
    const own = bySegment.get(l.segment) ?? [];
    own.push(l);
    bySegment.set(l.segment, own);
  }
  const all: number[] = [];
  for (const [seg, own] of bySegment) {
    const pitches: number[] = [];
    for (let k = 1; k < own.length; k++) {
      const d = own[k].baseline - own[k - 1].baseline;
      if (d > 0 && d < 2.5 * own[k].size) pitches.push(d);
    }
    all.push(...pitches);
    if (pitches.length >= 3) pitchOf.set(seg, linePitch(pitches));
  }
  // Too few lines to tell: the pitch of type set solid with a fifth of its size as leading. (The
  // document's pitch sorted once, not once a line: a record of short columns has many such lines.)
  const documentPitch = all.length >= 3 ? linePitch(all) : undefined;
  const usual = (l: LayoutLine) => documentPitch ?? 1.2 * l.size;
  // What kind of block each line is in: a heading, italics (procedural, a note) or text.
  let kind = "text" as "cover" | "heading" | "italic" | "text";
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k];
    const s = styles[k];
    const p = lines[k - 1];
    const ps = styles[k - 1];
    const own: typeof kind = l.cover ? "cover" : s.allBold ? "heading" : s.mostlyItalic ? "italic" : "text";
    let start: boolean;
    if (!p) start = true;
    else if (l.cover || p.cover) {
      // The cover page: groups of lines apart by more than one and a half times the larger font.
      start = !l.cover || l.baseline - p.baseline > 1.5 * Math.max(l.size, p.size) || l.segment !== p.segment;
    } else if (l.segment !== p.segment) {
      // A column or page break: a line flush with the margin goes on with the text before it.
      start = l.indented || own !== "text" || kind !== "text";
    } else {
      const pitch = pitchOf.get(l.segment) ?? usual(l);
      const gap = l.baseline - p.baseline > 1.35 * pitch;
      const indent = l.x0 > p.x0 + 3;
      // A bold run opening a line opens a speaker header; a heading (a line all in bold) is a
      // block of its own. Italics alone part nothing: a title in italics may fill a line of text,
      // and procedural lines and notes stand apart by a gap anyway.
      const styled = (s.startsBold && !ps.endsBold) || (own === "heading") !== (kind === "heading");
      const goesOn = gap && kind === "text" && own === "text" && !l.indented && /^\p{Ll}/u.test(l.text);
      // A first-line indent after a line that ends a sentence short of the column's edge, even
      // where the line before is indented too (a stage direction set indented, then a paragraph).
      const after = l.indented && !p.atEdge && /[.!?:;…"”’)\]]$/u.test(p.text.trimEnd());
      start = styled || indent || after || (gap && !goesOn);
    }
    if (start) kind = own;
    l.blockStart = start;
  }
}

/**
 * The distance between the baselines of two lines of one paragraph, from a column's distances: a
 * low quantile rather than the median, since a page of short paragraphs (a record made by Word,
 * where a paragraph is often a line or two, set apart by half a line) has more gaps between
 * paragraphs than between lines.
 */
function linePitch(pitches: readonly number[]): number {
  const s = [...pitches].sort((a, b) => a - b);
  return s[Math.floor(s.length / 5)];
}

function median(xs: readonly number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function mode(xs: readonly number[]): number {
  const counts = new Map<number, number>();
  let best = xs[0] ?? 0;
  for (const x of xs) {
    const n = (counts.get(x) ?? 0) + 1;
    counts.set(x, n);
    if (n > (counts.get(best) ?? 0)) best = x;
  }
  return best;
}

/**
 * The widest run of positions that at most `allowed` lines cross (`cover[k]`: how many cross
 * position k), as [start, end); none when every position is crossed more.
 */
export function widestStrip(cover: Uint32Array, allowed: number): [number, number] | undefined {
  let best: [number, number] | undefined;
  let start = -1;
  for (let k = 0; k <= cover.length; k++) {
    const open = k < cover.length && cover[k] <= allowed;
    if (open && start < 0) start = k;
    if (!open && start >= 0) {
      if (!best || k - start > best[1] - best[0]) best = [start, k];
      start = -1;
    }
  }
  return best;
}
