// The sections of bench/RESULTS.md that benchmarks other than speed.ts own: each between its
// markers, `<!-- name: bench/file.ts -->` … `<!-- /name -->`, replaced in place (or added at the
// end), so that each benchmark rewrites only its own part. speed.ts keeps them when it rewrites
// the rest.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function writeResultsSection(name: string, owner: string, body: string): string {
  const start = `<!-- ${name}: ${owner} -->`;
  const end = `<!-- /${name} -->`;
  const section = `${start}\n${body.trim()}\n${end}`;
  const file = join(__dirname, "RESULTS.md");
  const old = readFileSync(file, "utf8");
  const a = old.indexOf(start);
  const b = old.indexOf(end);
  writeFileSync(
    file,
    a >= 0 && b > a ? old.slice(0, a) + section + old.slice(b + end.length) : `${old.trimEnd()}\n\n${section}\n`,
  );
  return section;
}
