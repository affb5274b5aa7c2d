// A bilingual volume's pages (the 1946–1970s Official Records set English and French side by
// side): each page's gutter found from the OCR's word boxes, each column's language read from its
// function words (the languages' data), and the columns in another language than the record's
// left out before the layout reads the page. Tesseract may read a row of both columns as one
// line: such a line is cut at the gutter. A line across the gutter (a centred title) stays unless
// its own function words are all in the other language. Per page, as scanned pages shift.
import { widestStrip } from "../layout";
import { languagesOf, tokensOf } from "./layer";
import type { OcrLine } from "./tsv";

export interface Gutter {
  left: number;
  right: number;
}

/**
 * A page's gutter: the widest strip of its middle half (4 points or more) that at most one line
 * in ten crosses, with five lines or more wholly on each side.
 */
export function pageGutter(lines: readonly OcrLine[], width: number): Gutter | undefined {
  const from = Math.floor(width / 4);
  const to = Math.ceil((3 * width) / 4);
  if (to <= from || lines.length < 10) return undefined;
  const cover = new Uint32Array(to - from + 1);
  for (const line of lines) {
    let last = -1;
    for (const w of line.words) {
      const a = Math.max(from, Math.ceil(w.box.x), last + 1);
      const b = Math.min(to, Math.floor(w.box.x + w.box.width));
      for (let x = a; x <= b; x++) cover[x - from]++;
      last = Math.max(last, b);
    }
  }
  const best = widestStrip(cover, Math.floor(lines.length / 10));
  if (!best || best[1] - best[0] < 4) return undefined;
  const gutter = { left: from + best[0], right: from + best[1] };
  let before = 0;
  let after = 0;
  for (const l of lines) {
    const end = Math.max(...l.words.map((w) => w.box.x + w.box.width));
    if (end <= gutter.left + 1) before++;
    else if (l.words[0].box.x >= gutter.right - 1) after++;
  }
  return before >= 5 && after >= 5 ? gutter : undefined;
}

/** A line cut at the gutter where a gap between two of its words holds the gutter's middle. */
function cutAt(line: OcrLine, middle: number): OcrLine[] {
  for (let k = 1; k < line.words.length; k++) {
    const a = line.words[k - 1].box;
    const b = line.words[k].box;
    if (a.x + a.width < middle && b.x > middle)
      return [
        { ...line, words: line.words.slice(0, k) },
        { ...line, words: line.words.slice(k) },
      ];
  }
  return [line];
}

/** The language of some lines (most function words), with its count and the given language's. */
function languageOf(lines: readonly OcrLine[], language: string): { top?: string; count: number; own: number } {
  const counts = languagesOf(tokensOf(lines.map((l) => l.words.map((w) => w.text).join(" ")).join(" ")));
  return {
    ...(counts[0] ? { top: counts[0].language } : {}),
    count: counts[0]?.count ?? 0,
    own: counts.find((c) => c.language === language)?.count ?? 0,
  };
}

/**
 * The page's lines in the record's language: a column in another (five function words or more
 * in it, and fewer than a third as many in the record's) left out. Gives what was left out, by
 * side and language, for the import's report.
 */
export function keepLanguage(
  lines: readonly OcrLine[],
  width: number,
  language: string,
): { lines: OcrLine[]; leftOut: { side: "left" | "right"; language: string }[] } {
  const gutter = pageGutter(lines, width);
  if (!gutter) return { lines: [...lines], leftOut: [] };
  const middle = (gutter.left + gutter.right) / 2;
  const cut = lines.flatMap((l) => cutAt(l, middle));
  const sideOf = (l: OcrLine) => {
    const x0 = l.words[0].box.x;
    const last = l.words[l.words.length - 1].box;
    return last.x + last.width <= middle ? "left" : x0 >= middle ? "right" : "across";
  };
  const leftOut: { side: "left" | "right"; language: string }[] = [];
  const drop = new Set<OcrLine>();
  let other: string | undefined;
  for (const side of ["left", "right"] as const) {
    const column = cut.filter((l) => sideOf(l) === side);
    const { top, count, own } = languageOf(column, language);
    if (!top || top === language || count < 5 || own * 3 >= count) continue;
    for (const l of column) drop.add(l);
    leftOut.push({ side, language: top });
    other = top;
  }
  if (other)
    for (const l of cut) {
      if (sideOf(l) !== "across") continue;
      const { top, own } = languageOf([l], language);
      if (top === other && own === 0) drop.add(l);
    }
  return { lines: cut.filter((l) => !drop.has(l)), leftOut };
}
