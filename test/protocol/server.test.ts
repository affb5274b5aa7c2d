import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import {
  CancellationTokenSource,
  createMessageConnection,
  type MessageConnection,
  StreamMessageWriter,
} from "vscode-jsonrpc/node";
import { applyContentChanges, createLanguageService, LineIndex } from "../../server/src/index";
import { MESSAGES } from "../../shared/protocol";
import { initialize, RECORD, SERVER, serverReader, until } from "./lspClient";

// A bare client: it sends `initialize` with no capabilities, `didOpen`, `didChange` and requests,
// and talks to the bundled server exactly as another editor would, over stdio.

interface Published {
  uri: string;
  version?: number;
  diagnostics: { code: string; severity: number; range: unknown; data?: unknown }[];
}

/** LSP's error code for a cancelled request (LSPErrorCodes.RequestCancelled). */
const REQUEST_CANCELLED = -32800;

describe("the language server over stdio", () => {
  let server: ChildProcess;
  let connection: MessageConnection;
  const published = new Map<string, Published[]>();
  const errors: unknown[] = [];
  let stderr = "";
  const last = (uri: string) => published.get(uri)?.at(-1);

  before(async () => {
    assert.ok(existsSync(SERVER), "run `npm run build` first");
    server = spawn(process.execPath, [SERVER, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
    server.stderr?.on("data", (d) => {
      stderr += String(d);
    });
    connection = createMessageConnection(
      serverReader(server.stdout as NodeJS.ReadableStream),
      new StreamMessageWriter(server.stdin as NodeJS.WritableStream),
    );
    // Anything on stdout that is not the protocol breaks the reader: collect such errors.
    connection.onError((e) => errors.push(e));
    connection.onNotification("textDocument/publishDiagnostics", (p: Published) => {
      published.set(p.uri, [...(published.get(p.uri) ?? []), p]);
    });
    connection.onNotification(() => {});
    connection.listen();
    const result = (await initialize(connection)) as {
      capabilities: Record<string, unknown>;
      serverInfo: { name: string };
    };
    assert.equal(result.serverInfo.name, "verbatim-language-server");
    assert.equal(result.capabilities.hoverProvider, true);
    assert.deepEqual(
      (result.capabilities.semanticTokensProvider as { legend: { tokenTypes: string[] } }).legend.tokenTypes.slice(
        0,
        3,
      ),
      ["speakerTitle", "speaker", "delegation"],
    );
  });

  after(async () => {
    if (connection) {
      await connection.sendRequest("shutdown");
      await connection.sendNotification("exit");
      await until("the server to exit", () => (server.exitCode !== null ? true : undefined));
      assert.equal(server.exitCode, 0);
      connection.dispose();
    }
    assert.deepEqual(errors, [], "only the protocol reached stdout");
  });

  const open = (uri: string, text: string, version = 1) =>
    connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "transcript", version, text },
    });

  it("publishes diagnostics on open, with default settings when the client has no configuration", async () => {
    await open("file:///r.txt", RECORD);
    const p = await until("diagnostics", () => last("file:///r.txt"));
    assert.deepEqual(
      p.diagnostics.map((d) => [d.code, d.severity]),
      [["page-artifact", 2]],
    );
    assert.equal(p.version, 1);
  });

  it("answers document symbols, hover, folding, links and semantic tokens", async () => {
    const uri = "file:///r.txt";
    const symbols = (await connection.sendRequest("textDocument/documentSymbol", { textDocument: { uri } })) as {
      name: string;
      children: { name: string; detail?: string }[];
    }[];
    assert.equal(symbols[0].name, "S/PV.7351");
    assert.deepEqual(
      symbols[0].children.map((c) => [c.name, c.detail]),
      [
        ["The President", "speech 1 · 4 words · spoke in French"],
        ["Mrs. Šorytė (Lithuania)", "speech 2 · 11 words"],
      ],
    );
    const hover = (await connection.sendRequest("textDocument/hover", {
      textDocument: { uri },
      position: { line: 11, character: 8 },
    })) as { contents: { value: string } };
    assert.match(hover.contents.value, /^\*\*Mrs\. Šorytė\*\* speaks for Lithuania\. Speech 2 of 2 /);
    const folds = (await connection.sendRequest("textDocument/foldingRange", { textDocument: { uri } })) as unknown[];
    assert.ok(folds.length >= 2);
    const links = (await connection.sendRequest("textDocument/documentLink", { textDocument: { uri } })) as {
      target: string;
    }[];
    assert.deepEqual(
      links.map((l) => l.target),
      ["https://undocs.org/en/S/PV.7351", "https://undocs.org/en/S/2014/123"],
    );
    const tokens = (await connection.sendRequest("textDocument/semanticTokens/full", { textDocument: { uri } })) as {
      data: number[];
    };
    assert.ok(tokens.data.length > 0 && tokens.data.length % 5 === 0);
  });

  it("re-publishes after an incremental change", async () => {
    const uri = "file:///r.txt";
    await connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 10, character: 0 }, end: { line: 11, character: 0 } }, text: "" }],
    });
    const p = await until("new diagnostics", () => (last(uri)?.version === 2 ? last(uri) : undefined));
    assert.deepEqual(p.diagnostics, []);
  });

  it("keeps up with random edits sent as incremental changes, answering every request in between", async () => {
    // Edits of every awkward kind through the real server; after them, what it publishes equals
    // what a fresh analysis of the same text gives.
    const uri = "file:///edited.txt";
    const pieces = [
      "\n",
      "\r\n",
      "\r",
      "\u00ad",
      "e\u0301",
      "𝐀",
      "\u0000",
      "thejoint ",
      "transna-\n",
      "(NATO)",
      "2/17 16-43375\n",
      "Mr. Smith (France): ",
      "on 3 June 2016 ",
      "",
    ];
    let text = RECORD;
    await open(uri, text);
    const edits = fc.sample(fc.tuple(fc.nat(), fc.nat(30), fc.constantFrom(...pieces)), { numRuns: 60, seed: 11 });
    let version = 1;
    for (const [at, length, inserted] of edits) {
      const index = new LineIndex(text);
      const start = at % (text.length + 1);
      const end = Math.min(text.length, start + length);
      const range = { start: index.positionAt(start), end: index.positionAt(end) };
      text = applyContentChanges(text, [{ range, text: inserted }]);
      await connection.sendNotification("textDocument/didChange", {
        textDocument: { uri, version: ++version },
        contentChanges: [{ range, text: inserted }],
      });
      const lines = new LineIndex(text);
      const position = lines.positionAt(at % (text.length + 1));
      await connection.sendRequest("textDocument/hover", { textDocument: { uri }, position });
      await connection.sendRequest("textDocument/semanticTokens/full", { textDocument: { uri } });
    }
    const final = await until("the last version's diagnostics", () =>
      last(uri)?.version === version ? last(uri) : undefined,
    );
    const fresh = createLanguageService().diagnostics({ uri, version, getText: () => text });
    assert.deepEqual(
      final.diagnostics.map((d) => [d.code, d.range]),
      fresh.diagnostics.map((d) => [d.code, d.range]),
    );
    assert.equal(stderr.includes("failed"), false, stderr);
  });

  it("recomputes a quick fix for a diagnostic that carries no data", async () => {
    const uri = "file:///fix.txt";
    await open(uri, "a\n2/3 16-43375\nb\n");
    const p = await until("diagnostics", () => last(uri));
    const { data: _data, ...bare } = p.diagnostics[0];
    const actions = (await connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri },
      range: bare.range,
      context: { diagnostics: [bare] },
    })) as { title: string; edit: { changes: Record<string, { newText: string }[]> } }[];
    assert.equal(actions[0].title, "Remove the page number line");
    assert.equal(actions[0].edit.changes[uri][0].newText, "");
  });

  it("answers requests for unknown documents and out-of-range positions with empty results", async () => {
    const unknown = { textDocument: { uri: "file:///never-opened.txt" } };
    assert.deepEqual(await connection.sendRequest("textDocument/documentSymbol", unknown), []);
    assert.equal(
      await connection.sendRequest("textDocument/hover", { ...unknown, position: { line: 0, character: 0 } }),
      null,
    );
    assert.deepEqual(await connection.sendRequest("textDocument/semanticTokens/full", unknown), { data: [] });
    assert.equal(
      await connection.sendRequest("textDocument/hover", {
        textDocument: { uri: "file:///r.txt" },
        position: { line: 9999, character: 9999 },
      }),
      null,
    );
  });

  it("answers a request cancelled while it waits for an analysis with RequestCancelled, without doing it", async () => {
    // An analyst is busy with the first analysis of a large document, which the first request
    // waits for; meanwhile the client sends a hover and cancels it. With no earlier model of the
    // document to answer from, the hover waits for that analysis too: the cancellation comes
    // first, and the hover is answered as cancelled and never handed to an analyst.
    const busy = `${RECORD}\n${"The speaker said that the Council must act now and act together.\n".repeat(60_000)}`;
    await open("file:///busy.txt", busy);
    const first = connection.sendRequest("textDocument/semanticTokens/full", {
      textDocument: { uri: "file:///busy.txt" },
    });
    const source = new CancellationTokenSource();
    const hover = connection.sendRequest(
      "textDocument/hover",
      { textDocument: { uri: "file:///busy.txt" }, position: { line: 9, character: 5 } },
      source.token,
    );
    source.cancel();
    await assert.rejects(hover, (e: { code?: number }) => e.code === REQUEST_CANCELLED);
    assert.ok(((await first) as { data: number[] }).data.length > 0, "the first request is answered");
    // A request that is not cancelled is answered as ever.
    const answered = await connection.sendRequest("textDocument/hover", {
      textDocument: { uri: "file:///busy.txt" },
      position: { line: 9, character: 5 },
    });
    assert.ok(answered, "the same hover, not cancelled, has an answer");
  });

  it("handles binary, empty, CRLF and 10 MB documents", async () => {
    await open("file:///bin.txt", "\u0000\u0001PNG\u0000");
    const bin = await until("binary diagnostics", () => last("file:///bin.txt"));
    assert.deepEqual(
      bin.diagnostics.map((d) => d.code),
      ["unreadable-document"],
    );
    await open("file:///empty.txt", "");
    assert.deepEqual((await until("empty", () => last("file:///empty.txt"))).diagnostics, []);
    await open("file:///crlf.txt", RECORD.replace(/\n/g, "\r\n"));
    assert.equal((await until("crlf", () => last("file:///crlf.txt"))).diagnostics.length, 1);
    const big = `${RECORD}\n${"The speaker said that the Council must act now and act together.\n".repeat(160_000)}`;
    assert.ok(big.length > 10_000_000);
    await open("file:///big.txt", big);
    await until("10 MB diagnostics", () => last("file:///big.txt"), 60000);
    const symbols = (await connection.sendRequest("textDocument/documentSymbol", {
      textDocument: { uri: "file:///big.txt" },
    })) as { children: unknown[] }[];
    assert.equal(symbols[0].children.length, 2);
  });

  it("finds speeches across open documents and workspace files the client sent", async () => {
    await connection.sendNotification(MESSAGES.workspaceFiles.method, {
      files: [{ uri: "file:///ws/S_PV.1.txt", text: "Mr. Zagaynov (Russian Federation): Thank you.\n" }],
    });
    const found = (await connection.sendRequest("workspace/symbol", { query: "russian" })) as {
      name: string;
      location: { uri: string };
    }[];
    assert.deepEqual(
      found.map((s) => [s.name, s.location.uri]),
      [["Mr. Zagaynov (Russian Federation)", "file:///ws/S_PV.1.txt"]],
    );
  });

  it("writes nothing but the protocol to stdout", () => {
    assert.deepEqual(errors, []);
    assert.doesNotMatch(stderr, /Error/);
  });
});
