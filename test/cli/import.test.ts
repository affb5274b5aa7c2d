import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CLI, ROOT, STACK, tempFiles, verbatim } from "./helpers";

const FIXTURES = join(ROOT, "test", "fixtures", "pdf");
const RECORD = join(FIXTURES, "record-2-pages.pdf");
const fixture = (name: string) => join(FIXTURES, name);

describe("verbatim import", () => {
  it("writes one PDF's transcript to standard output, a line about it on standard error, exit 0", () => {
    const r = verbatim(["import", RECORD]);
    assert.equal(r.status, 0, r.err);
    assert.ok(r.out.startsWith("United Nations S/PV.8700\nSecurity Council Provisional\n"));
    assert.match(
      r.out,
      /\n\nThe President: In accordance with rule 37 of the Council’s provisional rules of procedure, I invite/,
    );
    assert.ok(r.out.endsWith("\n") && !r.out.endsWith("\n\n"));
    assert.equal(r.err, `${RECORD}: S/PV.8700, 2 pages, 3 speeches\n`);
    // No progress lines when standard error is no terminal.
    assert.doesNotMatch(r.err, /page 1\/2/);
    // What it writes, Verbatim reads back: the same three speeches.
    const dir = tempFiles({ "S_PV.8700.txt": r.out });
    const outline = verbatim(["outline", join(dir, "S_PV.8700.txt")]);
    assert.match(
      outline.out,
      /The President — .*\n.*Mr\. Nebenzia \(Russian Federation\) \(spoke in Russian\) — .*\n.*Mr\. Pecsteen de Buytswerve \(Belgium\) — /,
    );
  });

  it("reads a small record without loading Node's fetch or child processes (start-up)", () => {
    // PDF.js's polyfill of Response.prototype.bytes would load undici; the OCR's child processes
    // are loaded only for a scan (bench/startup.ts measures what each costs).
    const dir = tempFiles({
      "loaded.cjs":
        'process.on("exit", () => process.stderr.write("\\nloaded: " + process.moduleLoadList.join("|") + "\\n"));\n',
    });
    const r = spawnSync(process.execPath, ["-r", join(dir, "loaded.cjs"), CLI, "import", RECORD], {
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.startsWith("United Nations S/PV.8700\n"));
    const loaded = /\nloaded: (.*)\n/.exec(r.stderr)?.[1].split("|") ?? [];
    assert.ok(loaded.includes("NativeModule fs"), "the list of modules is read");
    assert.deepEqual(
      loaded.filter((m) => /undici|child_process/.test(m)),
      [],
    );
  });

  it("shows a progress line per page on a terminal (standard error), rewritten in place", {
    skip: !existsSync("/usr/bin/script"),
  }, () => {
    // util-linux's `script` runs the command on a pseudo-terminal; standard output goes to /dev/null.
    const cli = join(ROOT, "server", "out", "cli.js");
    const shown = execFileSync(
      "script",
      ["-qec", `"${process.execPath}" "${cli}" import "${RECORD}" > /dev/null`, "/dev/null"],
      {
        encoding: "utf8",
        timeout: 20000,
      },
    );
    const clear = "\x1b[K"; // erases the rest of the line
    assert.ok(shown.includes(`\rrecord-2-pages.pdf: page 1/2${clear}\rrecord-2-pages.pdf: page 2/2${clear}`), shown);
    assert.match(shown, /record-2-pages\.pdf: S\/PV\.8700, 2 pages, 3 speeches/);
  });

  it("--keep-lines keeps the PDF's lines", () => {
    const r = verbatim(["import", "--keep-lines", RECORD]);
    assert.equal(r.status, 0, r.err);
    assert.match(
      r.out,
      /\nThe President: In accordance with rule 37 of\nthe Council’s provisional rules of procedure, I invite\n/,
    );
  });

  it("needs --out for several files, and writes NAME.txt for each NAME.pdf there", () => {
    const dir = tempFiles();
    copyFileSync(RECORD, join(dir, "S_PV.8700.pdf"));
    copyFileSync(fixture("owner-password.pdf"), join(dir, "locked.PDF"));
    const without = verbatim(["import", join(dir, "S_PV.8700.pdf"), join(dir, "locked.PDF")]);
    assert.equal(without.status, 2);
    assert.match(without.err, /^verbatim: several files need --out DIR\n/);
    const out = join(dir, "texts");
    const r = verbatim(["import", "--out", out, join(dir, "S_PV.8700.pdf"), join(dir, "locked.PDF")]);
    assert.equal(r.status, 0, r.err);
    assert.deepEqual(readdirSync(out).sort(), ["S_PV.8700.txt", "locked.txt"]);
    assert.equal(readFileSync(join(out, "S_PV.8700.txt"), "utf8"), readFileSync(join(out, "locked.txt"), "utf8"));
    assert.match(
      r.err,
      new RegExp(`${join(out, "S_PV.8700.txt").replace(/[.]/g, "\\.")} \\(S/PV\\.8700, 2 pages, 3 speeches\\)`),
    );
  });

  it("never overwrites a file in --out: that file is refused (exit 2), the others are written", () => {
    const dir = tempFiles({ "S_PV.8700.txt": "my edits\n" });
    copyFileSync(RECORD, join(dir, "S_PV.8700.pdf"));
    copyFileSync(RECORD, join(dir, "other.pdf"));
    const r = verbatim(["import", "--out", dir, join(dir, "S_PV.8700.pdf"), join(dir, "other.pdf")]);
    assert.equal(r.status, 2);
    assert.match(r.err, /S_PV\.8700\.txt exists: not overwritten/);
    assert.equal(readFileSync(join(dir, "S_PV.8700.txt"), "utf8"), "my edits\n");
    assert.ok(existsSync(join(dir, "other.txt")));
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.endsWith(".tmp")),
      [],
    );
  });

  it("refuses, with a message and exit 2, a PDF with a user password, a scanned one (no OCR engine installed) and one that is no record; the others are still imported", () => {
    const out = join(tempFiles(), "out");
    // No Tesseract on PATH (test/unit/ocr.test.ts reads scans with it).
    const r = verbatim(
      [
        "import",
        "--out",
        out,
        fixture("user-password.pdf"),
        fixture("scanned.pdf"),
        fixture("not-a-record.pdf"),
        RECORD,
      ],
      { env: { PATH: join(ROOT, "no-such-folder") } },
    );
    assert.equal(r.status, 2);
    assert.doesNotMatch(r.err, STACK);
    assert.match(r.err, /user-password\.pdf: refused: it is protected by a password/);
    assert.match(
      r.err,
      /scanned\.pdf: no text layer: 1 page with no text \(a scanned or image-only PDF\): reading it by OCR/,
    );
    assert.match(
      r.err,
      /scanned\.pdf: refused: the OCR needs tesseract and pdftoppm, not found on PATH: install Tesseract 5 .*apt-get install tesseract-ocr poppler-utils/,
    );
    assert.match(r.err, /not-a-record\.pdf: refused: no UN verbatim record/);
    // Nothing written for a refused file, not even an empty one.
    assert.deepEqual(readdirSync(out), ["record-2-pages.txt"]);
  });

  it("reads a PDF with an owner password only", () => {
    const r = verbatim(["import", fixture("owner-password.pdf")]);
    assert.equal(r.status, 0, r.err);
    assert.equal(r.out, verbatim(["import", RECORD]).out);
  });

  it("reads regular files only, within a size limit, and reports a missing file or a text file named .pdf", () => {
    const dir = tempFiles({ "notes.pdf": "Mr. Smith (France): these are notes.\n" });
    execFileSync("mkfifo", [join(dir, "fifo.pdf")]);
    writeFileSync(join(dir, "huge.pdf"), "%PDF-1.7\n");
    truncateSync(join(dir, "huge.pdf"), 201 * 1024 * 1024);
    const r = verbatim([
      "import",
      "--out",
      join(dir, "out"),
      join(dir, "fifo.pdf"),
      join(dir, "huge.pdf"),
      join(dir, "missing.pdf"),
      join(dir, "notes.pdf"),
      "/dev/null",
    ]);
    assert.equal(r.timedOut, false);
    assert.equal(r.status, 2);
    assert.doesNotMatch(r.err, STACK);
    assert.match(r.err, /fifo\.pdf: a FIFO, not a regular file: skipped/);
    assert.match(r.err, /huge\.pdf: larger than 200 MB: skipped/);
    assert.match(r.err, /missing\.pdf: no such file/);
    assert.match(r.err, /notes\.pdf: refused: not a PDF file/);
    assert.match(r.err, /\/dev\/null: a character device, not a regular file: skipped/);
    assert.deepEqual(readdirSync(join(dir, "out")), []);
  });

  it("answers usage errors with exit 2", () => {
    assert.equal(verbatim(["import"]).status, 2);
    assert.match(verbatim(["import", "--bogus", RECORD]).err, /unknown option --bogus/);
    const file = join(tempFiles({ x: "a file" }), "x");
    const r = verbatim(["import", "--out", file, RECORD]);
    assert.equal(r.status, 2);
    assert.match(r.err, /--out .*: a file, not a folder/);
    const help = verbatim(["import", "--help"]);
    assert.equal(help.status, 0);
    assert.match(help.out, /^Usage: verbatim import FILE\.pdf… \[--out DIR\] \[--keep-lines\]/);
    assert.match(verbatim(["--help"]).out, /import FILE\.pdf… {4}a record's PDF as a transcript/);
  });
});
