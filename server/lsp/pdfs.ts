// The server's side of the PDF thread (server/lsp/pdfWorker.ts): started at the first PDF request,
// with a heap of its own (PDF_HEAP_MB: a PDF that exhausts it ends the thread, not the server).
// Imports run one at a time in order of arrival; a cursor to locate or a click to pick never
// waits behind one (pdfWorker.ts). The thread that reads messages only passes bytes and texts
// along. A transcript's text is sent with a request only when its version changed since the last
// one sent. A request cancelled is cancelled in the thread too (an import stops between pages).
// If the thread dies, the requests it had fail with an error and the next request starts
// another; the links it held are gone (the view links again).

import { Worker } from "node:worker_threads";
import type { CancellationToken } from "vscode-languageserver/node";
import type { ImportedRecord, RefusalKind } from "../src/index";

/**
 * The PDF thread's heap (MB): an import within the limits of the PDF import (PDF_LIMITS) takes a
 * few hundred at most. `VERBATIM_PDF_HEAP_MB` overrides it (tests).
 */
export const PDF_HEAP_MB = 1024;

/** A request to the PDF thread that was cancelled. */
export class PdfCancelled extends Error {}

/** What the PDF thread answers for an import or a link that failed: what was found, for people. */
export interface PdfRefusal {
  ok: false;
  kind: RefusalKind | "not-read" | "too-large";
  message: string;
}
export type PdfAnswer = { ok: true; record: ImportedRecord } | PdfRefusal;

/**
 * A job for the PDF thread. `text` and `version`: the transcript's text when it changed since the
 * PDF thread last had it.
 */
type Job =
  | { kind: "import"; pdf: string; bytes: ArrayBuffer; keepLines: boolean }
  | { kind: "link"; uri: string; pdf: string; bytes?: ArrayBuffer; text: string; version: number }
  | { kind: "locate"; uri: string; line: number; text?: string; version?: number }
  | { kind: "pick"; uri: string; page: number; x: number; y: number; text?: string; version?: number }
  | { kind: "unlink"; uri: string };

/** Server → PDF thread: a job, or the cancellation of one. */
export type ToPdfWorker = (Job & { id: number }) | { kind: "cancel"; id: number };

/** PDF thread → server. */
export interface FromPdfWorker {
  id: number;
  result?: unknown;
  error?: string;
  /** Something to log (the job goes on): `id` is 0. */
  log?: string;
}

/** Where an open transcript's text is read from. */
export type TextOf = (uri: string) => { text: string; version: number } | undefined;

export class Pdfs {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  /** The version of each linked transcript whose text the PDF thread has. */
  private readonly sent = new Map<string, number>();

  constructor(
    private readonly script: string,
    private readonly textOf: TextOf,
    private readonly onError: (message: string) => void,
  ) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    const heap = Number(process.env.VERBATIM_PDF_HEAP_MB) || PDF_HEAP_MB;
    const worker = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: heap } });
    worker.unref();
    worker.on("message", (m: FromPdfWorker) => {
      if (m.log !== undefined) return this.onError(m.log);
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
      this.onError(`the PDF thread stopped: ${error.message}`);
      if (this.worker === worker) this.worker = undefined;
      this.sent.clear();
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

  /** A job for the thread; rejected with PdfCancelled when `token` is cancelled (the thread told). */
  private call<T>(job: Job, transfer: ArrayBuffer[] = [], token?: CancellationToken): Promise<T> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const listener = token?.onCancellationRequested(() => {
        if (!this.pending.delete(id)) return;
        if (this.worker === worker) worker.postMessage({ kind: "cancel", id } satisfies ToPdfWorker);
        reject(new PdfCancelled("the request was cancelled"));
      });
      this.pending.set(id, {
        resolve: (v) => {
          listener?.dispose();
          resolve(v as T);
        },
        reject: (e) => {
          listener?.dispose();
          reject(e);
        },
      });
      worker.postMessage({ ...job, id } satisfies ToPdfWorker, transfer);
    });
  }

  /** A PDF imported into a transcript (`keepLines`: its lines and line-end hyphens kept). */
  import(pdf: string, bytes: Uint8Array, keepLines: boolean, token?: CancellationToken): Promise<unknown> {
    const copy = bytes.slice().buffer;
    return this.call({ kind: "import", pdf, bytes: copy, keepLines }, [copy], token);
  }

  /** Links an open transcript to a PDF (read now from `bytes`, or already imported). */
  async link(uri: string, pdf: string, bytes: Uint8Array | undefined, token?: CancellationToken): Promise<unknown> {
    const doc = this.textOf(uri);
    if (!doc) return { ok: false, kind: "not-read", message: "the transcript is not open" };
    const copy = bytes?.slice().buffer;
    const answer = await this.call(
      { kind: "link", uri, pdf, text: doc.text, version: doc.version, ...(copy ? { bytes: copy } : {}) },
      copy ? [copy] : [],
      token,
    );
    if ((answer as { ok?: boolean }).ok) this.sent.set(uri, doc.version);
    return answer;
  }

  /** The page of a transcript's line and the boxes of its words, or null (not linked, no page). */
  locate(uri: string, line: number, token?: CancellationToken): Promise<unknown> {
    return this.call({ kind: "locate", uri, line, ...this.textIfChanged(uri) }, [], token);
  }

  /** The transcript's position of the word printed at a point of a page, or null. */
  pick(uri: string, page: number, x: number, y: number, token?: CancellationToken): Promise<unknown> {
    return this.call({ kind: "pick", uri, page, x, y, ...this.textIfChanged(uri) }, [], token);
  }

  /** Forgets a transcript's link (closed, or unlinked by the client). */
  unlink(uri: string): void {
    if (!this.sent.delete(uri) || !this.worker) return;
    void this.call({ kind: "unlink", uri }).catch(() => undefined);
  }

  private textIfChanged(uri: string): { text?: string; version?: number } {
    const doc = this.textOf(uri);
    if (!doc || !this.sent.has(uri) || this.sent.get(uri) === doc.version) return {};
    this.sent.set(uri, doc.version);
    return { text: doc.text, version: doc.version };
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
