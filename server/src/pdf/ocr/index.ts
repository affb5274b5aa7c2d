// A scanned record's import: its pages read by an OCR (engine.ts), each word with its box and the
// engine's confidence (tsv.ts), laid out and turned into a transcript by the same passes as a text
// PDF's (layout.ts, transcript.ts through `importText`): the transcript and the word map the PDF
// view uses come out the same way. What is particular to a scan:
//
// - a bilingual volume (English and French side by side, 1946–1970s) keeps the columns in the
//   record's language, each column's language read from its function words; the others are left
//   out and the import's report says which;
// - the words the OCR was unsure of (confidence below `DOUBT_BELOW`) are given back as marks on
//   the transcript (`OcrWordMark`): the parser's `ocrWords` option, which `ocr-uncertain` reports.
//   The command line writes them beside the transcript (`NAME.ocr.tsv`, sidecar.ts).

import { loadData } from "../../data";
import { type Lexicon, lexiconFor } from "../../lexicon/lexicon";
import type { OcrWordMark } from "../../model/ocrWords";
import { cleanText, type ImportedRecord, type ImportRefusal, importText, PdfReadError, readPdf } from "../index";
import type { PdfFont, PdfPage, PdfText } from "../types";
import { accentStates } from "./accents";
import { keepLanguage } from "./columns";
import { repairConfusions } from "./confusions";
import { type CoverPage, repairCover } from "./cover";
import { checkLanguages, type Engine, findEngine, OcrError, ocrPdf, type PageOcr, TESSERACT_LANGUAGE } from "./engine";
import { splitFused } from "./fused";
import { correctHeaders } from "./headers";
import { judgeLayer } from "./layer";
import { mergeMarks } from "./reread";
import { linesFromTsv, type OcrLine, type OcrWord, runsOfLines } from "./tsv";

export { findEngine, forgetEngine, INSTALL_HINT, OcrError, type PageOcr, TESSERACT_LANGUAGE } from "./engine";
export { judgeLayer, type LayerVerdict, scoreText } from "./layer";
export { formatOcrSidecar, ocrSidecarPath, parseOcrSidecar } from "./sidecar";

/** Words read with a confidence below this (of 100) are doubtful. */
export const DOUBT_BELOW = 60;

export interface OcrImportOptions {
  keepLines?: boolean;
  /** The record's language: ISO 639-1 (`en`) or Tesseract's code (`eng`, `eng+fra`). Default: the text layer's, else English. */
  lang?: string;
  /** Pages read at once. */
  jobs?: number;
  /** After each page the OCR has read: pages done, page count, the page. */
  onPage?: (done: number, total: number, page: number) => void;
  signal?: AbortSignal;
}

export interface OcrReport {
  /** `Tesseract 5.3.0`. */
  engine: string;
  /** Tesseract's language code used. */
  lang: string;
  /** The record's language (ISO 639-1): the columns kept are in it. */
  language: string;
  /** What was left out, for people: `the fr column of pages 2–23`. */
  leftOut: string[];
  /** Words below `DOUBT_BELOW`, on the transcript. */
  doubtful: OcrWordMark[];
  /** Words read, and their mean confidence. */
  words: number;
  meanConfidence: number;
}

export type OcrImportResult = (ImportedRecord & { ocr: OcrReport }) | ImportRefusal;

const OCR_FONT: PdfFont = { name: "", bold: false, italic: false, barcode: false };

/** ISO 639-1 of a Tesseract code, and back. */
function languagesFor(given: string | undefined, fallback: string): { tess: string; language: string } {
  const g = (given ?? fallback).trim();
  if (TESSERACT_LANGUAGE[g]) return { tess: TESSERACT_LANGUAGE[g], language: g };
  const first = g.split("+")[0];
  const language = Object.entries(TESSERACT_LANGUAGE).find(([, t]) => t === first)?.[0] ?? "en";
  return { tess: g, language };
}

/** The record's language for its OCR: the one given, else the text layer's (when it has words enough), else English. */
function scanLanguage(pdf: PdfText, given: string | undefined): { tess: string; language: string } {
  const layer = judgeLayer(pdf);
  return languagesFor(given, layer.words >= 200 ? layer.language : "en");
}

/** A PDF's text, or the refusal that says why it cannot be read. */
async function readForOcr(bytes: Uint8Array, signal: AbortSignal | undefined): Promise<PdfText | ImportRefusal> {
  try {
    return await readPdf(bytes, signal ? { signal } : {});
  } catch (e) {
    const kind = e instanceof PdfReadError && (e.kind === "password" || e.kind === "cancelled") ? e.kind : "unreadable";
    return { ok: false, kind, message: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * About how long Tesseract takes over a page on one core (seconds): the processor time a page of
 * the synthetic scans and of the 1950 scan (1.6–3.0 s, bench/RESULTS.md, bench/ocr.ts), rounded up.
 * An editor's estimate before it starts, until it has timed pages of its own.
 */
export const OCR_SECONDS_A_PAGE = 3;

/** What an OCR of a PDF would be: its pages, its language, the languages installed, or what is missing. */
export interface ScanPlan {
  ok: true;
  pages: number;
  /** Tesseract's language(s) it would read in. */
  lang: string;
  /** Tesseract's languages installed here (its orientation data `osd` left out). */
  languages: string[];
  /** Why it cannot run here: what to install (the engine's words). */
  missing?: string;
}

/** Plans an OCR before it runs (for a question to the user): reads the PDF, finds the engine and the language. */
export async function planScan(
  bytes: Uint8Array,
  options: { lang?: string; signal?: AbortSignal } = {},
): Promise<ScanPlan | ImportRefusal> {
  const pdf = await readForOcr(bytes, options.signal);
  if ("ok" in pdf) return pdf;
  const { tess } = scanLanguage(pdf, options.lang);
  const plan: ScanPlan = { ok: true, pages: pdf.pages.length, lang: tess, languages: [] };
  try {
    const engine = findEngine();
    plan.languages = engine.languages.filter((l) => l !== "osd" && l !== "equ");
    checkLanguages(engine, tess.split("+"));
  } catch (e) {
    if (!(e instanceof OcrError)) throw e;
    plan.missing = e.message;
  }
  return plan;
}

/** Imports a scanned record by OCR. Never throws for what the PDF is or for a missing engine: a refusal says it. */
export async function importScan(bytes: Uint8Array, options: OcrImportOptions = {}): Promise<OcrImportResult> {
  const pdf = await readForOcr(bytes, options.signal);
  if ("ok" in pdf) return pdf;
  const { tess, language } = scanLanguage(pdf, options.lang);
  let pages: PageOcr[];
  let engine: Engine;
  try {
    engine = findEngine();
    checkLanguages(engine, tess.split("+"));
    pages = await ocrPdf(bytes, {
      lang: tess,
      pages: pdf.pages.map((p) => p.number),
      sizes: new Map(pdf.pages.map((p) => [p.number, p.view ?? p])),
      ...namesReading(language),
      ...(options.jobs ? { jobs: options.jobs } : {}),
      ...(options.onPage ? { onPage: options.onPage } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (e) {
    if (e instanceof OcrError)
      return { ok: false, kind: e.kind === "cancelled" ? "cancelled" : "scanned", message: e.message };
    throw e;
  }
  const result = importOcrPages(pdf, pages, {
    engine: `Tesseract ${engine.version}`,
    lang: tess,
    language,
    ...(options.keepLines ? { keepLines: true } : {}),
  });
  const note = namesNote(engine.languages, language);
  if (result.ok && note) result.notes.push(note);
  return result;
}

/**
 * What the import says when names could not be read again for their accents: the record's
 * language has names to read (`namesReading`) but Tesseract lacks the Latin script data.
 */
export function namesNote(installed: readonly string[], language: string): string | undefined {
  const names = namesReading(language).names;
  if (!names || installed.includes(names.lang)) return undefined;
  return `names read without a second reading for their accents (Tesseract's ${names.lang} script data is not installed: Debian's tesseract-ocr-script-latn, or script/${names.lang}.traineddata in Tesseract's tessdata folder)`;
}

/**
 * A scan's transcript from its pages' OCR (Tesseract's TSV, as `ocrPdf` gives it, or as kept from
 * an earlier run, so that a benchmark or a test runs it without Tesseract): names' accents taken
 * from their second reading, the other language's columns left out, run-together words split, headers put right, the layout and the parser as for
 * a text PDF. `pdf` is the scan as read (its pages' sizes).
 */
export function importOcrPages(
  pdf: PdfText,
  pages: readonly PageOcr[],
  options: { engine: string; lang: string; language: string; keepLines?: boolean },
): OcrImportResult {
  const { language } = options;
  const sizes = new Map(pdf.pages.map((p) => [p.number, p.view ?? p]));
  const fused = fusedSplitter(language);
  const read: PdfPage[] = [];
  const words: OcrWord[] = [];
  const leftOutPages = new Map<string, number[]>();
  const keptPages: { page: number; size: { width: number; height: number }; lines: OcrLine[] }[] = [];
  // The cover put right from the other pages' running heads (cover.ts), before the columns are kept.
  const all: CoverPage[] = pages.map((o) => {
    const size = sizes.get(o.page) ?? { width: 612, height: 792 };
    const tsv = o.names ? mergeMarks(o.tsv, o.names) : o.tsv;
    return { page: o.page, size, lines: linesFromTsv(o.page, tsv, o.dpi, size) };
  });
  repairCover(all, language);
  for (const o of all) {
    const size = o.size;
    const kept = keepLanguage(o.lines, size.width, language);
    if (fused) for (const l of kept.lines) l.words = l.words.flatMap((w) => splitFused(w, fused.lexicon, fused.words));
    keptPages.push({ page: o.page, size, lines: kept.lines });
    for (const { side, language: other } of kept.leftOut) {
      const list = leftOutPages.get(`${side} ${other}`) ?? [];
      list.push(o.page);
      leftOutPages.set(`${side} ${other}`, list);
    }
  }
  // Function words misread by one `l`/`I`/`1` (`lt`, `1s`), States' names given their accents
  // (`Cote d'Ivoire`), then headers put right over the whole record: a title or delegation its
  // other headers read.
  if (fused)
    repairConfusions(
      keptPages.flatMap((p) => p.lines),
      fused.lexicon,
      fused.words,
    );
  accentStates(
    keptPages.flatMap((p) => p.lines),
    language,
  );
  correctHeaders(
    keptPages.flatMap((p) => p.lines),
    language,
  );
  for (const { page, size, lines } of keptPages) {
    const runs = runsOfLines(lines).map((run) => ({ ...run, text: cleanText(run.text) }));
    read.push({ number: page, width: size.width, height: size.height, runs });
    for (const l of lines) words.push(...l.words);
  }
  const leftOut = [...leftOutPages].map(([what, list]) => {
    const [side, other] = what.split(" ");
    return `the ${side} column (${other}) of ${list.length === 1 ? "page" : "pages"} ${ranges(list)}`;
  });
  const result = importText({ pages: read, fonts: [OCR_FONT] }, options.keepLines ? { keepLines: true } : {});
  if (!result.ok) return result;
  const doubtful = doubtfulWords(result, words);
  let sum = 0;
  for (const w of words) sum += w.confidence;
  return {
    ...result,
    ocr: {
      engine: options.engine,
      lang: options.lang,
      language,
      leftOut,
      doubtful,
      words: words.length,
      meanConfidence: words.length ? sum / words.length : 0,
    },
  };
}

/** Tesseract's data of all Latin-script languages (Debian's `tesseract-ocr-script-latn`): it reads names' accents. */
export const NAMES_LANGUAGE = "Latin";

/**
 * The OCR's reading of names for their accents (engine.ts `names`, reread.ts `nameWords`) in a
 * record language written in Latin script that has a lexicon: names are the capitalised words it
 * does not know in lower case (`Antonio`, which it knows as a name only, is one: `António`). None
 * for the others (a Russian record's names are in Cyrillic).
 */
export function namesReading(language: string): { names?: { lang: string; known: (word: string) => boolean } } {
  const lexicon = ["en", "fr", "es"].includes(language) ? lexiconFor(language) : undefined;
  if (!lexicon) return {};
  return { names: { lang: NAMES_LANGUAGE, known: (w) => lexicon.has(w.toLowerCase()) } };
}

/** The lexicon and function words that split words run together (fused.ts), where the language has a lexicon. */
function fusedSplitter(language: string): { lexicon: Lexicon; words: ReadonlySet<string> } | undefined {
  const lexicon = lexiconFor(language);
  const data = loadData().languages.find((l) => l.language === language);
  return lexicon && data ? { lexicon, words: new Set(data.functionWords) } : undefined;
}

/** `2–5, 7`. */
function ranges(pages: number[]): string {
  const s = [...new Set(pages)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let k = 0; k < s.length; ) {
    let j = k;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    out.push(j > k ? `${s[k]}–${s[j]}` : `${s[k]}`);
    k = j + 1;
  }
  return out.join(", ");
}

/**
 * The transcript's words the OCR read below `DOUBT_BELOW` (or marked doubtful: a header's name read
 * below `REREAD_BELOW`, headers.ts): each transcript word takes the lowest
 * confidence of the OCR words whose middle lies in its boxes; the mark is the word without its
 * punctuation. Words are looked for by page and by line (their boxes' tops, in 4-point bands).
 */
function doubtfulWords(result: ImportedRecord, words: readonly OcrWord[]): OcrWordMark[] {
  const band = (page: number, y: number) => `${page}:${Math.floor(y / 4)}`;
  const index = new Map<string, OcrWord[]>();
  for (const w of words) {
    const key = band(w.box.page, w.box.y + w.box.height / 2);
    const list = index.get(key) ?? [];
    list.push(w);
    index.set(key, list);
  }
  const marks: OcrWordMark[] = [];
  for (const sw of result.source.words) {
    let low = Number.POSITIVE_INFINITY;
    let flagged = false;
    for (const b of sw.boxes) {
      const from = Math.floor(b.y / 4);
      const to = Math.floor((b.y + b.height) / 4);
      for (let k = from; k <= to; k++)
        for (const w of index.get(`${b.page}:${k}`) ?? []) {
          const mx = w.box.x + w.box.width / 2;
          const my = w.box.y + w.box.height / 2;
          if (mx >= b.x - 1 && mx <= b.x + b.width + 1 && my >= b.y - 2 && my <= b.y + b.height + 2) {
            low = Math.min(low, w.confidence);
            if (w.doubtful) flagged = true;
          }
        }
    }
    if (!(low < DOUBT_BELOW) && !flagged) continue;
    const text = result.source.wordText(sw);
    const core = /[\p{L}\p{N}](?:.*[\p{L}\p{N}])?/u.exec(text);
    if (!core) continue;
    marks.push({
      line: sw.line,
      start: sw.start + core.index,
      end: sw.start + core.index + core[0].length,
      word: core[0],
      confidence: low,
    });
  }
  return marks;
}
