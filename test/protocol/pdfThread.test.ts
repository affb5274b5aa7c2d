import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CancellationTokenSource, type MessageConnection } from "vscode-jsonrpc/node";
import { MESSAGES } from "../../shared/protocol";
import { SC2020 } from "../corpus/records";
import { initialize, ROOT, spawnServer, until } from "./lspClient";

// The PDF thread under load and failure (issue 27): a locate or a pick never waits behind an
// import; a cancelled import stops between pages; a PDF thread that runs out of memory ends
// alone (its own heap limit), its request answered with an error, the server going on and the
// next request starting another thread.

const REQUEST_CANCELLED = -32800;
const REQUEST_FAILED = -32803;
const SMALL = join(ROOT, "test", "fixtures", "pdf", "record-2-pages.pdf");
const LONG = join(SC2020, "S_PV.8699.pdf");
const base64 = (path: string) => readFileSync(path).toString("base64");

describe("the PDF thread: imports do not hold up the view, and can be cancelled", { timeout: 120_000 }, () => {
  let server: ChildProcess;
  let connection: MessageConnection;
  const logged: string[] = [];
  const uri = "untitled:/records/S_PV.8700-2.txt";

  before(async () => {
    ({ server, connection } = spawnServer());
    connection.onNotification("window/logMessage", (p: { message: string }) => {
      logged.push(p.message);
    });
    connection.onNotification(() => {});
    connection.listen();
    await initialize(connection);
    const imported = (await connection.sendRequest(MESSAGES.importPdf.method, {
      pdf: `file://${SMALL}`,
      data: base64(SMALL),
    })) as { ok: boolean; text: string };
    assert.ok(imported.ok);
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "transcript", version: 1, text: imported.text },
    });
    const link = (await connection.sendRequest(MESSAGES.linkPdf.method, { uri, pdf: `file://${SMALL}` })) as {
      ok: boolean;
    };
    assert.ok(link.ok);
  });

  after(() => server.kill());

  const locate = () =>
    connection.sendRequest(MESSAGES.locateInPdf.method, { uri, line: 0 }) as Promise<{ page: number } | null>;

  it("answers locate and pick while a long import runs", async () => {
    let importDone = false;
    const long = connection
      .sendRequest(MESSAGES.importPdf.method, { pdf: `file://${LONG}`, data: base64(LONG) })
      .then((a) => {
        importDone = true;
        return a as { ok: boolean; pages: number };
      });
    const at = await locate();
    assert.equal(at?.page, 1);
    const hit = await connection.sendRequest(MESSAGES.pickInPdf.method, { uri, page: 1, x: 2, y: 2 });
    assert.equal(hit, null);
    assert.equal(importDone, false, "the locate and the pick were answered before the import");
    const answer = await long;
    assert.ok(answer.ok);
    assert.equal(answer.pages, 65);
  });

  it("stops a cancelled import between pages, answering RequestCancelled", async () => {
    const source = new CancellationTokenSource();
    const long = connection.sendRequest(
      MESSAGES.importPdf.method,
      { pdf: "file:///elsewhere/S_PV.8699.pdf", data: base64(LONG) },
      source.token,
    );
    // The import is under way once a locate sent after it is answered (it runs between its pages).
    assert.ok(await locate());
    source.cancel();
    await assert.rejects(long, { code: REQUEST_CANCELLED });
    const note = await until("the cancellation logged", () =>
      logged.find((m) => /the import of file:\/\/\/elsewhere\/S_PV\.8699\.pdf was cancelled/.test(m)),
    );
    // Between two pages (or before the first): never after the last.
    const [, page] = /cancelled (?:after page (\d+) of 65|before its first page was read)$/.exec(note) ?? [];
    assert.ok(page === undefined || Number(page) < 65, note);
    assert.match(note, /cancelled (after page \d+ of 65|before its first page was read)$/);
    // The thread goes on: the next import is answered.
    const again = (await connection.sendRequest(MESSAGES.importPdf.method, {
      pdf: `file://${SMALL}`,
      data: base64(SMALL),
    })) as { ok: boolean };
    assert.ok(again.ok);
  });
});

describe("the PDF thread against hostile PDFs", { timeout: 120_000 }, () => {
  let server: ChildProcess;
  let connection: MessageConnection;

  before(async () => {
    ({ server, connection } = spawnServer());
    connection.onNotification(() => {});
    connection.listen();
    await initialize(connection);
  });

  after(() => server.kill());

  it("refuses a flate bomb and 300,000 runs on one line, saying why, and goes on", async () => {
    const make = require("../fixtures/pdf/make-hostile.mjs") as Record<string, (n: number) => Buffer>;
    const ask = (name: string, bytes: Buffer) =>
      connection.sendRequest(MESSAGES.importPdf.method, {
        pdf: `file:///hostile/${name}`,
        data: bytes.toString("base64"),
      }) as Promise<{
        ok: boolean;
        kind: string;
        message: string;
      }>;
    const bomb = await ask("bomb.pdf", make.flateBomb(1 << 30));
    assert.deepEqual([bomb.ok, bomb.kind], [false, "too-large"]);
    assert.match(bomb.message, /a stream decodes to more than 8 MB/);
    const runs = await ask("runs.pdf", make.manyRuns(300_000));
    assert.deepEqual([runs.ok, runs.kind], [false, "too-large"]);
    assert.match(runs.message, /page 1 has more than 20,000 runs of text/);
    const fine = await ask("record.pdf", readFileSync(SMALL));
    assert.equal(fine.ok, true);
  });
});

describe("the PDF thread out of memory", { timeout: 120_000 }, () => {
  let server: ChildProcess;
  let connection: MessageConnection;
  let stderr: () => string;
  const make = require("../fixtures/pdf/make-hostile.mjs") as { record(): Buffer };
  const small = make.record();

  before(async () => {
    // A heap too small for a long record (not for a page): the reader runs out of memory as a
    // hostile PDF would make it.
    ({ server, connection, stderr } = spawnServer({ VERBATIM_PDF_HEAP_MB: "32" }));
    connection.onNotification(() => {});
    connection.listen();
    await initialize(connection);
  });

  after(() => server.kill());

  const importSmall = () =>
    connection.sendRequest(MESSAGES.importPdf.method, {
      pdf: "file:///small.pdf",
      data: small.toString("base64"),
    }) as Promise<{
      ok: boolean;
      text: string;
    }>;

  it("answers the import with an error; the server, the links and the next import go on", async () => {
    // A PDF of under 4 kB (its bytes a view of Node's shared pool) is read as itself.
    const first = await importSmall();
    assert.ok(first.ok);
    const uri = "untitled:/small.txt";
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "transcript", version: 1, text: first.text },
    });
    const link = (await connection.sendRequest(MESSAGES.linkPdf.method, { uri, pdf: "file:///small.pdf" })) as {
      ok: boolean;
    };
    assert.ok(link.ok);
    await assert.rejects(
      connection.sendRequest(MESSAGES.importPdf.method, { pdf: `file://${LONG}`, data: base64(LONG) }),
      (e: { code: number; message: string }) => e.code === REQUEST_FAILED && /the PDF thread failed/.test(e.message),
    );
    assert.equal(server.exitCode, null, stderr());
    assert.equal(server.signalCode, null);
    // The server answers; the link, in the other PDF thread, still does; a new reader imports.
    const symbols = await connection.sendRequest("workspace/symbol", { query: "" });
    assert.ok(Array.isArray(symbols));
    const at = (await connection.sendRequest(MESSAGES.locateInPdf.method, { uri, line: 0 })) as { page: number } | null;
    assert.equal(at?.page, 1);
    assert.ok((await importSmall()).ok);
  });
});
