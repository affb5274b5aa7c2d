// The record as data, measured on every text of the corpus: words the export loses (the invariant
// that test/unit/proceedings.test.ts asserts), votes read exactly against the lists people read
// from the PDFs, and stage directions kept inside the speech they interrupt. Writes its table into
// bench/RESULTS.md (between the export markers) and prints it.
// Run: node --import tsx bench/export.ts

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { applyTextEdits, createLanguageService } from "../server/src/index";
import {
  checkExport,
  corpusTexts,
  imported,
  importTexts,
  labelledInterruptions,
  labelledVotes,
  scoreInterruptions,
  scoreVotes,
} from "../test/corpus/proceedings";
import { writeResultsSection } from "./results";

const CORPUS = join(__dirname, "..", "test", "corpus");
const service = createLanguageService({ oneShot: true });
const doc = (text: string, uri: string) => ({ uri, version: 1, getText: () => text });

async function main(): Promise<void> {
  // Words lost: every text of the corpus and the samples.
  let texts = 0;
  let letters = 0;
  let lost = 0;
  let added = 0;
  let outOfOrder = 0;
  let elements = 0;
  for (const t of [...corpusTexts(), ...importTexts()]) {
    const d = doc(await t.text(), `file:///${t.name}`);
    const m = service.model(d);
    const e = service.exportRecord(d, t.name);
    const record = m.columns ? service.model(doc(applyTextEdits(m.text, service.safeFixes(d)), `${d.uri}#c`)) : m;
    const check = checkExport(record, e, !m.columns);
    texts++;
    letters += check.letters;
    lost += check.lost;
    added += check.added;
    elements += e.proceedings.length;
    if (check.partsAt) {
      outOfOrder++;
      console.log(`${t.name}: out of order at ${check.partsAt}`);
    }
    service.forget(d.uri);
  }

  // Votes: the records with recorded or show-of-hands votes, in the import and the extractors' texts.
  const voteRows: string[] = [];
  const voteRecords: [string, string][] = [
    ["eras", "A_48_PV.46"],
    ["eras", "S_PV.8422"],
    ["eras", "S_PV.10100"],
    ["sc2020", "S_PV.8700"],
  ];
  const variants = ["import", "raw", "plain", "layout", "pdfjs"];
  const sums = new Map(variants.map((v) => [v, { exact: 0, labelled: 0, agree: 0, counts: 0 }]));
  for (const [corpus, record] of voteRecords) {
    const labels = labelledVotes(`${corpus}/${record}`) ?? [];
    const cells: string[] = [];
    for (const variant of variants) {
      const text =
        variant === "import"
          ? await imported(corpus, record)
          : readFileSync(join(CORPUS, corpus, "text", variant, `${record}.txt`), "utf8");
      const score = scoreVotes(service.exportRecord(doc(text, `file:///${record}-${variant}`), record), labels);
      const sum = sums.get(variant);
      if (sum) {
        sum.exact += score.exact;
        sum.labelled += score.labelled;
        sum.agree += score.countsAgree;
        sum.counts += score.withCounts;
      }
      cells.push(`${score.exact}/${score.labelled}`);
      for (const p of score.problems) console.log(`${record} (${variant}): ${p}`);
    }
    voteRows.push(`| ${record} | ${cells.join(" | ")} |`);
  }
  voteRows.push(
    `| **all** | ${variants.map((v) => `**${sums.get(v)?.exact}/${sums.get(v)?.labelled}**`).join(" | ")} |`,
  );

  // Stage directions inside speeches: the records of other decades that have them.
  const interruptionRows: string[] = [];
  for (const record of ["A_48_PV.46", "A_60_PV.85", "A_64_PV.121", "A_76_PV.102"]) {
    const labels = labelledInterruptions(`eras/${record}`);
    const cells: string[] = [];
    for (const variant of variants) {
      let text =
        variant === "import"
          ? await imported("eras", record)
          : readFileSync(join(CORPUS, "eras", "text", variant, `${record}.txt`), "utf8");
      if (variant === "layout") text = applyTextEdits(text, service.safeFixes(doc(text, `file:///${record}-columns`)));
      const score = scoreInterruptions(service.model(doc(text, `file:///${record}-${variant}-directions`)), labels);
      cells.push(`${score.kept}/${score.labelled}`);
      for (const p of score.problems) console.log(`${record} (${variant}): ${p}`);
    }
    interruptionRows.push(`| ${record} | ${cells.join(" | ")} |`);
  }

  const header = `| record | ${variants.map((v) => (v === "import" ? "import" : `\`${v}\``)).join(" | ")} |\n| --- |${variants.map(() => " ---: |").join("")}`;
  const body = `
## The record as data

Written by \`npm run bench:quality\` (bench/export.ts) on ${new Date().toISOString().slice(0, 10)}.

**Words lost in export.** Every text of the corpus (the four extractors' texts of the ten sc2020
records and the seven records of other decades in test/corpus/eras, the import of each but the
1950 scan, whose OCR layer the import refuses, and the samples): ${texts} texts, ${elements.toLocaleString("en")} elements of proceedings, ${letters.toLocaleString("en")} letters and digits of the records
less their page furniture. Letters lost: **${lost}**; letters added: **${added}**; texts whose
export leaves the record's order: **${outOfOrder}** (\`pdftotext -layout\` texts are compared by
counts after their columns are put in order). The export's cover and proceedings are compared
with the record letter by letter, so that the cleaning's joins and splits of words do not count.

**Votes exact** (every list equal, in order, to the names people read from the PDF, and the
outcome's counts as printed), per text:

${header}
${voteRows.join("\n")}

**Speeches kept whole across a stage direction inside them** (a change of the Chair, a language
note), against the directions people read inside a speech (test/corpus/labels/eras); \`pdftotext
-layout\` after its two-column fix:

${header}
${interruptionRows.join("\n")}

Where a text misses, \`pdftotext\` without options has put the lists out of the PDF's order: it
moves S/PV.8700's last list after the page's furniture and the President's next paragraph, and
sets other columns' text inside A/48/PV.46's votes 4 and 5.
`;
  console.log(writeResultsSection("export", "bench/export.ts", body));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
