import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { describe, it } from "node:test";
import { createMessageConnection, StreamMessageWriter } from "vscode-jsonrpc/node";
import { SERVER, serverReader, until } from "./lspClient";

// What the server does with a client that breaks the rules: a stream whose framing is broken ends
// the server with a word on stderr and a non-zero status (the client then starts it again), and
// requests before `initialize` or after `shutdown` are refused as LSP says.

/** The bundled server over stdio, written to byte by byte; the partial-message timeout shortened. */
function raw(): { server: ChildProcess; stderr: () => string; exited: () => Promise<number> } {
  const server = spawn(process.execPath, [SERVER, "--stdio"], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, VERBATIM_PARTIAL_MESSAGE_TIMEOUT_MS: "300" },
  });
  let stderr = "";
  server.stderr?.on("data", (d) => {
    stderr += String(d);
  });
  server.stdout?.resume();
  return {
    server,
    stderr: () => stderr,
    exited: () => until("the server to exit", () => server.exitCode ?? undefined, 20000),
  };
}

const INITIALIZE = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { processId: null, rootUri: null, capabilities: {} },
});
const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe("a client that breaks the framing", () => {
  it("ends the server when the input ends in the middle of a message", async () => {
    const { server, stderr, exited } = raw();
    server.stdin?.write(`Content-Length: ${Buffer.byteLength(INITIALIZE) + 40}\r\n\r\n${INITIALIZE}`);
    server.stdin?.end();
    assert.equal(await exited(), 1);
    assert.match(stderr(), /input ended in the middle of a message \(Content-Length \d+/);
  });

  it("ends the server when a message stops arriving (no end of input)", async () => {
    const { server, stderr, exited } = raw();
    server.stdin?.write(`Content-Length: ${Buffer.byteLength(INITIALIZE) + 40}\r\n\r\n${INITIALIZE}`);
    // The pipe stays open: only the partial-message timeout (300 ms here) can notice.
    assert.equal(await exited(), 1);
    assert.match(stderr(), /a message from the client stopped arriving: nothing more came for 300 ms/);
    server.stdin?.end();
  });

  it("ends the server on a header without Content-Length", async () => {
    const { server, stderr, exited } = raw();
    server.stdin?.write(`Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${INITIALIZE}`);
    assert.equal(await exited(), 1);
    assert.match(stderr(), /unreadable input from the client \(Header must provide a Content-Length property/);
    server.stdin?.end();
  });

  it("ends the server on a Content-Length that is not a number", async () => {
    const { server, stderr, exited } = raw();
    server.stdin?.write(`Content-Length: twelve\r\n\r\n${INITIALIZE}`);
    assert.equal(await exited(), 1);
    assert.match(stderr(), /Content-Length value must be a number\. Got twelve/);
    server.stdin?.end();
  });

  it("ends the server with status 1 when the input ends without shutdown, 0 after it", async () => {
    const first = raw();
    first.server.stdin?.write(frame(INITIALIZE));
    first.server.stdin?.end();
    assert.equal(await first.exited(), 1);
    assert.match(first.stderr(), /the input ended without a shutdown request/);
    const second = raw();
    second.server.stdin?.write(
      frame(INITIALIZE) + frame(JSON.stringify({ jsonrpc: "2.0", id: 2, method: "shutdown" })),
    );
    // The input ends once the shutdown is answered.
    let out = "";
    second.server.stdout?.on("data", (d) => {
      out += String(d);
    });
    await until("the shutdown answer", () => (/"id":2,"result":null/.test(out) ? true : undefined));
    second.server.stdin?.end();
    assert.equal(await second.exited(), 0);
    assert.equal(second.stderr(), "");
  });

  it("ignores a body that is not JSON (the framing is intact) and goes on", async () => {
    const { server, stderr } = raw();
    let out = "";
    server.stdout?.on("data", (d) => {
      out += String(d);
    });
    server.stdin?.write(frame("{ not json") + frame(INITIALIZE));
    await until("the initialize answer", () => (/"id":1,"result":\{"capabilities"/.test(out) ? true : undefined));
    assert.match(stderr(), /a message that is not JSON was ignored/);
    server.kill();
  });
});

describe("the lifecycle", () => {
  it("refuses requests before initialize with ServerNotInitialized, and after shutdown with InvalidRequest", async () => {
    const server = spawn(process.execPath, [SERVER, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
    const connection = createMessageConnection(
      serverReader(server.stdout as NodeJS.ReadableStream),
      new StreamMessageWriter(server.stdin as NodeJS.WritableStream),
    );
    connection.onNotification(() => {});
    connection.listen();
    const uri = "file:///early.txt";
    await assert.rejects(
      connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: { line: 0, character: 0 } }),
      (e: { code?: number }) => e.code === -32002,
    );
    await assert.rejects(connection.sendRequest("shutdown"), (e: { code?: number }) => e.code === -32002);
    // A notification before initialize is dropped: this document is never opened.
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "transcript", version: 1, text: "Mr. Smith (France): Thank you.\n" },
    });
    await connection.sendRequest("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
    await connection.sendNotification("initialized", {});
    assert.deepEqual(await connection.sendRequest("textDocument/documentSymbol", { textDocument: { uri } }), []);
    await connection.sendRequest("shutdown");
    await assert.rejects(
      connection.sendRequest("textDocument/documentSymbol", { textDocument: { uri } }),
      (e: { code?: number }) => e.code === -32600,
    );
    await connection.sendNotification("exit");
    await until("the server to exit", () => server.exitCode ?? undefined);
    assert.equal(server.exitCode, 0);
    connection.dispose();
  });
});
