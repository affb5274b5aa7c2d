import { classifyFurniture } from "../furniture";
import { memoKey } from "../memo";
import type { Furniture } from "../types";
import { BLANK, ENDS_SENTENCE, type ParseState } from "./state";

/** What a line is on its own: page furniture, blank, or text (the parser's memo table). */
const FURNITURE = memoKey<{ f: NonNullable<ReturnType<typeof classifyFurniture>> } | "blank" | "text">("furniture");

/** A running head's title is a heading: at most this long. */
const TITLE_MAX = 200;

/** Pass 1: blank lines and page furniture (running headers, page and job numbers, barcodes, form feeds). */
export function classifyLines(s: ParseState): void {
  const { lines } = s;
  // Each line read as if it stood at the start of the document, then placed here; unchanged
  // lines keep what the previous version found.
  const classify = s.memo.lines(
    FURNITURE,
    (i) => lines.line(i),
    (text) => {
      const f = classifyFurniture(text, 0, 0);
      return f ? { f } : BLANK.test(text) ? "blank" : "text";
    },
  );
  for (let i = 0; i < s.n; i++) {
    const found = classify(i);
    if (found === "text") continue;
    if (found === "blank") s.kinds[i] = "blank";
    else {
      const start = lines.starts[i];
      const { f } = found;
      s.kinds[i] = "furniture";
      s.furniture.push({
        ...f,
        line: i,
        span: { start: f.span.start + start, end: f.span.end + start },
        ...(f.formFeed !== undefined ? { formFeed: f.formFeed + start } : {}),
      });
    }
  }
  ordinals(s);
  strayMarks(s);
  coverSymbol(s);
  runningTitles(s);
}

/** Punctuation alone: a mark printed by itself (a stray full stop in a page's margin). */
const MARK_ALONE = /^[\s\f]*[\p{P}\p{S}]{1,3}\s*$/u;

/** A mark alone between two lines of furniture (blank lines aside) is furniture too. */
function strayMarks(s: ParseState): void {
  const added: Furniture[] = [];
  const near = (i: number, step: number) => {
    let j = i + step;
    while (j >= 0 && j < s.n && s.kinds[j] === "blank") j += step;
    return j >= 0 && j < s.n && s.kinds[j] === "furniture";
  };
  for (const f of s.furniture) {
    // Only after a furniture line: the candidates are few.
    let i = f.line + 1;
    while (i < s.n && s.kinds[i] === "blank") i++;
    if (i >= s.n || s.kinds[i] !== "text") continue;
    const text = s.lines.line(i);
    if (!MARK_ALONE.test(text) || !near(i, 1)) continue;
    const lead = text.length - text.trimStart().length;
    const start = s.lines.starts[i];
    s.kinds[i] = "furniture";
    added.push({ kind: "footer", line: i, span: { start: start + lead, end: start + text.trimEnd().length } });
  }
  if (!added.length) return;
  const all = [...s.furniture, ...added].sort((a, b) => a.line - b.line);
  s.furniture.length = 0;
  s.furniture.push(...all);
}

/** The rest of an ordinal set apart from its number: `85` / `th plenary meeting` (a superscript). */
const ORDINAL_REST = /^(?:st|nd|rd|th)\b/;

/** A number alone whose ordinal suffix opens the next line is the cover's meeting number, not a page number. */
function ordinals(s: ParseState): void {
  for (let k = s.furniture.length - 1; k >= 0; k--) {
    const f = s.furniture[k];
    if (f.kind !== "page-number" || f.pageCount !== undefined) continue;
    let j = f.line + 1;
    while (j < s.n && s.kinds[j] === "blank") j++;
    if (j >= s.n || s.kinds[j] !== "text" || !ORDINAL_REST.test(s.lines.line(j).trimStart())) continue;
    if (!/^\s*\d{1,3}\s*$/.test(s.lines.line(f.line))) continue;
    s.kinds[f.line] = "text";
    s.furniture.splice(k, 1);
  }
}

/** A cover page's first lines (pdftotext without -raw puts its symbol on a line of its own). */
const COVER_TOP = 10;

/** The record symbol alone among the cover page's first lines is the cover's, not a running head. */
function coverSymbol(s: ParseState): void {
  let content = 0;
  for (let i = 0; i < s.n && content < COVER_TOP; i++) {
    if (s.kinds[i] === "blank") continue;
    content++;
    const f = s.furniture[0];
    if (f?.line !== i) continue;
    if (!f.part || !f.symbol) return;
    s.kinds[i] = "text";
    s.furniture.shift();
  }
}

/**
 * The running head's title on a line of its own, under its symbol or date (pdftotext without
 * -raw: `10/01/2020` / `The situation in the Middle East`): the line after such a part (blank
 * lines aside), or the page's first line above it, that reads as a heading, where the same line stands beside a part on two pages or
 * more — a heading printed once in the text is no running head.
 */
function runningTitles(s: ParseState): void {
  const beside = new Map<string, number[]>();
  for (const f of s.furniture) {
    if (!f.part || f.kind !== "running-header") continue;
    for (const step of [1, -1]) {
      let j = f.line + step;
      while (j >= 0 && j < s.n && s.kinds[j] === "blank") j += step;
      if (j < 0 || j >= s.n || s.kinds[j] !== "text") continue;
      const line = s.lines.line(j);
      // Above the part, only a page's first line (after its form feed).
      if (step < 0 && !line.includes("\f")) continue;
      const title = line.replace(/\f/g, "").trim();
      if (!title || title.length > TITLE_MAX || ENDS_SENTENCE.test(title) || !/^\p{Lu}/u.test(title)) continue;
      const at = beside.get(title);
      if (at) at.push(j);
      else beside.set(title, [j]);
    }
  }
  const titles: Furniture[] = [];
  for (const lines of beside.values()) {
    const unique = [...new Set(lines)];
    if (unique.length < 2) continue;
    for (const j of unique) {
      const text = s.lines.line(j);
      const lead = text.length - text.trimStart().length;
      const start = s.lines.starts[j];
      s.kinds[j] = "furniture";
      titles.push({
        kind: "running-header",
        line: j,
        part: true,
        span: { start: start + lead, end: start + text.trimEnd().length },
      });
    }
  }
  if (!titles.length) return;
  const all = [...s.furniture, ...titles].sort((a, b) => a.line - b.line);
  s.furniture.length = 0;
  s.furniture.push(...all);
}
