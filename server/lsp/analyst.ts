// An analyst: a language service of its own (server/out/analyst.js) in a worker thread. The
// server gives it one job at a time (server/lsp/analysts.ts): analyse a version of a document and
// return its diagnostics, or answer a request from the model of the version it last analysed,
// each method's answer its feature's (features.ts) — one that waits for the version being
// analysed is answered between the parse and the rules —; or make the read index of the model it
// holds for the reader, or hold such an index and answer reads from it. Models never leave the
// thread (copying a 10 MB record's model to another thread takes longer than a hover may); only
// texts, requests, answers and read indexes (their buffers transferred) do.
//
// The same code answers reads from a long record's read index in the server's main thread (the
// reader, `analyst(post, { reader: true })`, loaded by analysts.ts from this bundle): a read
// index needs no thread of its own, and a worker thread's isolate costs some 15 MiB.

import { parentPort } from "node:worker_threads";
import type {
  AnalystMethod,
  AnalystRequest,
  AnalystResult,
  DiagnosticsResult,
  FromAnalyst,
  PostedDiagnostics,
  ToAnalyst,
} from "../../shared/threads";
import {
  createLanguageService,
  type EditedFrom,
  FIRST_ANALYSES,
  FIRST_ANALYSES_MAX_HELD,
  firstAnalysis,
  indexBuffers,
  type LanguageService,
  REHEARSAL_URI,
  rehearsal,
  type TextDocumentLike,
  type VerbatimSettings,
} from "../src/index";
import { diagnosticsChange, type PostedList } from "./diagnosticsChange";
import { FEATURES, type Feature } from "./features";
import { fullCollection } from "./idle";
import { applyEdits, keptAround, rangesToOffsets } from "./stale";

/**
 * Writes V8's code cache of this bundle (server/cli/launch.ts, which runs the built analyst and
 * gives it through `saveCodeCacheWith`), once: after the first idle work, when the functions an
 * analysis and an edit run are compiled, so that the next server's analyst starts with their
 * bytecode (bench/RESULTS.md, "The editor's waits"). Undefined when not run by the launcher (tests,
 * benchmarks from the sources) or once written.
 */
let saveCodeCache: (() => void) | undefined;

/** The launcher's (launch.ts) way to write the bundle's code cache: called once the work is compiled. */
export function saveCodeCacheWith(save: () => void): void {
  saveCodeCache = save;
}

/** How an analyst sends a message to the server's scheduler (analysts.ts). */
export type AnalystPost = (message: FromAnalyst, transfer?: ArrayBuffer[]) => void;

/** What an analyst holds: its service and documents, and how it answers. */
interface State {
  service: LanguageService;
  post: AnalystPost;
  /**
   * Open documents, at the version this analyst last analysed, or of the read index it was given
   * last (server/src/readIndex.ts): requests are answered against it.
   */
  docs: Map<string, TextDocumentLike>;
  /**
   * Workspace transcripts that are not open (analyst 0 only). Their versions count down from -1, so
   * that a file's model is never taken for an open document's of the same URI (versions from 0 up).
   */
  files: Map<string, TextDocumentLike>;
  cancelled: Set<number>;
  /** The documents of `docs` that stand for a read index, not a model. */
  indexed: WeakSet<TextDocumentLike>;
  /** The diagnostics last posted for each document (`post`: the how-manyth list): the next are posted as a change to them. */
  posted: Map<string, PostedList>;
  /** The lists of diagnostics posted so far. */
  posts: number;
  /** What the analyst does once the server has been idle a second (`startIdleWork`). */
  idle: IdleState;
}

/** The idle work's state (`startIdleWork`). */
interface IdleState {
  /** The edit path has been rehearsed (or an edit analysed, which compiles it as well). */
  rehearsed: boolean;
  /** Rehearsals begun: one interrupted is begun again once, not at every idle second. */
  rehearsals: number;
  /** Fresh first analyses of a sample made so far (`firstAnalysis`), up to FIRST_ANALYSES once per thread. */
  firstAnalyses: number;
  /** The idle work under way: its steps, each called until it says it is done. */
  work?: (() => boolean)[];
  /** The settings of the last analysis: the priming's and rehearsal's rules run as the next edit's will. */
  settings?: VerbatimSettings;
}

/**
 * An analyst: its language service and documents, and the handler of the scheduler's messages.
 * `reader`: it only holds read indexes and answers reads from them (the main thread's reader):
 * it loads no language data ahead and collects nothing of its own (the main thread does).
 */
export function analyst(post: AnalystPost, { reader = false } = {}): (m: ToAnalyst) => void {
  const service = createLanguageService({
    onError: (what, error) =>
      post({ kind: "error", what, message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  });
  // What a first analysis reads (the English lexicon, the built-in glossary, the States) is read
  // while the thread waits for its first document, not while the editor waits for its diagnostics.
  // The message that comes meanwhile is taken once it is read.
  if (!reader) setImmediate(() => service.prepare("en"));
  const s: State = {
    service,
    post,
    docs: new Map(),
    files: new Map(),
    cancelled: new Set(),
    indexed: new WeakSet(),
    posted: new Map(),
    posts: 0,
    idle: { rehearsed: false, rehearsals: 0, firstAnalyses: 0 },
  };
  const { docs, files, cancelled, indexed } = s;
  let fileVersion = 0;
  /** V8's full collection, asked for by the server once it has been idle a while (idle.ts). */
  const collect = reader ? undefined : fullCollection();

  return (m: ToAnalyst) => {
    switch (m.kind) {
      case "analyse":
        analyse(s, m);
        return;
      case "makeIndex":
        makeIndex(s, m);
        return;
      case "readIndex": {
        const doc = service.adoptIndex(m.index);
        indexed.add(doc);
        docs.set(m.index.uri, doc);
        return;
      }
      case "request": {
        const doc = docs.get(m.uri);
        if (!doc) return post({ kind: "answer", id: m.id, result: undefined });
        respond(s, doc, m);
        return;
      }
      case "fileSymbols":
        void fileSymbols(s, m.id, m.query, m.uris);
        return;
      case "cancel":
        cancelled.add(m.id);
        return;
      case "files":
        for (const f of m.files) files.set(f.uri, { uri: f.uri, version: --fileVersion, getText: () => f.text });
        for (const uri of m.removed) {
          files.delete(uri);
          if (!docs.has(uri)) service.forget(uri);
        }
        return;
      case "forget":
        docs.delete(m.uri);
        s.posted.delete(m.uri);
        service.forget(m.uri);
        return;
      case "glossary":
        service.setTeamGlossary(m.entries, m.file);
        return;
      case "referenceDate":
        service.setReferenceDate(m.value);
        return;
      case "collect":
        // The reader holds indexes only: nothing to ready, and the main thread collects.
        if (!reader) startIdleWork(s, () => collect?.());
        return;
      case "settle":
        for (const uri of docs.keys()) service.settle(uri);
        return;
    }
  };
}

/**
 * A request's answer from `doc`'s model; for a stale one (`at`), the position is that offset of
 * this analyst's text (server/lsp/stale.ts).
 */
function answer<M extends AnalystMethod>(s: State, doc: TextDocumentLike, m: AnalystRequest<M>): AnalystResult<M> {
  // A read index answers the recent reads only: the others need the text or what it leaves out.
  if (s.indexed.has(doc) && FEATURES[m.method].freshness !== "recent")
    throw new Error(`${m.method} is not answered from a read index`);
  const params = m.at === undefined ? m.params : { ...m.params, position: s.service.model(doc).lines.positionAt(m.at) };
  return (FEATURES[m.method] as Feature<M>).answer(s.service, doc, params);
}

/** Answers a request from `doc`'s model (an error goes back as the answer's). */
function respond(s: State, doc: TextDocumentLike, m: AnalystRequest): void {
  try {
    // A stale answer: the position comes as an offset of this analyst's text, and the ranges go
    // back as offsets of it (server/lsp/stale.ts).
    const result = answer(s, doc, m);
    const lines = m.offsets ? s.service.model(doc).lines : undefined;
    s.post({ kind: "answer", id: m.id, result: lines ? rangesToOffsets(result, (p) => lines.offsetAt(p)) : result });
  } catch (error) {
    s.post({ kind: "answer", id: m.id, result: undefined, error: (error as Error).message });
  }
}

/** Analyses a version: its model, the requests that wait for it, then its diagnostics. */
function analyse(s: State, m: ToAnalyst & { kind: "analyse" }): void {
  const { service, docs } = s;
  const t0 = performance.now();
  stopIdleWork(s, m.edits !== undefined);
  s.idle.settings = m.settings;
  // A read index of the document (the other analyst held its model) gives way to a model: the
  // version may be the index's own (that analyst was restarted), which the index cannot analyse.
  // Else what the previous version's analysis left for later, if the analyst had no time for
  // it: this version's analysis corrects it.
  const held = docs.get(m.uri);
  if (held && s.indexed.has(held)) service.forget(m.uri);
  else if (held) service.settle(m.uri);
  const before = docs.get(m.uri)?.getText() ?? "";
  const text = m.text ?? (m.bytes ? Buffer.from(m.bytes).toString("utf16le") : applyEdits(before, m.edits ?? []));
  // The parse's memo compares the old and new texts only where the edits were; let go once parsed.
  let editedFrom: EditedFrom | undefined =
    m.text === undefined && m.bytes === undefined && m.edits
      ? { from: before, ...keptAround(before.length, m.edits) }
      : undefined;
  const doc = {
    uri: m.uri,
    version: m.version,
    getText: () => text,
    get editedFrom() {
      return editedFrom;
    },
    ...(m.ocrWords ? { ocrWords: m.ocrWords } : {}),
  };
  docs.set(m.uri, doc);
  // The parse, then the requests that wait for this version's model (an outline asked with
  // didOpen) — those sent with the job, and those that came during the parse, read before
  // the rules run: the turn of the event loop between takes every message already come.
  let language: string;
  try {
    language = service.model(doc).language;
  } finally {
    editedFrom = undefined;
  }
  for (const r of m.requests ?? []) respond(s, doc, r);
  setImmediate(() => {
    const held = docs.get(m.uri);
    // Forgotten meanwhile (closed): the server publishes nothing for it, and nothing is kept.
    // Given a read index meanwhile: the analysis's model takes its place again.
    if (held && held !== doc) docs.set(m.uri, doc);
    const result = held ? service.diagnostics(doc, m.settings) : { diagnostics: [], counts: {}, dropped: 0 };
    s.post({
      kind: "analysed",
      uri: m.uri,
      version: m.version,
      result: posted(s, m.uri, m.version, result),
      language,
      ms: performance.now() - t0,
    });
  });
}

/**
 * A version's diagnostics as posted: as a change to those last posted for the document, when it
 * keeps some of them (server/lsp/diagnosticsChange.ts); the main thread keeps that list too.
 */
function posted(s: State, uri: string, version: number, result: DiagnosticsResult): PostedDiagnostics {
  const previous = s.posted.get(uri);
  const post = ++s.posts;
  s.posted.set(uri, { post, diagnostics: result.diagnostics });
  const parts = previous && diagnosticsChange(previous.diagnostics, result.diagnostics, version);
  if (!previous || !parts) return { ...result, post };
  return { counts: result.counts, dropped: result.dropped, post, parts, base: previous.post };
}

/**
 * What the thread does once the server has been idle a second (its "collect", idle.ts), one step
 * per turn of the event loop so that a message that comes meanwhile waits for one step at most:
 * each document analysed once and not edited since is primed for its first edit
 * (`LanguageService.prime`), and, once per thread, the edit path is rehearsed on a copy of a
 * record's start (server/src/rehearsal.ts); then the collection; then, once per thread, that copy
 * is analysed afresh FIRST_ANALYSES times over the idle seconds (`firstAnalysis`: a fresh server's
 * first analyses warm up over several records, V8 optimising the parse and the rules as they run)
 * and the code cache is written. A server's first edits of a 1 MB record cost 3 to 6 times a later
 * one's otherwise: the lists each pass takes over from the previous version made for the first
 * time, the code that takes them over not yet compiled. Not at once after the diagnostics: records
 * opened one after another would wait for it. An analysis that comes ends the idle work, the
 * collection with it if it had not come (the next idle second does both); after an edit's
 * analysis the rehearsal is not needed any more (the edits compile the code as it would), and an
 * interrupted one is tried once more at most.
 */
function startIdleWork(s: State, then: () => void): void {
  const { service, docs, indexed, idle } = s;
  if (idle.work) return;
  const steps: (() => boolean)[] = [];
  // The documents whose model this thread holds (not a read index's).
  const held = [...docs.values()].filter((d) => !indexed.has(d));
  for (const doc of held)
    steps.push(() => {
      service.prime(doc.uri, idle.settings);
      return false;
    });
  const sample = idle.rehearsed || idle.rehearsals >= 2 ? undefined : held[0];
  const rehearse = sample ? rehearsal(service, sample.getText(), idle.settings) : undefined;
  if (rehearse) {
    idle.rehearsals++;
    steps.push(() => {
      const more = rehearse();
      if (!more) idle.rehearsed = true;
      return more;
    });
  }
  // The collection, then what only warms the next server or record: the heap given back as soon
  // as before (a 10 MB record's compacting collection, some hundreds of milliseconds in one step,
  // pushed later met the first keystroke).
  const collection = () => {
    then();
    return false;
  };
  steps.push(collection);
  // First analyses of a sample, one a step, until the thread has made FIRST_ANALYSES (those an
  // interruption cut short are made in the next idle seconds): the next record opened finds the
  // parse and the rules optimised. Not while the thread holds a long record (FIRST_ANALYSES_MAX_HELD).
  const first =
    idle.firstAnalyses < FIRST_ANALYSES && held.reduce((n, d) => n + d.getText().length, 0) < FIRST_ANALYSES_MAX_HELD
      ? held[0]
      : undefined;
  const analyseFirst = first ? firstAnalysis(service, first.getText(), idle.settings) : undefined;
  if (analyseFirst)
    steps.push(() => {
      analyseFirst();
      return ++idle.firstAnalyses < FIRST_ANALYSES;
    });
  // The code cache, once per process (a cache read at start is not written again): the rehearsal
  // has compiled the edit path by then, if the record was long enough for one. Not before a
  // first analysis: the cache would hold little more than the top level.
  if (saveCodeCache && idle.settings !== undefined)
    steps.push(() => {
      const save = saveCodeCache;
      saveCodeCache = undefined;
      save?.();
      return false;
    });
  const work = steps;
  idle.work = work;
  const next = () => {
    if (idle.work !== work) return;
    try {
      if (!work[0]()) work.shift();
    } catch (error) {
      // The idle work is only ever a head start: a failure is reported and ends it, all but the
      // collection if it is still to come.
      s.post({
        kind: "error",
        what: "idle work",
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      const at = work.indexOf(collection);
      work.splice(0, at > 0 ? at : work.length);
    }
    if (work.length) setImmediate(next);
    else idle.work = undefined;
  };
  setImmediate(next);
}

/** An analysis comes: the idle work stops (a rehearsal half done is forgotten). */
function stopIdleWork(s: State, edit: boolean): void {
  if (edit) s.idle.rehearsed = true;
  if (!s.idle.work) return;
  s.idle.work = undefined;
  s.service.forget(REHEARSAL_URI);
}

/** The read index of the version held, for the reader (its buffers transferred). */
function makeIndex(s: State, m: ToAnalyst & { kind: "makeIndex" }): void {
  const t0 = performance.now();
  const doc = s.docs.get(m.uri);
  const index = doc?.version === m.version ? s.service.readIndex(doc) : undefined;
  const message: FromAnalyst = {
    kind: "index",
    uri: m.uri,
    version: m.version,
    ...(index ? { index } : {}),
    ms: performance.now() - t0,
  };
  s.post(message, index ? indexBuffers(index) : []);
}

/**
 * Speeches of the workspace files for workspace symbols: each file not yet analysed is parsed, one
 * at a time, with a turn of the event loop between, so that a cancellation stops the work.
 */
async function fileSymbols(s: State, id: number, query: string, uris: string[]): Promise<void> {
  const result: Record<string, AnalystResult<"workspaceSymbol">> = {};
  for (const uri of uris) {
    await new Promise((resolve) => setImmediate(resolve));
    if (s.cancelled.delete(id)) return s.post({ kind: "answer", id, result: undefined });
    const file = s.files.get(uri);
    if (file) result[uri] = FEATURES.workspaceSymbol.answer(s.service, file, { query });
  }
  s.cancelled.delete(id);
  s.post({ kind: "answer", id, result });
}

// Run as a worker thread's script (analysts.ts starts them): an analyst of its own. Loaded by
// another script (the main thread's reader, or a server itself run in a worker), this bundle
// only gives `analyst`.
const port = parentPort;
if (port && require.main === module) {
  const handle = analyst((message, transfer = []) => port.postMessage(message, transfer));
  port.on("message", handle);
}
