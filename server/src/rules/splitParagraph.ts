import { type Analysis, type Followed, perLine, variantOf } from "../analysis/analysis";
import type { TranscriptModel } from "../model/types";
import { lazyPattern } from "../text/regexp";
import { trimmedLength } from "../text/words";
import type { TextEdit } from "../types";
import { builtFirst, type Finding, firstThenAll, type Rule } from "./rule";

/** A line that ends a sentence: final punctuation, perhaps inside quotes or brackets (`lineTail` reads it so). */
export const ENDS_SENTENCE = lazyPattern(() => /[.!?:;…]["'”’)\]]*\s*$/u);
/** What `lastWord` finds, as a regular expression (the tests compare the two). */
export const LAST_WORD = lazyPattern(() => /([\p{L}\p{N}'’]+)[,]?\s*$/u);
const WORD_CHAR = lazyPattern(() => /^[\p{L}\p{N}'’]$/u);
const SPACE = lazyPattern(() => /^\s$/u);

/**
 * The line's last word, perhaps followed by a comma and white space: `LAST_WORD().exec(line)`'s
 * match (its index, the whole match, the word), read backwards from the line's end. The pattern
 * tries every position of the line and gives back each word's letters one by one: a walk over
 * the line per finding, where this reads the last word only.
 */
export function lastWord(line: string): { index: number; match: string; word: string } | null {
  let end = line.length;
  while (end > 0 && SPACE().test(line[end - 1])) end--;
  if (end > 0 && line[end - 1] === ",") end--;
  let start = end;
  while (start > 0) {
    // A letter outside the BMP is two code units, tested as one code point.
    const pair =
      start > 1 && isLow(line.charCodeAt(start - 1)) && isHigh(line.charCodeAt(start - 2))
        ? line.slice(start - 2, start)
        : line[start - 1];
    if (!WORD_CHAR().test(pair)) break;
    start -= pair.length;
  }
  if (start === end) return null;
  return { index: start, match: line.slice(start), word: line.slice(start, end) };
}
const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
const STARTS_LOWER = lazyPattern(() => /^\s*[\p{Ll}]/u);

/**
 * A gap (blank lines, page furniture) inside a sentence: the line before it does not end a
 * sentence, and the line after it goes on with a lowercase word or follows a function word or a
 * comma. The gap lines, from the first to the last, are what a merge removes.
 */
export interface SentenceGap {
  /** The last line before the gap: its sentence is cut. */
  before: number;
  /** The first line after it. */
  after: number;
  /** The lines of the gap. */
  gap: number[];
}

/**
 * How a line ends: whether a gap after it can cut a sentence, and whether it ends on a comma or a
 * function word. Read from the last characters before the trailing white space, as ENDS_SENTENCE,
 * `/-\s*$/` and `/,\s*$/` find it (`test/unit/lineTails.test.ts`): each pattern tried every
 * position of every line.
 */
export function lineTail(line: string, functionWords: ReadonlySet<string>): { open: boolean; cutAfterWord: boolean } {
  const end = trimmedLength(line);
  if (end === 0) return OPEN;
  const lastChar = line.charCodeAt(end - 1);
  if (lastChar === 0x2d) return CLOSED;
  // Final punctuation, then perhaps closing quotes and brackets (none of them final punctuation).
  let k = end - 1;
  while (k >= 0 && isCloser(line.charCodeAt(k))) k--;
  if (k >= 0 && isFinal(line.charCodeAt(k))) return CLOSED;
  const last = lastWord(line);
  const cutAfterWord = last !== null && (lastChar === 0x2c || functionWords.has(last.word.toLowerCase()));
  return cutAfterWord ? OPEN_AFTER_WORD : OPEN;
}

/** ENDS_SENTENCE's final punctuation: `.`, `!`, `?`, `:`, `;`, `…`. */
const isFinal = (c: number) => c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3a || c === 0x3b || c === 0x2026;
/** ENDS_SENTENCE's closers after it: `"`, `'`, `”`, `’`, `)`, `]`. */
const isCloser = (c: number) => c === 0x22 || c === 0x27 || c === 0x201d || c === 0x2019 || c === 0x29 || c === 0x5d;
const CLOSED = { open: false, cutAfterWord: false };
const OPEN = { open: true, cutAfterWord: false };
const OPEN_AFTER_WORD = { open: true, cutAfterWord: true };

/** How each line ends (carried over versions), per language. */
const SENTENCE_TAIL = perLine<{ open: boolean; cutAfterWord: boolean }>("sentence-tail");

/** The gaps of a version (carried to the next), and the function words they were read with. */
const SENTENCE_GAPS = perLine<{ functionWords: ReadonlySet<string>; gaps: readonly SentenceGap[] }>("sentence-gaps");

/**
 * Where a sentence runs across blank lines or furniture. With an analysis, each line's ending is
 * carried over versions, and so are the gaps: after an edit only the stretches around the lines
 * it changed, in text or in kind, are read again (`spliceGaps`); without one (the PDF import's own
 * text), every line is read.
 */
export function sentenceGaps(model: TranscriptModel, analysis?: Analysis): readonly SentenceGap[] {
  const { lines, lineKinds: kinds } = model;
  const functionWords = model.profile.functionWords;
  // How each line ends is a function of its text: unchanged lines keep the previous version's.
  const tail = (line: string) => lineTail(line, functionWords);
  const tailOf = analysis
    ? analysis.lines(variantOf(SENTENCE_TAIL, model.language), tail)
    : (i: number) => tail(lines.line(i));
  /** The gaps that follow lines `from`…`to - 1`, pushed to `out`. */
  const scan = (from: number, to: number, out: SentenceGap[]) => {
    const end = Math.min(to, lines.lineCount - 1);
    for (let i = from; i < end; i++) {
      if (kinds[i] !== "text") continue;
      const next = i + 1;
      if (kinds[next] !== "blank" && kinds[next] !== "furniture") continue;
      let j = next;
      while (j < lines.lineCount && (kinds[j] === "blank" || kinds[j] === "furniture")) j++;
      if (j >= lines.lineCount || kinds[j] !== "text") continue;
      const tail = tailOf(i);
      if (!tail.open) continue;
      if (!tail.cutAfterWord && !STARTS_LOWER().test(lines.line(j))) continue;
      const gap: number[] = [];
      for (let k = next; k < j; k++) gap.push(k);
      out.push({ before: i, after: j, gap });
    }
    return out;
  };
  if (!analysis) return scan(0, lines.lineCount, []);
  return analysis.follow(SENTENCE_GAPS, (before) => {
    if (!before || before.value.functionWords !== functionWords)
      return { functionWords, gaps: scan(0, lines.lineCount, []) };
    return { functionWords, gaps: spliceGaps(model, before, scan) };
  }).gaps;
}

/**
 * The gaps of an edited version from the previous version's: a gap reads the kinds of the lines
 * from its `before` to its `after` and the text of those two, so one that reads no changed line
 * is the previous version's (moved past the edit). Around each changed line, the stretch from
 * the last line before it that is neither blank nor furniture to the first after it is read
 * again: any gap that reads a changed line starts in such a stretch (the lines between are blank
 * or furniture, or changed themselves). The test compares with a fresh analysis after random
 * edits (test/unit/incrementalRules.test.ts).
 */
function spliceGaps(
  model: TranscriptModel,
  before: Followed<{ gaps: readonly SentenceGap[] }>,
  scan: (from: number, to: number, out: SentenceGap[]) => SentenceGap[],
): SentenceGap[] {
  const { lineKinds: kinds } = model;
  const n = model.lines.lineCount;
  const { head, tail, shift, changed } = before;
  const isGap = (k: number) => kinds[k] === "blank" || kinds[k] === "furniture";
  // The stretches read again, ascending and apart: [first, last] pairs.
  const stretches: number[] = [];
  const around = (first: number, last: number) => {
    const end = stretches.length;
    // Inside the last stretch already (past its first line, before its last): nothing to add.
    if (end && first > stretches[end - 2] && last < stretches[end - 1]) return;
    let from = first - 1;
    while (from > 0 && isGap(from)) from--;
    let to = last + 1;
    while (to < n - 1 && isGap(to)) to++;
    from = Math.max(0, from);
    to = Math.min(n - 1, Math.max(to, from));
    if (end && from <= stretches[end - 1] + 1) stretches[end - 1] = Math.max(stretches[end - 1], to);
    else stretches.push(from, to);
  };
  let c = 0;
  while (c < changed.length && changed[c] < head - 1) around(changed[c], changed[c++]);
  // The edit's lines, and one line each side (a line removed joins its neighbours).
  around(Math.max(0, head - 1), Math.min(n - 1, tail));
  while (c < changed.length) around(changed[c], changed[c++]);
  const old = before.value.gaps;
  const placed = (g: SentenceGap): SentenceGap | undefined => {
    if (g.before < head) return g.after < head ? g : undefined;
    if (g.before < tail - shift) return undefined;
    return shift === 0 ? g : { before: g.before + shift, after: g.after + shift, gap: g.gap.map((l) => l + shift) };
  };
  const out: SentenceGap[] = [];
  let k = 0;
  for (let w = 0; w < stretches.length; w += 2) {
    const first = stretches[w];
    const last = stretches[w + 1];
    for (; k < old.length; k++) {
      const g = placed(old[k]);
      if (!g) continue;
      if (g.before >= first) break;
      out.push(g);
    }
    // The previous version's gaps that start in the stretch are read again.
    for (; k < old.length; k++) {
      const g = placed(old[k]);
      if (g && g.before > last) break;
    }
    scan(first, last + 1, out);
  }
  for (; k < old.length; k++) {
    const g = placed(old[k]);
    if (g) out.push(g);
  }
  return out;
}

/** The merge: the gap's blank lines go (furniture goes by its own fix, or here when no blank line is left). */
export function mergeEdits(model: TranscriptModel, g: SentenceGap): TextEdit[] {
  const { lines, lineKinds: kinds } = model;
  const blank = g.gap.filter((l) => kinds[l] === "blank");
  const remove = blank.length ? blank : g.gap;
  return remove.map((l) => ({ range: lines.fullLinesRange(l, l), newText: "" }));
}

/** `split-paragraph`: a paragraph cut by a page break (seed 002: `members and` / blank / `justify`). */
export const splitParagraph: Rule = firstThenAll({
  code: "split-paragraph",
  description: "A paragraph split by a page break or blank line in mid-sentence: merge it.",
  defaultSeverity: "warning",
  category: "cleaning",
  first(analysis, wanted) {
    const { model } = analysis;
    const { lines } = model;
    return builtFirst(sentenceGaps(model, analysis), wanted, (g): Finding => {
      const text = lines.line(g.before);
      const last = lastWord(text);
      // The squiggle sits on the last word before the cut (never on the blank lines or the
      // furniture of the gap); where the sentence goes on is the related information.
      const wordStart = last?.index ?? text.search(/\S/);
      const word = last?.word ?? text.trim();
      const start = lines.starts[g.before] + Math.max(0, wordStart);
      const next = lines.line(g.after);
      const lead = /^\s*/.exec(next)?.[0].length ?? 0;
      const firstWord = /^\S+/.exec(next.slice(lead))?.[0] ?? "";
      const furniture = g.gap.filter((l) => model.lineKinds[l] === "furniture").length;
      const what = furniture ? `page furniture${g.gap.length > furniture ? " and blank lines" : ""}` : "a blank line";
      const goesOn = lines.starts[g.after] + lead;
      return {
        range: lines.range(start, start + word.length),
        message: `This sentence is cut by ${what}: “…${last?.match.trim() ?? ""}” goes on with “${firstWord}…” on line ${g.after + 1}.`,
        related: [{ range: lines.range(goesOn, goesOn + firstWord.length), message: "The sentence goes on here." }],
        fix: { title: "Merge the paragraph", edits: mergeEdits(model, g), safe: true },
      };
    });
  },
});
