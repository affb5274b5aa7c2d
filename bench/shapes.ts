// The pathological documents of test/corpus/shapes.ts at 1 MB and 10 MB (10 MB for the shapes the
// adversarial review reported; ours at 1 MB): a fresh analysis (parse and every rule) by the
// language service as it ships, bundled and minified. Writes its section of bench/RESULTS.md.
// Run: npm run -s build && node --import tsx bench/shapes.ts

import { REVIEWED, SHAPES } from "../test/corpus/shapes";
import { writeResultsSection } from "./results";
import { shippedService } from "./service";

const service = shippedService();
service.diagnostics({
  uri: "file:///warm",
  version: 1,
  getText: () => "Mr. Smith (France): thejoint statement of the CSTO.",
});

const rows: string[] = [];
let n = 0;
for (const [name, make] of Object.entries(SHAPES)) {
  const cells: string[] = [];
  for (const size of [1e6, 1e7]) {
    if (size > 1e6 && !REVIEWED.has(name)) {
      cells.push("—");
      continue;
    }
    const text = make(size);
    const uri = `file:///shape/${++n}.transcript`;
    const t0 = performance.now();
    const found = service.diagnostics({ uri, version: 1, getText: () => text });
    const ms = performance.now() - t0;
    service.forget(uri);
    cells.push(
      `${ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`} (${found.diagnostics.length + found.dropped} problems)`,
    );
    console.log(`${name} ${size / 1e6} MB: ${cells[cells.length - 1]}`);
  }
  rows.push(`| ${name}${REVIEWED.has(name) ? "" : " (ours)"} | ${cells.join(" | ")} |`);
}

writeResultsSection(
  "shapes",
  "bench/shapes.ts",
  `
## Pathological documents

Written by \`npm run bench\` (bench/shapes.ts) on ${new Date().toISOString().slice(0, 10)}. A fresh analysis (parse and every
rule) of each shape of test/corpus/shapes.ts, by the service as it ships, warm; every analysis is
linear in its input (\`test/unit/growth.test.ts\` checks the growth at n and 4n). The shapes an
adversarial review found slow or fatal run at 10 MB too; the target is under a second at 1 MB for
them. Many problems cost time of their own: a diagnostic is an object with its fix.

| shape | 1 MB | 10 MB |
| --- | --- | --- |
${rows.join("\n")}
`,
);
