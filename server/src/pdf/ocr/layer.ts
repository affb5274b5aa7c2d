// Judging a PDF's text layer before it is imported: is it an OCR's (a producer that does OCR: Adobe
// Paper Capture, ABBYY FineReader, OCRmyPDF, Tesseract…), and is it good enough to import as it is?
// A layer is scored on its words: the share the record language's lexicon knows, the share of
// garbage (characters no printed word holds, `}{ATIONS`; letters of two scripts or letters and
// digits interleaved in one word), and the languages its function words belong to (a bilingual
// volume read straight across the page interleaves them). Linear in the text.
import { loadData } from "../../data";
import { lexiconFor } from "../../lexicon/lexicon";
import { isSpace } from "../../text/words";
import type { PdfText } from "../types";

export interface LayerScore {
  /** Words (tokens with a letter) read. */
  words: number;
  /** Share of the lower-case words of three letters or more that the lexicon knows (undefined: no lexicon). */
  lexicon?: number;
  /** Share of tokens that are garbage. */
  garbage: number;
  /** Function words counted per language (ISO 639-1), most first. */
  languages: { language: string; count: number }[];
  /** The language most of the function words belong to. */
  language: string;
  /** Two languages interleaved: the second has at least a third of the first's function words. */
  bilingual: boolean;
}

export interface LayerVerdict extends LayerScore {
  /** The producer named in the PDF, when it is a program that does OCR. */
  ocrProducer?: string;
  /** Good enough to import as it is. */
  usable: boolean;
  /** Why not, for people. */
  reasons: string[];
}

/** Below this share of lexicon words a layer is too poor to import as it is. */
export const MIN_LEXICON_SHARE = 0.85;
/** Above this share of garbage tokens, too. */
export const MAX_GARBAGE_SHARE = 0.02;

const GARBAGE_CHAR = /[{}[\]|<>\\^~¢¤§@*_=+`¦]/u;
const LETTER_DIGIT_MIX = /\p{L}\d\p{L}|\d\p{L}\d/u;
const LATIN = /\p{Script=Latin}/u;
const OTHER_SCRIPT = /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{Script=Han}]/u;

let stopwords: Map<string, string> | undefined;
/** Each function word that belongs to one language only → its language (the languages' data). */
function functionWords(): Map<string, string> {
  if (stopwords) return stopwords;
  const seen = new Map<string, Set<string>>();
  for (const l of loadData().languages)
    for (const w of [...(l.stopwords ?? []), ...(l.functionWords ?? [])]) {
      const set = seen.get(w.toLowerCase()) ?? new Set<string>();
      set.add(l.language);
      seen.set(w.toLowerCase(), set);
    }
  stopwords = new Map([...seen].filter(([, s]) => s.size === 1).map(([w, s]) => [w, [...s][0]]));
  return stopwords;
}

/** Tokens of a text: runs of non-space, their outer punctuation taken off. */
export function tokensOf(text: string): string[] {
  const out: string[] = [];
  forEachToken(text, (t) => out.push(t));
  return out;
}

/** Punctuation taken off a token's start: `(`, `"`, `'`, `“`, `‘`, `«`, `[`. */
function opens(c: number): boolean {
  return c === 0x28 || c === 0x22 || c === 0x27 || c === 0x201c || c === 0x2018 || c === 0xab || c === 0x5b;
}

/** Punctuation taken off a token's end: `)`, `"`, `'`, `”`, `’`, `»`, `]`, `.`, `,`, `;`, `:`, `!`, `?`. */
function closes(c: number): boolean {
  return (
    c === 0x29 ||
    c === 0x22 ||
    c === 0x27 ||
    c === 0x201d ||
    c === 0x2019 ||
    c === 0xbb ||
    c === 0x5d ||
    c === 0x2e ||
    c === 0x2c ||
    c === 0x3b ||
    c === 0x3a ||
    c === 0x21 ||
    c === 0x3f
  );
}

/**
 * Each token of a text, in order: a run of non-space (`\s`) less the longest run of `opens` at its
 * start and then the longest run of `closes` at its end, when something is left. What splitting
 * at `/\s+/` and replacing `/^[("'“‘«[]+|[)"'”’»\].,;:!?]+$/gu` gives, read from character codes
 * (test/unit/ocrLayer.test.ts compares the two).
 */
function forEachToken(text: string, f: (token: string) => void): void {
  const n = text.length;
  let k = 0;
  while (k < n) {
    while (k < n && isSpace(text.charCodeAt(k))) k++;
    let end = k;
    while (end < n && !isSpace(text.charCodeAt(end))) end++;
    let from = k;
    while (from < end && opens(text.charCodeAt(from))) from++;
    let to = end;
    while (to > from && closes(text.charCodeAt(to - 1))) to--;
    if (to > from) f(text.slice(from, to));
    k = end;
  }
}

/** Function words of a list of tokens, counted per language, most first. */
export function languagesOf(tokens: readonly string[]): { language: string; count: number }[] {
  const count = functionWordCounter();
  for (const t of tokens) count.add(t, -1);
  return count.languages();
}

/**
 * Counts function words per language, token by token (`add` is given the token's ASCII traits, or
 * -1): a token in ASCII longer than every function word is none, and is not put in lower case.
 */
function functionWordCounter() {
  const words = functionWords();
  let longest = 0;
  for (const w of words.keys()) longest = Math.max(longest, w.length);
  const counts = new Map<string, number>();
  return {
    add(t: string, ascii: number) {
      if (ascii >= 0 && t.length > longest) return;
      const l = words.get(ascii >= 0 && ascii & ALL_LOWER ? t : t.toLowerCase());
      if (l) counts.set(l, (counts.get(l) ?? 0) + 1);
    },
    languages: () => [...counts].map(([language, count]) => ({ language, count })).sort((a, b) => b.count - a.count),
  };
}

const HAS_LETTER = 1;
const IS_GARBAGE = 2;
const ALL_LOWER = 4;
/** ASCII characters of GARBAGE_CHAR. */
const ASCII_GARBAGE = new Set([..."{}[]|<>\\^~@*_=+`"].map((c) => c.charCodeAt(0)));

/**
 * What the patterns above say of a token all in ASCII (most of a record's), read from its
 * character codes: HAS_LETTER (`\p{L}`), IS_GARBAGE (GARBAGE_CHAR or LETTER_DIGIT_MIX; a token in
 * ASCII has no second script), ALL_LOWER (`^\p{Ll}+$`); -1 for a token with a character past ASCII,
 * which the patterns read.
 */
function asciiTraits(t: string): number {
  let traits = ALL_LOWER;
  // The kinds of the last two characters: 1 a letter, 2 a digit, 0 anything else.
  let before = 0;
  let last = 0;
  for (let k = 0; k < t.length; k++) {
    const c = t.charCodeAt(k);
    if (c > 0x7f) return -1;
    const lower = c >= 0x61 && c <= 0x7a;
    const kind = lower || (c >= 0x41 && c <= 0x5a) ? 1 : c >= 0x30 && c <= 0x39 ? 2 : 0;
    if (kind === 1) traits |= HAS_LETTER;
    if (!lower) traits &= ~ALL_LOWER;
    if (ASCII_GARBAGE.has(c) || (kind !== 0 && before === kind && last === 3 - kind)) traits |= IS_GARBAGE;
    before = last;
    last = kind;
  }
  return t.length ? traits : traits & ~ALL_LOWER;
}

/** Scores a text's words (see the module's comment). */
export function scoreText(text: string): LayerScore {
  return scoreTokens((visit) => forEachToken(text, visit));
}

/**
 * Scores the tokens `each` visits, in text order: each token's letters and garbage read as it is
 * met, its function words counted, and a lower-case word of three letters or more kept for the
 * lexicon of the language found.
 */
function scoreTokens(each: (visit: (token: string) => void) => void): LayerScore {
  let tokens = 0;
  let words = 0;
  let garbage = 0;
  const asked: string[] = [];
  const counter = functionWordCounter();
  each((t) => {
    tokens++;
    const ascii = asciiTraits(t);
    if (ascii < 0) {
      if (/\p{L}/u.test(t)) words++;
      if (GARBAGE_CHAR.test(t) || LETTER_DIGIT_MIX.test(t) || (LATIN.test(t) && OTHER_SCRIPT.test(t))) garbage++;
      if (/^\p{Ll}{3,}$/u.test(t)) asked.push(t);
    } else {
      if (ascii & HAS_LETTER) words++;
      if (ascii & IS_GARBAGE) garbage++;
      if (ascii & ALL_LOWER && t.length >= 3) asked.push(t);
    }
    counter.add(t, ascii);
  });
  const languages = counter.languages();
  const language = languages[0]?.language ?? "en";
  const lexicon = lexiconFor(language);
  let known: number | undefined;
  if (lexicon && asked.length) {
    let yes = 0;
    for (const t of asked) if (lexicon.has(t)) yes++;
    known = yes / asked.length;
  }
  const [first, second] = languages;
  const bilingual = !!first && !!second && second.count >= 20 && second.count >= first.count / 3;
  return {
    words,
    ...(known !== undefined ? { lexicon: known } : {}),
    garbage: tokens ? garbage / tokens : 0,
    languages,
    language,
    bilingual,
  };
}

const OCR_PRODUCERS =
  /paper capture|clearscan|abbyy|finereader|omnipage|readiris|tesseract|ocrmypdf|hocr|kofax|capture/i;

/** The producer or creator the PDF names in its information dictionary, when it names an OCR program. */
export function ocrProducer(bytes: Uint8Array): string | undefined {
  // The information dictionary is rarely compressed: its strings are read from the bytes.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  for (const m of text.matchAll(/\/(?:Producer|Creator)\s*\(((?:[^()\\]|\\.){0,200})\)/g))
    if (OCR_PRODUCERS.test(m[1])) return m[1];
  return undefined;
}

/** Judges a PDF's text layer: usable as it is, or to be read again by OCR, and why. */
export function judgeLayer(pdf: PdfText, bytes?: Uint8Array): LayerVerdict {
  // The runs' tokens, as those of the page's text with a space between runs and a line end between pages.
  const score = scoreTokens((visit) => {
    for (const p of pdf.pages) for (const r of p.runs) forEachToken(r.text, visit);
  });
  const producer = bytes ? ocrProducer(bytes) : undefined;
  const reasons: string[] = [];
  const pct = (x: number) => `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`;
  if (score.bilingual)
    reasons.push(
      `two languages interleaved (${score.languages
        .slice(0, 2)
        .map((l) => `${l.count} function words in ${l.language}`)
        .join(", ")}: a bilingual volume read across its columns)`,
    );
  if (score.lexicon !== undefined && score.lexicon < MIN_LEXICON_SHARE)
    reasons.push(`only ${pct(score.lexicon)} of its words are in the ${score.language} lexicon`);
  if (score.garbage > MAX_GARBAGE_SHARE) reasons.push(`${pct(score.garbage)} of its words are garbage`);
  return { ...score, ...(producer ? { ocrProducer: producer } : {}), usable: reasons.length === 0, reasons };
}
