// Batch runs over real records (test/corpus): --jobs, --shard, --manifest. No timing: what is
// asserted is what the runs print and record.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  watch,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { inLanes } from "../../server/cli/batch";
import { CLI, ROOT, tempFiles } from "./helpers";

const CORPUS = join(ROOT, "test", "corpus");

/** The CLI, with time enough for a corpus on a loaded machine (a limit, so that a hang fails). */
function verbatim(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: "utf8",
    timeout: 300_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  assert.equal(r.error, undefined, String(r.error));
  return { status: r.status, out: r.stdout, err: r.stderr };
}

/**
 * A folder of real records: the ten Security Council records of January 2020 as PDF.js gives
 * them, in one folder, and the first `speeches` General Debate speeches in another, with one
 * binary file among them (a file that fails, in the middle of the list).
 */
function records(speeches = 24): string {
  const dir = tempFiles();
  const sc = join(dir, "sc2020");
  const gd = join(dir, "ungdc");
  mkdirSync(sc);
  mkdirSync(gd);
  const from = join(CORPUS, "sc2020", "text", "pdfjs");
  for (const f of readdirSync(from).filter((f) => f.endsWith(".txt"))) copyFileSync(join(from, f), join(sc, f));
  const names = readdirSync(join(CORPUS, "ungdc"))
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .slice(0, speeches);
  for (const f of names) copyFileSync(join(CORPUS, "ungdc", f), join(gd, f));
  writeFileSync(join(gd, "BIN_00_0000.txt"), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0xff, 0xfe]));
  return dir;
}

/** The files a check --json run gave, in its order. */
const checked = (out: string): string[] => (JSON.parse(out) as { file: string }[]).map((r) => r.file);

/** The files named in check's text output, in the order of their summary lines. */
const summarised = (out: string): string[] =>
  [...out.matchAll(/^(\S+\.txt): (?:\d+ problems? \(|no problems)/gm)].map((m) => m[1]);

describe("batch runs: --jobs", () => {
  const dir = records();

  for (const args of [["check"], ["check", "--json"], ["outline"], ["outline", "--json"], ["fix"], ["export"]]) {
    it(`${args.join(" ")}: the same output, exit status and messages with --jobs 1 and --jobs 2`, () => {
      const one = verbatim([...args, "--jobs", "1", "sc2020", "ungdc"], dir);
      const two = verbatim([...args, "--jobs", "2", "sc2020", "ungdc"], dir);
      assert.equal(one.err.includes("BIN_00_0000.txt"), true, one.err);
      assert.equal(two.status, one.status);
      assert.equal(two.out, one.out);
      assert.equal(two.err, one.err);
      assert.ok(one.out.length > 10_000, "the records gave output");
    });
  }

  it("prints the files in input order: the folders as given, each walked in name order", () => {
    const r = verbatim(["check", "--jobs", "2", "ungdc", "sc2020"], dir);
    const names = (sub: string) =>
      readdirSync(join(dir, sub))
        .filter((f) => !f.startsWith("BIN"))
        .sort()
        .map((f) => `${sub}/${f}`);
    assert.deepEqual(summarised(r.out), [...names("ungdc"), ...names("sc2020")]);
    assert.equal(r.status, 2, "the binary file makes the exit status 2");
    assert.match(r.out, /\n34 files checked: \d+ problems in \d+ files/);
  });

  it("export --format csv --out: the same tables with --jobs 1 and --jobs 2", () => {
    const one = verbatim(["export", "--format", "csv", "--out", "one", "--jobs", "1", "sc2020"], dir);
    const two = verbatim(["export", "--format", "csv", "--out", "two", "--jobs", "2", "sc2020"], dir);
    assert.equal(one.status, 0, one.err);
    assert.equal(two.status, 0, two.err);
    for (const table of ["speeches.csv", "votes.csv"])
      assert.equal(readFileSync(join(dir, "two", table), "utf8"), readFileSync(join(dir, "one", table), "utf8"));
    assert.match(one.err, /speeches\.csv: [1-9]\d+ rows/);
    assert.equal(two.err.replaceAll("two/", "one/"), one.err);
  });

  it("fix --write: the same files written with --jobs 1 and --jobs 2", () => {
    const a = records(12);
    const b = records(12);
    const one = verbatim(["fix", "--write", "--no-backup", "--jobs", "1", "."], a);
    const two = verbatim(["fix", "--write", "--no-backup", "--jobs", "2", "."], b);
    assert.equal(two.status, one.status);
    assert.equal(two.err, one.err);
    assert.match(one.err, /fixed \d+/);
    for (const sub of ["sc2020", "ungdc"])
      for (const f of readdirSync(join(a, sub)))
        assert.equal(readFileSync(join(b, sub, f), "utf8"), readFileSync(join(a, sub, f), "utf8"), f);
  });

  it("refuses a number of jobs that is not one", () => {
    for (const bad of ["0", "-1", "two", ""]) {
      const r = verbatim(["check", "--jobs", bad, "ungdc"], dir);
      assert.equal(r.status, 2);
      assert.match(r.err, /--jobs/);
    }
  });
});

describe("batch runs: --shard", () => {
  const dir = records();
  const all = checked(verbatim(["check", "--json", "sc2020", "ungdc"], dir).out);

  it("shards partition the inputs: every file in exactly one of them", () => {
    const shards = [0, 1, 2].map((i) =>
      checked(verbatim(["check", "--json", `--shard=${i}/3`, "sc2020", "ungdc"], dir).out),
    );
    for (const s of shards) assert.ok(s.length > 0, "each shard has files");
    const union = shards.flat();
    assert.equal(union.length, all.length, "no file in two shards");
    assert.deepEqual([...union].sort(), [...all].sort());
    // In input order within a shard.
    for (const s of shards)
      assert.deepEqual(
        s,
        all.filter((f) => s.includes(f)),
      );
  });

  it("is the same partition when the folder is named by another path (another machine's mount)", () => {
    symlinkSync(dir, `${dir}-mounted`);
    const here = checked(verbatim(["check", "--json", "--shard", "1/3", "ungdc"], dir).out);
    const there = checked(verbatim(["check", "--json", "--shard", "1/3", `${dir}-mounted/ungdc`], dir).out);
    assert.deepEqual(
      there.map((f) => f.slice(`${dir}-mounted/`.length)),
      here,
    );
  });

  it("refuses a shard outside 0…N-1", () => {
    for (const bad of ["3/3", "1/0", "1", "a/b", "-1/3"]) {
      const r = verbatim(["check", "--shard", bad, "ungdc"], dir);
      assert.equal(r.status, 2, bad);
      assert.match(r.err, /--shard must be I\/N/);
    }
  });
});

interface Entry {
  path: string;
  sha256: string | null;
  status: string;
  exit: number;
  command: string;
}
/** The manifest's lines (a line cut short, as an interruption leaves it, passed over). */
const entries = (file: string): Entry[] =>
  readFileSync(file, "utf8")
    .split("\n")
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Entry];
      } catch {
        return [];
      }
    });

describe("batch runs: --manifest", () => {
  it("records each file done; a rerun skips them, with the same exit status, and redoes a changed one", () => {
    const dir = records(6);
    const first = verbatim(["check", "--jobs", "2", "--manifest", "done.jsonl", "ungdc"], dir);
    assert.equal(first.status, 2);
    const recorded = entries(join(dir, "done.jsonl"));
    assert.deepEqual(
      recorded.map((e) => [e.path, e.status]),
      [
        ["ungdc/AFG_50_1995.txt", "done"],
        ["ungdc/ALB_63_2008.txt", "done"],
        ["ungdc/ARE_54_1999.txt", "done"],
        ["ungdc/ARG_68_2013.txt", "done"],
        ["ungdc/ATG_61_2006.txt", "done"],
        ["ungdc/AUS_53_1998.txt", "done"],
        ["ungdc/BIN_00_0000.txt", "failed"],
      ],
    );
    assert.match(recorded[0].sha256 ?? "", /^[0-9a-f]{64}$/);
    assert.equal(recorded[0].command, "check");

    const again = verbatim(["check", "--jobs", "2", "--manifest", "done.jsonl", "ungdc"], dir);
    // Only the binary file, which failed, is tried again.
    assert.equal(again.out, "");
    assert.match(again.err, /BIN_00_0000\.txt: binary file/);
    assert.match(again.err, /6 files done before and unchanged \(done\.jsonl\): skipped/);
    assert.equal(again.status, 2);

    appendFileSync(join(dir, "ungdc", "ARE_54_1999.txt"), "\nThe meeting rose at 1 p.m.\n");
    writeFileSync(join(dir, "ungdc", "BIN_00_0000.txt"), "Mr. Smith (Ireland): We thank you.\n");
    const changed = verbatim(["check", "--manifest", "done.jsonl", "ungdc"], dir);
    assert.deepEqual(summarised(changed.out), ["ungdc/ARE_54_1999.txt", "ungdc/BIN_00_0000.txt"]);
    assert.match(changed.err, /5 files done before and unchanged/);
    // The skipped files' recorded exit status (1: problems found) is the run's.
    assert.equal(changed.status, 1);
    const done = verbatim(["check", "--manifest", "done.jsonl", "ungdc"], dir);
    assert.equal(done.out, "");
    assert.match(done.err, /7 files done before and unchanged/);
    assert.equal(done.status, 1);
  });

  it("a manifest of one command does not skip files for another", () => {
    const dir = records(3);
    verbatim(["check", "--manifest", "m.jsonl", "ungdc"], dir);
    const outline = verbatim(["outline", "--manifest", "m.jsonl", "ungdc"], dir);
    assert.equal(summarised(outline.out).length, 0);
    assert.match(outline.out, /AFG_50_1995\.txt\n/);
    assert.doesNotMatch(outline.err, /done before/);
  });

  it("fix --write records what it wrote: a rerun finds the files done", () => {
    const dir = records(4);
    const first = verbatim(["fix", "--write", "--no-backup", "--manifest", "m.jsonl", "ungdc"], dir);
    assert.match(first.err, /fixed/);
    const again = verbatim(["fix", "--write", "--no-backup", "--manifest", "m.jsonl", "ungdc"], dir);
    assert.doesNotMatch(again.err, /fixed|nothing to fix/);
    assert.match(again.err, /4 files done before and unchanged/);
  });

  it("writes through no link", () => {
    const dir = records(1);
    writeFileSync(join(dir, "elsewhere"), "");
    symlinkSync(join(dir, "elsewhere"), join(dir, "m.jsonl"));
    const r = verbatim(["check", "--manifest", "m.jsonl", "ungdc"], dir);
    assert.equal(r.status, 2);
    assert.match(r.err, /--manifest m\.jsonl: a link: not written through/);
    assert.equal(readFileSync(join(dir, "elsewhere"), "utf8"), "");
  });

  it("an interrupted run resumes: the rerun does exactly the files the manifest does not hold", async () => {
    const dir = tempFiles();
    const gd = join(dir, "ungdc");
    mkdirSync(gd);
    const names = readdirSync(join(CORPUS, "ungdc"))
      .filter((f) => f.endsWith(".txt"))
      .sort();
    for (const f of names) copyFileSync(join(CORPUS, "ungdc", f), join(gd, f));
    const manifest = join(dir, "m.jsonl");
    writeFileSync(manifest, "");
    // Killed (SIGKILL: no chance to tidy up) once five files are recorded.
    const run = spawn(process.execPath, [CLI, "check", "--jobs", "2", "--manifest", "m.jsonl", "ungdc"], {
      cwd: dir,
      stdio: "ignore",
    });
    const ended = new Promise<number | null>((resolve) => run.on("exit", (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const watcher = watch(manifest, () => {
        if (readFileSync(manifest, "utf8").split("\n").length > 5) {
          watcher.close();
          run.kill("SIGKILL");
          resolve();
        }
      });
      run.on("exit", () => {
        watcher.close();
        reject(new Error("the run ended before it was interrupted"));
      });
    });
    await ended;
    // What an interruption may leave: a last line cut short.
    const text = readFileSync(manifest, "utf8");
    const before = entries(manifest).map((e) => e.path);
    assert.ok(before.length >= 5 && before.length < names.length, `${before.length} recorded`);
    truncateSync(manifest, text.length - 10);
    const kept = before.slice(0, -1);
    const resumed = verbatim(["check", "--jobs", "2", "--manifest", "m.jsonl", "ungdc"], dir);
    assert.deepEqual(
      summarised(resumed.out),
      names.map((f) => `ungdc/${f}`).filter((f) => !kept.includes(f)),
    );
    assert.match(resumed.err, new RegExp(`${kept.length} files done before and unchanged`));
    // Now every file is recorded done, once.
    const after = entries(manifest).map((e) => e.path);
    assert.deepEqual(
      after.sort(),
      names.map((f) => `ungdc/${f}`),
    );
    // And each file's lines are those of a run that was never interrupted.
    const full = verbatim(["check", "ungdc"], dir);
    const lines = (out: string) => out.split("\n").filter((l) => l.startsWith("ungdc/"));
    assert.deepEqual(
      lines(resumed.out),
      lines(full.out).filter((l) => !kept.some((f) => l.startsWith(`${f}:`))),
    );
    assert.equal(resumed.status, full.status);
  });
});

describe("batch runs: import", () => {
  const SC = join(CORPUS, "sc2020");
  const pdfs = ["S_PV.8699.pdf", "S_PV.8700.pdf", "S_PV.8704.pdf"].map((f) => join(SC, f));

  it("writes the same transcripts and messages with --jobs 1 and --jobs 2; a manifest rerun skips them", () => {
    const dir = tempFiles();
    const one = verbatim(["import", "--jobs", "1", "--out", "one", ...pdfs], dir);
    const two = verbatim(["import", "--jobs", "2", "--out", "two", "--manifest", "m.jsonl", ...pdfs], dir);
    assert.equal(one.status, 0, one.err);
    assert.equal(two.status, 0, two.err);
    assert.equal(two.err.replaceAll("two/", "one/"), one.err);
    assert.equal(one.err.split("\n").filter(Boolean).length, 3, one.err);
    for (const f of ["S_PV.8699.txt", "S_PV.8700.txt", "S_PV.8704.txt"])
      assert.equal(readFileSync(join(dir, "two", f), "utf8"), readFileSync(join(dir, "one", f), "utf8"));
    assert.deepEqual(
      entries(join(dir, "m.jsonl")).map((e) => [e.path, e.status, e.command]),
      pdfs.map((p) => [p, "done", "import"]),
    );
    // Done: not imported again (the transcripts exist: without the manifest, each is refused).
    const again = verbatim(["import", "--out", "two", "--manifest", "m.jsonl", ...pdfs], dir);
    assert.equal(again.status, 0, again.err);
    assert.match(again.err, /^verbatim: 3 files done before and unchanged \(m\.jsonl\): skipped\n$/);
  });
});

describe("batch runs: the order files start in", () => {
  // inLanes itself, with lanes that run nothing (the files are names): which file each lane is
  // given and what is emitted, not how long anything takes.
  const weights = [1, 5, 3, 9, 2, 7];
  const run = async (weight?: (input: { path: string; key: string }) => number) => {
    const inputs = weights.map((w, k) => ({ path: `f${k}`, key: `f${k}`, w }));
    let next = 0;
    const started: string[] = [];
    const emitted: string[] = [];
    await inLanes(
      1,
      () => inputs[next++],
      () => ({
        run: async (input) => {
          started.push(input.path);
          await new Promise((resolve) => setImmediate(resolve));
          return { lines: [[1, input.path]], exit: 0, analysed: true };
        },
        dispose: () => {},
      }),
      (input) => emitted.push(input.path),
      weight,
    );
    return { started, emitted };
  };

  it("without weights: in input order", async () => {
    const { started, emitted } = await run();
    assert.deepEqual(started, ["f0", "f1", "f2", "f3", "f4", "f5"]);
    assert.deepEqual(emitted, started);
  });

  it("with weights: the heaviest of the window first, emitted in input order", async () => {
    const { started, emitted } = await run((input) => weights[Number(input.path.slice(1))]);
    // One lane: a window of four files (AHEAD_PER_JOB); f4 and f5 enter it once f0…f3 are printed.
    assert.deepEqual(started, ["f3", "f1", "f2", "f0", "f5", "f4"]);
    assert.deepEqual(emitted, ["f0", "f1", "f2", "f3", "f4", "f5"]);
  });
});
