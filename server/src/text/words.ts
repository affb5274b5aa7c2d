/**
 * Word tokenising by character class, without regular expressions: the word counts of the
 * hyphenation evidence and the fused-word rule read every word of a document, and Unicode
 * property patterns (`\p{L}`) with look-behinds cost about five times as much per character.
 * Each character class is computed once from the same Unicode properties and kept in a table.
 */

const LETTER = 1;
const LOWER = 2;
const UPPER = 4;
const MARK = 8;
const NUMBER = 16;
/** `-`, `'` and `’`: the joiners inside words. */
const JOINER = 32;

/** Not classified yet: a character's class is computed the first time a text holds it. */
const UNKNOWN = 128;
const table = new Uint8Array(0x10000);
let filled = false;
const astral = new Map<number, number>();

/** A character's class, from the Unicode properties (patterns made on the first call). */
export function classify(ch: string): number {
  let c = 0;
  if (/\p{L}/u.test(ch)) c |= LETTER;
  if (/\p{Ll}/u.test(ch)) c |= LOWER;
  if (/\p{Lu}/u.test(ch)) c |= UPPER;
  if (/\p{M}/u.test(ch)) c |= MARK;
  if (/\p{N}/u.test(ch)) c |= NUMBER;
  if (ch.length === 1 && isJoiner(ch.charCodeAt(0))) c |= JOINER;
  return c;
}

/** `-`, `'` or `’`: a joiner inside words, when a word character follows it. */
function isJoiner(code: number): boolean {
  return code === 0x2d || code === 0x27 || code === 0x2019;
}

/**
 * Marks every BMP character unclassified but ASCII's. A character is classified when a text first
 * holds it (a record uses a few hundred): classifying all 63 000 ahead took tens of milliseconds,
 * paid by every fresh process (`verbatim check`). ASCII's classes are written here, as the
 * patterns find them (letters A–Z and a–z, digits 0–9, no marks; test/unit/words.test.ts): a
 * text in ASCII then makes none of the five patterns, each a table of Unicode's ranges to build.
 */
function fill(): void {
  table.fill(UNKNOWN);
  for (let code = 0; code < 0x80; code++) table[code] = asciiClass(code);
  filled = true;
}

/** The class of an ASCII character, as `classify` finds it. */
export function asciiClass(code: number): number {
  if (code >= 0x41 && code <= 0x5a) return LETTER | UPPER;
  if (code >= 0x61 && code <= 0x7a) return LETTER | LOWER;
  if (code >= 0x30 && code <= 0x39) return NUMBER;
  return isJoiner(code) ? JOINER : 0;
}

/** The class of a BMP code unit (a lone surrogate has none). */
function classOf(code: number): number {
  const c = table[code];
  if (c !== UNKNOWN) return c;
  const learnt = classify(String.fromCharCode(code));
  table[code] = learnt;
  return learnt;
}

/** In `classAt`'s answer: the character is astral (two UTF-16 units). */
const WIDE = 64;

/**
 * The class of the character at `i`, with WIDE for an astral character (two UTF-16 units): one
 * number, so that scanning allocates nothing per character even before the code is optimised.
 */
function classAt(s: string, i: number): number {
  const code = s.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length) {
    const low = s.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) {
      const cp = s.codePointAt(i) ?? code;
      let c = astral.get(cp);
      if (c === undefined) {
        c = classify(String.fromCodePoint(cp));
        astral.set(cp, c);
      }
      return c | WIDE;
    }
  }
  return classOf(code);
}

/**
 * Whether `s` holds what `/\p{Lu}[-+&]?[\p{Lu}\p{N}]|\p{Lu}\p{Ll}\p{Lu}/u` finds: two capitals, a
 * capital and a digit (a joiner between them or not), or `FfD`. The cheap test of a line that may
 * hold an acronym, run on every line.
 */
export function maybeAcronym(s: string): boolean {
  if (!filled) fill();
  const n = s.length;
  const UPPER_OR_NUMBER = UPPER | NUMBER;
  for (let i = 0; i < n; ) {
    // An acronym starts with a capital: other ASCII characters are passed over without a call.
    const code = s.charCodeAt(i);
    if (code < 65 || (code > 90 && code < 128)) {
      i++;
      continue;
    }
    const c = classAt(s, i);
    const w = c & WIDE ? 2 : 1;
    i += w;
    if (!(c & UPPER) || i >= n) continue;
    let j = i;
    const joiner = s.charCodeAt(j);
    if (joiner === 0x2d || joiner === 0x2b || joiner === 0x26) j++;
    if (j < n && classAt(s, j) & UPPER_OR_NUMBER) return true;
    const next = classAt(s, i);
    const nw = next & WIDE ? 2 : 1;
    if (next & LOWER && i + nw < n && classAt(s, i + nw) & UPPER) return true;
  }
  return false;
}

/**
 * Calls `found(start, end)` for each word of `s` as `/[\p{L}\p{M}\p{N}]+(?:[-'’][\p{L}\p{M}\p{N}]+)*​/gu`
 * finds them: letters, marks and digits, joined by single hyphens or apostrophes. Only in
 * `s.slice(from, to)` when given (offsets stay `s`'s), a part that cuts no character in two (a line).
 */
export function forEachWord(s: string, found: (start: number, end: number) => void, from = 0, to = s.length): void {
  if (!filled) fill();
  const n = to;
  const WORDISH = LETTER | MARK | NUMBER;
  let i = from;
  while (i < n) {
    // `classAt`, its common case written out: a call per character costs more than the table
    // look-up before the code is compiled (about a million characters in a 1 MB record).
    const code = s.charCodeAt(i);
    const known = table[code];
    const c = known !== UNKNOWN && (code < 0xd800 || code > 0xdbff) ? known : classAt(s, i);
    const w = c & WIDE ? 2 : 1;
    if (!(c & WORDISH)) {
      i += w;
      continue;
    }
    const start = i;
    i += w;
    for (;;) {
      while (i < n) {
        const code2 = s.charCodeAt(i);
        const known2 = table[code2];
        const c2 = known2 !== UNKNOWN && (code2 < 0xd800 || code2 > 0xdbff) ? known2 : classAt(s, i);
        const w2 = c2 & WIDE ? 2 : 1;
        if (!(c2 & WORDISH)) break;
        i += w2;
      }
      // A single joiner followed by a word character continues the word.
      if (i + 1 < n && classOf(s.charCodeAt(i)) & JOINER) {
        const c3 = classAt(s, i + 1);
        if (c3 & WORDISH) {
          i += 1;
          continue;
        }
      }
      break;
    }
    found(start, i);
  }
}

/**
 * Calls `found(start, end)` for each plain word of `s` as
 * `/(?<![\p{L}\p{N}\-'’])\p{L}\p{Ll}*(?:\p{Lu}\p{Ll}+)?(?![\p{L}\p{N}\-'’])/gu` finds them: a run of
 * letters touching no digit, hyphen or apostrophe, lower case after its first letter but for one
 * capitalised part (`theUnited`).
 */
export function forEachPlainWord(s: string, found: (start: number, end: number) => void): void {
  if (!filled) fill();
  const n = s.length;
  const RUN = LETTER | NUMBER | JOINER;
  let i = 0;
  while (i < n) {
    const c = classAt(s, i);
    const w = c & WIDE ? 2 : 1;
    if (!(c & RUN)) {
      i += w;
      continue;
    }
    // The whole run of letters, digits and joiners must have the word's shape.
    const start = i;
    let ok = (c & LETTER) !== 0;
    let state = 0; // 0: lower case after the first letter; 1: just after the capital; 2: its lower case
    i += w;
    while (i < n) {
      const c2 = classAt(s, i);
      const w2 = c2 & WIDE ? 2 : 1;
      if (!(c2 & RUN)) break;
      if (ok) {
        if (c2 & LOWER) {
          if (state === 1) state = 2;
        } else if (c2 & UPPER && state === 0) state = 1;
        else ok = false;
      }
      i += w2;
    }
    if (ok && state !== 1) found(start, i);
  }
}

/** The class of the character (code point) ending just before `i`, 0 at the start. */
function classBefore(s: string, i: number): number {
  if (i <= 0) return 0;
  const low = s.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = s.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return classAt(s, i - 2);
  }
  return classOf(low);
}

/**
 * Calls `found(start, end)` for each capitalised run of `s` as
 * `/(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{N}]*(?:[-+&][\p{L}\p{N}]+)*​/gu` finds them: the acronym
 * candidates (`UNHCR`, `G-77`, `P5+1`, `United`).
 */
export function forEachCapitalised(s: string, found: (start: number, end: number) => void): void {
  if (!filled) fill();
  const n = s.length;
  const ALNUM = LETTER | NUMBER;
  let i = 0;
  while (i < n) {
    const c = classAt(s, i);
    const w = c & WIDE ? 2 : 1;
    if (!(c & UPPER) || classBefore(s, i) & ALNUM) {
      i += w;
      continue;
    }
    const start = i;
    i += w;
    for (;;) {
      while (i < n) {
        const c2 = classAt(s, i);
        const w2 = c2 & WIDE ? 2 : 1;
        if (!(c2 & ALNUM)) break;
        i += w2;
      }
      const joiner = s.charCodeAt(i);
      if (i + 1 < n && (joiner === 0x2d || joiner === 0x2b || joiner === 0x26) && classAt(s, i + 1) & ALNUM) {
        i += 1;
        continue;
      }
      break;
    }
    found(start, i);
  }
}

/** JavaScript's `\s` (white space and line terminators), by UTF-16 code unit. */
export function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** `text.trimEnd().length` without the trimmed copy: where its trailing white space starts. */
export function trimmedLength(text: string): number {
  let end = text.length;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}

/**
 * Words as a reader counts them: runs of non-space holding a letter or a digit (`S/2014/123` is
 * one), as the pattern `[^\s\p{L}\p{N}]*[\p{L}\p{N}]\S+` (with `\S*` at its end) counts them, but in
 * one pass: that pattern is quadratic on a long run of punctuation.
 */
export function countReaderWords(s: string): number {
  if (!filled) fill();
  let n = 0;
  let inRun = false;
  let counted = false;
  for (let i = 0; i < s.length; ) {
    const code = s.charCodeAt(i);
    if (isSpace(code)) {
      inRun = false;
      i++;
      continue;
    }
    if (!inRun) {
      inRun = true;
      counted = false;
    }
    // A run already counted only needs its end: no class is read (a low surrogate is no space,
    // so the rest of an astral character is passed over one unit at a time).
    if (counted) {
      i++;
      continue;
    }
    // `classAt`, its common case written out.
    const known = table[code];
    const c = known !== UNKNOWN && (code < 0xd800 || code > 0xdbff) ? known : classAt(s, i);
    if (c & (LETTER | NUMBER)) {
      n++;
      counted = true;
    }
    i += c & WIDE ? 2 : 1;
  }
  return n;
}

/**
 * Each run of letters (`\p{L}`) of `s`, as the pattern `\p{L}+` finds them, in one pass without a
 * regular expression (a Unicode class repeated over millions of letters overflows the stack of
 * the regular-expression engine).
 */
export function forEachLetterRun(s: string, found: (start: number, end: number) => void): void {
  if (!filled) fill();
  let start = -1;
  for (let i = 0; i < s.length; ) {
    const c = classAt(s, i);
    const len = c & WIDE ? 2 : 1;
    if (c & LETTER) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      found(start, i);
      start = -1;
    }
    i += len;
  }
  if (start >= 0) found(start, s.length);
}

/**
 * Calls `found(start, end)` for each run of letters and marks in `s`, as `/[\p{L}\p{M}]+/gu`
 * finds them, allocating nothing per run: a caller that keeps few of a record's words slices only
 * those.
 */
export function forEachLetterOrMarkRun(s: string, found: (start: number, end: number) => void): void {
  if (!filled) fill();
  const n = s.length;
  const LETTER_OR_MARK = LETTER | MARK;
  let start = -1;
  for (let i = 0; i < n; ) {
    const code = s.charCodeAt(i);
    const known = table[code];
    const c = known !== UNKNOWN && (code < 0xd800 || code > 0xdbff) ? known : classAt(s, i);
    if (c & LETTER_OR_MARK) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      found(start, i);
      start = -1;
    }
    i += c & WIDE ? 2 : 1;
  }
  if (start >= 0) found(start, n);
}
