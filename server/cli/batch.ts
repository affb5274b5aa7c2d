// Batch runs of `check`, `outline`, `fix` and `export` over any number of files, in bounded memory:
// the file list is walked as it is needed, each file is let go of once its output is written, and
// with `--jobs N` N worker threads each read and analyse files while this thread prints their
// results in input order (at most a few files' results held at once). `--shard i/n` takes one
// part of a stable partition of the inputs, and `--manifest FILE` records each file done, so that
// a rerun skips what is done and unchanged: what spreads an archive over machines (GNU parallel,
// a Slurm job array, a Kubernetes indexed Job) and resumes an interrupted run.
import { closeSync, constants, fstatSync, openSync, readSync, writeSync } from "node:fs";
import type { Worker } from "node:worker_threads";
import type { BatchSpec, BatchWorkerData, FileResult, FromBatchWorker, ToBatchWorker } from "../../shared/threads";
import { createLanguageService, type LanguageService, parseTeamGlossary } from "../src/index";
import { gathererFor, workFor } from "./commands";
import { CliError, contentHash, type Input, type Io, isFsError, readDocument } from "./files";
import type { FixOptions } from "./fix";
import type { Work } from "./work";

/** The options every batch command takes, parsed in one place (`batchOption`). */
export interface BatchOptions {
  /** Files analysed at once, each in a thread of its own; default: the number of cores. */
  jobs?: number;
  /** This run's part of the inputs: `index` of `count` (0 ≤ index < count). */
  shard?: { index: number; count: number };
  /** The file recording each input done. */
  manifest?: string;
}

/** The number of cores: `node:os`, loaded when first asked (a one-file check never asks). */
const cores = (): number => (require("node:os") as typeof import("node:os")).availableParallelism();

/** The batch options' lines of the usage (made when shown: it names this machine's cores). */
export const batchUsage =
  (): string => `  --jobs N            files analysed at once, each in a thread of its own (default: the
                      number of cores, here ${cores()}); the output is in input order
  --shard I/N         only part I of N (0 ≤ I < N) of the inputs, a stable partition by the
                      file's path under the folder given: N runs with I = 0…N-1 share the work
  --manifest FILE     record each input done (path, SHA-256, status, exit status) in FILE,
                      one JSON line each; a rerun skips the files done and unchanged`;

/**
 * Takes `argv[k]` if it is a batch option (`--jobs N`, `--shard I/N`, `--manifest FILE`, or
 * `--name=value`) into `options`: the index of its last argument, or an error message; undefined
 * when it is not a batch option.
 */
export function batchOption(argv: string[], k: number, options: BatchOptions): number | string | undefined {
  const a = argv[k];
  const m = /^(--jobs|--shard|--manifest)(?:=(.*))?$/s.exec(a);
  if (!m) return undefined;
  const name = m[1];
  const inline = m[2] !== undefined;
  const value = inline ? m[2] : argv[k + 1];
  const next = inline ? k : k + 1;
  if (value === undefined || value === "") return `${name} needs a value`;
  if (name === "--jobs") {
    if (!/^[1-9]\d{0,3}$/.test(value)) return `--jobs must be a number of threads from 1, not '${value}'`;
    options.jobs = Number(value);
  } else if (name === "--shard") {
    const s = /^(\d{1,9})\/(\d{1,9})$/.exec(value);
    const index = Number(s?.[1]);
    const count = Number(s?.[2]);
    if (!s || count < 1 || index >= count)
      return `--shard must be I/N with 0 ≤ I < N (such as 0/4, the first of four), not '${value}'`;
    options.shard = { index, count };
  } else options.manifest = value;
  return next;
}

/**
 * Whether an input is in the shard: FNV-1a (32 bits) of its key — its path under the folder given
 * on the command line — modulo the number of shards. A partition (each input in exactly one
 * shard), the same on every machine and in every run whatever the order the files are found in.
 */
export function inShard(key: string, shard: { index: number; count: number }): boolean {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(key, "utf8")) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % shard.count === shard.index;
}

// ---------------------------------------------------------------------------------------------
// The manifest

/** A manifest line: one input, as the run left it. */
export interface ManifestEntry {
  path: string;
  sha256: string | null;
  /** done: its output written; failed: not read, or not written (a rerun does it again). */
  status: "done" | "failed";
  exit: number;
  /** The command and the options that change its output (`fix --write`): a manifest of another is not taken as done. */
  command: string;
}

/**
 * The manifest: a file of JSON lines, one per input in input order, appended as each file's
 * output is written (a file interrupted half-way has no line; a line cut short by the end of the
 * process is ignored). What it holds for the run's command is read first: the files done, by path
 * and content hash (only those are held, not the file). It is opened through no link and must be
 * a regular file.
 */
export class Manifest {
  private readonly done = new Map<string, { sha256: string; exit: number }>();
  private fd: number | undefined;

  constructor(
    readonly path: string,
    private readonly command: string,
  ) {
    let fd: number;
    try {
      fd = openSync(
        path,
        constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0) | constants.O_NONBLOCK,
        0o666,
      );
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new CliError(
        code === "ELOOP"
          ? `--manifest ${path}: a link: not written through`
          : `--manifest ${path}: ${(e as Error).message}`,
      );
    }
    this.fd = fd;
    if (!fstatSync(fd).isFile()) {
      closeSync(fd);
      this.fd = undefined;
      throw new CliError(`--manifest ${path}: not a regular file`);
    }
    // Read a chunk at a time: a manifest of a million files is not read whole into one string.
    const chunk = Buffer.alloc(1 << 20);
    let rest = "";
    let last = 0x0a;
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n <= 0) break;
      last = chunk[n - 1];
      const lines = (rest + chunk.toString("utf8", 0, n)).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) this.read(line);
    }
    this.read(rest);
    // A last line cut short: the next one starts on a line of its own.
    if (last !== 0x0a) writeSync(fd, "\n");
  }

  private read(line: string): void {
    let e: Partial<ManifestEntry>;
    try {
      e = JSON.parse(line);
    } catch {
      return;
    }
    if (typeof e?.path !== "string" || e.command !== this.command) return;
    if (e.status === "done" && typeof e.sha256 === "string" && typeof e.exit === "number")
      this.done.set(e.path, { sha256: e.sha256, exit: e.exit });
    else this.done.delete(e.path);
  }

  /** The content hash a file had when it was done, if it was. */
  hashDone(path: string): string | undefined {
    return this.done.get(path)?.sha256;
  }

  /** The exit status a file done had. */
  exitDone(path: string): number {
    return this.done.get(path)?.exit ?? 0;
  }

  record(path: string, result: FileResult, exit: number): void {
    if (this.fd === undefined) return;
    const status = result.analysed && exit < 2 ? "done" : "failed";
    const entry: ManifestEntry = { path, sha256: result.hash ?? null, status, exit, command: this.command };
    // One write per line: a line is whole or cut short, never mixed with another.
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** What the manifest calls a run: the command and the options that change what it does to a file. */
export function manifestCommand(spec: BatchSpec): string {
  const options = [
    spec.json ? "--json" : "",
    spec.command === "fix" && spec.write ? "--write" : "",
    spec.command === "fix" && spec.unwrap ? "--unwrap" : "",
    spec.command === "export" ? `--format ${spec.format}` : "",
  ].filter(Boolean);
  return [spec.command, ...options].join(" ");
}

// ---------------------------------------------------------------------------------------------
// One file

/** A language service for a batch run, the team glossary set. */
function batchService(spec: BatchSpec, onError: (message: string) => void): LanguageService {
  const service = createLanguageService({
    onError: (what, e) => onError(`verbatim: internal error in ${what}: ${String(e)}`),
    oneShot: true,
  });
  if (spec.glossary) service.setTeamGlossary(parseTeamGlossary(spec.glossary.text).entries, spec.glossary.path);
  return service;
}

/**
 * Reads a file and runs the command's work on it; the file's result. A file that cannot be read,
 * that the service finds unreadable (binary data, mostly control characters), or whose work
 * fails on the file system's or the user's account, or on a fault of ours, is reported in its
 * result (exit status 2); the run goes on. With `done` (the hash the manifest holds), a file whose
 * content has that hash is skipped. Nothing of the file is kept once its result is made.
 */
export function processFile(
  service: LanguageService,
  work: Work,
  file: string,
  spec: Pick<BatchSpec, "manifest">,
  done?: string,
  /** The result to fill (what the service reports of its own faults may go into it meanwhile). */
  result: FileResult = { lines: [], exit: 0, analysed: false },
): FileResult {
  const io: Io = { out: (s) => result.lines.push([0, s]), err: (s) => result.lines.push([1, s]) };
  const fail = (message: string) => {
    io.err(`verbatim: ${message}`);
    result.exit = 2;
  };
  let uri: string | undefined;
  try {
    const read = readDocument(file);
    uri = read.doc.uri;
    if (spec.manifest || done !== undefined) result.hash = contentHash(read.bytes);
    if (done !== undefined && done === result.hash) return { ...result, skipped: true };
    const unreadable = service.model(read.doc).unreadable;
    if (unreadable) fail(`${file}: ${unreadable.replace(/\.$/, "")}: skipped`);
    else {
      result.analysed = true;
      work(read.doc, file, read, io, result);
    }
  } catch (e) {
    if (e instanceof CliError) fail(e.message);
    else if (isFsError(e)) fail(`${file}: ${e.message}`);
    else fail(`${file}: internal error: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    if (uri !== undefined) service.forget(uri);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// The run

/** Files whose results may wait, per thread, for an earlier file's to be printed. */
const AHEAD_PER_JOB = 4;

/**
 * Runs a batch command over the inputs: their output in input order (each file's lines together),
 * the command's summary, then how many files the manifest found done. The exit status: the
 * highest of the files' (those skipped: as recorded) and the command's. With one job, or one file,
 * in this thread (synchronously); else in `jobs` worker threads.
 */
export function runBatch(
  spec: BatchSpec,
  inputs: Iterable<Input>,
  options: BatchOptions,
  io: Io,
  /** Said before the run: what prevents it, once the first files are known (several: more than one). */
  check?: (several: boolean) => string | undefined,
  /** The service to run in this thread (tests pass their own). */
  service?: LanguageService,
): number | Promise<number> {
  const { shard } = options;
  const listed = inputs[Symbol.iterator]();
  const next = (): Input | undefined => {
    for (;;) {
      const n = listed.next();
      if (n.done) return undefined;
      if (!shard || inShard(n.value.key, shard)) return n.value;
    }
  };
  // The first two inputs tell whether there are several.
  const first: Input[] = [];
  for (let k = 0; k < 2; k++) {
    const input = next();
    if (input) first.push(input);
  }
  const problem = check?.(first.length > 1);
  if (problem) {
    io.err(`verbatim: ${problem}`);
    return 2;
  }
  const take = () => first.shift() ?? next();
  let manifest: Manifest | undefined;
  if (options.manifest) {
    try {
      manifest = new Manifest(options.manifest, manifestCommand(spec));
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      io.err(`verbatim: ${e.message}`);
      return 2;
    }
  }
  const gatherer = gathererFor(spec, io);
  let status = 0;
  let skipped = 0;
  const emit = (input: Input, result: FileResult) => {
    if (result.skipped) {
      skipped++;
      status = Math.max(status, manifest?.exitDone(input.path) ?? 0);
      return;
    }
    const exit = gatherer.take(input.path, result);
    manifest?.record(input.path, result, exit);
    status = Math.max(status, exit);
  };
  const finish = () => {
    status = Math.max(status, gatherer.end());
    manifest?.close();
    if (skipped && manifest)
      io.err(
        `verbatim: ${skipped} ${skipped === 1 ? "file" : "files"} done before and unchanged (${manifest.path}): skipped`,
      );
    return status;
  };
  // The cores counted only when there are two files or more to share among them.
  const jobs = first.length < 2 || service ? 1 : (options.jobs ?? cores());
  if (jobs === 1) {
    const here = service ?? batchService(spec, io.err);
    const work = workFor(spec, here);
    try {
      for (let input = take(); input; input = take())
        emit(input, processFile(here, work, input.path, spec, manifest?.hashDone(input.path)));
    } catch (e) {
      manifest?.close();
      throw e;
    }
    return finish();
  }
  const lane = (): Lane => {
    const thread = new BatchThread(spec);
    return { run: (input) => thread.run(input.path, manifest?.hashDone(input.path)), dispose: () => thread.dispose() };
  };
  return inLanes(jobs, take, lane, emit).then(finish, (e) => {
    manifest?.close();
    throw e;
  });
}

/** Where files are run, one at a time: a thread of its own. */
export interface Lane<I extends Input = Input> {
  run(input: I): Promise<FileResult>;
  dispose(): void;
}

/**
 * The files in `jobs` lanes (each a thread), each lane given its next file when it is done, no
 * file started more than `AHEAD_PER_JOB × jobs` files ahead of the first not yet printed: bounded
 * memory however long the list and however slow one file. Results are handed to `emit` in input
 * order. A lane whose run fails (its thread ended: out of memory, a fault) reports the file and
 * is replaced; a failure of `emit` (standard output closed) stops every lane and is thrown.
 * With `weight` (a file's expected cost: its size), a free lane takes the heaviest file of those
 * within that window, not the next: a large file met last no longer leaves the other cores idle
 * while it alone runs. Without it, files start in input order.
 */
export async function inLanes<I extends Input>(
  jobs: number,
  take: () => I | undefined,
  lane: () => Lane<I>,
  emit: (input: I, result: FileResult) => void,
  weight?: (input: I) => number,
): Promise<void> {
  const ahead = AHEAD_PER_JOB * jobs;
  const waiting = new Map<number, { input: I; result: FileResult }>();
  let printed = 0;
  // Files taken from the list (their index is their place in it), and those not started yet.
  let pulled = 0;
  let listEnded = false;
  const queue: { input: I; index: number; weight: number }[] = [];
  /** The next file to start, with its index; undefined when none may start now (or none is left). */
  const next = (): { input: I; index: number } | undefined => {
    while (!listEnded && pulled < printed + ahead && (weight || queue.length === 0)) {
      const input = take();
      if (!input) {
        listEnded = true;
        break;
      }
      queue.push({ input, index: pulled++, weight: weight ? weight(input) : 0 });
    }
    if (!queue.length) return undefined;
    let k = 0;
    for (let j = 1; j < queue.length; j++) if (queue[j].weight > queue[k].weight) k = j;
    return queue.splice(k, 1)[0];
  };
  let wakers: (() => void)[] = [];
  let failure: unknown;
  const flush = () => {
    for (let w = waiting.get(printed); w; w = waiting.get(printed)) {
      waiting.delete(printed);
      printed++;
      emit(w.input, w.result);
    }
    const wake = wakers;
    wakers = [];
    for (const w of wake) w();
  };
  const run = async () => {
    let here: Lane<I> | undefined;
    try {
      for (;;) {
        let taken = failure === undefined ? next() : undefined;
        while (!taken && !(listEnded && queue.length === 0) && failure === undefined) {
          await new Promise<void>((resolve) => wakers.push(resolve));
          if (failure === undefined) taken = next();
        }
        if (failure !== undefined || !taken) return;
        const { input, index } = taken;
        here ??= lane();
        let result: FileResult;
        try {
          result = await here.run(input);
        } catch (e) {
          here.dispose();
          here = undefined;
          result = {
            lines: [[1, `verbatim: ${input.path}: internal error: ${e instanceof Error ? e.message : String(e)}`]],
            exit: 2,
            analysed: false,
          };
        }
        waiting.set(index, { input, result });
        flush();
      }
    } catch (e) {
      failure ??= e;
      for (const w of wakers.splice(0)) w();
    } finally {
      here?.dispose();
    }
  };
  await Promise.all(Array.from({ length: jobs }, run));
  if (failure !== undefined) throw failure;
}

/** A worker thread running the command on the files it is given, one at a time. */
class BatchThread {
  private readonly worker: Worker;
  private pending: { id: number; resolve: (r: FileResult) => void; reject: (e: Error) => void } | undefined;
  private ids = 0;

  constructor(spec: BatchSpec) {
    // node:worker_threads loaded here, not when the command line starts (most runs have no thread).
    const { Worker: Thread } = require("node:worker_threads") as typeof import("node:worker_threads");
    // This module, in the bundle (server/out/cli.js) or run from its source by the tests; the
    // variable tells the thread what it is before node:worker_threads is loaded.
    this.worker = new Thread(__filename, {
      workerData: { role: "batch", spec } satisfies BatchWorkerData,
      env: { ...process.env, [THREAD_VARIABLE]: "1" },
    });
    this.worker.on("message", (m: FromBatchWorker) => {
      const p = this.pending;
      if (p?.id !== m.id) return;
      this.pending = undefined;
      p.resolve(m.result);
    });
    const fail = (e: Error) => {
      const p = this.pending;
      this.pending = undefined;
      p?.reject(e);
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`the thread stopped (exit ${code})`)));
  }

  run(path: string, done: string | undefined): Promise<FileResult> {
    return new Promise((resolve, reject) => {
      const id = ++this.ids;
      this.pending = { id, resolve, reject };
      this.worker.postMessage({ id, path, ...(done !== undefined ? { done } : {}) } satisfies ToBatchWorker);
    });
  }

  dispose(): void {
    this.pending = undefined;
    void this.worker.terminate();
  }
}

/** In a batch thread: runs the command on each file the main thread sends, one at a time. */
function batchThread(spec: BatchSpec, port: import("node:worker_threads").MessagePort | null): void {
  if (!port) return;
  let current: FileResult | undefined;
  const service = batchService(spec, (message) => current?.lines.push([1, message]));
  const work = workFor(spec, service);
  port.on("message", (m: ToBatchWorker) => {
    current = { lines: [], exit: 0, analysed: false };
    const result = processFile(service, work, m.path, spec, m.done, current);
    current = undefined;
    port.postMessage({ id: m.id, result } satisfies FromBatchWorker);
  });
}

/** Set in a batch thread's environment (a copy of the process's). */
const THREAD_VARIABLE = "VERBATIM_BATCH_THREAD";

/**
 * Whether this module runs in a batch thread, which then serves the main thread: its variable set
 * and, to be sure (a user may set the variable), a worker thread started as one.
 */
export const inBatchThread: boolean = (() => {
  if (process.env[THREAD_VARIABLE] !== "1") return false;
  const threads = require("node:worker_threads") as typeof import("node:worker_threads");
  const data = threads.workerData as BatchWorkerData | undefined;
  if (threads.isMainThread || data?.role !== "batch") return false;
  batchThread(data.spec, threads.parentPort);
  return true;
})();

/** `verbatim fix` on these files with this service, in this thread: the exit status. */
export function fix(service: LanguageService, files: string[], options: FixOptions, io: Io): number {
  const spec: BatchSpec = { command: "fix", format: "json", color: false, manifest: false, ...options };
  return runBatch(
    spec,
    files.map((path) => ({ path, key: path })),
    { jobs: 1 },
    io,
    undefined,
    service,
  ) as number;
}
