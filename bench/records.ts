// Accuracy on real records, per extractor, against the labels by reading: the ten Security Council
// records of test/corpus/sc2020 and the seven records of other decades and producers of
// test/corpus/eras (also as the PDF import reads them). Speeches found, look-alikes taken for
// headers, page furniture flagged and false, compounds joined. Writes its table into
// bench/RESULTS.md (between the records markers) and prints it with the misses.
// Run: node --import tsx bench/records.ts [--list]

import { readFileSync } from "node:fs";
import { createLanguageService, DEFAULT_SETTINGS } from "../server/src/index";
import { unColumn } from "../server/src/model/columns";
import { importPdf } from "../server/src/pdf";
import {
  type Corpus,
  ERAS_RECORDS,
  foundHeaders,
  furnitureLeaks,
  hasVariant,
  headerKey,
  labelledFurnitureLines,
  measure,
  OCR_RECORDS,
  RECORDS,
  type RecordMeasure,
  recordLabels,
  recordPdf,
  recordText,
  VARIANTS,
} from "../test/corpus/records";
import { writeResultsSection } from "./results";

const service = createLanguageService();
const list = process.argv.includes("--list");
const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : "—");

const misses: string[] = [];
interface Total {
  speeches: number;
  found: number;
  outOfOrder: number;
  lost: number;
  restored: number;
  restoredFalse: number;
  extra: number;
  furniture: number;
  flagged: number;
  falseFurniture: number;
  joined: number;
  hyphens: number;
}
const zero = (): Total => ({
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
});
/** Speeches found / labelled per eras record and extractor (and the import), for the per-record table. */
const perRecord = new Map<string, Map<string, string>>();
const cell = (record: string, column: string, value: string) => {
  if (!perRecord.has(record)) perRecord.set(record, new Map());
  perRecord.get(record)?.set(column, value);
};

function measureText(corpus: Corpus, record: string, name: string, raw: string): RecordMeasure {
  const uri = `file:///${corpus}/${name}/${record}.txt`;
  let model = service.model({ uri, version: 1, getText: () => raw });
  // Two columns side by side (pdftotext -layout): measured after the fix that puts them one after the other.
  if (model.columns) {
    const columns = model.columns;
    const lines = model.lines;
    const text = unColumn(lines, columns);
    model = service.model({ uri, version: 2, getText: () => text });
  }
  const diagnostics = service.diagnostics(
    { uri, version: model.version, getText: () => model.text },
    { ...DEFAULT_SETTINGS, maxProblems: Number.MAX_SAFE_INTEGER },
  ).diagnostics;
  const m = measure(model, recordLabels(record, corpus), diagnostics);
  service.forget(uri);
  return m;
}

function add(total: Total, m: RecordMeasure) {
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
}

function report(prefix: string, record: string, m: RecordMeasure) {
  const say = (what: string, items: string[]) => {
    for (const x of items) misses.push(`${prefix}\t${record}\t${what}\t${x}`);
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

const row = (name: string, total: Total) =>
  `| ${name} | ${total.found} / ${total.speeches} (${pct(total.found, total.speeches)})${total.outOfOrder ? `, ${total.outOfOrder} of them out of order` : ""} | ${total.extra} | ` +
  `${total.flagged} / ${total.furniture} (${pct(total.flagged, total.furniture)}) | ${total.falseFurniture} | ` +
  `${total.joined} of ${total.hyphens} | ${total.lost ? `${total.restored} / ${total.lost}` : "—"} | ${total.restoredFalse} |`;

const HEAD = [
  "| extractor | speeches found | false headers | furniture lines flagged | false furniture | compounds joined | lost hyphens restored | false restorations |",
  "| --- | --- | --- | --- | --- | --- | --- | --- |",
];

void (async () => {
  const tables = new Map<Corpus, string[]>();
  const ocr = new Map<string, Total>();
  for (const corpus of ["sc2020", "eras"] as const) {
    const rows: string[] = [];
    for (const variant of VARIANTS) {
      const total = zero();
      for (const record of corpus === "eras" ? ERAS_RECORDS : RECORDS) {
        if (!hasVariant(record, variant, corpus)) continue;
        const m = measureText(corpus, record, variant, recordText(record, variant, corpus));
        if (corpus === "eras") cell(record, variant, `${m.found} / ${m.speeches}`);
        if (OCR_RECORDS.has(record)) {
          const t = zero();
          add(t, m);
          ocr.set(variant, t);
          continue;
        }
        add(total, m);
        report(corpus === "eras" ? `eras ${variant}` : variant, record, m);
      }
      rows.push(row(variant, total));
    }
    tables.set(corpus, rows);
  }
  // The eras records as the PDF import reads them: speeches in the transcript, furniture left in it.
  const imported = zero();
  let leaks = 0;
  for (const record of ERAS_RECORDS) {
    const r = await importPdf(readFileSync(recordPdf(record, "eras")));
    if (!r.ok) {
      cell(record, "import", "refused");
      misses.push(`eras import\t${record}\trefused\t${r.message}`);
      continue;
    }
    const m = measureText("eras", record, "import", r.text);
    cell(record, "import", `${m.found} / ${m.speeches}`);
    if (OCR_RECORDS.has(record)) continue;
    add(imported, m);
    report("eras import", record, { ...m, furnitureMissed: [], furnitureFalse: [] });
    const labels = recordLabels(record, "eras");
    const left = [...labelledFurnitureLines(r.text.split("\n"), labels).furniture].length;
    const leaked = furnitureLeaks(record, r.text, "eras");
    leaks += left + leaked.length;
    for (const l of leaked) misses.push(`eras import\t${record}\tfurniture left\t${l}`);
    void foundHeaders;
    void headerKey;
  }
  const importRow = `| import | ${imported.found} / ${imported.speeches} (${pct(imported.found, imported.speeches)}) | ${imported.extra} | furniture left: ${leaks} | — | — | — | — |`;
  const sc2020Table = [...HEAD, ...(tables.get("sc2020") ?? [])].join("\n");
  const erasTable = [...HEAD, ...(tables.get("eras") ?? []), importRow].join("\n");
  const ocrLine = VARIANTS.map((v) => {
    const t = ocr.get(v);
    return t ? `${v} ${t.found} / ${t.speeches}` : "";
  })
    .filter(Boolean)
    .join(", ");
  const columns = [...VARIANTS, "import"];
  const recordTable = [
    `| record | ${columns.join(" | ")} |`,
    `| --- | ${columns.map(() => "---").join(" | ")} |`,
    ...[...perRecord].map(
      ([record, cells]) => `| ${record} | ${columns.map((c) => cells.get(c) ?? "—").join(" | ")} |`,
    ),
  ].join("\n");
  console.log(sc2020Table);
  console.log(erasTable);
  console.log(recordTable);
  const byKind = new Map<string, number>();
  for (const m of misses) {
    const [variant, , what] = m.split("\t");
    byKind.set(`${variant} ${what}`, (byKind.get(`${variant} ${what}`) ?? 0) + 1);
  }
  for (const [k, v] of byKind) console.log(`${k}: ${v}`);
  if (list) for (const m of misses) console.log(m);
  const sc2020Misses = misses.filter((m) => !m.startsWith("eras "));
  const erasKinds = [...byKind].filter(([k]) => k.startsWith("eras "));

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

${sc2020Table}
${sc2020Misses.length ? `\nMisses (${sc2020Misses.length}):\n\n${sc2020Misses.map((m) => `- ${m.replaceAll("\t", " · ")}`).join("\n")}\n` : "\nNo misses.\n"}
### Records of other decades and producers

The six born-digital records of test/corpus/eras (1993, 2006, 2010, 2018, 2022, 2026: 96 pages, 188
speeches, test/corpus/labels/eras), measured the same way, and as \`verbatim import\` reads their PDFs
(the transcript's speeches, and the labelled furniture left in it). The 1950 scan (S/PV.492, an OCR
layer) is reported apart and not tuned for: ${ocrLine}.

${erasTable}

Before issue 23's work on these layouts (main at 35b61c2, measured the same way): speeches 187 (raw),
187 (plain), 185 (layout), 187 (pdf.js), 187 (import) of 188; furniture lines 173 / 215 (raw),
259 / 310 (plain), 138 / 188 (layout), 124 / 190 (pdf.js), 1 false (plain); 11 labelled furniture
elements left in the import; \`verbatim check\` over the 24 texts: 40 \`character-damage\` (form feeds
of running heads it did not read) and 157 \`undefined-acronym\` (45 now: names, offices and headings in
capitals no longer among them).

Speeches found / labelled, record by record:

${recordTable}
${erasKinds.length ? `\nMisses by kind: ${erasKinds.map(([k, v]) => `${k.slice(5)} ${v}`).join("; ")}.\n` : "\nNo misses.\n"}`,
  );
})();
