import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type CancellationToken, ResponseError } from "vscode-languageserver/node";
import { type DispatchContext, documentHandler } from "../../server/lsp/dispatch";
import { FEATURES, type Feature } from "../../server/lsp/features";
import { pdfBytes, pdfHandlers } from "../../server/lsp/pdfRequests";
import { PdfCancelled } from "../../server/lsp/pdfs";
import { publisher } from "../../server/lsp/publish";
import { WorkspaceSymbols } from "../../server/lsp/workspaceSymbols";
import { DEFAULT_SETTINGS, type TextDocumentLike } from "../../server/src/index";
import { MESSAGES } from "../../shared/protocol";
import type { AnalystMethod, AnalystParams } from "../../shared/threads";
import { doc, readSample, service } from "./helpers";

// The server's request handling alone, each part with stand-ins for the connection and the
// threads: the feature table's handlers (server/lsp/dispatch.ts) answered by a real service from
// a real record, workspace symbols, the PDF requests and publishing.

const INVALID_PARAMS = -32602;
const CANCELLED = -32800;

function token(cancelled = false): CancellationToken {
  return { isCancellationRequested: cancelled, onCancellationRequested: () => ({ dispose() {} }) };
}

/** Analysts that answer at once from one service, as a thread would from its model. */
function analysts(docs: Map<string, TextDocumentLike>, calls: string[] = []): DispatchContext["analysts"] {
  return {
    request: async (freshness, method, uri, params, _token, empty) => {
      calls.push(`${freshness} ${method}`);
      const d = docs.get(uri);
      if (!d) return empty;
      return (FEATURES[method] as Feature<AnalystMethod>).answer(service(), d, params as AnalystParams<AnalystMethod>);
    },
  };
}

const record = readSample("S_PV.9001.txt");

function context(calls: string[] = []) {
  const refused: string[] = [];
  const d = doc(record, "file:///ws/S_PV.9001.txt");
  const ctx: DispatchContext = {
    analysts: analysts(new Map([[d.uri, d]]), calls),
    settings: () => ({ ...DEFAULT_SETTINGS, wordsPerMinute: 100 }),
    refuse: (method, problem) => {
      refused.push(`${method}: ${problem}`);
      return new ResponseError(INVALID_PARAMS, problem);
    },
    workspace: {},
  };
  return { ctx, refused, uri: d.uri };
}

describe("the feature table's handlers", () => {
  it("answers from the model with the freshness the feature needs, the result as the client reads it", async () => {
    const calls: string[] = [];
    const { ctx, uri } = context(calls);
    const outline = (await documentHandler("documentSymbol", ctx)({ textDocument: { uri } }, token())) as {
      name: string;
    }[];
    assert.equal(outline[0].name, "S/PV.9001");
    assert.ok((JSON.stringify(outline).match(/"name":"The President"/g) ?? []).length >= 2, "the record's speeches");
    const header = record.split("\n").findIndex((l) => /^The President/.test(l));
    const hover = (await documentHandler("hover", ctx)(
      { textDocument: { uri }, position: { line: header, character: 5 } },
      token(),
    )) as { contents: { value: string } } | null;
    assert.match(hover?.contents.value ?? "", /President/);
    const lenses = (await documentHandler("codeLens", ctx)({ textDocument: { uri } }, token())) as unknown[];
    assert.ok(lenses.length > 0);
    assert.deepEqual(calls, ["exact documentSymbol", "recent hover", "exact codeLens"]);
  });

  it("turns a rename's edits into a workspace edit, and none into null", async () => {
    const { ctx, uri } = context();
    const rename = documentHandler("rename", ctx);
    const nowhere = await rename({ textDocument: { uri }, position: { line: 0, character: 0 }, newName: "X" }, token());
    assert.equal(nowhere, null);
  });

  it("refuses parameters of the wrong shape, and answers a document not open with the feature's empty answer", async () => {
    const { ctx, refused, uri } = context();
    const hover = documentHandler("hover", ctx);
    assert.ok((await hover({ textDocument: {} }, token())) instanceof ResponseError);
    assert.ok(
      (await hover({ textDocument: { uri }, position: { line: -1, character: 0 } }, token())) instanceof ResponseError,
    );
    assert.ok((await documentHandler("speakers", ctx)({ textDocument: { uri } }, token())) instanceof ResponseError);
    assert.deepEqual(refused, [
      "hover: no textDocument.uri string",
      "hover: no position of non-negative integers line and character",
      "speakers: no uri string",
    ]);
    assert.deepEqual(await documentHandler("speakers", ctx)({ uri: "file:///closed.txt" }, token()), { groups: [] });
    assert.deepEqual(
      await documentHandler("semanticTokens", ctx)({ textDocument: { uri: "file:///closed.txt" } }, token()),
      {
        data: [],
      },
    );
  });

  it("answers a request cancelled before its turn with RequestCancelled, and does not ask the analysts", async () => {
    const calls: string[] = [];
    const { ctx, uri } = context(calls);
    const answer = await documentHandler("documentSymbol", ctx)({ textDocument: { uri } }, token(true));
    assert.equal((answer as ResponseError<void>).code, CANCELLED);
    assert.deepEqual(calls, []);
  });
});

describe("workspace symbols", () => {
  function symbols(openDocs: TextDocumentLike[]) {
    const sent: { files: string[]; removed: string[] }[] = [];
    const errors: string[] = [];
    const files = new Map<string, string>();
    const ws = new WorkspaceSymbols({
      analysts: {
        ...analysts(new Map(openDocs.map((d) => [d.uri, d]))),
        files: (f, removed) => {
          for (const x of f) files.set(x.uri, x.text);
          for (const uri of removed) files.delete(uri);
          sent.push({ files: f.map((x) => x.uri), removed });
        },
        fileSymbols: async (query, uris) =>
          Object.fromEntries(
            uris.flatMap((uri) => {
              const text = files.get(uri);
              return text === undefined ? [] : [[uri, service().workspaceSymbols(query, [doc(text, uri)])]];
            }),
          ),
      },
      open: () => openDocs.map((d) => d.uri),
      isOpen: (uri) => openDocs.some((d) => d.uri === uri),
      refuse: (method, problem) => new ResponseError(INVALID_PARAMS, `${method}: ${problem}`),
      error: (m) => errors.push(m),
    });
    return { ws, sent, errors };
  }

  it("answers from the workspace files and the open documents, an open document's text before its file's", async () => {
    const open = doc(record.replace(/The President/g, "The Chair"), "file:///ws/open.txt");
    const { ws, sent } = symbols([open]);
    ws.didChangeFiles({
      files: [
        { uri: "file:///ws/a.txt", text: record },
        { uri: open.uri, text: record },
        { uri: 7 as never, text: "" },
      ],
    });
    assert.deepEqual(sent, [{ files: ["file:///ws/a.txt", open.uri], removed: [] }]);
    const uris = async (query: string) =>
      ((await ws.symbols({ query }, token())) as { name: string; location: { uri: string } }[]).map(
        (s) => `${s.location.uri} ${s.name}`,
      );
    const presidents = (await uris("The President")).filter((s) => s.endsWith(" The President"));
    assert.ok(presidents.length >= 2);
    assert.ok(presidents.every((s) => s.startsWith("file:///ws/a.txt ")));
    const chairs = await uris("The Chair");
    assert.ok(chairs.length >= 2);
    assert.ok(chairs.every((s) => s.startsWith(`${open.uri} `)));
    ws.didChangeFiles({ removed: ["file:///ws/a.txt"] });
    assert.ok((await uris("The President")).every((s) => s.startsWith(`${open.uri} `)));
  });

  it("refuses a query that is no string and ignores a list that is none", async () => {
    const { ws, sent, errors } = symbols([]);
    assert.ok((await ws.symbols({ query: 3 }, token())) instanceof ResponseError);
    assert.ok((await ws.symbols(null, token())) instanceof ResponseError);
    ws.didChangeFiles({ files: "a.txt" as never });
    assert.deepEqual(sent, []);
    assert.equal(errors[0], `Verbatim: ${MESSAGES.workspaceFiles.method} ignored: files and removed must be lists`);
    assert.equal(((await ws.symbols({ query: "" }, token(true))) as ResponseError<void>).code, CANCELLED);
  });
});

describe("the PDF requests", () => {
  const pdfs = (work: () => Promise<unknown>) => {
    const calls: string[] = [];
    const fake = {
      import: async (pdf: string) => {
        calls.push(`import ${pdf}`);
        return work();
      },
      link: async (uri: string) => {
        calls.push(`link ${uri}`);
        return work();
      },
      locate: async (uri: string, line: number) => {
        calls.push(`locate ${uri} ${line}`);
        return work();
      },
      pick: async (uri: string, page: number) => {
        calls.push(`pick ${uri} ${page}`);
        return work();
      },
      unlink: (uri: string) => void calls.push(`unlink ${uri}`),
    };
    return { h: pdfHandlers(fake as never), calls };
  };

  it("reads base64 only", () => {
    assert.deepEqual(pdfBytes(Buffer.from("%PDF-1.7").toString("base64")), Buffer.from("%PDF-1.7"));
    assert.equal(pdfBytes("%%% not base64"), null);
    assert.equal(pdfBytes(42), null);
  });

  it("refuses bad parameters without asking the PDF threads", async () => {
    const { h, calls } = pdfs(async () => ({ ok: true }));
    assert.equal(((await h.importPdf({ data: "" }, token())) as { kind: string }).kind, "not-read");
    assert.equal(((await h.linkPdf({ uri: "file:///a.txt", pdf: 3 }, token())) as { kind: string }).kind, "not-read");
    assert.equal(await h.locateInPdf({ uri: "file:///a.txt", line: -1 }, token()), null);
    assert.equal(await h.pickInPdf({ uri: "file:///a.txt", page: 1, x: Number.NaN, y: 0 }, token()), null);
    h.unlinkPdf({ uri: 3 });
    assert.deepEqual(calls, []);
  });

  it("passes the work on, and answers a cancelled import or a failed thread as LSP asks", async () => {
    let outcome: () => Promise<unknown> = async () => ({ page: 1 });
    const { h, calls } = pdfs(() => outcome());
    assert.deepEqual(await h.locateInPdf({ uri: "file:///a.txt", line: 3 }, token()), { page: 1 });
    outcome = () => Promise.reject(new PdfCancelled("cancelled"));
    const data = Buffer.from("%PDF-1.7").toString("base64");
    assert.equal(((await h.importPdf({ pdf: "file:///a.pdf", data }, token())) as ResponseError<void>).code, CANCELLED);
    outcome = () => Promise.reject(new Error("the thread died"));
    const failed = (await h.pickInPdf({ uri: "file:///a.txt", page: 2, x: 1, y: 1 }, token())) as ResponseError<void>;
    assert.match(failed.message, /the PDF thread failed: the thread died/);
    assert.equal(
      ((await h.linkPdf({ uri: "file:///a.txt", pdf: "file:///a.pdf" }, token(true))) as ResponseError<void>).code,
      CANCELLED,
    );
    h.unlinkPdf({ uri: "file:///a.txt" });
    assert.deepEqual(calls, [
      "locate file:///a.txt 3",
      "import file:///a.pdf",
      "pick file:///a.txt 2",
      "unlink file:///a.txt",
    ]);
  });
});

describe("publishing", () => {
  it("sends a version's diagnostics with their severities as numbers, and the counts beside them", () => {
    const sent: { method: string; params: unknown }[] = [];
    const out = publisher({
      sendDiagnostics: async (params) => void sent.push({ method: "publishDiagnostics", params }),
      sendNotification: (async (type: { method: string }, params: unknown) =>
        void sent.push({ method: type.method, params })) as never,
    });
    const result = service().diagnostics(doc(record, "file:///ws/p.txt"));
    assert.ok(result.diagnostics.length > 0);
    out.publish("file:///ws/p.txt", 4, result);
    out.clear("file:///ws/p.txt");
    const [diagnostics, counts, cleared] = sent as { method: string; params: Record<string, unknown> }[];
    assert.equal(diagnostics.params.version, 4);
    const severities = (diagnostics.params.diagnostics as { severity: unknown }[]).map((d) => d.severity);
    assert.ok(
      severities.every((s) => s === 1 || s === 2 || s === 3 || s === 4),
      String(severities),
    );
    assert.equal(counts.method, MESSAGES.diagnosticCounts.method);
    assert.deepEqual(counts.params.counts, result.counts);
    assert.deepEqual(cleared.params, { uri: "file:///ws/p.txt", diagnostics: [] });
  });
});
