// What one edit of a record leaves to the young generation's collector: a record of SIZE characters
// analysed, then a character typed in its middle EDITS times, each version parsed, its diagnostics
// computed and the memo settled, as the server's analyst does. Run under V8's GC trace with
// semi-spaces near the analyst's (server/lsp/analysts.ts, 8 MB young); the edits are marked, and
// `bench/edit-gc.ts --sum FILE` adds up each edit's scavenges, their pauses and bytes promoted, and the
// process's CPU an edit (the median edit's; its collector's helper threads too):
//   node --max-semi-space-size=3 --trace-gc-nvp --import tsx bench/edit-gc.ts 10000000 20 > /tmp/gc.txt
//   node --import tsx bench/edit-gc.ts --sum /tmp/gc.txt
// The first two edits (what a first edit compiles or reads once) are not counted.
// A benchmark, not a test: it asserts nothing.
import { readFileSync } from "node:fs";
import { createLanguageService, DEFAULT_SETTINGS } from "../server/src/index";
import { typedRecord } from "./sized";

if (process.argv[2] === "--sum") {
  const edits: { scavenges: number; pause: number; promoted: number; marks: number; cpu: number }[] = [];
  let at: (typeof edits)[number] | undefined;
  for (const line of readFileSync(process.argv[3], "utf8").split("\n")) {
    if (line.startsWith("EDIT ")) {
      at = { scavenges: 0, pause: 0, promoted: 0, marks: 0, cpu: 0 };
      edits.push(at);
    } else if (line.startsWith("END")) {
      if (at) at.cpu = Number(line.split(" ")[1]);
      at = undefined;
    } else if (at && /\bgc=s\b/.test(line)) {
      at.scavenges++;
      at.pause += Number(/\bpause=([\d.]+)/.exec(line)?.[1] ?? 0);
      at.promoted += Number(/\bpromoted=(\d+)/.exec(line)?.[1] ?? 0);
    } else if (at && /\bgc=(?:mc|mmc|ms)\b/.test(line)) at.marks++;
  }
  const counted = edits.slice(2);
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const mean = (f: (e: (typeof edits)[number]) => number) => counted.reduce((a, e) => a + f(e), 0) / counted.length;
  console.log(
    `${counted.length} edits: ${mean((e) => e.scavenges).toFixed(2)} scavenges an edit, ` +
      `${mean((e) => e.pause).toFixed(1)} ms of their pauses, ${(mean((e) => e.promoted) / 1e6).toFixed(2)} MB promoted, ` +
      `${mean((e) => e.marks).toFixed(2)} mark-compacts; CPU an edit p50 ${median(counted.map((e) => e.cpu)).toFixed(1)} ms, ` +
      `mean ${mean((e) => e.cpu).toFixed(1)}`,
  );
} else {
  const size = Number(process.argv[2] ?? 10_000_000);
  const edits = Number(process.argv[3] ?? 20);
  const service = createLanguageService();
  const uri = "file:///edit-gc.txt";
  const { text, doc, type } = typedRecord(size, uri);
  service.diagnostics(doc(0), DEFAULT_SETTINGS);
  service.settle(uri);
  for (let v = 1; v <= edits + 2; v++) {
    type(v);
    // The analyst's joined text is made flat before the parse (as bench/edit-profile.ts does).
    text().slice(0, 1);
    console.log(`EDIT ${v}`);
    const c = process.cpuUsage();
    service.diagnostics(doc(v), DEFAULT_SETTINGS);
    service.settle(uri);
    const used = process.cpuUsage(c);
    // The process's CPU (its collector's helper threads too), parse, rules and settling.
    console.log(`END ${((used.user + used.system) / 1000).toFixed(2)}`);
  }
}
