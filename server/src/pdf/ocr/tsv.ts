// Tesseract's TSV (one row per page, block, paragraph, line and word: its box in pixels, and a
// word's confidence, 0–100) → the runs the layout reads (types.ts), as pdf.js gives a text PDF's:
// each word a run on its line's baseline, a space run between two words of a line. The layout
// then finds rows, columns, furniture and paragraphs as for any PDF.
import type { PageBox, PdfPage, PdfRun } from "../types";

/** A word Tesseract read: its text, box (PDF points from the page's top-left corner) and confidence. */
export interface OcrWord {
  text: string;
  box: PageBox;
  /** 0–100, Tesseract's. */
  confidence: number;
  /** Doubtful whatever its confidence: a header's name read below REREAD_BELOW (headers.ts). */
  doubtful?: true;
}

interface Row {
  block: number;
  par: number;
  line: number;
  left: number;
  top: number;
  width: number;
  height: number;
  conf: number;
  text: string;
  /** Dot leaders read as letters (see `leaders`). */
  leader?: boolean;
}

/** The word rows of a TSV (level 5, with text), in Tesseract's reading order. */
export function tsvWords(tsv: string): Row[] {
  const out: Row[] = [];
  for (const line of tsv.split("\n")) {
    const f = line.split("\t");
    if (f.length < 12 || f[0] !== "5") continue;
    const text = f.slice(11).join(" ").replace(/\r$/, "").trim();
    if (!text) continue;
    const n = f.slice(2, 11).map(Number);
    if (n.some((x) => !Number.isFinite(x))) continue;
    const [block, par, lineNo, , left, top, width, height, conf] = n;
    out.push({ block, par, line: lineNo, left, top, width, height, conf, text });
  }
  return out;
}

/**
 * A reading that may be a cover's symbol (`S/pv.s699`, `Avorv.ss`) or its meeting number in large
 * type (`8707`, `85`): kept when Tesseract read it with little confidence, for the cover's repair (cover.ts).
 */
export const SYMBOL_LIKE = /^[AS5$]\S{1,12}\.\S{1,6}$|\p{N}{2}/u;

/**
 * Specks Tesseract reads as `|`, `—` or `.` with little confidence, and pictures it reads as
 * letters with little confidence (an emblem, a barcode, a logo: `nN`, `(gX\\`), taller than half
 * as much again as the page's usual word: no word of the record. (A title in large type reads
 * with confidence once read again alone, reread.ts; a cover's symbol in large type, `S/pv.s699`,
 * is kept for cover.ts to put right.)
 */
const speck = (r: Row, usual: number) =>
  (r.conf < 50 && !/[\p{L}\p{N}]/u.test(r.text)) ||
  (r.conf < 40 && r.height > 1.5 * usual && !SYMBOL_LIKE.test(r.text));

/**
 * A line's dot leaders (`Bahrain ........ Mr. X` on a cover), which Tesseract reads as words of
 * letters (`eeeae`, `acess`) no taller than a dot: words under a third of the page's usual word
 * height, or stretched wider than letters are, one after another, become one run of dots across
 * them (a dot for each 2.5 points); a dash (`-`, `—`) is as flat: it stays. A line of nothing but
 * stretched words (and doubtful dashes) is a rule printed across the page, read as `eee`: no
 * text, left out, as pdf.js gives none for it.
 */
function leaders(line: Row[], pageHeight: number): Row[] {
  // The page's usual word height: a line of dots has none of its own, a logo's line a picture's.
  const height = pageHeight || median(line.map((r) => r.height));
  const dash = (r: Row) => /^[-\u2010-\u2015]+$/.test(r.text);
  // Wider than letters are: a rule or a leader read as a few letters (`eee` over 2000 pixels).
  const stretched = (r: Row) => r.width > 2.5 * r.height * [...r.text].length;
  const isDots = (r: Row) => !dash(r) && (r.height < height / 3 || stretched(r));
  if (line.every((r) => stretched(r) || (dash(r) && r.conf < 60))) return [];
  if (!line.some((r) => !isDots(r))) return line;
  const out: Row[] = [];
  for (const r of line) {
    if (!isDots(r)) {
      out.push(r);
      continue;
    }
    const last = out[out.length - 1];
    if (last?.leader) {
      last.width = r.left + r.width - last.left;
      last.height = Math.max(last.height, r.height);
    } else out.push({ ...r, conf: LEADER, leader: true });
  }
  return out;
}
/** The confidence a dot leader is given: no doubt, it is no word. */
const LEADER = 100;

/**
 * The page's words turned back by the scan's skew, about the image's centre: a scanned page lies a
 * little askew (half a degree turns a line's end 2.5 points off its start), which would set the
 * end of a column's line on another row than the other column's, and a column's edge on a slant.
 * The skew is the median slope between the bottoms of neighbouring words of Tesseract's lines
 * (descenders go either way), within 3 degrees; each word's box keeps its size, its corner moved.
 */
function deskewed(rows: Row[], width: number, height: number): Row[] {
  const slopes: number[] = [];
  for (let k = 1; k < rows.length; k++) {
    const a = rows[k - 1];
    const b = rows[k];
    if (a.block !== b.block || a.par !== b.par || a.line !== b.line) continue;
    const dx = b.left + b.width / 2 - (a.left + a.width / 2);
    if (dx < 4 * Math.max(a.height, b.height)) continue;
    slopes.push((b.top + b.height - (a.top + a.height)) / dx);
  }
  if (slopes.length < 8) return rows;
  const slope = median(slopes);
  if (!(Math.abs(slope) > 0.0005 && Math.abs(slope) < MAX_SKEW)) return rows;
  const cx = width / 2;
  const cy = height / 2;
  return rows.map((r) => {
    // The box's bottom-left corner (on the baseline) turned by -skew: x += s·y, y -= s·x.
    const x = r.left - cx;
    const y = r.top + r.height - cy;
    return { ...r, left: cx + x + slope * y, top: cy + y - slope * x - r.height };
  });
}
/** The largest skew turned back: tan 3°. */
const MAX_SKEW = 0.0524;

/**
 * A page's usual word height (pixels): the median of the words read with confidence (a cover's
 * dot leaders, read as many flat doubtful words, would make it theirs), else of all.
 */
export function usualHeight(rows: readonly { height: number; conf: number }[]): number {
  const sure = rows.filter((r) => r.conf >= 60);
  return median((sure.length >= 10 ? sure : rows).map((r) => r.height));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1] : 0;
};

/** Letters and marks that reach below the baseline, or above the x-height (Latin and digits). */
const DESCENDS = /[gjpqyQ,;()[\]{}]/;
const ASCENDS = /[\p{Lu}\dbdfhklt]/u;

/** A line Tesseract read: its words left to right, on one baseline (points), at one type size. */
export interface OcrLine {
  page: number;
  words: OcrWord[];
  baseline: number;
  size: number;
}

/**
 * A page's lines from its TSV. `dpi` is the rendering's resolution; `width`/`height` the page's
 * size in points (the image's size in the TSV gives the scale; the resolution where it lacks).
 */
export function linesFromTsv(
  page: number,
  tsv: string,
  dpi: number,
  size: { width: number; height: number },
): OcrLine[] {
  // Points a pixel: the page's size over the image's (TSV's page row), else the resolution's.
  const image = /^1\t\d+\t0\t0\t0\t0\t0\t0\t(\d+)\t(\d+)\t/m.exec(tsv);
  const scale = image && Number(image[1]) > 0 ? size.width / Number(image[1]) : 72 / dpi;
  const all = tsvWords(tsv);
  const usual = usualHeight(all);
  const rows = deskewed(
    all.filter((r) => !speck(r, usual)),
    image ? Number(image[1]) : (size.width * dpi) / 72,
    image ? Number(image[2]) : (size.height * dpi) / 72,
  );
  const pageHeight = usual;
  const lines: OcrLine[] = [];
  let k = 0;
  while (k < rows.length) {
    let end = k + 1;
    while (
      end < rows.length &&
      rows[end].block === rows[k].block &&
      rows[end].par === rows[k].par &&
      rows[end].line === rows[k].line
    )
      end++;
    const line = leaders(
      rows.slice(k, end).sort((a, b) => a.left - b.left),
      pageHeight,
    );
    k = end;
    if (!line.length) continue;
    // The baseline: where the line's words with no descender end (`Cyprus` ends below it, a
    // fifth of its height); the size from the top of its capitals and ascenders, about 0.7 of
    // the type size (`was` starts lower, at the x-height).
    const flat = line.filter((r) => !DESCENDS.test(r.text));
    const baseline =
      (flat.length
        ? median(flat.map((r) => r.top + r.height))
        : median(line.map((r) => r.top + r.height - r.height / 5))) * scale;
    const tall = line.filter((r) => ASCENDS.test(r.text));
    const top =
      (tall.length
        ? median(tall.map((r) => r.top))
        : median(line.map((r) => r.top)) - 0.3 * median(line.map((r) => r.height))) * scale;
    lines.push({
      page,
      baseline,
      size: Math.max(4, (baseline - top) / 0.7),
      words: line.flatMap((r) =>
        spread({
          text: r.leader ? ".".repeat(Math.min(80, Math.max(3, Math.round((r.width * scale) / 2.5)))) : r.text,
          box: { page, x: r.left * scale, y: r.top * scale, width: r.width * scale, height: r.height * scale },
          confidence: r.conf,
        }),
      ),
    });
  }
  for (const l of lines) l.words = symbolWords(l.words, l.size);
  return joinedLines(lines);
}

/**
 * A document symbol on a cover, printed in two sizes (a large `S`, then `/PV.8703` in small
 * capitals), which Tesseract reads as two words (`S` `/PV.10100`) or in lower case (`S/pv.8703`):
 * a word that starts with `/` joins the word before it when they are less than half the type
 * size apart, and a symbol's `pv` is set in capitals, as printed.
 */
function symbolWords(words: OcrWord[], size: number): OcrWord[] {
  const out: OcrWord[] = [];
  for (const w of words) {
    const last = out[out.length - 1];
    // An opening bracket read alone (`(` `interpretation`, read at 200 dpi): it joins the word
    // after it when they are closer than a word space (a quarter of the type size): print sets
    // no space after an opening bracket.
    const bracket = last && /^[([]$/.test(last.text) && /^[\p{L}\p{N}]/u.test(w.text);
    if (last && ((/^\/\p{L}/u.test(w.text) && /^\p{Lu}+$/u.test(last.text)) || bracket)) {
      const end = last.box.x + last.box.width;
      if (w.box.x - end < (bracket ? size / 4 : size / 2)) {
        out[out.length - 1] = {
          text: last.text + w.text,
          box: { ...last.box, width: w.box.x + w.box.width - last.box.x },
          confidence: Math.min(last.confidence, w.confidence),
        };
        continue;
      }
    }
    out.push(w);
  }
  return out.map((w) =>
    SYMBOL_PV.test(w.text) ? { ...w, text: w.text.replace(SYMBOL_PV, (m) => m.toUpperCase()) } : w,
  );
}
/** A symbol's verbatim-record part in lower case: `S/pv.` `A/64/pv.`. */
const SYMBOL_PV = /^(?:[AS]\/(?:\d+\/)?)pv(?=\.\d)/;

/**
 * A reading of several words (a second reading, reread.ts, gives the words of its box as one)
 * as words of their own, the box shared by their characters, a space's share between two.
 */
function spread(word: OcrWord): OcrWord[] {
  const parts = word.text.split(" ").filter(Boolean);
  if (parts.length < 2) return [word];
  const share = word.box.width / Math.max(1, word.text.length);
  const out: OcrWord[] = [];
  let at = 0;
  for (const part of parts) {
    const k = word.text.indexOf(part, at);
    out.push({ ...word, text: part, box: { ...word.box, x: word.box.x + k * share, width: part.length * share } });
    at = k + part.length;
  }
  return out;
}

/**
 * Lines Tesseract cut at a word space joined again: a note printed across the page, its line cut
 * where the body's gutter runs (`… Corrections should` | `be submitted …`), is one line on the
 * page, and the layout must see the space between its halves, as pdf.js gives it. Two lines on
 * one baseline (within a quarter of their type size), the second starting less than 0.6 of it
 * after the first ends (a gutter is wider), of sizes within a fifth.
 */
function joinedLines(lines: OcrLine[]): OcrLine[] {
  const order = [...lines].sort((a, b) => a.baseline - b.baseline || a.words[0].box.x - b.words[0].box.x);
  const gone = new Set<OcrLine>();
  for (let i = 0; i < order.length; i++) {
    const a = order[i];
    if (gone.has(a)) continue;
    for (let j = i + 1; j < order.length && order[j].baseline - a.baseline < 0.25 * a.size; j++) {
      const b = order[j];
      if (gone.has(b) || Math.abs(a.size - b.size) > 0.2 * Math.max(a.size, b.size)) continue;
      const end = a.words[a.words.length - 1].box;
      const gap = b.words[0].box.x - (end.x + end.width);
      if (gap < 0 || gap > 0.6 * a.size) continue;
      a.words.push(...b.words);
      gone.add(b);
      j = i; // the joined line may reach another
    }
  }
  return lines.filter((l) => !gone.has(l));
}

/** The runs of lines: each word a run, a space run between two words of a line. */
export function runsOfLines(lines: readonly OcrLine[], font = 0): PdfRun[] {
  const runs: PdfRun[] = [];
  for (const line of lines) {
    let prev: PdfRun | undefined;
    for (const w of line.words) {
      const { x, width } = w.box;
      if (prev) {
        // Where two words' boxes overlap (a tall `f` reaching over the next word), the space
        // starts where the next word does: the layout sorts a row's runs by their start.
        const end = Math.min(prev.x + prev.width, x);
        runs.push({ text: " ", x: end, baseline: line.baseline, width: Math.max(0, x - end), size: line.size, font });
      }
      prev = { text: w.text, x, baseline: line.baseline, width, size: line.size, font };
      runs.push(prev);
    }
  }
  return runs;
}

/** A page's runs and words from its TSV (see `linesFromTsv`). */
export function pageFromTsv(
  page: number,
  tsv: string,
  dpi: number,
  size: { width: number; height: number },
  font = 0,
): { page: PdfPage; words: OcrWord[] } {
  const lines = linesFromTsv(page, tsv, dpi, size);
  return {
    page: { number: page, width: size.width, height: size.height, runs: runsOfLines(lines, font) },
    words: lines.flatMap((l) => l.words),
  };
}
