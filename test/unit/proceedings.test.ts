import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import Ajv from "ajv";
import { applyTextEdits, type TranscriptModel } from "../../server/src/index";
import {
  checkExport,
  corpusTexts,
  imported,
  importTexts,
  labelledInterruptions,
  labelledVotes,
  scoreInterruptions,
  scoreVotes,
} from "../corpus/proceedings";
import { CORPUS, doc, ROOT, service } from "./helpers";

// The invariant of issue 22, over every text of the corpus (every extractor's and the import's, of
// every record and decade) and the samples: the export (its cover, then its proceedings) holds the
// words of the record, in order, less the page furniture — nothing dropped, nothing cut, nothing
// twice (test/corpus/proceedings.ts, checkExport).

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
      // Two columns side by side: the record is its cleaned text, the columns one after the other.
      const record = m.columns ? s.model(doc(applyTextEdits(m.text, s.safeFixes(d)), `${d.uri}#cleaned`)) : m;
      const check = checkExport(record, e, !m.columns);
      assert.deepEqual([check.lost, check.added, check.partsAt], [0, 0, null], t.name);
      s.forget(d.uri);
    }
  });
});

describe("votes read as data, against the lists people read from the PDFs", () => {
  // Every vote of the records with votes: lists exact, counts as printed, in the import and in the
  // extractors' texts that keep the lists in their order (see test/corpus/labels/eras/NOTES-votes.md).
  const cases: [string, string, string[]][] = [
    ["eras", "A_48_PV.46", ["import", "raw", "layout", "pdfjs"]],
    ["eras", "S_PV.8422", ["import", "raw", "plain", "layout", "pdfjs"]],
    ["eras", "S_PV.10100", ["import", "raw", "plain", "layout", "pdfjs"]],
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
    ["A_76_PV.102", ["import", "raw", "plain", "layout", "pdfjs"]],
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
