// An analyst: a worker thread with a language service of its own (server/out/analyst.js). The
// server runs two and gives each one job at a time (server/lsp/analysts.ts): analyse a version of a
// document and return its diagnostics, or answer a request from the model of the version it last
// analysed, each method's answer its feature's (features.ts) — one that waits for the version being
// analysed is answered between the parse and the rules —; or make the read index of the model
// it holds for the other analyst, or hold such an index and answer reads from it. Models never
// leave the thread (copying a 10 MB record's model to another thread takes longer than a hover
// may); only texts, requests, answers and read indexes (their buffers transferred) do.

import { parentPort } from "node:worker_threads";
import type { AnalystMethod, AnalystRequest, AnalystResult, FromAnalyst, ToAnalyst } from "../../shared/threads";
import {
  createLanguageService,
  indexBuffers,
  REHEARSAL_URI,
  rehearsal,
  type TextDocumentLike,
  type VerbatimSettings,
} from "../src/index";
import { FEATURES, type Feature } from "./features";
import { fullCollection } from "./idle";
import { applyEdits, rangesToOffsets } from "./stale";

const port = parentPort;
if (!port) throw new Error("analyst.js runs as a worker thread of the language server");
const post = (message: FromAnalyst) => port.postMessage(message);

const service = createLanguageService({
  onError: (what, error) =>
    post({ kind: "error", what, message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
});

// What a first analysis reads (the English lexicon, the built-in glossary, the States) is read
// while the thread waits for its first document, not while the editor waits for its diagnostics.
// The message that comes meanwhile is taken once it is read.
setImmediate(() => service.prepare("en"));

/**
 * Open documents, at the version this analyst last analysed, or of the read index it was given
 * last (server/src/readIndex.ts): requests are answered against it.
 */
const docs = new Map<string, TextDocumentLike>();
/**
 * Workspace transcripts that are not open (analyst 0 only). Their versions count down from -1, so
 * that a file's model is never taken for an open document's of the same URI (versions from 0 up).
 */
const files = new Map<string, TextDocumentLike>();
let fileVersion = 0;
const cancelled = new Set<number>();
/** The documents of `docs` that stand for a read index, not a model. */
const indexed = new WeakSet<TextDocumentLike>();

/**
 * A request's answer from `doc`'s model; for a stale one (`at`), the position is that offset of
 * this analyst's text (server/lsp/stale.ts).
 */
function answer<M extends AnalystMethod>(doc: TextDocumentLike, m: AnalystRequest<M>): AnalystResult<M> {
  // A read index answers the recent reads only: the others need the text or what it leaves out.
  if (indexed.has(doc) && FEATURES[m.method].freshness !== "recent")
    throw new Error(`${m.method} is not answered from a read index`);
  const params = m.at === undefined ? m.params : { ...m.params, position: service.model(doc).lines.positionAt(m.at) };
  return (FEATURES[m.method] as Feature<M>).answer(service, doc, params);
}

/** Answers a request from `doc`'s model (an error goes back as the answer's). */
function respond(doc: TextDocumentLike, m: AnalystRequest): void {
  try {
    // A stale answer: the position comes as an offset of this analyst's text, and the ranges go
    // back as offsets of it (server/lsp/stale.ts).
    const result = answer(doc, m);
    const lines = m.offsets ? service.model(doc).lines : undefined;
    post({ kind: "answer", id: m.id, result: lines ? rangesToOffsets(result, (p) => lines.offsetAt(p)) : result });
  } catch (error) {
    post({ kind: "answer", id: m.id, result: undefined, error: (error as Error).message });
  }
}

/** V8's full collection, asked for by the server once it has been idle a while (idle.ts). */
const collect = fullCollection();

/**
 * What the thread does once the server has been idle a second (its "collect", idle.ts), before the
 * collection, one step per turn of the event loop so that a message that comes meanwhile waits for
 * one step at most: each document analysed once and not edited since is primed for its first edit
 * (`LanguageService.prime`), and, once per thread, the edit path is rehearsed on a copy of a
 * record's start (server/src/rehearsal.ts). A server's first edits of a 1 MB record cost 3 to 6
 * times a later one's otherwise: the lists each pass takes over from the previous version made for
 * the first time, the code that takes them over not yet compiled. Not at once after the
 * diagnostics: records opened one after another would wait for it. An analysis that comes ends the
 * idle work and the collection with it (the next idle second does both); after an edit's analysis
 * the rehearsal is not needed any more (the edits compile the code as it would), and an
 * interrupted one is tried once more at most.
 */
let rehearsed = false;
/** Rehearsals begun: one interrupted is begun again once, not at every idle second. */
let rehearsals = 0;
/** The idle work under way: its steps, each called until it says it is done. */
let idleWork: (() => boolean)[] | undefined;
/** The settings of the last analysis: the priming's and rehearsal's rules run as the next edit's will. */
let lastSettings: VerbatimSettings | undefined;

function startIdleWork(then: () => void): void {
  if (idleWork) return;
  const steps: (() => boolean)[] = [];
  for (const [uri, doc] of docs)
    if (!indexed.has(doc))
      steps.push(() => {
        service.prime(uri, lastSettings);
        return false;
      });
  const sample = rehearsed || rehearsals >= 2 ? undefined : [...docs.values()].find((d) => !indexed.has(d));
  const rehearse = sample ? rehearsal(service, sample.getText(), lastSettings) : undefined;
  if (rehearse) rehearsals++;
  if (rehearse)
    steps.push(() => {
      const more = rehearse();
      if (!more) rehearsed = true;
      return more;
    });
  steps.push(() => {
    then();
    return false;
  });
  const work = steps;
  idleWork = work;
  const next = () => {
    if (idleWork !== work) return;
    try {
      if (!work[0]()) work.shift();
    } catch (error) {
      // The idle work is only ever a head start: a failure is reported and ends it, all but the
      // collection (unless the collection failed).
      post({
        kind: "error",
        what: "idle work",
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      work.splice(0, work.length > 1 ? work.length - 1 : 1);
    }
    if (work.length) setImmediate(next);
    else idleWork = undefined;
  };
  setImmediate(next);
}

/** An analysis comes: the idle work stops (a rehearsal half done is forgotten). */
function stopIdleWork(edit: boolean): void {
  if (edit) rehearsed = true;
  if (!idleWork) return;
  idleWork = undefined;
  service.forget(REHEARSAL_URI);
}

port.on("message", (m: ToAnalyst) => {
  switch (m.kind) {
    case "analyse": {
      const t0 = performance.now();
      stopIdleWork(m.edits !== undefined);
      lastSettings = m.settings;
      // A read index of the document (the other analyst held its model) gives way to a model: the
      // version may be the index's own (that analyst was restarted), which the index cannot analyse.
      // Else what the previous version's analysis left for later, if the analyst had no time for
      // it: this version's analysis corrects it.
      const held = docs.get(m.uri);
      if (held && indexed.has(held)) service.forget(m.uri);
      else if (held) service.settle(m.uri);
      const text =
        m.text ??
        (m.bytes
          ? Buffer.from(m.bytes).toString("utf16le")
          : applyEdits(docs.get(m.uri)?.getText() ?? "", m.edits ?? []));
      const doc = {
        uri: m.uri,
        version: m.version,
        getText: () => text,
        ...(m.ocrWords ? { ocrWords: m.ocrWords } : {}),
      };
      docs.set(m.uri, doc);
      // The parse, then the requests that wait for this version's model (an outline asked with
      // didOpen) — those sent with the job, and those that came during the parse, read before
      // the rules run: the turn of the event loop between takes every message already come.
      const language = service.model(doc).language;
      for (const r of m.requests ?? []) respond(doc, r);
      setImmediate(() => {
        const held = docs.get(m.uri);
        // Forgotten meanwhile (closed): the server publishes nothing for it, and nothing is kept.
        // Given a read index meanwhile: the analysis's model takes its place again.
        if (held && held !== doc) docs.set(m.uri, doc);
        const result = held ? service.diagnostics(doc, m.settings) : { diagnostics: [], counts: {}, dropped: 0 };
        post({ kind: "analysed", uri: m.uri, version: m.version, result, language, ms: performance.now() - t0 });
      });
      return;
    }
    case "makeIndex": {
      const t0 = performance.now();
      const doc = docs.get(m.uri);
      const index = doc?.version === m.version ? service.readIndex(doc) : undefined;
      const message: FromAnalyst = {
        kind: "index",
        uri: m.uri,
        version: m.version,
        ...(index ? { index } : {}),
        ms: performance.now() - t0,
      };
      port.postMessage(message, index ? indexBuffers(index) : []);
      return;
    }
    case "readIndex": {
      const doc = service.adoptIndex(m.index);
      indexed.add(doc);
      docs.set(m.index.uri, doc);
      return;
    }
    case "request": {
      const doc = docs.get(m.uri);
      if (!doc) return post({ kind: "answer", id: m.id, result: undefined });
      respond(doc, m);
      return;
    }
    case "fileSymbols":
      void fileSymbols(m.id, m.query, m.uris);
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
      service.forget(m.uri);
      return;
    case "glossary":
      service.setTeamGlossary(m.entries, m.file);
      return;
    case "referenceDate":
      service.setReferenceDate(m.value);
      return;
    case "collect":
      startIdleWork(() => collect?.());
      return;
    case "settle":
      for (const uri of docs.keys()) service.settle(uri);
      return;
  }
});

/**
 * Speeches of the workspace files for workspace symbols: each file not yet analysed is parsed, one
 * at a time, with a turn of the event loop between, so that a cancellation stops the work.
 */
async function fileSymbols(id: number, query: string, uris: string[]): Promise<void> {
  const result: Record<string, AnalystResult<"workspaceSymbol">> = {};
  for (const uri of uris) {
    await new Promise((resolve) => setImmediate(resolve));
    if (cancelled.delete(id)) return post({ kind: "answer", id, result: undefined });
    const file = files.get(uri);
    if (file) result[uri] = FEATURES.workspaceSymbol.answer(service, file, { query });
  }
  cancelled.delete(id);
  post({ kind: "answer", id, result });
}
