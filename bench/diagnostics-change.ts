// What posting a version's diagnostics to the main thread costs, whole or as a change to the list
// posted before (server/lsp/diagnosticsChange.ts), for a record of SIZE characters typed in its
// middle EDITS times as bench/editor.ts types: per edit, the change computed, each form's
// structured clone (what `postMessage` does, in one process), the list read back, in CPU time.
// A benchmark, not a test: it asserts nothing.
//   node --import tsx bench/diagnostics-change.ts [SIZE] [EDITS]
import { applyDiagnosticsChange, diagnosticsChange } from "../server/lsp/diagnosticsChange";
import { createLanguageService, DEFAULT_SETTINGS } from "../server/src/index";
import { pct, typedRecord } from "./sized";

const size = Number(process.argv[2]) || 10_000_000;
const edits = Number(process.argv[3]) || 12;
const service = createLanguageService();
const uri = "file:///diagnostics-change.txt";
const { text, doc, type } = typedRecord(size, uri);
let previous = service.diagnostics(doc(0), DEFAULT_SETTINGS);
service.settle(uri);
const times = new Map<string, number[]>();
const cpu = <T>(name: string, f: () => T): T => {
  const c = process.cpuUsage();
  const value = f();
  const used = process.cpuUsage(c);
  times.set(name, [...(times.get(name) ?? []), (used.user + used.system) / 1000]);
  return value;
};
const sizes: string[] = [];
for (let v = 1; v <= edits; v++) {
  type(v);
  const result = service.diagnostics(doc(v), DEFAULT_SETTINGS);
  service.settle(uri);
  const parts = cpu("change computed (diagnosticsChange)", () =>
    diagnosticsChange(previous.diagnostics, result.diagnostics, v),
  );
  cpu("whole list cloned", () => structuredClone(result));
  const posted = cpu("change cloned", () => structuredClone({ counts: result.counts, dropped: result.dropped, parts }));
  cpu("change read back (applyDiagnosticsChange)", () =>
    applyDiagnosticsChange(previous.diagnostics, posted.parts ?? [], v),
  );
  sizes.push(`${result.diagnostics.length}→${parts?.length ?? "whole"}`);
  previous = result;
}
console.log(`${text().length} characters, ${edits} edits; diagnostics → parts posted: ${sizes.join(", ")}`);
for (const [name, xs] of times)
  console.log(
    `${name.padEnd(44)} CPU p50 ${pct(xs, 50).toFixed(2)} ms, mean ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2)} ms`,
  );
