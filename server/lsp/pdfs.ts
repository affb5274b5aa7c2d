// The server's side of the PDF threads (server/lsp/pdfWorker.ts, one script in two roles), started
// at the first PDF request, each with a heap of its own (PDF_HEAP_MB: a PDF that exhausts it
// ends that thread, not the server):
//
// - the reader imports PDFs, one at a time in order of arrival (seconds for a long record: PDF.js
//   runs in the thread that calls it); a request cancelled stops its import between pages;
// - the linker holds the maps of the PDFs imported (their words' boxes, sent to it by the server
//   after each import) and of the transcripts linked to them, and answers the view's cursor moves
//   and clicks (locate, pick) at once: they never wait behind an import.
//
// The thread that reads messages only passes bytes, texts and maps along. A transcript's text is
// sent with a request only when its version changed since the last one sent. A PDF's bytes are
// imported again for a link only when their SHA-256 differs from the map the linker has. If a
// thread dies, the requests it had fail with an error and the next request starts another; the
// links the linker held are gone (the view links again).

import { createHash } from "node:crypto";
import { Worker } from "node:worker_threads";
import type { CancellationToken } from "vscode-languageserver/node";
import type { PdfImportAnswer, PdfLinkAnswer } from "../../shared/protocol";
import type {
  FromPdfWorker,
  ImportAnswer,
  NewText,
  PdfJobKind,
  PdfJobs,
  PdfRefusal,
  PdfResult,
  PdfWorkerData,
  SourceData,
  ToPdfWorker,
} from "../../shared/threads";
import type { ChangeLog } from "./stale";

/**
 * Each PDF thread's heap (MB): an import within the limits of the PDF import (PDF_LIMITS) takes a
 * few hundred at most. `VERBATIM_PDF_HEAP_MB` overrides it (tests).
 */
export const PDF_HEAP_MB = 1024;

/**
 * Each PDF thread's young generation (MB): two 1 MB semi-spaces and their large-object room, as the
 * server's `--max-semi-space-size=1` gave them before the analyst's own limit was let through
 * (`youngGenerationsByThread`, analysts.ts).
 */
export const PDF_YOUNG_MB = 3;

/** A request to a PDF thread that was cancelled. */
export class PdfCancelled extends Error {}

export type { FromPdfWorker, ImportAnswer, NewText, PdfRefusal, SourceData, ToPdfWorker };

/** An import by OCR (`ocr`), in `lang`; `onPage`: each page read (pages done, pages), for its progress. */
export interface ScanOptions {
  ocr?: boolean;
  lang?: string;
  onPage?: (done: number, pages: number) => void;
}

/** Where an open transcript's text is read from. */
export type TextOf = (uri: string) => { text: string; version: number } | undefined;

/** One PDF thread: started on demand, its pending requests failed if it dies. */
class PdfThread {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; progress?: (done: number, pages: number) => void }
  >();

  constructor(
    private readonly script: string,
    private readonly role: "reader" | "linker",
    private readonly onError: (message: string) => void,
    private readonly onStop: () => void,
  ) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    const heap = Number(process.env.VERBATIM_PDF_HEAP_MB) || PDF_HEAP_MB;
    const worker = new Worker(this.script, {
      workerData: { role: this.role } satisfies PdfWorkerData,
      resourceLimits: { maxOldGenerationSizeMb: heap, maxYoungGenerationSizeMb: PDF_YOUNG_MB },
    });
    worker.unref();
    worker.on("message", (m: FromPdfWorker) => {
      if (m.log !== undefined) return this.onError(m.log);
      if (m.progress) return this.pending.get(m.id)?.progress?.(...m.progress);
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) {
        this.onError(m.error);
        p.reject(new Error(m.error.split("\n")[0]));
      } else p.resolve(m.result);
    });
    const fail = (error: Error) => {
      // The thread is gone (out of memory, a bug): what it was doing fails, the next request starts another.
      this.onError(`the PDF ${this.role} thread stopped: ${error.message}`);
      if (this.worker === worker) this.worker = undefined;
      this.onStop();
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (this.worker === worker) fail(new Error(`exit ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  get running(): boolean {
    return this.worker !== undefined;
  }

  /** A job whose answer is not wanted. */
  post<K extends PdfJobKind>(kind: K, job: PdfJobs[K]["job"]): void {
    this.start().postMessage(message(kind, job, 0));
  }

  /**
   * A job and its answer; rejected with PdfCancelled when `token` is cancelled (the thread told).
   * `progress`: each page the job reports (an import that asked for it).
   */
  call<K extends PdfJobKind>(
    kind: K,
    job: PdfJobs[K]["job"],
    transfer: ArrayBuffer[] = [],
    token?: CancellationToken,
    progress?: (done: number, pages: number) => void,
  ): Promise<PdfResult<K>> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<PdfResult<K>>((resolve, reject) => {
      const listener = token?.onCancellationRequested(() => {
        if (!this.pending.delete(id)) return;
        if (this.worker === worker) worker.postMessage({ kind: "cancel", id } satisfies ToPdfWorker);
        reject(new PdfCancelled("the request was cancelled"));
      });
      this.pending.set(id, {
        resolve: (v) => {
          listener?.dispose();
          // The thread answers job `id` with its kind's result (pdfWorker.ts).
          resolve(v as PdfResult<K>);
        },
        reject: (e) => {
          listener?.dispose();
          reject(e);
        },
        ...(progress ? { progress } : {}),
      });
      worker.postMessage(message(kind, job, id), transfer);
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}

/** A job as the thread is sent it: its kind with what it takes, and its id (0: no answer wanted). */
function message<K extends PdfJobKind>(kind: K, job: PdfJobs[K]["job"], id: number): ToPdfWorker {
  // One kind with its own fields (TypeScript cannot pair a generic K's two by itself).
  return { kind, ...job, id } as ToPdfWorker;
}

/**
 * A link's refusal: a scan's words are where its OCR put them, and a link reads no scan by OCR
 * (minutes, unasked): its transcript links once it is imported again by OCR in this session.
 */
const hashOf = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

export class Pdfs {
  private readonly reader: PdfThread;
  private readonly linker: PdfThread;
  /** The version of each linked transcript whose text the linker has. */
  private readonly sent = new Map<string, number>();
  /** The SHA-256 of each PDF whose map the linker was sent (it may have let some go since). */
  private readonly maps = new Map<string, string>();

  constructor(
    script: string,
    private readonly textOf: TextOf,
    onError: (message: string) => void,
    /** The documents' changes: a linked transcript's are kept from the version the linker has. */
    private readonly changes?: ChangeLog,
  ) {
    this.reader = new PdfThread(script, "reader", onError, () => undefined);
    this.linker = new PdfThread(script, "linker", onError, () => {
      for (const uri of this.sent.keys()) this.changes?.unpin(uri);
      this.sent.clear();
      this.maps.clear();
    });
  }

  /** The linker has version `version` of a transcript. */
  private has(uri: string, version: number): void {
    this.sent.set(uri, version);
    this.changes?.pin(uri, version);
  }

  /**
   * Imports a PDF; its map goes to the linker when the linker has not this version of it (an
   * OCR's always: its map is the scan's word boxes). `linking`: read for a link's map only, a scan
   * (no usable text layer) then read by OCR.
   */
  private async read(
    pdf: string,
    bytes: Uint8Array,
    keepLines: boolean,
    token?: CancellationToken,
    scan?: ScanOptions,
    linking = false,
  ) {
    const hash = hashOf(bytes);
    const view = Boolean(scan?.ocr) || this.maps.get(pdf) !== hash || !this.linker.running;
    // A copy of its own (a small Buffer is a view of a shared pool: its .buffer is the pool).
    const copy = new Uint8Array(bytes).buffer;
    const job = {
      pdf,
      bytes: copy,
      keepLines,
      view,
      ...(scan?.ocr ? { ocr: true } : {}),
      ...(scan?.lang ? { lang: scan.lang } : {}),
      ...(scan?.onPage ? { progress: true } : {}),
      ...(linking ? { linking } : {}),
    };
    const answer = await this.reader.call("import", job, [copy], token, scan?.onPage);
    if (answer.ok && answer.view) {
      this.linker.post("source", { pdf, source: answer.view });
      this.maps.set(pdf, hash);
    }
    return answer;
  }

  /**
   * A PDF imported into a transcript (`keepLines`: its lines and line-end hyphens kept; `scan`:
   * read by OCR, each page reported).
   */
  async import(
    pdf: string,
    bytes: Uint8Array,
    keepLines: boolean,
    token?: CancellationToken,
    scan?: ScanOptions,
  ): Promise<PdfImportAnswer> {
    const answer = await this.read(pdf, bytes, keepLines, token, scan);
    return answer.ok ? { ok: true, ...answer.record } : answer;
  }

  /** Links an open transcript to a PDF (read now from `bytes`, unless the linker has them, or already imported). */
  async link(
    uri: string,
    pdf: string,
    bytes: Uint8Array | undefined,
    token?: CancellationToken,
  ): Promise<PdfLinkAnswer> {
    if (!this.textOf(uri)) return { ok: false, kind: "not-read", message: "the transcript is not open" };
    if (bytes && (this.maps.get(pdf) !== hashOf(bytes) || !this.linker.running)) {
      const answer = await this.read(pdf, bytes, false, token, undefined, true);
      if (!answer.ok) return answer;
    }
    let answer = await this.linkNow(uri, pdf, token);
    if (bytes && (answer as PdfRefusal).kind === "not-read") {
      // The linker let that PDF's map go (it keeps a few): read it again.
      this.maps.delete(pdf);
      const read = await this.read(pdf, bytes, false, token, undefined, true);
      if (!read.ok) return read;
      answer = await this.linkNow(uri, pdf, token);
    }
    return answer;
  }

  private async linkNow(uri: string, pdf: string, token?: CancellationToken): Promise<PdfLinkAnswer> {
    const doc = this.textOf(uri);
    if (!doc) return { ok: false, kind: "not-read", message: "the transcript is not open" };
    const answer = await this.linker.call("link", { uri, pdf, text: doc.text, version: doc.version }, [], token);
    if (answer.ok) this.has(uri, doc.version);
    return answer;
  }

  /** The page of a transcript's line and the boxes of its words (of the sentence at `character`, given), or null. */
  locate(uri: string, line: number, token?: CancellationToken, character?: number): Promise<PdfResult<"locate">> {
    if (!this.sent.has(uri)) return Promise.resolve(null);
    // The cursor's column, when it is one (a client's request is not trusted).
    const at = typeof character === "number" && Number.isInteger(character) && character >= 0 ? character : undefined;
    return this.linker.call("locate", { uri, line, character: at, ...this.textIfChanged(uri) }, [], token);
  }

  /** The transcript's position of the word printed at a point of a page, or null. */
  pick(uri: string, page: number, x: number, y: number, token?: CancellationToken): Promise<PdfResult<"pick">> {
    if (!this.sent.has(uri)) return Promise.resolve(null);
    return this.linker.call("pick", { uri, page, x, y, ...this.textIfChanged(uri) }, [], token);
  }

  /** The boxes on a page of a linked transcript's spans (its doubtful OCR words); none when not linked. */
  spans(
    uri: string,
    page: number,
    spans: { line: number; start: number; end: number }[],
    token?: CancellationToken,
  ): Promise<PdfResult<"spans">> {
    if (!this.sent.has(uri) || !spans.length) return Promise.resolve([]);
    return this.linker.call("spans", { uri, page, spans, ...this.textIfChanged(uri) }, [], token);
  }

  /** Forgets a transcript's link (closed, or unlinked by the client). */
  unlink(uri: string): void {
    this.changes?.unpin(uri);
    if (!this.sent.delete(uri) || !this.linker.running) return;
    void this.linker.call("unlink", { uri }).catch(() => undefined);
  }

  private textIfChanged(uri: string): NewText {
    const doc = this.textOf(uri);
    const had = this.sent.get(uri);
    if (!doc || had === undefined || had === doc.version) return {};
    this.has(uri, doc.version);
    const edits = this.changes?.editsSince(uri, had, doc.version);
    let size = 0;
    for (const e of edits ?? []) size += e.text.length;
    // The edits when they are few (typing), else the whole text (a replace-all, a paste of a book).
    if (edits && edits.length <= 10_000 && size <= 1024 * 1024) return { edits, version: doc.version };
    return { text: doc.text, version: doc.version };
  }

  dispose(): void {
    this.reader.dispose();
    this.linker.dispose();
  }
}
