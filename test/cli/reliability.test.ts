import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CLI, DAMAGED, ROOT, STACK, tempFiles, verbatim } from "./helpers";

// Issue 27, "Reliability, round two": what an adversarial review of the command line found, a
// test each (the suites below are named after the promise kept).

const RAW = join(ROOT, "test", "corpus", "sc2020", "text", "raw");

/** The CLI with its standard output going to `stdout` (a path opened for writing, such as /dev/full). */
function verbatimTo(stdout: string, args: string[]) {
  const fd = openSync(stdout, "w");
  try {
    const r = spawnSync(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", fd, "pipe"],
      timeout: 20000,
    });
    return { status: r.status, err: r.stderr };
  } finally {
    closeSync(fd);
  }
}

describe("the command line takes -- as the end of its options", () => {
  it("reads a file named like an option after --, for every command", () => {
    const dir = tempFiles({ "-r.txt": DAMAGED });
    const check = verbatim(["check", "--", "-r.txt"], { cwd: dir });
    assert.equal(check.status, 1, check.err);
    assert.match(check.out, /^-r\.txt:1:5 broken-hyphenation/m);
    const json = verbatim(["check", "--json", "--", "-r.txt"], { cwd: dir });
    assert.equal(JSON.parse(json.out)[0].file, "-r.txt");
    assert.equal(verbatim(["outline", "--", "-r.txt"], { cwd: dir }).status, 0);
    assert.match(verbatim(["fix", "--", "-r.txt"], { cwd: dir }).out, /^\+\+\+ -r\.txt/m);
    // Still an option before it.
    const unknown = verbatim(["check", "-r.txt"], { cwd: dir });
    assert.equal(unknown.status, 2);
    assert.match(unknown.err, /unknown option -r\.txt/);
  });

  it("import: a PDF named like an option after --", () => {
    const r = verbatim(["import", "--", "--help"]);
    assert.equal(r.status, 2);
    assert.match(r.err, /--help: no such file/);
    assert.doesNotMatch(r.out, /Usage/);
  });
});

describe("a write error on standard output is an error", () => {
  const dir = tempFiles({ "r.txt": DAMAGED });
  const file = join(dir, "r.txt");
  const commands = [
    ["check", file],
    ["check", "--json", file],
    ["outline", file],
    ["outline", "--json", file],
    ["fix", file],
    ["fix", "--json", file],
    ["export", file],
    ["export", "--format", "akn", file],
    ["import", join(ROOT, "test", "fixtures", "pdf", "record-2-pages.pdf")],
  ];

  it("> /dev/full: one line, exit status 2, no stack trace, for every command", {
    skip: !existsSync("/dev/full"),
  }, () => {
    for (const args of commands) {
      const r = verbatimTo("/dev/full", args);
      assert.equal(r.status, 2, `${args.join(" ")}: ${r.err}`);
      assert.match(r.err, /^verbatim: cannot write the output: no space left on device \(ENOSPC\)$/m, args.join(" "));
      assert.doesNotMatch(r.err, STACK);
      assert.equal(r.err.match(/cannot write/g)?.length, 1, r.err);
    }
  });

  it("a reader that stops early (EPIPE) ends it quietly", async () => {
    const child = spawn(process.execPath, [CLI, "check", RAW], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.stdout.once("data", () => child.stdout.destroy());
    const status = await new Promise<number | null>((done) => child.on("close", (code) => done(code)));
    assert.equal(status, 0, err);
    assert.equal(err, "");
  });
});
