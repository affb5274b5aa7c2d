import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { CLI, ROOT, STACK, tempFiles } from "./helpers";

// `verbatim import` on hostile PDFs (issue 27), each made at run time by
// test/fixtures/pdf/make-hostile.mjs: a refusal that says why (exit 2) or the transcript (exit 0),
// never a crash, in bounded time and memory. The memory budget is the issue's: the process's peak
// resident memory (its own maxRSS, reported at exit) at most 50 times the PDF's size plus 200 MB,
// and at most 1 GB.

const make = require("../fixtures/pdf/make-hostile.mjs") as Record<string, (...args: number[]) => Buffer> & {
  rotatePages(bytes: Uint8Array, rotate: number): Buffer;
};
const MB = 1024 * 1024;
const dir = tempFiles({
  // Loaded before the CLI: its peak resident memory, on standard error, as it exits.
  "rss.cjs": `process.on("exit", () => process.stderr.write("\\nmaxRSS " + process.resourceUsage().maxRSS + "\\n"));`,
});

function importHostile(name: string, bytes: Buffer) {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const size = statSync(file).size;
  // Not left behind (the zeros are 200 MB), whatever the test finds.
  const remove = () => rmSync(file, { force: true });
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--require", join(dir, "rss.cjs"), CLI, "import", file], {
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 64 * MB,
  });
  const ms = performance.now() - t0;
  remove();
  const kb = Number(/\nmaxRSS (\d+)\n/.exec(r.stderr)?.[1]);
  const err = r.stderr.replace(/\nmaxRSS \d+\n/, "");
  const budget = Math.min(50 * size + 200 * MB, 1024 * MB);
  assert.ok(kb > 0, `${name}: no maxRSS reported (${r.signal ?? r.status}): ${err}`);
  assert.ok(kb * 1024 <= budget, `${name}: peak ${Math.round(kb / 1024)} MB > budget ${Math.round(budget / MB)} MB`);
  assert.doesNotMatch(err, STACK);
  return { status: r.status, out: r.stdout, err, ms, mb: kb / 1024 };
}

describe("verbatim import: hostile PDFs in bounded memory", { timeout: 600_000 }, () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("200 MB of zeros after %PDF- (within the size limit): refused as damaged", () => {
    const r = importHostile("zeros.pdf", make.zeros(200 * MB - 1));
    assert.equal(r.status, 2);
    assert.match(r.err, /refused: not a PDF file, or a damaged one \(200 MB with no line end/);
  });

  it("a 1 MB flate bomb (1 GB inflated): refused, the stream's size said", () => {
    const r = importHostile("bomb.pdf", make.flateBomb(1024 * MB));
    assert.equal(r.status, 2);
    assert.match(r.err, /refused: a stream decodes to more than 8 MB: not read/);
  });

  it("an image bomb (40,000 × 40,000 pixels): imported, the image never decoded", () => {
    const r = importHostile("image.pdf", make.imageBomb(40000));
    assert.equal(r.status, 0, r.err);
    assert.match(r.out, /^The President:/);
  });

  it("300,000 text runs on one line: refused, the page said", () => {
    const r = importHostile("runs.pdf", make.manyRuns(300_000));
    assert.equal(r.status, 2);
    assert.match(r.err, /refused: page 1 has more than 20,000 runs of text: not read/);
  });

  it("5,000 pages: refused before reading them", () => {
    const r = importHostile("pages.pdf", make.manyPages(5000));
    assert.equal(r.status, 2);
    assert.match(r.err, /refused: 5000 pages: more than 500 pages are not read/);
  });

  it("a small file that prints a lot (one content stream drawn on 500 pages): refused past what a file of its size may hold", () => {
    const r = importHostile("dense.pdf", make.manyPages(500, 80));
    assert.equal(r.status, 2);
    assert.match(r.err, /refused: more than [\d,]+ characters of text for a file of \d+ kB by page \d+: not read/);
  });

  it("a path of 600,000 segments after a line of text (one operator to PDF.js, its arguments growing): imported", () => {
    const r = importHostile("path.pdf", make.pathBomb(600_000));
    assert.equal(r.status, 0, r.err);
  });

  it("as much text as a 10 kB file may hold: imported", () => {
    const r = importHostile("dense-text.pdf", make.denseText(560));
    assert.equal(r.status, 0, r.err);
  });

  it("control and escape characters in the text: none reaches standard output", () => {
    const r = importHostile("controls.pdf", make.controls());
    assert.equal(r.status, 0, r.err);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what the test looks for
    assert.doesNotMatch(r.out, /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E]/u);
  });

  it("a record with its pages turned (/Rotate 90): the transcript of the upright record, exit 0", () => {
    const upright = readFileSync(join(ROOT, "test", "fixtures", "pdf", "record-2-pages.pdf"));
    const plain = importHostile("upright.pdf", upright);
    const r = importHostile("turned.pdf", make.rotatePages(upright, 90));
    assert.equal(r.status, 0, r.err);
    assert.equal(r.out, plain.out);
  });

  it("a PDF that exhausts the import's heap: refused in one line, the next file still imported", () => {
    const out = join(dir, "out");
    const r = spawnSync(
      process.execPath,
      [
        CLI,
        "import",
        "--out",
        out,
        join(ROOT, "test", "corpus", "sc2020", "S_PV.8699.pdf"),
        join(ROOT, "test", "fixtures", "pdf", "record-2-pages.pdf"),
      ],
      // A heap too small for a long record (65 pages: it fits 32 MB now that the import no longer
      // builds the word map the command line never writes; a 2-page record fits 20), as a hostile
      // PDF past every limit would need.
      { encoding: "utf8", timeout: 120_000, env: { ...process.env, VERBATIM_PDF_HEAP_MB: "24" } },
    );
    assert.equal(r.status, 2, r.stderr);
    assert.match(
      r.stderr,
      /S_PV\.8699\.pdf: refused: reading it takes more memory than the import has \(24 MB of heap\)/,
    );
    assert.match(r.stderr, /record-2-pages\.txt \(S\/PV\.8700, 2 pages, 3 speeches\)/);
    assert.doesNotMatch(r.stderr, STACK);
  });
});
