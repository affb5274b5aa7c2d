// What the extension, the server, the command line, the PDF view and the tests must agree on, in
// one place (see also protocol.ts, webview.ts and threads.ts beside it). Pure: no import of
// vscode, of an LSP package or of Node (server/src and the webview read it; a test enforces it).

import { contributes, version } from "../package.json";

/** Verbatim's version: package.json's (the server's `serverInfo`, `verbatim --version`). */
export const VERSION: string = version;

/** The language id of transcripts (package.json `contributes.languages`). */
export const LANGUAGE_ID = "transcript";

/**
 * Whether a plain-text file whose first line this is opens like a record (a cover page or a
 * speaker header): package.json's `firstLine`, which VS Code reads too, used by the client for
 * files it opens as plain text.
 */
export function isTranscriptFirstLine(line: string): boolean {
  firstLine ??= new RegExp(contributes.languages[0].firstLine, "u");
  return firstLine.test(line);
}
let firstLine: RegExp | undefined;

/** The command ids the client registers (package.json `contributes.commands`). */
export const COMMANDS = {
  switchToTranscript: "verbatim.switchToTranscript",
  cleanTranscript: "verbatim.cleanTranscript",
  unwrapParagraphs: "verbatim.unwrapParagraphs",
  addToGlossary: "verbatim.addToGlossary",
  importPdf: "verbatim.importPdf",
  showPdf: "verbatim.showPdf",
} as const;

/**
 * The server's command that adds an entry to the team glossary: `{ acronym, expansion, category? }`.
 * VS Code's quick fix runs the client's `verbatim.addToGlossary`, which asks for the expansion and
 * then calls this one; other editors call it directly with both.
 */
export const ADD_TO_GLOSSARY_SERVER_COMMAND = "verbatim.server.addToGlossary";

/** The custom editor that shows a PDF beside its transcript (package.json `contributes.customEditors`). */
export const PDF_VIEW_TYPE = "verbatim.pdf";
/** The Speakers tree in the Explorer (package.json `contributes.views`). */
export const SPEAKERS_VIEW = "verbatim.speakers";

/**
 * Node's options for the language server's process, as the VS Code client starts it (other editors:
 * README, "Other editors"). `--max-semi-space-size=1`: the thread that reads messages keeps little
 * of what it allocates, and V8's default young generation (two 16 MB semi-spaces on a 64-bit
 * machine) would stay resident: some 14 MB more (bench/RESULTS.md, "The editor's waits"). The
 * analysts' threads set their own (server/lsp/analysts.ts).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ["--max-semi-space-size=1"];

/**
 * The environment the language server's process is started with, beside the editor's own (glibc's
 * malloc; other C libraries ignore the variable). glibc serves a request of 128 KiB or more with
 * its own mapping, given back when freed; but once such a block is freed, it raises that threshold
 * to the block's size (up to 32 MiB), and from then on blocks as large — a record's text handed to
 * an analyst, a compact copy, an external string — come from the threads' arenas, whose freed
 * middle is never given back: a fixed threshold keeps them mapped. A 10 MB record after 20 edits:
 * 233 → 196 MiB resident (bench/RESULTS.md, "The editor's waits"). Two arenas for all threads
 * (`MALLOC_ARENA_MAX=2`) gave nothing more: 183–184 MiB without, 185–186 with, alternated.
 */
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: "131072" };

/** PDFs larger than this are refused before they are read (the records are 1 MB for 65 pages). */
export const PDF_MAX_BYTES = 200 * 1024 * 1024;

/** A rectangle on a PDF page, in PDF points from the page's top-left corner (y downwards). */
export interface PageBox {
  /** 1-based page number. */
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A PDF page's size, in PDF points. */
export interface PageSize {
  page: number;
  width: number;
  height: number;
}

/** The PDF page of a linked transcript's line and the boxes of its words. */
export interface PdfLocation {
  page: number;
  boxes: PageBox[];
  /** How many of the transcript's words were found in the PDF, of how many. */
  matched: number;
  words: number;
}

/**
 * A transcript's OCR sidecar (`NAME.ocr.tsv`, the words an OCR was unsure of) larger than this is
 * not read: a scan's import writes some 30 bytes a doubtful word (a 500-page volume, well under 1 MB).
 */
export const OCR_WORDS_MAX_BYTES = 16 * 1024 * 1024;
