import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyTextEdits, DEFAULT_SETTINGS } from "../../server/src/index";
import { doc, service } from "./helpers";

// The shapes of real records as pdftotext and pdf.js give them (test/corpus/sc2020), each with a
// near miss. Names are invented: no rule may name a speaker of the development records.
const model = (text: string) => service().model(doc(text));
const speakers = (text: string) => model(text).speeches.map((s) => s.header.display);

const cover = [
  "United Nations S/PV.9100",
  "Security Council",
  "Seventy-eighth year",
  "9100th meeting",
  "Monday, 6 March 2023, 10 a.m.",
  "New York",
  "Provisional",
  "President: Mr. Ortega . . . . . . . . . . . . . . . . . . (Ecuador)",
  "Agenda",
  "The question of the shared watercourses",
  "This record contains the text of speeches delivered in English and of the translation of",
  "speeches delivered in other languages. Corrections should be submitted to the original",
  "languages only (verbatimrecords@un.org). Corrected records will be reissued electronically (http://documents.un.org).",
  "23-01234 (E)",
  "*2301234*",
];

describe("real records: page furniture as extractors give it", () => {
  it("reads a page-number line with a backspace between page and job number, either way round", () => {
    const m = model(
      [
        "The President: I thank him for his words, which",
        "2/12\b 23-01234",
        "were clear.",
        "23-01234\b3/12",
        "It was so decided.",
      ].join("\n"),
    );
    assert.deepEqual(
      m.furniture.map((f) => [f.line, f.kind, f.page]),
      [
        [1, "page-number", 2],
        [3, "page-number", 3],
      ],
    );
    // Not damage to repair in the text: the line goes as a whole.
    const codes = service()
      .diagnostics(doc(m.text))
      .diagnostics.map((d) => d.code);
    assert.ok(!codes.includes("character-damage"), codes.join());
  });
});

describe("real records: a running head in pieces (pdftotext without -raw)", () => {
  it("flags the symbol, the date and the title on lines of their own, not the cover's symbol or a heading", () => {
    const page = (n: number, title: boolean) => [
      "\f06/03/2023",
      "",
      ...(title ? ["The question of the shared watercourses", ""] : []),
      `Mr. Osei (Ghana): Page ${n} opens with a sentence.`,
      "",
      "S/PV. 9100",
      "",
      "The right column goes on here.",
      "",
      `23-01234\b${n}/12`,
    ];
    const text = [
      "S/PV.9100",
      "",
      ...cover.slice(0, 1).map((l) => l.replace(" S/PV.9100", "")),
      ...cover.slice(1),
      "The question of the shared watercourses",
      "",
      ...page(2, true),
      ...page(3, true),
      ...page(4, false),
    ].join("\n");
    const m = model(text);
    const lines = text.split("\n");
    const flagged = m.furniture.map((f) => lines[f.line].replace(/[\f\b]/g, " ").trim());
    assert.equal(m.cover?.symbol?.text, "S/PV.9100");
    assert.ok(!flagged.includes("S/PV.9100"), "the cover's symbol is no furniture");
    assert.equal(flagged.filter((f) => f === "The question of the shared watercourses").length, 2);
    assert.equal(flagged.filter((f) => f === "S/PV. 9100").length, 3);
    assert.equal(flagged.filter((f) => f === "06/03/2023").length, 3);
    // The title as the heading after the cover stays text.
    const heading = lines.indexOf("The question of the shared watercourses", cover.length + 2);
    assert.notEqual(m.lineKinds[heading], "furniture");
  });
});

describe("real records: speaker headers", () => {
  const body = (...lines: string[]) =>
    [
      ...cover,
      "The meeting was called to order at 10.05 a.m.",
      "Adoption of the agenda",
      "The agenda was adopted.",
      "The question of the shared watercourses",
      ...lines,
    ].join("\n");

  it("reads a header on the line after the agenda item's title printed as a heading", () => {
    assert.deepEqual(speakers(body("The President: I welcome the briefers.", "I give the floor to Ms. Lindqvist.")), [
      "The President",
    ]);
  });

  it("reads a briefer's header with a name and no delegation, and not an address or a sentence", () => {
    assert.deepEqual(
      speakers(
        body(
          "The President: I give the floor to Ms. Lindqvist.",
          "Ms. Lindqvist: Since I last spoke to the Council,",
          "much has changed in the basin. Three priorities follow:",
          "Mr. President: we must act.",
          "Security Council members on five priority issues:",
          "Mr. Van der Berg Ruiz: Thank you.",
        ),
      ),
      ["The President", "Ms. Lindqvist", "Mr. Van der Berg Ruiz"],
    );
  });

  it("reads the presiding officer cutting into an unfinished speech, but no header mid-sentence", () => {
    assert.deepEqual(
      speakers(
        body(
          "Mr. Osei (Ghana): Ghana will continue",
          "to defend those",
          "The President: I wish to remind all speakers to be brief.",
          "I now call on the representative of",
          "Mr. Hale (Ireland): put it well, as we heard.",
        ),
      ),
      ["Mr. Osei (Ghana)", "The President"],
    );
  });

  it("reads a header after a paragraph on one line longer than the structure prefix", () => {
    const long = `${"The basin is shared by many, and its waters are used by all. ".repeat(12)}We act now.`;
    assert.ok(long.length > 700);
    assert.deepEqual(speakers(body("Mr. Osei (Ghana): We begin.", long, "Ms. Lindqvist: Thank you.")), [
      "Mr. Osei (Ghana)",
      "Ms. Lindqvist",
    ]);
  });
});

describe("real records: names are not fused words", () => {
  it("leaves a speaker's name in a header and a name after a title alone", () => {
    const text = [
      "The President: I give the floor to Mr. Theirson.",
      "Mr. Theirson (Palestine): I thank Mr. Theirson's colleague and",
      "Ms. Ourland for thejoint statement.",
    ].join("\n");
    const fused = service()
      .diagnostics(doc(text))
      .diagnostics.filter((d) => d.code === "fused-words")
      .map((d) => d.message);
    assert.deepEqual(fused, ["“thejoint” looks like two words run together: “the joint”."]);
  });
});

const codes = (text: string) =>
  service()
    .diagnostics(doc(text), { ...DEFAULT_SETTINGS, maxProblems: Number.MAX_SAFE_INTEGER })
    .diagnostics.map((d) => `${d.code}: ${d.message}`);

describe("real records: what is not damage", () => {
  it("leaves symbols' parts, room numbers, addresses and the cover's dot leaders alone", () => {
    const text = [
      ...cover.slice(0, 8),
      "Members: China. . . . . . . . . . . . . . . . . . .  Mr. Li",
      ...cover.slice(8),
      "The President: We met in room U-0506 (verbatimrecords@un.org), as in A/49/ PV.14 and",
      "SG/SM/19929, and in the record of that debate (A/74/",
      "PV.9). The ECOSOC/5708 press release said so.",
    ].join("\n");
    const found = codes(text);
    assert.ok(!found.some((f) => /“(?:PV|SM|U-0506)”|verbatimrecords|doubled spaces/.test(f)), found.join("\n"));
    // A symbol's first part is still an acronym.
    assert.ok(model(text).tokens.acronyms.some((a) => a.text === "ECOSOC"));
  });

  it("closes up a number word's stray space (`forty- ninth`), and no other hyphen's", () => {
    const found = codes("Agenda item 8\nThe forty- ninth session and a well- known case");
    assert.deepEqual(
      found.filter((f) => f.includes("stray space")),
      ["character-damage: Damaged text: a stray space in “forty-ninth”."],
    );
  });

  it("removes a job number run into the last word of a column", () => {
    const found = codes("The President: We thank the Secretary23-01234\nGeneral for his report.");
    assert.ok(
      found.some((f) => f.includes("the job number 23-01234 (page furniture) run into the text")),
      found.join("\n"),
    );
  });
});

describe("real records: hyphens pdftotext dropped (without -raw)", () => {
  const wrapped = (...extra: string[]) =>
    [
      "The President: I thank the Secretary-General and the cross-border teams.",
      ...Array.from({ length: 220 }, (_, k) => `This is line ${k} of a speech wrapped as the columns are.`),
      ...extra,
    ].join("\n");

  it("puts back a hyphen the document writes elsewhere, and a number word's", () => {
    const found = codes(wrapped("We heard the SecretaryGeneral on crossborder aid in the seventyfifth year."));
    assert.deepEqual(
      found.filter((f) => f.startsWith("lost-hyphen")),
      [
        "lost-hyphen: “SecretaryGeneral” lost its hyphen in extraction: “Secretary-General” (the document writes it with its hyphen once).",
        "lost-hyphen: “crossborder” lost its hyphen in extraction: “cross-border” (the document writes it with its hyphen once).",
        "lost-hyphen: “seventyfifth” lost its hyphen in extraction: “seventy-fifth” (a number word).",
      ],
    );
    assert.ok(!found.some((f) => f.startsWith("fused-words")), "a lost hyphen is no space to put back");
  });

  it("finds none where the text keeps its line-end hyphens", () => {
    const found = codes(wrapped("We heard the SecretaryGeneral on the self-", "determination of peoples."));
    assert.ok(!found.some((f) => f.startsWith("lost-hyphen")), found.join("\n"));
  });
});

describe("real records: two columns side by side (pdftotext -layout)", () => {
  const pad = (left: string, right: string) => `${left.padEnd(60)}${right}`;
  const page = (n: number) => [
    `\f06/03/2023                 The question of the shared watercourses                  S/PV. 9100`,
    "",
    ...Array.from({ length: 12 }, (_, k) =>
      pad(k === 0 ? `Mr. Osei (Ghana): Left ${n}.${k} starts` : `left ${n}.${k} goes on`, `right ${n}.${k} goes on`),
    ),
    pad(`left ${n} ends here.`, ""),
    `${" ".repeat(60)}right ${n} ends here.`,
    "",
    `${n}/12\b                                                                       23-01234`,
  ];

  it("reports the pages once and nothing else, and the fix reads each left column, then its right", () => {
    const text = [...cover, ...page(2), ...page(3)].join("\n");
    const found = codes(text);
    assert.deepEqual(
      found.map((f) => f.split(":")[0]),
      ["two-column-layout"],
    );
    const fix = service()
      .diagnostics(doc(text))
      .diagnostics.find((d) => d.code === "two-column-layout");
    const fixed = applyTextEdits(text, fix?.data?.edits ?? []);
    const order = [...fixed.matchAll(/(left|right) (\d)\.(\d+)/gi)].map(
      (m) => `${m[1][0].toLowerCase()}${m[2]}.${m[3]}`,
    );
    assert.deepEqual(order.slice(0, 2), ["l2.0", "l2.1"]);
    assert.deepEqual(order.slice(11, 14), ["l2.11", "r2.0", "r2.1"]);
    assert.deepEqual(order.slice(24, 26), ["l3.0", "l3.1"]);
    assert.deepEqual(speakers(fixed), ["Mr. Osei (Ghana)", "Mr. Osei (Ghana)"]);
    // Cleaning does both at once: the columns, then the furniture of the result.
    const cleaned = applyTextEdits(text, service().safeFixes(doc(text)));
    assert.ok(!cleaned.includes("23-01234\n") && !cleaned.includes("S/PV. 9100"), cleaned);
    assert.deepEqual(service().safeFixes(doc(cleaned)), []);
  });
});

describe("reliability: exports and checks on hostile text", () => {
  it("gives each speaker of the Akoma Ntoso export an identifier of their own, in any script, and well-formed XML", () => {
    const text = [
      "Председатель: Слово предоставляется г-ну Небензе.",
      "",
      "Г-н Небензя (Российская Федерация): Мы благодарим.",
      "",
      "Г-н Кузьмин (Российская Федерация): Мы тоже \uFFFE благодарим \uFFFF.",
    ].join("\n");
    const xml = service().exportAkomaNtoso(doc(text), "ru.txt");
    const ids = [...xml.matchAll(/<TLCPerson eId="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(ids.length, 3);
    assert.equal(new Set(ids).size, 3, ids.join());
    assert.ok(
      ids.some((id) => id.includes("небензя")),
      ids.join(),
    );
    assert.ok(!/[\uFFFE\uFFFF]/.test(xml));
    assert.ok(xml.includes("\uFFFD"));
  });

  it("does not flag a definition that writes the short form first as a use before it", () => {
    const found = codes("Mr. Smith (France): The CSTO (Collective Security Treaty Organization) met. The CSTO agreed.");
    assert.ok(!found.some((f) => f.startsWith("acronym-before-definition")), found.join("\n"));
    assert.ok(
      codes("Mr. Smith (France): The CSTO met. Later the Collective Security Treaty Organization (CSTO) agreed.").some(
        (f) => f.startsWith("acronym-before-definition"),
      ),
    );
  });

  it("reads damage on a line of any length, and says which word is too long to check", () => {
    const line = `${"a ".repeat(60_000)}the \uFB01ne print`;
    assert.ok(codes(`Mr. Smith (France): ${line}`).some((f) => f.includes("the ligature ﬁ")));
    const long = codes(`Mr. Smith (France): We ${"a".repeat(300)} say.`);
    assert.ok(
      long.some((f) => f.startsWith("not-checked: A run of 300 letters")),
      long.join("\n"),
    );
  });
});
