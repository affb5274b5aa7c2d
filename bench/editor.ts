// The editor's waits, through the bundled server over stdio as an editor uses it (issue 28's
// editor measures): didOpen of a 1 MB record with documentSymbol sent alongside (as VS Code sends
// it) → diagnostics and outline; a character typed → that version's diagnostics, at 1 MB and
// 10 MB; the server's resident memory after opening and after 200 edits. Hovers during a 10 MB
// analysis are bench/speed.ts's (`--hover`). A benchmark, not a test: it asserts nothing.
// Run: npm run build && node --import tsx bench/editor.ts   (`--print`: print, RESULTS.md untouched;
// `--open`: the opens alone, printed; BENCH_OPENS=N records opened instead of 5)
// `--memory`: the 10 MB record's edits alone — its waits, CPU and RSS — printed; `--edits`: the
// 1 MB and 10 MB edits alone, printed; BENCH_TRACE=1: the server's trace on stderr;
// BENCH_SERVER_ARGS="--cpu-prof --cpu-prof-dir=DIR": a CPU profile of each of the server's threads)
import { readdirSync, readFileSync } from "node:fs";
import type { MessageConnection } from "vscode-jsonrpc/node";
import { initialize, spawnServer, until } from "../test/protocol/lspClient";
import { writeResultsSection } from "./results";
import { pct, transcriptOfSize } from "./sized";

const f0 = (x: number) => x.toFixed(0);

/** The server process's resident memory and its peak (MiB), from /proc (Linux). */
function rss(pid: number): { now: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? Number.NaN);
    return { now: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
  } catch {
    return { now: Number.NaN, peak: Number.NaN };
  }
}

/** The CPU time the server process (all its threads) has used so far (ms), from /proc (Linux). */
function cpu(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    // utime and stime, fields 14 and 15 of the line (11 and 12 after the command), in ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * Each of the server's threads' CPU time so far (ms, from /proc/PID/task/TID/schedstat, Linux), by
 * thread id, with its name: the main thread's id is the process's.
 */
function threadsCpu(pid: number): Map<string, { comm: string; ms: number }> {
  const out = new Map<string, { comm: string; ms: number }>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const ms = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "latin1").split(" ")[0]) / 1e6;
        out.set(tid, { comm: readFileSync(`/proc/${pid}/task/${tid}/comm`, "latin1").trim(), ms });
      } catch {
        // The thread ended between the listing and the read.
      }
    }
  } catch {
    // Not Linux.
  }
  return out;
}

/**
 * The CPU an edit of the main thread and of the busiest other thread (the analyst), and of the
 * rest (V8's helpers, libuv's), between two readings of `threadsCpu` (ms an edit).
 */
function cpuByThread(pid: number, before: ReturnType<typeof threadsCpu>, count: number) {
  const spent = [...threadsCpu(pid)].map(([tid, t]) => ({ tid, comm: t.comm, ms: t.ms - (before.get(tid)?.ms ?? 0) }));
  const main = spent.find((t) => t.tid === String(pid))?.ms ?? Number.NaN;
  const others = spent.filter((t) => t.tid !== String(pid)).sort((a, b) => b.ms - a.ms);
  const rest = others.slice(1).reduce((n, t) => n + t.ms, 0);
  return {
    main: +(main / count).toFixed(1),
    busiest: +((others[0]?.ms ?? Number.NaN) / count).toFixed(1),
    rest: +(rest / count).toFixed(1),
    /** Each thread over 1 ms an edit, by name: who the busiest and the rest are. */
    each: others
      .filter((t) => t.ms > count)
      .map((t) => `${t.comm}:${(t.ms / count).toFixed(1)}`)
      .join(" "),
  };
}

interface Session {
  connection: MessageConnection;
  pid: number;
  /** The versions published for each URI, and when. */
  published: Map<string, { version: number; at: number }[]>;
  analyses: (uri: string) => number;
  close(): Promise<void>;
}

async function session(): Promise<Session> {
  const { server, connection } = spawnServer();
  const published = new Map<string, { version: number; at: number }[]>();
  const trace: string[] = [];
  connection.onNotification("textDocument/publishDiagnostics", (p: { uri: string; version: number }) => {
    published.set(p.uri, [...(published.get(p.uri) ?? []), { version: p.version, at: performance.now() }]);
  });
  connection.onNotification("$/logTrace", (p: { message: string }) => {
    trace.push(p.message);
    // BENCH_TRACE=1: the server's trace (analyses, read indexes) on stderr, with the time.
    if (process.env.BENCH_TRACE) console.error(`${performance.now().toFixed(0)} ${p.message}`);
  });
  connection.onNotification(() => {});
  connection.listen();
  await initialize(connection, { trace: "verbose" });
  return {
    connection,
    pid: server.pid ?? 0,
    published,
    // Full analyses (a build before the read index also parsed "model only", to read from).
    analyses: (uri) => trace.filter((t) => t.startsWith(`analysed ${uri} `) && !t.includes("model only")).length,
    close: async () => {
      await connection.sendRequest("shutdown");
      await connection.sendNotification("exit");
      // A server started with BENCH_SERVER_ARGS (a profile, say) writes its files as it exits.
      if (process.env.BENCH_SERVER_ARGS) await new Promise((resolve) => server.once("exit", resolve));
      connection.dispose();
      server.kill();
    },
  };
}

const publishedAt = (s: Session, uri: string, version: number) =>
  s.published.get(uri)?.find((p) => p.version === version)?.at;

/**
 * didOpen with documentSymbol sent right after it: the time until both the diagnostics and the
 * outline have come, and the analyses the server ran for it. One warm-up record first (the
 * lexicon, the code), then `runs` records opened and closed one after another.
 */
async function openWithOutline(text: string, runs: number) {
  const s = await session();
  const times: number[] = [];
  /** Each answer on its own: the outline, the diagnostics. */
  const outlineTimes: number[] = [];
  const diagnosticsTimes: number[] = [];
  const analyses: number[] = [];
  /** The server's CPU time from didOpen until both answers came: the wait's own work. */
  const waitCpu: number[] = [];
  let cpu0 = 0;
  for (let k = -1; k < runs; k++) {
    if (k === 0) cpu0 = cpu(s.pid);
    const uri = `file:///open-${k + 1}.txt`;
    const before = cpu(s.pid);
    const t0 = performance.now();
    await s.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "transcript", version: 1, text },
    });
    const outline = await s.connection.sendRequest("textDocument/documentSymbol", { textDocument: { uri } });
    const outlineAt = performance.now();
    const diagnosticsAt = await until("the diagnostics", () => publishedAt(s, uri, 1), 120_000);
    const answeredCpu = cpu(s.pid) - before;
    if (!Array.isArray(outline)) throw new Error("no outline");
    // Whatever else the server does with the record once it has answered (none, or a second analysis).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    if (k >= 0) {
      times.push(Math.max(outlineAt, diagnosticsAt) - t0);
      outlineTimes.push(outlineAt - t0);
      diagnosticsTimes.push(diagnosticsAt - t0);
      waitCpu.push(answeredCpu);
      analyses.push(s.analyses(uri));
    }
    await s.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
  }
  const cpuPerRecord = (cpu(s.pid) - cpu0) / runs;
  await s.close();
  return {
    p50: pct(times, 50),
    max: Math.max(...times),
    outlineP50: pct(outlineTimes, 50),
    diagnosticsP50: pct(diagnosticsTimes, 50),
    analyses: Math.max(...analyses),
    cpuPerRecord,
    cpuUntilAnswered: pct(waitCpu, 50),
  };
}

/**
 * Characters typed in the middle of an open record, one at a time, each once the previous one's
 * diagnostics have come and `pause` ms later (a person typing, the server idle in between): the
 * time from didChange to that version's diagnostics. RSS after opening and after the edits.
 */
/**
 * How long the server is left alone before its memory is read, after the open and after the edits
 * (ms): its idle collection comes after a second without work and takes a few tenths of a second on
 * a loaded machine. `BENCH_SETTLE_MS` overrides it (a loaded machine's runs: 6000).
 */
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS) || 2000;

async function edits(text: string, count: number, pause: number) {
  const s = await session();
  const uri = "file:///edits.txt";
  await s.connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri, languageId: "transcript", version: 1, text },
  });
  await until("the first diagnostics", () => publishedAt(s, uri, 1), 120_000);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const afterOpen = rss(s.pid);
  const lines = text.split("\n");
  const line = Math.floor(lines.length / 2);
  const times: number[] = [];
  /** The server's CPU time for each of the first five edits (ms, read in ticks of 10 ms). */
  const firstCpu: number[] = [];
  const memory: number[] = [];
  const cpu0 = cpu(s.pid);
  const threads0 = threadsCpu(s.pid);
  for (let k = 0; k < count; k++) {
    const version = k + 2;
    const at = { line, character: k % 40 };
    const c0 = k < 5 ? cpu(s.pid) : 0;
    const t0 = performance.now();
    await s.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: at, end: at }, text: "x" }],
    });
    times.push((await until("the edit's diagnostics", () => publishedAt(s, uri, version), 120_000)) - t0);
    if (k < 5) firstCpu.push(cpu(s.pid) - c0);
    if (k % 20 === 19) memory.push(rss(s.pid).now);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
  const cpuPerEdit = (cpu(s.pid) - cpu0) / count;
  const threads = cpuByThread(s.pid, threads0, count);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const afterEdits = rss(s.pid);
  await s.close();
  return {
    p50: pct(times, 50),
    p99: pct(times, 99),
    /** The first five edits' waits: a server's first edits do what no later one does (LanguageService.prime). */
    first: times.slice(0, 5).map(f0).join(", "),
    firstCpu: firstCpu.map(f0).join(", "),
    rssOpen: afterOpen.now,
    rssEdits: afterEdits.now,
    rssPeak: afterEdits.peak,
    rssTrail: memory.map(f0).join(", "),
    cpuPerEdit,
    /** The CPU an edit by thread (ms): the main thread, the analyst (the busiest other), the rest. */
    threads,
  };
}

void (async () => {
  const oneMB = transcriptOfSize(1_000_000);
  const tenMB = transcriptOfSize(10_000_000);
  if (process.argv.includes("--memory")) {
    console.log("10 MB edits", await edits(tenMB, 20, 100));
    return;
  }
  // `--edits`: the edits alone (1 MB, then 10 MB), printed: a before and after of an edit's path.
  if (process.argv.includes("--edits")) {
    console.log("1 MB edits", await edits(oneMB, 200, 30));
    console.log("10 MB edits", await edits(tenMB, 20, 100));
    return;
  }
  const open = await openWithOutline(oneMB, Number(process.env.BENCH_OPENS) || 5);
  console.log(`1 MB didOpen + documentSymbol → diagnostics and outline: p50 ${f0(open.p50)} ms`, open);
  // `--open`: the opens alone (a before and after of the first analysis's path), printed.
  if (process.argv.includes("--open")) return;
  const e1 = await edits(oneMB, 200, 30);
  console.log("1 MB edits", e1);
  const e10 = await edits(tenMB, 20, 100);
  console.log("10 MB edits", e10);
  const body = `## The editor's waits (bench/editor.ts)

Through the bundled server over stdio, as an editor uses it (\`node --import tsx bench/editor.ts\`
after \`npm run build\`). didOpen of a 1 MB record with documentSymbol sent right after it, as
VS Code does: the time until both the diagnostics and the outline have come (median of 5 records,
one warm-up record before), and the most full analyses the server ran for one record. Edits: a
character typed in the middle, once the previous edit's diagnostics have come (30 ms later at
1 MB, 100 ms at 10 MB): didChange → that version's diagnostics. RSS: the server process with its
threads (VmRSS), after the record is opened and analysed, and after the edits. CPU time: what the
server process used, all threads (utime + stime, 10 ms ticks), per record opened (the analyses it
ran for it included; and what of it came before both answers, the work the wait is made of) and per
edit: less sensitive than the wall clock to a loaded machine.

| measure | 1 MB | 10 MB |
| --- | --- | --- |
| didOpen + documentSymbol → diagnostics and outline | ${f0(open.p50)} ms (max ${f0(open.max)}), ${open.analyses} full analysis(es) a record | — |
| server CPU time per record opened: all of it / until both answers came (p50) | ${f0(open.cpuPerRecord)} / ${f0(open.cpuUntilAnswered)} ms | — |
| edit → diagnostics p50 / p99 | ${f0(e1.p50)} / ${f0(e1.p99)} ms (200 edits) | ${f0(e10.p50)} / ${f0(e10.p99)} ms (20 edits) |
| server CPU time per edit | ${f0(e1.cpuPerEdit)} ms | ${f0(e10.cpuPerEdit)} ms |
| server RSS after open → after the edits (peak) | ${f0(e1.rssOpen)} → ${f0(e1.rssEdits)} MiB (${f0(e1.rssPeak)}) | ${f0(e10.rssOpen)} → ${f0(e10.rssEdits)} MiB (${f0(e10.rssPeak)}) |
| RSS every 20 edits | ${e1.rssTrail} MiB | ${e10.rssTrail} MiB |`;
  if (process.argv.includes("--print")) console.log(body);
  else console.log(writeResultsSection("editor", "bench/editor.ts", body));
})();
