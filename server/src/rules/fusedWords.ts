import { type Lexicon, lexiconFor } from "../lexicon/lexicon";
import { memoOf } from "../model/memo";
import type { TranscriptModel } from "../model/types";
import { forEachPlainWord } from "../text/words";
import type { Span } from "../types";
import type { Finding, Rule } from "./registry";

/**
 * Candidate tokens: lowercase words of four letters or more (`thejoint`, `ifwe`), a lowercase
 * word run into a capitalised one (`theUnited`), a capitalised word run into a lowercase one
 * (`Unionto`). No digit, hyphen or apostrophe.
 */
// (forEachPlainWord finds them.)

export interface FusedWord {
  span: Span;
  word: string;
  /** Where the space goes: `the|joint`. */
  at: number;
  left: string;
  right: string;
  /** One half is a function word (`the`, `of`): the split is certain enough to apply unasked. */
  functionWord: boolean;
}

/**
 * Words run together by extraction (`thejoint`, `ofthe`): a token the lexicon does not know,
 * which splits into two words it does know, which the document never writes whole elsewhere,
 * and which is no closed compound of the language's list (`peacebuilding`). Halves of one or two
 * letters must be real short words; a split at a prefix or a suffix (`sub|regional`,
 * `multilateral|ism`) is a derivation, not a fusion; two content words need four letters each.
 * A capitalised token is a name unless its second half is a function word (`Union|to`). Among
 * the splits that work, one with a function word wins, then the one whose halves the document
 * uses most, then the most balanced.
 */
export function findFusedWords(model: TranscriptModel): FusedWord[] {
  // Only where the language's data lists its short words: without them every split is a guess.
  const lexicon = model.profile.shortWords.size ? lexiconFor(model.language) : undefined;
  if (!lexicon) return [];
  const p = model.profile;
  const isFunction = (w: string) => p.functionWords.has(w) || p.stopwords.has(w) || p.shortWords.has(w);
  const memo = memoOf(model);
  const candidates: { span: Span; word: string }[] = [];
  const counted = (i: number) => model.lineKinds[i] === "text" || model.lineKinds[i] === "header";
  const table = `fused:${model.language}`;
  // Counted afresh, the counting pass finds each line's candidates on its way.
  const counts = memo.census(
    "plain-words",
    counted,
    (i) => model.lines.line(i),
    plainWordKeys,
    (lines) =>
      countPlainWords(lines, lexicon, (i, found) =>
        memo.preset(table, i, found === NONE ? found : found.map((c) => ({ at: c.at, word: memo.keep(c.word) }))),
      ),
  );
  const candidatesOf = memo.lines(
    table,
    (i) => model.lines.line(i),
    (own) => lineCandidates(own, lexicon),
  );
  for (let i = 0; i < model.lines.lineCount; i++) {
    if (!counted(i)) continue;
    const start = model.lines.starts[i];
    for (const c of candidatesOf(i))
      candidates.push({ span: { start: start + c.at, end: start + c.at + c.word.length }, word: c.word });
  }
  const out: FusedWord[] = [];
  // A speaker's header is names (`Mr. Mansour (Palestine)`), and so is a word after a title in
  // the text (`I thank Mr. Mansour`): no fusion there.
  const headers = model.speeches.map((s) => s.header.span);
  let h = 0;
  const titles = new Set(p.data.titles);
  const isShortOk = (s: string) => s.length > 3 || p.shortWords.has(s);
  const known = (word: string) => lexicon.has(word) || p.extraWords.has(word.toLowerCase());
  for (const c of candidates) {
    while (h < headers.length && headers[h].end <= c.span.start) h++;
    if (h < headers.length && headers[h].start < c.span.end) continue;
    if (afterTitle(model.text, c.span.start, titles)) continue;
    const w = c.word;
    const lower = w.toLowerCase();
    if (p.extraWords.has(lower)) continue;
    // A word the document writes more than once is its own (a name, a term), not an accident.
    if ((counts.get(lower) ?? 0) > 1) continue;
    const camel = /\p{Ll}\p{Lu}/u.exec(w);
    const capitalised = /^\p{Lu}/u.test(w);
    let best: { at: number; score: number; func: boolean } | undefined;
    for (let k = 1; k < w.length; k++) {
      // `theUnited` splits at the capital and nowhere else.
      if (camel && k !== camel.index + 1) continue;
      const left = lower.slice(0, k);
      const right = lower.slice(k);
      if (!isShortOk(left) || !isShortOk(right)) continue;
      const leftFunction = isFunction(left);
      const rightFunction = isFunction(right);
      const leftWord = w.slice(0, k);
      const rightWord = w.slice(k);
      if (
        !known(capitalised ? left : leftWord) &&
        !(capitalised && rightFunction && right.length >= 3 && known(leftWord))
      )
        continue;
      // A capitalised name run into a function word (`theRohingya`) is still two words.
      if (!known(rightWord) && !(camel && leftFunction)) continue;
      const func = leftFunction || rightFunction;
      // A prefix or a suffix and a word make a derivation (`subregional`, `overfishing`,
      // `multilateralism`), even where the prefix is also a word (`over`, `under`).
      if (!rightFunction && (p.hyphenPrefixes.has(left) || p.closedPrefixes.has(left) || p.boundPrefixes.has(left)))
        continue;
      if (!leftFunction && p.boundSuffixes.has(right)) continue;
      if (!func && !camel && (left.length < 4 || right.length < 4)) continue;
      if (capitalised && !camel) {
        // A capitalised token is a name unless a function word is one half (`Union|and`,
        // `Those|attempts`, `We|have`), no capitalised word follows (`Addis Ababa`), and a
        // function word at the end has three letters at least (`Staff|an`, `Brett|on` are names);
        // short ones (`Herat`, `Thein`) are names too.
        const strict = (x: string) => p.functionWords.has(x) || p.stopwords.has(x);
        if (!(strict(left) || strict(right)) || nextIsCapitalised(model.text, c.span.end)) continue;
        if (w.length < 6) continue;
        if (rightFunction && !leftFunction && right.length < 3) continue;
        if (leftFunction && left.length < 2) continue;
      }
      const used = Math.log1p(counts.get(left) ?? 0) + Math.log1p(counts.get(right) ?? 0);
      const score = (func ? 1000 : 0) + 10 * used - Math.abs(left.length - right.length);
      if (!best || score > best.score) best = { at: k, score, func };
    }
    if (!best) continue;
    out.push({
      span: c.span,
      word: w,
      at: best.at,
      left: w.slice(0, best.at),
      right: w.slice(best.at),
      functionWord: best.func || camel !== null,
    });
  }
  return out;
}

/** The words of a line the lexicon does not know: where a space may be missing. */
function lineCandidates(line: string, lexicon: Lexicon): { at: number; word: string }[] {
  const out: { at: number; word: string }[] = [];
  forEachPlainWord(line, (from, to) => {
    if (to - from < 4) return;
    const w = line.slice(from, to);
    if (!lexicon.has(w)) out.push({ at: from, word: w });
  });
  return out.length ? out : NONE;
}

/**
 * The counts of plain words (lower case) of some lines, counted as written, then folded; each
 * line's candidates (as `lineCandidates` finds them) go to `candidates` on the way.
 */
function countPlainWords(
  lines: Iterable<[number, string]>,
  lexicon: Lexicon,
  candidates: (line: number, found: { at: number; word: string }[]) => void,
): Map<string, number> {
  // One look-up per word: its counter, and whether the lexicon knows it, asked once per spelling.
  const exact = new Map<string, { n: number; candidate: boolean }>();
  for (const [i, line] of lines) {
    let found = NONE;
    forEachPlainWord(line, (from, to) => {
      const w = line.slice(from, to);
      let e = exact.get(w);
      if (!e) {
        e = { n: 0, candidate: to - from >= 4 && !lexicon.has(w) };
        exact.set(w, e);
      }
      e.n++;
      if (e.candidate) {
        if (found === NONE) found = [];
        found.push({ at: from, word: w });
      }
    });
    candidates(i, found);
  }
  const counts = new Map<string, number>();
  for (const [w, e] of exact) {
    const key = w.toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + e.n);
  }
  return counts;
}

const NONE: { at: number; word: string }[] = [];

/** What a line adds to the counts of plain words (lower case). */
function plainWordKeys(line: string): string[] {
  const out: string[] = [];
  forEachPlainWord(line, (from, to) => out.push(line.slice(from, to).toLowerCase()));
  return out;
}

/** The word before `at` (on the same line) is a title: `Mr.`, `Mrs.`, `Ambassador`. */
function afterTitle(text: string, at: number, titles: ReadonlySet<string>): boolean {
  const before = /(\S+)[ \u00A0]+$/u.exec(text.slice(Math.max(0, at - 24), at));
  return before !== null && titles.has(before[1]);
}

function nextIsCapitalised(text: string, from: number): boolean {
  return /^[ \t]*\p{Lu}/u.test(text.slice(from, from + 40));
}

/** `fused-words`: words run together by extraction; the fix puts the space back. */
export const fusedWords: Rule = {
  code: "fused-words",
  description: "Words run together by PDF extraction (thejoint, ofthe): put the space back.",
  defaultSeverity: "warning",
  category: "cleaning",
  check(model) {
    return findFusedWords(model).map(
      (f): Finding => ({
        range: model.lines.spanRange(f.span),
        message: `“${f.word}” looks like two words run together: “${f.left} ${f.right}”.`,
        fix: {
          title: `Split into “${f.left} ${f.right}”`,
          edits: [{ range: model.lines.range(f.span.start + f.at, f.span.start + f.at), newText: " " }],
          safe: f.functionWord,
        },
      }),
    );
  },
};
