// `npm run bench`: speed and memory of the language service on transcripts of 50 KB, 1 MB and
// 10 MB built from the corpus, with cspell 9 checking the same files in the same run for a
// side-by-side ratio. A benchmark, not a test: it writes bench/RESULTS.md and asserts nothing.
// Run: npm run bench  (or node --import tsx bench/speed.ts); `-- --hover` runs only the section
// "hover while a 10 MB record is analysed" and prints it (after `npm run build`);
// `node --import tsx bench/speed.ts --fresh` only the fresh processes of `verbatim check` and of
// cspell's command line, alternating, and prints their medians.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { build as bundle } from "esbuild";
import { QUIET_MS } from "../server/lsp/analysts";
import type { TextDocumentLike } from "../server/src/index";
import { initialize, spawnServer, until } from "../test/protocol/lspClient";
import { shippedCli, shippedService } from "./service";
import { pct, transcriptOfSize } from "./sized";

const ROOT = join(__dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "verbatim-bench-"));

const ms = (t0: number) => performance.now() - t0;
const f1 = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0));

interface Row {
  name: string;
  bytes: number;
  open: number;
  first: number;
  cli: number | null;
  outline: number;
  tokens: number;
  hoverP50: number;
  hoverP99: number;
  editP50: number;
  editP99: number;
  heapMB: number;
  liveOpenMB: number;
  liveEditMB: number;
  rssMB: number;
  cspell: number | null;
}

// The command line as the .vsix ships it (`npm run package`: minified), beside the data it reads.
const CLI_BUNDLE = shippedCli();
const SIZES = [
  ["50 KB", 50_000],
  ["1 MB", 1_000_000],
  ["10 MB", 10_000_000],
] as const;
/** Fresh processes of each command line per file, alternating. */
const FRESH_RUNS = 7;

// `--fresh`: only the fresh processes, cspell's and `verbatim check`, printed (RESULTS.md is not written).
if (process.argv.includes("--fresh")) {
  for (const [name, size] of SIZES) {
    const file = join(dir, `${name.replace(" ", "")}.txt`);
    writeFileSync(file, transcriptOfSize(size));
    const { cspell, cli } = freshProcesses(file);
    console.log(
      `${name}: cspell lint ${cspell ? f1(cspell) : "—"} ms, verbatim check ${cli ? f1(cli) : "—"} ms, cspell ÷ verbatim check ${cspell && cli ? (cspell / cli).toFixed(1) : "—"}`,
    );
  }
  process.exit(0);
}

const service = shippedService();
// Load the lexicon and warm the code up once, as a running server has.
service.diagnostics({ uri: "file:///warm", version: 1, getText: () => transcriptOfSize(200_000) });
service.forget("file:///warm");

/**
 * cspell's command line and Verbatim's (`verbatim check`), each a fresh process on the same
 * file — start-up, data and lexicons read, the analysis and its output — run alternately (the
 * one that goes first changes every round) so that the machine's load falls on both alike; the
 * median of each (null when a run failed). cspell runs from the file's own folder (it skips files
 * outside the folder it runs in).
 */
function freshProcesses(file: string): { cspell: number | null; cli: number | null } {
  const cspells: number[] = [];
  const clis: number[] = [];
  const cspellRun = () => {
    const t = performance.now();
    const c = spawnSync(
      process.execPath,
      [join(ROOT, "node_modules", "cspell", "bin.mjs"), "lint", "--no-progress", "--no-summary", "--no-cache", file],
      { cwd: dir, encoding: "utf8", maxBuffer: 1 << 30 },
    );
    if (c.status !== null) cspells.push(ms(t));
  };
  const cliRun = () => {
    const t = performance.now();
    const v = spawnSync(process.execPath, [CLI_BUNDLE, "check", file], {
      cwd: dir,
      encoding: "utf8",
      maxBuffer: 1 << 30,
    });
    if (v.status !== null) clis.push(ms(t));
  };
  for (let k = 0; k < FRESH_RUNS; k++) {
    if (k % 2 === 0) {
      cspellRun();
      cliRun();
    } else {
      cliRun();
      cspellRun();
    }
  }
  const cspell = cspells.length === FRESH_RUNS ? pct(cspells, 50) : null;
  const cli = clis.length === FRESH_RUNS ? pct(clis, 50) : null;
  return { cspell, cli };
}

const rows: Row[] = [];
const HOVER_ONLY = process.argv.includes("--hover");
const RUNS = 3;
global.gc?.();
const baseHeap = process.memoryUsage().heapUsed;
for (const [name, size] of HOVER_ONLY ? [] : SIZES) {
  const text = transcriptOfSize(size);
  const file = join(dir, `${name.replace(" ", "")}.txt`);
  writeFileSync(file, text);
  let version = 1;
  const doc = (t: string): TextDocumentLike => ({ uri: `file:///${name}`, version: version++, getText: () => t });
  // Open: the first analysis of the file in this server, then the median of three more fresh
  // analyses (forgotten in between) once the code has warmed up on it, as in a running server.
  // No collection is forced before a timed run: V8 shrinks its young generation after a full
  // collection, which would make the next analysis pay for growing it again.
  const opens: number[] = [];
  let d = doc(text);
  let t0 = 0;
  t0 = performance.now();
  service.diagnostics(d);
  const first = ms(t0);
  for (let k = 0; k < RUNS; k++) {
    service.forget(`file:///${name}`);
    d = doc(text);
    t0 = performance.now();
    service.diagnostics(d);
    opens.push(ms(t0));
  }
  const open = pct(opens, 50);
  const afterOpen = process.memoryUsage();
  t0 = performance.now();
  service.documentSymbols(d);
  const outline = ms(t0);
  t0 = performance.now();
  service.semanticTokens(d);
  const tokens = ms(t0);
  // Only the line count is kept from the model: a model held here would count as the analysis's.
  const lineCount = service.model(d).lines.lineCount;
  const hovers: number[] = [];
  for (let k = 0; k < 200; k++) {
    const line = Math.floor((k * 7919) % lineCount);
    t0 = performance.now();
    service.hover(d, { line, character: 3 });
    hovers.push(ms(t0));
  }
  const peak = { heap: afterOpen.heapUsed, rss: afterOpen.rss };
  const sample = () => {
    const u = process.memoryUsage();
    peak.heap = Math.max(peak.heap, u.heapUsed);
    peak.rss = Math.max(peak.rss, u.rss);
  };
  sample();
  // Edits: characters typed one after another in the middle, each followed by the diagnostics of
  // the new version (what the server computes after each keystroke).
  const edits: number[] = [];
  let current = text;
  const runs = size > 2_000_000 ? 10 : 40;
  for (let k = 0; k < runs; k++) {
    const at = Math.floor(current.length / 2) + k;
    current = `${current.slice(0, at)}x${current.slice(at)}`;
    t0 = performance.now();
    service.diagnostics(doc(current));
    edits.push(ms(t0));
    if (k % 5 === 0) sample();
  }
  sample();
  // What the analysis keeps: the heap after a collection, less what it was before the file came;
  // after the edits (the previous version's results kept for the next edit), then for the file
  // opened afresh.
  global.gc?.();
  const liveEdit = process.memoryUsage().heapUsed - baseHeap;
  service.forget(`file:///${name}`);
  current = "";
  service.diagnostics(doc(text));
  global.gc?.();
  const liveOpen = process.memoryUsage().heapUsed - baseHeap;
  service.forget(`file:///${name}`);
  const { cspell, cli } = freshProcesses(file);
  rows.push({
    name,
    bytes: Buffer.byteLength(text),
    open,
    first,
    cli,
    outline,
    tokens,
    hoverP50: pct(hovers, 50),
    hoverP99: pct(hovers, 99),
    editP50: pct(edits, 50),
    editP99: pct(edits, 99),
    heapMB: peak.heap / 1e6,
    liveOpenMB: liveOpen / 1e6,
    liveEditMB: liveEdit / 1e6,
    rssMB: peak.rss / 1e6,
    cspell,
  });
  console.log(
    `${name}: open→diagnostics ${f1(open)} ms, edit→diagnostics p50 ${f1(pct(edits, 50))} ms, cspell ${cspell ? f1(cspell) : "?"} ms`,
  );
}

// Start-up: the production bundles' sizes, and the bundled server started as an editor starts it
// (over stdio): initialize answered, then the first diagnostics of a 50 KB record (which loads
// the English lexicon).
async function startup(): Promise<{ bundles: string; initialize: number; firstDiagnostics: number }> {
  const out = await bundle({
    entryPoints: {
      extension: join(ROOT, "client", "src", "extension.ts"),
      server: join(ROOT, "server", "lsp", "main.ts"),
      analyst: join(ROOT, "server", "lsp", "analyst.ts"),
    },
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    minify: true,
    alias: { "jsonc-parser": "jsonc-parser/lib/esm/main.js" },
    external: ["vscode", "pdfjs-dist", "pdfjs-dist/*"],
    write: false,
    outdir: dir,
    logLevel: "silent",
  });
  const kb = (name: string) =>
    (out.outputFiles.find((f) => f.path.endsWith(`${name}.js`))?.contents.length ?? 0) / 1024;
  const bundles = `client ${kb("extension").toFixed(0)} KB, server ${kb("server").toFixed(0)} KB and its analyst threads ${kb("analyst").toFixed(0)} KB (minified, as packaged)`;
  const t0 = performance.now();
  const { server, connection } = spawnServer();
  let firstDiagnostics = 0;
  const got = new Promise<void>((resolve) =>
    connection.onNotification("textDocument/publishDiagnostics", () => {
      if (!firstDiagnostics) firstDiagnostics = ms(t0);
      resolve();
    }),
  );
  connection.listen();
  await connection.sendRequest("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
  const initialize = ms(t0);
  await connection.sendNotification("initialized", {});
  await connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri: "file:///start.txt", languageId: "transcript", version: 1, text: build50k },
  });
  await got;
  connection.dispose();
  server.kill();
  return { bundles, initialize, firstDiagnostics };
}
const build50k = transcriptOfSize(50_000);

/**
 * Hovers while the server analyses a 10 MB record, through the bundled server over stdio as an
 * editor uses it. The record is opened and analysed (by both analysts: the second one catches up
 * when idle), then changed at both ends (a character at the end, a line near the top), so that
 * almost nothing of the previous analysis can be kept: the longest analysis an edit can cause.
 * From the change until the new version's diagnostics are published, hovers on speaker headers
 * spread over the record are sent one after another, HOVER_PAUSE_MS apart (far more often than a
 * person hovers); each is timed from request to answer. Before that, one is sent right after
 * didOpen: it waits for the first analysis, as there is no earlier model to answer from.
 */
const HOVER_PAUSE_MS = 10;

async function hoverWhileAnalysing(): Promise<{
  count: number;
  p50: number;
  p99: number;
  max: number;
  analysis: number;
  firstOpen: number;
  nulls: number;
}> {
  const text = transcriptOfSize(10_000_000);
  const uri = "file:///hover-10MB.txt";
  const { server, connection } = spawnServer();
  const analysed: string[] = [];
  let indexed = false;
  let published = 0;
  connection.onNotification("$/logTrace", (p: { message: string }) => {
    if (p.message.startsWith(`analysed ${uri} `)) analysed.push(p.message);
    // The second analyst holds the record's read index (a build before it: a model of its own).
    if (p.message.startsWith(`read index of ${uri} `)) indexed = true;
  });
  connection.onNotification("textDocument/publishDiagnostics", (p: { uri: string; version: number }) => {
    if (p.uri === uri) published = p.version;
  });
  connection.onNotification(() => {});
  connection.listen();
  await initialize(connection, { trace: "verbose" });
  const lines = text.split("\n");
  // Acronyms (three capitals or more) over the whole record: hovers that have something to say.
  const acronyms = lines.flatMap((l, line) =>
    [...l.matchAll(/\b[A-Z]{3,}\b/g)].map((m) => ({ line, character: m.index + 1 })),
  );
  /** After the change (a line added as line 2), the headers below it are a line further down. */
  let added = 0;
  const hover = (k: number) => {
    const { line, character } = acronyms[(k * 7919) % acronyms.length];
    return connection.sendRequest("textDocument/hover", {
      textDocument: { uri },
      position: { line: line >= 2 ? line + added : line, character },
    });
  };
  let t0 = performance.now();
  await connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri, languageId: "transcript", version: 1, text },
  });
  await hover(1);
  const firstOpen = ms(t0);
  await until("both analysts to hold the record", () => (indexed || analysed.length >= 2 ? true : undefined), 120_000);
  const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
  const after = { line: 2, character: 0 };
  t0 = performance.now();
  await connection.sendNotification("textDocument/didChange", {
    textDocument: { uri, version: 2 },
    contentChanges: [
      { range: { start: end, end }, text: "x" },
      { range: { start: after, end: after }, text: "A line added after the heading.\n" },
    ],
  });
  added = 1;
  const times: number[] = [];
  let nulls = 0;
  for (let k = 0; published !== 2; k++) {
    const h0 = performance.now();
    if ((await hover(k)) === null) nulls++;
    times.push(ms(h0));
    if (process.env.DEBUG_HOVER) console.log(k, ms(h0).toFixed(1), (h0 - t0).toFixed(0));
    await new Promise((resolve) => setTimeout(resolve, HOVER_PAUSE_MS));
  }
  const analysis = Number(/in (\d+) ms/.exec(analysed.at(-1) ?? "")?.[1] ?? Number.NaN);
  await connection.sendRequest("shutdown");
  await connection.sendNotification("exit");
  connection.dispose();
  server.kill();
  return {
    count: times.length,
    p50: pct(times, 50),
    p99: pct(times, 99),
    max: Math.max(...times),
    analysis,
    firstOpen,
    nulls,
  };
}

void (async () => {
  const during = await hoverWhileAnalysing();
  const hoverSection = `## Hover while a 10 MB record is analysed

Through the bundled server over stdio, as an editor uses it (\`npm run bench -- --hover\` runs this
part alone): a 10 MB record is opened, then changed at both ends (nothing of the previous analysis
can be kept: the longest analysis an edit causes, ${f1(during.analysis)} ms in an analyst thread); from the
change until the new version's diagnostics are published, hovers on acronyms spread over the record
are sent one after another, ${HOVER_PAUSE_MS} ms apart, the first right after the change.

| hovers during the analysis | p50 | p99 | max | answered with no hover |
| --- | --- | --- | --- | --- |
| ${during.count} | ${f1(during.p50)} ms | ${f1(during.p99)} ms | ${f1(during.max)} ms | ${during.nulls} |

They are answered from the previous version's read index (server/src/readIndex.ts), held by the
analyst that is not analysing, positions carried over the change (server/lsp/analysts.ts). A hover sent right after the record is
opened has no earlier model to be answered from and waits for the first analysis: ${f1(during.firstOpen)} ms.`;
  if (HOVER_ONLY) {
    console.log(hoverSection);
    return;
  }
  const start = await startup();

  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const cspellVersion = execFileSync(process.execPath, [join(ROOT, "node_modules", "cspell", "bin.mjs"), "--version"], {
    encoding: "utf8",
  }).trim();
  const table = [
    "| file | size | open → diagnostics: first / warm | outline | semantic tokens | hover p50 / p99 | edit → diagnostics p50 / p99 | heap kept after open / edits | peak heap / RSS | cspell lint | cspell ÷ Verbatim warm | verbatim check (CLI) | cspell ÷ verbatim check |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${r.name} | ${(r.bytes / 1e6).toFixed(2)} MB | ${f1(r.first)} / ${f1(r.open)} ms | ${f1(r.outline)} ms | ${f1(r.tokens)} ms | ${f1(r.hoverP50)} / ${f1(r.hoverP99)} ms | ${f1(r.editP50)} / ${f1(r.editP99)} ms | ${r.liveOpenMB.toFixed(0)} / ${r.liveEditMB.toFixed(0)} MB | ${r.heapMB.toFixed(0)} / ${r.rssMB.toFixed(0)} MB | ${r.cspell ? `${f1(r.cspell)} ms` : "—"} | ${r.cspell ? (r.cspell / r.open).toFixed(1) : "—"} | ${r.cli ? `${f1(r.cli)} ms` : "—"} | ${r.cspell && r.cli ? (r.cspell / r.cli).toFixed(1) : "—"} |`,
    ),
  ].join("\n");
  const oneMB = rows.find((r) => r.name === "1 MB");
  const fresh = oneMB?.cspell && oneMB.cli ? oneMB.cspell / oneMB.cli : null;
  // Sections other benchmarks own (between their markers, `<!-- name: bench/x.ts -->` …
  // `<!-- /name -->`) are kept, after this one's.
  const resultsFile = join(ROOT, "bench", "RESULTS.md");
  const owned = [...readFileSync(resultsFile, "utf8").matchAll(/<!-- (\w+): [^>]*-->[\s\S]*?<!-- \/\1 -->/g)].map(
    (m) => m[0],
  );
  writeFileSync(
    resultsFile,
    `# Benchmark results

Written by \`npm run bench\` (bench/speed.ts) on ${new Date().toISOString().slice(0, 10)}: ${machine}; cspell ${cspellVersion}.
The language service runs as it ships (bundled and minified by esbuild). Files are General Debate
speeches from test/corpus/ungdc one after another, each under a speaker header. "open →
diagnostics" is a fresh analysis (parse and every rule): the first of the file in this process,
then the median of ${RUNS} more once the code has warmed up on it, as in a running server; "edit → diagnostics"
is the analysis after each of 40 characters typed one after another in the middle (10 for 10 MB),
the results of unchanged lines taken over from the previous version (server/src/model/memo.ts);
hovers are 200 positions spread over the file. "Heap kept" is what the analysis holds once
garbage is collected, the file's text included: for the file opened afresh, and after the edits
(when the previous version's results are kept for the next edit); "peak heap" and RSS are the highest seen while opening and editing,
garbage included, for the whole process (which also holds the file's text and its edited copies).
cspell runs its CLI on the same file from the file's folder (\`cspell lint --no-cache\`, default
settings), including its start-up of about a second; "cspell ÷ Verbatim warm" is how many times
longer cspell takes than Verbatim's warm analysis. \`verbatim check\` runs the command line as the
.vsix ships it (minified) in a fresh process: start-up, the data and the lexicons read (English
from the table prepared at build time, server/data/lexicon/en.words), the analysis and its
output — the like-for-like comparison with cspell's command line. The two command lines run
alternately, ${FRESH_RUNS} times each per file (the one that goes first changing every round), and the
table gives the median of each; "cspell ÷ verbatim check" is the ratio of the medians. Both
comparisons are in the table because they answer two questions: the warm analysis is what an
editor waits for after opening a file in a running server; the fresh process is what a person
waits for at the command line.

${table}

Start-up: ${start.bundles}; the bundled server started over stdio answers \`initialize\` after
${f1(start.initialize)} ms and publishes the first diagnostics of a 50 KB record after
${f1(start.firstDiagnostics)} ms (the analyst threads start, the English lexicon is read on that first analysis,
and the server waits for ${QUIET_MS} ms without a change before it analyses). The extension
activates only when a transcript is opened (\`onLanguage:transcript\`, implied by its language).

Targets (issue 7): a 1 MB transcript's full analysis at least 10× faster than cspell; edit →
diagnostics on 1 MB at most 20 ms median; hover p99 at most 5 ms; a 10 MB file in under 2 s and
500 MB of heap; hover p99 at most 50 ms while a 10 MB record is analysed. Issue 17: \`verbatim check\`
of 1 MB in a fresh process at least 5× faster than cspell's command line — this run:
${fresh ? `${fresh.toFixed(1)}×` : "not measured"}.

${hoverSection}
${owned.map((section) => `\n${section}\n`).join("")}`,
  );
  console.log(table);
})();
