// The messages between the server's main thread and its worker threads, each from one map: the
// analysts (server/lsp/analysts.ts ↔ analyst.ts) and the PDF threads (server/lsp/pdfs.ts and the
// command line's server/cli/import.ts ↔ pdfWorker.ts). Each side's sending and handling are typed
// from the same entry: a request's parameters and its answer.
//
// Types only, from the language service (server/src): nothing here is loaded at run time.

import type {
  CodeAction,
  CompletionItem,
  Diagnostic,
  DocumentHighlight,
  DocumentLink,
  DocumentSymbol,
  FoldingRange,
  GlossaryEntry,
  Hover,
  LanguageService,
  Location,
  OcrWordMark,
  Position,
  Range,
  ReadIndex,
  RefusalKind,
  SourceWord,
  SpeakerIndex,
  TextEdit,
  VerbatimSettings,
  WorkspaceSymbol,
} from "../server/src/index";
import type { PageBox, PageSize, PdfLocation } from "./constants";
import type { OcrOffer, OcrSummary, PdfLinkAnswer } from "./protocol";

/** A change of a text, in UTF-16 offsets of the text before it. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

// ---------------------------------------------------------------------------------------------
// Analysts

type NoParams = Record<never, never>;
type At = { position: Position };

/** What an analyst answers from a document's model: each method's parameters and result. */
export interface AnalystRequests {
  hover: { params: At; result: Hover | null };
  documentHighlight: { params: At; result: DocumentHighlight[] };
  definition: { params: At; result: Location[] };
  references: { params: At & { includeDeclaration: boolean }; result: Location[] };
  completion: { params: At; result: CompletionItem[] };
  prepareRename: { params: At; result: { range: Range; placeholder: string } | null };
  rename: { params: At & { newName: string }; result: TextEdit[] };
  documentSymbol: { params: NoParams; result: DocumentSymbol[] };
  foldingRange: { params: NoParams; result: FoldingRange[] };
  documentLink: { params: NoParams; result: DocumentLink[] };
  semanticTokens: { params: NoParams; result: { data: number[] } };
  codeAction: {
    params: { range: Range; context: { diagnostics: Diagnostic[]; only?: string[] } };
    result: CodeAction[];
  };
  codeLens: { params: { wordsPerMinute: number }; result: ReturnType<LanguageService["codeLenses"]> };
  speakers: { params: NoParams; result: SpeakerIndex };
  safeFixes: { params: NoParams; result: TextEdit[] };
  unwrap: { params: NoParams; result: TextEdit[] };
  workspaceSymbol: { params: { query: string }; result: WorkspaceSymbol[] };
}
export type AnalystMethod = keyof AnalystRequests;
export type AnalystParams<M extends AnalystMethod> = AnalystRequests[M]["params"];
export type AnalystResult<M extends AnalystMethod> = AnalystRequests[M]["result"];

/**
 * A request to an analyst: a method with its own parameters (one member per method, so that the
 * method and the parameters stay paired). `at` and `offsets`: a stale answer — the position as an
 * offset of the analyst's text, the ranges back as offsets (server/lsp/stale.ts).
 */
export type AnalystRequest<M extends AnalystMethod = AnalystMethod> = {
  [K in M]: {
    kind: "request";
    id: number;
    method: K;
    uri: string;
    params: AnalystParams<K>;
    at?: number;
    offsets?: boolean;
  };
}[M];

export type DiagnosticsResult = ReturnType<LanguageService["diagnostics"]>;

/** Of a list of diagnostics posted before: its items `[from, from + count)`, or one not in it. */
export type DiagnosticsPart = { from: number; count: number } | Diagnostic;

/**
 * A version's diagnostics as the analyst posts them, its `post`-th list: the whole list, or
 * (`parts`) a change to the `base`-th, the one it posted for the document last
 * (server/lsp/diagnosticsChange.ts).
 */
export type PostedDiagnostics = Omit<DiagnosticsResult, "diagnostics"> & { post: number } & (
    | { diagnostics: Diagnostic[] }
    | { parts: DiagnosticsPart[]; base: number }
  );

/** Server → analyst. */
export type ToAnalyst =
  | {
      kind: "analyse";
      uri: string;
      version: number;
      /**
       * The edits from the version the analyst analysed last; or the whole text, as UTF-16 bytes
       * handed over without a copy when it is large (`bytes`), else as a string.
       */
      edits?: Edit[];
      bytes?: ArrayBuffer;
      text?: string;
      settings: VerbatimSettings;
      /** The words an OCR was unsure of in this version (server/lsp/ocrWords.ts): the parser's `ocrWords`. */
      ocrWords?: OcrWordMark[];
      /**
       * Requests that wait for this version's model (an outline asked with didOpen): answered as
       * soon as the text is parsed, before the rules run, each as its own `answer`.
       */
      requests?: AnalystRequest[];
    }
  /** The read index of the model the analyst holds (server/src/readIndex.ts), for the other analyst. */
  | { kind: "makeIndex"; uri: string; version: number }
  /** A read index made by the other analyst: held in place of a model, reads answered from it. */
  | { kind: "readIndex"; index: ReadIndex }
  | AnalystRequest
  | { kind: "fileSymbols"; id: number; query: string; uris: string[] }
  | { kind: "cancel"; id: number }
  | { kind: "files"; files: { uri: string; text: string }[]; removed: string[] }
  | { kind: "forget"; uri: string }
  /** The server has been idle a while: a full collection of the analyst's heap (server/lsp/idle.ts). */
  | { kind: "collect" }
  /**
   * The analyst has no job after an analysis: it does what that analysis left for later
   * (`LanguageService.settle`: what readies the next version's), the diagnostics being out.
   */
  | { kind: "settle" }
  | { kind: "glossary"; entries: GlossaryEntry[]; file: string | undefined }
  | { kind: "referenceDate"; value: string | undefined };

/**
 * Analyst → server. An answer's `result` is the method's result (`AnalystResult`), its ranges as
 * offsets when the request asked for `offsets`; `fileSymbols`' is the symbols by URI.
 */
export type FromAnalyst =
  | {
      kind: "analysed";
      uri: string;
      version: number;
      result: PostedDiagnostics;
      language: string;
      ms: number;
    }
  /** The read index asked for by `makeIndex` (none if the analyst no longer holds that version). */
  | { kind: "index"; uri: string; version: number; index?: ReadIndex; ms: number }
  | { kind: "answer"; id: number; result: unknown; error?: string }
  | { kind: "error"; what: string; message: string };

// ---------------------------------------------------------------------------------------------
// PDF threads

/** What the PDF threads answer for an import or a link that failed: what was found, for people. */
export interface PdfRefusal {
  ok: false;
  kind: RefusalKind | "not-read" | "too-large";
  message: string;
  /** A scan or a poor OCR layer: what an OCR of it would be. */
  ocr?: OcrOffer;
}

/** An import's map of words to boxes, as plain data (a `TextSource`'s). */
export interface SourceData {
  pages: PageSize[];
  words: SourceWord[];
  text: string;
}

/** The reader's answer to an import: the record (no map), and the map for the view when asked. */
export type ImportAnswer =
  | {
      ok: true;
      record: {
        text: string;
        symbol: string | null;
        language: string;
        pages: number;
        speeches: number;
        notes: string[];
        /** Read by OCR: its report, and the words in doubt as a sidecar's text (shared/ocrSidecar.ts). */
        ocr?: OcrSummary;
        ocrWords?: string;
      };
      view?: SourceData;
    }
  | PdfRefusal;

/**
 * A transcript's version the linker has not seen, if so: its edits since the version the linker
 * has (a word typed does not send 10 MB), or its whole text.
 */
export interface NewText {
  text?: string;
  edits?: Edit[];
  version?: number;
}

/**
 * An import: the PDF (its URI, its bytes handed over), `keepLines`, `view` (its map wanted too);
 * `ocr`: read by OCR, in `lang` (default: the text layer's language, else English); `progress`:
 * each page reported (`FromPdfWorker.progress`, with the job's id).
 */
export interface ImportJob {
  pdf: string;
  bytes: ArrayBuffer;
  keepLines: boolean;
  view: boolean;
  ocr?: boolean;
  lang?: string;
  progress?: boolean;
  /** Read for a link's map only; a scan (no usable text layer) is then read by OCR. */
  linking?: boolean;
}

/**
 * The jobs of a PDF thread: what each takes and answers. Reader: `import` (`view`: the map for the
 * view is wanted too, of the import without `keepLines`). Linker: `source` (a PDF's map), `link`,
 * `locate`, `pick`, `spans`, `unlink`. `text` and `version`: the transcript's text when it changed since
 * the linker last had it.
 */
export interface PdfJobs {
  import: { job: ImportJob; result: ImportAnswer };
  source: { job: { pdf: string; source: SourceData }; result: null };
  link: { job: { uri: string; pdf: string; text: string; version: number }; result: PdfLinkAnswer };
  locate: { job: { uri: string; line: number; character?: number } & NewText; result: PdfLocation | null };
  pick: { job: { uri: string; page: number; x: number; y: number } & NewText; result: Position | null };
  /** The boxes on `page` of the words of a transcript's spans (its doubtful OCR words). */
  spans: {
    job: { uri: string; page: number; spans: { line: number; start: number; end: number }[] } & NewText;
    result: PageBox[];
  };
  unlink: { job: { uri: string }; result: null };
}
export type PdfJobKind = keyof PdfJobs;
/** A job as sent: its kind with what it takes (one member per kind). */
export type PdfJob<K extends PdfJobKind = PdfJobKind> = { [J in K]: { kind: J } & PdfJobs[J]["job"] }[K];
export type PdfResult<K extends PdfJobKind> = PdfJobs[K]["result"];

/** Server → PDF thread: a job, or the cancellation of one. */
export type ToPdfWorker = (PdfJob & { id: number }) | { kind: "cancel"; id: number };

/** PDF thread → server: the answer to job `id` (its `PdfResult`), or an error, a log line, progress. */
export interface FromPdfWorker {
  id: number;
  result?: unknown;
  error?: string;
  /** Something to log (the job goes on): `id` is 0. */
  log?: string;
  /**
   * Pages read of job `id` (pages done, pages), when the thread was started with `progress` (the
   * command line's) or the job asked for it; `ocr`: read by OCR.
   */
  progress?: [number, number];
  ocr?: boolean;
}

/** What a PDF thread is started with (`workerData`). */
export interface PdfWorkerData {
  role: "reader" | "linker";
  progress?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Batch threads: the command line's `--jobs N` (server/cli/batch.ts in the main thread ↔ the same
// module in each worker thread). A thread is given a file's path; it reads it, runs the command on
// it and answers with what the main thread prints, in input order, and what goes in the summary.

/** A command and its options, as a batch thread runs it on each file. */
export interface BatchSpec {
  command: "check" | "outline" | "fix" | "export";
  json: boolean;
  write: boolean;
  backup: boolean;
  unwrap: boolean;
  format: string;
  /** export --out DIR. */
  out?: string;
  /** Whether the output is coloured (a terminal). */
  color: boolean;
  /** A manifest is kept: each file's content hash is wanted. */
  manifest: boolean;
  /** The team glossary read by the main thread: its path and text. */
  glossary?: { path: string; text: string };
}

export interface BatchWorkerData {
  role: "batch";
  spec: BatchSpec;
}

/** A file to run the command on; `done`: the content hash the manifest holds for it, when it does. */
export interface ToBatchWorker {
  id: number;
  path: string;
  done?: string;
}

/** A line of output: on standard output (0) or standard error (1). */
export type FileLine = [stream: 0 | 1, text: string];

/** What a file gave: its lines in order, its exit status, and what the summary needs. */
export interface FileResult {
  lines: FileLine[];
  /** 0, 1 (check: problems found) or 2 (not read, not written, a fix refused). */
  exit: number;
  /** Read and analysed (a file that could not be read is not). */
  analysed: boolean;
  /** SHA-256 of the file's bytes (after `fix --write`: of the bytes written), when read. */
  hash?: string;
  /** Done before, unchanged (the manifest's hash): not run again. */
  skipped?: boolean;
  /** The file's element of a JSON array (--json, export --format json), indented as in the array. */
  json?: string;
  /** check: the problems per code. */
  codes?: [code: string, count: number][];
  /** export --format akn --out: the document, written by the main thread under a name of its own. */
  xml?: string;
  /** export --format csv: the record's rows (no header) and how many. */
  csv?: { speeches: string; votes: string; speechRows: number; voteRows: number };
}

export interface FromBatchWorker {
  id: number;
  result: FileResult;
}
