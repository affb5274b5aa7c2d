import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import Ajv from "ajv";
import { applyTextEdits, importPdf, type RecordExport, type TranscriptModel } from "../../server/src/index";
import { labelledInterruptions, labelledVotes, scoreInterruptions, scoreVotes } from "../corpus/proceedings";
import { CORPUS, doc, ROOT, service } from "./helpers";

// The invariant of issue 22, over every text of the corpus (every extractor's and the import's, of
// every record and decade) and the samples: the export's proceedings hold the words of the record
// after its cover, in order, less the page furniture — nothing dropped, nothing cut, nothing twice.

interface Text {
  name: string;
  text: () => string | Promise<string>;
}

const CORPORA = ["sc2020", "eras"];
const VARIANTS = ["raw", "plain", "layout", "pdfjs"];

function corpusTexts(): Text[] {
  const out: Text[] = [];
  for (const corpus of CORPORA)
    for (const variant of VARIANTS) {
      const dir = join(CORPUS, corpus, "text", variant);
      for (const f of readdirSync(dir)
        .filter((x) => x.endsWith(".txt"))
        .sort())
        out.push({ name: `${corpus}/${variant}/${f}`, text: () => readFileSync(join(dir, f), "utf8") });
    }
  const samples = join(ROOT, "samples");
  for (const f of readdirSync(samples).filter((x) => x.endsWith(".txt")))
    out.push({ name: `samples/${f}`, text: () => readFileSync(join(samples, f), "utf8") });
  for (const f of readdirSync(join(samples, "corpus")))
    out.push({ name: `samples/corpus/${f}`, text: () => readFileSync(join(samples, "corpus", f), "utf8") });
  return out;
}

const imports = new Map<string, Promise<string>>();
/** The import of a corpus PDF, once per test file. */
function imported(corpus: string, record: string): Promise<string> {
  const key = `${corpus}/${record}`;
  let text = imports.get(key);
  if (!text) {
    text = importPdf(readFileSync(join(CORPUS, corpus, `${record}.pdf`))).then((r) => {
      if (!r.ok) throw new Error(`${key}: ${r.message}`);
      return r.text;
    });
    imports.set(key, text);
  }
  return text;
}

function importTexts(): Text[] {
  return CORPORA.flatMap((corpus) =>
    readdirSync(join(CORPUS, corpus))
      .filter((f) => f.endsWith(".pdf"))
      .sort()
      .map((f) => ({ name: `${corpus}/import/${f}`, text: () => imported(corpus, f.slice(0, -4)) })),
  );
}

/** Letters and digits of a text, in order, as one string: the words, whoever joins or splits them. */
const letters = (s: string) =>
  s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");

/** A job number run into the text (`Secretary20-02121`): page furniture, which the cleaning takes out. */
const JOB_NUMBER = /(?<!\d)\d{2}-\d{5}(?!\d)(?: \(E\))?/g;

/** The elements' lines never overlap, come in order, and hold every line of content after the cover. */
function assertLinesCovered(m: TranscriptModel, name: string): void {
  const owner = new Int32Array(m.lines.lineCount).fill(-1);
  let previous = -1;
  m.proceedings.forEach((p, k) => {
    assert.ok(p.startLine >= previous, `${name}: element ${k} (${p.kind}, line ${p.startLine + 1}) is out of order`);
    previous = p.endLine;
    for (let i = p.startLine; i <= p.endLine; i++) {
      if (m.lineKinds[i] === "blank" || m.lineKinds[i] === "furniture") continue;
      assert.equal(owner[i], -1, `${name}: line ${i + 1} is in elements ${owner[i]} and ${k}`);
      owner[i] = k;
    }
  });
  for (let i = m.bodyStart; i < m.lines.lineCount; i++) {
    if (m.lineKinds[i] === "blank" || m.lineKinds[i] === "furniture") continue;
    assert.notEqual(owner[i], -1, `${name}: line ${i + 1} (${m.lineKinds[i]}) is in no element: ${m.lines.line(i)}`);
  }
}

/** Every line of the record but its furniture, job numbers run into the text left out too. */
function recordText(m: TranscriptModel): string {
  const parts: string[] = [];
  for (let i = 0; i < m.lines.lineCount; i++)
    if (m.lineKinds[i] !== "furniture" && m.lineKinds[i] !== "blank")
      parts.push(m.lines.line(i).replace(JOB_NUMBER, " "));
  return parts.join("\n");
}

/** The export's words: its cover, then its proceedings. */
const exportText = (e: RecordExport) => [e.cover?.text ?? "", ...e.proceedings.map((p) => p.text)].join("\n");

/** In order, every letter of the record (less its furniture) in the export, once. */
function assertExportHoldsRecord(record: TranscriptModel, e: RecordExport, name: string): void {
  const exported = letters(exportText(e));
  const expected = letters(recordText(record));
  let k = 0;
  while (k < exported.length && exported[k] === expected[k]) k++;
  assert.ok(
    k === exported.length && k === expected.length,
    `${name}: the export and the record part ${k} letters from their start: …${exported.slice(Math.max(0, k - 60), k + 30)}… where the record has …${expected.slice(Math.max(0, k - 60), k + 30)}…`,
  );
}

/**
 * Two columns side by side (pdftotext -layout): the record is its cleaned text, the columns one
 * after the other (the two-column fix is tested in cleaning.test.ts); every letter of it is in the
 * export as many times. The order is not compared: a scan's strip of the facing page makes a third
 * column, which the cleaning's two passes may place elsewhere.
 */
function assertSameLetters(record: TranscriptModel, e: RecordExport, name: string): void {
  const count = (s: string) => {
    const counts = new Map<string, number>();
    for (const ch of letters(s)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    return [...counts].sort(([a], [b]) => (a < b ? -1 : 1));
  };
  assert.deepEqual(count(exportText(e)), count(recordText(record)), name);
}

describe("the export: every word of the record (its cover, then its proceedings), in order, less the furniture", () => {
  const texts = [...corpusTexts(), ...importTexts()];
  const validate = new Ajv({ allErrors: true }).compile(
    JSON.parse(readFileSync(join(ROOT, "schemas", "export.schema.json"), "utf8")),
  );
  it(`holds on all ${texts.length} texts of the corpus and the samples (every extractor, the import, every decade)`, async () => {
    const s = service();
    for (const t of texts) {
      const d = doc(await t.text(), `file:///${t.name}`);
      const m = s.model(d);
      assertLinesCovered(m, t.name);
      const e = s.exportRecord(d, t.name);
      assert.ok(validate([e]), `${t.name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
      if (m.columns) {
        const cleaned = applyTextEdits(m.text, s.safeFixes(d));
        assertSameLetters(s.model(doc(cleaned, `file:///${t.name}#cleaned`)), e, t.name);
      } else assertExportHoldsRecord(m, e, t.name);
      s.forget(d.uri);
    }
  });
});

describe("votes read as data, against the lists people read from the PDFs", () => {
  // Every vote of the records with votes: lists exact, counts as printed, in the import and in the
  // extractors' texts that keep the lists in their order (see test/corpus/labels/eras/NOTES-votes.md).
  const cases: [string, string, string[]][] = [
    ["eras", "A_48_PV.46", ["import"]],
    ["eras", "S_PV.8422", ["import", "raw", "plain", "layout", "pdfjs"]],
    ["eras", "S_PV.10100", ["raw", "plain", "layout", "pdfjs"]],
    ["sc2020", "S_PV.8700", ["import", "raw", "layout", "pdfjs"]],
  ];
  for (const [corpus, record, variants] of cases)
    it(`${record}: every vote's three lists and counts, in ${variants.join(", ")}`, async () => {
      const labels = labelledVotes(`${corpus}/${record}`);
      assert.ok(labels?.length, `${record} has labelled votes`);
      const s = service();
      for (const variant of variants) {
        const text =
          variant === "import"
            ? await imported(corpus, record)
            : readFileSync(join(CORPUS, corpus, "text", variant, `${record}.txt`), "utf8");
        const e = s.exportRecord(doc(text), record);
        const score = scoreVotes(e, labels);
        assert.deepEqual(score.problems, [], `${record} (${variant})`);
        assert.equal(score.exact, labels.length);
        assert.equal(score.countsAgree, score.withCounts);
        // Every name of every list is a State the data knows, with its code.
        for (const v of e.votes)
          for (const st of [...v.yes, ...v.no, ...v.abstain]) assert.match(st.iso3 ?? "", /^[A-Z]{3}$/, st.printed);
      }
    });
});

describe("a speech goes on after a stage direction inside it (a change of the Chair, a language note)", () => {
  // Every direction people read inside a speech of the records of other decades: the model keeps
  // it inside that speaker's speech, with the speech going on after it. pdftotext -layout's text
  // is read once its two columns are put one after the other (its fix), as the export reads it.
  const cases: [string, string[]][] = [
    ["A_48_PV.46", ["import", "raw", "plain", "layout", "pdfjs"]],
    ["A_60_PV.85", ["import", "raw", "plain", "layout", "pdfjs"]],
    ["A_64_PV.121", ["import", "raw", "plain", "layout", "pdfjs"]],
    ["A_76_PV.102", ["raw", "plain", "layout", "pdfjs"]],
  ];
  for (const [record, variants] of cases)
    it(`${record}: in ${variants.join(", ")}`, async () => {
      const labels = labelledInterruptions(`eras/${record}`);
      assert.ok(labels.length, `${record} has labelled directions inside speeches`);
      const s = service();
      for (const variant of variants) {
        let text =
          variant === "import"
            ? await imported("eras", record)
            : readFileSync(join(CORPUS, "eras", "text", variant, `${record}.txt`), "utf8");
        if (variant === "layout") text = applyTextEdits(text, s.safeFixes(doc(text)));
        const score = scoreInterruptions(s.model(doc(text)), labels);
        assert.deepEqual(score.problems, [], `${record} (${variant})`);
        assert.equal(score.kept, labels.length);
      }
    });
});
