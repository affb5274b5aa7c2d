import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CancellationTokenSource, type MessageConnection } from "vscode-jsonrpc/node";
import { parseOcrSidecar } from "../../shared/ocrSidecar";
import { MESSAGES, type PdfImportAnswer, type PdfImportParams, type PdfRefused } from "../../shared/protocol";
import { initialize, ROOT, spawnServer, until } from "./lspClient";

// Import PDF… on a scan, over LSP (issue 24): the text import refuses it with an offer (pages,
// language, the languages installed, an estimate); asked again with `ocr`, the server reads it by
// OCR in its PDF thread, reports each page as `$/progress` on the request's work-done token and
// answers the transcript with its doubtful words (a sidecar's text), its map linked for the view.
// Cancelled while Tesseract runs: RequestCancelled, no child process left, no temporary file, and
// the next import works. Needs tesseract (eng) and pdftoppm on PATH, as CI installs them.

const REQUEST_CANCELLED = -32800;
const SCAN = join(ROOT, "test", "corpus", "scans", "S_PV.492.p2-3.pdf");
const SMALL = join(ROOT, "test", "fixtures", "pdf", "record-2-pages.pdf");
const data = (path: string) => readFileSync(path).toString("base64");

type Progress = { kind: string; title?: string; message?: string; percentage?: number };
type Imported = Exclude<PdfImportAnswer, PdfRefused>;

/** The processes whose parent is `pid` and whose name is `name` (Linux's /proc; none elsewhere). */
function children(pid: number, names: RegExp): string[] {
  if (!existsSync("/proc/self/stat")) return [];
  const found: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // pid (comm) state ppid …: the name may hold spaces and parentheses, so read from the last ")".
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid && names.test(name)) found.push(`${entry} ${name}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

describe("Import PDF… on a scan: offered, read by OCR with progress, cancellable", { timeout: 600_000 }, () => {
  let server: ChildProcess;
  let connection: MessageConnection;
  const temp = mkdtempSync(join(tmpdir(), "verbatim-ocr-import-"));
  const progress = new Map<string | number, Progress[]>();
  const logged: string[] = [];

  before(async () => {
    // The server's temporary files go to a folder of the test's own, to be counted.
    ({ server, connection } = spawnServer({ TMPDIR: temp, TMP: temp, TEMP: temp }));
    connection.onNotification("$/progress", (p: { token: string | number; value: Progress }) => {
      const list = progress.get(p.token) ?? [];
      list.push(p.value);
      progress.set(p.token, list);
    });
    connection.onNotification("window/logMessage", (p: { message: string }) => {
      logged.push(p.message);
    });
    connection.onNotification(() => {});
    connection.listen();
    await initialize(connection, { capabilities: { window: { workDoneProgress: true } } });
  });

  after(() => {
    server.kill();
    rmSync(temp, { recursive: true, force: true });
  });

  const ask = (params: Omit<PdfImportParams, "pdf" | "data">, source?: CancellationTokenSource) => {
    const full = { pdf: `file://${SCAN}`, data: data(SCAN), ...params } satisfies PdfImportParams;
    return (
      source
        ? connection.sendRequest(MESSAGES.importPdf.method, full, source.token)
        : connection.sendRequest(MESSAGES.importPdf.method, full)
    ) as Promise<PdfImportAnswer>;
  };

  it("refuses the scan's poor OCR layer with an offer: its pages, English, the languages installed", async () => {
    const answer = await ask({});
    assert.equal(answer.ok, false);
    if (answer.ok) return;
    assert.equal(answer.kind, "ocr-layer");
    assert.match(answer.message, /too poor to import as it is/);
    assert.ok(answer.ocr, "an offer of OCR");
    assert.equal(answer.ocr.pages, 2);
    assert.equal(answer.ocr.lang, "eng");
    assert.ok(
      answer.ocr.languages.includes("eng") && answer.ocr.languages.includes("fra"),
      answer.ocr.languages.join(),
    );
    assert.ok(!answer.ocr.languages.includes("osd"));
    assert.ok(answer.ocr.seconds >= 3, `${answer.ocr.seconds} s`);
    assert.equal(answer.ocr.missing, undefined);
  });

  it("reads it by OCR, a progress report a page, and answers the transcript and its doubtful words", async () => {
    let ocrDone = false;
    const reading = ask({ ocr: true, workDoneToken: "ocr-1" }).finally(() => {
      ocrDone = true;
    });
    // Another PDF's import (a link's) is answered while Tesseract reads: the OCR's pages run in
    // child processes, and the PDF thread goes on meanwhile.
    const pid = server.pid ?? 0;
    await until("Tesseract at work", () => (children(pid, /tesseract|pdftoppm/).length ? true : undefined), 120_000);
    const other = (await connection.sendRequest(MESSAGES.importPdf.method, {
      pdf: `file://${SMALL}`,
      data: data(SMALL),
    })) as PdfImportAnswer;
    assert.ok(other.ok);
    assert.equal(ocrDone, false, "the text import was answered after the OCR");
    const answer = await reading;
    assert.ok(answer.ok, answer.ok ? "" : answer.message);
    if (!answer.ok) return;
    const record: Imported = answer;
    // Begun, one report a page (2), ended: the last notification may trail the answer a little.
    const seen = await until("the progress ended", () => {
      const list = progress.get("ocr-1") ?? [];
      return list.at(-1)?.kind === "end" ? list : undefined;
    });
    assert.deepEqual(
      seen.map((p) => p.kind),
      ["begin", "report", "report", "end"],
    );
    assert.equal(seen[0].title, "OCR");
    assert.deepEqual(
      seen.slice(1, 3).map((p) => [p.message, p.percentage]),
      [
        ["page 2 of 2", 50],
        ["2 pages read: laying out the transcript", 100],
      ],
    );
    assert.ok(record.text.includes("Complaint of aggression upon the Republic of Korea"));
    assert.equal(record.pages, 2);
    assert.ok(record.speeches >= 3, `${record.speeches} speeches`);
    assert.ok(record.ocr, "the OCR's report");
    assert.equal(record.ocr.lang, "eng");
    assert.deepEqual(record.ocr.leftOut, ["the right column (fr) of pages 1–2"]);
    assert.ok(record.ocr.words > 500 && record.ocr.meanConfidence > 50);
    // The doubtful words as a sidecar's text: each names a word of the transcript where it is.
    const marks = parseOcrSidecar(record.ocrWords ?? "");
    assert.equal(marks.length, record.ocr.doubtful);
    assert.ok(marks.length > 0);
    const lines = record.text.split("\n");
    for (const m of marks) assert.equal(lines[m.line]?.slice(m.start, m.end), m.word);
    // The view beside the text links to the OCR's word boxes, without the PDF's bytes again.
    const uri = "untitled:/scans/S_PV.492.p2-3.txt";
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "transcript", version: 1, text: record.text },
    });
    const link = (await connection.sendRequest(MESSAGES.linkPdf.method, { uri, pdf: `file://${SCAN}` })) as {
      ok: boolean;
      matched: number;
      words: number;
    };
    assert.ok(link.ok);
    assert.ok(link.matched / link.words > 0.99, `${link.matched} of ${link.words}`);
    const at = (await connection.sendRequest(MESSAGES.locateInPdf.method, {
      uri,
      line: lines.findIndex((l) => l.includes("Complaint of aggression")),
    })) as { page: number; boxes: unknown[] } | null;
    assert.equal(at?.page, 1);
    assert.ok(at?.boxes.length);
  });

  it("stops when cancelled: its programs killed, its files removed, and the next import works", async () => {
    const source = new CancellationTokenSource();
    const pending = ask({ ocr: true, workDoneToken: "ocr-2" }, source);
    // Mid-way: while Tesseract or pdftoppm runs for the server.
    const pid = server.pid ?? 0;
    await until("Tesseract at work", () => (children(pid, /tesseract|pdftoppm/).length ? true : undefined), 120_000);
    assert.ok(
      readdirSync(temp).some((f) => f.startsWith("verbatim-ocr-")),
      "the OCR's folder while it runs",
    );
    source.cancel();
    await assert.rejects(pending, { code: REQUEST_CANCELLED });
    await until("the programs stopped", () => (children(pid, /tesseract|pdftoppm/).length ? undefined : true));
    await until("the temporary folder removed", () =>
      readdirSync(temp).some((f) => f.startsWith("verbatim-ocr-")) ? undefined : true,
    );
    await until("the cancellation logged", () => logged.find((m) => /the OCR of file:.* was cancelled/.test(m)));
    await until("the progress ended", () => (progress.get("ocr-2")?.at(-1)?.kind === "end" ? true : undefined));
    assert.equal(server.exitCode, null);
    // The next imports: a text PDF, and the scan by OCR again.
    const text = (await connection.sendRequest(MESSAGES.importPdf.method, {
      pdf: `file://${SMALL}`,
      data: data(SMALL),
    })) as PdfImportAnswer;
    assert.ok(text.ok);
    const again = await ask({ ocr: true, lang: "en" });
    assert.ok(again.ok, again.ok ? "" : again.message);
    assert.deepEqual(readdirSync(temp), []);
  });

  it("refuses a language that is no OCR language, and says what to install for one not installed", async () => {
    const bad = await ask({ ocr: true, lang: "../../etc" });
    assert.deepEqual([bad.ok, !bad.ok && bad.kind], [false, "not-read"]);
    const missing = await ask({ ocr: true, lang: "kor" });
    assert.equal(missing.ok, false);
    if (!missing.ok) assert.match(missing.message, /install tesseract-ocr-kor/);
  });
});

describe("Import PDF… on a scan with no OCR engine installed", { timeout: 120_000 }, () => {
  let server: ChildProcess;
  let connection: MessageConnection;

  before(async () => {
    // No tesseract, no pdftoppm on PATH (the server itself is started by its path).
    ({ server, connection } = spawnServer({ PATH: join(ROOT, "no-such-folder") }));
    connection.onNotification(() => {});
    connection.listen();
    await initialize(connection);
  });

  after(() => server.kill());

  it("offers no OCR but says what to install, and refuses the OCR saying so", async () => {
    const params = { pdf: `file://${SCAN}`, data: data(SCAN) } satisfies PdfImportParams;
    const offered = (await connection.sendRequest(MESSAGES.importPdf.method, params)) as PdfImportAnswer;
    assert.equal(offered.ok, false);
    if (offered.ok) return;
    assert.equal(offered.ocr?.pages, 2);
    assert.match(
      offered.ocr?.missing ?? "",
      /the OCR needs tesseract and pdftoppm, not found on PATH: install Tesseract 5/,
    );
    assert.match(offered.ocr?.missing ?? "", /apt-get install tesseract-ocr poppler-utils/);
    const read = (await connection.sendRequest(MESSAGES.importPdf.method, { ...params, ocr: true })) as PdfImportAnswer;
    assert.equal(read.ok, false);
    if (!read.ok) assert.match(read.message, /apt-get install tesseract-ocr poppler-utils/);
  });
});
