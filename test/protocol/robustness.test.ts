import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { after, before, describe, it } from "node:test";
import type { MessageConnection } from "vscode-jsonrpc/node";
import { MESSAGES } from "../../shared/protocol";
import { initialize, RECORD, spawnServer, until } from "./lspClient";

// Parameters of the wrong type (issue 27): a `didChange` whose `text` is no string used to leave
// its document's hover, definition and references unanswered for ever (the analyst was marked
// busy before the conversion that threw), and two of them stopped the server. Every notification
// and request parameter the server reads is checked: a wrong one is a logged error (or an
// InvalidParams answer), never a wedged analyst or a dead server.

const INVALID_PARAMS = -32602;
const HEADER = { line: 9, character: 6 };

describe("the server against parameters of the wrong type", { timeout: 60_000 }, () => {
  let server: ChildProcess;
  let connection: MessageConnection;
  let stderr: () => string;
  const logged: string[] = [];

  before(async () => {
    ({ server, connection, stderr } = spawnServer());
    connection.onNotification("window/logMessage", (p: { message: string }) => {
      logged.push(p.message);
    });
    connection.onNotification(() => {});
    connection.listen();
    await initialize(connection);
  });

  after(() => server.kill());

  const open = (uri: string, text: unknown = RECORD, version = 1) =>
    connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "transcript", version, text },
    });
  const hover = (uri: string) =>
    connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: HEADER }) as Promise<{
      contents: unknown;
    } | null>;
  const answers = async (uri: string) => {
    assert.ok(await hover(uri), `hover on ${uri}`);
    const definition = await connection.sendRequest("textDocument/definition", {
      textDocument: { uri },
      position: HEADER,
    });
    assert.ok(Array.isArray(definition) || definition === null);
    const references = await connection.sendRequest("textDocument/references", {
      textDocument: { uri },
      position: HEADER,
      context: { includeDeclaration: true },
    });
    assert.ok(Array.isArray(references));
  };
  const badChange = (uri: string, version: number, change: Record<string, unknown>) =>
    connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [change] });

  it("a didChange whose text is no string is logged; the document keeps being answered", async () => {
    const uri = "file:///robust/a.txt";
    await open(uri);
    await answers(uri);
    await badChange(uri, 2, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 42 });
    await until("the error logged", () =>
      logged.some((m) => /didChange/.test(m) && /text/.test(m)) ? true : undefined,
    );
    await answers(uri);
  });

  it("two such on two documents: the server still answers both, and others", async () => {
    const [b, c] = ["file:///robust/b.txt", "file:///robust/c.txt"];
    await open(b);
    await open(c);
    await answers(b);
    await answers(c);
    await badChange(b, 2, { text: { not: "a string" } });
    await badChange(c, 2, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: null });
    await answers(b);
    await answers(c);
    // A good change after them is taken: the version and text go on from the last good one.
    await connection.sendNotification("textDocument/didChange", {
      textDocument: { uri: b, version: 3 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "\n" }],
    });
    const moved = (await connection.sendRequest("textDocument/hover", {
      textDocument: { uri: b },
      position: { line: HEADER.line + 1, character: HEADER.character },
    })) as unknown;
    assert.ok(moved);
    assert.equal(server.exitCode, null, stderr());
  });

  it("changes with a range of the wrong shape, a version that is no number, a batch with one bad change: none applied", async () => {
    const uri = "file:///robust/d.txt";
    await open(uri);
    await badChange(uri, 2, { range: { start: { line: "0" }, end: null }, text: "x" });
    await connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: "three" },
      contentChanges: [{ text: "x" }],
    });
    await connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 4 },
      contentChanges: [{ text: RECORD.replace("members", "MEMBERS") }, { text: 7 }],
    });
    await connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: 5 } });
    await connection.sendNotification("textDocument/didChange", null);
    await answers(uri);
    const symbols = (await connection.sendRequest("textDocument/documentSymbol", {
      textDocument: { uri },
    })) as unknown[];
    assert.ok(symbols.length >= 1, JSON.stringify(symbols));
  });

  it("a didOpen whose text is no string opens nothing; other notifications of the wrong shape are logged", async () => {
    const uri = "file:///robust/e.txt";
    await open(uri, 12);
    await connection.sendNotification("textDocument/didOpen", { textDocument: null });
    await connection.sendNotification("textDocument/didClose", {});
    await connection.sendNotification("workspace/didChangeConfiguration", null);
    await connection.sendNotification("workspace/didChangeWatchedFiles", { changes: "none" });
    await connection.sendNotification(MESSAGES.workspaceFiles.method, { files: "none", removed: 3 });
    await connection.sendNotification(MESSAGES.unlinkPdf.method, 5);
    assert.equal(await hover(uri), null);
    await open("file:///robust/f.txt");
    await answers("file:///robust/f.txt");
  });

  it("requests with parameters of the wrong type get InvalidParams, and the next ones their answers", async () => {
    const uri = "file:///robust/g.txt";
    await open(uri);
    const bad: [string, unknown][] = [
      ["textDocument/hover", { textDocument: { uri }, position: { line: "9", character: 6 } }],
      ["textDocument/hover", { textDocument: { uri: 5 }, position: HEADER }],
      ["textDocument/hover", null],
      ["textDocument/definition", { textDocument: { uri }, position: { line: 1.5, character: 0 } }],
      ["textDocument/references", { textDocument: { uri }, position: HEADER, context: null }],
      ["textDocument/documentSymbol", { textDocument: "x" }],
      ["textDocument/codeAction", { textDocument: { uri }, range: "all", context: {} }],
      [
        "textDocument/codeAction",
        { textDocument: { uri }, range: { start: HEADER, end: HEADER }, context: { diagnostics: 3 } },
      ],
      ["textDocument/rename", { textDocument: { uri }, position: HEADER, newName: 12 }],
      ["textDocument/completion", { textDocument: { uri }, position: [] }],
      ["workspace/symbol", { query: 4 }],
      [MESSAGES.speakers.method, { uri: 4 }],
      [MESSAGES.safeFixes.method, {}],
    ];
    for (const [method, params] of bad) {
      await assert.rejects(connection.sendRequest(method, params), { code: INVALID_PARAMS }, method);
    }
    await answers(uri);
    assert.equal(server.exitCode, null);
  });
});
