/**
 * The document's word counts: one count of the words of its text and header lines, read by the
 * hyphenation evidence (every word in lower case, a compound's parts too) and by the fused-word
 * check (the plain words: runs of letters touching no digit or joiner). One walk over the text
 * counts both: a plain word is a run of letters inside one word that touches no joiner, so the
 * plain words are found in each spelling met (a few thousand in a record) instead of in the text
 * again (170 000 words in 1 MB). In an editor the counts of the next version are corrected by
 * the lines that changed (`AnalysisMemo.census`).
 */

import type { LineIndex } from "../text/lineIndex";
import { lazyPattern } from "../text/regexp";
import { SpellingTable } from "../text/spellings";
import { tally } from "../text/strings";
import { forEachPlainWord, forEachWord } from "../text/words";
import { type AnalysisMemo, type CensusOf, memoKey } from "./memo";
import type { LineKind } from "./types";

/** The plain words are counted under their lower case after a tab, which no word holds. */
const PLAIN = "\t";

export interface WordCensus {
  /**
   * How often the text and header lines write each word, in lower case (`wordKeys`), and each
   * plain word under `plainKey` (`plainCount` reads it).
   */
  counts: ReadonlyMap<string, number>;
  /**
   * The plain words whose lower case the document writes once, in text order (`at`: offset in
   * the document), for a version counted afresh (the command line's, an editor's first);
   * undefined for a version whose counts were corrected from the previous one's.
   */
  once: readonly { at: number; word: string }[] | undefined;
}

/** The key of a plain word (lower case) in `WordCensus.counts`. */
export function plainKey(lower: string): string {
  return PLAIN + lower;
}

/** How often the document writes a plain word, given by its key (`plainKey`). */
export function keyCount(census: WordCensus, key: string): number {
  return census.counts.get(key) ?? 0;
}

/** How often the document writes a plain word, given in lower case. */
export function plainCount(census: WordCensus, lower: string): number {
  return keyCount(census, plainKey(lower));
}

/** The census (the parser's memo table; the fused-word check reads it through its analysis). */
const WORDS = memoKey<CensusOf<readonly { at: number; word: string }[] | undefined>>("words");

/** The hyphenation's counts alone (`hyphenationCensus`). */
const HYPHEN_WORDS = memoKey<CensusOf<readonly { at: number; word: string }[] | undefined>>("hyphen-words");

const counted = (kinds: readonly LineKind[]) => (i: number) => kinds[i] === "text" || kinds[i] === "header";

/** The census of this version of the document, counted once per version. */
export function wordCensus(memo: AnalysisMemo, kinds: readonly LineKind[], lines: LineIndex): WordCensus {
  const { counts, extra } = memo.census(
    WORDS,
    counted(kinds),
    (i) => lines.line(i),
    censusKeys,
    (flags) => countAll(lines, flags),
    kinds,
  );
  return { counts, once: extra };
}

/**
 * The census's counts of `wordKeys` alone, without the plain words: what the hyphen decisions read,
 * for a parse that runs no rule (the PDF import's draft, `ParseOptions.tokens`). Each count is the
 * census's (`test/unit/wordCensus.test.ts`).
 */
export function hyphenationCensus(
  memo: AnalysisMemo,
  kinds: readonly LineKind[],
  lines: LineIndex,
): ReadonlyMap<string, number> {
  return memo.census(
    HYPHEN_WORDS,
    counted(kinds),
    (i) => lines.line(i),
    wordKeys,
    (flags) => countAll(lines, flags, false),
    kinds,
  ).counts;
}

/** What one line adds to the hyphenation's counts: each word in lower case, a compound's parts too. */
export function wordKeys(line: string): string[] {
  const out: string[] = [];
  forEachWord(line, (start, end) => {
    const w = line.slice(start, end).toLowerCase();
    out.push(w);
    if (w.includes("-")) for (const part of w.split("-")) out.push(part);
  });
  return out;
}

/** What one line adds to the census: `wordKeys`, and its plain words under `plainKey`. */
export function censusKeys(line: string): string[] {
  const out = wordKeys(line);
  forEachPlainWord(line, (from, to) => out.push(PLAIN + line.slice(from, to).toLowerCase()));
  return out;
}

/** `forEachPlainWord`'s plain word, for a word of ASCII characters. */
const ASCII_PLAIN = lazyPattern(() => /^[A-Za-z][a-z]*(?:[A-Z][a-z]+)?$/);
const NOT_ASCII = lazyPattern(() => /[\u0080-\uffff]/);

/** The counts of a spelling never met beside a joiner (the first is set for each spelling). */
const NO_JOINED = { n: [0, 0, 0, 0], at: [-1, -1, -1, -1] };

/** Joiners around a word: none, one just before it, one just after it, or both (bits). */
const BEFORE = 1;
const AFTER = 2;

interface Spelling {
  /** Its occurrences with no joiner around them, and the document offset of the first. */
  n: number;
  at: number;
  /** Those with joiners around them (index: BEFORE | AFTER bits), where there are any. */
  joined: { n: [number, number, number, number]; at: [number, number, number, number] } | undefined;
}

/**
 * The census of some lines counted afresh: `censusKeys` summed over them, and the plain words
 * written once. Each word is counted as written with the joiners around it; then each spelling's
 * plain words are found in it: a run of letters that starts the word (or ends it) is a plain word
 * only where no joiner stands before (after) the word, since the joiner would join it to the run.
 * Without `plainWords`, the `wordKeys` counts alone.
 */
function countAll(lines: LineIndex, flags: Uint8Array, plainWords = true) {
  const table = new SpellingTable<Spelling>(() => ({ n: 0, at: -1, joined: undefined }));
  const { text, starts, ends } = lines;
  let start = 0;
  let end = 0;
  // Each word as written, read in the document's text (the lines are not cut out). Most words
  // have no joiner around them (`-`, `'`, `’`: `isJoiner`): counted with no call but the table's.
  const count = (from: number, to: number) => {
    const e = table.get(text, from, to);
    const b = from > start ? text.charCodeAt(from - 1) : 0;
    const a = to < end ? text.charCodeAt(to) : 0;
    const around =
      (b === 0x2d || b === 0x27 || b === 0x2019 ? BEFORE : 0) | (a === 0x2d || a === 0x27 || a === 0x2019 ? AFTER : 0);
    if (around === 0) {
      if (e.n++ === 0) e.at = from;
      return;
    }
    e.joined ??= { n: [0, 0, 0, 0], at: [-1, -1, -1, -1] };
    if (e.joined.n[around]++ === 0) e.joined.at[around] = from;
  };
  for (let i = 0; i < flags.length; i++) {
    if (!flags[i]) continue;
    start = starts[i];
    end = ends[i];
    forEachWord(text, count, start, end);
  }
  const counts = new Map<string, number>();
  // The census lives as long as the document: its new keys copied (`tally`).
  const add = (key: string, n: number) => tally(counts, key, n);
  const single: { at: number; word: string; key: string }[] = [];
  for (let k = 0; k < table.size; k++) {
    const w = table.spellings[k];
    const e = table.entries[k];
    const n = e.joined ? e.joined.n : NO_JOINED.n;
    const at = e.joined ? e.joined.at : NO_JOINED.at;
    n[0] = e.n;
    at[0] = e.at;
    const lower = w.toLowerCase();
    const all = n[0] + n[1] + n[2] + n[3];
    add(lower, all);
    if (lower.includes("-")) for (const part of lower.split("-")) add(part, all);
    if (!plainWords) continue;
    const plain = (from: number, to: number) => {
      let times = 0;
      let first = -1;
      for (let a = 0; a < 4; a++) {
        if (n[a] === 0 || (a & BEFORE && from === 0) || (a & AFTER && to === w.length)) continue;
        times += n[a];
        first = at[a];
      }
      if (times === 0) return;
      const whole = from === 0 && to === w.length;
      const word = whole ? w : w.slice(from, to);
      // Lower case may change a word's length (`İ`): the run's own lower case, not a slice of the word's.
      const key = PLAIN + (whole ? lower : word.toLowerCase());
      add(key, times);
      if (times === 1) single.push({ at: first + from, word, key });
    };
    // A word of ASCII characters is one run of letters, digits and joiners: a plain word whole
    // or none (decided by a pattern: most words are); another is read character by character.
    if (ASCII_PLAIN().test(w)) plain(0, w.length);
    else if (NOT_ASCII().test(w)) forEachPlainWord(w, plain);
  }
  const once = single
    .filter((s) => counts.get(s.key) === 1)
    .map(({ at, word }) => ({ at, word }))
    .sort((a, b) => a.at - b.at);
  return { counts, extra: once };
}
