// An analyst: a worker thread with a language service of its own (server/out/analyst.js). The
// server runs two and gives each one job at a time (server/lsp/analysts.ts): analyse a version of a
// document and return its diagnostics, or answer a request from the model of the version it last
// analysed. Models never leave the thread (copying a 10 MB record's model to another thread takes
// longer than a hover may); only texts, requests and answers do.

import { parentPort } from "node:worker_threads";
import type { Position } from "vscode-languageserver/node";
import { createLanguageService, type TextDocumentLike } from "../src/index";
import type { FromAnalyst, ToAnalyst } from "./analysts";
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

type Params = Record<string, unknown> & { position: Position };

const REQUESTS = {
  hover: (doc: TextDocumentLike, p: Params) => service.hover(doc, p.position),
  documentHighlight: (doc: TextDocumentLike, p: Params) => service.documentHighlights(doc, p.position),
  definition: (doc: TextDocumentLike, p: Params) => service.definition(doc, p.position),
  references: (doc: TextDocumentLike, p: Params) => service.references(doc, p.position, p.includeDeclaration === true),
  completion: (doc: TextDocumentLike, p: Params) => service.completion(doc, p.position),
  prepareRename: (doc: TextDocumentLike, p: Params) => service.prepareRename(doc, p.position),
  rename: (doc: TextDocumentLike, p: Params) => service.rename(doc, p.position, String(p.newName)),
  documentSymbol: (doc: TextDocumentLike) => service.documentSymbols(doc),
  foldingRange: (doc: TextDocumentLike) => service.foldingRanges(doc),
  documentLink: (doc: TextDocumentLike) => service.documentLinks(doc),
  semanticTokens: (doc: TextDocumentLike) => service.semanticTokens(doc),
  codeAction: (doc: TextDocumentLike, p: Params) =>
    service.codeActions(doc, p.range as never, p.context as Parameters<typeof service.codeActions>[2]),
  codeLens: (doc: TextDocumentLike, p: Params) => service.codeLenses(doc, Number(p.wordsPerMinute)),
  speakers: (doc: TextDocumentLike) => service.speakers(doc),
  safeFixes: (doc: TextDocumentLike) => service.safeFixes(doc),
  unwrap: (doc: TextDocumentLike) => service.unwrap(doc),
  workspaceSymbol: (doc: TextDocumentLike, p: Params) => service.workspaceSymbols(String(p.query), [doc]),
};
export type AnalystMethod = keyof typeof REQUESTS;

port.on("message", (m: ToAnalyst) => {
  switch (m.kind) {
    case "analyse": {
      const t0 = performance.now();
      const text =
        m.text ??
        (m.bytes
          ? Buffer.from(m.bytes).toString("utf16le")
          : applyEdits(docs.get(m.uri)?.getText() ?? "", m.edits ?? []));
      const doc = { uri: m.uri, version: m.version, getText: () => text };
      docs.set(m.uri, doc);
      const result = service.diagnostics(doc, m.settings);
      post({
        kind: "analysed",
        uri: m.uri,
        version: m.version,
        result,
        language: service.model(doc).language,
        ms: performance.now() - t0,
      });
      return;
    }
    case "request": {
      const doc = docs.get(m.uri);
      if (!doc) return post({ kind: "answer", id: m.id, result: undefined });
      try {
        const params = m.params as Params;
        // A stale answer: the position comes as an offset of this analyst's text, and the ranges go
        // back as offsets of it (server/lsp/stale.ts).
        if (m.at !== undefined) params.position = service.model(doc).lines.positionAt(m.at);
        const result = REQUESTS[m.method](doc, params);
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
  }
});

/**
 * Speeches of the workspace files for workspace symbols: each file not yet analysed is parsed, one
 * at a time, with a turn of the event loop between, so that a cancellation stops the work.
 */
async function fileSymbols(id: number, query: string, uris: string[]): Promise<void> {
  const result: Record<string, unknown[]> = {};
  for (const uri of uris) {
    await new Promise((resolve) => setImmediate(resolve));
    if (cancelled.delete(id)) return post({ kind: "answer", id, result: undefined });
    const file = files.get(uri);
    if (file) result[uri] = service.workspaceSymbols(query, [file]);
  }
  cancelled.delete(id);
  post({ kind: "answer", id, result });
}
