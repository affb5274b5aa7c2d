// The server's analysts (server/lsp/analyst.ts) and when each works: analyst 0, a worker thread,
// analyses; analyst 1, the reader, runs in the main thread and only holds long records' read
// indexes. The main thread reads messages, holds the documents and never analyses: a hover is
// never stuck behind an analysis. See ARCHITECTURE.md, "Scheduling".
//
// - One analysis per version, on one analyst. A change to a document the server is not analysing,
//   after a quiet moment or once the previous change's analysis is done, is analysed at once;
//   changes that come faster than that (while the document's analysis runs, or within QUIET_MS
//   of a previous change not yet analysed: a paste, a multi-cursor
//   edit, a client replaying keystrokes) wait until none has come for QUIET_MS, so that a burst
//   is one analysis and one publication. didOpen and the content change that follows it are one.
// - One analyst holds a document's model and analyses each of its versions from the one before
//   (model/memo.ts). For a long document (READER_MIN_LENGTH) the reader holds its read index
//   (server/src/readIndex.ts: the line index and the elements the reads need, no text, no memo),
//   made by the analyst that holds the model once it is idle — nothing due, no request waiting,
//   the diagnostics published; a newer one only once typing pauses (INDEX_QUIET_MS) — so that
//   reads are answered from it during the next analysis, in the main thread, and one model of
//   the record exists, not two. Documents are analysed one at a time, by analyst 0.
// - Diagnostics are published when the analysis of the latest version (and settings, glossary)
//   is done: they equal a fresh analysis of the final text.
// - Requests: hovers, highlights, definitions and references are answered at once from the most
//   recent model ("recent"), which may be one analysis behind the text: the position is carried
//   back to that model's text and the answer's ranges forward through the changes in between
//   (server/lsp/stale.ts), and whatever touches changed text is left out; from a read index too. Requests whose answer the client keeps or
//   applies (outline, folding, semantic tokens, code actions, rename, completion, fixes) wait for
//   the model of the version they were sent for ("exact"), and start its analysis at once; one
//   that comes while its version is analysed (an outline asked with didOpen) is sent to that
//   analyst at once, which answers it once the text is parsed, before the rules run.

import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";
import {
  type CancellationToken,
  LSPErrorCodes,
  type Position,
  ResponseError,
  type TextDocuments,
} from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type {
  AnalystMethod,
  AnalystParams,
  AnalystRequest,
  AnalystResult,
  DiagnosticsResult,
  FromAnalyst,
  PostedDiagnostics,
  ToAnalyst,
} from "../../shared/threads";
import { type GlossaryEntry, indexBuffers, type OcrWordMark, type VerbatimSettings } from "../src/index";
import { type PostedList, postedList } from "./diagnosticsChange";
import { LazyTextDocument } from "./document";
import type { Freshness } from "./features";
import { fullCollection, whenIdle } from "./idle";
import type { Publication } from "./publish";
import { type ChangeLog, offsetsToRanges } from "./stale";

/**
 * How long a document must go without a change before it is analysed (ms). The changes of one
 * burst come within a millisecond or two of each other; keystrokes, even a fast typist's, a tenth
 * of a second apart. Fifty milliseconds coalesces a burst and adds little to the wait for the
 * diagnostics after a keystroke.
 */
export const QUIET_MS = 50;

/**
 * Each analyst's young generation (MB): 4 MB semi-spaces (V8 makes a semi-space a third of it,
 * rounded up to a power of two). A 10 MB record's edit allocates some 21 MB besides its text: with
 * 1 MB semi-spaces (3 MB, which ran until edits9) 22 scavenges an edit, about a quarter of the
 * analyst's time; with 4 MB, 5 (edits8's counts). Through the server (edits9, alternating, loads
 * 4 to 10): the server's CPU a 10 MB edit 197-231.5 ms against 3 MB's 214.5-240 on one build, and
 * 168.5-188.5 against main's 231-275.5 with this round's other change; RSS after the edits 157-169
 * MiB (3 MB: 150-152; 16 MB, no cheaper: 165-168). V8 gives an isolate 32 MB on this kind of
 * machine (two 16 MB semi-spaces), which an analysis would fill and which would then stay
 * resident (bench/HISTORY.md, *The diagnostics as a change, the analyst's young generation*).
 * `VERBATIM_ANALYST_YOUNG_MB` overrides it.
 */
export const ANALYST_YOUNG_MB = 8;

/**
 * Lets each worker thread's `resourceLimits` set its young generation. The server is started with
 * `--max-semi-space-size=1` (SERVER_EXEC_ARGV, for the message thread), and V8 reads that flag,
 * process-wide, in place of any worker's `maxYoungGenerationSizeMb`: every analyst's young
 * generation tried through the server since the flag came measured the same 1 MB semi-spaces
 * (bench/HISTORY.md, *The server's other half*). The main thread's heap is configured once, at
 * start: it keeps its 1 MB. Called before the first worker starts.
 */
export function youngGenerationsByThread(): void {
  setFlagsFromString("--max-semi-space-size=0");
}

/**
 * Each analyst's old generation (MB). V8 lets a heap grow up to four times what a collection left
 * before the next major collection when its limit is 2 GB or more, and less below it (src/heap/
 * heap-controller.h: the growing factor's cap rises from 1.3 at 256 MB to 4 at 2048 MB): an
 * analyst with the default limit (some 4 GB here) kept three to four models' garbage between
 * edits. A 10 MB record's analysis needs some 300 MB of it. An analyst that runs out is started
 * again without the limit (V8's default) and its work done again: nothing is lost but time.
 * `VERBATIM_ANALYST_HEAP_MB` overrides it (tests).
 */
export const ANALYST_HEAP_MB = 1024;

/**
 * The length (UTF-16 code units) from which a document has a reader to read from. Below it, one
 * analyst holds the document's model and does all its work: an edit's analysis there takes less
 * than a hover may wait (some 25 ms of CPU at 1 MB, bench/RESULTS.md), and a read index would cost
 * its making and its memory for nothing. From it, the reader (analyst 1, in the main thread) is
 * started and holds the record's read index, so that reads are answered during an analysis; it
 * is stopped again once it holds no index and no such document is open.
 * `VERBATIM_READER_MIN_LENGTH` overrides it (tests).
 */
export const READER_MIN_LENGTH = 2_000_000;

/**
 * A long document's read index, once the other analyst holds one of an older version, is made
 * again once neither a change nor an analysis's end has come for this long (ms): while someone
 * types, the second analyst answers from the index it has (positions carried over, stale.ts), and
 * the analyst that holds the model is free for the next edit. Made after every edit, the index
 * cost a 10 MB record's edit 130–350 ms of CPU more, and the next edit, come meanwhile, waited
 * for it (bench/RESULTS.md, "The editor's waits").
 */
export const INDEX_QUIET_MS = 500;

export type { DiagnosticsResult, Freshness };

interface DocState {
  uri: string;
  /** Counts schedule(): an analysis started at an older generation is not published. */
  generation: number;
  /** The generation last sent for analysis, and the one last published. */
  dispatched: number;
  published: number;
  timer?: ReturnType<typeof setTimeout>;
  /** The document's version last scheduled, and when a change last came (performance.now()). */
  scheduled?: number;
  lastChange: number;
  /** The quiet delay is over (or a request cannot wait for it): analyse when an analyst can. */
  due: boolean;
  /** The version being analysed, if one is. */
  analysing?: number;
  closed: boolean;
  /** When its last analysis came back (performance.now()), and a pump once quiet, for its read index. */
  analysedAt?: number;
  indexTimer?: ReturnType<typeof setTimeout>;
  /** The diagnostics the analyst posted last (`post`: its how-manyth list): it posts the next as a change to them. */
  posted?: PostedList;
}

/**
 * Where an analyst runs: a worker thread (analyst 0), or the main thread's reader (analyst 1),
 * which holds read indexes only and answers from them in this thread.
 */
interface Thread {
  postMessage(message: ToAnalyst, transfer?: ArrayBuffer[]): void;
  terminate(): unknown;
}

interface Analyst {
  index: number;
  /** Analyst 0 starts with the server, analyst 1 (the reader) at its first read index. */
  worker?: Thread;
  /** It ran out of ANALYST_HEAP_MB once: started again without that limit. */
  unbounded?: boolean;
  job?: Job;
  /** The version of each document whose model this analyst holds. */
  holds: Map<string, number>;
  /**
   * It analysed since it last had nothing to do: once without a job, it is told to settle
   * (what the analysis left for later, `LanguageService.settle`).
   */
  unsettled?: boolean;
  /** The version of each document whose read index (server/src/readIndex.ts) it holds instead. */
  reads: Map<string, number>;
  /**
   * Exact requests sent to it with or during the analysis of their version, by id: answered once
   * the text is parsed, before the rules (or after them, for one that came late), besides its job.
   */
  asked: Map<number, RequestJob>;
}

interface RequestJob {
  kind: "request";
  id: number;
  freshness: Freshness;
  /** The request as the analyst is sent it (a stale answer's adds `at` and `offsets`). */
  message: AnalystRequest;
  doc: DocState;
  /** The document's version when the request came. */
  version: number;
  empty: unknown;
  /** Answered from an older model: its ranges are carried forward by `read`. */
  stale: boolean;
  read?: (result: unknown) => unknown;
  settle(value: unknown): void;
}

interface FilesJob {
  kind: "fileSymbols";
  id: number;
  query: string;
  uris: string[];
  settle(value: unknown): void;
}

interface AnalysisJob {
  kind: "analyse";
  doc: DocState;
  version: number;
  generation: number;
  /**
   * Exact requests for this version sent with it (an outline asked with didOpen): the analyst
   * answers them once the text is parsed, before the rules (`Analyst.asked`).
   */
  requests: RequestJob[];
}

/** The read index of the version the analyst holds, for the other analyst. */
interface IndexJob {
  kind: "makeIndex";
  doc: DocState;
  version: number;
}

type Job = RequestJob | FilesJob | AnalysisJob | IndexJob;

export interface AnalystsOptions {
  /** The analyst's script (server/out/analyst.js). */
  script: string;
  documents: TextDocuments<TextDocument>;
  /** The changes the documents went through: a stale answer is carried over them. */
  changes: ChangeLog;
  /** The words an OCR was unsure of in a document's current text (server/lsp/ocrWords.ts), if any. */
  ocrWords?(uri: string): readonly OcrWordMark[] | undefined;
  settings(): VerbatimSettings;
  publish(uri: string, version: number, result: Publication): void;
  /** A feature or rule failed in an analyst. */
  onError(what: string, message: string): void;
  /** What the scheduler does, for `$/logTrace` (clients show it with verbatim.trace.server). */
  trace(message: string): void;
  /** An analyst died: the server cannot go on. */
  fatal(message: string): void;
}

export class Analysts {
  private readonly analysts: Analyst[];
  private readonly docs = new Map<string, DocState>();
  private readonly pending: (RequestJob | FilesJob)[] = [];
  private nextId = 1;
  private readonly readerMin = Number(process.env.VERBATIM_READER_MIN_LENGTH) || READER_MIN_LENGTH;
  /**
   * Each thread's heap collected once the server has been idle a second (idle.ts): no job, no
   * request waiting, no analysis due or waiting for the quiet delay.
   */
  private readonly worked = whenIdle(
    () => this.collect(),
    () =>
      this.pending.length === 0 &&
      this.analysts.every((a) => !a.job && a.asked.size === 0) &&
      [...this.docs.values()].every((d) => !d.due && d.timer === undefined && d.indexTimer === undefined),
  );
  private readonly collectMain = fullCollection();
  /** What every analyst must know before its first job: the team glossary, the reference date. */
  private readonly shared = new Map<string, ToAnalyst>();

  constructor(private readonly options: AnalystsOptions) {
    this.analysts = [0, 1].map((index) => ({ index, holds: new Map(), reads: new Map(), asked: new Map() }));
    youngGenerationsByThread();
    // Analyst 0 loads the service while the client and the server shake hands.
    this.start(this.analysts[0]);
  }

  /**
   * The document changed, or (`force`) what its diagnostics depend on: analyse it at once, or
   * after the quiet delay when changes come faster than analyses.
   */
  schedule(uri: string, force = false): void {
    const document = this.options.documents.get(uri);
    if (!document) return;
    let d = this.docs.get(uri);
    if (!d) {
      d = { uri, generation: 0, dispatched: -1, published: -1, due: false, closed: false, lastChange: -QUIET_MS };
      this.docs.set(uri, d);
    }
    // didOpen is followed by a content change of the same version: one analysis for both.
    if (!force && d.scheduled === document.version) return;
    d.scheduled = document.version;
    // Every change so far analysed and done: this one is analysed at once, however soon it came.
    const caughtUp = d.dispatched === d.generation && d.analysing === undefined;
    d.generation++;
    const now = performance.now();
    const hurried = d.timer !== undefined || d.analysing !== undefined || (!caughtUp && now - d.lastChange < QUIET_MS);
    d.lastChange = now;
    this.options.trace(
      `${uri} version ${document.version}: ${hurried ? `analysed after ${QUIET_MS} ms without a change` : "analysed at once"}`,
    );
    if (hurried) this.wait(d);
    else {
      d.due = true;
      this.pump();
    }
  }

  /** Every open document analysed again: the settings or the glossary changed. */
  reanalyseAll(): void {
    for (const document of this.options.documents.all()) this.schedule(document.uri, true);
  }

  /** The document's analysis is due once no change has come for QUIET_MS. */
  private wait(doc: DocState): void {
    if (doc.timer) clearTimeout(doc.timer);
    doc.timer = setTimeout(() => {
      doc.timer = undefined;
      // A request may have had this generation analysed already.
      doc.due = doc.generation !== doc.dispatched;
      this.pump();
    }, QUIET_MS);
  }

  /** The document was opened (again, if the client did not close it: what was known of it goes). */
  open(uri: string): void {
    if (this.docs.has(uri)) this.close(uri);
    this.schedule(uri);
  }

  /** The document was closed: its state and models go; requests waiting for it get `empty`. */
  close(uri: string): void {
    const d = this.docs.get(uri);
    if (d) {
      if (d.timer) clearTimeout(d.timer);
      if (d.indexTimer) clearTimeout(d.indexTimer);
      d.closed = true;
      this.docs.delete(uri);
    }
    for (const a of this.analysts) {
      a.holds.delete(uri);
      a.reads.delete(uri);
      if (a.worker) this.post(a, { kind: "forget", uri });
    }
    this.pump();
  }

  /**
   * A request about an open document, answered by an analyst: the answer, `empty` when the document
   * is not open, or an error (cancelled; the document changed before an exact answer could be had).
   */
  request<M extends AnalystMethod, E>(
    freshness: Freshness,
    method: M,
    uri: string,
    params: AnalystParams<M>,
    token: CancellationToken,
    empty: E,
  ): Promise<AnalystResult<M> | E | ResponseError<void>> {
    const document = this.options.documents.get(uri);
    if (!document) return Promise.resolve(empty);
    if (!this.docs.has(uri)) this.schedule(uri);
    const doc = this.docs.get(uri) as DocState;
    return new Promise((resolve) => {
      const id = this.nextId++;
      const job: RequestJob = {
        kind: "request",
        id,
        freshness,
        // One method with its own parameters (TypeScript cannot pair a generic M's two by itself).
        message: { kind: "request", id, method, uri, params } as AnalystRequest,
        doc,
        version: document.version,
        empty,
        stale: false,
        // What an analyst answers is the method's result (or its ranges carried forward by `read`),
        // `empty`, or an error.
        settle: settleOnce(resolve as (value: unknown) => void, () => listener.dispose()),
      };
      const listener = token.onCancellationRequested(() => this.cancel(job));
      // The analysis of its version is under way: the analyst answers it once the text is parsed.
      const analysing = this.analysts.find(
        (a) => a.worker && a.job?.kind === "analyse" && a.job.doc === doc && a.job.version === job.version,
      );
      if (freshness === "exact" && analysing) {
        this.ask(analysing, job);
        return;
      }
      this.pending.push(job);
      // An exact answer needs this version's model; a recent one any model. Without it, the
      // analysis starts now: the client is waiting.
      const held = this.analysts.map((a) => (freshness === "exact" ? a.holds.get(uri) : this.reading(a, uri)));
      if (freshness === "exact" ? !held.includes(job.version) : held.every((v) => v === undefined)) this.flush(doc);
      this.pump();
    });
  }

  /**
   * Workspace symbols of the workspace files that are not open (analyst 0 holds them), by URI; each
   * file is parsed the first time, with a turn of the event loop between files, so that a
   * cancellation stops the work.
   */
  fileSymbols(
    query: string,
    uris: string[],
    token: CancellationToken,
  ): Promise<Record<string, AnalystResult<"workspaceSymbol">> | undefined> {
    return new Promise((resolve) => {
      const job: FilesJob = {
        kind: "fileSymbols",
        id: this.nextId++,
        query,
        uris,
        settle: settleOnce(
          (value) => resolve(value as Record<string, AnalystResult<"workspaceSymbol">> | undefined),
          () => listener.dispose(),
        ),
      };
      const listener = token.onCancellationRequested(() => this.cancel(job));
      this.pending.push(job);
      this.pump();
    });
  }

  /** The workspace transcripts that are not open, for workspace symbols (analyst 0 keeps them). */
  files(files: { uri: string; text: string }[], removed: string[]): void {
    this.post(this.analysts[0], { kind: "files", files, removed });
  }

  setTeamGlossary(entries: GlossaryEntry[], file: string | undefined): void {
    this.share({ kind: "glossary", entries, file });
  }

  setReferenceDate(value: string | undefined): void {
    this.share({ kind: "referenceDate", value });
  }

  private share(message: ToAnalyst): void {
    this.shared.set(message.kind, message);
    for (const a of this.analysts) if (a.worker) this.post(a, message);
  }

  private post(a: Analyst, message: ToAnalyst, transfer: ArrayBuffer[] = []): void {
    this.start(a).postMessage(message, transfer);
  }

  /**
   * An analyst's thread. Analyst 0's worker loads the service and its data (and a lexicon at its
   * first analysis in a language) while the client and the server shake hands; analyst 1, the
   * reader, starts in the main thread when it is first given a read index (`startReader`).
   */
  private start(a: Analyst): Thread {
    if (a.worker) return a.worker;
    if (a.index === 1) return this.startReader(a);
    const heap = Number(process.env.VERBATIM_ANALYST_HEAP_MB) || ANALYST_HEAP_MB;
    const worker = new Worker(this.options.script, {
      resourceLimits: {
        maxYoungGenerationSizeMb: Number(process.env.VERBATIM_ANALYST_YOUNG_MB) || ANALYST_YOUNG_MB,
        ...(a.unbounded ? {} : { maxOldGenerationSizeMb: heap }),
      },
    });
    a.worker = worker;
    worker.on("message", (m: FromAnalyst) => {
      if (a.worker === worker) this.receive(a, m);
    });
    worker.on("error", (error: Error & { code?: string }) => {
      if (a.worker !== worker) return;
      if (error.code === "ERR_WORKER_OUT_OF_MEMORY" && !a.unbounded) this.outOfMemory(a, heap);
      else this.options.fatal(`analyst ${a.index} failed: ${error.stack ?? error.message}`);
    });
    worker.on("exit", (code) => {
      if (a.worker === worker) this.options.fatal(`analyst ${a.index} stopped (exit code ${code})`);
    });
    for (const message of this.shared.values()) worker.postMessage(message);
    return worker;
  }

  /**
   * Analyst 1, the reader: the analyst's code (this bundle's `analyst`) run in the main thread,
   * holding read indexes only (`analyses` gives it no analysis). A hover during a long record's
   * analysis is answered here at once, and no worker thread is kept for it: a thread's isolate,
   * with its own copy of the service's code and data, cost a 10 MB record's server some 15 MiB
   * (bench/RESULTS.md, "The editor's waits"). Its answers come back on the next turn of the event
   * loop, as a thread's would.
   */
  private startReader(a: Analyst): Thread {
    const { analyst } = require(this.options.script) as typeof import("./analyst");
    let live = true;
    const thread: Thread = {
      postMessage: (message) => {
        if (!live) return;
        // What would end a worker thread must not end the server: reported, the message dropped
        // (a request that fails is answered with its error by the analyst's `respond`: none is
        // left waiting).
        try {
          handle(message);
        } catch (error) {
          this.options.onError(
            `analyst 1 (${message.kind})`,
            error instanceof Error ? (error.stack ?? error.message) : String(error),
          );
        }
      },
      terminate: () => {
        live = false;
      },
    };
    const handle = analyst(
      (message) =>
        setImmediate(() => {
          if (live && a.worker === thread) this.receive(a, message);
        }),
      { reader: true },
    );
    a.worker = thread;
    for (const message of this.shared.values()) thread.postMessage(message);
    return thread;
  }

  /**
   * An analyst ran out of its heap (a record far larger than those the limit was set for): it is
   * started again without the limit, its job and the models it held are made again. The workspace
   * files analyst 0 kept are gone until the client sends them again (said in the log).
   */
  private outOfMemory(a: Analyst, heap: number): void {
    a.worker = undefined;
    a.unbounded = true;
    const job = a.job;
    a.job = undefined;
    const held = [...a.holds.keys()];
    a.holds.clear();
    a.reads.clear();
    this.options.onError(
      `analyst ${a.index}`,
      `it ran out of its ${heap} MB heap and was started again without that limit${a.index === 0 ? " (the symbols of workspace files that are not open are gone until they are sent again)" : ""}`,
    );
    if (job?.kind === "request") {
      job.stale = false;
      job.read = undefined;
      this.pending.unshift(job);
    } else if (job?.kind === "fileSymbols") job.settle(undefined);
    else if (job?.kind === "analyse") job.doc.analysing = undefined;
    // Requests asked besides the job are asked again.
    this.pending.unshift(...a.asked.values());
    a.asked.clear();
    // The models it held, and the analysis cut short, are made again (only analyst 0, a worker
    // thread, has a heap limit and holds models: the reader holds read indexes, never a model).
    for (const uri of new Set([...held, ...(job?.kind === "analyse" ? [job.doc.uri] : [])])) this.schedule(uri, true);
    this.start(a);
    this.pump();
  }

  /** Analyse now, without waiting for the quiet delay: a request waits for the result. */
  private flush(d: DocState): void {
    if (d.timer) {
      clearTimeout(d.timer);
      d.timer = undefined;
    }
    if (d.generation !== d.dispatched) d.due = true;
  }

  /** Takes the jobs `take` says yes to out of `pending`, in one pass, each list in its order. */
  private takePending<J extends RequestJob | FilesJob>(take: (job: RequestJob | FilesJob) => job is J): J[] {
    const taken: J[] = [];
    let kept = 0;
    for (const job of this.pending) {
      if (take(job)) taken.push(job);
      else this.pending[kept++] = job;
    }
    this.pending.length = kept;
    return taken;
  }

  private cancel(job: RequestJob | FilesJob): void {
    const i = this.pending.indexOf(job);
    if (i >= 0) this.pending.splice(i, 1);
    else if (job.kind === "fileSymbols") {
      const a = this.analysts.find((x) => x.job === job);
      if (a) this.post(a, { kind: "cancel", id: job.id });
    }
    // In flight: the analyst's answer comes later and is ignored (the job is settled).
    job.settle(new ResponseError(LSPErrorCodes.RequestCancelled, "the request was cancelled"));
  }

  /** Gives each idle analyst its next job; answers requests that can no longer be answered. */
  private pump(): void {
    this.worked();
    const answers: [RequestJob, unknown][] = [];
    this.takePending((job): job is RequestJob => {
      if (job.kind !== "request") return false;
      const answer = this.unanswerable(job);
      if (answer !== undefined) answers.push([job, answer]);
      return answer !== undefined;
    });
    for (const [job, answer] of answers) job.settle(answer);
    // A request may be settled without an analyst (a position in text no model has seen), which
    // leaves the analyst free for the next job.
    for (let progress = true; progress; ) {
      progress = false;
      for (const a of this.analysts) {
        if (a.job || !this.inUse(a)) continue;
        const job = this.nextJob(a);
        if (!job) continue;
        // A job that cannot be sent (a bug, a text of the wrong type) frees the analyst again.
        if (this.dispatchSafely(a, job)) progress = true;
      }
    }
    // An analyst left without a job after an analysis (its diagnostics published, the requests
    // that waited for it answered) does what the analysis left for later.
    for (const a of this.analysts) {
      if (a.job || !a.unsettled || !a.worker) continue;
      a.unsettled = false;
      this.post(a, { kind: "settle" });
      this.options.trace(`analyst ${a.index} idle: it settles what its analyses left for later`);
    }
    this.stopIdleReader();
  }

  private collect(): void {
    for (const a of this.analysts) if (a.worker) a.worker.postMessage({ kind: "collect" } satisfies ToAnalyst);
    // The texts the main thread keeps, one byte a character where they allow (document.ts).
    for (const document of this.options.documents.all()) if (document instanceof LazyTextDocument) document.compact();
    this.collectMain?.();
    this.options.trace("idle a second: each thread's heap collected");
  }

  /** Whether the document is long enough for the reader to read from while it is analysed. */
  private large(uri: string): boolean {
    const document = this.options.documents.get(uri);
    if (document === undefined) return false;
    // Not getText(), which would build a text kept as edits, nor the line index, which a document
    // just opened has not counted yet (document.ts).
    const length =
      document instanceof LazyTextDocument
        ? document.textLength
        : document.offsetAt({ line: document.lineCount, character: 0 });
    return length >= this.readerMin;
  }

  /**
   * Analyst 0 always; analyst 1 (the reader) while it holds an index or a large document is open
   * (it is started when it is first given an index).
   */
  private inUse(a: Analyst): boolean {
    if (a.index === 0 || a.reads.size > 0 || a.job) return true;
    for (const uri of this.docs.keys()) if (this.large(uri)) return true;
    return false;
  }

  /** Analyst 1 (the reader), idle, holding nothing and not needed: its service and indexes go. */
  private stopIdleReader(): void {
    const a = this.analysts[1];
    const worker = a.worker;
    if (!worker || this.inUse(a)) return;
    a.worker = undefined;
    this.options.trace("analyst 1 stopped: no document needs a second analyst");
    void worker.terminate();
  }

  /** What to answer a waiting request that no analyst will be able to answer, if so. */
  private unanswerable(job: RequestJob): unknown {
    if (job.doc.closed) return job.empty;
    const current = this.options.documents.get(job.doc.uri)?.version;
    if (current === job.version) return undefined;
    // The client changed the document after sending the request: a recent answer's positions can
    // no longer be carried over; an exact one is still possible while its version is held or analysed.
    const reachable =
      job.freshness === "exact" &&
      (job.doc.analysing === job.version || this.analysts.some((a) => a.holds.get(job.doc.uri) === job.version));
    return reachable ? undefined : new ResponseError(LSPErrorCodes.ContentModified, "the document changed");
  }

  private other(a: Analyst): Analyst {
    return this.analysts[1 - a.index];
  }

  private nextJob(a: Analyst): Job | undefined {
    // Requests first, oldest first: they are quick, and someone is waiting.
    const first = this.pending.findIndex((job) => this.serves(a, job));
    if (first >= 0) return this.pending.splice(first, 1)[0];
    // Analyses due, on analyst 0: analyst 1, the main thread's reader, holds read indexes only.
    let due = false;
    for (const d of this.docs.values()) {
      if (!d.due) continue;
      due = true;
      if (d.analysing === undefined && a.index === 0) return this.analysis(d);
    }
    if (due || this.pending.length) return undefined;
    // Idle: the read index of a long document's model this analyst holds, for the reader (it is
    // sent whatever that one is doing: its messages are handled in order). Only analyst 0 holds
    // models; the reader never does, so it never needs an index of its own.
    for (const d of this.docs.values()) {
      const quiet = d.analysing === undefined && d.timer === undefined && d.published >= 0;
      const version = a.holds.get(d.uri);
      const other = this.other(a);
      if (quiet && version !== undefined && other.reads.get(d.uri) !== version) {
        if (!this.large(d.uri)) continue;
        // The first index at once (until it comes, reads wait for the analyses); a newer one once quiet.
        const wait = other.reads.has(d.uri)
          ? Math.max(d.lastChange, d.analysedAt ?? 0) + INDEX_QUIET_MS - performance.now()
          : 0;
        if (wait <= 0) return { kind: "makeIndex", doc: d, version };
        d.indexTimer ??= setTimeout(() => {
          d.indexTimer = undefined;
          this.pump();
        }, wait);
      }
    }
    return undefined;
  }

  /** The version of the document whose model or read index the analyst holds, if any. */
  private reading(a: Analyst, uri: string): number | undefined {
    return a.holds.get(uri) ?? a.reads.get(uri);
  }

  private serves(a: Analyst, job: RequestJob | FilesJob): boolean {
    if (job.kind === "fileSymbols") return a.index === 0;
    if (job.freshness === "exact") return a.holds.get(job.doc.uri) === job.version;
    const mine = this.reading(a, job.doc.uri);
    if (mine === undefined) return false;
    // The most recent model or read index among the analysts free to answer now.
    const other = this.other(a);
    const theirs = this.reading(other, job.doc.uri);
    return other.job !== undefined || theirs === undefined || theirs <= mine;
  }

  private analysis(d: DocState): AnalysisJob {
    const document = this.options.documents.get(d.uri) as TextDocument;
    d.due = false;
    d.dispatched = d.generation;
    d.analysing = document.version;
    // Exact requests waiting for this version go with it, answered right after the parse.
    const requests = this.takePending(
      (job): job is RequestJob =>
        job.kind === "request" && job.doc === d && job.freshness === "exact" && job.version === document.version,
    );
    return { kind: "analyse", doc: d, version: document.version, generation: d.generation, requests };
  }

  /**
   * Dispatches a job; if that throws, the analyst is left free, the job failed (a request gets an
   * error, an analysis is not done until the next change) and the error reported. False then.
   */
  private dispatchSafely(a: Analyst, job: Job): boolean {
    try {
      this.dispatch(a, job);
      return true;
    } catch (error) {
      if (a.job === job) a.job = undefined;
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      if (job.kind === "analyse") {
        job.doc.analysing = undefined;
        for (const r of job.requests) a.asked.delete(r.id);
        this.pending.unshift(...job.requests);
        this.options.onError("analysis", message);
      } else if (job.kind === "makeIndex") this.options.onError("read index", message);
      else if (job.kind === "fileSymbols") job.settle(undefined);
      else job.settle(new ResponseError(LSPErrorCodes.RequestFailed, `the request could not be sent: ${message}`));
      return false;
    }
  }

  private dispatch(a: Analyst, job: Job): void {
    a.job = job;
    switch (job.kind) {
      case "analyse": {
        // The edits since the version this analyst analysed last, if it did: far less to copy.
        const uri = job.doc.uri;
        const held = a.holds.get(uri);
        const edits = held === undefined ? undefined : this.options.changes.edits(uri, held, job.version);
        // The OCR's marks as they are now: of the version dispatched (they move with its edits).
        const ocrWords = this.options.ocrWords?.(uri);
        const message: ToAnalyst = {
          kind: "analyse",
          uri,
          version: job.version,
          settings: this.options.settings(),
          ...(ocrWords?.length ? { ocrWords: [...ocrWords] } : {}),
          ...(job.requests.length ? { requests: job.requests.map((r) => r.message) } : {}),
        };
        for (const r of job.requests) a.asked.set(r.id, r);
        if (edits) {
          this.post(a, { ...message, edits });
          return;
        }
        // A whole text is handed over as bytes: copying a 10 MB string to a thread takes the main
        // thread some 60 ms, encoding it as UTF-16 a few (small ones share a pool: sent as strings).
        // A document held compactly (document.ts) gives its bytes without a string of the whole.
        const document = this.options.documents.get(uri) as TextDocument;
        const bytes =
          document instanceof LazyTextDocument ? document.utf16() : Buffer.from(document.getText(), "utf16le");
        if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) {
          this.post(a, { ...message, bytes: bytes.buffer as ArrayBuffer }, [bytes.buffer as ArrayBuffer]);
        } else this.post(a, { ...message, text: document.getText() });
        return;
      }
      case "fileSymbols":
        this.post(a, { kind: "fileSymbols", id: job.id, query: job.query, uris: job.uris });
        return;
      case "makeIndex":
        this.post(a, { kind: "makeIndex", uri: job.doc.uri, version: job.version });
        return;
      case "request":
        this.sendRequest(a, job);
        return;
    }
  }

  /**
   * An exact request sent to the analyst that analyses its version, besides that job: answered
   * once the text is parsed (the analyst reads the messages come during the parse before the rules).
   */
  private ask(a: Analyst, job: RequestJob): void {
    a.asked.set(job.id, job);
    this.options.trace(`${job.message.method} on ${job.doc.uri} version ${job.version} asked during its analysis`);
    this.post(a, job.message);
  }

  private sendRequest(a: Analyst, job: RequestJob): void {
    const uri = job.doc.uri;
    const held = this.reading(a, uri) as number;
    if (held === job.version) {
      this.post(a, job.message);
      return;
    }
    // A recent answer from an older model: carry the position back and the ranges forward.
    const document = this.options.documents.get(uri) as TextDocument;
    const changes = this.options.changes;
    let at: number | undefined;
    const params = job.message.params;
    const position = "position" in params ? params.position : undefined;
    if (position) {
      const offset = validOffset(document, position);
      at = offset === undefined ? undefined : changes.olderOffset(uri, held, job.version, offset);
      if (at === undefined) {
        // Out of the document, or in text the model has not seen: nothing to say about it yet.
        a.job = undefined;
        job.settle(job.empty);
        return;
      }
    }
    this.options.trace(`${job.message.method} on ${uri} version ${job.version} answered from version ${held}`);
    job.stale = true;
    job.read = (result) =>
      offsetsToRanges(
        result,
        (r) => {
          const span = changes.newerSpan(uri, held, job.version, r.startOffset, r.endOffset);
          return span && { start: document.positionAt(span[0]), end: document.positionAt(span[1]) };
        },
        job.empty,
      );
    this.post(a, { ...job.message, at, offsets: true });
  }

  private receive(a: Analyst, m: FromAnalyst): void {
    if (m.kind === "error") {
      this.options.onError(m.what, m.message);
      return;
    }
    // An answer to a request asked besides the job (`ask`): the job goes on.
    const asked = m.kind === "answer" ? a.asked.get(m.id) : undefined;
    if (asked) {
      a.asked.delete(asked.id);
      this.answered(asked, m as FromAnalyst & { kind: "answer" });
      this.pump();
      return;
    }
    const job = a.job;
    a.job = undefined;
    if (m.kind === "analysed" && job?.kind === "analyse") this.analysed(a, job, m);
    else if (m.kind === "index" && job?.kind === "makeIndex") this.indexed(a, job, m);
    else if (m.kind === "answer" && job?.kind === "request") this.answered(job, m);
    else if (m.kind === "answer" && job?.kind === "fileSymbols") job.settle(m.result);
    this.pump();
  }

  private analysed(a: Analyst, job: AnalysisJob, m: FromAnalyst & { kind: "analysed" }): void {
    const d = job.doc;
    if (d.closed) return;
    d.analysing = undefined;
    d.analysedAt = performance.now();
    a.unsettled = true;
    a.holds.set(d.uri, job.version);
    // Its service holds the model now, in place of a read index of the document.
    a.reads.delete(d.uri);
    const result = this.diagnosticsOf(d, job.version, m.result);
    // Not the change to the list held (never seen): the document is analysed afresh, as if opened.
    if (!result) {
      this.open(d.uri);
      return;
    }
    const publish = job.generation === d.generation && d.published !== job.generation;
    const why = publish ? "" : " (not published: superseded or published already)";
    this.options.trace(
      `analysed ${d.uri} version ${job.version} on analyst ${a.index} in ${Math.round(m.ms)} ms${why}`,
    );
    if (publish) {
      d.published = job.generation;
      this.options.publish(d.uri, job.version, result);
    }
    this.prune(d);
  }

  /**
   * A version's diagnostics from what the analyst posted: the whole list, or a change to the list
   * it posted last (`diagnosticsChange`), kept for the next. Every posted list is read, published
   * or not: the analyst's next is told against it. Undefined (reported) if told against another.
   */
  private diagnosticsOf(d: DocState, version: number, posted: PostedDiagnostics): Publication | undefined {
    const list = postedList(d.posted, posted, version);
    if (!list)
      this.options.onError(
        "analyst",
        `${d.uri} version ${version}: diagnostics told against list ${"base" in posted ? posted.base : "?"}, not ${d.posted?.post}, the last posted`,
      );
    d.posted = list;
    return list && { counts: posted.counts, dropped: posted.dropped, diagnostics: list.diagnostics, json: list.json };
  }

  /**
   * The read index the analyst made: handed to the reader (its buffers came transferred), which
   * holds it in place of a model of the document.
   */
  private indexed(a: Analyst, job: IndexJob, m: FromAnalyst & { kind: "index" }): void {
    const d = job.doc;
    const other = this.other(a);
    if (d.closed || !m.index) return;
    this.post(other, { kind: "readIndex", index: m.index }, indexBuffers(m.index));
    other.reads.set(d.uri, m.version);
    this.options.trace(
      `read index of ${d.uri} version ${m.version} made on analyst ${a.index} in ${Math.round(m.ms)} ms, for analyst ${other.index}`,
    );
    this.prune(d);
  }

  /**
   * No model or read index older than the oldest an analyst holds or is making will answer again,
   * nor be analysed from: the changes before it can go. (An analyst that holds no model of the
   * document is sent its whole text.)
   */
  private prune(d: DocState): void {
    const versions = this.analysts.flatMap((x) => {
      const making =
        (x.job?.kind === "analyse" || x.job?.kind === "makeIndex") && x.job.doc === d ? [x.job.version] : [];
      const held = this.reading(x, d.uri);
      return [...(held === undefined ? [] : [held]), ...making];
    });
    if (versions.length) this.options.changes.prune(d.uri, Math.min(...versions));
  }

  private answered(job: RequestJob, m: FromAnalyst & { kind: "answer" }): void {
    if (m.error) {
      job.settle(new ResponseError(LSPErrorCodes.RequestFailed, `${job.message.method} failed: ${m.error}`));
      return;
    }
    if (job.doc.closed || m.result === undefined) {
      job.settle(job.empty);
      return;
    }
    if (!job.stale || !job.read) {
      job.settle(m.result);
      return;
    }
    // The ranges are carried into the version the request was sent for: if the document changed
    // again meanwhile, they cannot be.
    const current = this.options.documents.get(job.doc.uri)?.version;
    job.settle(
      current === job.version
        ? job.read(m.result)
        : new ResponseError(LSPErrorCodes.ContentModified, "the document changed"),
    );
  }
}

/** A settle function that works once and then cleans up (the cancellation listener). */
function settleOnce(resolve: (value: unknown) => void, cleanup: () => void): (value: unknown) => void {
  let settled = false;
  return (value) => {
    if (settled) return;
    settled = true;
    cleanup();
    resolve(value);
  };
}

/** The offset of a position inside the document; undefined outside it (as the service answers). */
function validOffset(document: TextDocument, p: Position): number | undefined {
  if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0) return undefined;
  if (p.line >= document.lineCount) return undefined;
  const offset = document.offsetAt(p);
  const back = document.positionAt(offset);
  return back.line === p.line && back.character === p.character ? offset : undefined;
}
