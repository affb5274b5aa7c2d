import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "./lspClient";

// The tests' reader of the server's messages (lspClient.ts, `serverReader`): a server stopped in
// the middle of a message must not keep the test file's process alive (vscode-jsonrpc's reader
// re-arms a timer for the partial message for ever).

/**
 * A process that reads part of a message, then the stream's end, and disposes its connection
 * (with vscode-jsonrpc's own `StreamMessageReader` it is still alive at the limit).
 */
function readsPartOfAMessage() {
  const client = join(ROOT, "test", "protocol", "lspClient.ts");
  const script = `const { PassThrough } = require("node:stream");
const rpc = require("vscode-jsonrpc/node");
const { serverReader } = require(${JSON.stringify(client)});
const out = new PassThrough();
const reader = serverReader(out);
const connection = rpc.createMessageConnection(reader, new rpc.StreamMessageWriter(new PassThrough()));
connection.listen();
out.write('Content-Length: 100\\r\\n\\r\\n{"jsonrpc":');
setImmediate(() => { out.end(); connection.dispose(); });`;
  // A process left alive is stopped at the limit (SIGTERM): the status tells it apart.
  return spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT, timeout: 20_000 });
}

describe("the tests' reader of the server's messages", () => {
  it("lets the process end when the server stopped in the middle of a message", () => {
    const r = readsPartOfAMessage();
    assert.equal(r.signal, null, String(r.stderr));
    assert.equal(r.status, 0, String(r.stderr));
  });
});
