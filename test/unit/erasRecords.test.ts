import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { applyTextEdits, DEFAULT_SETTINGS } from "../../server/src/index";
import { unColumn } from "../../server/src/model/columns";
import { importPdf } from "../../server/src/pdf";
import {
  ERAS_RECORDS,
  fidelityWords,
  furnitureLeaks,
  hasVariant,
  labelledFurnitureLines,
  measure,
  OCR_RECORDS,
  type RecordMeasure,
  recordLabels,
  recordPdf,
  recordText,
  referenceWords,
  VARIANTS,
  type Variant,
} from "../corpus/records";
import { doc, service } from "./helpers";

// The records of other decades and producers (test/corpus/eras: 1993, 2006, 2010, 2018, 2022,
// 2026) against their labels by reading, as bench/records.ts measures them: the figures reached,
// held as floors (speeches and furniture lines found) and ceilings (false headers, false
// furniture). The 1950 scan (S/PV.492, an OCR layer) is measured by the benchmark, not here.
const BORN_DIGITAL = ERAS_RECORDS.filter((r) => !OCR_RECORDS.has(r));

function measured(record: string, variant: Variant): RecordMeasure {
  let text = recordText(record, variant, "eras");
  let model = service().model(doc(text));
  // pdftotext -layout: after the fix that puts each page's left column before its right.
  if (model.columns) {
    text = unColumn(model.lines, model.columns);
    model = service().model(doc(text));
  }
  return measure(model, recordLabels(record, "eras"));
}

/** Per extractor, over the six records (188 speeches): speeches found, furniture lines flagged, false furniture. */
const REACHED: Record<Variant, { found: number; flagged: number; falseFurniture: number }> = {
  raw: { found: 188, flagged: 215, falseFurniture: 0 },
  plain: { found: 188, flagged: 310, falseFurniture: 0 },
  layout: { found: 188, flagged: 188, falseFurniture: 0 },
  pdfjs: { found: 188, flagged: 190, falseFurniture: 0 },
};

describe("eras records: speeches and page furniture as four extractors give them", () => {
  for (const variant of VARIANTS) {
    it(`${variant}: speeches and furniture lines found, no false header`, () => {
      let found = 0;
      let speeches = 0;
      let flagged = 0;
      let furniture = 0;
      const extra: string[] = [];
      const falseFurniture: string[] = [];
      for (const record of BORN_DIGITAL) {
        if (!hasVariant(record, variant, "eras")) continue;
        const m = measured(record, variant);
        found += m.found;
        speeches += m.speeches;
        flagged += m.furnitureFlagged;
        furniture += m.furnitureLines;
        extra.push(...m.extra.map((x) => `${record}: ${x}`));
        falseFurniture.push(...m.furnitureFalse.map((x) => `${record}: ${x}`));
      }
      const reached = REACHED[variant];
      assert.equal(speeches, 188);
      assert.ok(found >= reached.found, `${found} of ${speeches} speeches found`);
      assert.deepEqual(extra, []);
      assert.ok(flagged >= reached.flagged, `${flagged} of ${furniture} furniture lines flagged`);
      assert.ok(falseFurniture.length <= reached.falseFurniture, falseFurniture.join("\n"));
    });
  }
});

const codes = (text: string) =>
  service()
    .diagnostics(doc(text), { ...DEFAULT_SETTINGS, maxProblems: Number.MAX_SAFE_INTEGER })
    .diagnostics.map((d) => ({ line: d.range.start.line, code: String(d.code), message: d.message }));

describe("eras records: the 1993 General Assembly record (pdftotext -raw)", () => {
  const text = recordText("A_48_PV.46", "raw", "eras");
  const model = service().model(doc(text));

  it("reads every running head as furniture with its page number, and its pages from them", () => {
    const heads = model.furniture.filter((f) => f.kind === "running-header" && f.page !== undefined);
    assert.deepEqual(
      heads.map((f) => f.page),
      Array.from({ length: 27 }, (_, k) => k + 2),
    );
    assert.deepEqual(
      model.pages.map((p) => p.number),
      Array.from({ length: 28 }, (_, k) => k + 1),
    );
  });

  it("reports each running head as page furniture, no form feed as damage, no name or heading as an acronym", () => {
    const found = codes(text);
    const heads = new Set(
      model.furniture.filter((f) => f.kind === "running-header" && f.page !== undefined).map((f) => f.line),
    );
    const artifacts = new Set(found.filter((d) => d.code === "page-artifact").map((d) => d.line));
    assert.deepEqual(
      [...heads].filter((l) => !artifacts.has(l)),
      [],
    );
    assert.deepEqual(
      found.filter((d) => d.code === "character-damage"),
      [],
    );
    const acronyms = found.filter((d) => d.code === "undefined-acronym").map((d) => /“([^”]+)”/.exec(d.message)?.[1]);
    for (const word of ["INDERFURTH", "PRESIDENT", "AGENDA", "ITEM", "AGENCY", "GENERAL", "ENGLISH", "AND"])
      assert.ok(!acronyms.includes(word), `${word}: ${acronyms.join(", ")}`);
  });

  it("reads page 1's footer (correction notice, job number, distribution lines) as furniture", () => {
    const lines = text.split("\n");
    const footer = model.furniture.filter((f) => f.kind === "footer").map((f) => lines[f.line]);
    assert.ok(footer.includes("This record is subject to correction."), footer.join("\n"));
    for (const line of ["Distr. GENERAL", "22 November 1993", "ENGLISH"]) assert.ok(footer.includes(line), line);
    // The speech the footer cuts goes on on page 2.
    assert.equal(model.speeches[0].header.display, "Mr. INDERFURTH (United States of America)");
    assert.ok(model.speeches[1].header.startLine > lines.indexOf("ENGLISH"));
  });
});

describe("eras records: the PDF import", () => {
  it("finds every labelled speech in order and leaves out page 1's correction notice", async () => {
    for (const record of BORN_DIGITAL) {
      const r = await importPdf(readFileSync(recordPdf(record, "eras")));
      assert.ok(r.ok, r.ok ? "" : r.message);
      const m = measure(service().model(doc(r.text)), recordLabels(record, "eras"));
      assert.deepEqual(m.missed, [], record);
      assert.deepEqual(m.extra, [], record);
      assert.deepEqual(furnitureLeaks(record, r.text, "eras"), [], record);
      // The job number, glued to a word or not.
      for (const f of recordLabels(record, "eras").furniture) {
        const job = /^\d{2}-\d{5}/.exec(f.text)?.[0];
        if (job) assert.ok(!r.text.includes(job), `${record}: ${job}`);
      }
      assert.equal(labelledFurnitureLines(r.text.split("\n"), recordLabels(record, "eras")).furniture.size, 0, record);
    }
  });

  it("ends the 1993 cover where the text alone does: its right half is not inside the first speech", async () => {
    // Page 1 prints the cover's two halves (`GENERAL ASSEMBLY` left, `46th PLENARY MEETING` and the
    // date right) above the body's two columns with no line across the gutter.
    const r = await importPdf(readFileSync(recordPdf("A_48_PV.46", "eras")));
    assert.ok(r.ok, r.ok ? "" : r.message);
    const model = service().model(doc(r.text));
    const first = model.speeches[0];
    const speech = r.text.slice(first.span.start, first.span.end);
    for (const line of ["46th", "PLENARY MEETING", "Monday, 1 November 1993", "NEW YORK"]) {
      assert.ok(!speech.includes(line), line);
      const at = r.text.split("\n").indexOf(line);
      assert.ok(at >= 0 && at < first.header.startLine && model.lineKinds[at] === "cover", line);
    }
  });

  it("keeps the 1993 symbol, printed only in page 1's footer, as the cover's, with its box in the footer", async () => {
    const r = await importPdf(readFileSync(recordPdf("A_48_PV.46", "eras")));
    assert.ok(r.ok, r.ok ? "" : r.message);
    assert.equal(r.symbol, "A/48/PV.46");
    const model = service().model(doc(r.text));
    const symbol = model.cover?.symbol;
    assert.equal(symbol?.text, "A/48/PV.46");
    assert.equal(symbol?.line, model.cover?.startLine);
    assert.ok(!model.furniture.some((f) => f.line === symbol?.line), "not read as furniture");
    // Once: the rest of the footer (`Distr. GENERAL`, `ENGLISH`) stays out.
    assert.equal(r.text.split("A/48/PV.46").length, 2);
    assert.ok(!r.text.includes("Distr. GENERAL"));
    const word = r.source.wordsOnLine(symbol?.line ?? -1).find((w) => r.source.wordText(w) === "A/48/PV.46");
    assert.ok(word, "the symbol's word in the source map");
    // Below the body's last lines, where the footer prints it (page boxes: y from the top).
    assert.equal(word.boxes[0].page, 1);
    assert.ok(word.boxes[0].y > 600, `y ${word.boxes[0].y}`);
  });

  it("gives Word's glyphs placed one by one the PDF's words: no space at a gap narrower than the font's space", async () => {
    // S/PV.10100 (Word for Microsoft 365): half a space before a hyphen it set apart
    // (`Secretary -General`, `AB -0928` in pdf.js's own text). Its words, one for one whatever their
    // order (the import puts the cover's boilerplate after the agenda), are `pdftotext -raw`'s.
    const record = "S_PV.10100";
    const r = await importPdf(readFileSync(recordPdf(record, "eras")));
    assert.ok(r.ok, r.ok ? "" : r.message);
    const sorted = (words: string[]) => [...words].sort();
    assert.deepEqual(sorted(fidelityWords(r.text)), sorted(referenceWords(record, "eras")));
    assert.ok(r.text.includes("Secretary-General on his mission") && r.text.includes("room AB-0928"));
  });
});

describe("eras records: page furniture by its repetition at page breaks", () => {
  // Each record's running heads re-lettered (ROT13: `General Assembly` → `Trareny Nffrzoyl`), a
  // shape no pattern knows, their numbers as printed: each is still furniture, and nothing else is.
  const rot13 = (t: string) =>
    t.replace(/[a-z]/gi, (c) => {
      const base = c <= "Z" ? 65 : 97;
      return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
    });
  // pdf.js's text marks no page break (no form feed): a head of an unknown shape is not found there.
  for (const variant of ["raw", "plain"] as const)
    it(`${variant}: running heads of a shape no pattern knows`, () => {
      const lost: string[] = [];
      const extra: string[] = [];
      for (const record of BORN_DIGITAL) {
        if (!hasVariant(record, variant, "eras")) continue;
        const heads = new Set(
          recordLabels(record, "eras")
            .furniture.filter((f) => f.page > 1 && /\p{L}/u.test(f.text))
            .map((f) => f.text),
        );
        let text = recordText(record, variant, "eras");
        const before = new Set(
          service()
            .model(doc(text))
            .furniture.map((f) => f.line),
        );
        for (const h of heads) text = text.split(h).join(rot13(h));
        const model = service().model(doc(text));
        const after = new Set(model.furniture.map((f) => f.line));
        for (const l of before) if (!after.has(l)) lost.push(`${record}: ${model.lines.line(l)}`);
        for (const l of after) if (!before.has(l)) extra.push(`${record}: ${model.lines.line(l)}`);
      }
      assert.deepEqual(lost, []);
      assert.deepEqual(extra, []);
    });
});

describe("eras records: compounds whose line-end hyphen plain pdftotext dropped", () => {
  it("are lost hyphens to restore, never words to split with a space", () => {
    const split: string[] = [];
    const restored = new Map<string, string>();
    for (const record of BORN_DIGITAL) {
      if (!hasVariant(record, "plain", "eras")) continue;
      const text = recordText(record, "plain", "eras");
      const compounds = new Set(
        recordLabels(record, "eras")
          .hyphens.filter((h) => h.decision === "keep")
          .map((h) => `${h.left.replace(/^.*-/, "")}${h.right}`),
      );
      for (const d of service().diagnostics(doc(text), { ...DEFAULT_SETTINGS, maxProblems: Number.MAX_SAFE_INTEGER })
        .diagnostics) {
        const word = /“([^”]+)”/.exec(d.message)?.[1] ?? "";
        if (!compounds.has(word)) continue;
        if (d.code === "fused-words") split.push(`${record}: ${word}`);
        if (d.code === "lost-hyphen") restored.set(word, applyTextEdits(word, shift(d.data?.edits ?? [], d.range)));
      }
    }
    assert.deepEqual(split, []);
    // The five that were split: `TradeRelated`, `highrisk`, `highprevalence`, `decisionmakers`, `evergrowing`.
    for (const [word, form] of [
      ["TradeRelated", "Trade-Related"],
      ["highrisk", "high-risk"],
      ["highprevalence", "high-prevalence"],
      ["decisionmakers", "decision-makers"],
      ["evergrowing", "ever-growing"],
    ])
      assert.equal(restored.get(word), form, word);
  });
});

/** A fix's edits moved to a text that is the diagnostic's range alone (one line). */
function shift(
  edits: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  }[],
  at: { start: { line: number; character: number } },
) {
  const move = (p: { line: number; character: number }) => ({ line: 0, character: p.character - at.start.character });
  return edits.map((e) => ({ range: { start: move(e.range.start), end: move(e.range.end) }, newText: e.newText }));
}

describe("eras records: the built-in glossary", () => {
  it("expands at least 95% of the acronyms read as real in the records (bench/eras-acronyms.tsv)", () => {
    const rows = readFileSync(join(__dirname, "..", "..", "bench", "eras-acronyms.tsv"), "utf8")
      .split("\n")
      .filter((l) => l && !l.startsWith("#") && !l.startsWith("record\t"))
      .map((l) => l.split("\t"));
    const real = rows.filter((r) => r[2] === "yes").map((r) => r[1]);
    const missing = real.filter((key) => !service().glossary.lookup(key));
    assert.ok(real.length >= 40, `${real.length} real acronyms`);
    assert.ok(missing.length <= real.length * 0.05, missing.join(", "));
    // Other spellings of an entry (a reactor model) and a French form.
    assert.equal(service().glossary.lookup("WWER-1000")?.entry.acronym, "WWER");
    assert.match(service().glossary.lookup("HIV-AIDS")?.expansion ?? "", /acquired immunodeficiency syndrome/);
    assert.equal(service().glossary.lookup("URSS")?.entry.acronym, "USSR");
  });
});

// The shapes of those layouts, each with a near miss. Names are invented: no rule may name a
// speaker, a meeting or a job number of the development records.
const speakers = (text: string) =>
  service()
    .model(doc(text))
    .speeches.map((s) => s.header);

describe("other layouts: running heads of the 1990s", () => {
  const page = (head: string, n: number) => [`\f${head}`, `and page ${n} goes on with the speech of the`, "delegate."];

  it("reads the head with the page number inside the line, either side, and the page from it", () => {
    const text = [
      "Mr. Okafor (Nigeria): The speech begins here.",
      ...page("2 General Assembly - Fiftieth session", 2),
      ...page("45th meeting - Tuesday, 3 October 1995 3", 3),
      ...page("Security Council - 3512th meeting 4", 4),
      ...page("5 Fiftieth year - 2 March 1995", 5),
    ].join("\n");
    const m = service().model(doc(text));
    assert.deepEqual(
      m.furniture.map((f) => [f.line, f.kind, f.page]),
      [
        [1, "running-header", 2],
        [4, "running-header", 3],
        [7, "running-header", 4],
        [10, "running-header", 5],
      ],
    );
    assert.deepEqual(
      m.pages.map((p) => p.number),
      [1, 2, 3, 4, 5],
    );
    const found = codes(text).map((d) => d.code);
    assert.ok(!found.includes("character-damage"), found.join());
    assert.equal(found.filter((c) => c === "page-artifact").length, 4);
  });

  it("reads the head without its number (pdftotext without -raw), but not the cover's lines or a sentence", () => {
    const m = service().model(
      doc(
        [
          "General Assembly",
          "Fiftieth session",
          "45th meeting",
          "Tuesday, 3 October 1995, 3 p.m.",
          "The President: At the 45th meeting - Tuesday, 3 October 1995 - we met.",
          "General Assembly - Fiftieth session",
          "45th meeting - Tuesday, 3 October 1995",
          "The General Assembly - Fiftieth session went on.",
        ].join("\n"),
      ),
    );
    assert.deepEqual(
      m.furniture.map((f) => f.line),
      [5, 6],
    );
  });

  it("reads page and job numbers pdf.js ran together", () => {
    const m = service().model(doc(["The President: We begin.", "07-123452", "307-12345", "3/307-12345"].join("\n")));
    assert.deepEqual(
      m.furniture.map((f) => [f.kind, f.page]),
      [
        ["page-number", 2],
        ["page-number", 3],
        ["page-number", 3],
      ],
    );
  });

  it("reads a mark printed alone among furniture as furniture, and not one in the text", () => {
    const m = service().model(
      doc(
        [
          "The President: We begin.",
          "95-12345 (E)",
          "*9512345*",
          ".",
          "S/PV.9100 The question 06/03/1995",
          "?",
          "We go on.",
        ].join("\n"),
      ),
    );
    assert.deepEqual(
      m.furniture.map((f) => [f.line, f.kind]),
      [
        [1, "job-number"],
        [2, "barcode"],
        [3, "footer"],
        [4, "running-header"],
      ],
    );
  });

  it("keeps a cover's meeting number set apart from its ordinal (`85` / `th plenary meeting`)", () => {
    const m = service().model(doc(["General Assembly", "", "85", "", "th plenary meeting", "", "2"].join("\n")));
    assert.deepEqual(
      m.furniture.map((f) => f.line),
      [6],
    );
  });
});

describe("other layouts: page 1's footer below speech text", () => {
  const notice = [
    "This record contains the text of speeches delivered in English and of the translation of speeches",
    "delivered in other languages. Corrections should be submitted to the original languages only.",
    "Corrected records will be reissued electronically (http://documents.un.org).",
  ];

  it("reads the notice to the job number as furniture, and the speech it cuts goes on", () => {
    const text = [
      "Mr. Okafor (Nigeria): We thank the",
      ...notice,
      "95-12345 (E)",
      "*9512345*",
      "Secretary-General.",
    ].join("\n");
    const m = service().model(doc(text));
    assert.deepEqual(
      m.furniture.map((f) => f.kind),
      ["footer", "footer", "footer", "job-number", "barcode"],
    );
    assert.equal(m.speeches.length, 1);
  });

  it("reads it to its own last line where no job number follows (an import), not further", () => {
    const m = service().model(doc(["Mr. Okafor (Nigeria): We thank the", ...notice, "Secretary-General."].join("\n")));
    assert.deepEqual(
      m.furniture.map((f) => f.line),
      [1, 2, 3],
    );
  });

  it("leaves the cover's notice to the cover", () => {
    const m = service().model(
      doc(
        ["United Nations S/PV.9100", "Security Council", ...notice, "95-12345 (E)", "The President: We begin."].join(
          "\n",
        ),
      ),
    );
    assert.ok(!m.furniture.some((f) => f.kind === "footer"));
    assert.equal(m.boilerplate?.startLine, 2);
  });
});

describe("other layouts: speaker headers", () => {
  it("reads offices and names in capitals, and gives none of them as an acronym", () => {
    const text = [
      "The PRESIDENT: I call on the representative of Nigeria.",
      "Mr. OKAFOR (Nigeria): We thank the President.",
      "Mr. ZHU Weimin (China) (interpretation from",
      "Chinese): We agree.",
      "Sir Peter MARLOWE (United Kingdom): So do we.",
      "AGENDA ITEM 12 (continued)",
      "REPORT OF THE AGENCY",
      "The ACTING PRESIDENT: Thank you.",
    ].join("\n");
    assert.deepEqual(
      speakers(text).map((h) => [h.display, h.note]),
      [
        ["The PRESIDENT", null],
        ["Mr. OKAFOR (Nigeria)", null],
        ["Mr. ZHU Weimin (China)", "interpretation from Chinese"],
        ["Sir Peter MARLOWE (United Kingdom)", null],
        ["The ACTING PRESIDENT", null],
      ],
    );
    const acronyms = codes(text).filter((d) => d.code === "undefined-acronym");
    assert.deepEqual(acronyms, []);
  });

  it("reads the presiding officer's office in capitals in every language", () => {
    for (const [text, office] of [
      ["The CHAIRMAN: I call on the next speaker.", "The CHAIRMAN"],
      ["Le PRÉSIDENT : Je donne la parole au représentant.", "Le PRÉSIDENT"],
      ["El PRESIDENTE: Tiene la palabra el representante.", "El PRESIDENTE"],
      ["ПРЕДСЕДАТЕЛЬ: Слово предоставляется представителю.", "ПРЕДСЕДАТЕЛЬ"],
    ])
      assert.deepEqual(
        speakers(text).map((h) => h.display),
        [office],
      );
  });

  it("reads the interpretation note before the delegation, and a role after it wrapped before its colon", () => {
    assert.deepEqual(
      speakers(
        [
          "The President: I give the floor.",
          "Mr. Benali (spoke in French) (Algeria): We thank",
          "the President.",
          "Ms. Ferreira (Saint Vincent and the Grenadines), Chairperson",
          "of round table 2: Let me report.",
        ].join("\n"),
      ).map((h) => [h.display, h.note]),
      [
        ["The President", null],
        ["Mr. Benali (Algeria)", "spoke in French"],
        ["Ms. Ferreira (Saint Vincent and the Grenadines), Chairperson of round table 2", null],
      ],
    );
  });

  it("reads a colon typed after the name, and the check offers to remove it", () => {
    const text = ["The President: I give the floor.", "Mr. Ortega: (Peru) (spoke in Spanish): We thank you."].join(
      "\n",
    );
    assert.deepEqual(
      speakers(text).map((h) => [h.display, h.note]),
      [
        ["The President", null],
        ["Mr. Ortega (Peru)", "spoke in Spanish"],
      ],
    );
    const d = service()
      .diagnostics(doc(text))
      .diagnostics.find((x) => x.code === "header-format");
    assert.ok(d?.data?.edits, "a fix");
    assert.equal(
      applyTextEdits(text, d.data.edits).split("\n")[1],
      "Mr. Ortega (Peru) (spoke in Spanish): We thank you.",
    );
    // A name-only header (`Ms. Lindqvist:`) and a sentence after a colon stay as they were.
    assert.deepEqual(
      speakers("The President: I give the floor.\nMs. Lindqvist: (Smiles) We begin.").map((h) => h.display),
      ["The President", "Ms. Lindqvist"],
    );
  });
});

describe("other layouts: the last page of two columns (pdftotext -layout)", () => {
  const pad = (left: string, right: string) => `${left.padEnd(60)}${right}`;
  it("reads a last page whose right column is short as two columns, and no page of one column", () => {
    const full = (n: number) => [
      `\f${n} General Assembly - Fiftieth session`,
      ...Array.from({ length: 30 }, (_, k) =>
        pad(`left ${n}.${k} goes on`, `right ${n}.${k} goes on with more of the words of this column`),
      ),
    ];
    const last = [
      "\f4 General Assembly - Fiftieth session",
      ...Array.from({ length: 30 }, (_, k) =>
        k < 9
          ? pad(
              `left 4.${k} goes on`,
              k === 3 ? "The President: We close." : `right 4.${k} goes on with more of the words of this column`,
            )
          : `left 4.${k} goes on`,
      ),
    ];
    const text = [...full(2), ...full(3), ...last].join("\n");
    const m = service().model(doc(text));
    assert.deepEqual(
      m.columns?.map((p) => p.gutter),
      [60, 60, 60],
    );
    const fixed = unColumn(m.lines, m.columns ?? []);
    assert.deepEqual(
      speakers(fixed).map((h) => h.display),
      ["The President"],
    );
    // Without a page of two columns before it, such a page is not read as two columns.
    const single = (n: number) => full(n).map((l) => l.replace(/ {2,}/, " "));
    const alone = service().model(doc([...single(2), ...single(3), ...last].join("\n")));
    assert.equal(alone.columns?.length ?? 0, 0);
  });
});

// What each record's cover prints (read on page 1's image), and the fields the parser does not read
// yet from a text: `all` for every field. Any field it reads must be what is printed.
type CoverKey = "symbol" | "organ" | "period" | "meeting" | "date" | "time" | "president";
const PRINTED: Record<string, Partial<Record<CoverKey, string>>> = {
  "A_48_PV.46": {
    symbol: "A/48/PV.46",
    organ: "General Assembly",
    period: "Forty-eighth session",
    meeting: "46",
    date: "1 November 1993",
    time: "3 p.m.",
    president: "Mr. INSANALLY (Guyana)",
  },
  "A_60_PV.85": {
    symbol: "A/60/PV.85",
    organ: "General Assembly",
    period: "Sixtieth session",
    meeting: "85",
    date: "1 June 2006",
    time: "4 p.m.",
    president: "Mr. Eliasson (Sweden)",
  },
  "A_64_PV.121": {
    symbol: "A/64/PV.121",
    organ: "General Assembly",
    period: "Sixty-fourth session",
    meeting: "121",
    date: "13 September 2010",
    time: "3 p.m.",
    president: "Mr. Ali Abdussalam Treki (Libyan Arab Jamahiriya)",
  },
  "A_76_PV.102": {
    symbol: "A/76/PV.102",
    organ: "General Assembly",
    period: "Seventy-sixth session",
    meeting: "102",
    date: "8 September 2022",
    time: "3 p.m.",
    president: "Mr. Shahid (Maldives)",
  },
  "S_PV.8422": {
    symbol: "S/PV.8422",
    organ: "Security Council",
    period: "Seventy-third year",
    meeting: "8422",
    date: "13 December 2018",
    time: "3 p.m.",
    president: "Mr. Adom (Côte d’Ivoire)",
  },
  "S_PV.10100": {
    symbol: "S/PV.10100",
    organ: "Security Council",
    period: "Eighty-first year",
    meeting: "10100",
    date: "30 January 2026",
    time: "3 p.m.",
    president: "Mr. Osman (Somalia)",
  },
  // The 1950 volume's cover: no time, and the President is named on page 2's title block.
  "S_PV.492": {
    symbol: "S/PV.492",
    organ: "Security Council",
    period: "Fifth year",
    meeting: "492",
    date: "29 August 1950",
  },
};
const ALL: CoverKey[] = ["symbol", "organ", "period", "meeting", "date", "time", "president"];
/** Not read yet, by record and text (`import` or an extractor). */
const NOT_READ: Record<string, Partial<Record<"import" | Variant, CoverKey[]>>> = {
  // The OCR layer of a scan: spaced capitals, the cover's lines in blocks out of order.
  "S_PV.492": {
    import: ALL,
    raw: ALL.filter((k) => k !== "symbol"),
    plain: ALL,
    layout: ALL,
    pdfjs: ALL.filter((k) => k !== "symbol"),
  },
};

function coverRead(text: string): Partial<Record<CoverKey, string>> {
  const c = service().model(doc(text)).cover;
  const out: Partial<Record<CoverKey, string>> = {};
  if (c?.symbol) out.symbol = c.symbol.text;
  if (c?.organ) out.organ = c.organ.text;
  if (c?.period) out.period = c.period.text;
  if (c?.meeting) out.meeting = String(c.meeting.number);
  if (c?.date) out.date = c.date.text;
  if (c?.time) out.time = c.time.text;
  if (c?.president) out.president = `${c.president.name} (${c.president.entity})`;
  return out;
}

describe("eras records: the cover's metadata, from the import and from each extractor's text", () => {
  for (const record of ERAS_RECORDS) {
    it(`${record}: what page 1 prints`, async () => {
      const r = await importPdf(readFileSync(recordPdf(record, "eras")));
      const texts: ["import" | Variant, string][] = r.ok ? [["import", r.text]] : [];
      for (const variant of VARIANTS)
        if (hasVariant(record, variant, "eras")) texts.push([variant, recordText(record, variant, "eras")]);
      const printed = PRINTED[record];
      for (const [source, text] of texts) {
        const read = coverRead(text);
        const missing = NOT_READ[record]?.[source] ?? [];
        for (const key of ALL) {
          const where = `${record} (${source}) ${key}`;
          if (read[key] !== undefined) assert.equal(read[key].toLowerCase(), printed[key]?.toLowerCase(), where);
          else assert.ok(missing.includes(key) || printed[key] === undefined, `${where}: not read`);
        }
      }
    });
  }
});
