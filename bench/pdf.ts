// The PDF import on the ten Security Council records of test/corpus/sc2020 (267 pages): speeches
// found against the labels (in order), page furniture left in the text, cleaning diagnostics on
// the result, word fidelity against `pdftotext -raw` (less the labelled furniture: another
// extractor than pdf.js, which the import reads), time a page and memory. Writes its section of
// bench/RESULTS.md (between the pdf markers) and prints it. Part of `npm run bench`.
// Run: npm run build && node --expose-gc --import tsx bench/pdf.ts

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { diffArrays } from "diff";
import type { alignText as AlignText, ImportResult, LanguageService } from "../server/src/index";
import { unColumn } from "../server/src/model/columns";
import {
  ERAS_RECORDS,
  fidelityWords,
  foundHeaders,
  furnitureLeaks,
  headerKey,
  labelledFurnitureLines,
  RECORDS,
  recordLabels,
  recordPdf,
  referenceWords,
  SC2020,
  wordFidelity,
} from "../test/corpus/records";
import { writeResultsSection } from "./results";
import { shippedBundle } from "./service";

const ROOT = join(__dirname, "..");
// The service and the import as they ship: bundled and minified (as bench/speed.ts does), in
// server/out/ beside the copy of PDF.js that `npm run build` puts in server/out/pdfjs/.
const BUNDLE = shippedBundle("server/src/index.ts", "bench-pdf.js");
const verbatim = require(BUNDLE) as {
  createLanguageService: () => LanguageService;
  alignText: typeof AlignText;
  importPdf: (bytes: Uint8Array, options?: { keepLines?: boolean }) => Promise<ImportResult>;
  RULES: readonly { code: string; category: string }[];
  DEFAULT_SETTINGS: Parameters<LanguageService["diagnostics"]>[1];
};
const cleaning = new Set(verbatim.RULES.filter((r) => r.category === "cleaning").map((r) => r.code));
const service = verbatim.createLanguageService();
const RUNS = 3;
const ms = (t0: number) => performance.now() - t0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (x: number) => `${(100 * x).toFixed(3)}%`;

interface Row {
  record: string;
  pages: number;
  speeches: string;
  furniture: number;
  cleaning: number;
  fidelity: string;
  words: number;
  errors: number;
  spacing: number;
  first: number;
  warm: number;
}

/**
 * The texts the view of the PDF beside the text aligns with a PDF's words (server/src/pdf/align.ts):
 * the import's own, the same with every `the` misspelt (an edit in one word of fifteen), and the
 * four extractors' texts of test/corpus/sc2020/text.
 */
const ALIGNED = [
  "import",
  "import, every “the” edited",
  "raw",
  "plain",
  "layout",
  "layout, after its fix",
  "pdfjs",
] as const;
interface Aligned {
  matched: number;
  words: number;
  /** Speeches whose header line the map puts on its labelled page, of those the text's model finds. */
  onPage: number;
  speeches: number;
  notFound: number;
  times: number[];
}

void (async () => {
  const aligned = new Map<string, Aligned>(
    ALIGNED.map((k) => [k, { matched: 0, words: 0, onPage: 0, speeches: 0, notFound: 0, times: [] }]),
  );
  const rows: Row[] = [];
  const problems: string[] = [];
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const u = process.memoryUsage();
    peakRss = Math.max(peakRss, u.rss);
    peakHeap = Math.max(peakHeap, u.heapUsed);
  };
  // What loading costs once a process: PDF.js, the language data and the English lexicon, loaded by
  // a first import (of the shortest record) and measured once garbage is collected.
  global.gc?.();
  const baseHeap = process.memoryUsage().heapUsed;
  await verbatim.importPdf(readFileSync(join(SC2020, "S_PV.8700.pdf")));
  global.gc?.();
  const loadedHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(sample, 20);
  for (const record of RECORDS) {
    const bytes = readFileSync(join(SC2020, `${record}.pdf`));
    // The first import of the record in this process, then the median of three more.
    let t0 = performance.now();
    const r = await verbatim.importPdf(bytes);
    const first = ms(t0);
    const times: number[] = [];
    for (let k = 0; k < RUNS; k++) {
      t0 = performance.now();
      await verbatim.importPdf(bytes);
      times.push(ms(t0));
    }
    sample();
    if (!r.ok) {
      problems.push(`${record}: refused: ${r.message}`);
      continue;
    }
    const labels = recordLabels(record);
    const doc = { uri: `file:///pdf/${record}.txt`, version: 1, getText: () => r.text };
    const wanted = labels.speeches.map((s) => headerKey(s.header));
    const got = foundHeaders(service.model(doc)).map(headerKey);
    const inOrder = got.length === wanted.length && got.every((h, k) => h === wanted[k]);
    if (!inOrder)
      problems.push(`${record}: speeches ${got.length} found, ${wanted.length} labelled, not the same in order`);
    const lines = r.text.split("\n");
    const furniture = labelledFurnitureLines(lines, labels).furniture.size + furnitureLeaks(record, r.text).length;
    for (const leak of furnitureLeaks(record, r.text)) problems.push(`${record}: furniture left: ${leak}`);
    const diagnostics = service
      .diagnostics(doc, { ...verbatim.DEFAULT_SETTINGS, maxProblems: Number.MAX_SAFE_INTEGER } as never)
      .diagnostics.filter((d) => cleaning.has(String(d.code)));
    for (const d of diagnostics) problems.push(`${record}:${d.range.start.line + 1} ${d.code} ${d.message}`);
    service.forget(doc.uri);
    for (const kind of ALIGNED) {
      let text =
        kind === "import"
          ? r.text
          : kind.startsWith("import")
            ? r.text.replace(/\bthe\b/g, "teh")
            : readFileSync(join(SC2020, "text", kind.split(",")[0], `${record}.txt`), "utf8");
      if (kind === "layout, after its fix") {
        // The two-column-layout fix, which puts each page's left column before its right.
        const columned = service.model({ uri: `file:///pdf/columns/${record}.txt`, version: 1, getText: () => text });
        if (columned.columns) text = unColumn(columned.lines, columned.columns);
        service.forget(columned.uri);
      }
      const alignTimes: number[] = [];
      let a: ReturnType<typeof verbatim.alignText> | undefined;
      for (let k = 0; k < RUNS; k++) {
        t0 = performance.now();
        a = verbatim.alignText(text, r.source);
        alignTimes.push(ms(t0));
      }
      if (!a) continue;
      const map = a;
      const row = aligned.get(kind) as Aligned;
      row.matched += a.matched;
      row.words += a.words;
      row.times.push(median(alignTimes));
      const other = { uri: `file:///pdf/${kind}/${record}.txt`, version: 1, getText: () => text };
      // The speeches the text's model finds, paired with the labelled ones by their headers in
      // order (a diff: speeches a text gives out of order are left unpaired, with those it lacks).
      const model = service.model(other);
      const keys = foundHeaders(model).map(headerKey);
      let paired = 0;
      let l = 0;
      let f = 0;
      for (const c of diffArrays(
        labels.speeches.map((x) => headerKey(x.header)),
        keys,
      )) {
        const n = c.count ?? c.value.length;
        if (c.removed) l += n;
        else if (c.added) f += n;
        else
          for (let k = 0; k < n; k++, l++, f++) {
            paired++;
            if (map.source.pageOfLine(model.speeches[f].startLine) === labels.speeches[l].page) row.onPage++;
            else
              problems.push(
                `${record} (${kind}): ${labels.speeches[l].header} not shown on its page ${labels.speeches[l].page}`,
              );
          }
      }
      row.speeches += paired;
      row.notFound += labels.speeches.length - paired;
      service.forget(other.uri);
    }
    const f = wordFidelity(referenceWords(record), fidelityWords(r.text));
    for (const d of f.differences) problems.push(`${record}: words differ: ${d}`);
    rows.push({
      record,
      pages: r.pages,
      speeches: `${inOrder ? got.length : `${got.length} (not in order)`} / ${wanted.length}`,
      furniture,
      cleaning: diagnostics.length,
      fidelity: pct(1 - f.errors / f.words),
      words: f.words,
      errors: f.errors,
      spacing: f.referenceSpacing,
      first,
      warm: median(times),
    });
  }
  // The records of other decades and producers (test/corpus/eras): word fidelity as above, and the
  // words that are not the reference's one for one whatever their order (a cover's boilerplate
  // given after its agenda is no error there; a space put inside a word is two).
  const erasRows: string[] = [];
  for (const record of ERAS_RECORDS) {
    const r = await verbatim.importPdf(readFileSync(recordPdf(record, "eras")));
    if (!r.ok) {
      problems.push(`${record}: refused: ${r.message}`);
      continue;
    }
    const reference = referenceWords(record, "eras");
    const output = fidelityWords(r.text);
    const f = wordFidelity(reference, output);
    const left = new Map<string, number>();
    for (const w of reference) left.set(w, (left.get(w) ?? 0) + 1);
    let added = 0;
    for (const w of output) {
      const n = left.get(w) ?? 0;
      if (n > 0) left.set(w, n - 1);
      else added++;
    }
    let missed = 0;
    for (const n of left.values()) missed += n;
    erasRows.push(
      `| ${record} | ${r.pages} | ${pct(1 - f.errors / f.words)} (${f.errors} / ${f.words}; ${f.referenceSpacing}) | +${added} / −${missed} |`,
    );
  }
  clearInterval(sampler);
  const loadedMB = (loadedHeap - baseHeap) / 1e6;
  // The largest record (65 pages) alone: the heap it takes above what was there before (the peak,
  // garbage included), and what stays once its result is dropped.
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let largestPeak = before;
  const largestSampler = setInterval(() => {
    largestPeak = Math.max(largestPeak, process.memoryUsage().heapUsed);
  }, 5);
  let largest: ImportResult | undefined = await verbatim.importPdf(readFileSync(join(SC2020, "S_PV.8699.pdf")));
  clearInterval(largestSampler);
  largestPeak = Math.max(largestPeak, process.memoryUsage().heapUsed);
  global.gc?.();
  const resultMB = (process.memoryUsage().heapUsed - before) / 1e6;
  largest = undefined;
  void largest;
  // Nothing stays from one import to the next: the heap after a collection, once the first import
  // of the record is over (its result dropped), and again after three more.
  const settled = async () => {
    // A turn of the event loop: the promise machinery lets go of the last result.
    await new Promise((resolve) => setTimeout(resolve, 50));
    global.gc?.();
    return process.memoryUsage().heapUsed;
  };
  const afterOne = await settled();
  for (let k = 0; k < RUNS; k++) await verbatim.importPdf(readFileSync(join(SC2020, "S_PV.8699.pdf")));
  const growthMB = ((await settled()) - afterOne) / RUNS / 1e6;
  // The command line as a user runs it: one fresh process imports the ten PDFs (start-up, PDF.js
  // and the lexicon loaded once), the median of three runs.
  const cliTimes: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    const out = mkdtempSync(join(tmpdir(), "verbatim-bench-pdf-"));
    const t0 = performance.now();
    const c = spawnSync(
      process.execPath,
      [join(ROOT, "server", "out", "cli.js"), "import", "--out", out, ...RECORDS.map((r) => join(SC2020, `${r}.pdf`))],
      { encoding: "utf8" },
    );
    if (c.status !== 0) problems.push(`verbatim import: exit ${c.status}: ${c.stderr.slice(0, 300)}`);
    cliTimes.push(ms(t0));
  }
  // One record in a fresh process, as `verbatim import FILE > FILE.txt`: the shortest (12 pages).
  const oneTimes: number[] = [];
  const shortest = "S_PV.8700";
  for (let k = 0; k < RUNS; k++) {
    const t0 = performance.now();
    spawnSync(process.execPath, [join(ROOT, "server", "out", "cli.js"), "import", join(SC2020, `${shortest}.pdf`)], {
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
    oneTimes.push(ms(t0));
  }

  const pages = rows.reduce((a, r) => a + r.pages, 0);
  const total = (key: "first" | "warm") => rows.reduce((a, r) => a + r[key], 0);
  const words = rows.reduce((a, r) => a + r.words, 0);
  const errors = rows.reduce((a, r) => a + r.errors, 0);
  const f1 = (x: number) => x.toFixed(1);
  const table = [
    "| record | pages | speeches found / labelled, in order | furniture left | cleaning diagnostics | word fidelity (errors / reference words; reference spacing) | first import | warm import, median of 3 |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${r.record} | ${r.pages} | ${r.speeches} | ${r.furniture} | ${r.cleaning} | ${r.fidelity} (${r.errors} / ${r.words}; ${r.spacing}) | ${f1(r.first / r.pages)} ms/page | ${f1(r.warm / r.pages)} ms/page |`,
    ),
    `| all | ${pages} | ${rows.reduce((a, r) => a + Number.parseInt(r.speeches, 10), 0)} / ${rows.reduce((a, r) => a + Number(r.speeches.split(" / ")[1]), 0)} | ${rows.reduce((a, r) => a + r.furniture, 0)} | ${rows.reduce((a, r) => a + r.cleaning, 0)} | ${pct(1 - errors / words)} (${errors} / ${words}) | ${f1(total("first") / pages)} ms/page | ${f1(total("warm") / pages)} ms/page |`,
  ].join("\n");
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const cli = median(cliTimes);
  const one = median(oneTimes);

  const alignTable = [
    "| text aligned with the PDF's words | words found in the PDF | speeches shown on their labelled page | time a record: median / slowest |",
    "| --- | --- | --- | --- |",
    ...ALIGNED.map((kind) => {
      const a = aligned.get(kind) as Aligned;
      const speeches = `${a.onPage} / ${a.speeches}${a.notFound ? ` (${a.notFound} more not found in this text, or out of order)` : ""}`;
      const name = kind.startsWith("import")
        ? kind
        : kind === "pdfjs"
          ? "pdf.js's copy of all"
          : `pdftotext ${kind === "plain" ? "(no option)" : `-${kind}`}`;
      return `| ${name} | ${pct(a.matched / a.words)} (${a.matched} / ${a.words}) | ${speeches} | ${f1(median(a.times))} / ${f1(Math.max(...a.times))} ms |`;
    }),
  ].join("\n");

  const section = writeResultsSection(
    "pdf",
    "bench/pdf.ts",
    `
## PDF import

Written by \`npm run bench\` (bench/pdf.ts) on ${new Date().toISOString().slice(0, 10)}: ${machine}. The import
(server/src/pdf, bundled and minified as it ships) of the ten Security Council records of
test/corpus/sc2020, measured against the labels by reading (test/corpus/labels/sc2020): speeches
found in order, page furniture left (lines made of labelled furniture, and labelled furniture
elements the text holds more often than the record's own text), cleaning diagnostics on the
result, and word fidelity: 1 − (words missed, added or changed) / words of the reference, the
reference being \`pdftotext -raw\` (test/corpus/sc2020/text/raw, poppler) less the labelled
furniture lines, its line-end hyphens resolved as labelled — never PDF.js's own text. Where
\`pdftotext -raw\` lost the spaces of a tightly set line (32 lines in the ten records) and the
import has the same letters as separate words, the stretch is counted under "reference spacing",
not as an error. Times are wall-clock on a shared machine (other jobs move them by a fifth or
more): the first import of each record in one process (PDF.js and the lexicon already loaded),
then the median of ${RUNS} more.

${table}

The command line in a fresh process: \`verbatim import --out DIR\` on the ten PDFs, ${f1(cli)} ms
(${f1(cli / pages)} ms/page, start-up included, median of ${RUNS}); \`verbatim import S_PV.8700.pdf\`
alone (12 pages), ${f1(one)} ms (${f1(one / 12)} ms/page: Node's start-up, PDF.js and the lexicon
loaded, for one short record).

Memory: PDF.js, the language data and the lexicon take ${f1(loadedMB)} MB of heap once loaded. The
largest record (S/PV.8699, 65 pages) takes at most ${f1((largestPeak - before) / 1e6)} MB of heap above that while it is
imported (garbage included); its result (the text and the map of its words to the pages) holds
${f1(resultMB)} MB; importing it ${RUNS} more times leaves the heap ${f1(growthMB)} MB an import bigger (nothing kept
from one import to the next). Over the whole run
(${(RUNS + 1) * rows.length} imports and their checks) the process peaked at ${f1(peakHeap / 1e6)} MB of heap and ${f1(peakRss / 1e6)} MB RSS.

The view of the PDF beside the text finds a line's words on the pages by aligning the text the
user has (the import's, edited or not, or another tool's) with the import's words
(server/src/pdf/align.ts), in the server's PDF thread, once per version of the text a request is
made for. For each of the ten records, the text below aligned ${RUNS} times (the median kept); a
speech the text's model finds, paired in order with the labelled speech of the same header, counts
when the map puts its header's line on the labelled page. Words not found are mostly page furniture, which the import
leaves out (and, in the edited text, the edited words). A \`pdftotext -layout\` text puts two
columns side by side on each line, so that a line is two places of the page: the view reads it
once its \`two-column-layout\` fix has put the columns one after the other.

${alignTable}

The seven records of other decades and producers (test/corpus/eras, 1950–2026), measured the
same way against their labels' furniture; the last column counts the import's words that are not
the reference's one for one whatever their order (added / missed): S/PV.10100's word fidelity is
low because \`pdftotext -raw\` gives its cover's boilerplate before the President's line and the
import after the agenda, not because its words differ. S/PV.492 is a scan: its OCR layer in two
languages' columns, read in another order by each tool. Before the import measured a gap between
glyphs against the font's own space (issue 23), S/PV.10100 gave 72.581% (187 / 682; 1) and +4 / −2
(\`Secretary -General\`, \`AB -0928\`), S/PV.492 52.120% (11114 / 23212; 28) and +257 / −2476; the
others were as below.

| record | pages | word fidelity (errors / reference words; reference spacing) | words not the reference's, whatever the order |
| --- | --- | --- | --- |
${erasRows.join("\n")}

Target (issue 15): every speech in order, no furniture, word fidelity ≥ 99.9%, under 100 ms a page.
${problems.length ? `\nDifferences (${problems.length}):\n\n${problems.map((p) => `- ${p}`).join("\n")}\n` : ""}`,
  );
  console.log(section);
})();
