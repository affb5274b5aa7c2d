// Accented names and run-together words in scans (issue 24): names read again with Tesseract's
// Latin script data for their accents (reread.ts `nameWords`, `onlyMarks`, `mergeMarks`), States'
// names given their accents from the States' data (accents.ts), words run together split
// (fused.ts). The test that reads scans needs Tesseract with its `eng` and `Latin` data (Debian's
// tesseract-ocr-eng and tesseract-ocr-script-latn, which .ci/run installs).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadData } from "../../server/src/data";
import { lexiconFor } from "../../server/src/lexicon/lexicon";
import { readPdf } from "../../server/src/pdf";
import { importOcrPages, namesNote, namesReading } from "../../server/src/pdf/ocr";
import { accentStates } from "../../server/src/pdf/ocr/accents";
import { repairConfusions } from "../../server/src/pdf/ocr/confusions";
import { ocrPdf } from "../../server/src/pdf/ocr/engine";
import { splitFused } from "../../server/src/pdf/ocr/fused";
import { mergeMarks, nameWords, onlyMarks } from "../../server/src/pdf/ocr/reread";
import type { OcrLine, OcrWord } from "../../server/src/pdf/ocr/tsv";
import { ROOT } from "./helpers";

const SCANS = join(ROOT, "test", "corpus", "scans");
const HEAD = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext";
const row = (n: number, left: number, conf: number, text: string) =>
  `5\t1\t1\t1\t1\t${n}\t${left}\t100\t${text.length * 14}\t30\t${conf}\t${text}`;

describe("OCR: names' accents", () => {
  it("says when Tesseract lacks the Latin script data that reads names' accents, and only then", () => {
    const note = namesNote(["eng", "osd"], "en");
    assert.match(note ?? "", /without a second reading for their accents/);
    assert.match(note ?? "", /tesseract-ocr-script-latn/);
    assert.equal(namesNote(["eng", "Latin"], "en"), undefined);
    // A language with no lexicon has no names to read again: nothing to say.
    assert.equal(namesNote(["rus"], "ru"), undefined);
  });

  it("takes only marks from the second reading: the letters stay", () => {
    // What Tesseract's eng data read on the synthetic scans, and the Latin data's reading.
    assert.ok(onlyMarks("Bavdaz", "Bavdaž"));
    assert.ok(onlyMarks("Antonio", "António"));
    assert.ok(onlyMarks("Enestrém", "Eneström"), "a marked letter for a marked letter");
    assert.ok(onlyMarks("Bricefio", "Briceño"), "ñ read as fi");
    // At 200 dpi (engine.ts reads a 10-point body there), `eng` reads the same ñ as ni.
    assert.ok(onlyMarks("Bricenio", "Briceño"), "ñ read as ni");
    assert.ok(onlyMarks("Nunio", "Nuñio"), "a mark on n, the i both readings'");
    // The synthetic scans of six 2020 records: `Mr. Jürgenson (Estonia):` read `Jiirgenson`.
    assert.ok(onlyMarks("Jiirgenson", "Jürgenson"), "ü read as ii");
    assert.ok(onlyMarks("Miintefering", "Müntefering"));
    assert.ok(!onlyMarks("Jiirgenson", "Jurgenson"), "a letter fewer and no mark");
    assert.ok(!onlyMarks("Jiirgenson", "Jürgensen"), "ü for ii, but another letter too");
    assert.ok(!onlyMarks("Kuret", "Kuret"), "nothing to add");
    assert.ok(!onlyMarks("Paris", "Parls"), "another letter");
    assert.ok(!onlyMarks("Valero", "Valéroa"), "a letter more");
    assert.ok(!onlyMarks("Garcia", "Garcfa"));
  });

  it("reads again the capitalised words the lexicon does not know, in the page's usual type", () => {
    const lexicon = lexiconFor("en");
    assert.ok(lexicon);
    const known = (w: string) => lexicon.has(w.toLowerCase());
    const tsv = [
      HEAD,
      row(1, 100, 96, "Ms."),
      row(2, 160, 85, "Bavdaz"),
      row(3, 260, 92, "Kuret"),
      row(4, 340, 95, "(Slovenia):"),
      row(5, 500, 95, "The"),
      row(6, 560, 93, "Antonio"),
      row(7, 680, 95, "Council"),
      row(8, 800, 95, "peace"),
    ].join("\n");
    const texts = nameWords(tsv, known).map((d) => tsv.split("\n")[d.rows[0]].split("\t")[11]);
    // `Antonio`, a name the lexicon knows capitalised only, is read again; `Council` and `The` are words.
    assert.deepEqual(texts, ["Bavdaz", "Kuret", "(Slovenia):", "Antonio"]);
  });

  it("gives a name its marks and keeps its punctuation, box and confidence", () => {
    const tsv = [HEAD, row(1, 100, 85, "Bavdaz"), row(2, 200, 92, "Kuret"), row(3, 300, 93, "(Antonio")].join("\n");
    const merged = mergeMarks(tsv, [
      { row: 1, text: "Bavdaž" },
      { row: 2, text: "Kuret" },
      { row: 3, text: "António" },
    ]).split("\n");
    assert.equal(merged[1], row(1, 100, 85, "Bavdaž"));
    assert.equal(merged[2], row(2, 200, 92, "Kuret"));
    assert.equal(merged[3], row(3, 300, 93, "(António"));
    // A reading that changes a letter is not taken.
    assert.equal(
      mergeMarks(tsv, [
        { row: 1, text: "Bavdažs" },
        { row: 2, text: "Kurct" },
      ]),
      tsv,
    );
  });

  it("gives States' names of the record's language their accents, and no other name", () => {
    const line = (...texts: string[]): OcrLine => ({
      page: 1,
      baseline: 100,
      size: 10,
      words: texts.map((text, k) => ({
        text,
        confidence: 90,
        box: { page: 1, x: 10 * k, y: 90, width: 8, height: 10 },
      })),
    });
    const lines = [
      line("Mr.", "Kouadio", "(Cote", "d’Ivoire):"),
      line("representative", "of", "Turkiye,", "Turkey", "and", "Mexico"),
      line("Cote", "is", "a", "word"),
    ];
    assert.equal(accentStates(lines, "en"), 2);
    assert.deepEqual(
      lines.map((l) => l.words.map((w) => w.text).join(" ")),
      ["Mr. Kouadio (Côte d’Ivoire):", "representative of Türkiye, Turkey and Mexico", "Cote is a word"],
    );
  });

  it("reads Bavdaž, António, Eneström and Briceño on synthetic scans (needs tesseract-ocr-script-latn)", async () => {
    // Pieces of a column of page 2 of the synthetic scans of S/PV.8699 (Resumption 1),
    // A/76/PV.102 and A/64/PV.121 (test/corpus/scans/README.md), where Tesseract's eng data
    // drops the accents.
    const bytes = readFileSync(join(SCANS, "accents.synthetic.pdf"));
    const pdf = await readPdf(bytes);
    const sizes = new Map(pdf.pages.map((p) => [p.number, p.view ?? p]));
    const pages = pdf.pages.map((p) => p.number);
    const options = { engine: "Tesseract", lang: "eng", language: "en" };
    const plain = importOcrPages(pdf, await ocrPdf(bytes, { lang: "eng", pages, sizes }), options);
    const named = importOcrPages(
      pdf,
      await ocrPdf(bytes, { lang: "eng", pages, sizes, ...namesReading("en") }),
      options,
    );
    assert.ok(plain.ok && named.ok);
    for (const name of [
      /Ms\. Bavdaž Kuret \(Slovenia\):/,
      /António Guterres/,
      /Ms\. Eneström \(Sweden\):/,
      /Mr\. Valero Briceño/,
    ])
      assert.match(named.text, name);
    assert.doesNotMatch(plain.text, /Bavdaž|António|Eneström|Briceño/);
    // Every other word as the eng data read it.
    const words = (t: string) => t.split(/\s+/).filter(Boolean);
    const a = words(plain.text);
    const b = words(named.text);
    assert.equal(a.length, b.length);
    const changed = a.flatMap((w, k) => (w === b[k] ? [] : [`${w} → ${b[k]}`]));
    assert.ok(
      changed.every((c) => /^\P{L}*(Bavdaz|Antonio|Enestrém|Bricefio|Bricenio|Briceno)\P{L}* → /u.test(c)),
      changed.join("; "),
    );
  });
});

describe("OCR: words run together on the synthetic scans", () => {
  const lexicon = lexiconFor("en");
  const data = loadData().languages.find((l) => l.language === "en");
  const split = (text: string) => {
    assert.ok(lexicon && data);
    const word: OcrWord = { text, box: { page: 1, x: 100, y: 50, width: 60, height: 10 }, confidence: 90 };
    return splitFused(word, lexicon, new Set(data.functionWords)).map((w) => w.text);
  };
  const line = (words: string) => words.split(" ").flatMap(split).join(" ");

  it("splits a number, three short words and `I` from the words they ran into", () => {
    // As Tesseract's eng data read page 2 of the synthetic scan of S/PV.8699 (Resumption 1).
    assert.equal(
      line("Inow give the floor to the representative of Slovenia."),
      "I now give the floor to the representative of Slovenia.",
    );
    assert.equal(line("On27 September"), "On 27 September");
    // As read on page 2 of the synthetic scan of S/PV.8702.
    assert.equal(line("December2019"), "December 2019");
    assert.equal(line("in2020, in a"), "in 2020, in a");
    assert.equal(line("on 27May"), "on 27 May");
    assert.equal(line("inawelcome step"), "in a welcome step");
    assert.equal(line("ofthemeeting"), "of the meeting");
  });

  it("leaves names, ordinals, codes and acronyms whole", () => {
    for (const w of [
      "Annan,",
      "Addis",
      "Herat",
      "Bretton",
      "(ISI),",
      "21st",
      "G77",
      "COVID19",
      "A/76/PV.102",
      "capita",
      "fait",
      "erga",
      "Ivan",
      "Ilan",
      "Ona",
      "1990s",
      "10am",
    ])
      assert.deepEqual(split(w), [w], w);
  });

  it("leaves a very long word whole (no quadratic work)", () => {
    const w = `of${"the".repeat(5000)}`;
    assert.deepEqual(split(w), [w]);
  });
});

describe("OCR: function words misread by one l, I or 1 (the 1950 volume)", () => {
  const lexicon = lexiconFor("en");
  const data = loadData().languages.find((l) => l.language === "en");
  const lineOf = (text: string): OcrLine => ({
    page: 12,
    baseline: 100,
    size: 10,
    words: text
      .split(" ")
      .map((t, k) => ({ text: t, confidence: 50, box: { page: 12, x: 10 * k, y: 90, width: 8, height: 10 } })),
  });
  const repair = (...texts: string[]) => {
    assert.ok(lexicon && data);
    const lines = texts.map(lineOf);
    repairConfusions(lines, lexicon, new Set(data.functionWords));
    return lines.map((l) => l.words.map((w) => w.text).join(" "));
  };

  it("puts right `1s` between lower-case words and `lt` opening a sentence", () => {
    // Page 12 of S/PV.492 as Tesseract's eng data read it (bench/RESULTS.md).
    assert.deepEqual(repair("the Government of China—that 1s the question."), [
      "the Government of China—that is the question.",
    ]);
    assert.deepEqual(repair("of the Council.", "lt is not for us"), ["of the Council.", "It is not for us"]);
    assert.deepEqual(repair("lt was said"), ["It was said"]);
    assert.deepEqual(repair("said lt was"), ["said it was"]);
  });

  it("leaves a word where the context is not certain, and names", () => {
    for (const line of [
      "the 1s.",
      "1s Mr.",
      "Mr. lt is",
      "of the Council. 1s",
      "the Il is",
      "of Ilt was",
      "that ls the",
    ])
      assert.deepEqual(repair(line), [line], line);
  });
});
