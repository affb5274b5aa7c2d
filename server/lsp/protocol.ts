// Verbatim's own messages between the client and the server, beside LSP's.
import { NotificationType, RequestType } from "vscode-languageserver/node";
import type { ImportedRecord, PageBox, PageSize, SpeakerIndex, TextEdit } from "../src/index";

export const VERSION = "0.1.0";

/** Client → server: the text of workspace transcripts that are not open (for workspace symbols). */
export const workspaceFiles = new NotificationType<{ files?: { uri: string; text: string }[]; removed?: string[] }>(
  "verbatim/workspaceFiles",
);

/** Server → client: findings per code before the cap, so that the client can show the counts. */
export const diagnosticCounts = new NotificationType<{ uri: string; counts: Record<string, number>; dropped: number }>(
  "verbatim/diagnosticCounts",
);

/** Client → server: every safe fix of an open document, as edits to apply at once ("Clean transcript"). */
export const safeFixes = new RequestType<{ uri: string }, TextEdit[], void>("verbatim/safeFixes");

/** Client → server: the edits that put each paragraph of an open document on one line ("Unwrap paragraphs"). */
export const unwrap = new RequestType<{ uri: string }, TextEdit[], void>("verbatim/unwrap");

/**
 * The server's command that adds an entry to the team glossary: `{ acronym, expansion, category? }`.
 * VS Code's quick fix runs the client's `verbatim.addToGlossary`, which asks for the expansion and
 * then calls this one; other editors call it directly with both.
 */
export const ADD_TO_GLOSSARY_SERVER_COMMAND = "verbatim.server.addToGlossary";

/** Client → server: the speakers of an open record by delegation, for the Speakers view. */
export const speakers = new RequestType<{ uri: string }, SpeakerIndex, void>("verbatim/speakers");

/** A PDF's import or link refused: what was found, for people (`it is protected by a password…`). */
export interface PdfRefused {
  ok: false;
  kind: string;
  message: string;
}

/**
 * Client → server: a record's PDF imported into a transcript. `pdf` names it (its URI: the view
 * beside the text finds its map by it); `data` is its bytes in base64 (the client reads the file,
 * so that any file system VS Code has works).
 */
export const importPdf = new RequestType<{ pdf: string; data: string; keepLines?: boolean }, PdfImportAnswer, void>(
  "verbatim/importPdf",
);
/** An import's answer: the record as `importPdf` gives it, but its map of words, which the server keeps. */
export type PdfImportAnswer = Omit<ImportedRecord, "source"> | PdfRefused;

/**
 * Client → server: an open transcript linked to a PDF, for the view beside the text. `data` is the
 * PDF's bytes (base64), needed unless the PDF was imported in this session and has not changed.
 * The answer says how many of the transcript's words were found in the PDF.
 */
export const linkPdf = new RequestType<{ uri: string; pdf: string; data?: string }, PdfLinkAnswer, void>(
  "verbatim/linkPdf",
);
export type PdfLinkAnswer = { ok: true; matched: number; words: number; pages: PageSize[] } | PdfRefused;

/** Client → server: the PDF page of a linked transcript's line and the boxes of its words (PDF points, top-left origin). */
export const locateInPdf = new RequestType<{ uri: string; line: number }, PdfLocation | null, void>(
  "verbatim/locateInPdf",
);
export interface PdfLocation {
  page: number;
  boxes: PageBox[];
  /** How many of the transcript's words were found in the PDF, of how many. */
  matched: number;
  words: number;
}

/** Client → server: where in a linked transcript the word printed at a point of a PDF page is. */
export const pickInPdf = new RequestType<
  { uri: string; page: number; x: number; y: number },
  { line: number; character: number } | null,
  void
>("verbatim/pickInPdf");

/** Client → server: the view of a transcript's PDF is closed: its link is forgotten. */
export const unlinkPdf = new NotificationType<{ uri: string }>("verbatim/unlinkPdf");
