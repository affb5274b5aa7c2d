import type { Span } from "../../types";
import { findAcronyms, findDefinitions, lineAcronyms } from "../acronyms";
import { type DateExpression, findDates } from "../dates";
import { findDocumentRefs } from "../documentRefs";
import { decideHyphen } from "../hyphenation";
import { type MemoKey, memoKey, variantOf } from "../memo";
import type { AcronymDefinition, DocumentRef, HyphenBreak, TranscriptModel } from "../types";
import { wordCensus } from "../wordCensus";
import type { ParseOptions } from "./options";
import { lineText, type ParseState } from "./state";

/** Where a word sits in its line. */
type InLine = { at: number; length: number } | null;

// The parser's memo tables (model/memo.ts), each written here only.
const DOCUMENT_REFS = memoKey<readonly DocumentRef[]>("document-refs");
const LINE_END_HYPHEN_AT = memoKey<InLine>("line-end-hyphen");
const LINE_START_WORD_AT = memoKey<InLine>("line-start-word");
const LINE_ACRONYMS = memoKey<ReturnType<typeof lineAcronyms>>("acronyms");
const KINDS = memoKey<readonly unknown[]>("kinds");
const HYPHEN_DECISIONS = memoKey<readonly unknown[]>("hyphen-decisions");
const ACRONYM_DEFINITIONS = memoKey<AcronymDefinition[]>("acronym-definitions");
const DATES: MemoKey<DateExpression[]> = memoKey("dates");
const DATES_PLACED: MemoKey<DateExpression[]> = memoKey("dates-placed");

const LINE_END_HYPHEN = /([\p{L}\p{M}'’-]*[\p{L}\p{M}])([-\u00AD\u2010\u2011])[ \t]*$/u;
const LINE_START_WORD = /^[ \t]*([\p{L}\p{M}][\p{L}\p{M}'’-]*[\p{L}\p{M}]|[\p{L}\p{M}])/u;

export function buildTokens(s: ParseState, options: ParseOptions): TranscriptModel["tokens"] {
  const { lines, kinds } = s;
  const documentRefs: DocumentRef[] = [];
  const hyphenBreaks: HyphenBreak[] = [];
  const found: { line: number; before: Span; after: Span; hyphen: number }[] = [];
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
  const lineEndHyphen = s.memo.lines(
    LINE_END_HYPHEN_AT,
    (i) => lineText(s, i),
    (text) => {
      const m = LINE_END_HYPHEN.exec(text.length > 80 ? text.slice(-80) : text);
      return m ? { at: (text.length > 80 ? text.length - 80 : 0) + (m.index ?? 0), length: m[1].length } : null;
    },
  );
  const lineStartWord = s.memo.lines(
    LINE_START_WORD_AT,
    (i) => lineText(s, i),
    (text) => {
      const w = LINE_START_WORD.exec(text);
      return w ? { at: w[0].length - w[1].length, length: w[1].length } : null;
    },
  );
  for (let i = 0; i < s.n; i++) {
    const kind = kinds[i];
    if (kind === "blank" || kind === "furniture") continue;
    const lineStart = lines.starts[i];
    for (const r of refsOf(i))
      documentRefs.push({ ...r, span: { start: r.span.start + lineStart, end: r.span.end + lineStart } });
    if (kind !== "text" && kind !== "header") continue;
    // Most lines do not end in a hyphen: look at the last character before running the pattern,
    // and run it on the line's tail only (a word is never 80 characters long).
    const last = lastVisible(s.text, lineStart, lines.ends[i]);
    if (last !== "-" && last !== "\u00AD" && last !== "\u2010" && last !== "\u2011") continue;
    const end = lineEndHyphen(i);
    if (!end) continue;
    let next = -1;
    for (let j = i + 1; j < s.n; j++) {
      if (kinds[j] === "furniture" || kinds[j] === "blank") continue;
      next = kinds[j] === "text" ? j : -1;
      break;
    }
    if (next < 0) continue;
    const start = lineStartWord(next);
    if (!start) continue;
    const beforeStart = lines.starts[i] + end.at;
    const hyphen = beforeStart + end.length;
    const afterStart = lines.starts[next] + start.at;
    found.push({
      line: i,
      hyphen,
      before: { start: beforeStart, end: hyphen },
      after: { start: afterStart, end: afterStart + start.length },
    });
  }
  if (found.length) {
    const evidence = {
      counts: wordCensus(s.memo, kinds, lines).counts,
      lexicon: options.lexicon?.(s.profile.code),
      hyphenPrefixes: s.profile.hyphenPrefixes,
      closedPrefixes: s.profile.closedPrefixes,
      alwaysClosedPrefixes: s.profile.alwaysClosedPrefixes,
      suffixes: s.profile.boundSuffixes,
    };
    for (const f of found) {
      const before = s.text.slice(f.before.start, f.before.end);
      const after = s.text.slice(f.after.start, f.after.end);
      const verdict =
        s.text[f.hyphen] === "\u00AD"
          ? softHyphen()
          : decideHyphen(before, after, evidence, options.lineEndEvidence?.(f.line));
      hyphenBreaks.push({ ...f, decision: verdict.decision, reason: verdict.reason });
    }
  }
  const acronymInput = {
    text: s.text,
    lineStarts: lines.starts,
    lineEnds: lines.ends,
    kinds,
    excluded: excludedSpans(s, documentRefs),
    breaks: new Map(hyphenBreaks.map((b) => [b.line, b])),
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
  const acronyms = findAcronyms(acronymInput, (i) => acronymsOf(i));
  // A definition reads a few lines around its short form, their kinds and hyphen decisions:
  // unchanged, the previous version's definitions for that line are taken over.
  s.memo.context(KINDS, kinds);
  s.memo.sparseContext(
    HYPHEN_DECISIONS,
    hyphenBreaks.map((b) => b.line),
    hyphenBreaks.map((b) => b.decision),
  );
  const acronymDefinitions = findDefinitions(acronymInput, acronyms, (line, compute) => {
    const start = lines.starts[line];
    const placed = s.memo.window(ACRONYM_DEFINITIONS, line, () => {
      const r = compute();
      return { value: r.definitions.map((d) => placeDefinition(d, -start, -line)), first: r.first, last: r.last };
    });
    return placed.map((d) => placeDefinition(d, start, line));
  });
  const dates = datesByBlock(s, documentRefs);
  return { documentRefs, hyphenBreaks, acronyms, acronymDefinitions, dates };
}

/**
 * The dates of the text, found block by block: no expression runs over a blank line, so each
 * run of lines between blank lines is read on its own (and, unchanged, comes from the memo).
 * Years inside document symbols are no dates.
 */
function datesByBlock(s: ParseState, documentRefs: readonly DocumentRef[]): DateExpression[] {
  const { lines, kinds, profile } = s;
  const out: DateExpression[] = [];
  let ex = 0;
  const datesKey = variantOf(DATES, profile.code);
  const placedKey = variantOf(DATES_PLACED, profile.code);
  for (let first = 0; first < s.n; first++) {
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
  return out;
}

const NO_REFS: DocumentRef[] = [];

/** A definition moved by `offset` characters and `lineShift` lines. */
function placeDefinition(d: AcronymDefinition, offset: number, lineShift: number): AcronymDefinition {
  return {
    ...d,
    long: { start: d.long.start + offset, end: d.long.end + offset },
    short: { start: d.short.start + offset, end: d.short.end + offset },
    span: { start: d.span.start + offset, end: d.span.end + offset },
    line: d.line + lineShift,
  };
}

const SPACE = /\s/;

/** The last character of a line that is not white space (as `trimEnd` sees it), or "". */
function lastVisible(text: string, start: number, end: number): string {
  for (let k = end - 1; k >= start; k--) {
    const code = text.charCodeAt(k);
    // Printable ASCII needs no pattern to be told from white space.
    if (code > 32 && code < 127) return text[k];
    const c = text[k];
    if (c !== " " && c !== "\t" && !SPACE.test(c)) return c;
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
