import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { MessageConnection } from "vscode-jsonrpc/node";
import { createLanguageService, DEFAULT_SETTINGS } from "../../server/src/index";
import { recordPath } from "../corpus/records";
import { initialize, spawnServer, until } from "./lspClient";

// An analyst whose heap runs out (server/lsp/analysts.ts, ANALYST_HEAP_MB): here the limit is set
// far below what a record needs, as a record far larger than the limit was set for would make it.

const RECORD = readFileSync(recordPath("S_PV.8699", "raw"), "utf8");

describe("an analyst out of memory", { timeout: 180_000 }, () => {
  let server: ChildProcess;
  let connection: MessageConnection;
  let stderr: () => string;
  const published = new Map<string, { version?: number; diagnostics: { code: string }[] }[]>();
  const logged: string[] = [];

  before(async () => {
    ({ server, connection, stderr } = spawnServer({ VERBATIM_ANALYST_HEAP_MB: process.env.HEAP ?? "12" }));
    connection.onNotification(
      "textDocument/publishDiagnostics",
      (p: { uri: string; version?: number; diagnostics: { code: string }[] }) => {
        published.set(p.uri, [...(published.get(p.uri) ?? []), p]);
      },
    );
    connection.onNotification("window/logMessage", (p: { message: string }) => {
      logged.push(p.message);
    });
    connection.onNotification(() => {});
    connection.listen();
    await initialize(connection);
  });

  after(() => server.kill());

  const diagnosticsOf = (uri: string, version: number) =>
    published.get(uri)?.find((p) => p.version === version)?.diagnostics;

  it("is started again without the limit: the diagnostics, the outline and the next edit's come", async () => {
    const uri = "file:///S_PV.8699.txt";
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "transcript", version: 1, text: RECORD },
    });
    const outline = (await connection.sendRequest("textDocument/documentSymbol", {
      textDocument: { uri },
    })) as unknown[];
    const diagnostics = await until("the diagnostics", () => diagnosticsOf(uri, 1), 150_000);
    assert.ok(
      logged.some((m) => /ran out of its \d+ MB heap and was started again/.test(m)),
      `no analyst ran out of memory: ${logged.join("\n")}`,
    );
    assert.equal(server.exitCode, null, stderr());
    // What the language service finds in the same record in one process.
    const service = createLanguageService();
    const doc = { uri, version: 1, getText: () => RECORD };
    const expected = service.diagnostics(doc, DEFAULT_SETTINGS).diagnostics.map((d) => d.code);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      expected,
    );
    assert.ok(outline.length > 0, "the record's outline");
    assert.deepEqual(outline, JSON.parse(JSON.stringify(service.documentSymbols(doc))));
    // The next edit: a word typed at the top.
    await connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "x" }],
    });
    await until("the edit's diagnostics", () => diagnosticsOf(uri, 2), 150_000);
    assert.equal(server.exitCode, null, stderr());
  });
});
