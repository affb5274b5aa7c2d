import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { MessageConnection } from "vscode-jsonrpc/node";
import { importPdf, type PageBox } from "../../server/src/pdf";
import { MESSAGES } from "../../shared/protocol";
import { recordLabels, SC2020 } from "../corpus/records";
import { initialize, ROOT, spawnServer } from "./lspClient";

// The PDF view's requests as a client sends them over stdio (the VS Code client in
// client/src/pdfView.ts): a PDF imported, a transcript linked to it, its lines located on the
// pages and clicks on the pages taken back to the text, through edits and for a text another tool
// extracted. The expected pages are the labels'; the expected boxes come from the import run here.

type Located = { page: number; boxes: PageBox[]; matched: number; words: number } | null;

const RECORD = "S_PV.8700";
const PDF_PATH = join(SC2020, `${RECORD}.pdf`);
const PDF_URI = `file://${PDF_PATH}`;
const base64 = (path: string) => readFileSync(path).toString("base64");

describe("the PDF view's requests over LSP", { timeout: 120_000 }, () => {
  let server: ChildProcess;
  let connection: MessageConnection;
  let text = "";
  const uri = "untitled:/records/S_PV.8700.txt";
  const labels = recordLabels(RECORD);
  /** The lines of the speech headers in the imported text, in order. */
  let headerLines: number[] = [];

  const locate = (u: string, line: number) =>
    connection.sendRequest(MESSAGES.locateInPdf.method, { uri: u, line }) as Promise<Located>;
  const pick = (u: string, page: number, x: number, y: number) =>
    connection.sendRequest(MESSAGES.pickInPdf.method, { uri: u, page, x, y }) as Promise<{
      line: number;
      character: number;
    } | null>;

  before(async () => {
    ({ server, connection } = spawnServer());
    connection.onNotification(() => {});
    connection.listen();
    await initialize(connection);
  });

  after(() => server.kill());

  it("imports a record's PDF: the transcript, its speeches and pages", async () => {
    const answer = (await connection.sendRequest(MESSAGES.importPdf.method, {
      pdf: PDF_URI,
      data: base64(PDF_PATH),
    })) as {
      ok: boolean;
      text: string;
      speeches: number;
      pages: number;
      symbol: string;
    };
    assert.equal(answer.ok, true);
    assert.equal(answer.speeches, labels.speeches.length);
    assert.equal(answer.symbol, "S/PV.8700");
    text = answer.text;
    // The same text the library gives.
    const local = await importPdf(readFileSync(PDF_PATH));
    assert.ok(local.ok);
    assert.equal(text, local.text);
    headerLines = text
      .split("\n")
      .flatMap((l, n) => (/^(?:The President|Mr\.|Mrs\.|Ms\.)[^:]{0,200}:/.test(l) ? [n] : []));
    assert.equal(headerLines.length, labels.speeches.length);
  });

  it("links the imported transcript with no second copy of the PDF, every word found", async () => {
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "transcript", version: 1, text },
    });
    const link = (await connection.sendRequest(MESSAGES.linkPdf.method, { uri, pdf: PDF_URI })) as {
      ok: boolean;
      matched: number;
      words: number;
      pages: { page: number }[];
    };
    assert.equal(link.ok, true);
    assert.equal(link.matched, link.words);
    assert.equal(link.pages.length, 12);
  });

  it("locates each speech header on its labelled page, its words' boxes as the import gives them", async () => {
    const local = await importPdf(readFileSync(PDF_PATH));
    assert.ok(local.ok);
    for (const [k, line] of headerLines.entries()) {
      const at = await locate(uri, line);
      assert.ok(at, `line ${line}`);
      assert.equal(at.page, labels.speeches[k].page, labels.speeches[k].header);
      assert.deepEqual(at.boxes, local.source.boxesOfLine(line));
      assert.ok(at.boxes.length >= 2);
    }
    // A blank line shows the page of the paragraph before it, with nothing marked.
    const blank = headerLines[1] - 1;
    assert.equal(text.split("\n")[blank], "");
    const at = await locate(uri, blank);
    assert.ok(at);
    assert.deepEqual(at.boxes, []);
    assert.ok(at.page >= 1);
  });

  it("takes a click on a word of a page back to that word in the text", async () => {
    for (const line of headerLines.slice(0, 5)) {
      const at = await locate(uri, line);
      assert.ok(at);
      const b = at.boxes[1];
      const hit = await pick(uri, at.page, b.x + b.width / 2, b.y + b.height / 2);
      assert.ok(hit);
      assert.equal(hit.line, line);
      const words = [...text.split("\n")[line].matchAll(/\S+/g)];
      assert.equal(hit.character, words[1].index);
    }
    // Between two lines of print, or in a margin: nothing.
    assert.equal(await pick(uri, 1, 2, 2), null);
  });

  it("follows edits: lines moved down by a paragraph added above keep their page and boxes", async () => {
    const before = await locate(uri, headerLines[3]);
    await connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "An editor's note.\n\n" },
      ],
    });
    const after = await locate(uri, headerLines[3] + 2);
    assert.deepEqual(after?.page, before?.page);
    assert.deepEqual(after?.boxes, before?.boxes);
    assert.equal(after?.words, (before?.words ?? 0) + 3);
    assert.deepEqual((await locate(uri, 0))?.boxes, []);
  });

  it("links a text another tool extracted (pdftotext -raw), its PDF sent again: speeches on their pages", async () => {
    const other = "file:///records/raw/S_PV.8700.txt";
    const raw = readFileSync(join(SC2020, "text", "raw", `${RECORD}.txt`), "utf8");
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri: other, languageId: "transcript", version: 1, text: raw },
    });
    const link = (await connection.sendRequest(MESSAGES.linkPdf.method, {
      uri: other,
      pdf: PDF_URI,
      data: base64(PDF_PATH),
    })) as {
      ok: boolean;
      matched: number;
      words: number;
    };
    assert.equal(link.ok, true);
    // The words not found are the page furniture, which the import leaves out.
    assert.ok(link.matched / link.words > 0.95, `${link.matched} / ${link.words}`);
    const lines = raw.split("\n");
    const first = lines.findIndex((l) => l.startsWith("The President:"));
    const at = await locate(other, first);
    assert.equal(at?.page, labels.speeches[0].page);
  });

  it("refuses what it cannot read, saying what it found, and answers null for a transcript not linked", async () => {
    const refused = async (params: Record<string, unknown>) =>
      (await connection.sendRequest(MESSAGES.importPdf.method, params)) as {
        ok: boolean;
        kind: string;
        message: string;
      };
    const password = await refused({
      pdf: "file:///user-password.pdf",
      data: base64(join(ROOT, "test", "fixtures", "pdf", "user-password.pdf")),
    });
    assert.deepEqual([password.ok, password.kind], [false, "password"]);
    assert.match(password.message, /password/);
    const notPdf = await refused({ pdf: "file:///x.pdf", data: Buffer.from("hello").toString("base64") });
    assert.deepEqual([notPdf.ok, notPdf.kind], [false, "not-a-pdf"]);
    const garbled = await refused({ pdf: "file:///x.pdf", data: "%%% not base64" });
    assert.equal(garbled.ok, false);
    const missing = await refused({ data: "" });
    assert.equal(missing.ok, false);
    assert.equal(await locate("file:///not-linked.txt", 3), null);
    assert.equal(await pick("file:///not-linked.txt", 1, 100, 100), null);
    assert.equal(
      await connection.sendRequest(MESSAGES.locateInPdf.method, { uri, line: -1 }),
      null,
      "an out-of-range line",
    );
    assert.equal(await locate(uri, 1_000_000), null);
  });

  it("forgets a transcript's link when the transcript is closed", async () => {
    assert.ok(await locate(uri, headerLines[0] + 2));
    await connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
    assert.equal(await locate(uri, headerLines[0] + 2), null);
  });
});
