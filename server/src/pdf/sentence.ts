import { lazyPattern } from "../text/regexp";

// The sentence around a place of a text, for the view beside the text (the words marked on the PDF
// page at the cursor): sentences end at `.`, `!`, `?` or `…` followed (after any closing quotes or
// brackets) by white space and not by a lower-case letter, except for a period right after an
// initial or a short abbreviated title (a capital and at most two lower-case letters: `J.`, `Mr.`,
// `Mrs.`, `Sr.`). A colon before a capital ends one too: a speaker's header is marked apart from the
// speech it opens (`Mr. X (Country):`, `The President:`), a list apart from what announces it.
// One pass over the part of the text given: linear in it.

const ENDS = new Set([".", "!", "?", "…", ":"]);
const CLOSERS = new Set(['"', "'", "”", "’", "»", ")", "]"]);
const OPENERS = lazyPattern(() => /^[("“‘«[]+/u);
const SHORT_TITLE = lazyPattern(() => /^\p{Lu}\p{Ll}{0,2}$/u);
const LOWER = lazyPattern(() => /\p{Ll}/u);
const UPPER = lazyPattern(() => /[\p{Lu}"“‘«(]/u);
const SPACE = lazyPattern(() => /\s/u);

/**
 * The sentence of `text[from, to)` (a line, or a paragraph) that holds offset `at`: [start, end),
 * its trailing white space included (a cursor between two sentences is in the one before).
 */
export function sentenceAround(text: string, from: number, to: number, at: number): [number, number] {
  let start = from;
  let p = from;
  while (p < to) {
    const end = endAfter(text, p, from, to);
    if (end < 0) {
      p++;
      continue;
    }
    // The next sentence starts after the white space.
    let next = end;
    while (next < to && SPACE().test(text[next])) next++;
    if (at < next) return [start, next];
    start = next;
    p = next;
  }
  return [start, to];
}

/** When a sentence ends with the punctuation at `p`: where its closing quotes end, else -1. */
function endAfter(text: string, p: number, from: number, to: number): number {
  const c = text[p];
  if (!ENDS.has(c)) return -1;
  let q = p + 1;
  while (q < to && CLOSERS.has(text[q])) q++;
  if (q < to && !SPACE().test(text[q])) return -1;
  if (c === "." && q === p + 1) {
    // The word the period ends: an initial or a short title does not end the sentence.
    let w = p;
    while (w > from && !SPACE().test(text[w - 1])) w--;
    const word = text.slice(w, p).replace(OPENERS(), "");
    if (SHORT_TITLE().test(word)) return -1;
  }
  // A lower-case word after it: an abbreviation inside the sentence (`e.g. the`).
  let n = q;
  while (n < to && SPACE().test(text[n])) n++;
  if (n < to && LOWER().test(text[n])) return -1;
  if (c === ":" && n < to && !UPPER().test(text[n])) return -1;
  return q;
}
