import type { Span } from "../../types";
import { findAcronyms, findDefinitions, lineAcronyms } from "../acronyms";
import { type DateExpression, findDates } from "../dates";
import { findDocumentRefs } from "../documentRefs";
import { decideHyphen, type HyphenEvidence, type HyphenVerdict } from "../hyphenation";
import { type MemoKey, memoKey, variantOf } from "../memo";
import type { AcronymDefinition, DocumentRef, HyphenBreak, LineKind, TranscriptModel } from "../types";
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
/** The verdicts on line-end hyphens by their halves, with the counts they read (for the next version). */
const HYPHEN_VERDICTS = memoKey<{ evidence: string; verdicts: ReadonlyMap<string, KnownVerdict> }>("hyphen-verdicts");
/** This version's dates and the line kinds they were found with, for the next version. */
const DATES_HELD = memoKey<{ dates: readonly DateExpression[]; kinds: readonly LineKind[] }>("dates-held");
const REF_LINES = memoKey<readonly number[]>("document-ref-lines");
const HYPHEN_LINES = memoKey<readonly number[]>("line-end-hyphen-lines");
const ACRONYM_LINES = memoKey<readonly number[]>("acronym-lines");

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
  // The lines holding a document symbol, and those ending in a hyphen: a function of each line's
  // text, so that an edit asks only the lines it changed and the passes below walk these lines,
  // not the record.
  for (const i of s.memo.linesWhere(REF_LINES, (i) => refsOf(i) !== NO_REFS)) {
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
  for (const i of hyphenLines) {
    const kind = kinds[i];
    if (kind !== "text" && kind !== "header") continue;
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
    // A verdict reads the halves and the counts of two spellings: the previous version's verdict
    // for the same halves stands while those counts are the same (an editor's next version).
    const before = s.memo.previous(HYPHEN_VERDICTS);
    const known = before && before.evidence === evidenceKey(evidence) ? before.verdicts : undefined;
    const verdicts = new Map<string, KnownVerdict>();
    for (const f of found) {
      const first = s.text.slice(f.before.start, f.before.end);
      const second = s.text.slice(f.after.start, f.after.end);
      let verdict: HyphenVerdict;
      if (s.text[f.hyphen] === "\u00AD") verdict = softHyphen();
      else if (options.lineEndEvidence)
        verdict = decideHyphen(first, second, evidence, options.lineEndEvidence(f.line));
      else {
        const pair = `${first}\n${second}`;
        const joined = evidence.counts.get(`${first}${second}`.toLowerCase()) ?? 0;
        const hyphened = evidence.counts.get(`${first}-${second}`.toLowerCase()) ?? 0;
        const was = verdicts.get(pair) ?? known?.get(pair);
        if (was && was.joined === joined && was.hyphened === hyphened) verdict = was.verdict;
        else verdict = decideHyphen(first, second, evidence);
        verdicts.set(pair, was?.verdict === verdict ? was : { joined, hyphened, verdict });
      }
      hyphenBreaks.push({ ...f, decision: verdict.decision, reason: verdict.reason });
    }
    s.memo.hold(HYPHEN_VERDICTS, { evidence: evidenceKey(evidence), verdicts });
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
  const acronyms = findAcronyms(
    acronymInput,
    (i) => acronymsOf(i),
    s.memo.linesWhere(ACRONYM_LINES, (i) => acronymsOf(i).length > 0),
  );
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
  if (before && e && sameBlanks(before.kinds, kinds, e.head, e.tail, e.shift)) {
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
    for (; k < old.length; k++) {
      const d = old[k];
      out.push(
        e.delta || e.shift
          ? { ...d, span: { start: d.span.start + e.delta, end: d.span.end + e.delta }, line: d.line + e.shift }
          : d,
      );
    }
  } else {
    out = [];
    datesOfBlocks(s, documentRefs, 0, s.n - 1, out);
  }
  s.memo.hold(heldKey, { dates: out, kinds });
  return out;
}

/** Whether the lines outside an edit are blank where they were, in the previous version's kinds. */
function sameBlanks(
  old: readonly LineKind[],
  kinds: readonly LineKind[],
  head: number,
  tail: number,
  shift: number,
): boolean {
  for (let i = 0; i < head; i++) if ((old[i] === "blank") !== (kinds[i] === "blank")) return false;
  for (let i = tail; i < kinds.length; i++) if ((old[i - shift] === "blank") !== (kinds[i] === "blank")) return false;
  return true;
}

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

/** A verdict on a line-end hyphen and the counts of its two spellings it was given. */
interface KnownVerdict {
  joined: number;
  hyphened: number;
  verdict: HyphenVerdict;
}

/** What a verdict reads besides the halves and their counts: the lexicon and the profile's lists. */
const evidenceIds = new WeakMap<object, number>();
let evidenceCount = 0;
function evidenceKey(e: HyphenEvidence): string {
  const id = (o: object | undefined) => {
    if (!o) return 0;
    let n = evidenceIds.get(o);
    if (n === undefined) {
      n = ++evidenceCount;
      evidenceIds.set(o, n);
    }
    return n;
  };
  return [e.lexicon, e.hyphenPrefixes, e.closedPrefixes, e.alwaysClosedPrefixes, e.suffixes].map(id).join(",");
}

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
