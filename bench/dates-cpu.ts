// The dates of a 1 MB record alone: `findDates` over each of its blank-line blocks, as the parser
// gives them, in rounds, the service bundled as bench/open-cpu.ts bundles it. Prints the dates
// found and each round's CPU (the first is cold). For instructions, a round after the first is
// (R rounds − 1 round) / (R − 1) of
//   valgrind --tool=callgrind node --max-semi-space-size=4 bench/out/dates-cpu.js R
// once `node --import tsx bench/dates-cpu.ts --build` has written it. A benchmark: it asserts nothing.
//   node --import tsx bench/dates-cpu.ts [ROUNDS]      (default 12)
import { recordPath, runBundled } from "./bundled";

const ENTRY = `
import { readFileSync } from "node:fs";
import { createLanguageService } from "./server/src/index";
import { findDates } from "./server/src/model/dates";

const rounds = Number(process.argv[2] ?? 12);
const text = readFileSync(${JSON.stringify(recordPath("dates-cpu"))}, "utf8");
const service = createLanguageService();
const profile = service.model({ uri: "file:///dates.txt", version: 1, getText: () => "The President: In 2016." }).profile;
const blocks = text.split(/\\n[ \\t]*\\n/);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const times: number[] = [];
let found = 0;
for (let r = 0; r < rounds; r++) {
  const c0 = cpu();
  found = 0;
  for (const b of blocks) found += findDates(b, profile, [], () => 0).length;
  times.push(cpu() - c0);
}
console.log(found + " dates in " + blocks.length + " blocks; CPU a round: " + times.map((t) => t.toFixed(1)).join(" ") + " ms");
`;

runBundled("dates-cpu", ENTRY);
