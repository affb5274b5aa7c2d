// Judging a PDF's text layer before it is imported: is it an OCR's (a producer that does OCR: Adobe
// Paper Capture, ABBYY FineReader, OCRmyPDF, Tesseract…), and is it good enough to import as it is?
// A layer is scored on its words: the share the record language's lexicon knows, the share of
// garbage (characters no printed word holds, `}{ATIONS`; letters of two scripts or letters and
// digits interleaved in one word), and the languages its function words belong to (a bilingual
// volume read straight across the page interleaves them). Linear in the text.
import { loadData } from "../../data";
import { lexiconFor } from "../../lexicon/lexicon";
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
  for (const t of text.split(/\s+/)) {
    const core = t.replace(/^[("'“‘«[]+|[)"'”’»\].,;:!?]+$/gu, "");
    if (core) out.push(core);
  }
  return out;
}

/** Function words of a list of tokens, counted per language, most first. */
export function languagesOf(tokens: readonly string[]): { language: string; count: number }[] {
  const words = functionWords();
  const counts = new Map<string, number>();
  for (const t of tokens) {
    const l = words.get(t.toLowerCase());
    if (l) counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  return [...counts].map(([language, count]) => ({ language, count })).sort((a, b) => b.count - a.count);
}

/** Scores a text's words (see the module's comment). */
export function scoreText(text: string): LayerScore {
  const tokens = tokensOf(text);
  let words = 0;
  let garbage = 0;
  for (const t of tokens) {
    if (/\p{L}/u.test(t)) words++;
    if (GARBAGE_CHAR.test(t) || LETTER_DIGIT_MIX.test(t) || (LATIN.test(t) && OTHER_SCRIPT.test(t))) garbage++;
  }
  const languages = languagesOf(tokens);
  const language = languages[0]?.language ?? "en";
  const lexicon = lexiconFor(language);
  let known: number | undefined;
  if (lexicon) {
    let asked = 0;
    let yes = 0;
    for (const t of tokens) {
      if (!/^\p{Ll}{3,}$/u.test(t)) continue;
      asked++;
      if (lexicon.has(t)) yes++;
    }
    if (asked) known = yes / asked;
  }
  const [first, second] = languages;
  const bilingual = !!first && !!second && second.count >= 20 && second.count >= first.count / 3;
  return {
    words,
    ...(known !== undefined ? { lexicon: known } : {}),
    garbage: tokens.length ? garbage / tokens.length : 0,
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
  const text = pdf.pages.map((p) => p.runs.map((r) => r.text).join(" ")).join("\n");
  const score = scoreText(text);
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
