import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { MessageConnection } from "vscode-jsonrpc/node";
import type { PageBox } from "../../shared/constants";
import { MESSAGES } from "../../shared/protocol";
import { initialize, ROOT, spawnServer, until } from "./lspClient";

// A scanned record's doubtful OCR words in the editor, as the VS Code client sends them: the 1950
// scan's transcript opened (test/corpus/scans, made by `verbatim import --ocr`), its `.ocr.tsv`
// sent (MESSAGES.ocrWords), the `ocr-uncertain` diagnostics published, moved by edits, gone with
// the sidecar; then the PDF linked (the server reads the scan by OCR) and the doubts' boxes on a
// page, each a click away from its word in the text.

const SCANS = join(ROOT, "test", "corpus", "scans");
const TEXT = readFileSync(join(SCANS, "S_PV.492.p2-3.txt"), "utf8");
const TSV = readFileSync(join(SCANS, "S_PV.492.p2-3.ocr.tsv"), "utf8");
const PDF = join(SCANS, "S_PV.492.p2-3.pdf");
const URI = "file:///scans/S_PV.492.p2-3.txt";

interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  code?: string;
  severity?: number;
  message: string;
}

describe("doubtful OCR words over LSP", { timeout: 180_000 }, () => {
  let server: ChildProcess;
  let connection: MessageConnection;
  /** The last diagnostics published per URI, with their version. */
  const published = new Map<string, { version?: number; diagnostics: Diagnostic[] }>();
  let version = 1;

  before(async () => {
    ({ server, connection } = spawnServer());
    connection.onNotification(
      "textDocument/publishDiagnostics",
      (p: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
        published.set(p.uri, p);
      },
    );
    connection.onNotification(() => {});
    connection.listen();
    await initialize(connection);
  });

  after(() => server.kill());

  /** The `ocr-uncertain` diagnostics once some are published for `v` that `ready` accepts. */
  const doubts = (v: number, ready: (d: Diagnostic[]) => boolean) =>
    until(
      `the doubts of version ${v}`,
      () => {
        const p = published.get(URI);
        const found = p?.diagnostics.filter((d) => d.code === "ocr-uncertain");
        return p?.version === v && found && ready(found) ? found : undefined;
      },
      60_000,
    );
  const change = (range: Diagnostic["range"], text: string) =>
    connection.sendNotification("textDocument/didChange", {
      textDocument: { uri: URI, version: ++version },
      contentChanges: [{ range, text }],
    });

  it("publishes no doubt before the sidecar comes, the scan's 28 once it does", async () => {
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri: URI, languageId: "transcript", version, text: TEXT },
    });
    await until("the first diagnostics", () => published.get(URI), 60_000);
    assert.equal(published.get(URI)?.diagnostics.filter((d) => d.code === "ocr-uncertain").length, 0);
    await connection.sendNotification(MESSAGES.ocrWords.method, { uri: URI, tsv: TSV });
    const found = await doubts(version, (d) => d.length > 0);
    assert.equal(found.length, 28);
    assert.ok(
      found.every((d) => d.severity === 3),
      "information",
    );
    const natious = found.find((d) => d.message.includes("“Natious”"));
    assert.deepEqual(natious?.range, {
      start: { line: 20, character: 239 },
      end: { line: 20, character: 246 },
    });
    // The doubt one OCR confusion away has its quick fix.
    const lt = found.find((d) => d.message.includes("“lt”")) as Diagnostic;
    const actions = (await connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri: URI },
      range: lt.range,
      context: { diagnostics: [lt] },
    })) as { title: string; edit?: { changes?: Record<string, { newText: string }[]> } }[];
    const fix = actions.find((a) => a.title === "Replace with “It”");
    assert.equal(fix?.edit?.changes?.[URI]?.[0]?.newText, "It");
  });

  it("moves the doubts with lines added above, drops the one whose word is corrected", async () => {
    const at = (line: number, character: number) => ({ line, character });
    // Ten lines pasted at the top.
    await change({ start: at(0, 0), end: at(0, 0) }, "Pasted.\n".repeat(10));
    const moved = await doubts(version, (d) => d.length === 28);
    const natious = moved.find((d) => d.message.includes("“Natious”"));
    assert.deepEqual(natious?.range.start, at(30, 239));
    // "Natious" corrected to "Nations" inside the word.
    await change({ start: at(30, 243), end: at(30, 245) }, "on");
    const after = await doubts(version, (d) => d.length === 27);
    assert.equal(
      after.some((d) => d.message.includes("“Natious”")),
      false,
    );
    // "aniued", on the same line before it, is still marked where it is.
    assert.deepEqual(after.find((d) => d.message.includes("“aniued”"))?.range, { start: at(30, 93), end: at(30, 99) });
  });

  it("drops every doubt when the sidecar is deleted, and takes them back when it comes again", async () => {
    await connection.sendNotification(MESSAGES.ocrWords.method, { uri: URI, tsv: null });
    await doubts(version, (d) => d.length === 0);
    // The sidecar again: its marks are of the file as saved, checked against the text as it is now
    // (ten lines above: the parser finds none of them where they were, most near by).
    await connection.sendNotification(MESSAGES.ocrWords.method, { uri: URI, tsv: TSV });
    await until(
      "the diagnostics after the sidecar came back",
      () => published.get(URI)?.version === version || undefined,
    );
  });

  it("refuses an ocrWords notification of the wrong shape, and goes on", async () => {
    await connection.sendNotification(MESSAGES.ocrWords.method, { uri: 5, tsv: {} });
    await connection.sendNotification(MESSAGES.ocrWords.method, null);
    const answer = await connection.sendRequest(MESSAGES.ocrDoubtsInPdf.method, { uri: URI, page: "one" });
    assert.deepEqual(answer, []);
  });

  it("gives the boxes of a page's doubts once the scan is linked, each on its word", async () => {
    // The text as imported again, with its sidecar.
    await connection.sendNotification("textDocument/didChange", {
      textDocument: { uri: URI, version: ++version },
      contentChanges: [{ text: TEXT }],
    });
    await connection.sendNotification(MESSAGES.ocrWords.method, { uri: URI, tsv: TSV });
    await doubts(version, (d) => d.length === 28);
    assert.deepEqual(await connection.sendRequest(MESSAGES.ocrDoubtsInPdf.method, { uri: URI, page: 1 }), []);
    const link = (await connection.sendRequest(MESSAGES.linkPdf.method, {
      uri: URI,
      pdf: `file://${PDF}`,
      data: readFileSync(PDF).toString("base64"),
    })) as { ok: boolean; matched: number; words: number; message?: string };
    assert.equal(link.ok, true, link.message);
    assert.ok(link.matched / link.words > 0.9, `${link.matched} of ${link.words} words found`);
    const found = published.get(URI)?.diagnostics.filter((d) => d.code === "ocr-uncertain") ?? [];
    let boxes = 0;
    for (const page of [1, 2]) {
      const onPage = (await connection.sendRequest(MESSAGES.ocrDoubtsInPdf.method, { uri: URI, page })) as PageBox[];
      assert.ok(onPage.length >= 5, `page ${page}: ${onPage.length} boxes`);
      boxes += onPage.length;
      for (const b of onPage) {
        assert.equal(b.page, page);
        // A click in the middle of the box goes to a doubtful word.
        const at = (await connection.sendRequest(MESSAGES.pickInPdf.method, {
          uri: URI,
          page,
          x: b.x + b.width / 2,
          y: b.y + b.height / 2,
        })) as { line: number; character: number } | null;
        assert.ok(at, `a word at ${JSON.stringify(b)}`);
        assert.ok(
          found.some(
            (d) =>
              d.range.start.line === at.line &&
              d.range.start.character <= at.character + 1 &&
              at.character < d.range.end.character,
          ),
          `the word at ${at.line}:${at.character} is a doubt`,
        );
      }
    }
    // The link reads the scan again with today's OCR, which may read a doubted word otherwise (the
    // fixture was made by an earlier one): such a word has no box rather than a guessed one. Most
    // of the 28 keep theirs (19 since pages are rendered at twice a 151 dpi scan's resolution).
    assert.ok(boxes >= found.length / 2, `${boxes} boxes for ${found.length} doubts`);
  });
});
