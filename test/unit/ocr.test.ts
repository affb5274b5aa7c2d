import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadData } from "../../server/src/data";
import { parseTranscript } from "../../server/src/model/parse";
import { compileProfile } from "../../server/src/model/profile";
import { importPdf } from "../../server/src/pdf";
import {
  findEngine,
  forgetEngine,
  formatOcrSidecar,
  importOcrPages,
  importScan,
  type OcrImportResult,
  parseOcrSidecar,
} from "../../server/src/pdf/ocr";
import { keepLanguage, pageGutter } from "../../server/src/pdf/ocr/columns";
import { MAX_PIXELS, renderDpi } from "../../server/src/pdf/ocr/engine";
import { correctHeaders, editDistance } from "../../server/src/pdf/ocr/headers";
import { linesFromTsv, type OcrLine, runsOfLines } from "../../server/src/pdf/ocr/tsv";
import { confusionVariants, likelyWord } from "../../server/src/rules/ocrUncertain";
import { recordLabels, recordPdf } from "../corpus/records";
import { doc, ROOT, service } from "./helpers";

const SCANS = join(ROOT, "test", "corpus", "scans");
const CUT = join(SCANS, "S_PV.492.p2-3.pdf");

/** Tesseract's TSV for a made-up page: two lines of words, at 150 dpi. */
function tsvOf(lines: { top: number; words: [string, number, number, number][] }[]): string {
  const rows = ["level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"];
  rows.push("1\t1\t0\t0\t0\t0\t0\t0\t1275\t1650\t-1\t");
  for (const [n, l] of lines.entries())
    for (const [k, [text, left, width, conf]] of l.words.entries())
      rows.push(`5\t1\t1\t1\t${n + 1}\t${k + 1}\t${left}\t${l.top}\t${width}\t30\t${conf}\t${text}`);
  return rows.join("\n");
}

describe("OCR: Tesseract's words as the layout's runs", () => {
  it("places each word in points on its line's baseline, a space run between words", () => {
    const tsv = tsvOf([
      {
        top: 100,
        words: [
          ["The", 100, 60, 96],
          ["PRESIDENT:", 170, 200, 41],
        ],
      },
    ]);
    const lines = linesFromTsv(1, tsv, 150, { width: 612, height: 792 });
    assert.equal(lines.length, 1);
    const [the, president] = lines[0].words;
    // 612 points over 1275 pixels: 0.48 a pixel.
    assert.equal(the.box.x, 48);
    assert.equal(president.confidence, 41);
    const runs = runsOfLines(lines);
    assert.deepEqual(
      runs.map((r) => r.text),
      ["The", " ", "PRESIDENT:"],
    );
    assert.ok(runs.every((r) => r.baseline === (130 * 612) / 1275));
  });

  it("leaves out specks (a `|` read with little confidence), keeps words", () => {
    const tsv = tsvOf([
      {
        top: 100,
        words: [
          ["|", 40, 4, 12],
          ["Council", 100, 120, 95],
          ["ii", 300, 10, 20],
        ],
      },
    ]);
    const words = linesFromTsv(1, tsv, 150, { width: 612, height: 792 })[0].words.map((w) => w.text);
    assert.deepEqual(words, ["Council", "ii"]);
  });
});

describe("OCR: a bilingual page's columns", () => {
  const english = "the members of the Council and the agenda of the meeting to the President";
  const french = "les membres du Conseil et la question de la séance pour le Président des";
  it("finds the gutter, cuts the lines Tesseract read across it, keeps the record's language", () => {
    const rows = 20;
    const lines: OcrLine[] = [];
    for (let k = 0; k < rows; k++) {
      const y = 100 + 12 * k;
      const mk = (text: string, x0: number) =>
        text
          .split(" ")
          .slice(0, 9)
          .map((t, j) => ({ text: t, box: { page: 1, x: x0 + j * 26, y, width: 22, height: 9 }, confidence: 90 }));
      const left = mk(english, 36);
      const right = mk(french, 320);
      if (k % 2) lines.push({ page: 1, baseline: y + 9, size: 10, words: [...left, ...right] });
      else
        lines.push(
          { page: 1, baseline: y + 9, size: 10, words: left },
          { page: 1, baseline: y + 9, size: 10, words: right },
        );
    }
    const gutter = pageGutter(lines, 612);
    assert.ok(gutter && gutter.left >= 36 + 8 * 26 + 22 - 1 && gutter.right <= 321, JSON.stringify(gutter));
    const kept = keepLanguage(lines, 612, "en");
    assert.deepEqual(kept.leftOut, [{ side: "right", language: "fr" }]);
    const text = kept.lines.map((l) => l.words.map((w) => w.text).join(" ")).join(" ");
    assert.ok(!/\b(les|du|séance)\b/.test(text), text);
    assert.equal(kept.lines.length, rows);
    // French kept when French is the record's language.
    assert.deepEqual(keepLanguage(lines, 612, "fr").leftOut, [{ side: "left", language: "en" }]);
  });

  it("keeps both columns of a page in one language", () => {
    const lines: OcrLine[] = [];
    for (let k = 0; k < 20; k++)
      for (const x0 of [36, 320])
        lines.push({
          page: 1,
          baseline: 109 + 12 * k,
          size: 10,
          words: english
            .split(" ")
            .slice(0, 9)
            .map((t, j) => ({
              text: t,
              box: { page: 1, x: x0 + j * 26, y: 100 + 12 * k, width: 22, height: 9 },
              confidence: 90,
            })),
        });
    const kept = keepLanguage(lines, 612, "en");
    assert.deepEqual(kept.leftOut, []);
    assert.equal(kept.lines.length, 40);
  });
});

describe("ocr-uncertain: the likely word one OCR confusion away", () => {
  it("lists the spellings one confusion away", () => {
    assert.ok(confusionVariants("rnember").includes("member"));
    assert.ok(confusionVariants("lt").includes("It"));
    assert.ok(confusionVariants("C0uncil").includes("COuncil"));
    assert.ok(confusionVariants("clelegation").includes("delegation"));
    assert.deepEqual(confusionVariants("xyz"), []);
  });

  it("proposes a lexicon word or the record's own, not for a word already known", () => {
    const known = (w: string) => ["member", "It", "delegation", "Council"].includes(w);
    assert.equal(likelyWord("rnember", known, new Map()), "member");
    assert.equal(likelyWord("lt", known, new Map()), "It");
    assert.equal(likelyWord("member", known, new Map()), undefined);
    // A name the lexicon lacks, written right elsewhere in the record.
    assert.equal(
      likelyWord("TSlANG", () => false, new Map([["TSIANG", 3]])),
      "TSIANG",
    );
    assert.equal(likelyWord("Presment", known, new Map()), undefined);
  });

  it("reports the words the import marked, with the fix, while they are still in the text", () => {
    const text = "The PRESIDENT: lt is our rnember State and the Council.\n";
    const marks = parseOcrSidecar(
      formatOcrSidecar([
        { line: 0, start: 15, end: 17, word: "lt", confidence: 41 },
        { line: 0, start: 25, end: 32, word: "rnember", confidence: 38 },
        { line: 0, start: 47, end: 54, word: "Council", confidence: 55 },
        { line: 3, start: 0, end: 4, word: "gone", confidence: 10 },
      ]),
    );
    assert.equal(marks.length, 4);
    const profiles = loadData().languages.map(compileProfile);
    const model = parseTranscript({ uri: "file:///t.txt", version: 1, text }, profiles, { ocrWords: marks });
    assert.deepEqual(
      model.ocrDoubts?.map((d) => d.word),
      ["lt", "rnember", "Council"],
    );
    const found = service().diagnostics(Object.assign(doc(text), { ocrWords: marks })).diagnostics;
    const ocr = found.filter((d) => d.code === "ocr-uncertain");
    assert.equal(ocr.length, 3);
    assert.equal(ocr[0].severity, "information");
    assert.match(ocr[0].message, /“lt” \(confidence 41%\): “It”\?/);
    assert.match(ocr[1].message, /“member”\?/);
    // An edited document: the word replaced is no longer doubtful; a line added above moves the others.
    const edited = `A line added.\n${text.replace("lt is", "It is")}`;
    const moved = parseTranscript({ uri: "file:///t.txt", version: 2, text: edited }, profiles, { ocrWords: marks });
    assert.deepEqual(
      moved.ocrDoubts?.map((d) => [d.line, d.word]),
      [
        [1, "rnember"],
        [1, "Council"],
      ],
    );
    // No marks, no diagnostics.
    assert.equal(
      service()
        .diagnostics(doc(text))
        .diagnostics.filter((d) => d.code === "ocr-uncertain").length,
      0,
    );
  });

  it("puts right a header's office, title, note and colon that the OCR misread", () => {
    const line = (text: string): OcrLine => ({
      page: 1,
      baseline: 10,
      size: 10,
      words: text
        .split(" ")
        .map((t, k) => ({ text: t, box: { page: 1, x: 20 * k, y: 0, width: 15, height: 8 }, confidence: 40 })),
    });
    const lines = [
      "The Presment (translated from Russian): The",
      "The PrEsIDENT: I",
      "The Presidency of the Council",
      "The President: The Security",
      "Mr, Tsiang (China) : It",
      "Mr. Quevedo (Ecuador) (iranslated from Spanish): I",
      "Mr, and (a) as",
      // Read at 302 dpi from the 1950 scan (test/corpus/scans, bench/ocr.ts --1950):
      "‘The Presipene (transtated from Russian): As rep-",
      "The Prisient (translated from Russtan) It reads:",
      "The Presipent (translated from Russian); In view",
      "The Presinent (franslated from Russtan}: The In-",
      "Sit Gladwyn Jess {United Kingdom): The position",
      "Mfr Tssaxc (Chinay: My delegation objects",
      "The PRESENT Cranslated from Russian): Are",
      "The PRresipentT (translated from Russian}: Are",
      "The Prisrpent (translated from Russian) : Tt reads:",
      // No header: left as read.
      "Mr. Sunde (Norway), Vice-President, took the Chair.",
      "The Present (a) is",
      "Me (and you",
      "Mr. Ruiz (Peru",
    ].map(line);
    assert.equal(correctHeaders(lines, "en"), 25);
    assert.deepEqual(
      lines.map((l) => l.words.map((w) => w.text).join(" ")),
      [
        "The President (translated from Russian): The",
        "The PRESIDENT: I",
        "The Presidency of the Council",
        "The President: The Security",
        "Mr. Tsiang (China): It",
        "Mr. Quevedo (Ecuador) (translated from Spanish): I",
        "Mr, and (a) as",
        "The President (translated from Russian): As rep-",
        "The President (translated from Russian): It reads:",
        "The President (translated from Russian): In view",
        "The President (translated from Russian): The In-",
        "Sir Gladwyn Jess (United Kingdom): The position",
        "Mr. Tssaxc (China): My delegation objects",
        "The PRESIDENT (translated from Russian): Are",
        "The President (translated from Russian): Are",
        "The President (translated from Russian): Tt reads:",
        "Mr. Sunde (Norway), Vice-President, took the Chair.",
        "The Present (a) is",
        "Me (and you",
        "Mr. Ruiz (Peru",
      ],
    );
    // The colon joined to the word before: its box reaches over it.
    assert.equal(lines[4].words[2].box.width, 20 * 3 + 15 - 40);
  });

  it("renders a page at a whole multiple of the scan's resolution near 300 dpi, never past MAX_PIXELS", () => {
    // The 1950 scan's 151 dpi at twice it: Tesseract reads its faint page feet only so.
    assert.equal(renderDpi(151, { width: 539, height: 757 }), 302);
    assert.equal(renderDpi(100, { width: 612, height: 792 }), 300);
    assert.equal(renderDpi(200, { width: 612, height: 792 }), 200);
    assert.equal(renderDpi(undefined, { width: 612, height: 792 }), 300);
    assert.equal(renderDpi(600, { width: 612, height: 792 }), 300);
    // A page 200 inches square: about 31 dpi, 40 million pixels.
    const dpi = renderDpi(300, { width: 14_400, height: 14_400 });
    assert.ok(dpi * 200 * dpi * 200 <= MAX_PIXELS && dpi >= 30, String(dpi));
  });

  it("measures the distance between an office and its misreading", () => {
    assert.equal(editDistance("presment", "president", 2), 2);
    assert.equal(editDistance("preswwent", "president", 2), 2);
    assert.ok(editDistance("presidency", "president", 2) <= 2);
    assert.equal(editDistance("chairman", "president", 2), 3);
  });
});

describe("the text layer judged before it is imported", () => {
  it("refuses the 1950 scan's OCR layer (two languages interleaved, garbage), saying why", async () => {
    const r = await importPdf(readFileSync(recordPdf("S_PV.492", "eras")));
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.kind, "ocr-layer");
    assert.match(r.message, /Paper Capture/);
    assert.match(r.message, /two languages interleaved/);
    assert.match(r.message, /verbatim import --ocr/);
  });

  it("imports a born-digital record as before", async () => {
    const r = await importPdf(readFileSync(recordPdf("S_PV.10100", "eras")));
    assert.equal(r.ok, true);
  });
});

describe("OCR: a scan's page from Tesseract's TSV kept (no Tesseract needed)", () => {
  it("finds every labelled speech of the 1950 scan's page 13, their misread headers put right", () => {
    // Tesseract 5.3.0's TSV of S/PV.492's page 13 rendered at 300 dpi (test/corpus/scans/README.md).
    const tsv = readFileSync(join(SCANS, "S_PV.492.p13.tsv"), "utf8");
    const pdf = { pages: [{ number: 13, width: 537.32, height: 755.936, runs: [] }], fonts: [] };
    const r = importOcrPages(pdf, [{ page: 13, dpi: 300, tsv }], {
      engine: "Tesseract 5.3.0",
      lang: "eng",
      language: "en",
    });
    assert.ok(r.ok, r.ok ? "" : r.message);
    if (!r.ok) return;
    assert.deepEqual(r.ocr.leftOut, ["the right column (fr) of page 13"]);
    const model = service().model(doc(r.text));
    const found = model.speeches.map((s) => model.text.slice(s.header.span.start, s.header.span.end));
    const labelled = recordLabels("S_PV.492", "eras").speeches.filter((s) => s.page === 13);
    assert.equal(found.length, labelled.length, found.join(" | "));
    // Each header's office, or its delegation, as the label has it (names in small capitals are misread).
    const key = (h: string) => (/^The (\w+)/.exec(h)?.[1] ?? /\(([^()]+)\)/.exec(h)?.[1] ?? "").toLowerCase();
    assert.deepEqual(
      found.map(key),
      labelled.map((s) => key(s.header)),
    );
    // `The Presinent (franslated from Russian}:`, its `}` for `)`, no longer runs on in the paragraph before.
    assert.ok(found.includes("The President (translated from Russian):"));
    assert.ok(
      !/Russian\}|franslated|Cfranslated|iranslated/i.test(
        r.text
          .split("\n")
          .filter((l) => /^The President/.test(l))
          .join("\n"),
      ),
    );
  });
});

describe("OCR of a scan (Tesseract on PATH)", () => {
  let result: OcrImportResult;
  const pages: number[] = [];
  before(async () => {
    result = await importScan(readFileSync(CUT), { jobs: 2, onPage: (_done, _total, page) => pages.push(page) });
  });

  it("reads each page, leaves the French column out and says so", () => {
    assert.ok(result.ok, result.ok ? "" : result.message);
    if (!result.ok) return;
    assert.deepEqual(
      [...pages].sort((a, b) => a - b),
      [1, 2],
    );
    assert.equal(result.ocr.language, "en");
    assert.deepEqual(result.ocr.leftOut, ["the right column (fr) of pages 1–2"]);
    const words = result.text.split(/\s+/);
    const french = words.filter((w) => /^(les|des|du|une|est|aux|dans|qui)$/.test(w)).length;
    assert.ok(french <= 3, `French words left: ${french}`);
    assert.ok(result.text.includes("Complaint of aggression upon the Republic of Korea"));
  });

  it("finds the labelled speeches of those pages in order", () => {
    assert.ok(result.ok);
    if (!result.ok) return;
    const labelled = recordLabels("S_PV.492", "eras")
      .speeches.filter((s) => s.page === 2 || s.page === 3)
      .map((s) => s.header);
    const model = service().model(doc(result.text));
    const found = model.speeches.map((s) => model.text.slice(s.header.span.start, s.header.span.end));
    // The speaker's surname or office, as the page prints it, in the order of the labels.
    const key = (h: string) => (/^The (\w+)/.exec(h)?.[1] ?? /^\S+ (\w+)/.exec(h)?.[1] ?? "").toUpperCase();
    const want = labelled.map(key);
    const got = found.map(key);
    let k = 0;
    for (const g of got) if (k < want.length && editDistance(g, want[k], 1) <= 1) k++;
    assert.ok(k >= 3, `found ${got.join(", ")} for ${want.join(", ")}`);
    // Mr. TSIANG's header at the foot of page 3, faint, is read too (its name misread).
    assert.equal(found.length, labelled.length, found.join(" | "));
  });

  it("marks the labelled doubtful words, and the word map covers the transcript", () => {
    assert.ok(result.ok);
    if (!result.ok) return;
    const labels = readFileSync(join(SCANS, "S_PV.492.p2-3.doubtful.tsv"), "utf8")
      .split("\n")
      .slice(1)
      .filter(Boolean)
      .map((l) => l.split("\t"));
    const marked = new Set(result.ocr.doubtful.map((d) => d.word));
    assert.ok(marked.size > 0);
    // Each misreading is read right the second time (reread.ts) or marked.
    const present = labels.filter(([misread]) => result.ok && result.text.includes(misread));
    for (const [misread] of present) assert.ok(marked.has(misread), `${misread} not marked`);
    // Every word of the transcript has its box on a page.
    const boxed = result.source.words.filter((w) => w.boxes.length).length;
    assert.ok(boxed / result.source.words.length > 0.99);
  });
});

describe("OCR without its engine", () => {
  const path = process.env.PATH;
  after(() => {
    process.env.PATH = path;
    forgetEngine();
  });

  it("says what to install, never throws", async () => {
    process.env.PATH = join(ROOT, "no-such-folder");
    forgetEngine();
    assert.throws(() => findEngine(), /tesseract and pdftoppm, not found on PATH: install Tesseract 5/);
    const r = await importScan(readFileSync(CUT));
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /apt-get install tesseract-ocr poppler-utils/);
    process.env.PATH = path;
    forgetEngine();
  });

  it("names the language pack a language needs", async () => {
    const r = await importScan(readFileSync(CUT), { lang: "kor" });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /install tesseract-ocr-kor/);
  });
});
