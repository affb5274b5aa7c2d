// Accuracy on the ten real Security Council records (test/corpus/sc2020), per extractor, against
// the labels by reading (test/corpus/labels/sc2020): speeches found, look-alikes taken for
// headers, page furniture flagged and false, compounds joined. Writes its table into
// bench/RESULTS.md (between the records markers) and prints it with the misses.
// Run: node --import tsx bench/records.ts [--list]

import { createLanguageService, DEFAULT_SETTINGS } from "../server/src/index";
import { unColumn } from "../server/src/model/columns";
import {
  hasVariant,
  measure,
  RECORDS,
  type RecordMeasure,
  recordLabels,
  recordText,
  VARIANTS,
} from "../test/corpus/records";
import { writeResultsSection } from "./results";

const service = createLanguageService();
const list = process.argv.includes("--list");
const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : "—");

const rows: string[] = [];
const misses: string[] = [];
for (const variant of VARIANTS) {
  const total = {
    speeches: 0,
    found: 0,
    outOfOrder: 0,
    lost: 0,
    restored: 0,
    restoredFalse: 0,
    extra: 0,
    furniture: 0,
    flagged: 0,
    falseFurniture: 0,
    joined: 0,
    hyphens: 0,
  };
  for (const record of RECORDS) {
    if (!hasVariant(record, variant)) continue;
    const raw = recordText(record, variant);
    const uri = `file:///sc2020/${variant}/${record}.txt`;
    let model = service.model({ uri, version: 1, getText: () => raw });
    // Two columns side by side (pdftotext -layout): measured after the fix that puts them one after the other.
    if (model.columns) {
      const text = unColumn(model.lines, model.columns);
      model = service.model({ uri, version: 2, getText: () => text });
    }
    const diagnostics = service.diagnostics(
      { uri, version: model.version, getText: () => model.text },
      { ...DEFAULT_SETTINGS, maxProblems: Number.MAX_SAFE_INTEGER },
    ).diagnostics;
    const m: RecordMeasure = measure(model, recordLabels(record), diagnostics);
    total.lost += m.hyphensLost;
    total.restored += m.hyphensRestored;
    total.restoredFalse += m.restoredFalse.length;
    total.speeches += m.speeches;
    total.found += m.found;
    total.outOfOrder += m.outOfOrder.length;
    total.extra += m.extra.length;
    total.furniture += m.furnitureLines;
    total.flagged += m.furnitureFlagged;
    total.falseFurniture += m.furnitureFalse.length;
    total.joined += m.compoundsJoined.length;
    total.hyphens += m.hyphensLabelled;
    const say = (what: string, items: string[]) => {
      for (const x of items) misses.push(`${variant}\t${record}\t${what}\t${x}`);
    };
    say("speech missed", m.missed);
    say("speech out of the PDF's order (the extractor's)", m.outOfOrder);
    say("false header", m.extra);
    say("furniture not flagged", m.furnitureMissed);
    say("false furniture", m.furnitureFalse);
    say("compound joined", m.compoundsJoined);
    say("lost hyphen not restored", m.lostMissed);
    say("hyphen restored where none was lost", m.restoredFalse);
  }
  rows.push(
    `| ${variant} | ${total.found} / ${total.speeches} (${pct(total.found, total.speeches)})${total.outOfOrder ? `, ${total.outOfOrder} of them out of order` : ""} | ${total.extra} | ` +
      `${total.flagged} / ${total.furniture} (${pct(total.flagged, total.furniture)}) | ${total.falseFurniture} | ` +
      `${total.joined} of ${total.hyphens} | ${total.lost ? `${total.restored} / ${total.lost}` : "—"} | ${total.restoredFalse} |`,
  );
}

const table = [
  "| extractor | speeches found | false headers | furniture lines flagged | false furniture | compounds joined | lost hyphens restored | false restorations |",
  "| --- | --- | --- | --- | --- | --- | --- | --- |",
  ...rows,
].join("\n");
console.log(table);
const byKind = new Map<string, number>();
for (const m of misses) {
  const [variant, , what] = m.split("\t");
  byKind.set(`${variant} ${what}`, (byKind.get(`${variant} ${what}`) ?? 0) + 1);
}
for (const [k, v] of byKind) console.log(`${k}: ${v}`);
if (list) for (const m of misses) console.log(m);

// The section of bench/RESULTS.md this benchmark owns.

writeResultsSection(
  "records",
  "bench/records.ts",
  `
## Real records, as users extract them

Written by \`npm run bench:quality\` (bench/records.ts) on ${new Date().toISOString().slice(0, 10)}. The ten
Security Council records of test/corpus/sc2020 (267 pages, 396 speeches) as four extractors give
them (test/corpus/sc2020/text/README.md), measured against the labels by reading
(test/corpus/labels/sc2020). A furniture line is a line made only of the page's labelled
furniture; "compounds joined" counts line-end hyphens labelled as real compounds that the
hyphenation joins; "lost hyphens" are labelled compounds the extractor wrote without their hyphen
(\`SecretaryGeneral\`), restored by \`lost-hyphen\`. \`pdftotext -layout\` is measured after the
\`two-column-layout\` fix puts each page's left column before its right; \`pdftotext\` without
options puts some right-column text before the left column's, and speeches it moved are counted as
found, out of order. Misses: \`node --import tsx bench/records.ts --list\`.

${table}
${misses.length ? `\nMisses (${misses.length}):\n\n${misses.map((m) => `- ${m.replaceAll("\t", " · ")}`).join("\n")}\n` : "\nNo misses.\n"}`,
);
