// Each rule's share of an edit's diagnostics as the server runs them (issue 28, rules10): a record
// of SIZE characters is analysed, then a character is typed in its middle EDITS times; each
// version is parsed, then the diagnostics computed once, as the server's analyst does (the cap
// applied, `Rule.first` asked for what it still takes), each rule's call timed on its own, and
// the diagnostics' conversion with them. Prints the median CPU and wall time per part.
//   node --import tsx bench/rules-profile.ts 10000000 12 [FILE.cpuprofile]
// With a file, a CPU profile of the edits' diagnostics alone is written to it.
// A benchmark, not a test: it asserts nothing. bench/edit-profile.ts times the whole edit.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { computeDiagnostics } from "../server/src/features/diagnostics";
import { createLanguageService, DEFAULT_SETTINGS, RULES, type Rule } from "../server/src/index";
import { pct, phaseTimer, typedRecord } from "./sized";

const size = Number(process.argv[2] ?? 1_000_000);
const edits = Number(process.argv[3] ?? 12);
const profileFile = process.argv[4];
const service = createLanguageService();
const uri = "file:///rules-profile.txt";
const { text, doc, type } = typedRecord(size, uri);
service.diagnostics(doc(0), DEFAULT_SETTINGS);
service.settle(uri);

const { phases, timed } = phaseTimer();
/** Each rule with its calls timed. */
const wrapped: Rule[] = RULES.map((rule) => {
  const { first } = rule;
  return {
    ...rule,
    check: (a) => timed(`rule ${rule.code}`, () => rule.check(a)),
    ...(first ? { first: (a, n: number) => timed(`rule ${rule.code}`, () => first.call(rule, a, n)) } : {}),
  };
});
// The inspector's session answers synchronously in the same thread.
const inspector = profileFile ? new Session() : undefined;
let profiled: unknown;
const post = (method: string) =>
  inspector?.post(method, (error, result) => {
    if (error) throw error;
    profiled = result;
  });
inspector?.connect();
post("Profiler.enable");
for (let v = 1; v <= edits; v++) {
  type(v);
  text().slice(0, 1);
  service.model(doc(v));
  const analysis = service.analysis(doc(v));
  post("Profiler.start");
  timed("diagnostics (rules and conversion)", () => computeDiagnostics(analysis, DEFAULT_SETTINGS, () => {}, wrapped));
  post("Profiler.stop");
  if (profileFile)
    writeFileSync(
      `${profileFile.replace(/\.cpuprofile$/, "")}.${v}.cpuprofile`,
      JSON.stringify((profiled as { profile: unknown }).profile),
    );
  service.settle(uri);
}
const ms = (x: number) => x.toFixed(2).padStart(7);
const rows = [...phases].sort((a, b) => pct(b[1].cpu, 50) - pct(a[1].cpu, 50));
for (const [name, { wall, cpu }] of rows)
  if (pct(cpu, 50) >= 0.05 || name.startsWith("diag"))
    console.log(
      `${name.padEnd(40)} CPU p50 ${ms(pct(cpu, 50))} mean ${ms(cpu.reduce((a, b) => a + b, 0) / cpu.length)}  wall p50 ${ms(pct(wall, 50))} ms`,
    );
