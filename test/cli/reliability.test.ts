import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs, { closeSync, existsSync, linkSync, openSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it, mock } from "node:test";
import { fix } from "../../server/cli/batch";
import { createLanguageService } from "../../server/src/index";
import { CLI, DAMAGED, FIXED, ROOT, STACK, tempFiles, verbatim } from "./helpers";

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

describe("fix --write loses no edit saved while it writes", () => {
  const service = createLanguageService({ oneShot: true });
  const leftovers = (dir: string) => readdirSync(dir).filter((name) => name.includes(".verbatim-"));
  const edited = DAMAGED.replace("threat", "THREAT");
  const real = { fsyncSync: fs.fsyncSync, renameSync: fs.renameSync, writeFileSync: fs.writeFileSync };

  /**
   * Runs `fix --write` on `file` in this process; `during` runs once, when the backup has been
   * written and synced (the file system's calls are watched through node:fs). Returns the status,
   * the messages, and the file system's calls in order.
   */
  function fixWhile(file: string, during: () => void) {
    const calls: string[] = [];
    const fsCalls = ["openSync", "readSync", "readFileSync", "writeSync", "fsyncSync", "fstatSync", "closeSync"];
    for (const name of fsCalls) {
      const original = (fs as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
      mock.method(fs, name as "openSync", (...args: unknown[]) => {
        calls.push(name);
        const result = original.apply(fs, args);
        // The backup's own sync: what an editor saves now used to be lost.
        if (name === "fsyncSync" && isBackup(args[0] as number)) {
          calls.push("(the edit)");
          during();
          during = () => {};
        }
        return result;
      });
    }
    mock.method(fs, "renameSync", (...args: [string, string]) => {
      calls.push("renameSync");
      return real.renameSync(...args);
    });
    const isBackup = (fd: number) => {
      try {
        return fs.fstatSync(fd).ino === statSync(`${file}.bak`).ino;
      } catch {
        return false;
      }
    };
    const err: string[] = [];
    try {
      const status = fix(
        service,
        [file],
        { write: true, backup: true, unwrap: false, json: false },
        { out: () => {}, err: (s) => err.push(s) },
      );
      return { status, err: err.join("\n"), calls };
    } finally {
      mock.restoreAll();
    }
  }

  it("an edit saved in place while the backup is written: refused, the edit kept, no backup left", () => {
    const dir = tempFiles({ "r.txt": DAMAGED });
    const file = join(dir, "r.txt");
    const r = fixWhile(file, () => real.writeFileSync(file, edited));
    assert.ok(r.calls.includes("(the edit)"), "the edit was made");
    assert.equal(r.status, 2, r.err);
    assert.match(r.err, /r\.txt changed since it was read: not written/);
    assert.equal(readFileSync(file, "utf8"), edited);
    assert.ok(!existsSync(`${file}.bak`), "no backup of a run that wrote nothing");
    assert.deepEqual(leftovers(dir), []);
  });

  it("an edit saved by renaming a new file over it (as editors save): refused, the edit kept", () => {
    const dir = tempFiles({ "r.txt": DAMAGED });
    const file = join(dir, "r.txt");
    const r = fixWhile(file, () => {
      real.writeFileSync(`${file}.editor`, edited);
      real.renameSync(`${file}.editor`, file);
    });
    assert.equal(r.status, 2, r.err);
    assert.match(r.err, /r\.txt changed since it was read: not written/);
    assert.equal(readFileSync(file, "utf8"), edited);
    assert.ok(!existsSync(`${file}.bak`));
  });

  it("a file with several hard links, edited while the backup is written: refused, the edit kept", () => {
    const dir = tempFiles({ "r.txt": DAMAGED });
    const file = join(dir, "r.txt");
    linkSync(file, join(dir, "other-name"));
    const r = fixWhile(file, () => real.writeFileSync(file, edited));
    assert.equal(r.status, 2, r.err);
    assert.equal(readFileSync(join(dir, "other-name"), "utf8"), edited);
    assert.ok(!existsSync(`${file}.bak`));
  });

  it("the window: between the last read of the file and its replacement, only fstat and close", () => {
    const dir = tempFiles({ "r.txt": DAMAGED });
    const file = join(dir, "r.txt");
    const r = fixWhile(file, () => {});
    assert.equal(r.status, 0, r.err);
    assert.equal(readFileSync(file, "utf8"), FIXED);
    assert.equal(readFileSync(`${file}.bak`, "utf8"), DAMAGED, "the backup is the content read");
    const rename = r.calls.lastIndexOf("renameSync");
    const lastRead = Math.max(r.calls.lastIndexOf("readSync", rename), r.calls.lastIndexOf("readFileSync", rename));
    const window = r.calls.slice(lastRead + 1, rename);
    assert.deepEqual(
      window.filter((c) => c !== "fstatSync" && c !== "closeSync"),
      [],
      `calls in the window: ${window.join(", ")}`,
    );
  });
});

describe("export --out writes no file twice in a run", () => {
  it("two records of one name in different folders: both written, the second as NAME-2, and said", () => {
    const dir = tempFiles();
    const records: [string, string][] = [
      ["a/S_PV.1.txt", "Alpha"],
      ["b/S_PV.1.txt", "Bravo"],
      ["c/s_pv.1.txt", "Charlie"],
      ["d/S_PV.1-2.txt", "Delta"],
    ];
    for (const [path, word] of records) {
      fs.mkdirSync(join(dir, path, ".."), { recursive: true });
      fs.writeFileSync(join(dir, path), `Mr. Smith (Ireland): We thank you, ${word}.\n`);
    }
    const r = verbatim(["export", "--format", "akn", "--out", "out", "a", "b", "c", "d"], { cwd: dir });
    assert.equal(r.status, 0, r.err);
    const written = readdirSync(join(dir, "out")).sort();
    assert.deepEqual(written, ["S_PV.1-2-2.akn.xml", "S_PV.1-2.akn.xml", "S_PV.1.akn.xml", "s_pv.1-3.akn.xml"]);
    const holds = (name: string) => readFileSync(join(dir, "out", name), "utf8");
    assert.match(holds("S_PV.1.akn.xml"), /Alpha/);
    assert.match(holds("S_PV.1-2.akn.xml"), /Bravo/);
    assert.match(holds("s_pv.1-3.akn.xml"), /Charlie/);
    assert.match(holds("S_PV.1-2-2.akn.xml"), /Delta/);
    assert.match(r.err, /^b\/S_PV\.1\.txt: out\/S_PV\.1-2\.akn\.xml \(S_PV\.1\.akn\.xml is a\/S_PV\.1\.txt's\)$/m);
  });
});

describe("the CLI refuses a record larger than its limit, at once", () => {
  /** The CLI with VERBATIM_MAX_MB set (or not). */
  const withLimit = (mb: string | undefined, args: string[]) => {
    const env = { ...process.env };
    delete env.VERBATIM_MAX_MB;
    if (mb !== undefined) env.VERBATIM_MAX_MB = mb;
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8", env, timeout: 20000 });
    return { status: r.status, out: r.stdout, err: r.stderr };
  };

  it("a 300 MB file (sparse: made at once) is refused by its size, before it is read; the others are checked", () => {
    const dir = tempFiles({ "r.txt": DAMAGED });
    const huge = join(dir, "huge.txt");
    fs.writeFileSync(huge, "");
    fs.truncateSync(huge, 300 * 1024 * 1024);
    const r = withLimit(undefined, ["check", huge, join(dir, "r.txt")]);
    assert.equal(r.status, 2, r.err);
    assert.match(r.err, /^verbatim: .*huge\.txt: larger than 64 MB: skipped \(VERBATIM_MAX_MB=300 reads it\)$/m);
    assert.doesNotMatch(r.err, STACK);
    assert.match(r.out, /r\.txt: 4 problems/);
  });

  it("VERBATIM_MAX_MB sets the limit for check, outline, fix and export; a bad value is refused", () => {
    const dir = tempFiles({ "big.txt": DAMAGED.repeat(20), "small.txt": DAMAGED });
    for (const command of [["check"], ["outline"], ["fix"], ["export"], ["fix", "--write"]]) {
      const r = withLimit("0.001", [...command, join(dir, "big.txt"), join(dir, "small.txt")]);
      assert.equal(r.status, 2, `${command}: ${r.err}`);
      assert.match(r.err, /big\.txt: larger than 0\.001 MB: skipped \(VERBATIM_MAX_MB=1 reads it\)/, command.join(" "));
      assert.doesNotMatch(r.err, /small\.txt: larger/);
    }
    assert.equal(readFileSync(join(dir, "big.txt"), "utf8"), DAMAGED.repeat(20));
    assert.equal(readFileSync(join(dir, "small.txt"), "utf8"), FIXED);
    const bad = withLimit("lots", ["check", join(dir, "small.txt")]);
    assert.equal(bad.status, 2);
    assert.match(bad.err, /^verbatim: VERBATIM_MAX_MB must be a number of MB, not 'lots'$/m);
  });
});

describe("human output shows the control characters of names and texts, JSON stays exact", () => {
  const forged = "a\nb.txt:9:9 forged.txt";
  const red = "c\x1b[31mred.txt";

  it("check: a file name with a line break forges no line, an escape sequence reaches no terminal", () => {
    const dir = tempFiles({ [forged]: DAMAGED, [red]: DAMAGED });
    const r = verbatim(["check", "."], { cwd: dir });
    assert.equal(r.status, 1, r.err);
    assert.ok(!r.out.includes("\x1b"), "no escape character reaches the terminal");
    const lines = r.out.trimEnd().split("\n");
    assert.equal(lines.length, 5 + 1 + 5 + 2);
    for (const line of lines.slice(0, 5)) assert.ok(line.startsWith("a\\nb.txt:9:9 forged.txt:"), line);
    for (const line of lines.slice(6, 11)) assert.ok(line.startsWith("c\\x1b[31mred.txt:"), line);
    const json = verbatim(["check", "--json", "."], { cwd: dir });
    assert.deepEqual(
      JSON.parse(json.out).map((f: { file: string }) => f.file),
      [forged, red],
    );
    const outline = verbatim(["outline", forged], { cwd: dir });
    assert.match(outline.out, /^a\\nb\.txt:9:9 forged\.txt\n/);
    const fix = verbatim(["fix", forged], { cwd: dir });
    assert.match(fix.out, /^--- a\\nb\.txt:9:9 forged\.txt\t$/m);
    assert.match(fix.err, /^a\\nb\.txt:9:9 forged\.txt: would fix/m);
  });

  it("messages on standard error, the import's too: one line each, controls shown", () => {
    const r = verbatim(["check", "x\x1b[2J\ny.txt"]);
    assert.equal(r.status, 2);
    assert.equal(r.err, "verbatim: x\\x1b[2J\\ny.txt: no such file or folder\n");
    const pdf = verbatim(["import", "p\x1b]0;title\x07\u202e.pdf"]);
    assert.equal(pdf.status, 2);
    assert.equal(pdf.err, "verbatim: p\\x1b]0;title\\x07\\u202e.pdf: no such file\n");
    const option = verbatim(["check", "--\x1b[2J"]);
    assert.match(option.err, /^verbatim: unknown option --\\x1b\[2J$/m);
  });
});

describe("a full file system: every write reported, nothing half written", () => {
  /** A tmpfs of 256 KB, filled up, or undefined where it cannot be mounted (not root, a container). */
  function fullDisk(): string | undefined {
    const dir = tempFiles();
    if (spawnSync("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", dir]).status !== 0) return undefined;
    fs.writeFileSync(join(dir, "r.txt"), DAMAGED.repeat(40));
    try {
      fs.writeFileSync(join(dir, "filler"), Buffer.alloc(1024 * 1024));
    } catch {
      // Full: what was wanted.
    }
    return dir;
  }
  it("fix --write, export --out and standard output into a file there: exit 2, one line each", (t) => {
    const disk = process.platform === "linux" ? fullDisk() : undefined;
    if (!disk) {
      t.skip("no tmpfs can be mounted here");
      return;
    }
    try {
      const file = join(disk, "r.txt");
      const fixed = verbatim(["fix", "--write", file]);
      assert.equal(fixed.status, 2, fixed.err);
      assert.match(fixed.err, /^verbatim: .*r\.txt: ENOSPC: no space left on device/m);
      assert.equal(readFileSync(file, "utf8"), DAMAGED.repeat(40), "the file as it was");
      assert.deepEqual(
        readdirSync(disk).filter((n) => n !== "r.txt" && n !== "filler"),
        [],
        "no temporary file, no backup",
      );
      const exported = verbatim(["export", "--format", "akn", "--out", disk, file]);
      assert.equal(exported.status, 2, exported.err);
      assert.match(exported.err, /ENOSPC/);
      const json = verbatimTo(join(disk, "checked.json"), ["check", "--json", file]);
      assert.equal(json.status, 2, json.err);
      assert.match(json.err, /^verbatim: cannot write the output: no space left on device \(ENOSPC\)$/m);
      for (const r of [fixed, exported, json]) assert.doesNotMatch(r.err, STACK);
    } finally {
      spawnSync("umount", ["-l", disk]);
    }
  });
});
