import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { after, before, describe, it } from "node:test";
import type { MessageConnection } from "vscode-jsonrpc/node";
import { LineIndex } from "../../server/src/index";
import { initialize, RECORD, spawnServer, until } from "./lspClient";

// One analysis per version (issue 28; server/lsp/analysts.ts), counted in the server's trace: what
// it analysed, on which analyst, and whether at once or after the quiet delay. Nothing is timed.

describe("one analysis per version", () => {
  let server: ChildProcess;
  let connection: MessageConnection;
  const trace: string[] = [];
  const published: { uri: string; version?: number }[] = [];

  before(async () => {
    // Documents of a million characters and more have a second analyst to read from (the record
    // below is 1.3 million; the server's default is two million: server/lsp/analysts.ts).
    ({ server, connection } = spawnServer({ VERBATIM_READER_MIN_LENGTH: "1000000" }));
    connection.onNotification("textDocument/publishDiagnostics", (p: { uri: string; version?: number }) => {
      published.push({ uri: p.uri, version: p.version });
    });
    connection.onNotification("$/logTrace", (p: { message: string }) => {
      trace.push(p.message);
    });
    connection.onNotification(() => {});
    connection.listen();
    await initialize(connection, { trace: "verbose" });
  });

  after(() => server.kill());

  /** The full analyses of a document's version (not the idle analyst's model to read from). */
  const analyses = (uri: string, version: number) =>
    trace.filter((t) => t.startsWith(`analysed ${uri} version ${version} `));
  const publications = (uri: string, version: number) =>
    published.filter((p) => p.uri === uri && p.version === version).length;

  it("analyses a document opened with its outline asked alongside once, and answers both from it", async () => {
    const uri = "file:///opened-with-outline.txt";
    const large = `${RECORD}\n${"The speaker said that the Council must act now and act together.\n".repeat(20_000)}`;
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "transcript", version: 1, text: large },
    });
    const [symbols, folding] = (await Promise.all([
      connection.sendRequest("textDocument/documentSymbol", { textDocument: { uri } }),
      connection.sendRequest("textDocument/foldingRange", { textDocument: { uri } }),
    ])) as [{ children: { name: string }[] }[], unknown[]];
    assert.deepEqual(
      symbols[0].children.map((c) => c.name),
      ["The President", "Mrs. Šorytė (Lithuania)"],
    );
    assert.ok(folding.length > 0);
    await until("version 1's diagnostics", () => (publications(uri, 1) ? true : undefined), 60000);
    assert.equal(analyses(uri, 1).length, 1, analyses(uri, 1).join("\n"));
    assert.equal(publications(uri, 1), 1);
    assert.ok(trace.includes(`${uri} version 1: analysed at once`), "an idle server starts at once");
    // Both requests came while the record was being analysed: sent to its analyst at once, which
    // answers them once the text is parsed (before the rules), not after the analysis.
    const first = trace.findIndex((t) => t.startsWith(`analysed ${uri} version 1 `));
    for (const method of ["documentSymbol", "foldingRange"]) {
      const asked = trace.indexOf(`${method} on ${uri} version 1 asked during its analysis`);
      assert.ok(asked >= 0 && asked < first, `${method} asked during the analysis:\n${trace.join("\n")}`);
    }
    // What the analysis left for later (what readies the next version's) is done once the analyst
    // has answered what waited for it: after the analysis, not inside the wait.
    const analysed = trace.findIndex((t) => t.startsWith(`analysed ${uri} version 1 `));
    await until(
      "the analyst's settling",
      () => (trace.slice(analysed).some((t) => t.startsWith("analyst 0 idle: it settles")) ? true : undefined),
      60000,
    );
    // Once idle, the analyst makes the record's read index for the second analyst: nothing is
    // parsed again, nothing published again.
    await until(
      "the second analyst's read index",
      () =>
        trace.some((t) => t.startsWith(`read index of ${uri} version 1 made on analyst 0 `) && t.endsWith("analyst 1"))
          ? true
          : undefined,
      60000,
    );
    assert.equal(analyses(uri, 1).length, 1, analyses(uri, 1).join("\n"));
    assert.equal(publications(uri, 1), 1);
  });

  it("analyses an edit on an idle server at once, and a burst after the quiet delay, published once", async () => {
    const uri = "file:///edited.txt";
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "transcript", version: 1, text: RECORD },
    });
    await until("version 1's diagnostics", () => (publications(uri, 1) ? true : undefined), 60000);
    let text = RECORD;
    const type = async (version: number, character: string) => {
      const end = new LineIndex(text).positionAt(text.length);
      text += character;
      await connection.sendNotification("textDocument/didChange", {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: end, end }, text: character }],
      });
    };
    await type(2, "A");
    await until("version 2's diagnostics", () => (publications(uri, 2) ? true : undefined), 60000);
    assert.ok(trace.includes(`${uri} version 2: analysed at once`), trace.filter((t) => t.includes(uri)).join("\n"));
    assert.equal(analyses(uri, 2).length, 1);
    // A burst: the changes after the first come while it is analysed, or right after it.
    const burst = Array.from({ length: 200 }, (_, k) => type(3 + k, "b"));
    await Promise.all(burst);
    await until("the burst's last version's diagnostics", () => (publications(uri, 202) ? true : undefined), 60000);
    const delayed = trace.filter((t) => t.startsWith(`${uri} version `) && t.includes("without a change")).length;
    assert.ok(delayed >= 150, `${delayed} changes of the burst waited for the quiet delay`);
    const burstAnalyses = trace.filter((t) => t.startsWith(`analysed ${uri} `)).length - 2;
    assert.ok(burstAnalyses <= 5, `${burstAnalyses} analyses for the burst`);
    const burstPublished = published.filter((p) => p.uri === uri && (p.version ?? 0) > 2).length;
    assert.ok(burstPublished >= 1 && burstPublished <= 3, `${burstPublished} publications`);
    // Idle once the burst is published: the threads' heaps are collected, once.
    const collections = () => trace.filter((t) => t === "idle a second: each thread's heap collected").length;
    const before = collections();
    const done = trace.length;
    await until("the idle collection", () => (collections() > before ? true : undefined), 60000);
    assert.equal(collections(), before + 1);
    assert.ok(
      trace.slice(done).every((t) => !t.startsWith("analysed ")),
      "nothing was analysed while the server was idle",
    );
    // A short document is the first analyst's alone: never analysed twice, no read index made.
    const mine = trace.filter((t) => t.startsWith(`analysed ${uri} `));
    assert.ok(mine.length >= 3 && mine.every((t) => t.includes(" on analyst 0 ")), mine.join("\n"));
    assert.ok(!trace.some((t) => t.startsWith(`read index of ${uri} `)));
  });

  it("stops the second analyst once the long document is closed, and starts it again for the next", async () => {
    const uri = "file:///opened-with-outline.txt";
    await connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
    await until(
      "the second analyst to stop",
      () => (trace.includes("analyst 1 stopped: no document needs a second analyst") ? true : undefined),
      60000,
    );
    // The short document is still answered, by the first analyst.
    const symbols = (await connection.sendRequest("textDocument/documentSymbol", {
      textDocument: { uri: "file:///edited.txt" },
    })) as unknown[];
    assert.ok(symbols.length > 0);
    const again = "file:///long-again.txt";
    const large = `${RECORD}\n${"The speaker said that the Council must act now and act together.\n".repeat(20_000)}`;
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri: again, languageId: "transcript", version: 1, text: large },
    });
    await until(
      "the second analyst's read index of the new long document",
      () =>
        trace.some((t) => t.startsWith(`read index of ${again} version 1 `) && t.endsWith("for analyst 1"))
          ? true
          : undefined,
      60000,
    );
    assert.equal(analyses(again, 1).length, 1, analyses(again, 1).join("\n"));
  });
});
