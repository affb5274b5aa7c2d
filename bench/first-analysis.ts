// The first analysis of a record in one process (no threads, no LSP): what an editor's service
// (tables carried to the next version) and the command line's (`oneShot`) spend on a document's
// first version, parse and rules, and the rules that cost 2 ms or more one at a time. CPU time,
// median of RUNS records (the same text under new URIs) after two to warm the code.
//   node --import tsx bench/first-analysis.ts [SIZE] [RUNS]
// The analysts run with an 8 MB young generation: `--max-semi-space-size=4` comes closer to them.
// A benchmark, not a test: it asserts nothing. bench/editor.ts measures the open through the server.
import { createLanguageService, DEFAULT_SETTINGS, RULES } from "../server/src/index";
import { pct, transcriptOfSize } from "./sized";

const size = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 10);
const text = transcriptOfSize(size);
const cpu = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};
const f0 = (x: number) => x.toFixed(0);

for (const oneShot of [false, true]) {
  const service = createLanguageService({ oneShot });
  const parse: number[] = [];
  const rules: number[] = [];
  for (let k = 0; k < runs + 2; k++) {
    const doc = { uri: `file:///first-${k}.txt`, version: 1, getText: () => text };
    const c = process.cpuUsage();
    service.model(doc);
    const parsed = cpu(c);
    service.diagnostics(doc, DEFAULT_SETTINGS);
    if (k >= 2) {
      parse.push(parsed);
      rules.push(cpu(c) - parsed);
    }
    service.forget(doc.uri);
  }
  // Each rule on its own, on fresh analyses (what a rule derives is computed once per analysis).
  const each = new Map<string, number[]>();
  for (let k = 0; k < runs + 2; k++) {
    const doc = { uri: `file:///rules-${k}.txt`, version: 1, getText: () => text };
    const analysis = service.analysis(doc);
    analysis.wordCensus();
    for (const rule of RULES) {
      const c = process.cpuUsage();
      rule.check(analysis);
      if (k >= 2) each.set(rule.code, [...(each.get(rule.code) ?? []), cpu(c)]);
    }
    service.forget(doc.uri);
  }
  const costly = [...each]
    .map(([code, times]) => [code, pct(times, 50)] as const)
    .filter(([, ms]) => ms >= 2)
    .map(([code, ms]) => `${code} ${f0(ms)}`)
    .join(", ");
  console.log(
    `${oneShot ? "command line" : "editor      "}: parse ${f0(pct(parse, 50))} ms, rules ${f0(pct(rules, 50))} ms (CPU, p50 of ${runs}); rules one at a time: ${costly}`,
  );
}
