import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { after, before, describe, it } from "node:test";
import type { MessageConnection } from "vscode-jsonrpc/node";
import { applyContentChanges, createLanguageService, LineIndex } from "../../server/src/index";
import { initialize, RECORD, spawnServer, until } from "./lspClient";

// When the server analyses, and what a request waits for (server/lsp/analysts.ts). No test here
// times anything: they count what the server did (diagnostics published, analyses in its trace)
// and in what order its messages came.

interface Published {
  uri: string;
  version?: number;
  diagnostics: { code: string; range: unknown }[];
}

describe("scheduling of analyses and requests", () => {
  let server: ChildProcess;
  let connection: MessageConnection;
  /** Everything the server sent, in order: diagnostics, trace lines, and answers the test logs. */
  const events: { kind: "published" | "trace" | "answer"; uri?: string; version?: number; text?: string }[] = [];
  const published = new Map<string, Published[]>();
  const last = (uri: string) => published.get(uri)?.at(-1);
  const analyses = (uri: string) =>
    events.filter((e) => e.kind === "trace" && e.text?.startsWith(`analysed ${uri} `)).length;

  before(async () => {
    ({ server, connection } = spawnServer());
    connection.onNotification("textDocument/publishDiagnostics", (p: Published) => {
      published.set(p.uri, [...(published.get(p.uri) ?? []), p]);
      events.push({ kind: "published", uri: p.uri, version: p.version });
    });
    connection.onNotification("$/logTrace", (p: { message: string }) => {
      events.push({ kind: "trace", text: p.message });
    });
    connection.onNotification(() => {});
    connection.listen();
    // `trace` asks the server for $/logTrace: it says which analyses ran and which model answered.
    await initialize(connection, { trace: "verbose" });
  });

  after(() => server.kill());

  const open = async (uri: string, text: string) => {
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "transcript", version: 1, text },
    });
    await until("the first diagnostics", () => last(uri), 60000);
  };

  it("analyses a burst of 1000 changes once, and answers a hover sent after it at once", async () => {
    const uri = "file:///burst.txt";
    await open(uri, RECORD);
    const before = { analyses: analyses(uri), published: published.get(uri)?.length ?? 0 };
    // Typing at the end of the record, one character a change, as a client replaying keystrokes:
    // new lines with line-end hyphens, which the diagnostics must see.
    const typed = "The speaker said that transna-\ntional words were heard. ";
    let text = RECORD;
    let version = 1;
    const sent: Promise<void>[] = [];
    for (let k = 0; k < 1000; k++) {
      const end = new LineIndex(text).positionAt(text.length);
      const change = { range: { start: end, end }, text: typed[k % typed.length] };
      text = applyContentChanges(text, [change]);
      sent.push(
        connection.sendNotification("textDocument/didChange", {
          textDocument: { uri, version: ++version },
          contentChanges: [change],
        }),
      );
    }
    // The speaker header, which the burst left where it was.
    const hover = connection
      .sendRequest("textDocument/hover", { textDocument: { uri }, position: { line: 11, character: 8 } })
      .then((h) => {
        events.push({ kind: "answer", uri });
        return h as { contents: { value: string } } | null;
      });
    await Promise.all(sent);
    const answer = await hover;
    assert.match(answer?.contents.value ?? "", /\*\*Mrs\. Šorytė\*\* speaks for Lithuania/);
    const final = await until("the final version's diagnostics", () =>
      last(uri)?.version === version ? last(uri) : undefined,
    );
    // Before the hover was answered the server published nothing for the burst, or once for each
    // stall of this machine longer than the quiet delay (a loaded CI machine stalls more than
    // once); before the change it published after every change, and the hover waited for a
    // thousand analyses. The bound is the burst's own (below): a few, never one a change.
    const answeredAt = events.findIndex((e) => e.kind === "answer");
    const publishedBefore = events
      .slice(0, answeredAt)
      .filter((e) => e.kind === "published" && e.uri === uri && (e.version ?? 0) > 1).length;
    assert.ok(publishedBefore <= 5, `${publishedBefore} publications before the hover's answer`);
    // Once per burst: a few analyses, not a thousand (the second analyst catching up with the
    // record is one; a stall of this machine in the middle of the burst, longer than the quiet
    // delay, cuts it in two), and the diagnostics published once for its final version (or for
    // what came before such a stall).
    const burstAnalyses = analyses(uri) - before.analyses;
    assert.ok(burstAnalyses >= 1 && burstAnalyses <= 10, `${burstAnalyses} analyses for the burst`);
    const burstPublished = (published.get(uri)?.length ?? 0) - before.published;
    assert.ok(burstPublished >= 1 && burstPublished <= 5, `${burstPublished} publications for the burst`);
    // And they are those of a fresh analysis of the final text.
    const fresh = createLanguageService().diagnostics({ uri, version, getText: () => text });
    assert.ok(fresh.diagnostics.some((d) => d.code === "broken-hyphenation"));
    assert.deepEqual(
      final.diagnostics.map((d) => [d.code, d.range]),
      fresh.diagnostics.map((d) => [d.code, d.range]),
    );
  });

  it("answers a hover from the previous model while a large record is analysed, positions carried over", async () => {
    const uri = "file:///large.txt";
    const large = `${RECORD}\n${"The speaker said that the Council must act now and act together.\n".repeat(60_000)}`;
    await open(uri, large);
    // Wait for both analysts to hold the record (the second catches up when idle), so that the
    // analysis below is the re-analysis of an edit, as while someone works on the record.
    await until("both analysts to hold the record", () => (analyses(uri) >= 2 ? true : undefined), 60000);
    // A character at the very end and two lines after the cover page: all lines but the first
    // few changed or moved, so the record is analysed again nearly from scratch (most of a
    // second, or more).
    const lines = new LineIndex(large);
    const end = lines.positionAt(large.length);
    const note = { line: 9, character: 0 };
    await connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: { start: end, end }, text: "x" },
        { range: { start: note, end: note }, text: "Note.\n\n" },
      ],
    });
    const traced = events.length;
    // The speaker header, now two lines down.
    const hover = (await connection.sendRequest("textDocument/hover", {
      textDocument: { uri },
      position: { line: 13, character: 8 },
    })) as { contents: { value: string }; range: { start: { line: number }; end: { line: number } } } | null;
    events.push({ kind: "answer", uri });
    assert.match(hover?.contents.value ?? "", /\*\*Mrs\. Šorytė\*\* speaks for Lithuania/);
    assert.deepEqual([hover?.range.start.line, hover?.range.end.line], [13, 13]);
    // Text that the previous model has not seen gets no hover rather than a guess.
    assert.equal(
      await connection.sendRequest("textDocument/hover", {
        textDocument: { uri },
        position: { line: 9, character: 2 },
      }),
      null,
    );
    const answeredAt = events.findIndex((e, i) => i >= traced && e.kind === "answer");
    assert.ok(
      events.slice(traced, answeredAt).some((e) => e.text === `hover on ${uri} version 2 answered from version 1`),
      "the hover was answered from version 1's model",
    );
    assert.ok(
      !events.slice(0, answeredAt).some((e) => e.kind === "published" && e.uri === uri && e.version === 2),
      "the hover was answered before the analysis of version 2 was done",
    );
    // The analysis goes on and publishes the new version's diagnostics.
    await until("version 2's diagnostics", () => (last(uri)?.version === 2 ? true : undefined), 60000);
    const symbols = (await connection.sendRequest("textDocument/documentSymbol", { textDocument: { uri } })) as {
      children: { range: { start: { line: number } } }[];
    }[];
    assert.equal(symbols[0].children[1].range.start.line, 13);
  });

  it("starts afresh with a document opened again without being closed", async () => {
    const uri = "file:///reopened.txt";
    await open(uri, RECORD);
    for (let version = 2; version <= 5; version++) {
      await connection.sendNotification("textDocument/didChange", {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "\n" }],
      });
    }
    await until("version 5's diagnostics", () => (last(uri)?.version === 5 ? true : undefined));
    // Version 1 again, another text: nothing of versions 1 to 5 before may answer for it.
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "transcript", version: 1, text: "Mr. Smith (France): Thank you.\n" },
    });
    const hover = (await connection.sendRequest("textDocument/hover", {
      textDocument: { uri },
      position: { line: 0, character: 5 },
    })) as { contents: { value: string } } | null;
    assert.match(hover?.contents.value ?? "", /\*\*Mr\. Smith\*\* speaks for France/);
  });

  it("answers a request about the version it was sent for (an outline waits for its analysis)", async () => {
    const uri = "file:///exact.txt";
    await open(uri, RECORD);
    await connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "\n" }],
    });
    const symbols = (await connection.sendRequest("textDocument/documentSymbol", { textDocument: { uri } })) as {
      range: { start: { line: number } };
      children: { name: string; range: { start: { line: number } } }[];
    }[];
    assert.deepEqual(
      symbols[0].children.map((c) => [c.name, c.range.start.line]),
      [
        ["The President", 10],
        ["Mrs. Šorytė (Lithuania)", 12],
      ],
    );
  });
});
