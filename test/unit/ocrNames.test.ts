// Names that Tesseract's `eng` data cannot spell (issue 24): letters it does not have, read again
// with the Latin script data (reread.ts `nameWords`, `nameTaken`, `mergeMarks`). The readings are
// the synthetic scans' own, kept (test/corpus/scans/README.md): no Tesseract needed.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readPdf } from "../../server/src/pdf";
import { importOcrPages, namesReading, type PageOcr } from "../../server/src/pdf/ocr";
import { ocrNames, ocrPdf } from "../../server/src/pdf/ocr/engine";
import {
  foreignLetters,
  mergeMarks,
  type NameReading,
  nameTaken,
  nameWords,
  oneConfusion,
  SURE,
} from "../../server/src/pdf/ocr/reread";
import { type Corpus, foundHeaders, headerKey, recordLabels, recordPdf } from "../corpus/records";
import { doc, ROOT, service } from "./helpers";

const SCANS = join(ROOT, "test", "corpus", "scans");
const HEAD = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext";
const row = (n: number, left: number, conf: number, text: string, height = 30) =>
  `5\t1\t1\t1\t1\t${n}\t${left}\t100\t${text.length * 14}\t${height}\t${conf}\t${text}`;

describe("OCR: names with letters eng does not have", () => {
  it("takes a letter eng does not have for the one letter or two eng read in its place", () => {
    // First readings and the Latin data's, as on the synthetic scans (the pages below).
    assert.ok(foreignLetters("Megedal", "Møgedal"), "ø read as e");
    assert.ok(foreignLetters("Moggedal", "Møgedal"), "ø read as og");
    assert.ok(foreignLetters("Tirk", "Türk"), "ü read as i");
    assert.ok(foreignLetters("Comtn", "Común"), "ú read as t");
    assert.ok(foreignLetters("Lodz", "Łódź"), "Ł and ź without their strokes");
    assert.ok(foreignLetters("Strasse", "Straße"), "ß read as ss");
    assert.ok(!foreignLetters("Megedal", "Megedal"), "nothing to add");
    assert.ok(!foreignLetters("Megedal", "Mogedal"), "another letter, none eng lacks");
    assert.ok(!foreignLetters("Megedal", "Møgedel"), "ø, but another letter too");
    assert.ok(!foreignLetters("Megedal", "Møgedals"), "a letter more");
    assert.ok(!foreignLetters("Megdal", "Møgedal"), "a letter eng read as none");
    assert.ok(!foreignLetters("Mo-gedal", "Møgedal"), "a hyphen is no letter");
  });

  it("puts right one confusion of printed type, and only one", () => {
    assert.ok(oneConfusion("Szezerski", "Szczerski"));
    assert.ok(oneConfusion("Hurnala", "Humala"), "rn for m");
    assert.ok(oneConfusion("Mahmoucl", "Mahmoud"), "cl for d");
    assert.ok(!oneConfusion("Szezerske", "Szczerski"), "two places");
    assert.ok(!oneConfusion("Szezerski", "Szezerski"));
    assert.ok(!oneConfusion("Szezerski", "Szozerski"), "e for o is no confusion here");
  });

  it("takes more than marks only from a Latin reading surer than the first and sure enough", () => {
    // Marks alone are taken whatever the confidences (as before).
    assert.ok(nameTaken("Bavdaz", 96, "Bavdaž", 40));
    assert.ok(nameTaken("Bavdaz", 96, "Bavdaž"));
    // Letters: the Latin reading must be sure and surer than the first.
    assert.ok(nameTaken("Moggedal", 47, "Møgedal", 91));
    assert.ok(!nameTaken("Moggedal", 47, "Møgedal"), "a reading kept without its confidence");
    assert.ok(!nameTaken("Moggedal", 47, "Møgedal", SURE - 1), "not sure enough");
    assert.ok(!nameTaken("Szezerski", 92, "Szczerski", 90), "less sure than the first");
    // A Latin reading of a finer image than the first's (the page read brought down to 200 dpi, its
    // names cut from the 300 dpi rendering): sure enough is enough, the confidences being of two images.
    assert.ok(nameTaken("Szezerski", 91, "Szczerski", 84, true));
    assert.ok(!nameTaken("Szezerski", 91, "Szczerski", SURE - 1, true), "not sure enough");
    assert.ok(!nameTaken("Kuret", 60, "Kurot", 95, true), "another letter, no confusion");
    // A word longer than a name (a hostile page's) is not compared letter by letter.
    assert.ok(!nameTaken(`M${"e".repeat(5000)}`, 40, `M${"ø".repeat(5000)}`, 90));
    assert.ok(nameTaken(`M${"e".repeat(30)}`, 40, `M${"ø".repeat(30)}`, 90));
    // A name's letters stay where the readings differ otherwise.
    assert.ok(!nameTaken("Kuret", 60, "Kurot", 95), "another letter, no confusion");
  });

  it("reads again a hyphenated name, a possessive and a capital with a caron", () => {
    const known = (w: string) => ["the", "council", "non", "aligned"].includes(w.toLowerCase());
    const tsv = [
      HEAD,
      row(1, 100, 89, "Salazar-Mejia"),
      row(2, 300, 82, "Tiirk’s"),
      row(3, 420, 90, "Séepanovié", 55),
      row(4, 600, 95, "Non-Aligned"),
      row(5, 800, 95, "Council"),
      row(6, 900, 95, "Titlepage", 90),
    ].join("\n");
    const texts = nameWords(tsv, known).map((d) => tsv.split("\n")[d.rows[0]].split("\t")[11]);
    assert.deepEqual(texts, ["Salazar-Mejia", "Tiirk’s", "Séepanovié"]);
    const merged = mergeMarks(tsv, [
      { row: 1, text: "Salazar-Mejía", conf: 92 },
      { row: 2, text: "Türk’s", conf: 90 },
    ]).split("\n");
    // The word's box and confidence stay the first reading's.
    assert.equal(merged[1], row(1, 100, 89, "Salazar-Mejia").replace("Mejia", "Mejía"));
    assert.equal(merged[2], row(2, 300, 82, "Tiirk’s").replace("Tiirk", "Türk"));
  });
});

describe("OCR: names read again on pages read before (needs tesseract-ocr-script-latn)", () => {
  it("reads them as the first run reads them", async () => {
    // Pieces of synthetic scans with Bavdaž, António, Eneström and Briceño (test/corpus/scans/README.md).
    const bytes = readFileSync(join(SCANS, "accents.synthetic.pdf"));
    const pdf = await readPdf(bytes);
    const sizes = new Map(pdf.pages.map((p) => [p.number, p.view ?? p]));
    const pages = pdf.pages.map((p) => p.number);
    const { names } = namesReading("en");
    assert.ok(names);
    const once = await ocrPdf(bytes, { lang: "eng", pages, sizes, names });
    const again = await ocrNames(bytes, await ocrPdf(bytes, { lang: "eng", pages, sizes }), { names });
    assert.deepEqual(
      again.map((o) => o.names),
      once.map((o) => o.names),
    );
    assert.ok(again.some((o) => o.names?.some((n) => n.text.includes("Bavdaž") && (n.conf ?? 0) > 0)));
  });
});

/** Pages of the synthetic scans with a speaker's name eng cannot spell: the page's TSV and its names' Latin readings, kept. */
const PAGES: { record: string; corpus: Corpus; page: number; header: string; misread: string }[] = [
  {
    record: "A_60_PV.85",
    corpus: "eras",
    page: 11,
    header: "Mrs. Møgedal (Norway), Rapporteur of panel 2",
    misread: "Megedal",
  },
  {
    record: "A_64_PV.121",
    corpus: "eras",
    page: 4,
    header: "Mrs. Salazar-Mejía (Colombia) (spoke in Spanish)",
    misread: "Salazar-Mejia",
  },
  { record: "A_76_PV.102", corpus: "eras", page: 27, header: "Mr. Szczerski (Poland)", misread: "Szezerski" },
  { record: "S_PV.8699-R2", corpus: "sc2020", page: 3, header: "Ms. Šćepanović (Montenegro)", misread: "Séepanovié" },
];

for (const c of PAGES)
  describe(`OCR: ${c.header} on page ${c.page} of the synthetic scan of ${c.record}`, async () => {
    const base = join(SCANS, `${c.record}.p${c.page}`);
    const tsv = readFileSync(`${base}.tsv`, "utf8");
    const names = JSON.parse(readFileSync(`${base}.names.json`, "utf8")) as NameReading[];
    const pdf = await readPdf(readFileSync(recordPdf(c.record, c.corpus)));
    const one = { pages: pdf.pages.filter((p) => p.number === c.page).map((p) => ({ ...p, runs: [] })), fonts: [] };
    const headers = (page: PageOcr) => {
      const r = importOcrPages(one, [page], { lang: "eng", language: "en", engine: "Tesseract" });
      assert.ok(r.ok);
      return { text: r.text, keys: foundHeaders(service().model(doc(r.text))).map(headerKey) };
    };

    it("is labelled on that page", () => {
      const labels = recordLabels(c.record, c.corpus).speeches.filter((s) => s.page === c.page);
      assert.ok(labels.some((s) => headerKey(s.header) === headerKey(c.header)));
    });

    it("finds the speech's header with the name spelt right from the Latin reading", () => {
      const got = headers({ page: c.page, tsv, dpi: 300, names });
      assert.ok(got.keys.includes(headerKey(c.header)), got.keys.join("; "));
    });

    it("misses it with eng's reading alone", () => {
      const got = headers({ page: c.page, tsv, dpi: 300 });
      assert.ok(!got.keys.includes(headerKey(c.header)));
      assert.ok(got.text.includes(c.misread));
    });
  });
