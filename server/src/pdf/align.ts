// The map of an imported transcript carried over to another text of the same record: the text
// after edits, or one extracted by another tool (pdftotext, copy and paste). Words are matched,
// not offsets: each text is cut into its runs of letters and digits (`Secretary-General` is
// `secretary` `general`, whether or not the hyphen ended a line; a word of punctuation only, such
// as a dash, is its own run), the two sequences are aligned, and each word of the text gets the
// boxes of the source words its runs matched.
//
// The alignment is a patience diff (as in Bazaar and git's `--patience`): runs found exactly once
// in each text anchor it, the longest run of anchors in the same order in both is kept, and the
// gaps between anchors are aligned the same way, down to gaps small enough for a plain diff
// (Myers's, from the `diff` package). A record's 50,000 words have thousands of such anchors
// (names, numbers, rare words), so thousands of scattered edits, or the columns of a page taken
// in another order, cost about what an identical text does: tens of milliseconds, where one Myers
// diff over the whole record takes seconds once the texts differ in a few thousand places.
import { diffArrays } from "diff";
import { TextSource } from "./source";
import type { SourceWord } from "./transcript";

const UNIT = /[\p{L}\p{N}]+/gu;

interface Unit {
  key: string;
  /** The word it belongs to (an index into the words of its side). */
  word: number;
}

const ASCII_WORD = /^[a-z0-9]+$/i;

function unitsOf(words: readonly string[]): Unit[] {
  const out: Unit[] = [];
  words.forEach((w, k) => {
    // Most words are one run of ASCII letters: no normalization, no search.
    if (ASCII_WORD.test(w)) {
      out.push({ key: w.toLowerCase(), word: k });
      return;
    }
    const at = out.length;
    const nfc = w.normalize("NFC");
    for (const m of nfc.matchAll(UNIT)) out.push({ key: m[0].toLowerCase(), word: k });
    // A word of punctuation only (a dash, a leader dot) is its own unit.
    if (out.length === at) out.push({ key: nfc, word: k });
  });
  return out;
}

/** The words of a text, as `SourceWord`s without boxes: runs of non-space characters, line by line. */
function wordsOfText(text: string): SourceWord[] {
  const words: SourceWord[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, n) => {
    for (const m of line.matchAll(/\S+/g)) {
      const start = m.index ?? 0;
      words.push({ line: n, start, end: start + m[0].length, boxes: [] });
    }
  });
  return words;
}

/** A gap left between anchors no larger than this (words × words) is aligned by a Myers diff. */
const MYERS_MAX_CELLS = 4_000_000;

/**
 * The pairs (index in `a`, index in `b`) of equal keys that the patience diff aligns, in order of
 * both. Stops where it is when `deadline` (a `performance.now()` time) has passed.
 */
export function alignKeys(a: readonly string[], b: readonly string[], deadline = Number.POSITIVE_INFINITY): Int32Array {
  // Matched pairs, by index in `a`: matchOf[i] is the index in `b`, or -1.
  const matchOf = new Int32Array(a.length).fill(-1);
  const stack: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  let checks = 0;
  while (stack.length) {
    if ((++checks & 63) === 0 && performance.now() > deadline) break;
    let [a0, a1, b0, b1] = stack.pop() as [number, number, number, number];
    while (a0 < a1 && b0 < b1 && a[a0] === b[b0]) matchOf[a0++] = b0++;
    while (a0 < a1 && b0 < b1 && a[a1 - 1] === b[b1 - 1]) matchOf[--a1] = --b1;
    if (a0 === a1 || b0 === b1) continue;
    const anchors = uniqueAnchors(a, a0, a1, b, b0, b1);
    if (!anchors.length) {
      if ((a1 - a0) * (b1 - b0) <= MYERS_MAX_CELLS) myers(a, a0, a1, b, b0, b1, matchOf);
      continue;
    }
    // The gaps between anchors, each aligned in turn (pushed last first, so they run in order).
    let nextA = a1;
    let nextB = b1;
    for (let k = anchors.length - 1; k >= 0; k--) {
      const [i, j] = anchors[k];
      matchOf[i] = j;
      if (i + 1 < nextA && j + 1 < nextB) stack.push([i + 1, nextA, j + 1, nextB]);
      nextA = i;
      nextB = j;
    }
    if (a0 < nextA && b0 < nextB) stack.push([a0, nextA, b0, nextB]);
  }
  return matchOf;
}

/**
 * The keys found exactly once in each range, as pairs (index in a, index in b): the longest
 * chain of them in the same order in both (patience sorting's longest increasing subsequence).
 */
function uniqueAnchors(
  a: readonly string[],
  a0: number,
  a1: number,
  b: readonly string[],
  b0: number,
  b1: number,
): [number, number][] {
  // For each key: where it is in b, or -2 when it is there more than once.
  const inB = new Map<string, number>();
  for (let j = b0; j < b1; j++) inB.set(b[j], inB.has(b[j]) ? -2 : j);
  const inA = new Map<string, number>();
  for (let i = a0; i < a1; i++) inA.set(a[i], inA.has(a[i]) ? -2 : i);
  const candidates: [number, number][] = [];
  for (let i = a0; i < a1; i++) {
    if (inA.get(a[i]) !== i) continue;
    const j = inB.get(a[i]);
    if (j !== undefined && j >= 0) candidates.push([i, j]);
  }
  if (!candidates.length) return [];
  // Longest increasing subsequence of the j's, in O(n log n): tails[k] ends the best chain of k + 1.
  const tails: number[] = [];
  const previous = new Int32Array(candidates.length).fill(-1);
  for (let c = 0; c < candidates.length; c++) {
    const j = candidates[c][1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (candidates[tails[mid]][1] < j) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[c] = tails[lo - 1];
    tails[lo] = c;
  }
  const chain: [number, number][] = [];
  for (let c = tails[tails.length - 1]; c >= 0; c = previous[c]) chain.push(candidates[c]);
  return chain.reverse();
}

/** A Myers diff of two small ranges, its common keys written into `matchOf`. */
function myers(
  a: readonly string[],
  a0: number,
  a1: number,
  b: readonly string[],
  b0: number,
  b1: number,
  matchOf: Int32Array,
): void {
  const changes = diffArrays(a.slice(a0, a1), b.slice(b0, b1));
  let i = a0;
  let j = b0;
  for (const c of changes) {
    const n = c.count ?? c.value.length;
    if (c.removed) i += n;
    else if (c.added) j += n;
    else for (let k = 0; k < n; k++) matchOf[i++] = j++;
  }
}

/** A run moved elsewhere is matched only when at least this many runs follow each other in both texts. */
const MOVED_MIN_RUNS = 4;

/**
 * Blocks the other text has in another place (pdftotext takes some pages' columns in another
 * order): a diff keeps one order and leaves them out. The runs left unmatched on both sides are
 * aligned once more among themselves, and a match is kept only as part of a stretch of
 * MOVED_MIN_RUNS or more runs that follow each other in both texts and hold a run left once on
 * each side (a lone `the`, or a phrase said many times, matched across the record would put boxes
 * in the wrong place).
 */
function matchMoved(theirs: Unit[], ours: Unit[], matchOf: Int32Array, deadline: number): void {
  const taken = new Uint8Array(ours.length);
  for (const b of matchOf) if (b >= 0) taken[b] = 1;
  const leftA: number[] = [];
  for (let i = 0; i < matchOf.length; i++) if (matchOf[i] < 0) leftA.push(i);
  const leftB: number[] = [];
  for (let j = 0; j < ours.length; j++) if (!taken[j]) leftB.push(j);
  if (!leftA.length || !leftB.length) return;
  const again = alignKeys(
    leftA.map((i) => theirs[i].key),
    leftB.map((j) => ours[j].key),
    deadline,
  );
  const pairs: [number, number][] = [];
  again.forEach((b, a) => {
    if (b >= 0) pairs.push([leftA[a], leftB[b]]);
  });
  // How often each key is left on each side: a stretch is kept only when one of its keys is left
  // once on each (a phrase said many times, `I now give the floor to`, is no evidence of where).
  const count = (keys: string[]) => {
    const n = new Map<string, number>();
    for (const k of keys) n.set(k, (n.get(k) ?? 0) + 1);
    return n;
  };
  const inA = count(leftA.map((i) => theirs[i].key));
  const inB = count(leftB.map((j) => ours[j].key));
  // Stretches of pairs adjacent in both texts.
  for (let start = 0; start < pairs.length; ) {
    let end = start + 1;
    while (end < pairs.length && pairs[end][0] === pairs[end - 1][0] + 1 && pairs[end][1] === pairs[end - 1][1] + 1)
      end++;
    let anchored = false;
    for (let k = start; k < end && !anchored; k++) {
      const key = theirs[pairs[k][0]].key;
      anchored = inA.get(key) === 1 && inB.get(key) === 1;
    }
    if (end - start >= MOVED_MIN_RUNS && anchored) for (let k = start; k < end; k++) matchOf[pairs[k][0]] = pairs[k][1];
    start = end;
  }
}

export interface Alignment {
  /** The text's words with the boxes of the words they matched (none for a word the source lacks). */
  source: TextSource;
  /** How many of the text's words have boxes, of how many. */
  matched: number;
  words: number;
}

/**
 * Carries a source map over to another text of the same record. Stops aligning after `timeoutMs`
 * (the words aligned by then keep their boxes); a record's text takes well under a second.
 */
export function alignText(text: string, from: TextSource, timeoutMs = 3000): Alignment {
  const deadline = performance.now() + timeoutMs;
  const lines = text.split(/\r\n|\r|\n/);
  const words = wordsOfText(text);
  const theirs = unitsOf(from.words.map((w) => from.wordText(w)));
  const ours = unitsOf(words.map((w) => lines[w.line].slice(w.start, w.end)));
  const matchOf = alignKeys(
    theirs.map((u) => u.key),
    ours.map((u) => u.key),
    deadline,
  );
  matchMoved(theirs, ours, matchOf, deadline);
  // Each word takes the boxes of the source words its runs matched, each box once (`Secretary-General`
  // is two runs of one source word).
  const sourceOf = new Int32Array(words.length).fill(-1);
  matchOf.forEach((b, a) => {
    if (b < 0) return;
    const w = words[ours[b].word];
    const s = theirs[a].word;
    const k = ours[b].word;
    if (sourceOf[k] === s) return;
    sourceOf[k] = s;
    for (const box of from.words[s].boxes) if (!w.boxes.includes(box)) w.boxes.push(box);
  });
  let matched = 0;
  for (const w of words) if (w.boxes.length) matched++;
  return { source: new TextSource(from.pages, words, text), matched, words: words.length };
}
