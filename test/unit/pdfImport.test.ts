import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Analysis } from "../../server/src/analysis/analysis";
import { emptyContext } from "../../server/src/context";
import { loadData } from "../../server/src/data";
import { DEFAULT_SETTINGS, RULES } from "../../server/src/index";
import { decideHyphen } from "../../server/src/model/hyphenation";
import { parseTranscript } from "../../server/src/model/parse";
import { compileProfile } from "../../server/src/model/profile";
import {
  alignText,
  type ImportedRecord,
  type ImportResult,
  importPdf,
  importText,
  layoutPdf,
  lettersAndDigits,
  readPdf,
  type SourceWord,
} from "../../server/src/pdf";
import type { PdfFont, PdfRun, PdfText } from "../../server/src/pdf/types";
import {
  fidelityWords,
  foundHeaders,
  furnitureLeaks,
  headerKey,
  labelledFurnitureLines,
  recordLabels,
  referenceWords,
  SC2020,
  wordFidelity,
} from "../corpus/records";
import { doc, ROOT, service } from "./helpers";

// Built-ins as they are before pdf.js is loaded (its legacy build's polyfills replace some).
const NATIVE = { push: Array.prototype.push, parse: JSON.parse, stringify: JSON.stringify };

const FIXTURES = join(ROOT, "test", "fixtures", "pdf");
const CLEANING = new Set(RULES.filter((r) => r.category === "cleaning").map((r) => r.code));

const imported = new Map<string, Promise<ImportResult>>();
/** A PDF imported once per test file and options. */
function importFile(path: string, keepLines = false): Promise<ImportResult> {
  const key = `${path}|${keepLines}`;
  let r = imported.get(key);
  if (!r) {
    r = importPdf(readFileSync(path), { keepLines });
    imported.set(key, r);
  }
  return r;
}
async function record(name: string, keepLines = false): Promise<ImportedRecord> {
  const r = await importFile(join(SC2020, `${name}.pdf`), keepLines);
  assert.ok(r.ok, r.ok ? "" : r.message);
  return r;
}

describe("PDF import: real Security Council records against their labels", () => {
  for (const name of ["S_PV.8700", "S_PV.8708"]) {
    it(`${name}: every labelled speech in order, no furniture, no cleaning diagnostic, word fidelity ≥ 99.9%`, async () => {
      const r = await record(name);
      const labels = recordLabels(name);
      const model = service().model(doc(r.text));
      assert.deepEqual(
        foundHeaders(model).map(headerKey),
        labels.speeches.map((s) => headerKey(s.header)),
      );
      assert.equal(r.speeches, labels.speeches.length);
      assert.equal(r.symbol, "S/PV.".concat(name.slice(5)));
      assert.equal(r.pages, Math.max(...labels.furniture.map((f) => f.page)));
      const lines = r.text.split("\n");
      assert.equal(labelledFurnitureLines(lines, labels).furniture.size, 0);
      assert.deepEqual(furnitureLeaks(name, r.text), []);
      const cleaning = service()
        .diagnostics(doc(r.text), { ...DEFAULT_SETTINGS, maxProblems: Number.MAX_SAFE_INTEGER })
        .diagnostics.filter((d) => CLEANING.has(String(d.code)));
      assert.deepEqual(
        cleaning.map((d) => `${d.range.start.line + 1} ${d.code} ${d.message}`),
        [],
      );
      const f = wordFidelity(referenceWords(name), fidelityWords(r.text));
      assert.ok(1 - f.errors / f.words >= 0.999, `fidelity ${1 - f.errors / f.words}: ${f.differences.join(" | ")}`);
      assert.deepEqual(r.notes, []);
    });
  }

  it("writes the project's format: the cover's lines, one paragraph a line, a blank line between, compounds kept", async () => {
    const r = await record("S_PV.8700");
    const lines = r.text.split("\n");
    assert.equal(lines[0], "United Nations S/PV.8700");
    assert.ok(r.text.endsWith(".\n") && !r.text.endsWith("\n\n"));
    assert.ok(
      lines.includes(
        "China . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . Mr. Zhang Jun",
      ),
    );
    // The boilerplate paragraph on one line, the body's paragraphs too, apart by one blank line.
    assert.ok(
      lines.some(
        (l) => l.startsWith("This record contains the text of speeches") && l.endsWith("(http://documents.un.org)."),
      ),
    );
    assert.ok(
      lines.includes(
        "Mr. Nebenzia (Russian Federation) (spoke in Russian): The Russian Federation should like to propose an oral amendment to paragraph 6 of the draft resolution contained in document S/2020/24. We propose that the words",
      ),
    );
    assert.ok(!/\n\n\n/.test(r.text));
    // Line-end hyphens of compounds kept, the halves joined (`Secretary-` / `General`).
    assert.match(r.text, /requests the Secretary-General to examine alternatives/);
    assert.doesNotMatch(r.text, /Secretary- General|SecretaryGeneral/);
    // No page markers, no form feed, no control character.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: what must not be there
    assert.doesNotMatch(r.text, /[\u0000-\u0009\u000B-\u001F]/);
  });

  it("--keep-lines keeps the PDF's lines and line-end hyphens, paragraphs apart, the same words", async () => {
    const kept = await record("S_PV.8700", true);
    const joined = await record("S_PV.8700");
    const lines = kept.text.split("\n");
    assert.ok(
      lines.includes("essential to the work. Our text requests the Secretary-"),
      "a line ends with a compound's hyphen",
    );
    assert.ok(lines.some((l) => l.startsWith("General to examine alternatives")));
    assert.ok(lines.includes("The President: In accordance with rule 37 of"));
    // Body lines are a column's width: none is a whole paragraph.
    const body = lines.slice(lines.findIndex((l) => l.startsWith("The meeting was called to order")));
    assert.ok(Math.max(...body.map((l) => l.length)) < 80);
    // The same paragraphs: each blank-line block joined (hyphens kept, halves meeting) is a paragraph of the default text.
    const blocks = kept.text
      .split("\n\n")
      .slice(-40)
      .map((b) => b.replace(/-\n/g, "-").replace(/\n/g, " ").trim());
    for (const b of blocks) assert.ok(joined.text.includes(b), b);
    // The parser reads the same speeches.
    assert.deepEqual(
      foundHeaders(service().model(doc(kept.text))).map(headerKey),
      foundHeaders(service().model(doc(joined.text))).map(headerKey),
    );
    // Its only cleaning diagnostics would be those --keep-lines keeps for review: none here (all hyphens are compounds).
    const cleaning = service()
      .diagnostics(doc(kept.text))
      .diagnostics.filter((d) => CLEANING.has(String(d.code)));
    assert.deepEqual(cleaning, []);
  });
});

describe("PDF import: the map from the transcript's words to the PDF's pages", () => {
  it("gives each word of the text, in order, with boxes on its page", async () => {
    const r = await record("S_PV.8700");
    const lines = r.text.split("\n");
    const words = r.source.words;
    assert.equal(words.length, r.text.split(/\s+/).filter(Boolean).length);
    for (const w of words) {
      assert.equal(/\S+/.exec(lines[w.line].slice(w.start))?.[0], lines[w.line].slice(w.start, w.end));
      assert.ok(w.boxes.length >= 1 && w.boxes.length <= 2, `${w.boxes.length} boxes`);
      for (const b of w.boxes) {
        const page = r.source.pages[b.page - 1];
        assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.width <= page.width && b.y + b.height <= page.height);
        assert.ok(b.width > 0 && b.height > 0);
      }
    }
  });

  it("finds the page of a line and its words' boxes, and the word under a point", async () => {
    const r = await record("S_PV.8700");
    const labels = recordLabels("S_PV.8700");
    const model = service().model(doc(r.text));
    model.speeches.forEach((s, k) => {
      assert.equal(r.source.pageOfLine(s.startLine), labels.speeches[k].page, labels.speeches[k].header);
    });
    // A paragraph that runs from page 2's left column into its right column.
    const line = r.text.split("\n").findIndex((l) => l.startsWith("Millions of Syrians continue to be in need of"));
    const boxes = r.source.boxesOfLine(line);
    assert.ok(boxes.length > 50);
    assert.ok(boxes.some((b) => b.x < 300) && boxes.some((b) => b.x > 306));
    // The word under the middle of each box is that word.
    for (const w of r.source.wordsOnLine(line)) {
      const b = w.boxes[0];
      assert.equal(r.source.wordAt(b.page, b.x + b.width / 2, b.y + b.height / 2), w);
    }
    assert.equal(r.source.wordAt(2, 306, 400), undefined, "the gutter holds no word");
    assert.deepEqual(r.source.wordsOnLine(1_000_000), []);
  });

  it("gives a word broken over two lines both its boxes", async () => {
    const r = await record("S_PV.8700");
    const split = r.source.words.filter((w) => w.boxes.length === 2);
    assert.ok(split.length > 0);
    const lines = r.text.split("\n");
    assert.ok(split.some((w) => lines[w.line].slice(w.start, w.end) === "Secretary-General"));
  });
});

describe("PDF import: the map carried over to another text of the record (words matched, not offsets)", () => {
  it("follows edits: the words left as they were keep their boxes", async () => {
    const r = await record("S_PV.8700");
    const edited = r.text
      .replace(
        "The Security Council will now begin its consideration",
        "The Security Council will now start its consideration",
      )
      .replace("\n\nAdoption of the agenda\n", "\n\nA paragraph the editor added.\n\nAdoption of the agenda\n");
    const a = alignText(edited, r.source);
    assert.equal(a.words, r.source.words.length + 5);
    assert.equal(a.matched, r.source.words.length - 1);
    const lines = edited.split("\n");
    const at = (w: SourceWord) => lines[w.line].slice(w.start, w.end);
    const added = a.source.words.filter((w) => !w.boxes.length).map(at);
    assert.deepEqual(added, ["A", "paragraph", "the", "editor", "added.", "start"]);
    // The same boxes, word for word, for the words not edited.
    const before = r.source.words.filter((w) => r.source.wordText(w) !== "begin");
    const after = a.source.words.filter((w) => w.boxes.length);
    assert.deepEqual(
      after.map((w) => w.boxes),
      before.map((w) => w.boxes),
    );
  });

  it("keeps every other word's boxes through thousands of scattered edits (a Myers diff of the whole gave up here)", async () => {
    const r = await record("S_PV.8700");
    // Every `the` misspelt: about one word in fifteen changed, all over the record.
    const edited = r.text.replace(/\bthe\b/g, "teh");
    const changed = r.source.words.filter((w) => r.source.wordText(w) === "the").length;
    assert.ok(changed > 500, String(changed));
    const a = alignText(edited, r.source);
    assert.equal(a.words, r.source.words.length);
    assert.equal(a.matched, r.source.words.length - changed);
    a.source.words.forEach((w, k) => {
      if (w.boxes.length) assert.deepEqual(w.boxes, r.source.words[k].boxes);
    });
  });

  it("aligns each page of a text whose columns another tool took in another order (pdftotext with no option)", async () => {
    const r = await record("S_PV.8700");
    const other = readFileSync(join(SC2020, "text", "plain", "S_PV.8700.txt"), "utf8");
    const a = alignText(other, r.source);
    // Left out: the page furniture (the import has none) and stretches of fewer than four runs.
    assert.ok(a.matched / a.words > 0.95, `${a.matched} / ${a.words}`);
    const model = service().model(doc(other));
    const labels = recordLabels("S_PV.8700");
    assert.equal(model.speeches.length, labels.speeches.length);
    model.speeches.forEach((s, k) => {
      assert.equal(a.source.pageOfLine(s.startLine), labels.speeches[k].page, labels.speeches[k].header);
    });
  });

  it("maps a text another tool extracted (pdf.js's copy of all, furniture and all): each speech to its page", async () => {
    const r = await record("S_PV.8700");
    const other = readFileSync(join(SC2020, "text", "pdfjs", "S_PV.8700.txt"), "utf8");
    const a = alignText(other, r.source);
    // Only the page furniture, which the import leaves out, has nothing to match.
    assert.ok(a.matched / a.words > 0.97, `${a.matched} / ${a.words}`);
    const model = service().model(doc(other));
    const labels = recordLabels("S_PV.8700");
    assert.equal(model.speeches.length, labels.speeches.length);
    model.speeches.forEach((s, k) => {
      assert.equal(a.source.pageOfLine(s.startLine), labels.speeches[k].page, labels.speeches[k].header);
    });
  });
});

describe("PDF import: what it reads and what it refuses", () => {
  it("counts a text layer's letters and digits as the pattern does, in ASCII and past it", async () => {
    const byPattern = (t: string) => t.replace(/[^\p{L}\p{N}]/gu, "").length;
    const ascii = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)).join("");
    for (const t of [ascii, `${ascii}é`, "Ωmega 𝐀1 ١٢ x", "", " . "])
      assert.equal(lettersAndDigits(t), byPattern(t), t);
    assert.equal(lettersAndDigits(ascii), 62);
    const pdf = await readPdf(new Uint8Array(readFileSync(join(FIXTURES, "record-2-pages.pdf"))));
    for (const r of pdf.pages.flatMap((p) => p.runs)) assert.equal(lettersAndDigits(r.text), byPattern(r.text), r.text);
  });

  it("reads a PDF with an owner password only as it reads the same PDF without", async () => {
    const plain = await importFile(join(FIXTURES, "record-2-pages.pdf"));
    const owner = await importFile(join(FIXTURES, "owner-password.pdf"));
    assert.ok(plain.ok && owner.ok);
    assert.equal(owner.text, plain.text);
    assert.equal(owner.speeches, 3);
  });

  it("names each font by its PostScript name from the text content alone (bold, italic, barcode evidence)", async () => {
    // Read with the page's text (the patched worker's `verbatimName`), not from an operator list
    // built to learn them, which would read the page again and decode its images.
    const pdf = await readPdf(readFileSync(join(FIXTURES, "record-2-pages.pdf")));
    assert.deepEqual(
      pdf.fonts.map(
        (f) => `${f.name}${f.bold ? " bold" : ""}${f.italic ? " italic" : ""}${f.barcode ? " barcode" : ""}`,
      ),
      [
        "TimesNewRomanPSMT",
        "TimesNewRomanPS-BoldMT bold",
        "TimesNewRomanPS-ItalicMT italic",
        "Barcode-3-of-9-by-request-Bold-Italic bold italic barcode",
      ],
    );
    assert.ok(pdf.pages.every((p) => p.runs.every((r) => r.font >= 0 && r.font < pdf.fonts.length)));
  });

  it("refuses a PDF with a user password, saying so", async () => {
    const r = await importFile(join(FIXTURES, "user-password.pdf"));
    assert.ok(!r.ok);
    assert.equal(r.kind, "password");
    assert.match(r.message, /password/);
  });

  it("refuses a scanned PDF (no text layer)", async () => {
    const r = await importFile(join(FIXTURES, "scanned.pdf"));
    assert.ok(!r.ok);
    assert.equal(r.kind, "scanned");
    assert.match(r.message, /no text layer: 1 page with no text/);
  });

  it("refuses a PDF that is no UN record", async () => {
    const r = await importFile(join(FIXTURES, "not-a-record.pdf"));
    assert.ok(!r.ok);
    assert.equal(r.kind, "not-a-record");
    assert.match(r.message, /no UN verbatim record: 1 page of text with no record symbol/);
  });

  it("refuses what is no PDF, or a damaged one, without throwing", async () => {
    const bytes = readFileSync(join(FIXTURES, "record-2-pages.pdf"));
    for (const [data, kind] of [
      [Buffer.from("Mr. Smith (France): not a PDF\n"), "not-a-pdf"],
      [Buffer.alloc(0), "not-a-pdf"],
      [bytes.subarray(0, 2000), "not-a-pdf"],
      [Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(3000, 7)]), "not-a-pdf"],
    ] as const) {
      const r = await importPdf(data);
      assert.ok(!r.ok);
      assert.equal(r.kind, kind);
    }
  });

  it("puts back the built-ins pdf.js's legacy build replaces (push, JSON), for the rest of the process", async () => {
    await importFile(join(FIXTURES, "record-2-pages.pdf"));
    assert.equal(Array.prototype.push, NATIVE.push);
    assert.equal(JSON.parse, NATIVE.parse);
    assert.equal(JSON.stringify, NATIVE.stringify);
  });
});

// Layout from text runs made up here: no pdf.js. A page of 612 × 792 points, two columns of
// 240 points (60–300, 312–552), 10-point type on a 12-point pitch, paragraphs indented 18 points.
const FONTS: PdfFont[] = [
  { name: "Times-Roman", bold: false, italic: false, barcode: false },
  { name: "Times-Bold", bold: true, italic: false, barcode: false },
  { name: "Times-Italic", bold: false, italic: true, barcode: false },
];
const W = 6; // points a character, for made-up runs
function run(text: string, x: number, baseline: number, font = 0, width = text.length * W): PdfRun {
  return { text, x, baseline, width, size: 10, font };
}
/** A column's lines from the top: `>` indents a line, `*…*` sets its start in bold; `|` ends a line at the column's edge. */
function column(lines: string[], left: number, top = 100): PdfRun[] {
  const runs: PdfRun[] = [];
  let y = top;
  for (const spec of lines) {
    if (spec === "") {
      y += 6;
      continue;
    }
    const indent = spec.startsWith(">") ? 18 : 0;
    let text = spec.replace(/^>/, "");
    const full = text.endsWith("|");
    text = text.replace(/\|$/, "");
    let x = left + indent;
    const bold = /^\*(.+?)\*(.*)$/.exec(text);
    if (bold) {
      runs.push(run(bold[1], x, y, 1));
      x += bold[1].length * W;
      text = bold[2];
    }
    const width = full ? left + 240 - x : text.length * W;
    if (text) runs.push(run(text, x, y, 0, width));
    y += 12;
  }
  return runs;
}
function furniture(page: number): PdfRun[] {
  return [
    run("S/PV.9999", 60, 64),
    run("Some meeting", 250, 64),
    run("01/01/2030", 500, 64),
    run(`${page}/3`, 60, 726),
    run("30-00001", 510, 726),
  ];
}

describe("PDF import: layout from positions and fonts", () => {
  const pdf: PdfText = {
    fonts: FONTS,
    pages: [2, 3].map((n, k) => ({
      number: n,
      width: 612,
      height: 792,
      runs: [
        ...furniture(n),
        ...(k === 0
          ? [
              ...column(
                [
                  ">*Mr. Alpha* (Freedonia): We open the|",
                  "debate on the question before the|",
                  "Council today.",
                  "",
                  ">We now turn to the transna-|",
                ],
                60,
              ),
              ...column(
                ["tional threats and the cross-|", "border operations.", "", ">*Ms. Beta* (Sylvania): Thank you.|"],
                312,
              ),
            ]
          : [...column([">*The President*: The meeting is|"], 60), ...column(["adjourned."], 312)]),
      ],
    })),
  };

  it("reads each page's left column before its right, and leaves the running head and the page numbers out", () => {
    const layout = layoutPdf(pdf);
    // The strip no text crosses: from just after the left column's edge to the right column's start.
    assert.deepEqual(layout.gutter, { left: 301, right: 312 });
    assert.deepEqual(
      layout.lines.map((l) => `${l.page} ${l.side} ${l.blockStart ? "¶" : " "} ${l.text}`),
      [
        "2 left ¶ Mr. Alpha (Freedonia): We open the",
        "2 left   debate on the question before the",
        "2 left   Council today.",
        "2 left ¶ We now turn to the transna-",
        "2 right   tional threats and the cross-",
        "2 right   border operations.",
        "2 right ¶ Ms. Beta (Sylvania): Thank you.",
        "3 left ¶ The President: The meeting is",
        "3 right   adjourned.",
      ],
    );
    assert.deepEqual(
      layout.furniture.map((f) => `${f.page} ${f.text}`),
      [
        "2 S/PV.9999 Some meeting 01/01/2030",
        "2 2/3 30-00001",
        "3 S/PV.9999 Some meeting 01/01/2030",
        "3 3/3 30-00001",
      ],
    );
    assert.deepEqual(
      layout.lines.map((l) => l.atEdge),
      [true, true, false, true, true, false, true, true, false],
    );
  });

  it("joins a paragraph over a column or page break; a hyphen at the column's edge is the parser's to decide", () => {
    const r = importText(pdf);
    assert.ok(r.ok, r.ok ? "" : r.message);
    assert.equal(
      r.text,
      [
        "Mr. Alpha (Freedonia): We open the debate on the question before the Council today.",
        "",
        "We now turn to the transnational threats and the cross-border operations.",
        "",
        "Ms. Beta (Sylvania): Thank you.",
        "",
        "The President: The meeting is adjourned.",
        "",
      ].join("\n"),
    );
    assert.deepEqual(r.notes, []);
    // --keep-lines: the PDF's lines, the hyphens where they were.
    const kept = importText(pdf, { keepLines: true });
    assert.ok(kept.ok);
    assert.match(kept.text, /^We now turn to the transna-\ntional threats and the cross-\nborder operations\.$/m);
  });

  it("refuses a record whose speaker headers it cannot read (another language), naming it by its running heads", () => {
    const other: PdfText = {
      fonts: FONTS,
      pages: pdf.pages.map((p) => ({
        ...p,
        runs: [...furniture(p.number), ...column([">主席：我宣布会议开始。|", "今天的议程是和平与安全。"], 60)],
      })),
    };
    const r = importText(other);
    assert.ok(!r.ok);
    assert.equal(r.kind, "not-a-record");
    assert.match(r.message, /^S\/PV\.9999: 2 pages of text but no speaker header Verbatim reads/);
  });

  it("notes a header not in bold, and a bold opening that is no header", () => {
    const plain: PdfText = {
      fonts: FONTS,
      pages: [
        {
          number: 1,
          width: 612,
          height: 792,
          runs: [
            run("Mr. Gamma (Ruritania): We agree.", 78, 100),
            run("Mr. Gamma said so in bold", 78, 124, 1, 150),
            run("and went on.", 60, 136),
          ],
        },
      ],
    };
    const r = importText(plain);
    assert.ok(r.ok, r.ok ? "" : r.message);
    assert.deepEqual(r.notes, [
      "page 1: the speaker header “Mr. Gamma (Ruritania)” is not in bold",
      "page 1: a paragraph opens in bold (“Mr. Gamma…”) but reads as no speaker header",
    ]);
  });
});

describe("PDF import: a bold opening up to a colon as a speaker header", () => {
  // `Professor` is no title of the language data: the text alone reads no header there.
  const pdf: PdfText = {
    fonts: FONTS,
    pages: [
      {
        number: 1,
        width: 612,
        height: 792,
        runs: [
          run("Mr. Gamma", 78, 100, 1),
          run("(Ruritania): We agree.", 78 + 10 * W, 100),
          run("Professor Halvorsen", 78, 124, 1),
          run("(Norway): We thank you.", 78 + 20 * W, 124),
          run("In favour:", 78, 148, 1),
          run("Andorra, Austria, Belgium", 78 + 11 * W, 148),
          run("Draft resolution", 78, 172, 1),
          run("(A/76/L.86): adopted.", 78 + 17 * W, 172),
        ],
      },
    ],
  };

  it("reads it where the header's shape allows, says so, and reads no list or document label as one", () => {
    const r = importText(pdf);
    assert.ok(r.ok, r.ok ? "" : r.message);
    assert.equal(r.speeches, 2);
    assert.ok(r.text.includes("Professor Halvorsen (Norway): We thank you."));
    assert.deepEqual(r.notes, [
      "page 1: “Professor Halvorsen (Norway)” is read as a speaker header from its bold type; the text alone does not read it (bold-header)",
      "page 1: a paragraph opens in bold (“In favour:…”) but reads as no speaker header",
      "page 1: a paragraph opens in bold (“Draft resolution…”) but reads as no speaker header",
    ]);
  });

  it("bold-header: the diagnostic on a header read from bold only, none where the text reads it", () => {
    const text = "Mr. Gamma (Ruritania): We agree.\n\nProfessor Halvorsen (Norway): We thank you.\n";
    const profiles = loadData().languages.map(compileProfile);
    const parse = (bold?: (line: number) => boolean) =>
      parseTranscript({ uri: "x:", version: 1, text }, profiles, bold ? { boldOpening: bold } : {});
    const rule = RULES.find((x) => x.code === "bold-header");
    assert.ok(rule);
    assert.equal(rule.defaultSeverity, "information");
    assert.deepEqual(
      parse().speeches.map((x) => x.header.display),
      ["Mr. Gamma (Ruritania)"],
    );
    const model = parse(() => true);
    assert.deepEqual(
      model.speeches.map((x) => [x.header.display, x.header.fromBold ?? false]),
      [
        ["Mr. Gamma (Ruritania)", false],
        ["Professor Halvorsen (Norway)", true],
      ],
    );
    const found = rule.check(new Analysis(model, emptyContext()));
    assert.equal(found.length, 1);
    assert.equal(found[0].range.start.line, 2);
    assert.match(found[0].message, /“Professor” is no title of the language data/);
  });
});

describe("hyphenation: the line end's evidence from the page", () => {
  const evidence = {
    counts: new Map<string, number>(),
    hyphenPrefixes: new Set<string>(),
    closedPrefixes: new Set<string>(),
    alwaysClosedPrefixes: new Set<string>(),
    suffixes: new Set<string>(),
  };
  const lexicon = { language: "en", has: (w: string) => ["transnational"].includes(w.toLowerCase()) };

  it("keeps a hyphen on a line that stops short of its column's edge: no word was split there", () => {
    assert.equal(decideHyphen("transna", "tional", { ...evidence, lexicon }).decision, "join");
    assert.equal(decideHyphen("transna", "tional", { ...evidence, lexicon }, { full: true }).decision, "join");
    const short = decideHyphen("transna", "tional", { ...evidence, lexicon }, { full: false });
    assert.equal(short.decision, "keep");
    assert.match(short.reason, /short of its column's edge/);
  });
});
