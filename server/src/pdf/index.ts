// The PDF import: a UN verbatim record's PDF → a transcript in the project's format, with the map
// from its words to the PDF's pages. In the language service's tree but apart from the text
// model: this module reads bytes (through pdf.js, read.ts), the model reads text. See
// ARCHITECTURE.md (`server/src/pdf/` in the code map, and the invariant: the import adds
// evidence, the parser decides).
//
// For an editor's view of the PDF beside the text: `importPdf` gives the transcript and its
// `TextSource` (each word's boxes on its pages); `alignText(text, source)` carries that map over to
// the text as the user has edited it, or to a text another tool extracted from the same PDF.
import { PDF_MAX_BYTES } from "../../../shared/constants";
import { loadData } from "../data";
import { lexiconFor } from "../lexicon/lexicon";
import { RECORD_SYMBOL } from "../model/furniture";
import { parseTranscript } from "../model/parse";
import { compileProfile, type LanguageProfile } from "../model/profile";
import { lazyPattern } from "../text/regexp";
import { type Layout, layoutPdf } from "./layout";
import { judgeLayer } from "./ocr/layer";
import { cleanText, PdfReadError, readPdf } from "./read";
import { TextSource } from "./source";
import { buildTranscript, type ParseText } from "./transcript";
import type { PageBox, PdfPage, PdfText } from "./types";

export type { LineEndEvidence } from "../model/hyphenation";
export { type Alignment, alignText, TextLink } from "./align";
export type { Layout, LayoutLine } from "./layout";
export { layoutPdf } from "./layout";
export { cleanText, limitFor, loadPdfjs, PDF_LIMITS, PdfReadError, pdfjsFiles, readPdf } from "./read";
export { type PageSize, TextSource } from "./source";
export type { SourceWord } from "./transcript";
export type { PageBox, PdfFont, PdfPage, PdfRun, PdfText } from "./types";

/** PDFs larger than this are refused before pdf.js reads them (shared/constants.ts: the client checks it too). */
export { PDF_MAX_BYTES };

export interface ImportOptions {
  /** Keep the PDF's lines and line-end hyphens (blank lines between paragraphs), for review. */
  keepLines?: boolean;
  /** Called after each page is read (1-based page, page count). */
  onPage?: (page: number, pages: number) => void;
  /** Stops the import between two pages: a `cancelled` refusal. */
  signal?: AbortSignal;
}

/** Why a PDF was refused. */
export type RefusalKind =
  | "password"
  | "scanned"
  | "not-a-record"
  | "not-a-pdf"
  | "unreadable"
  | "too-large"
  | "cancelled"
  /** A text layer an OCR made that is too poor (or two languages interleaved) to import as it is. */
  | "ocr-layer";

export interface ImportRefusal {
  ok: false;
  kind: RefusalKind;
  /** What was found, for people: `it is protected by a password: …`. */
  message: string;
}

export interface ImportedRecord {
  ok: true;
  /** The transcript: LF line ends, ending with one. */
  text: string;
  /** The record's symbol as its cover page gives it (`S/PV.8700`), when it has one. */
  symbol: string | null;
  language: string;
  pages: number;
  speeches: number;
  /**
   * Each word of `text` and where it is printed in the PDF: see source.ts. Made when first read
   * (a spread of the record reads it).
   */
  readonly source: TextSource;
  /** Where the PDF's fonts and the parser's reading disagree (a header not in bold…): for review. */
  notes: string[];
}

export type ImportResult = ImportedRecord | ImportRefusal;

let profiles: LanguageProfile[] | undefined;

/** The language service's parser, as the service runs it (the languages' data, the lexicons). */
const parse: ParseText = (text, lineEndEvidence, boldOpening, tokens) => {
  profiles ??= loadData().languages.map(compileProfile);
  return parseTranscript({ uri: "pdf-import:", version: 1, text }, profiles, {
    lexicon: (language) => lexiconFor(language),
    ...(lineEndEvidence ? { lineEndEvidence } : {}),
    ...(boldOpening ? { boldOpening } : {}),
    ...(tokens ? { tokens } : {}),
    // The import reads the speeches' headers, never their word counts.
    wordCounts: false,
  });
};

const SYMBOL = lazyPattern(() => new RegExp(RECORD_SYMBOL, "u"));

/** At least this many letters or digits a page, on average, for a PDF to have a text layer. */
const MIN_CHARACTERS_PER_PAGE = 20;

/** Imports a record's PDF. Never throws for what the PDF is: a refusal says what was found. */
export async function importPdf(bytes: Uint8Array, options: ImportOptions = {}): Promise<ImportResult> {
  if (bytes.length > PDF_MAX_BYTES) {
    return refuse("too-large", `larger than ${PDF_MAX_BYTES / 1024 / 1024} MB: not read`);
  }
  if (!isPdf(bytes)) return refuse("not-a-pdf", "not a PDF file (it does not start with %PDF-)");
  let pdf: PdfText;
  try {
    pdf = await readPdf(bytes, {
      ...(options.onPage ? { onPage: options.onPage } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (e) {
    // PDF.js failing in a way of its own (or not loading): the PDF is not read, nothing is thrown.
    if (!(e instanceof PdfReadError))
      return refuse("unreadable", `PDF.js cannot read it (${e instanceof Error ? e.message : String(e)})`);
    if (e.kind === "password")
      return refuse(
        "password",
        "it is protected by a password (a user password is needed to open it): remove the protection, e.g. `qpdf --decrypt --password=… in.pdf out.pdf`, and import the result",
      );
    if (e.kind === "invalid") return refuse("not-a-pdf", e.message);
    if (e.kind === "too-large" || e.kind === "cancelled") return refuse(e.kind, e.message);
    return refuse("unreadable", e.message);
  }
  // A text layer an OCR made, too poor to import as it is: read again by OCR (ocr/).
  const characters = charactersOf(pdf);
  const layer = hasText(pdf, characters) ? judgeLayer(pdf, bytes) : undefined;
  if (layer && !layer.usable)
    return refuse(
      "ocr-layer",
      `its text layer is ${layer.ocrProducer ? `an OCR's (${layer.ocrProducer}) and ` : ""}too poor to import as it is: ${layer.reasons.join("; ")}. Import it with OCR (\`verbatim import --ocr\`)`,
    );
  return importText(pdf, options, characters);
}

/**
 * The import from text already read (pdf.js's runs): layout, transcript, checks. `characters`:
 * its letters and digits, where the caller counted them already.
 */
export function importText(given: PdfText, options: ImportOptions = {}, counted?: number): ImportResult {
  // No control character reaches the transcript, whatever gave the runs (read.ts cleans them too;
  // what it leaves out is no letter or digit, so the count stands).
  const pdf: PdfText = {
    ...given,
    pages: given.pages.map((p) => ({
      ...p,
      runs: p.runs.map((r) => {
        const text = cleanText(r.text);
        return text === r.text ? r : { ...r, text };
      }),
    })),
  };
  const pages = pdf.pages.length;
  const characters = counted ?? charactersOf(pdf);
  if (!hasText(pdf, characters)) {
    return refuse(
      "scanned",
      `no text layer: ${pages} page${pages === 1 ? "" : "s"} with ${characters ? `only ${characters} letters and digits` : "no text"} (a scanned or image-only PDF); import it with OCR (\`verbatim import --ocr\`)`,
    );
  }
  const layout: Layout = layoutPdf(pdf);
  const transcript = buildTranscript(layout.lines, pdf.fonts, parse, options.keepLines ? { keepLines: true } : {});
  const model = transcript.model;
  const symbol = model.cover?.symbol?.text ?? null;
  if (!model.speeches.length) {
    // A record's symbol, on its cover or in its running heads: a record in a language Verbatim does not read.
    const seen = symbol ?? layout.furniture.map((f) => SYMBOL().exec(f.text)?.[0]).find(Boolean);
    const what = `${pages} page${pages === 1 ? "" : "s"} of text`;
    return refuse(
      "not-a-record",
      seen
        ? `${seen}: ${what} but no speaker header Verbatim reads (it reads records in English, French, Spanish and Russian)`
        : `no UN verbatim record: ${what} with no record symbol (S/PV.…, A/…/PV.…) and no speaker header (\`Mr. … (Country):\`, \`The President:\`)`,
    );
  }
  // The map of words to boxes, made when first read (the command line's import never reads it).
  let source: TextSource | undefined;
  const sourceOf = (): TextSource => {
    // Boxes on the pages as shown: a turned page's are turned back.
    const views = new Map(pdf.pages.flatMap((p) => (p.view ? [[p.number, p] as const] : [])));
    const words = transcript.words;
    if (views.size)
      for (const w of words)
        w.boxes = w.boxes.map((b) => {
          const p = views.get(b.page);
          return p ? shownBox(b, p) : b;
        });
    return new TextSource(
      pdf.pages.map((p) => ({ page: p.number, width: p.view?.width ?? p.width, height: p.view?.height ?? p.height })),
      words,
      transcript.text,
    );
  };
  return {
    ok: true,
    text: transcript.text,
    symbol,
    language: model.language,
    pages,
    speeches: model.speeches.length,
    get source() {
      source ??= sourceOf();
      return source;
    },
    notes: transcript.notes,
  };
}

/** Letters and digits of a PDF's text (UTF-16 units of `\p{L}` and `\p{N}`). */
function charactersOf(pdf: PdfText): number {
  let characters = 0;
  for (const p of pdf.pages) for (const r of p.runs) characters += lettersAndDigits(r.text);
  return characters;
}

/**
 * `text.replace(/[^\p{L}\p{N}]/gu, "").length`: counted from the character codes for a text in
 * ASCII (most runs), by the pattern for any other.
 */
export function lettersAndDigits(text: string): number {
  let n = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c > 0x7f) return text.replace(/[^\p{L}\p{N}]/gu, "").length;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) n++;
  }
  return n;
}

/** A text layer: on average MIN_CHARACTERS_PER_PAGE letters and digits a page or more. */
function hasText(pdf: PdfText, characters = charactersOf(pdf)): boolean {
  return characters >= MIN_CHARACTERS_PER_PAGE * Math.max(1, pdf.pages.length);
}

/** A box of an upright page (read.ts) on the page as shown, turned `view.turn` quarters clockwise. */
function shownBox(b: PageBox, page: PdfPage): PageBox {
  const { width: W, height: H, turn } = page.view ?? { width: 0, height: 0, turn: 0 };
  const { x: u, y: v, width: w, height: h } = b;
  if (turn === 1) return { page: b.page, x: W - v - h, y: u, width: h, height: w };
  if (turn === 2) return { page: b.page, x: W - u - w, y: H - v - h, width: w, height: h };
  if (turn === 3) return { page: b.page, x: v, y: H - u - w, width: h, height: w };
  return b;
}

function refuse(kind: RefusalKind, message: string): ImportRefusal {
  return { ok: false, kind, message };
}

/** A PDF starts with `%PDF-` (readers accept it within the first kilobyte). */
function isPdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  return head.includes("%PDF-");
}
