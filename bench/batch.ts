// `npm run bench:batch`: `verbatim check` of the General Debate corpus made 199 MB (the speeches of
// test/corpus/ungdc and ungdc-clean, copied into folders until the total is 199 MB) against
// cspell's command line on the same folder, alternating, each a fresh process whose whole process
// tree's peak memory is measured; then 400 MB (two copies) through `verbatim check` alone; and
// the heap of a batch run in one thread, measured after a collection every 200 files: what the
// run keeps of the files done. A benchmark, not a test: it writes its section of bench/RESULTS.md.
// Options: --rounds N (each command N times, default 2), --mb N (the corpus's size, default 199).
import { spawn } from "node:child_process";
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism, cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { processFile } from "../server/cli/batch";
import { workFor } from "../server/cli/commands";
import { createLanguageService } from "../server/src/index";
import { option } from "./args";
import { ROOT, shippedCli } from "./service";

const arg = (name: string, fallback: number) => Number(option(name) ?? fallback);
const ROUNDS = arg("--rounds", 2);
const MB = arg("--mb", 199);
const SOURCES = ["ungdc", "ungdc-clean"].map((d) => join(ROOT, "test", "corpus", d));
const work = mkdtempSync(join(tmpdir(), "verbatim-batch-bench-"));

/** `into`/copy-NNN/ungdc… copies of the speeches until `bytes` are written: the files' paths. */
function corpus(into: string, bytes: number): { files: number; bytes: number } {
  const speeches = SOURCES.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith(".txt"))
      .sort()
      .map((f) => join(dir, f)),
  );
  let written = 0;
  let files = 0;
  for (let copy = 1; written < bytes; copy++) {
    const dir = join(into, `copy-${String(copy).padStart(3, "0")}`);
    mkdirSync(dir, { recursive: true });
    for (const f of speeches) {
      if (written >= bytes) break;
      const target = join(dir, f.split("/").pop() as string);
      copyFileSync(f, target);
      written += statSync(target).size;
      files++;
    }
  }
  return { files, bytes: written };
}

const PAGE = 4096;

/** The resident memory of a process and all its descendants, in bytes (0 once it has ended). */
function treeRss(root: number): number {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // Ended meanwhile.
    }
  }
  let rss = 0;
  const visit = (pid: number) => {
    try {
      rss += Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]) * PAGE;
    } catch {
      return;
    }
    for (const c of children.get(pid) ?? []) visit(c);
  };
  visit(root);
  return rss;
}

/** The peak resident memory the kernel recorded for one process (VmHWM), in bytes. */
function highWater(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

interface Run {
  ms: number;
  peakMB: number;
  status: number | null;
  out: string;
  /** Processor time, user and system, of the process and its threads (GNU time), in ms; null without it. */
  cpu: number | null;
}

/** GNU time, when installed: the processor time of each run. */
const TIME = "/usr/bin/time";
const timed = (() => {
  try {
    return statSync(TIME).isFile();
  } catch {
    return false;
  }
})();

/** Runs a command with its output into a file; its time, its process tree's peak memory (polled every 50 ms and the kernel's high-water mark). */
function measure(command: string[], cwd: string): Promise<Run> {
  const outFile = join(work, "out.txt");
  const errFile = join(work, "err.txt");
  const fd = openSync(outFile, "w");
  const errFd = openSync(errFile, "w");
  const t0 = performance.now();
  const child = timed
    ? spawn(TIME, ["-f", "%U %S", process.execPath, ...command], { cwd, stdio: ["ignore", fd, errFd] })
    : spawn(process.execPath, command, { cwd, stdio: ["ignore", fd, errFd] });
  closeSync(fd);
  closeSync(errFd);
  let peak = 0;
  const poll = setInterval(() => {
    if (child.pid !== undefined) peak = Math.max(peak, treeRss(child.pid), highWater(child.pid));
  }, 50);
  return new Promise((resolve) =>
    child.on("exit", (status) => {
      const ms = performance.now() - t0;
      clearInterval(poll);
      const text = readFileSync(outFile, "utf8");
      const times = /^([\d.]+) ([\d.]+)\s*$/m.exec(readFileSync(errFile, "utf8").split("\n").slice(-3).join("\n"));
      rmSync(outFile);
      rmSync(errFile);
      const cpu = timed && times ? (Number(times[1]) + Number(times[2])) * 1000 : null;
      resolve({ ms, peakMB: peak / 2 ** 20, status, out: text.slice(-2000), cpu });
    }),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

/** The heap of a batch run in this thread, after a collection every 200 files: what it keeps of the files done. */
function heapOverFiles(dir: string, files: number): { at: number; mb: number }[] {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return [];
  const service = createLanguageService({ oneShot: true });
  const spec = {
    command: "check",
    json: false,
    write: false,
    backup: false,
    unwrap: false,
    format: "json",
    color: false,
    manifest: false,
  } as const;
  const run = workFor(spec, service);
  const points: { at: number; mb: number }[] = [];
  let n = 0;
  for (const copy of readdirSync(dir).sort()) {
    for (const f of readdirSync(join(dir, copy)).sort()) {
      processFile(service, run, join(dir, copy, f), spec);
      if (++n % 200 === 0 || n === files) {
        gc();
        points.push({ at: n, mb: process.memoryUsage().heapUsed / 2 ** 20 });
      }
      if (n >= files) return points;
    }
  }
  return points;
}

void (async () => {
  const cli = shippedCli();
  const cspell = join(ROOT, "node_modules", "cspell", "bin.mjs");
  const one = join(work, "corpus");
  const made = corpus(one, MB * 1e6);
  console.log(`corpus: ${made.files} files, ${(made.bytes / 1e6).toFixed(0)} MB in ${one}`);
  const loadBefore = load();
  const runs = { cspell: [] as Run[], verbatim: [] as Run[] };
  const cspellRun = () => measure([cspell, "lint", "--no-progress", "--no-summary", "--no-cache", "**/*.txt"], one);
  const verbatimRun = () => measure([cli, "check", "."], one);
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? (["cspell", "verbatim"] as const) : (["verbatim", "cspell"] as const);
    for (const which of order) {
      const run = await (which === "cspell" ? cspellRun() : verbatimRun());
      runs[which].push(run);
      console.log(
        `${which}: ${(run.ms / 1000).toFixed(1)} s, processor ${run.cpu === null ? "?" : (run.cpu / 1000).toFixed(1)} s, peak ${run.peakMB.toFixed(0)} MB, exit ${run.status}`,
      );
    }
  }
  const summary = (run: Run) => /(\d+) files checked/.exec(run.out)?.[1] ?? "?";
  // 400 MB: a second copy of the corpus beside the first, both checked in one run.
  const two = join(work, "corpus-2");
  corpus(two, made.bytes);
  const double = await measure([cli, "check", one, two], work);
  console.log(
    `verbatim, two copies: ${(double.ms / 1000).toFixed(1)} s, peak ${double.peakMB.toFixed(0)} MB, exit ${double.status}, ${summary(double)} files`,
  );
  rmSync(two, { recursive: true, force: true });
  const loadAfter = load();
  const heap = heapOverFiles(one, 2000);
  rmSync(work, { recursive: true, force: true });

  const c = median(runs.cspell.map((r) => r.ms));
  const v = median(runs.verbatim.map((r) => r.ms));
  const cpu = (rs: Run[]) => (rs.every((r) => r.cpu !== null) ? median(rs.map((r) => r.cpu as number)) : null);
  const cCpu = cpu(runs.cspell);
  const vCpu = cpu(runs.verbatim);
  const cPeak = Math.max(...runs.cspell.map((r) => r.peakMB));
  const vPeak = Math.max(...runs.verbatim.map((r) => r.peakMB));
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const heapLine = heap.length
    ? `${heap.map((p) => `${p.mb.toFixed(1)}`).join(", ")} MB after ${heap.map((p) => p.at).join(", ")} files`
    : "not measured (run with node --expose-gc)";
  const section = `<!-- batch: bench/batch.ts -->
## Batch: \`verbatim check\` of the General Debate corpus

Written by \`npm run bench:batch\` (bench/batch.ts) on ${new Date().toISOString().slice(0, 10)}: ${machine}; load average ${loadBefore} before, ${loadAfter} after (the machine is shared: other work ran meanwhile).
The corpus: the speeches of test/corpus/ungdc and ungdc-clean copied into folders until the total
is ${(made.bytes / 1e6).toFixed(0)} MB (${made.files} files). \`verbatim check .\` (the CLI as the .vsix ships it,
\`--jobs\` left to its default, ${availableParallelism()} threads) and \`cspell lint --no-cache "**/*.txt"\` run from its
folder, alternately, ${ROUNDS} times each (the one that goes first changing every round), their output
into a file; the median time of each. Peak memory: the highest resident memory of the process and
all its descendants (polled every 50 ms, and the kernel's high-water mark of the process).
Processor time: user and system time of the process and its threads (GNU time): what the run
costs whatever else shares the machine.

| corpus | cspell lint | verbatim check | cspell ÷ verbatim | processor time: cspell / verbatim (ratio) | peak memory: cspell / verbatim |
| --- | --- | --- | --- | --- | --- |
| ${(made.bytes / 1e6).toFixed(0)} MB, ${made.files} files | ${s(c)} | ${s(v)} | ${(c / v).toFixed(1)} | ${cCpu && vCpu ? `${s(cCpu)} / ${s(vCpu)} (${(cCpu / vCpu).toFixed(1)})` : "—"} | ${cPeak.toFixed(0)} / ${vPeak.toFixed(0)} MB |
| ${((2 * made.bytes) / 1e6).toFixed(0)} MB (two copies) | — | ${s(double.ms)} (exit ${double.status}, ${summary(double)} files checked) | — | — / ${double.cpu === null ? "—" : s(double.cpu)} | — / ${double.peakMB.toFixed(0)} MB |

Each run: ${runs.cspell.map((r) => s(r.ms)).join(", ")} (cspell); ${runs.verbatim.map((r) => s(r.ms)).join(", ")} (verbatim).
What a batch run keeps of the files done: the heap of \`check\`'s work in one thread (server/cli/batch.ts
\`processFile\`), measured after a collection every 200 files: ${heapLine}.

Targets (issue 28): at least 5× faster than cspell, peak memory at most 400 MB, and 400 MB of text runs through.
<!-- /batch -->`;
  const resultsFile = join(ROOT, "bench", "RESULTS.md");
  const results = readFileSync(resultsFile, "utf8");
  const owned = /<!-- batch: [^>]*-->[\s\S]*?<!-- \/batch -->/;
  writeFileSync(
    resultsFile,
    owned.test(results) ? results.replace(owned, () => section) : `${results.trimEnd()}\n\n${section}\n`,
  );
  console.log(section);
})();
