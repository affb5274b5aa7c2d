// Where one edit's allocations come from: a record of SIZE characters analysed, then a character
// typed in its middle EDITS times, each version parsed and its diagnostics computed as the server's
// analyst does; V8's sampling heap profiler counts every allocation of the edits (those collected
// since included), and the functions allocating most are printed, bytes an edit.
//   node --import tsx bench/alloc-profile.ts 10000000 20
// BENCH_KEPT=1: only what is still alive at the end (collected objects left out): what the last
// version keeps and what was promoted and not yet collected, bytes an edit (times EDITS: a version's).
// A benchmark, not a test: it asserts nothing.
import { Session } from "node:inspector";
import { createLanguageService, DEFAULT_SETTINGS } from "../server/src/index";
import { typedRecord } from "./sized";

interface SampledNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SampledNode[];
}

const size = Number(process.argv[2] ?? 10_000_000);
const edits = Number(process.argv[3] ?? 20);
const service = createLanguageService();
const uri = "file:///alloc-profile.txt";
const { text, doc, type } = typedRecord(size, uri);
service.diagnostics(doc(0), DEFAULT_SETTINGS);
service.settle(uri);
// Two edits first: what a first edit compiles or reads once is not counted.
let v = 1;
for (; v <= 2; v++) {
  type(v);
  service.diagnostics(doc(v), DEFAULT_SETTINGS);
  service.settle(uri);
}
const session = new Session();
session.connect();
let result: { profile: { head: SampledNode } } | undefined;
const post = (method: string, params?: object) =>
  session.post(method, params, (error, r) => {
    if (error) throw error;
    result = r as typeof result;
  });
post("HeapProfiler.enable");
post("HeapProfiler.startSampling", {
  samplingInterval: 4096,
  includeObjectsCollectedByMajorGC: !process.env.BENCH_KEPT,
  includeObjectsCollectedByMinorGC: !process.env.BENCH_KEPT,
});
for (let k = 0; k < edits; k++, v++) {
  type(v);
  text().slice(0, 1);
  service.diagnostics(doc(v), DEFAULT_SETTINGS);
  service.settle(uri);
}
post("HeapProfiler.stopSampling");
const bySelf = new Map<string, number>();
const walk = (n: SampledNode) => {
  const f = n.callFrame;
  const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").slice(-2).join("/")}:${f.lineNumber + 1}`;
  bySelf.set(key, (bySelf.get(key) ?? 0) + n.selfSize);
  for (const c of n.children) walk(c);
};
if (result) walk(result.profile.head);
const total = [...bySelf.values()].reduce((a, b) => a + b, 0);
console.log(`${(total / edits / 1e6).toFixed(1)} MB allocated an edit (sampled), the largest:`);
for (const [key, bytes] of [...bySelf].sort((a, b) => b[1] - a[1]).slice(0, 30))
  console.log(`${(bytes / edits / 1e6).toFixed(2).padStart(8)} MB  ${key}`);
