// A scanned record's cover recognised as a cover (issue 24): the layout and the parser run on the
// kept TSVs of synthetic scans' first two pages (test/corpus/scans/README.md), no Tesseract.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { type ImportedRecord, importPdf, readPdf } from "../../server/src/pdf";
import { importOcrPages, type PageOcr } from "../../server/src/pdf/ocr";
import { repairCover } from "../../server/src/pdf/ocr/cover";
import type { OcrLine } from "../../server/src/pdf/ocr/tsv";
import { fidelityWords, recordPdf, wordFidelity } from "../corpus/records";
import { doc, ROOT, service } from "./helpers";

const SCANS = join(ROOT, "test", "corpus", "scans");

/** Page 1's words of an import, by its word map. */
const coverWords = (r: ImportedRecord) =>
  fidelityWords(
    r.source.words
      .filter((w) => w.boxes[0]?.page === 1)
      .map((w) => r.source.wordText(w))
      .join(" "),
  );

// Each: how Tesseract misread the cover's symbol, and the cover's word error rate before this work.
// Members: those the parser reads of the 14 (S/PV.8422's and S/PV.8699 (Resumption 2)'s lists
// lose lines to Tesseract's layout: a leader's dots lost at the gutter make a band of columns).
const CASES = [
  {
    record: "S_PV.8708",
    corpus: "sc2020",
    symbol: "S/PV.8708",
    meeting: 8708,
    members: 14,
    misread: "Spv.s708 (54.05%)",
  },
  {
    record: "S_PV.8422",
    corpus: "eras",
    symbol: "S/PV.8422",
    meeting: 8422,
    members: 10,
    misread: "Spv.s422, a block apart (61.96%)",
  },
  {
    record: "S_PV.8699-R2",
    corpus: "sc2020",
    symbol: "S/PV.8699 (Resumption 2)",
    meeting: 8699,
    members: 3,
    misread: "S:pv.s609 (47.42%)",
  },
] as const;

for (const c of CASES) {
  describe(`OCR: the cover of a synthetic scan of ${c.record} (symbol read ${c.misread})`, async () => {
    const bytes = readFileSync(recordPdf(c.record, c.corpus));
    const truth = await importPdf(bytes);
    assert.ok(truth.ok);
    const pdf = await readPdf(bytes);
    const pages: PageOcr[] = [1, 2].map((page) => ({
      page,
      tsv: readFileSync(join(SCANS, `${c.record}.cover.p${page}.tsv`), "utf8"),
      dpi: 300,
    }));
    const ocr = importOcrPages({ pages: pdf.pages.slice(0, 2).map((p) => ({ ...p, runs: [] })), fonts: [] }, pages, {
      lang: "eng",
      language: "en",
      engine: "Tesseract",
    });
    assert.ok(ocr.ok);

    it("recognises the cover: its symbol from the running heads, its meeting, organ and members", () => {
      if (!ocr.ok) return;
      const model = service().model(doc(ocr.text));
      assert.ok(model.cover, ocr.text.slice(0, 400));
      assert.equal(model.cover.symbol?.text, c.symbol);
      assert.equal(model.cover.organ?.text, "Security Council");
      assert.equal(model.cover.meeting?.number, c.meeting);
      assert.ok(model.cover.members.length >= c.members, `${model.cover.members.length} members`);
    });

    it("keeps the cover's note, every word of it, and the symbol put right stays doubtful", () => {
      if (!truth.ok || !ocr.ok) return;
      const note = /^This record contains the text of speeches.*$/m.exec(truth.text)?.[0];
      assert.ok(note);
      const got = wordFidelity(fidelityWords(note), fidelityWords(ocr.text));
      // Every word of the note in the OCR's transcript (its other words count as added).
      assert.equal(got.errors, fidelityWords(ocr.text).length - fidelityWords(note).length, got.differences.join("; "));
      const model = service().model(doc(ocr.text));
      assert.ok(model.boilerplate, "the note is the cover's boilerplate, not page 1's footer");
      const bare = c.symbol.replace(/ \(.*$/, "");
      assert.ok(
        ocr.ocr.doubtful.some((d) => d.word === bare),
        ocr.ocr.doubtful.map((d) => d.word).join(" "),
      );
    });

    it("reads the cover within 12% of the text PDF's words, no logo's words nor emblem read as letters", () => {
      if (!truth.ok || !ocr.ok) return;
      const cover = wordFidelity(coverWords(truth), coverWords(ocr));
      assert.ok(cover.errors / cover.words <= 0.12, `${cover.errors}/${cover.words}: ${cover.differences.join("; ")}`);
      assert.doesNotMatch(ocr.text, /Please recycle|Accessible document/);
      assert.match(ocr.text, /^Security Council Provisional$/m);
    });
  });
}

describe("OCR: a cover put right from the same scan only", () => {
  const word = (text: string, x: number, confidence = 96, height = 12) => ({
    text,
    box: { page: 1, x, y: 50, width: 8 * text.length, height },
    confidence,
  });
  const line = (baseline: number, ...words: ReturnType<typeof word>[]): OcrLine => ({
    page: 1,
    baseline,
    size: 12,
    words,
  });
  const size = { width: 612, height: 792 };

  it("puts a symbol's slash and case back where only they differ, with no other page", () => {
    const opening = line(60, word("United", 130), word("Nations", 180), word("Spv.10100", 500, 40, 18));
    const meeting = line(
      120,
      word("1", 130, 96, 14),
      word("0", 140, 96, 14),
      word("1", 150),
      word("00:", 160),
      word("meeting", 190),
    );
    const pages = [{ page: 1, size, lines: [opening, meeting] }];
    repairCover(pages, "en");
    assert.deepEqual(
      opening.words.map((w) => w.text),
      ["United", "Nations", "S/PV.10100"],
    );
    assert.equal(opening.words[2].confidence, 40);
    assert.deepEqual(
      meeting.words.map((w) => w.text),
      ["10100th", "meeting"],
    );
  });

  it("puts a meeting number read right in pieces together, not doubtful", () => {
    const opening = line(60, word("United", 130), word("Nations", 180));
    const meeting = line(
      120,
      word("1", 130),
      word("02", 140),
      word("nd", 160, 90),
      word("plenary", 190),
      word("meeting", 260),
    );
    const other = { page: 2, size, lines: [line(40, word("A/76/PV.102", 60), word("19/09/2022", 500))] };
    repairCover([{ page: 1, size, lines: [opening, meeting] }, other], "en");
    assert.deepEqual(
      meeting.words.map((w) => [w.text, w.confidence]),
      [
        ["102nd", 90],
        ["plenary", 96],
        ["meeting", 96],
      ],
    );
  });

  it("leaves a reading alone that no text of the scan puts right", () => {
    const opening = line(60, word("United", 130), word("Nations", 180), word("S", 500, 40, 18), word("xX", 520, 30));
    const meeting = line(120, word("4321st", 130), word("meeting", 190));
    const other = { page: 2, size, lines: [line(40, word("S/PV.8708", 60), word("29/01/2020", 500))] };
    repairCover([{ page: 1, size, lines: [opening, meeting] }, other], "en");
    assert.deepEqual(
      opening.words.map((w) => w.text),
      ["United", "Nations", "S", "xX"],
    );
    assert.deepEqual(
      meeting.words.map((w) => w.text),
      ["4321st", "meeting"],
    );
  });
});
