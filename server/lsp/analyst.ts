// An analyst: a worker thread with a language service of its own (server/out/analyst.js). The
// server runs two and gives each one job at a time (server/lsp/analysts.ts): analyse a version of a
// document and return its diagnostics, or answer a request from the model of the version it last
// analysed, each method's answer its feature's (features.ts). Models never leave the thread
// (copying a 10 MB record's model to another thread takes longer than a hover may); only texts,
// requests and answers do.

import { parentPort } from "node:worker_threads";
import type { AnalystMethod, AnalystRequest, AnalystResult, FromAnalyst, ToAnalyst } from "../../shared/threads";
import { createLanguageService, type TextDocumentLike } from "../src/index";
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

/** Open documents, at the version this analyst last analysed: requests are answered against it. */
const docs = new Map<string, TextDocumentLike>();
/**
 * Workspace transcripts that are not open (analyst 0 only). Their versions count down from -1, so
 * that a file's model is never taken for an open document's of the same URI (versions from 0 up).
 */
const files = new Map<string, TextDocumentLike>();
let fileVersion = 0;
const cancelled = new Set<number>();

/**
 * A request's answer from `doc`'s model; for a stale one (`at`), the position is that offset of
 * this analyst's text (server/lsp/stale.ts).
 */
function answer<M extends AnalystMethod>(doc: TextDocumentLike, m: AnalystRequest<M>): AnalystResult<M> {
  const params = m.at === undefined ? m.params : { ...m.params, position: service.model(doc).lines.positionAt(m.at) };
  return (FEATURES[m.method] as Feature<M>).answer(service, doc, params);
}

/** V8's full collection, asked for by the server once it has been idle a while (idle.ts). */
const collect = fullCollection();

port.on("message", (m: ToAnalyst) => {
  switch (m.kind) {
    case "analyse": {
      const t0 = performance.now();
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
      const result = m.modelOnly ? undefined : service.diagnostics(doc, m.settings);
      post({
        kind: "analysed",
        uri: m.uri,
        version: m.version,
        ...(result ? { result } : {}),
        language: service.model(doc).language,
        ms: performance.now() - t0,
      });
      return;
    }
    case "request": {
      const doc = docs.get(m.uri);
      if (!doc) return post({ kind: "answer", id: m.id, result: undefined });
      try {
        // A stale answer: the position comes as an offset of this analyst's text, and the ranges go
        // back as offsets of it (server/lsp/stale.ts).
        const result = answer(doc, m);
        const lines = m.offsets ? service.model(doc).lines : undefined;
        post({ kind: "answer", id: m.id, result: lines ? rangesToOffsets(result, (p) => lines.offsetAt(p)) : result });
      } catch (error) {
        post({ kind: "answer", id: m.id, result: undefined, error: (error as Error).message });
      }
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
      collect?.();
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
