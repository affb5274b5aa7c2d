// The PDF import and the PDF view's link against hostile inputs (issue 27): each hostile PDF of
// test/fixtures/pdf/make-hostile.mjs imported by the built command line in a fresh process (its
// peak resident memory, its time, what it answered), and a 10 MB transcript linked to a record's
// PDF and edited (in a child process: the link's time and memory, each edit's and cursor move's).
// Asserts the time and memory limits; writes its section of bench/RESULTS.md (between the
// hostile markers) and prints it. Part of `npm run bench`.
// Run: npm run build && node --import tsx bench/hostile.ts

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { MESSAGES } from "../shared/protocol";
import { writeResultsSection } from "./results";
import { shippedBundle } from "./service";

const ROOT = join(__dirname, "..");
const CLI = join(ROOT, "server", "out", "cli.js");
const MB = 1024 * 1024;
const make = require("../test/fixtures/pdf/make-hostile.mjs") as Record<string, (...args: number[]) => Buffer> & {
  rotatePages(bytes: Uint8Array, rotate: number): Buffer;
};

/** Each case: the PDF, what it was in the review, and the most time it may take (ms). */
const CASES: { name: string; what: string; before: string; bytes: () => Buffer; maxMs: number }[] = [
  {
    name: "zeros",
    what: "200 MB of zeros after `%PDF-`",
    before: "out of memory after 66 s at 4.6 GB",
    bytes: () => make.zeros(200 * MB - 1),
    maxMs: 10_000,
  },
  {
    name: "flate bomb",
    what: "a 1 MB stream inflating to 1 GB",
    before: "2.2 GB, 24–47 s",
    bytes: () => make.flateBomb(1024 * MB),
    maxMs: 5_000,
  },
  {
    name: "image bomb",
    what: "40,000 × 40,000 pixels (1.6 GB decoded)",
    before: "4.8 GB",
    bytes: () => make.imageBomb(40000),
    maxMs: 5_000,
  },
  {
    name: "runs",
    what: "300,000 text runs on one line",
    before: "stack overflow (CLI); no answer in 400 s (LSP)",
    bytes: () => make.manyRuns(300_000),
    maxMs: 5_000,
  },
  {
    name: "pages",
    what: "5,000 pages",
    before: "3.1 GB, 103 s",
    bytes: () => make.manyPages(5000),
    maxMs: 5_000,
  },
  {
    name: "dense pages",
    what: "one content stream of 400 lines drawn on 500 pages (125 kB)",
    before: "2.0 GB, 30 s (measured here before the text limits)",
    bytes: () => make.manyPages(500, 80),
    maxMs: 10_000,
  },
  {
    name: "dense text",
    what: "a 10 kB page of 2,800 lines in tiny type (as much text as a file that small may hold)",
    before: "—",
    bytes: () => make.denseText(560),
    maxMs: 10_000,
  },
  {
    name: "path bomb",
    what: "a line of text, then a path of 600,000 segments (one operator to PDF.js)",
    before: "360 MB for 15 MB of path (measured here before the operator limit)",
    bytes: () => make.pathBomb(600_000),
    maxMs: 5_000,
  },
  {
    name: "controls",
    what: "control and escape characters in the text",
    before: "in the output raw",
    bytes: () => make.controls(),
    maxMs: 5_000,
  },
  {
    name: "turned",
    what: "a record's two pages turned by /Rotate 90",
    before: "garbage, exit 0",
    bytes: () => make.rotatePages(readFileSync(join(ROOT, "test", "fixtures", "pdf", "record-2-pages.pdf")), 90),
    maxMs: 5_000,
  },
];

const dir = mkdtempSync(join(tmpdir(), "verbatim-hostile-"));
writeFileSync(
  join(dir, "rss.cjs"),
  `process.on("exit", () => process.stderr.write("\\nmaxRSS " + process.resourceUsage().maxRSS + "\\n"));`,
);

const problems: string[] = [];
const rows: string[] = [];
for (const c of CASES) {
  const file = join(dir, `${c.name.replace(/ /g, "-")}.pdf`);
  writeFileSync(file, c.bytes());
  const size = statSync(file).size;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--require", join(dir, "rss.cjs"), CLI, "import", file], {
    encoding: "utf8",
    maxBuffer: 64 * MB,
    timeout: 300_000,
  });
  const ms = performance.now() - t0;
  rmSync(file, { force: true });
  const peak = Number(/\nmaxRSS (\d+)\n/.exec(r.stderr)?.[1] ?? Number.NaN) / 1024;
  const err = r.stderr.replace(/\nmaxRSS \d+\n/, "").trim();
  const answer =
    r.status === 0 ? `imported (${err.replace(/^.*?: /, "")})` : (/refused: (.*)/.exec(err)?.[1] ?? err.slice(0, 120));
  const budget = Math.min(50 * size + 200 * MB, 1024 * MB) / MB;
  if (!(peak <= budget)) problems.push(`${c.name}: peak ${peak.toFixed(0)} MB > budget ${budget.toFixed(0)} MB`);
  if (ms > c.maxMs) problems.push(`${c.name}: ${ms.toFixed(0)} ms > ${c.maxMs} ms`);
  if (r.status !== 0 && r.status !== 2) problems.push(`${c.name}: exit ${r.status ?? r.signal}`);
  const sizeText = size >= MB ? `${(size / MB).toFixed(1)} MB` : `${Math.ceil(size / 1024)} kB`;
  rows.push(
    `| ${c.what} | ${sizeText} | ${c.before} | ${(ms / 1000).toFixed(2)} s | ${peak.toFixed(0)} MB (budget ${budget.toFixed(0)}) | ${answer.replace(/\|/g, "\\|")} |`,
  );
  console.error(rows[rows.length - 1]);
}

// The link, in a child process of its own (its memory is its own): a 10 MB transcript, the record
// S/PV.8699 repeated, linked to that record's import, then edited and located, as the PDF thread
// does for the view.
const LINK_CHILD = `
const { readFileSync } = require("node:fs");
const { importPdf, TextLink } = require(${JSON.stringify(join(ROOT, "server", "out", "bench-hostile.js"))});
(async () => {
  const r = await importPdf(readFileSync(${JSON.stringify(join(ROOT, "test", "corpus", "sc2020", "S_PV.8699.pdf"))}));
  let text = r.text;
  while (text.length < 10 * 1024 * 1024) text += r.text;
  global.gc?.();
  const before = process.memoryUsage().rss;
  const beforePeak = process.resourceUsage().maxRSS * 1024;
  let t0 = performance.now();
  const link = new TextLink(r.source, text);
  const linkMs = performance.now() - t0;
  const peak = process.resourceUsage().maxRSS * 1024;
  const edits = [];
  const moves = [];
  for (let k = 1; k <= 20; k++) {
    const at = text.indexOf(" ", Math.floor((text.length * k) / 21));
    text = text.slice(0, at) + " word" + text.slice(at);
    t0 = performance.now();
    link.update(text);
    const line = text.slice(0, at).split("\\n").length - 1;
    link.boxesOfLine(line, link.pageOfLine(line));
    moves.push(performance.now() - t0);
  }
  moves.sort((a, b) => a - b);
  console.log(JSON.stringify({
    chars: text.length, words: link.words, matched: link.matched, linkMs,
    peakAbove: (Math.max(peak, beforePeak) - before) / 1048576, rss: peak / 1048576,
    moveMedian: moves[10], moveMax: moves[19],
  }));
})();
`;
shippedBundle("server/src/pdf/index.ts", "bench-hostile.js");
rmSync(dir, { recursive: true, force: true });
const child = spawnSync(process.execPath, ["--expose-gc", "-e", LINK_CHILD], { encoding: "utf8", cwd: ROOT });
if (child.status !== 0) throw new Error(`the link's child failed: ${child.stderr}`);
const link = JSON.parse(child.stdout) as {
  chars: number;
  words: number;
  matched: number;
  linkMs: number;
  peakAbove: number;
  rss: number;
  moveMedian: number;
  moveMax: number;
};
// The same over LSP, as the editor asks: the built server, the transcript opened (its analysis
// done first, so that the analysts do not share the two cores with the link), linked, then a
// character typed and the cursor's line located, twenty times; the server's peak memory (all its
// threads: the analysts hold the 10 MB transcript's models).
async function overLsp(): Promise<{ linkMs: number; median: number; max: number; peakMB: number }> {
  const { initialize, spawnServer } = await import("../test/protocol/lspClient.js");
  const { server, connection } = spawnServer();
  let analysed: (() => void) | undefined;
  connection.onNotification("textDocument/publishDiagnostics", () => analysed?.());
  connection.onNotification(() => {});
  connection.listen();
  await initialize(connection);
  const pdf = join(ROOT, "test", "corpus", "sc2020", "S_PV.8699.pdf");
  const imported = (await connection.sendRequest(MESSAGES.importPdf.method, {
    pdf: `file://${pdf}`,
    data: readFileSync(pdf).toString("base64"),
  })) as { text: string };
  let text = imported.text;
  while (text.length < 10 * MB) text += imported.text;
  const uri = "untitled:/hostile/long.txt";
  const published = new Promise<void>((resolve) => {
    analysed = resolve;
  });
  await connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri, languageId: "transcript", version: 1, text },
  });
  await published;
  analysed = undefined;
  let t0 = performance.now();
  await connection.sendRequest(MESSAGES.linkPdf.method, { uri, pdf: `file://${pdf}` });
  const linkMs = performance.now() - t0;
  const lines = text.split("\n").length;
  const times: number[] = [];
  for (let v = 2; v < 22; v++) {
    const line = Math.floor((lines * (v % 10)) / 10);
    await connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: v },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: "x" }],
    });
    t0 = performance.now();
    await connection.sendRequest(MESSAGES.locateInPdf.method, { uri, line });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const peakKB = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"))?.[1] ?? Number.NaN);
  server.kill();
  return { linkMs, median: times[10], max: times[19], peakMB: peakKB / 1024 };
}

if (link.linkMs > 2000) problems.push(`link: ${link.linkMs.toFixed(0)} ms > 2000 ms`);
if (link.peakAbove > 500) problems.push(`link: ${link.peakAbove.toFixed(0)} MB above the text > 500 MB`);
if (link.moveMedian > 200) problems.push(`edit and cursor move: median ${link.moveMedian.toFixed(0)} ms > 200 ms`);

void (async () => {
  const lsp = await overLsp();
  // Over LSP the analysts analyse the 10 MB text again after each edit, on the same cores: asserted
  // only against the review's figure (1.2 s).
  if (lsp.median > 1200) problems.push(`over LSP, edit and cursor move: median ${lsp.median.toFixed(0)} ms > 1200 ms`);
  const section = writeResultsSection(
    "hostile",
    "bench/hostile.ts",
    `## Hostile PDFs and long links (bench/hostile.ts)

On ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}. Each PDF is written by
test/fixtures/pdf/make-hostile.mjs and imported by the built command line (\`verbatim import\`) in
a fresh process: the wall-clock time, the process's peak resident memory (its own \`maxRSS\`,
Node's start-up and PDF.js included) against the budget the tests hold it to (50 times the PDF's
size plus 200 MB, at most 1 GB; test/cli/hostile.test.ts), and what it answered. "Before" is
what the review measured (issue 27).

| PDF | Size | Before | Time | Peak memory | Answer |
| --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

The PDF view's link (server/src/pdf/align.ts, \`TextLink\`), in a process of its own: a
${(link.chars / MB).toFixed(1)} MB transcript (S/PV.8699's import repeated, ${link.words.toLocaleString("en")} words)
linked to S/PV.8699's import in ${link.linkMs.toFixed(0)} ms, ${link.peakAbove.toFixed(0)} MB of memory above the
process with the text and the import in it (${link.rss.toFixed(0)} MB in all; before: 3.3 GB); a word
typed, then the cursor's line located (as the PDF thread does for each cursor move after an edit):
median ${link.moveMedian.toFixed(0)} ms, at most ${link.moveMax.toFixed(0)} ms over 20 edits (before: 1.2 s). Over LSP, the
built server with the transcript open (its analysis done): linked in ${lsp.linkMs.toFixed(0)} ms (the text sent to the
PDF linker thread included); a character typed, then the cursor's line located (the edits sent,
not the text): median ${lsp.median.toFixed(0)} ms, at most ${lsp.max.toFixed(0)} ms over 20; the server's peak
memory ${lsp.peakMB.toFixed(0)} MB, all its threads (the analysts hold the transcript's models too).

Asserted: each PDF within its memory budget and its time (5 s, 10 s for the largest), the link
under 2 s and 500 MB, an edit and cursor move under 200 ms (median; over LSP, where the analysts
analyse the text again after each edit on the same cores, under the review's 1.2 s).
${problems.length ? `\nProblems (${problems.length}):\n\n${problems.map((p) => `- ${p}`).join("\n")}\n` : ""}`,
  );
  console.log(section);
  if (problems.length) process.exitCode = 1;
})();
