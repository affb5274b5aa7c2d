import { lazyPattern } from "../../text/regexp";
import type { Span } from "../../types";
import { type AcronymInput, findAcronyms, findDefinitions, type LineAcronym, lineAcronyms } from "../acronyms";
import { type DateExpression, findDates } from "../dates";
import { findDocumentRefs } from "../documentRefs";
import { decideHyphen, type HyphenEvidence } from "../hyphenation";
import { type IntRows, type MemoKey, memoKey, variantOf } from "../memo";
import { firstAtLeast, firstAtLeastBy } from "../sorted";
import type { AcronymDefinition, AcronymToken, DocumentRef, HyphenBreak, LineKind, TranscriptModel } from "../types";
import { hyphenationCensus, wordCensus, wordKeys } from "../wordCensus";
import type { ParseOptions } from "./options";
import {
  copyMoved,
  finalKindsKept,
  lineText,
  movedTail,
  type ParseState,
  type Spares,
  sameKinds,
  sameObjects,
} from "./state";

/** Where a word sits in its line. */
type InLine = { at: number; length: number } | null;

// The parser's memo tables (model/memo.ts), each written here only.
const DOCUMENT_REFS = memoKey<readonly DocumentRef[]>("document-refs");
// Where a word sits in each line, two integers a line (`at` -1 for none): tables of integers
// outside the JS heap (`LineTables.ints`).
const LINE_END_HYPHEN_AT = memoKey<IntRows>("line-end-hyphen");
const LINE_START_WORD_AT = memoKey<IntRows>("line-start-word");

/** A table of `InLine`s, two integers a line: what `find` gives for line `i`, read once per line. */
function inLines(s: ParseState, key: MemoKey<IntRows>, find: (text: string) => InLine): (i: number) => InLine {
  const rows = s.memo.ints(
    key,
    2,
    (i) => lineText(s, i),
    (text, values, at) => {
      const found = find(text);
      values[at] = found ? found.at : -1;
      values[at + 1] = found ? found.length : 0;
    },
  );
  const { values } = rows;
  return (i) => {
    const at = rows.row(i);
    return values[at] < 0 ? null : { at: values[at], length: values[at + 1] };
  };
}
const LINE_ACRONYMS = memoKey<ReturnType<typeof lineAcronyms>>("acronyms");
const KINDS = memoKey<readonly unknown[]>("kinds");
const HYPHEN_DECISIONS = memoKey<readonly unknown[]>("hyphen-decisions");
const ACRONYM_DEFINITIONS = memoKey<AcronymDefinition[]>("acronym-definitions");
const DATES: MemoKey<DateExpression[]> = memoKey("dates");
const DATES_PLACED: MemoKey<DateExpression[]> = memoKey("dates-placed");
/** This version's line-end breaks, their spellings' census keys and what they were found with, for the next version. */
const BREAKS_HELD = memoKey<{
  breaks: readonly HyphenBreak[];
  /** Each break's census keys, joined and hyphenated ("" both for a soft hyphen's): two lists, not split again each version. */
  joined: readonly string[];
  hyphened: readonly string[];
  kinds: readonly LineKind[];
  evidence: readonly unknown[];
}>("line-end-breaks-held");
/** This version's dates and the line kinds they were found with, for the next version. */
const DATES_HELD = memoKey<{
  dates: readonly DateExpression[];
  kinds: readonly LineKind[];
  spares: Spares<DateExpression> | undefined;
}>("dates-held");
/** This version's acronyms and what they were found with, for the next version. */
const ACRONYMS_HELD = memoKey<{
  acronyms: readonly AcronymToken[];
  spares: Spares<AcronymToken> | undefined;
  kinds: readonly LineKind[];
  excluded: readonly Span[];
  compounds: ReadonlySet<string>;
}>("acronyms-held");
const REF_LINES = memoKey<readonly number[]>("document-ref-lines");
const HYPHEN_LINES = memoKey<readonly number[]>("line-end-hyphen-lines");
const ACRONYM_LINES = memoKey<readonly number[]>("acronym-lines");

const LINE_END_HYPHEN = lazyPattern(() => /([\p{L}\p{M}'’-]*[\p{L}\p{M}])([-\u00AD\u2010\u2011])[ \t]*$/u);
const LINE_START_WORD = lazyPattern(() => /^[ \t]*([\p{L}\p{M}][\p{L}\p{M}'’-]*[\p{L}\p{M}]|[\p{L}\p{M}])/u);

export function buildTokens(s: ParseState, options: ParseOptions): TranscriptModel["tokens"] {
  const { lines, kinds } = s;
  const documentRefs: DocumentRef[] = [];
  // Document symbols line by line; unchanged lines keep what the previous version found.
  const refsOf = s.memo.lines(
    DOCUMENT_REFS,
    (i) => lineText(s, i),
    (own) => {
      const found: DocumentRef[] = [];
      findDocumentRefs(own, 0, found);
      return found.length ? found : NO_REFS;
    },
  );
  // The word before a line-end hyphen, and the word starting a line: where they are in the line.
  const lineEndHyphen = inLines(s, LINE_END_HYPHEN_AT, (text) => {
    const m = LINE_END_HYPHEN().exec(text.length > 80 ? text.slice(-80) : text);
    return m ? { at: (text.length > 80 ? text.length - 80 : 0) + (m.index ?? 0), length: m[1].length } : null;
  });
  const lineStartWord = inLines(s, LINE_START_WORD_AT, (text) => {
    const w = LINE_START_WORD().exec(text);
    return w ? { at: w[0].length - w[1].length, length: w[1].length } : null;
  });
  // The lines holding a document symbol, and those ending in a hyphen: a function of each line's
  // text, so that an edit asks only the lines it changed and the passes below walk these lines,
  // not the record.
  const refLines =
    options.tokens === "line-end-hyphens" ? [] : s.memo.linesWhere(REF_LINES, (i) => refsOf(i) !== NO_REFS);
  for (const i of refLines) {
    const kind = kinds[i];
    if (kind === "blank" || kind === "furniture") continue;
    const lineStart = lines.starts[i];
    for (const r of refsOf(i))
      documentRefs.push({ ...r, span: { start: r.span.start + lineStart, end: r.span.end + lineStart } });
  }
  const hyphenLines = s.memo.linesWhere(HYPHEN_LINES, (i) => {
    // Most lines do not end in a hyphen: look at the last character before running the pattern,
    // and run it on the line's tail only (a word is never 80 characters long).
    const last = lastVisible(s.text, lines.starts[i], lines.ends[i]);
    if (last !== "-" && last !== "\u00AD" && last !== "\u2010" && last !== "\u2011") return false;
    return lineEndHyphen(i) !== null;
  });
  const hyphenBreaks = lineEndBreaks(s, options, hyphenLines, lineEndHyphen, lineStartWord);
  if (options.tokens === "line-end-hyphens")
    return { documentRefs: [], hyphenBreaks, acronyms: [], acronymDefinitions: [], dates: [] };
  const acronymInput = {
    text: s.text,
    lineStarts: lines.starts,
    lineEnds: lines.ends,
    kinds,
    excluded: excludedSpans(s, documentRefs),
    breaks: new BreaksByLine(hyphenBreaks),
    lineAt: (offset: number) => lines.lineAt(offset),
    functionWords: s.profile.functionWords,
    compounds: options.compoundAcronyms ?? new Set<string>(),
    ...(options.knownExpansions ? { known: options.knownExpansions } : {}),
  };
  const compounds = acronymInput.compounds;
  const acronymsOf = s.memo.lines(
    LINE_ACRONYMS,
    (i) => lineText(s, i),
    (own) => lineAcronyms(own, compounds),
  );
  const acronyms = acronymsFollowingEdit(
    s,
    acronymInput,
    (i) => acronymsOf(i),
    s.memo.linesWhere(ACRONYM_LINES, (i) => acronymsOf(i).length > 0),
  );
  // A definition reads a few lines around its short form, their kinds and hyphen decisions:
  // unchanged, the previous version's definitions for that line are taken over.
  // The previous version's final kinds were compared with these once (the acronyms asked the
  // same of the same array): all the same outside the edit, no line is marked.
  const e = s.memo.edited();
  s.memo.context(KINDS, kinds, (old) => e !== undefined && finalKindsKept(s, old as LineKind[], e).same);
  s.memo.sparseContext(
    HYPHEN_DECISIONS,
    hyphenBreaks.map((b) => b.line),
    hyphenBreaks.map((b) => b.decision),
  );
  const acronymDefinitions = findDefinitions(acronymInput, acronyms, (line, compute) => {
    const start = lines.starts[line];
    return s.memo.window(
      ACRONYM_DEFINITIONS,
      line,
      () => {
        const r = compute();
        return { value: r.definitions.map((d) => placeDefinition(d, -start, -line)), first: r.first, last: r.last };
      },
      // Most lines with acronyms define none: their empty list is placed as it is.
      (value) => (value.length ? value.map((d) => placeDefinition(d, start, line)) : value),
    );
  });
  const dates = datesByBlock(s, documentRefs);
  return { documentRefs, hyphenBreaks, acronyms, acronymDefinitions, dates };
}

/**
 * The dates of the text, found block by block: no expression runs over a blank line, so each
 * run of lines between blank lines is read on its own (and, unchanged, comes from the memo).
 * Years inside document symbols are no dates. A function of the text alone (its blank lines,
 * its blocks, the symbols in them): after an edit, the previous version's dates before the
 * blocks the edit touched are taken as they are, those after them moved by the edit, and only
 * the touched blocks are read — unless a line's blankness changed outside the edit.
 */
function datesByBlock(s: ParseState, documentRefs: readonly DocumentRef[]): DateExpression[] {
  const { kinds, profile } = s;
  const heldKey = variantOf(DATES_HELD, profile.code);
  const before = s.memo.previous(heldKey);
  const e = s.memo.edited();
  let out: DateExpression[];
  let spares: Spares<DateExpression> | undefined;
  if (before && e && finalKindsKept(s, before.kinds, e).blanks) {
    // The blocks the edit touched: from the block holding its first line to the one holding its last.
    let a = e.head;
    while (a > 0 && kinds[a - 1] !== "blank") a--;
    let b = Math.min(Math.max(e.tail - 1, e.head), s.n - 1);
    while (b + 1 < s.n && kinds[b + 1] !== "blank") b++;
    out = [];
    const old = before.dates;
    let k = 0;
    while (k < old.length && old[k].line < a) out.push(old[k++]);
    datesOfBlocks(s, documentRefs, a, b, out);
    // The previous version's lines after the touched blocks are this version's, `shift` lines on.
    while (k < old.length && old[k].line <= b - e.shift) k++;
    spares = movedTail(old, k, before.spares, !e.delta && !e.shift, out, (t, into) => movedInto(t, into, e));
  } else {
    out = [];
    datesOfBlocks(s, documentRefs, 0, s.n - 1, out);
  }
  s.memo.hold(heldKey, { dates: out, kinds, spares });
  return out;
}

/**
 * The line-end hyphens of text and header lines followed by a line of text (blank lines and
 * furniture between), each with its verdict (`decideHyphen`: the two halves, the counts of the
 * two spellings in the census, the lexicon). After an edit whose line kinds outside it are the
 * previous version's, the previous breaks before the edit's first line of content are taken as
 * they are and those after it moved by the edit, their verdicts decided again only where the
 * edit changed the count of one of their spellings (a word of a line it replaced or wrote); the
 * lines between are read.
 */
function lineEndBreaks(
  s: ParseState,
  options: ParseOptions,
  candidates: readonly number[],
  endOf: (i: number) => InLine,
  startOf: (i: number) => InLine,
): HyphenBreak[] {
  const { lines, kinds, text } = s;
  let evidence: HyphenEvidence | undefined;
  const lexicon = options.lexicon?.(s.profile.code);
  const evidenceOf = () =>
    (evidence ??= {
      // A parse for its hyphens alone (the PDF import's draft) counts no plain word.
      counts:
        options.tokens === "line-end-hyphens"
          ? hyphenationCensus(s.memo, kinds, lines)
          : wordCensus(s.memo, kinds, lines).counts,
      lexicon,
      hyphenPrefixes: s.profile.hyphenPrefixes,
      closedPrefixes: s.profile.closedPrefixes,
      alwaysClosedPrefixes: s.profile.alwaysClosedPrefixes,
      suffixes: s.profile.boundSuffixes,
    });
  // What a verdict reads besides the halves and their counts: the lexicon and the profile's lists.
  const evidenceParts = [
    lexicon,
    s.profile.hyphenPrefixes,
    s.profile.closedPrefixes,
    s.profile.alwaysClosedPrefixes,
    s.profile.boundSuffixes,
  ];
  const out: HyphenBreak[] = [];
  const joinedKeys: string[] = [];
  const hyphenedKeys: string[] = [];
  // The breaks of the candidate lines `from` to `to` (excluded), decided.
  const read = (from: number, to: number) => {
    for (let k = firstAtLeast(candidates, from); k < candidates.length && candidates[k] < to; k++) {
      const i = candidates[k];
      const kind = kinds[i];
      if (kind !== "text" && kind !== "header") continue;
      const end = endOf(i);
      if (!end) continue;
      let next = -1;
      for (let j = i + 1; j < s.n; j++) {
        if (kinds[j] === "furniture" || kinds[j] === "blank") continue;
        next = kinds[j] === "text" ? j : -1;
        break;
      }
      if (next < 0) continue;
      const start = startOf(next);
      if (!start) continue;
      const beforeStart = lines.starts[i] + end.at;
      const hyphen = beforeStart + end.length;
      const afterStart = lines.starts[next] + start.at;
      const f = {
        line: i,
        hyphen,
        before: { start: beforeStart, end: hyphen },
        after: { start: afterStart, end: afterStart + start.length },
      };
      const first = text.slice(f.before.start, f.before.end);
      const second = text.slice(f.after.start, f.after.end);
      const soft = text[hyphen] === "\u00AD";
      const verdict = soft
        ? softHyphen()
        : decideHyphen(first, second, evidenceOf(), options.lineEndEvidence?.(f.line));
      out.push({ ...f, decision: verdict.decision, reason: verdict.reason });
      if (soft) {
        joinedKeys.push("");
        hyphenedKeys.push("");
      } else {
        const [joined, hyphened] = spellingsOf(first, second).split("\n");
        joinedKeys.push(joined);
        hyphenedKeys.push(hyphened);
      }
    }
  };
  const e = s.memo.edited();
  const before = s.memo.previous(BREAKS_HELD);
  if (
    e &&
    before &&
    !options.lineEndEvidence &&
    sameObjects(before.evidence, evidenceParts) &&
    finalKindsKept(s, before.kinds, e).same
  ) {
    // A break on a line before the edit's first line of content reads no line the edit changed.
    let a = e.head - 1;
    while (a >= 0 && (kinds[a] === "blank" || kinds[a] === "furniture")) a--;
    a = Math.max(0, a);
    // The spellings whose counts the edit may have changed: the words of the lines it replaced and wrote.
    const touched = new Set<string>();
    for (const line of s.memo.replacedLines()) for (const w of wordKeys(line)) touched.add(w);
    for (let i = e.head; i < e.tail; i++) for (const w of wordKeys(lines.line(i))) touched.add(w);
    const again = (b: HyphenBreak, joined: string, hyphened: string, moved: boolean): void => {
      let verdict: { decision: HyphenBreak["decision"]; reason: string } = b;
      if (joined && (touched.has(joined) || touched.has(hyphened)))
        verdict = decideHyphen(
          text.slice(b.before.start, b.before.end),
          text.slice(b.after.start, b.after.end),
          evidenceOf(),
        );
      if (!moved && verdict === b) out.push(b);
      else {
        const c = copyMoved(b);
        c.decision = verdict.decision;
        c.reason = verdict.reason;
        out.push(c);
      }
      joinedKeys.push(joined);
      hyphenedKeys.push(hyphened);
    };
    const old = before.breaks;
    let k = 0;
    for (; k < old.length && old[k].line < a; k++) again(old[k], before.joined[k], before.hyphened[k], false);
    read(a, e.tail);
    while (k < old.length && old[k].line < e.tail - e.shift) k++;
    for (; k < old.length; k++) {
      const b = old[k];
      let c = b;
      if (e.delta || e.shift) {
        c = copyMoved(b);
        c.line = b.line + e.shift;
        c.hyphen = b.hyphen + e.delta;
        c.before = { start: b.before.start + e.delta, end: b.before.end + e.delta };
        c.after = { start: b.after.start + e.delta, end: b.after.end + e.delta };
      }
      again(c, before.joined[k], before.hyphened[k], false);
    }
  } else read(0, s.n);
  s.memo.hold(BREAKS_HELD, { breaks: out, joined: joinedKeys, hyphened: hyphenedKeys, kinds, evidence: evidenceParts });
  return out;
}

/** The census keys of a break's two spellings, joined and hyphenated, one line apart ("" for a soft hyphen's). */
function spellingsOf(first: string, second: string): string {
  return `${first}${second}\n${first}-${second}`.toLowerCase();
}

/**
 * The acronyms of the text (`findAcronyms` on the lines holding any): a token reads its line's
 * text and kind, the spans excluded around it and at most `ACRONYM_READS_BACK` characters of
 * the lines before it. After an edit whose kinds and excluded spans outside it are the previous
 * version's, the previous tokens before it are taken as they are, those after it moved by the
 * edit, and only the lines from that far before the edit to its end are read.
 */
function acronymsFollowingEdit(
  s: ParseState,
  input: AcronymInput,
  perLine: (i: number) => readonly LineAcronym[],
  candidates: readonly number[],
): AcronymToken[] {
  const e = s.memo.edited();
  const before = s.memo.previous(ACRONYMS_HELD);
  const { starts } = s.lines;
  let out: AcronymToken[] | undefined;
  let spares: Spares<AcronymToken> | undefined;
  if (
    e &&
    before &&
    before.compounds === input.compounds &&
    (input.kinds === s.kinds ? finalKindsKept(s, before.kinds, e).same : sameKinds(before.kinds, input.kinds, e)) &&
    sameSpansOutside(
      before.excluded,
      input.excluded,
      starts[e.head] ?? s.text.length,
      e.tail < s.n ? starts[e.tail] : s.text.length,
      e.delta,
    )
  ) {
    const from = s.lines.lineAt(Math.max(0, (starts[e.head] ?? s.text.length) - ACRONYM_READS_BACK - 1));
    const a = Math.min(from, e.head);
    let lo = 0;
    while (lo < candidates.length && candidates[lo] < a) lo++;
    let hi = lo;
    while (hi < candidates.length && candidates[hi] < e.tail) hi++;
    const middle = findAcronyms(input, perLine, candidates.slice(lo, hi));
    out = [];
    const old = before.acronyms;
    let k = 0;
    while (k < old.length && old[k].line < a) out.push(old[k++]);
    for (const t of middle) out.push(t);
    while (k < old.length && old[k].line < e.tail - e.shift) k++;
    spares = movedTail(old, k, before.spares, !e.delta && !e.shift, out, (t, into) => movedInto(t, into, e));
  }
  out ??= findAcronyms(input, perLine, candidates);
  s.memo.hold(ACRONYMS_HELD, {
    acronyms: out,
    spares,
    kinds: input.kinds,
    excluded: input.excluded,
    compounds: input.compounds,
  });
  return out;
}

/** Characters before its line that an acronym's test could read (`nameInCapitals` reads its own line only: a margin). */
const ACRONYM_READS_BACK = 400;

/** The dates of the blocks of lines `from`…`to` (each a whole block, or blank), added to `out`. */
function datesOfBlocks(
  s: ParseState,
  documentRefs: readonly DocumentRef[],
  from: number,
  to: number,
  out: DateExpression[],
): void {
  const { lines, kinds, profile } = s;
  // The first document symbol that may overlap the lines (they ascend by their spans).
  let ex = 0;
  const fromOffset = lines.starts[from] ?? 0;
  for (let hi = documentRefs.length; ex < hi; ) {
    const mid = (ex + hi) >> 1;
    if (documentRefs[mid].span.end <= fromOffset) ex = mid + 1;
    else hi = mid;
  }
  const datesKey = variantOf(DATES, profile.code);
  const placedKey = variantOf(DATES_PLACED, profile.code);
  for (let first = from; first <= to; first++) {
    if (kinds[first] === "blank") continue;
    let last = first;
    while (last + 1 < s.n && kinds[last + 1] !== "blank") last++;
    const start = lines.starts[first];
    // Placed at this version's offsets, without the years of document symbols; a block before
    // the edit keeps the previous version's placed dates as they are.
    // The block's lines are the document's: a date's line in the block is read from its index.
    const found = s.memo.block(
      datesKey,
      first,
      last,
      () => s.text.slice(start, lines.ends[last]),
      (block) => findDates(block, profile, [], (offset) => lines.lineAt(start + offset) - first),
    );
    // Most blocks hold no date: nothing to place, nothing to keep.
    if (!found.length) {
      first = last;
      continue;
    }
    const placed = s.memo.placedBlock(placedKey, first, last, () => {
      const own: DateExpression[] = [];
      for (const d of found) {
        const span = { start: d.span.start + start, end: d.span.end + start };
        while (ex < documentRefs.length && documentRefs[ex].span.end <= span.start) ex++;
        if (ex < documentRefs.length && documentRefs[ex].span.start < span.end) continue;
        own.push({ ...d, span, line: d.line + first });
      }
      return own;
    });
    for (const d of placed) out.push(d);
    first = last;
  }
}

const NO_REFS: DocumentRef[] = [];

/**
 * The line-end breaks by the line that ends with the hyphen, read from the list itself (ascending
 * by line, one a line) by a binary search: the acronym definitions ask a few lines an edit, and a
 * `Map` of every break was built for them at every version.
 */
class BreaksByLine implements ReadonlyMap<number, HyphenBreak> {
  constructor(private readonly breaks: readonly HyphenBreak[]) {}

  get size(): number {
    return this.breaks.length;
  }

  get(line: number): HyphenBreak | undefined {
    const { breaks } = this;
    const at = firstAtLeastBy(breaks, (b) => b.line, line);
    return at < breaks.length && breaks[at].line === line ? breaks[at] : undefined;
  }

  has(line: number): boolean {
    return this.get(line) !== undefined;
  }

  forEach(f: (value: HyphenBreak, key: number, map: ReadonlyMap<number, HyphenBreak>) => void): void {
    for (const b of this.breaks) f(b, b.line, this);
  }

  *entries(): MapIterator<[number, HyphenBreak]> {
    for (const b of this.breaks) yield [b.line, b];
  }

  *keys(): MapIterator<number> {
    for (const b of this.breaks) yield b.line;
  }

  *values(): MapIterator<HyphenBreak> {
    for (const b of this.breaks) yield b;
  }

  [Symbol.iterator](): MapIterator<[number, HyphenBreak]> {
    return this.entries();
  }
}

/** A definition moved by `offset` characters and `lineShift` lines. */
function placeDefinition(d: AcronymDefinition, offset: number, lineShift: number): AcronymDefinition {
  const c = copyMoved(d);
  c.long = { start: d.long.start + offset, end: d.long.end + offset };
  c.short = { start: d.short.start + offset, end: d.short.end + offset };
  c.span = { start: d.span.start + offset, end: d.span.end + offset };
  c.line = d.line + lineShift;
  return c;
}

const SPACE = lazyPattern(() => /\s/);

/** The last character of a line that is not white space (as `trimEnd` sees it), or "". */
function lastVisible(text: string, start: number, end: number): string {
  for (let k = end - 1; k >= start; k--) {
    const code = text.charCodeAt(k);
    // Printable ASCII needs no pattern to be told from white space.
    if (code > 32 && code < 127) return text[k];
    const c = text[k];
    if (c !== " " && c !== "\t" && !SPACE().test(c)) return c;
  }
  return "";
}

/** A soft hyphen at a line end is the typesetter's mark of a split word: the word joins. */
function softHyphen() {
  return { decision: "join" as const, reason: "a soft hyphen marks a split word" };
}

/**
 * Spans that hold no acronyms: document symbols, and the names and offices of speaker headers
 * (records of the 1990s print them in capitals: `Mr. INDERFURTH (…):`, `The PRESIDENT:`), in order.
 */
function excludedSpans(s: ParseState, documentRefs: readonly { span: Span }[]): Span[] {
  const out: Span[] = documentRefs.map((r) => r.span);
  for (const h of s.headers)
    for (const part of h.parts) if (part.kind === "name" || part.kind === "office") out.push(part.span);
  return out.sort((a, b) => a.start - b.start);
}

/**
 * An element of the previous version after the edit, at this version's offset and line: set into
 * `into` (an older copy of the same element, `movedTail`), or a new copy.
 */
function movedInto<T extends { span: { start: number; end: number }; line: number }>(
  t: T,
  into: T | undefined,
  e: { delta: number; shift: number },
): T {
  if (!into) return moved(t, e);
  into.span.start = t.span.start + e.delta;
  into.span.end = t.span.end + e.delta;
  into.line = t.line + e.shift;
  return into;
}

/** An element of the previous version after the edit, at this version's offset and line. */
function moved<T extends { span: { start: number; end: number }; line: number }>(
  t: T,
  e: { delta: number; shift: number },
): T {
  if (!e.delta && !e.shift) return t;
  const c = copyMoved(t);
  c.span = { start: t.span.start + e.delta, end: t.span.end + e.delta };
  c.line = t.line + e.shift;
  return c;
}

/**
 * Whether the spans (ascending) that reach before offset `head` are the previous version's, and
 * those that reach after offset `tail` are the previous version's moved by `delta`.
 */
function sameSpansOutside(old: readonly Span[], spans: readonly Span[], head: number, tail: number, delta: number) {
  const same = (a: readonly Span[], b: readonly Span[], keep: (x: Span) => boolean, by: number) => {
    const x = a.filter(keep);
    const y = b.filter((t) => keep({ start: t.start - by, end: t.end - by }));
    return x.length === y.length && x.every((p, k) => p.start + by === y[k].start && p.end + by === y[k].end);
  };
  return same(old, spans, (x) => x.start < head, 0) && same(old, spans, (x) => x.end > tail - delta, delta);
}
