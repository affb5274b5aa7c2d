import { type Analysis, perLine, variantOf } from "../analysis/analysis";
import type { TranscriptModel } from "../model/types";
import { lazyPattern } from "../text/regexp";
import type { TextEdit } from "../types";
import { builtFirst, type Finding, firstThenAll, type Rule } from "./rule";

/** A line that ends a sentence: final punctuation, perhaps inside quotes or brackets. */
const ENDS_SENTENCE = lazyPattern(() => /[.!?:;…]["'”’)\]]*\s*$/u);
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

/** How a line ends: whether a gap after it can cut a sentence, and whether it ends on a comma or a function word. */
function lineTail(line: string, functionWords: ReadonlySet<string>): { open: boolean; cutAfterWord: boolean } {
  if (ENDS_SENTENCE().test(line) || /-\s*$/.test(line)) return CLOSED;
  const last = lastWord(line);
  const cutAfterWord = last !== null && (/,\s*$/.test(line) || functionWords.has(last.word.toLowerCase()));
  return cutAfterWord ? OPEN_AFTER_WORD : OPEN;
}
const CLOSED = { open: false, cutAfterWord: false };
const OPEN = { open: true, cutAfterWord: false };
const OPEN_AFTER_WORD = { open: true, cutAfterWord: true };

/** How each line ends (carried over versions), per language. */
const SENTENCE_TAIL = perLine<{ open: boolean; cutAfterWord: boolean }>("sentence-tail");

/**
 * Where a sentence runs across blank lines or furniture. With an analysis, each line's ending is
 * carried over versions; without one (the PDF import's own text), read from each line.
 */
export function sentenceGaps(model: TranscriptModel, analysis?: Analysis): SentenceGap[] {
  const { lines, lineKinds: kinds } = model;
  const out: SentenceGap[] = [];
  const functionWords = model.profile.functionWords;
  // How each line ends is a function of its text: unchanged lines keep the previous version's.
  const tail = (line: string) => lineTail(line, functionWords);
  const tailOf = analysis
    ? analysis.lines(variantOf(SENTENCE_TAIL, model.language), tail)
    : (i: number) => tail(lines.line(i));
  for (let i = 0; i < lines.lineCount - 1; i++) {
    if (kinds[i] !== "text") continue;
    const next = i + 1;
    if (kinds[next] !== "blank" && kinds[next] !== "furniture") continue;
    const gap: number[] = [];
    let j = next;
    while (j < lines.lineCount && (kinds[j] === "blank" || kinds[j] === "furniture")) gap.push(j++);
    if (j >= lines.lineCount || kinds[j] !== "text") continue;
    const tail = tailOf(i);
    if (!tail.open) continue;
    if (!tail.cutAfterWord && !STARTS_LOWER().test(lines.line(j))) continue;
    out.push({ before: i, after: j, gap });
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
