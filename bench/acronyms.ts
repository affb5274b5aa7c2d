// Measures in-document acronym definitions against the hand labels in test/corpus/labels/:
// precision and recall of detection (same file, acronym and line of the parenthesis) and of the
// long form (also the same expansion, or a labelled alternative), and the share of labelled
// acronym uses whose hover gives the labelled expansion.
// Run: node --import tsx bench/acronyms.ts [--list]
import { existsSync } from "node:fs";
import { join } from "node:path";
import { LABELS, corpusModel as modelOf, service, readLabels as tsv } from "./corpus";

const list = process.argv.includes("--list");
const norm = (s: string) => s.toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, " ").replace(/^the /, "").trim();

// Definitions.
const labelled = tsv("acronym-definitions.tsv").filter((r) => r.file && r.acronym);
const files = [...new Set(labelled.map((r) => r.file))];
// Every corpus file the labeller read counts, also those with no definition found by hand.
const labelledFiles = new Set([
  ...files,
  ...(existsSync(join(LABELS, "acronym-nondefinitions.tsv"))
    ? tsv("acronym-nondefinitions.tsv").map((r) => r.file)
    : []),
]);
const key = (file: string, acronym: string, line: number) => `${file}\t${acronym}\t${line}`;
const truth = new Map(labelled.map((r) => [key(r.file, r.acronym.replace(/s$/, ""), Number(r.line)), r]));
let found = 0;
let correctSpot = 0;
let correctLong = 0;
for (const file of labelledFiles) {
  const m = modelOf(file);
  for (const d of m.tokens.acronymDefinitions) {
    found++;
    const line = m.lines.lineAt(d.shape === "long-short" ? d.short.start : d.long.start) + 1;
    const t = truth.get(key(file, d.acronym, line)) ?? truth.get(key(file, d.acronym, line - 1));
    if (!t) {
      if (list) console.log(`extra\t${file}:${line}\t${d.acronym}\t${d.expansion}`);
      continue;
    }
    correctSpot++;
    const alternatives = [t.expansion, ...((t.notes ?? "").match(/alt: ([^;]+)/)?.slice(1) ?? [])].map(norm);
    if (alternatives.includes(norm(d.expansion))) correctLong++;
    else if (list) console.log(`long\t${file}:${line}\t${d.acronym}\tgot “${d.expansion}” want “${t.expansion}”`);
    t.matched = "yes";
  }
}
if (list)
  for (const t of truth.values())
    if (!t.matched) console.log(`missed\t${t.file}:${t.line}\t${t.acronym}\t${t.expansion}\t${t.notes}`);
const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;
console.log(
  `definitions: ${truth.size} labelled in ${labelledFiles.size} files, ${found} found; ` +
    `detection precision ${pct(correctSpot, found)}, recall ${pct(correctSpot, truth.size)}; ` +
    `with the right long form: precision ${pct(correctLong, found)}, recall ${pct(correctLong, truth.size)}`,
);

// Uses: does the hover give the labelled expansion?
if (existsSync(join(LABELS, "acronym-uses.tsv"))) {
  const uses = tsv("acronym-uses.tsv").filter((r) => r.file && r.acronym);
  let right = 0;
  let recognised = 0;
  for (const u of uses) {
    const m = modelOf(u.file);
    const doc = { uri: `file:///${u.file}`, version: 1, getText: () => m.text };
    const value =
      service.hover(doc, { line: Number(u.line) - 1, character: Number(u.column) - 1 })?.contents.value ?? "";
    const head = /^\*\*[^*]+\*\* — (.*)$/m.exec(value)?.[1] ?? "";
    if (head && !head.startsWith("not defined")) recognised++;
    const alternatives = [u.expansion, ...((u.notes ?? "").match(/alt: ([^;]+)/)?.slice(1) ?? [])].map(norm);
    const ok = alternatives.some((a) => norm(head) === a || norm(head).replace(/s$/, "") === a.replace(/s$/, ""));
    if (ok) right++;
    else if (list)
      console.log(`use\t${u.file}:${u.line}:${u.column}\t${u.acronym}\tgot “${head}” want “${u.expansion}”`);
  }
  console.log(
    `uses: ${uses.length} labelled; hover with an expansion ${pct(recognised, uses.length)}, with the right one ${pct(right, uses.length)}`,
  );
}
