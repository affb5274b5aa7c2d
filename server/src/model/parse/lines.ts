import { lazyPattern } from "../../text/regexp";
import { classifyFurniture } from "../furniture";
import { memoKey, variantOf } from "../memo";
import { firstAtLeastBy } from "../sorted";
import type { Furniture } from "../types";
import { BLANK, copyMoved, ENDS_SENTENCE, formFeedLines, notTextLines, type ParseState } from "./state";

/** What a line is on its own: page furniture, blank, or text (the parser's memo table). */
const FURNITURE = memoKey<{ f: NonNullable<ReturnType<typeof classifyFurniture>> } | "blank" | "text">("furniture");

/** What a line recurs as (`keyOf`), null for none (the parser's memo table, one per language). */
const RECURRENCE_KEY = memoKey<string | null>("recurrence-key");

/** The lines that are blank or furniture on their own (`FURNITURE` other than "text"), ascending (the parser's memo table). */
const PLAIN_LINES = memoKey<readonly number[]>("blank-or-furniture-lines");

/** This version's furniture once `classifyLines` is done, and what it was found with, for the next version. */
const CLASSES_HELD = memoKey<{ furniture: readonly Furniture[]; profile: unknown }>("line-classes-held");

/** Text lines on each side of an edit that let `classifyLines` take the previous version's furniture over. */
const MARGIN = 4;

/** What a line is on its own (`FURNITURE`). */
function ownClass(text: string): { f: Furniture } | "blank" | "text" {
  const f = classifyFurniture(text, 0, 0);
  return f ? { f } : BLANK.test(text) ? "blank" : "text";
}

/** A running head's title is a heading: at most this long. */
const TITLE_MAX = 200;

/** Pass 1: blank lines and page furniture (running headers, page and job numbers, barcodes, form feeds). */
export function classifyLines(s: ParseState): void {
  const { lines } = s;
  // Each line read as if it stood at the start of the document, then placed here; unchanged
  // lines keep what the previous version found.
  const classify = s.memo.lines(FURNITURE, (i) => lines.line(i), ownClass);
  // Only the lines that are not text on their own are visited (a function of each line's text:
  // after an edit, the previous version's list with the edit's lines asked again): every other
  // line keeps the kind "text" it starts with.
  const plain = s.memo.linesWhere(PLAIN_LINES, (i) => classify(i) !== "text");
  s.plainLines = plain;
  const kept = keptFurniture(s, classify);
  if (kept) {
    // The previous version's furniture, moved past the edit: the blank lines as they are, the
    // furniture's lines by the list (a line found by pattern that a pass made text again is text).
    for (const i of plain) if (classify(i) === "blank") s.kinds[i] = "blank";
    for (const f of kept) {
      s.kinds[f.line] = "furniture";
      s.furniture.push(f);
    }
  } else classifyAll(s, plain, classify);
  s.memo.hold(CLASSES_HELD, { furniture: s.furniture.slice(), profile: s.profile });
}

/**
 * The previous version's furniture after `classifyLines`, moved past the edit, where the edit
 * cannot change it; else undefined. It cannot where the edit's lines and `MARGIN` lines on each
 * side are text on their own and hold no form feed (in both versions: the lines the edit
 * replaced too), none of those lines was furniture after the previous version's passes, the
 * edit comes after the cover's first lines of content, and a line of content follows it. Then
 * each pass decides every line outside the edit as the previous version did, reading none of
 * the edit's lines: a page number's next line and a stray mark's lines (`ordinals`,
 * `strayMarks`), a running head part's neighbour (`runningTitles`) stop at the margin's text; a
 * page break's candidates are at most `NEAR_BREAK` lines of text from it, so the margin's
 * lines of text keep them outside the edit, and no line of the edit or next to it stands alone
 * (`repeatedAtBreaks`); the cover's first lines come before it (`coverSymbol`); and the form
 * feeds before the last line of content are the same ones (the count of pages).
 */
function keptFurniture(
  s: ParseState,
  classify: (i: number) => { f: Furniture } | "blank" | "text",
): Furniture[] | undefined {
  const e = s.memo.edited();
  const before = s.memo.previous(CLASSES_HELD);
  if (!e || !before || before.profile !== s.profile) return undefined;
  const from = e.head - MARGIN;
  const to = e.tail + MARGIN;
  if (from < 0 || to > s.n) return undefined;
  const { lines } = s;
  for (let i = from; i < to; i++) if (classify(i) !== "text" || lines.line(i).includes("\f")) return undefined;
  for (const line of s.memo.replacedLines()) if (ownClass(line) !== "text" || line.includes("\f")) return undefined;
  // The cover's first lines of content (`coverSymbol`), before the margin.
  let content = 0;
  let i = 0;
  for (; i < from && content < COVER_TOP; i++) if (classify(i) !== "blank") content++;
  if (content < COVER_TOP) return undefined;
  // A line of content after the edit (`repeatedAtBreaks`' last line of content).
  let last = s.n - 1;
  while (last >= 0 && !lines.line(last).replace(/\f/g, "").trim()) last--;
  if (last < e.tail) return undefined;
  const old = before.furniture;
  // No furniture among the previous version's lines of the margins and the edit.
  let k = firstAtLeastBy(old, (f) => f.line, from);
  if (k < old.length && old[k].line < to - e.shift) return undefined;
  const out: Furniture[] = old.slice(0, k);
  const { shift, delta } = e;
  for (; k < old.length; k++) {
    const f = old[k];
    if (!shift && !delta) {
      out.push(f);
      continue;
    }
    const c = copyMoved(f);
    c.line = f.line + shift;
    c.span = { start: f.span.start + delta, end: f.span.end + delta };
    if (f.formFeed !== undefined) c.formFeed = f.formFeed + delta;
    out.push(c);
  }
  return out;
}

/** Every pass of `classifyLines` over the lines found blank or furniture on their own (`plain`). */
function classifyAll(
  s: ParseState,
  plain: readonly number[],
  classify: (i: number) => { f: Furniture } | "blank" | "text",
): void {
  const { lines } = s;
  for (const i of plain) {
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
  coverSymbol(s);
  runningTitles(s);
  repeatedAtBreaks(s);
  strayMarks(s);
}

/**
 * What a line that may recur as furniture recurs as: its words in any order, numbers made `#`; undefined for
 * a line that is text whatever its repetition — one that ends a sentence or a header (`.`, `:`,
 * `)`), starts in lower case (a sentence going on from the page before) or opens with a speaker
 * header.
 */
function keyOf(s: ParseState, line: string): string | undefined {
  const text = line.replace(/\f/g, "").trim();
  if (text.length < 4 || text.length > TITLE_MAX || ENDS_SENTENCE.test(text) || !/\p{L}/u.test(text)) return undefined;
  if (/^\p{Ll}/u.test(text)) return undefined;
  // A speaker header opening a paragraph (`The President: I now give the floor to the`).
  if (text.includes(":") && s.profile.headerStart.test(text)) return undefined;
  // In any order: a running head gives its parts the other way round on facing pages.
  return text
    .replace(/\p{N}+/gu, "#")
    .split(/\s+/)
    .sort()
    .join(" ");
}

/** Lines read on each side of a page break for lines that recur there. */
const NEAR_BREAK = 2;
/** A line that recurs at this many page breaks (numbers aside) is the page's furniture. */
const RECURS_AT = 3;

/**
 * Furniture by repetition, whatever its shape (as the PDF import finds it with geometry): a line
 * next to a page break — its first or last lines of content, a form feed or furniture found by
 * pattern marking the break — that recurs, its numbers aside, at three breaks or more (two in a
 * text of three pages), and the same line set alone elsewhere. A line that
 * ends a sentence (or a header's colon), or that a sentence runs through (lower case at its start
 * or the next line's), is text, however often it recurs.
 */
function repeatedAtBreaks(s: ParseState): void {
  // What a line recurs as, read once per line.
  const recurrence = s.memo.lines(
    variantOf(RECURRENCE_KEY, s.profile.code),
    (i) => s.lines.line(i),
    (line) => keyOf(s, line) ?? null,
  );
  const { kinds, n } = s;
  // The page breaks: runs of furniture lines (blank lines between), and lines holding a form feed.
  // Only those lines are visited (the furniture list and the form feeds' lines, both ascending):
  // a walk as long as the furniture, not the record.
  const breaks: [number, number][] = [];
  const feedLines = formFeedLines(s);
  const furniture = s.furniture;
  for (let f = 0, k = 0, previous = -1; f < furniture.length || k < feedLines.length; ) {
    const atFurniture = f < furniture.length ? furniture[f].line : n;
    const atFeed = k < feedLines.length ? feedLines[k] : n;
    const i = Math.min(atFurniture, atFeed);
    if (atFurniture === i) f++;
    if (atFeed === i) k++;
    if (i === previous || (kinds[i] !== "furniture" && atFeed !== i)) continue;
    previous = i;
    const last = breaks[breaks.length - 1];
    let gap = last ? last[1] + 1 : -1;
    while (last && gap < i && kinds[gap] === "blank") gap++;
    if (last && gap === i) last[1] = i;
    else breaks.push([i, i]);
  }
  if (breaks.length < 2) return;
  // Form feeds that start a page (not the one pdftotext ends its text with): those with a line of
  // content at or after theirs, the form feeds aside.
  let lastContent = n - 1;
  while (lastContent >= 0 && !s.lines.line(lastContent).replace(/\f/g, "").trim()) lastContent--;
  let feeds = 0;
  while (feeds < feedLines.length && feedLines[feeds] <= lastContent) feeds++;
  const at = new Map<string, Set<number>>();
  const lineOf = new Map<number, string>();
  breaks.forEach(([first, last], b) => {
    const candidates: number[] = [];
    // Inside the break (a line of text among its furniture), then on each side of it.
    for (let j = first; j <= last; j++) if (s.kinds[j] === "text") candidates.push(j);
    for (const [from, step] of [
      [first - 1, -1],
      [last + (s.kinds[last] === "furniture" ? 1 : 0), 1],
    ] as const) {
      let seen = 0;
      for (let j = from; j >= 0 && j < s.n && seen < NEAR_BREAK; j += step) {
        if (s.kinds[j] === "blank") continue;
        if (s.kinds[j] !== "text") break;
        seen++;
        if (!candidates.includes(j)) candidates.push(j);
      }
    }
    for (const j of candidates) {
      const key = recurrence(j);
      if (key === null) continue;
      lineOf.set(j, key);
      const set = at.get(key) ?? new Set<number>();
      set.add(b);
      at.set(key, set);
    }
  });
  // Three breaks, or every page's but the first in a text of three pages (its form feeds).
  const recurs = Math.min(RECURS_AT, Math.max(2, feeds || breaks.length));
  const keys = new Set([...at].filter(([, b]) => b.size >= recurs).map(([key]) => key));
  if (!keys.size) return;
  // The same line set alone elsewhere on a page (blank lines around it): `pdftotext` without
  // -raw gives a running head where the page's column changes.
  const apart = (k: number) => k < 0 || k >= n || kinds[k] === "blank" || kinds[k] === "furniture";
  // Not among the cover page's first lines of content: the symbol alone there is the cover's.
  let from = 0;
  for (let content = 0; from < n && content < COVER_TOP; from++) if (kinds[from] !== "blank") content++;
  // A line set alone follows a line that is not text (or starts the text): only those are read,
  // ascending as a walk over every line would.
  const notText = notTextLines(s);
  for (let m = -1; m < notText.length; m++) {
    const j = m < 0 ? 0 : notText[m] + 1;
    if (j < from || j >= n) continue;
    if (kinds[j] !== "text" || !apart(j - 1) || !apart(j + 1) || lineOf.has(j)) continue;
    if (s.lines.ends[j] - s.lines.starts[j] > TITLE_MAX + 40) continue;
    const key = recurrence(j);
    if (key !== null && keys.has(key)) lineOf.set(j, key);
  }
  const added: Furniture[] = [];
  for (const [j, key] of lineOf) {
    if (!keys.has(key)) continue;
    const text = s.lines.line(j);
    const lead = text.length - text.trimStart().length;
    const start = s.lines.starts[j];
    const ff = text.indexOf("\f");
    s.kinds[j] = "furniture";
    added.push({
      kind: "running-header",
      line: j,
      span: { start: start + lead, end: start + text.trimEnd().length },
      ...(ff >= 0 ? { formFeed: start + ff } : {}),
    });
  }
  if (!added.length) return;
  const all = [...s.furniture, ...added].sort((a, b) => a.line - b.line);
  s.furniture.length = 0;
  s.furniture.push(...all);
}

/** Punctuation alone: a mark printed by itself (a stray full stop in a page's margin). */
const MARK_ALONE = lazyPattern(() => /^[\s\f]*[\p{P}\p{S}]{1,3}\s*$/u);

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
    if (!MARK_ALONE().test(text) || !near(i, 1)) continue;
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
const ORDINAL_REST = lazyPattern(() => /^(?:st|nd|rd|th)\b/);

/** A number alone whose ordinal suffix opens the next line is the cover's meeting number, not a page number. */
function ordinals(s: ParseState): void {
  for (let k = s.furniture.length - 1; k >= 0; k--) {
    const f = s.furniture[k];
    if (f.kind !== "page-number" || f.pageCount !== undefined) continue;
    let j = f.line + 1;
    while (j < s.n && s.kinds[j] === "blank") j++;
    if (j >= s.n || s.kinds[j] !== "text" || !ORDINAL_REST().test(s.lines.line(j).trimStart())) continue;
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
