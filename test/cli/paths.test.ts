// The scripts and the command line from a folder whose path holds a space and a letter outside
// ASCII: a root computed as `new URL(…).pathname` is percent-encoded there (`verbatim%20%C3%BC`),
// and finds nothing.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ROOT } from "./helpers";

describe("a checkout whose path holds a space and a non-ASCII letter", () => {
  let dir = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "verbatim ü test-"));
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("runs scripts/test.mjs, which finds the test files there", () => {
    mkdirSync(join(dir, "scripts"));
    copyFileSync(join(ROOT, "scripts", "test.mjs"), join(dir, "scripts", "test.mjs"));
    mkdirSync(join(dir, "test", "unit"), { recursive: true });
    writeFileSync(
      join(dir, "test", "unit", "here.test.ts"),
      'import { it } from "node:test";\nit("runs", () => {});\n',
    );
    // Without NODE_TEST_CONTEXT, which makes a test process under this runner report to it.
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    const r = spawnSync(process.execPath, [join(dir, "scripts", "test.mjs"), "unit"], {
      cwd: tmpdir(),
      env,
      encoding: "utf8",
      timeout: 60000,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^tests: 1 passed, 0 failed$/m);
  });

  it("runs the command line from there: its data, its PDF thread and PDF.js beside it", () => {
    const out = join(dir, "server", "out");
    mkdirSync(out, { recursive: true });
    for (const file of ["cli.js", "cli-code.js", "cli-text-code.js", "pdf-worker.js", "pdf-worker-code.js"])
      copyFileSync(join(ROOT, "server", "out", file), join(out, file));
    cpSync(join(ROOT, "server", "out", "pdfjs"), join(out, "pdfjs"), { recursive: true });
    symlinkSync(join(ROOT, "server", "data"), join(dir, "server", "data"), "dir");
    const cli = (args: string[]) =>
      spawnSync(process.execPath, [join(out, "cli.js"), ...args], { cwd: dir, encoding: "utf8", timeout: 60000 });

    copyFileSync(join(ROOT, "samples", "S_PV.9001.txt"), join(dir, "S_PV.9001 ü.txt"));
    const outline = cli(["outline", "S_PV.9001 ü.txt"]);
    assert.equal(outline.status, 0, outline.stderr);
    assert.match(outline.stdout, /President/);

    copyFileSync(join(ROOT, "test", "fixtures", "pdf", "record-2-pages.pdf"), join(dir, "récord 2.pdf"));
    const imported = cli(["import", "récord 2.pdf", "--out", "."]);
    assert.equal(imported.status, 0, imported.stderr);
    const again = cli(["outline", "récord 2.txt"]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /\S/);
  });
});
