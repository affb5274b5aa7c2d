import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { after, before, describe, it } from "node:test";
import type { MessageConnection } from "vscode-jsonrpc/node";
import { capabilities } from "../../server/lsp/dispatch";
import { features } from "../../server/lsp/features";
import { GLOSSARY_COMMANDS } from "../../server/lsp/glossary";
import { initialize, spawnServer } from "./lspClient";

// The bundled server advertises what its feature table declares (server/lsp/features.ts), and
// answers each feature's method: the capabilities and the handlers are derived from one table.

describe("the server's features, from one table", () => {
  let server: ChildProcess;
  let connection: MessageConnection;
  let advertised: Record<string, unknown>;

  before(async () => {
    ({ server, connection } = spawnServer());
    connection.listen();
    advertised = ((await initialize(connection)) as { capabilities: Record<string, unknown> }).capabilities;
  });

  after(() => server.kill());

  it("advertises exactly the table's capabilities, incremental sync and the glossary's command", () => {
    assert.deepEqual(advertised, JSON.parse(JSON.stringify(capabilities(GLOSSARY_COMMANDS))));
    assert.equal(advertised.textDocumentSync, 2);
    assert.ok(Object.keys(advertised).length >= 15, Object.keys(advertised).join(", "));
  });

  it("answers every feature's method, about a document not open with the feature's empty answer", async () => {
    const uri = "file:///not-open.txt";
    const position = { line: 0, character: 0 };
    for (const [name, f] of features()) {
      const params =
        f.target === "workspace"
          ? { query: "" }
          : f.target === "uri"
            ? { uri }
            : {
                textDocument: { uri },
                position,
                range: { start: position, end: position },
                context: { diagnostics: [], includeDeclaration: true },
                newName: "X",
              };
      assert.deepEqual(await connection.sendRequest(f.lsp, params), f.empty, name);
    }
  });
});
