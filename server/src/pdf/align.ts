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
//
// `TextLink` keeps the alignment of one text, compactly (typed arrays: a word is four numbers, a
// run three; each distinct run is a number), and follows the text's edits: a new version is
// compared with the last (the common start and end), and only the words between are aligned
// again, with the source's words between the nearest matched words around them. A 10 MB
// transcript links in about a second, and a cursor move after an edit costs milliseconds
// (bench/hostile.ts). `alignText` is a one-off link, as a `TextSource`.
import { diffArrays } from "diff";
import { lazyPattern } from "../text/regexp";
import { isSpace } from "../text/words";
import { sentenceAround } from "./sentence";
import { TextSource } from "./source";
import type { SourceWord } from "./transcript";
import type { PageBox } from "./types";

const UNIT = lazyPattern(() => /[\p{L}\p{N}]+/gu);
const ASCII_WORD = lazyPattern(() => /^[a-z0-9]+$/i);

/** Runs of letters and digits, as numbers (one per distinct run, lower-cased, NFC). */
class Vocabulary {
  private readonly ids = new Map<string, number>();
  get size(): number {
    return this.ids.size;
  }
  id(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }
  /** The runs of each word as written, once worked out (a text's words are mostly words seen before). */
  private readonly known = new Map<string, number | number[]>();

  /** The runs of a word, pushed as (key, word) pairs. */
  unitsOf(word: string, index: number, keys: number[], words: number[]): void {
    const known = this.known.get(word);
    if (typeof known === "number") {
      keys.push(known);
      words.push(index);
      return;
    }
    if (known) {
      for (const k of known) {
        keys.push(k);
        words.push(index);
      }
      return;
    }
    const at = keys.length;
    this.work(word, index, keys, words);
    if (this.known.size < 1_000_000) this.known.set(word, keys.length === at + 1 ? keys[at] : keys.slice(at));
  }

  private work(word: string, index: number, keys: number[], words: number[]): void {
    // Most words are one run of ASCII letters: no normalization, no search.
    if (ASCII_WORD().test(word)) {
      keys.push(this.id(word.toLowerCase()));
      words.push(index);
      return;
    }
    const at = keys.length;
    const nfc = word.normalize("NFC");
    for (const m of nfc.matchAll(UNIT())) {
      keys.push(this.id(m[0].toLowerCase()));
      words.push(index);
    }
    // A word of punctuation only (a dash, a leader dot) is its own unit.
    if (keys.length === at) {
      keys.push(this.id(nfc));
      words.push(index);
    }
  }
}

/** The words (runs of non-space characters) of text[from, to), as offsets pushed to `starts`/`ends`. */
function scanWords(text: string, from: number, to: number, starts: number[], ends: number[]): void {
  let start = -1;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    const space = isSpace(c);
    if (space && start >= 0) {
      starts.push(start);
      ends.push(i);
      start = -1;
    } else if (!space && start < 0) start = i;
  }
  if (start >= 0) {
    starts.push(start);
    ends.push(to);
  }
}

/** Where each line of a text starts (LF, CRLF or CR end a line). */
function lineStartsOf(text: string): Int32Array<ArrayBuffer> {
  const out: number[] = [0];
  if (!text.includes("\r")) {
    // LF only (most texts): found by indexOf, far faster than a loop over every character.
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) out.push(i + 1);
    return Int32Array.from(out);
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) out.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      out.push(i + 1);
    }
  }
  return Int32Array.from(out);
}

/** The last index k with xs[k] <= value (-1 if none), xs sorted. */
function lastAtOrBefore(xs: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * `xs` with [from, to) replaced by `middle` and what follows shifted by `shift`, in place when its
 * buffer has the room (a word typed in a 10 MB text does not copy it), else in a larger buffer.
 */
function splice(
  xs: Int32Array<ArrayBuffer>,
  from: number,
  to: number,
  middle: ArrayLike<number>,
  shift = 0,
): Int32Array<ArrayBuffer> {
  const length = xs.length;
  const size = length - (to - from) + middle.length;
  const capacity = xs.byteOffset === 0 ? xs.buffer.byteLength >> 2 : 0;
  let out: Int32Array<ArrayBuffer>;
  if (size <= capacity) {
    out = new Int32Array(xs.buffer, 0, capacity);
    out.copyWithin(from + middle.length, to, length);
  } else {
    out = new Int32Array(size + (size >> 3) + 1024);
    out.set(xs.subarray(0, from));
    out.set(xs.subarray(to, length), from + middle.length);
  }
  if (shift) for (let k = from + middle.length; k < size; k++) out[k] += shift;
  out.set(middle, from);
  return out.subarray(0, size);
}

/** A gap left between anchors no larger than this (words × words) is aligned by a Myers diff. */
const MYERS_MAX_CELLS = 4_000_000;

/** Scratch tables indexed by a run's number (kept between calls, grown as the vocabulary grows). */
class Scratch {
  inA = new Int32Array(0);
  inB = new Int32Array(0);
  fit(size: number): void {
    if (this.inA.length >= size) return;
    const n = Math.max(size, 2 * this.inA.length, 1024);
    this.inA = new Int32Array(n).fill(-1);
    this.inB = new Int32Array(n).fill(-1);
  }
}

/**
 * The pairs (index in `a`, index in `b`) of equal keys that the patience diff aligns, as
 * `matchOf[i - aFrom] = j` (an index of `b`), in order of both. Stops where it is when `deadline`
 * (a `performance.now()` time) has passed. Keys are numbers below `vocabulary`.
 */
function alignKeys(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  vocabulary: number,
  deadline: number,
  scratch = new Scratch(),
): Int32Array {
  scratch.fit(vocabulary);
  const matchOf = new Int32Array(a.length).fill(-1);
  const stack: number[] = [0, a.length, 0, b.length];
  let checks = 0;
  while (stack.length) {
    if ((++checks & 63) === 0 && performance.now() > deadline) break;
    let b1 = stack.pop() as number;
    let b0 = stack.pop() as number;
    let a1 = stack.pop() as number;
    let a0 = stack.pop() as number;
    while (a0 < a1 && b0 < b1 && a[a0] === b[b0]) matchOf[a0++] = b0++;
    while (a0 < a1 && b0 < b1 && a[a1 - 1] === b[b1 - 1]) matchOf[--a1] = --b1;
    if (a0 === a1 || b0 === b1) continue;
    const anchors = uniqueAnchors(a, a0, a1, b, b0, b1, scratch);
    if (!anchors.length) {
      if ((a1 - a0) * (b1 - b0) <= MYERS_MAX_CELLS) myers(a, a0, a1, b, b0, b1, matchOf);
      continue;
    }
    // The gaps between anchors, each aligned in turn (pushed last first, so they run in order).
    let nextA = a1;
    let nextB = b1;
    for (let k = anchors.length - 2; k >= 0; k -= 2) {
      const i = anchors[k];
      const j = anchors[k + 1];
      matchOf[i] = j;
      if (i + 1 < nextA && j + 1 < nextB) stack.push(i + 1, nextA, j + 1, nextB);
      nextA = i;
      nextB = j;
    }
    if (a0 < nextA && b0 < nextB) stack.push(a0, nextA, b0, nextB);
  }
  return matchOf;
}

/**
 * The keys found exactly once in each range, as pairs (index in a, index in b), flat: the longest
 * chain of them in the same order in both (patience sorting's longest increasing subsequence).
 */
function uniqueAnchors(
  a: ArrayLike<number>,
  a0: number,
  a1: number,
  b: ArrayLike<number>,
  b0: number,
  b1: number,
  scratch: Scratch,
): number[] {
  // For each key: where it is, or -2 when it is there more than once (-1: not there).
  const { inA, inB } = scratch;
  for (let j = b0; j < b1; j++) inB[b[j]] = inB[b[j]] === -1 ? j : -2;
  for (let i = a0; i < a1; i++) inA[a[i]] = inA[a[i]] === -1 ? i : -2;
  const ci: number[] = [];
  const cj: number[] = [];
  for (let i = a0; i < a1; i++) {
    const k = a[i];
    if (inA[k] === i && inB[k] >= 0) {
      ci.push(i);
      cj.push(inB[k]);
    }
  }
  for (let j = b0; j < b1; j++) inB[b[j]] = -1;
  for (let i = a0; i < a1; i++) inA[a[i]] = -1;
  if (!ci.length) return [];
  // Longest increasing subsequence of the j's, in O(n log n): tails[k] ends the best chain of k + 1.
  const tails: number[] = [];
  const previous = new Int32Array(ci.length).fill(-1);
  for (let c = 0; c < ci.length; c++) {
    const j = cj[c];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cj[tails[mid]] < j) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[c] = tails[lo - 1];
    tails[lo] = c;
  }
  const chain: number[] = [];
  for (let c = tails[tails.length - 1]; c >= 0; c = previous[c]) chain.push(cj[c], ci[c]);
  return chain.reverse();
}

/** A Myers diff of two small ranges, its common keys written into `matchOf`. */
function myers(
  a: ArrayLike<number>,
  a0: number,
  a1: number,
  b: ArrayLike<number>,
  b0: number,
  b1: number,
  matchOf: Int32Array,
): void {
  const changes = diffArrays(
    Array.from({ length: a1 - a0 }, (_, k) => a[a0 + k]),
    Array.from({ length: b1 - b0 }, (_, k) => b[b0 + k]),
  );
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
 * in the wrong place). `matchOf`: for each of `theirs`, its index in `ours` or -1.
 */
function matchMoved(
  theirs: Int32Array,
  ours: Int32Array,
  matchOf: Int32Array,
  vocabulary: number,
  deadline: number,
  scratch: Scratch,
): void {
  const taken = new Uint8Array(ours.length);
  for (const b of matchOf) if (b >= 0) taken[b] = 1;
  const leftA: number[] = [];
  for (let i = 0; i < matchOf.length; i++) if (matchOf[i] < 0) leftA.push(i);
  const leftB: number[] = [];
  for (let j = 0; j < ours.length; j++) if (!taken[j]) leftB.push(j);
  if (!leftA.length || !leftB.length) return;
  const keysA = Int32Array.from(leftA, (i) => theirs[i]);
  const keysB = Int32Array.from(leftB, (j) => ours[j]);
  const again = alignKeys(keysA, keysB, vocabulary, deadline, scratch);
  // How often each key is left on each side: a stretch is kept only when one of its keys is left
  // once on each (a phrase said many times, `I now give the floor to`, is no evidence of where).
  const inA = new Int32Array(vocabulary);
  const inB = new Int32Array(vocabulary);
  for (const k of keysA) inA[k]++;
  for (const k of keysB) inB[k]++;
  const pairsA: number[] = [];
  const pairsB: number[] = [];
  again.forEach((b, a) => {
    if (b >= 0) {
      pairsA.push(leftA[a]);
      pairsB.push(leftB[b]);
    }
  });
  // Stretches of pairs adjacent in both texts.
  for (let start = 0; start < pairsA.length; ) {
    let end = start + 1;
    while (end < pairsA.length && pairsA[end] === pairsA[end - 1] + 1 && pairsB[end] === pairsB[end - 1] + 1) end++;
    let anchored = false;
    for (let k = start; k < end && !anchored; k++) {
      const key = theirs[pairsA[k]];
      anchored = inA[key] === 1 && inB[key] === 1;
    }
    if (end - start >= MOVED_MIN_RUNS && anchored) for (let k = start; k < end; k++) matchOf[pairsA[k]] = pairsB[k];
    start = end;
  }
}

/** Unchanged words aligned again on each side of a change (TextLink.update). */
const MARGIN_WORDS = 8;

export interface Alignment {
  /** The text's words with the boxes of the words they matched (none for a word the source lacks). */
  source: TextSource;
  /** How many of the text's words have boxes, of how many. */
  matched: number;
  words: number;
}

/**
 * A text linked to a PDF's map (an import's `TextSource`): its words, each with the source words it
 * matched, kept up to date with the text's versions (`update`). Lines and characters as the text's.
 */
export class TextLink {
  private readonly vocabulary = new Vocabulary();
  private readonly scratch = new Scratch();
  /** The source's runs: their numbers and their words. */
  private readonly theirKey: Int32Array;
  private readonly theirWord: Int32Array;
  private current = "";
  private lineStarts: Int32Array<ArrayBuffer> = new Int32Array(1);
  /** Our words: offsets in the text, and the source word matched (-1: none). */
  private wordStart = new Int32Array(0);
  private wordEnd = new Int32Array(0);
  private wordSource = new Int32Array(0);
  /** More source words of a word whose runs matched several (rare): by word index. */
  private extra = new Map<number, number[]>();
  /** Our runs: their numbers, their words, and the source run each matched (-1: none). */
  private unitKey = new Int32Array(0);
  private unitWord = new Int32Array(0);
  private unitMatch = new Int32Array(0);
  /** How many of the text's words have boxes. */
  matched = 0;

  constructor(
    readonly from: TextSource,
    text: string,
    timeoutMs = 3000,
  ) {
    const keys: number[] = [];
    const words: number[] = [];
    from.words.forEach((w, k) => {
      this.vocabulary.unitsOf(from.wordText(w), k, keys, words);
    });
    this.theirKey = Int32Array.from(keys);
    this.theirWord = Int32Array.from(words);
    this.align(text, timeoutMs);
  }

  get words(): number {
    return this.wordStart.length;
  }

  /** The text as it was last aligned. */
  get text(): string {
    return this.current;
  }

  /** The whole text aligned (the first version, or one too far from the last). */
  private align(text: string, timeoutMs: number): void {
    const deadline = performance.now() + timeoutMs;
    this.current = text;
    this.lineStarts = lineStartsOf(text);
    const starts: number[] = [];
    const ends: number[] = [];
    scanWords(text, 0, text.length, starts, ends);
    this.wordStart = Int32Array.from(starts);
    this.wordEnd = Int32Array.from(ends);
    const keys: number[] = [];
    const words: number[] = [];
    for (let k = 0; k < starts.length; k++) this.vocabulary.unitsOf(text.slice(starts[k], ends[k]), k, keys, words);
    this.unitKey = Int32Array.from(keys);
    this.unitWord = Int32Array.from(words);
    const size = this.vocabulary.size;
    // Theirs against ours, as the map is carried from the source to the text.
    const matchOf = alignKeys(this.theirKey, this.unitKey, size, deadline, this.scratch);
    matchMoved(this.theirKey, this.unitKey, matchOf, size, deadline, this.scratch);
    this.unitMatch = new Int32Array(keys.length).fill(-1);
    matchOf.forEach((b, a) => {
      if (b >= 0) this.unitMatch[b] = a;
    });
    this.wordSource = new Int32Array(starts.length).fill(-1);
    this.extra = new Map();
    this.sourcesOf(0, this.unitKey.length);
    this.count();
  }

  /** Each word's source words, from its runs' matches (units [from, to)). */
  private sourcesOf(from: number, to: number): void {
    for (let u = from; u < to; u++) {
      const a = this.unitMatch[u];
      if (a < 0) continue;
      const k = this.unitWord[u];
      const s = this.theirWord[a];
      if (this.wordSource[k] < 0) this.wordSource[k] = s;
      else if (this.wordSource[k] !== s) {
        const more = this.extra.get(k) ?? [];
        if (!more.includes(s)) more.push(s);
        this.extra.set(k, more);
      }
    }
  }

  private count(): void {
    this.matched = this.countIn(0, this.wordSource.length);
  }

  /** How many of words [from, to) have boxes. */
  private countIn(from: number, to: number): number {
    let n = 0;
    for (let k = from; k < to; k++) if (this.wordSource[k] >= 0 && this.hasBoxes(k)) n++;
    return n;
  }

  private hasBoxes(k: number): boolean {
    if (this.from.words[this.wordSource[k]]?.boxes.length) return true;
    return (this.extra.get(k) ?? []).some((s) => this.from.words[s]?.boxes.length);
  }

  /**
   * The text's next version: the words between the part both versions start with and the part
   * both end with are aligned again, with the source's runs between the matched runs around them.
   */
  update(text: string, timeoutMs = 3000): void {
    const old = this.current;
    if (text === old) return;
    const deadline = performance.now() + timeoutMs;
    const shortest = Math.min(old.length, text.length);
    // The common start and end, compared a block at a time first (a string comparison is a memcmp).
    const BLOCK = 4096;
    let p = 0;
    while (p + BLOCK <= shortest && old.slice(p, p + BLOCK) === text.slice(p, p + BLOCK)) p += BLOCK;
    while (p < shortest && old.charCodeAt(p) === text.charCodeAt(p)) p++;
    let s = 0;
    while (
      s + BLOCK <= shortest - p &&
      old.slice(old.length - s - BLOCK, old.length - s) === text.slice(text.length - s - BLOCK, text.length - s)
    )
      s += BLOCK;
    while (s < shortest - p && old.charCodeAt(old.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
    const delta = text.length - old.length;
    if (p + s < Math.max(old.length, text.length) / 2) {
      // Most of the text changed (a new text altogether): aligned whole, moved blocks and all.
      this.align(text, timeoutMs);
      return;
    }
    // Words kept before: ending before the first change (the character after them is unchanged
    // white space). Words kept after: starting after a character of the unchanged end.
    // A few words more on each side are aligned again too: an unchanged word next to a change
    // may match better elsewhere (`The` of a sentence deleted, and the `The` after it).
    const keepBefore = Math.max(0, lastAtOrBefore(this.wordEnd, p - 1) + 1 - MARGIN_WORDS);
    let keepAfter = Math.min(this.words, lastAtOrBefore(this.wordStart, old.length - s) + 1 + MARGIN_WORDS);
    if (keepAfter < keepBefore) keepAfter = keepBefore;
    const regionStart = keepBefore > 0 ? this.wordEnd[keepBefore - 1] : 0;
    const regionEnd = (keepAfter < this.words ? this.wordStart[keepAfter] : old.length) + delta;
    const starts: number[] = [];
    const ends: number[] = [];
    scanWords(text, regionStart, regionEnd, starts, ends);
    // The runs: kept before (up to the first run of word keepBefore), new, kept after.
    const unitBefore = lastAtOrBefore(this.unitWord, keepBefore - 1) + 1;
    const unitAfter = lastAtOrBefore(this.unitWord, keepAfter - 1) + 1;
    const keys: number[] = [];
    const words: number[] = [];
    for (let k = 0; k < starts.length; k++)
      this.vocabulary.unitsOf(text.slice(starts[k], ends[k]), keepBefore + k, keys, words);
    // The source's runs between the nearest matched runs around the region.
    // (Looked for so far only: a region with no match near it is left unmatched, as a fresh
    // alignment would leave it: its words are not anchored to any place of the source.)
    const NEAR = 20_000;
    let lo: number | undefined = unitBefore - NEAR <= 0 ? -1 : undefined;
    for (let u = unitBefore - 1; u >= 0 && u >= unitBefore - NEAR; u--)
      if (this.unitMatch[u] >= 0) {
        lo = this.unitMatch[u];
        break;
      }
    let hi: number | undefined = unitAfter + NEAR >= this.unitKey.length ? this.theirKey.length : undefined;
    for (let u = unitAfter; u < this.unitKey.length && u < unitAfter + NEAR; u++)
      if (this.unitMatch[u] >= 0) {
        hi = this.unitMatch[u];
        break;
      }
    const matches = new Int32Array(keys.length).fill(-1);
    if (lo !== undefined && hi !== undefined && lo + 1 < hi && keys.length) {
      const theirs = this.theirKey.subarray(lo + 1, hi);
      const ours = Int32Array.from(keys);
      const matchOf = alignKeys(theirs, ours, this.vocabulary.size, deadline, this.scratch);
      // A paragraph moved (cut, pasted further on) is in the region: found as the whole text's would be.
      matchMoved(theirs, ours, matchOf, this.vocabulary.size, deadline, this.scratch);
      matchOf.forEach((b, a) => {
        if (b >= 0) matches[b] = lo + 1 + a;
      });
    }
    const gone = this.countIn(keepBefore, keepAfter);
    // The arrays again: kept before, new, kept after (shifted by the change in length), in place.
    const added = starts.length - (keepAfter - keepBefore);
    this.wordStart = splice(this.wordStart, keepBefore, keepAfter, starts, delta);
    this.wordEnd = splice(this.wordEnd, keepBefore, keepAfter, ends, delta);
    this.wordSource = splice(this.wordSource, keepBefore, keepAfter, new Int32Array(starts.length).fill(-1));
    this.unitKey = splice(this.unitKey, unitBefore, unitAfter, keys);
    this.unitWord = splice(this.unitWord, unitBefore, unitAfter, words, added);
    this.unitMatch = splice(this.unitMatch, unitBefore, unitAfter, matches);
    const extra = new Map<number, number[]>();
    for (const [k, more] of this.extra) {
      if (k < keepBefore) extra.set(k, more);
      else if (k >= keepAfter) extra.set(k + added, more);
    }
    this.extra = extra;
    this.sourcesOf(unitBefore, unitBefore + keys.length);
    this.current = text;
    this.lineStarts = lineStartsOf(text);
    this.matched += this.countIn(keepBefore, keepBefore + starts.length) - gone;
  }

  /** The words on a line: [first, end) of word indices. */
  private wordsOnLine(line: number): [number, number] {
    if (line < 0 || line >= this.lineStarts.length) return [0, 0];
    const start = this.lineStarts[line];
    const end = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.current.length;
    return [lastAtOrBefore(this.wordStart, start - 1) + 1, lastAtOrBefore(this.wordStart, end - 1) + 1];
  }

  /** The boxes of word k (its source words'), each once. */
  private boxesOf(k: number): PageBox[] {
    const s = this.wordSource[k];
    if (s < 0) return [];
    const more = this.extra.get(k);
    const boxes = [...(this.from.words[s]?.boxes ?? [])];
    if (more)
      for (const m of more) for (const b of this.from.words[m]?.boxes ?? []) if (!boxes.includes(b)) boxes.push(b);
    return boxes;
  }

  /** The page a line starts on (its first word with a box), or undefined for a line with none. */
  pageOfLine(line: number): number | undefined {
    const [a, b] = this.wordsOnLine(line);
    for (let k = a; k < b; k++) {
      const boxes = this.boxesOf(k);
      if (boxes.length) return boxes[0].page;
    }
    return undefined;
  }

  /** The boxes of a line's words on one page (a paragraph may run over two pages). */
  boxesOfLine(line: number, page?: number): PageBox[] {
    const on = page ?? this.pageOfLine(line);
    const [a, b] = this.wordsOnLine(line);
    const out: PageBox[] = [];
    for (let k = a; k < b; k++) for (const box of this.boxesOf(k)) if (box.page === on) out.push(box);
    return out;
  }

  /** The boxes on `page` of the words that overlap [start, end) of a line (a doubtful OCR word's). */
  boxesOfSpan(line: number, start: number, end: number, page: number): PageBox[] {
    const [a, b] = this.wordsOnLine(line);
    if (a === b) return [];
    const lineStart = this.lineStarts[line];
    const out: PageBox[] = [];
    for (let k = a; k < b; k++) {
      if (this.wordEnd[k] <= lineStart + start || this.wordStart[k] >= lineStart + end) continue;
      for (const box of this.boxesOf(k)) if (box.page === page && !out.includes(box)) out.push(box);
    }
    return out;
  }

  /**
   * What the view marks for the cursor at (line, character): the boxes of the sentence around it,
   * or of the whole line when the line is printed on one line of the PDF (a header, or a text kept
   * with the PDF's lines); on the page of the cursor's word (a paragraph running over a page break
   * shows the part the cursor is in), else of the sentence's first word with a box.
   */
  boxesAt(line: number, character: number): { page: number; boxes: PageBox[] } | undefined {
    const [a, b] = this.wordsOnLine(line);
    if (a === b) return undefined;
    const lineStart = this.lineStarts[line];
    const lineEnd = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.current.length;
    let from = a;
    let to = b;
    if (this.printedLines(a, b) > 1) {
      const [s0, s1] = sentenceAround(this.current, lineStart, lineEnd, lineStart + character);
      from = Math.max(a, lastAtOrBefore(this.wordEnd, s0) + 1);
      to = Math.min(b, lastAtOrBefore(this.wordStart, s1 - 1) + 1);
      if (from >= to) {
        from = a;
        to = b;
      }
    }
    // The cursor's word (the last starting at or before it), or the nearest with a box in the sentence.
    const at = Math.min(to - 1, Math.max(from, lastAtOrBefore(this.wordStart, lineStart + character)));
    let page: number | undefined;
    for (let d = 0; page === undefined && (at - d >= from || at + d < to); d++) {
      page =
        (at - d >= from ? this.boxesOf(at - d)[0]?.page : undefined) ??
        (at + d < to ? this.boxesOf(at + d)[0]?.page : undefined);
    }
    if (page === undefined) return undefined;
    const boxes: PageBox[] = [];
    for (let k = from; k < to; k++) for (const box of this.boxesOf(k)) if (box.page === page) boxes.push(box);
    return { page, boxes };
  }

  /** How many printed lines words [a, b) are on (their first boxes: a new page, or a line below). */
  private printedLines(a: number, b: number): number {
    let lines = 0;
    let last: PageBox | undefined;
    for (let k = a; k < b; k++) {
      const box = this.boxesOf(k)[0];
      if (!box) continue;
      if (!last || box.page !== last.page || Math.abs(box.y - last.y) > Math.max(box.height, last.height) / 2) lines++;
      last = box;
    }
    return lines;
  }

  /** The position (line, character) of the text's word printed at a point of a page, if one is. */
  wordAt(page: number, x: number, y: number): { line: number; character: number } | undefined {
    const s = this.from.wordIndexAt(page, x, y);
    if (s < 0) return undefined;
    // The text's word that took this source word's boxes (the first, if several did).
    let found = this.wordSource.indexOf(s);
    for (const [k, more] of this.extra) if (more.includes(s) && (found < 0 || k < found)) found = k;
    if (found < 0) return undefined;
    const line = lastAtOrBefore(this.lineStarts, this.wordStart[found]);
    return { line, character: this.wordStart[found] - this.lineStarts[line] };
  }

  /** The text's words with their boxes, as a `TextSource`. */
  toSource(): TextSource {
    const words: SourceWord[] = [];
    for (let k = 0; k < this.wordStart.length; k++) {
      const line = lastAtOrBefore(this.lineStarts, this.wordStart[k]);
      const at = this.lineStarts[line];
      words.push({ line, start: this.wordStart[k] - at, end: this.wordEnd[k] - at, boxes: this.boxesOf(k) });
    }
    return new TextSource(this.from.pages, words, this.current);
  }
}

/**
 * Carries a source map over to another text of the same record. Stops aligning after `timeoutMs`
 * (the words aligned by then keep their boxes); a record's text takes well under a second.
 */
export function alignText(text: string, from: TextSource, timeoutMs = 3000): Alignment {
  const link = new TextLink(from, text, timeoutMs);
  return { source: link.toSource(), matched: link.matched, words: link.words };
}
