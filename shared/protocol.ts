// Verbatim's own LSP messages, beside LSP's: each request and notification once, with its method,
// its parameters and its result. The client (client/src/protocol.ts) and the server
// (server/lsp/protocol.ts) each make their library's `RequestType`/`NotificationType` of every
// entry (they use two versions of vscode-jsonrpc, so the classes cannot be shared), and the tests
// send the methods named here: a changed message fails to compile on both sides. No other module
// names a `verbatim/…` method (test/unit/architecture.test.ts).
//
// The types of the answers are the language service's (server/src, imported for types only: this
// module loads nothing at run time but its own table).

import type { ImportedRecord, SpeakerIndex, TextEdit } from "../server/src/index";
import type { PageBox, PageSize, PdfLocation } from "./constants";

/** A request: its method, and (as types only) what it takes and answers. */
export interface Request<P, R> {
  readonly kind: "request";
  readonly method: string;
  /** Never set: carries the types of the parameters and the result. */
  readonly signature?: (params: P) => R;
}
/** A notification: its method, and (as a type only) what it carries. */
export interface Notification<P> {
  readonly kind: "notification";
  readonly method: string;
  /** Never set: carries the type of the parameters. */
  readonly signature?: (params: P) => void;
}
export type Message = Request<never, unknown> | Notification<never>;
export type ParamsOf<M> = M extends Request<infer P, unknown> ? P : M extends Notification<infer P> ? P : never;
export type ResultOf<M> = M extends Request<never, infer R> ? R : never;

const request = <P, R>(method: string): Request<P, R> => ({ kind: "request", method });
const notification = <P>(method: string): Notification<P> => ({ kind: "notification", method });

/**
 * A PDF with no usable text layer (a scan, a poor OCR layer) that OCR could read: what the reading
 * would be, for the question put to the user before it starts.
 */
export interface OcrOffer {
  /** Its pages. */
  pages: number;
  /** Tesseract's language it would read in (`eng`): the text layer's language, else English. */
  lang: string;
  /** The languages Tesseract has here (Tesseract's codes), for another choice. */
  languages: string[];
  /** About how long it would take here (seconds): pages × the time a page, over the pages read at once. */
  seconds: number;
  /** Why it cannot be read here, saying what to install (no Tesseract, pdftoppm or language data). */
  missing?: string;
}
/** A PDF's import or link refused: what was found, for people (`it is protected by a password…`). */
export interface PdfRefused {
  ok: false;
  kind: string;
  message: string;
  /** A scan (`scanned`) or a poor OCR layer (`ocr-layer`): what an OCR of it would be. */
  ocr?: OcrOffer;
}
/** An OCR's report: what read it, what was left out, how sure it was. */
export interface OcrSummary {
  /** `Tesseract 5.3.0`. */
  engine: string;
  /** Tesseract's language(s) used (`eng`). */
  lang: string;
  /** The record's language (ISO 639-1): the columns kept are in it. */
  language: string;
  /** What was left out, for people: `the right column (fr) of pages 2–23`. */
  leftOut: string[];
  /** Words read, their mean confidence (0–100), and how many are doubtful. */
  words: number;
  meanConfidence: number;
  doubtful: number;
  /** How long the OCR took (seconds). */
  seconds: number;
}
/**
 * An import's answer: the record as `importPdf` gives it, but its map of words, which the server
 * keeps. Read by OCR: its report, and the words in doubt as a sidecar's text (shared/ocrSidecar.ts).
 */
export type PdfImportAnswer = (Omit<ImportedRecord, "source"> & { ocr?: OcrSummary; ocrWords?: string }) | PdfRefused;
/** The parameters of an import (a type, not an interface: the server takes them as untrusted records). */
export type PdfImportParams = {
  /** The PDF's URI (the view beside the text finds its map by it). */
  pdf: string;
  /** Its bytes, in base64. */
  data: string;
  keepLines?: boolean;
  /** Read the pages' images by OCR (Tesseract), not the text layer. */
  ocr?: boolean;
  /** The OCR's language: ISO 639-1 (`fr`) or Tesseract's code (`eng+fra`); default the offer's. */
  lang?: string;
  /** LSP's work-done token: the server reports each page read as `$/progress` on it. */
  workDoneToken?: number | string;
};
/** A link's answer: how many of the transcript's words were found in the PDF, and its pages. */
export type PdfLinkAnswer = { ok: true; matched: number; words: number; pages: PageSize[] } | PdfRefused;

/** The text of workspace transcripts that are not open, or their removal. */
export interface WorkspaceFilesParams {
  files?: { uri: string; text: string }[];
  removed?: string[];
}

export const MESSAGES = {
  /** Client → server: the text of workspace transcripts that are not open (for workspace symbols). */
  workspaceFiles: notification<WorkspaceFilesParams>("verbatim/workspaceFiles"),
  /** Server → client: findings per code before the cap, so that the client can show the counts. */
  diagnosticCounts: notification<{ uri: string; counts: Record<string, number>; dropped: number }>(
    "verbatim/diagnosticCounts",
  ),
  /** Client → server: every safe fix of an open document, as edits to apply at once ("Clean transcript"). */
  safeFixes: request<{ uri: string }, TextEdit[]>("verbatim/safeFixes"),
  /** Client → server: the edits that put each paragraph of an open document on one line ("Unwrap paragraphs"). */
  unwrap: request<{ uri: string }, TextEdit[]>("verbatim/unwrap"),
  /** Client → server: the speakers of an open record by group, for the Speakers view. */
  speakers: request<{ uri: string }, SpeakerIndex>("verbatim/speakers"),
  /**
   * Client → server: a record's PDF imported into a transcript. `pdf` names it (its URI: the view
   * beside the text finds its map by it); `data` is its bytes in base64 (the client reads the file,
   * so that any file system VS Code has works). A scan is refused with an `ocr` offer; asked again
   * with `ocr`, it is read by OCR, each page reported on `workDoneToken` (`$/progress`), and a
   * cancellation stops it (its programs killed, its files removed).
   */
  importPdf: request<PdfImportParams, PdfImportAnswer>("verbatim/importPdf"),
  /**
   * Client → server: an open transcript linked to a PDF, for the view beside the text. `data` is the
   * PDF's bytes (base64), needed unless the PDF was imported in this session and has not changed.
   */
  linkPdf: request<{ uri: string; pdf: string; data?: string }, PdfLinkAnswer>("verbatim/linkPdf"),
  /**
   * Client → server: the PDF page of a linked transcript's line and the boxes of its words (PDF
   * points, top-left origin); with `character` (the cursor's), the boxes of the sentence around it
   * (or of the line, when it is printed on one line) on the page of the cursor's word.
   */
  locateInPdf: request<{ uri: string; line: number; character?: number }, PdfLocation | null>("verbatim/locateInPdf"),
  /** Client → server: where in a linked transcript the word printed at a point of a PDF page is. */
  pickInPdf: request<{ uri: string; page: number; x: number; y: number }, { line: number; character: number } | null>(
    "verbatim/pickInPdf",
  ),
  /** Client → server: the view of a transcript's PDF is closed: its link is forgotten. */
  unlinkPdf: notification<{ uri: string }>("verbatim/unlinkPdf"),
  /**
   * Client → server: the words an OCR was unsure of in a transcript, as its `NAME.ocr.tsv` holds
   * them (`line start end confidence word`, after a header line: server/src/pdf/ocr/sidecar.ts),
   * read by the client when the transcript is opened and again when the file changes; `null` when
   * it is gone. The server moves them with the document's edits and reports them (`ocr-uncertain`).
   */
  ocrWords: notification<{ uri: string; tsv: string | null }>("verbatim/ocrWords"),
  /**
   * Client → server: the boxes (PDF points, top-left origin) of a linked transcript's doubtful OCR
   * words printed on one page of its PDF, for the view to mark them.
   */
  ocrDoubtsInPdf: request<{ uri: string; page: number }, PageBox[]>("verbatim/ocrDoubtsInPdf"),
} as const;
export type Messages = typeof MESSAGES;

/**
 * Methods no client sends: the server routes a request that comes before `initialize` or after
 * `shutdown` to one of them, whose handler refuses it (server/lsp/connection.ts).
 */
export const REFUSING_METHODS = {
  notInitialized: "verbatim/notInitialized",
  shutDown: "verbatim/shutDown",
} as const;
