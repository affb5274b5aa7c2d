// The server's side of the PDF thread (server/lsp/pdfWorker.ts): started at the first PDF request,
// one job at a time in order of arrival (an import, a link, a cursor to locate, a click to pick).
// The thread that reads messages only passes bytes and texts along. A transcript's text is sent
// with a request only when its version changed since the last one sent.

import { Worker } from "node:worker_threads";
import type { ImportedRecord, RefusalKind } from "../src/index";

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

/** Server → PDF thread. */
export type ToPdfWorker = Job & { id: number };

/** PDF thread → server. */
export interface FromPdfWorker {
  id: number;
  result?: unknown;
  error?: string;
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
    const worker = new Worker(this.script);
    worker.unref();
    worker.on("message", (m: FromPdfWorker) => {
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

  private call<T>(job: Job, transfer: ArrayBuffer[] = []): Promise<T> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...job, id }, transfer);
    });
  }

  /** A PDF imported into a transcript (`keepLines`: its lines and line-end hyphens kept). */
  import(pdf: string, bytes: Uint8Array, keepLines: boolean): Promise<unknown> {
    const copy = bytes.slice().buffer;
    return this.call({ kind: "import", pdf, bytes: copy, keepLines }, [copy]);
  }

  /** Links an open transcript to a PDF (read now from `bytes`, or already imported). */
  async link(uri: string, pdf: string, bytes: Uint8Array | undefined): Promise<unknown> {
    const doc = this.textOf(uri);
    if (!doc) return { ok: false, kind: "not-read", message: "the transcript is not open" };
    const copy = bytes?.slice().buffer;
    const answer = await this.call(
      { kind: "link", uri, pdf, text: doc.text, version: doc.version, ...(copy ? { bytes: copy } : {}) },
      copy ? [copy] : [],
    );
    if ((answer as { ok?: boolean }).ok) this.sent.set(uri, doc.version);
    return answer;
  }

  /** The page of a transcript's line and the boxes of its words, or null (not linked, no page). */
  locate(uri: string, line: number): Promise<unknown> {
    return this.call({ kind: "locate", uri, line, ...this.textIfChanged(uri) });
  }

  /** The transcript's position of the word printed at a point of a page, or null. */
  pick(uri: string, page: number, x: number, y: number): Promise<unknown> {
    return this.call({ kind: "pick", uri, page, x, y, ...this.textIfChanged(uri) });
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
