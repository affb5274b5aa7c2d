// The first analysis of a 1 MB record as the server's analyst runs it, without the server: the
// service bundled by esbuild with esbuild.mjs's options (the analyst's own code is such a bundle;
// `bench/first-analysis.ts` runs the sources through tsx, whose wrappers V8 optimises otherwise),
// in a process of its own with the analyst's 8 MB young generation. Each record is the same text
// under a new URI: parsed (the outline's model), its diagnostics computed, then settled and
// forgotten, as an editor opens and closes records. Prints the CPU of the parse and of the rules,
// median and least of RUNS records after WARM. CPU time, not the wall clock: less sensitive to a
// loaded machine. A benchmark, not a test: it asserts nothing.
//   node --import tsx bench/open-cpu.ts [RUNS] [WARM]      (default 16 after 6)
// BENCH_PROFILE=FILE: a CPU profile of the measured records (bench/profile-summary.ts reads it).
// BENCH_EACH=1: each measured record's CPU too, in order (with WARM 0: V8's warm-up curve).
// `--build` only writes bench/out/open-cpu.js and the record, for another runner (instructions
// counted by `valgrind --tool=callgrind node --max-semi-space-size=4 bench/out/open-cpu.js 3 2`).
import { recordPath, runBundled } from "./bundled";

// The measuring script, bundled with the service, which finds server/data from server/out as the
// server's bundles do (`__dirname` defined so); the record is written beside it.
const ENTRY = `
import { readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { createLanguageService, DEFAULT_SETTINGS } from "./server/src/index";

const runs = Number(process.argv[2] ?? 16);
const warm = Number(process.argv[3] ?? 6);
const text = readFileSync(${JSON.stringify(recordPath("open-cpu"))}, "utf8");
const service = createLanguageService();
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const session = new Session();
session.connect();
const post = (method: string, params?: object) =>
  new Promise<any>((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
void (async () => {
  const parse: number[] = [];
  const rules: number[] = [];
  let found = 0;
  for (let k = 0; k < warm + runs; k++) {
    if (k === warm && process.env.BENCH_PROFILE) {
      await post("Profiler.enable");
      await post("Profiler.start");
    }
    const doc = { uri: "file:///open-cpu-" + k + ".txt", version: 1, getText: () => text };
    const c0 = cpu();
    service.model(doc);
    const c1 = cpu();
    found = service.diagnostics(doc, DEFAULT_SETTINGS).diagnostics.length;
    const c2 = cpu();
    if (k >= warm) {
      parse.push(c1 - c0);
      rules.push(c2 - c1);
    }
    service.settle(doc.uri);
    service.forget(doc.uri);
  }
  if (process.env.BENCH_PROFILE) writeFileSync(process.env.BENCH_PROFILE, JSON.stringify((await post("Profiler.stop")).profile));
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const f0 = (x: number) => x.toFixed(0);
  const line = (xs: number[]) => f0(sorted(xs)[xs.length >> 1]) + " ms (least " + f0(sorted(xs)[0]) + ")";
  if (process.env.BENCH_EACH) console.log("each: parse " + parse.map(f0).join(" ") + " / rules " + rules.map(f0).join(" "));
  console.log("1 MB first analysis, CPU p50 of " + runs + " after " + warm + ": parse " + line(parse) + ", rules " + line(rules) + "; " + found + " diagnostics");
})();
`;

runBundled("open-cpu", ENTRY);
