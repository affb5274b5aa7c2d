// One edit's cost inside the language service (no threads, no LSP), phase by phase: a record of
// SIZE characters is analysed, then a character is typed in its middle EDITS times; each version
// is re-parsed (the incremental parse) and each rule run on it. Prints the median per phase.
//   node --import tsx bench/edit-profile.ts 1000000 20 [FILE.cpuprofile]
// With a file, a CPU profile of the edits alone (not the first analysis) is written to it.
// BENCH_REHEARSE=1: the edit path rehearsed first, as an idle analyst does (server/src/rehearsal.ts);
// the first five edits' CPU (parse and rules) is printed either way: a rehearsal's before and after.
// A benchmark, not a test: it asserts nothing. bench/editor.ts measures the same through the server.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { createLanguageService, DEFAULT_SETTINGS, RULES, rehearsal } from "../server/src/index";
import { pct, phaseTimer, typedRecord } from "./sized";

const size = Number(process.argv[2] ?? 1_000_000);
const edits = Number(process.argv[3] ?? 20);
const profileFile = process.argv[4];
const service = createLanguageService();
const uri = "file:///edit-profile.txt";
/** As the server's analyst gives it: the text, and how it came from the one before (`EditedFrom`). */
const { text, doc, type } = typedRecord(size, uri);
const t0 = performance.now();
service.diagnostics(doc(0), DEFAULT_SETTINGS);
// As the server's analyst does once the diagnostics are out: what the analysis left for the next
// version (the word census an edit corrects, fused-words' per-line table) is done before it.
service.settle(uri);
console.log(`${text().length} characters, first analysis ${(performance.now() - t0).toFixed(0)} ms`);
if (process.env.BENCH_PRIME) {
  const c = process.cpuUsage();
  service.prime(uri, DEFAULT_SETTINGS);
  const used = process.cpuUsage(c);
  console.log(`primed: ${((used.user + used.system) / 1000).toFixed(0)} ms of CPU`);
}
if (process.env.BENCH_REHEARSE) {
  const c = process.cpuUsage();
  const steps = rehearsal(service, text(), DEFAULT_SETTINGS);
  while (steps?.());
  const used = process.cpuUsage(c);
  console.log(`rehearsal ${((used.user + used.system) / 1000).toFixed(0)} ms of CPU`);
}

const { phases, timed } = phaseTimer();
// The inspector's session answers synchronously in the same thread.
const inspector = profileFile ? new Session() : undefined;
let profiled: unknown;
const post = (method: string) =>
  inspector?.post(method, (error, result) => {
    if (error) throw error;
    profiled = result;
  });
if (inspector) {
  inspector.connect();
  post("Profiler.enable");
  post("Profiler.start");
}
/** The first edits' CPU, parse and rules. */
const first: number[] = [];
for (let v = 1; v <= edits; v++) {
  type(v);
  // The server's analyst joins the edited text into a flat string (lsp/stale.ts, applyEdits): here
  // the cons string is made flat before the parse, which would otherwise pay for it.
  timed("text made flat", () => text().slice(0, 1));
  const c = process.cpuUsage();
  timed("parse", () => service.model(doc(v)));
  const analysis = service.analysis(doc(v));
  timed("word census", () => analysis.wordCensus());
  for (const rule of RULES) timed(`rule ${rule.code}`, () => rule.check(analysis));
  const used = process.cpuUsage(c);
  if (v <= 5) first.push((used.user + used.system) / 1000);
  const result = timed("diagnostics (every rule again, converted)", () =>
    service.diagnostics(doc(v), DEFAULT_SETTINGS),
  );
  timed("diagnostics as JSON", () => JSON.stringify(result));
  timed("settle (between versions)", () => service.settle(uri));
}
const ms = (x: number) => x.toFixed(2).padStart(8);
for (const [name, { wall, cpu }] of phases)
  console.log(
    `${name.padEnd(40)} wall p50 ${ms(pct(wall, 50))} p90 ${ms(pct(wall, 90))}  CPU p50 ${ms(pct(cpu, 50))} mean ${ms(cpu.reduce((a, b) => a + b, 0) / cpu.length)} ms`,
  );
console.log(`first edits, parse and rules (CPU): ${first.map((x) => x.toFixed(0)).join(", ")} ms`);
if (inspector && profileFile) {
  post("Profiler.stop");
  writeFileSync(profileFile, JSON.stringify((profiled as { profile: unknown }).profile));
}
