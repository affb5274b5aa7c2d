import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadData } from "../../server/src/data";
import { parseTranscript } from "../../server/src/model/parse";
import { compileProfile } from "../../server/src/model/profile";
import { RECORDS, recordPath } from "../corpus/records";
import { CORPUS, doc, readCorpus, service } from "./helpers";

const model = (text: string) => service().model(doc(text));

describe("model: the corpus", () => {
  it("finds exactly one speech in each seed, with its speaker", () => {
    const expected: Record<string, string> = {
      "000_b70b41d151435293.txt": "Mrs. Aitimova (Kazakhstan)",
      "002_68e17840d4f4b104.txt": "Mr. Abdrakhmanov (Kazakhstan)",
    };
    for (const [file, speaker] of Object.entries(expected)) {
      const m = model(readCorpus("seeds", file));
      assert.deepEqual(
        m.speeches.map((s) => s.header.display),
        [speaker],
        file,
      );
      assert.equal(m.speeches[0].startLine, 0);
      assert.ok(m.speeches[0].wordCount > 600, `${file}: ${m.speeches[0].wordCount} words`);
      assert.equal(m.cover, undefined, "a seed has no cover page");
    }
  });

  it("finds no speech in any of the 101 General Debate speeches (their headers were removed)", () => {
    const files = readdirSync(join(CORPUS, "ungdc")).filter((f) => f.endsWith(".txt"));
    assert.equal(files.length, 101);
    for (const f of files) {
      const m = model(readCorpus("ungdc", f));
      assert.equal(m.speeches.length, 0, `${f}: ${m.speeches.map((s) => s.header.display).join("; ")}`);
      assert.equal(m.cover, undefined, `${f}: a speech has no cover page`);
      assert.equal(m.language, "en", f);
      assert.ok(m.paragraphs.length > 5, `${f} has paragraphs`);
    }
  });

  it("splits a blank-line-less record into paragraphs at short sentence-final lines", () => {
    const m = model(readCorpus("ungdc", "AFG_50_1995.txt"));
    assert.equal(m.raw, true);
    const first = m.paragraphs[0];
    assert.equal(m.lines.line(first.startLine), "On the eve of the");
    assert.equal(m.lines.line(first.endLine), "atmosphere of great enthusiasm and animation.");
    assert.equal(m.lines.line(m.paragraphs[1].startLine), "The Afghan nation, in spite of the immense");
  });

  it("keeps paragraphs separated by blank lines in the seeds", () => {
    const m = model(readCorpus("seeds", "000_b70b41d151435293.txt"));
    assert.equal(m.raw, false);
    assert.equal(m.paragraphs.length, 13);
    // The first paragraph starts after the header's colon.
    assert.equal(m.text.slice(m.paragraphs[0].start, m.paragraphs[0].start + 15), "First of all, l");
  });

  it("records line-end hyphen breaks with both halves", () => {
    const m = model(readCorpus("seeds", "000_b70b41d151435293.txt"));
    const pairs = m.tokens.hyphenBreaks.map(
      (h) => `${m.text.slice(h.before.start, h.before.end)}|${m.text.slice(h.after.start, h.after.end)}`,
    );
    assert.deepEqual(pairs, ["Counter|Terrorism", "Counter|Terrorism"]);
  });
});

describe("model: page furniture", () => {
  const kinds = (text: string) => model(text).furniture.map((f) => [f.kind, f.page ?? null]);

  it("recognises running headers, page and job numbers, barcodes and form feeds", () => {
    const text = [
      "the Council.",
      "A/71/PV.62 13/12/2016",
      "S/PV.7351 Threats to international peace and security 19/12/2014",
      "2/17 16-43375",
      "16-43375 3/17",
      "16-433753/17",
      "9 06-52731",
      "14-73556 (E)",
      "*1473556*",
      "\f",
      "\fS/PV.7351 Threats to international peace and security 19/12/2014",
      "12",
    ].join("\n");
    assert.deepEqual(kinds(text), [
      ["running-header", null],
      ["running-header", null],
      ["page-number", 2],
      ["page-number", 3],
      ["page-number", 3],
      ["page-number", 9],
      ["job-number", null],
      ["barcode", null],
      ["form-feed", null],
      ["running-header", null],
      ["page-number", 12],
    ]);
  });

  it("does not take text for furniture", () => {
    assert.deepEqual(
      kinds("In 2015, 193 States agreed.\n2015.\nS/2014/123 was issued on 19/12/2014 in New York.\n1234"),
      [],
    );
  });

  it("cuts pages at page numbers", () => {
    const m = model("one\n2/3 16-43375\ntwo\n16-43375 3/3\nthree\n");
    assert.deepEqual(
      m.pages.map((p) => [p.number, p.startLine, p.endLine]),
      [
        [2, 0, 1],
        [3, 2, 3],
        [4, 4, 5],
      ],
    );
  });
});

const SC_COVER = `United Nations S/PV.7351
Security Council
Sixty-ninth year
7351st meeting
Friday, 19 December 2014, 10 a.m.
New York
Provisional

President: Mr. Oyarce . . . . . . . . . . . . . . . . (Chile)
Members: Argentina . . . . . . . . . . . . . . . . Mrs. Perceval
Australia . . . . . . . . . . . . . . . . Mr. Quinlan
Chad . . . . . . . . . . . . . . . . . . Mr. Cherif

Agenda
Threats to international peace and security caused by
terrorist acts

This record contains the text of speeches delivered in English and of the
translation of speeches delivered in other languages. The final text will be
printed in the Official Records of the Security Council. Corrections should be
submitted to the original languages only. Corrected records will be reissued
electronically on the Official Document System of the United Nations
(http://documents.un.org).

14-73556 (E)
*1473556*

The meeting was called to order at 10.05 a.m.

Adoption of the agenda

The agenda was adopted.

The President (spoke in Spanish): The Security Council
will now begin its consideration of item 2 of the agenda.

Mrs. Aitimova (Kazakhstan): First of all, let me
congratulate the Permanent Representative of Pakistan.

The meeting rose at 11.40 a.m.
`;

describe("model: the cover page", () => {
  it("reads the record's symbol, organ, period, meeting, date, place, president and members", () => {
    const m = model(SC_COVER);
    const c = m.cover;
    assert.ok(c);
    assert.equal(c.symbol?.text, "S/PV.7351");
    assert.equal(c.organ?.text, "Security Council");
    assert.equal(c.period?.text, "Sixty-ninth year");
    assert.equal(c.meeting?.number, 7351);
    assert.equal(c.weekday?.text, "Friday");
    assert.equal(c.date?.text, "19 December 2014");
    assert.equal(c.time?.text, "10 a.m.");
    assert.equal(c.place?.text, "New York");
    assert.equal(c.status?.text, "Provisional");
    assert.deepEqual([c.president?.name, c.president?.entity], ["Mr. Oyarce", "Chile"]);
    assert.deepEqual(
      c.members.map((x) => [x.country, x.representative]),
      [
        ["Argentina", "Mrs. Perceval"],
        ["Australia", "Mr. Quinlan"],
        ["Chad", "Mr. Cherif"],
      ],
    );
    assert.equal(m.lines.line(c.symbol.line), "United Nations S/PV.7351");
  });

  it("finds the boilerplate, the agenda, the procedural lines and the speeches", () => {
    const m = model(SC_COVER);
    assert.ok(m.boilerplate);
    assert.match(m.lines.line(m.boilerplate.startLine), /^This record contains/);
    assert.equal(m.lines.line(m.boilerplate.endLine), "(http://documents.un.org).");
    assert.deepEqual(
      m.agendaItems.map((a) => [a.label, a.title]),
      [["Agenda", "Threats to international peace and security caused by terrorist acts"]],
    );
    assert.deepEqual(
      m.procedurals.map((p) => p.kind),
      ["opening", "agenda", "agenda", "closing"],
    );
    assert.deepEqual(
      m.speeches.map((s) => [s.header.display, s.header.note, s.endLine - s.startLine + 1]),
      [
        ["The President", "spoke in Spanish", 2],
        ["Mrs. Aitimova (Kazakhstan)", null, 2],
      ],
    );
    assert.equal(m.furniture.length, 2, "page 1 footer");
  });

  it("ends a speech at a procedural line", () => {
    const m = model(SC_COVER);
    const last = m.speeches[m.speeches.length - 1];
    assert.equal(m.lines.line(last.endLine), "congratulate the Permanent Representative of Pakistan.");
  });
});

describe("model: speaker headers", () => {
  it("reads a header wrapped onto a second line, with a role", () => {
    const m = model(
      "The agenda was adopted.\n\nMr. Medina Mejías (Bolivarian Republic of\nVenezuela), Rapporteur of the Sixth Committee: I have the honour\nto introduce the report.\n",
    );
    assert.equal(m.speeches.length, 1);
    const h = m.speeches[0].header;
    assert.equal(h.display, "Mr. Medina Mejías (Bolivarian Republic of Venezuela), Rapporteur of the Sixth Committee");
    assert.equal(h.entity, "Bolivarian Republic of Venezuela");
    assert.equal(h.role, "Rapporteur of the Sixth Committee");
    assert.deepEqual([h.startLine, h.endLine], [2, 3]);
    assert.deepEqual(
      h.parts.filter((p) => p.kind === "entity").map((p) => m.text.slice(p.span.start, p.span.end)),
      ["(Bolivarian Republic of", "Venezuela)"],
      "a part cut by the line break is given on each line",
    );
  });

  it("does not take traps for headers", () => {
    const traps = [
      "Mr. Rahming (Bahamas), Vice-President, took the Chair.",
      "We thank\nMr. Miguel de Serpa Soares, for their efficient and\nwork: it was good.",
      "I also thank Mr. Jean-\nPaul Laborde (France): his work is valuable.",
      "President: Mr. Oyarce . . . . . . . . (Chile)",
    ];
    for (const t of traps) assert.deepEqual(model(t).speeches, [], t);
    assert.equal(model(traps[0]).procedurals[0]?.kind, "chair");
  });

  it("reads French, Spanish and Russian headers from their language data", () => {
    const cases: [string, string, string | null][] = [
      [
        "M. Abdrakhmanov (Kazakhstan)\u00a0: Je remercie la présidence de la réunion de ce jour et de la déclaration.",
        "M. Abdrakhmanov (Kazakhstan)",
        null,
      ],
      [
        "La Présidente (parle en anglais) : Je donne la parole au représentant de la France pour la déclaration.",
        "La Présidente",
        "parle en anglais",
      ],
      [
        "Sr. Skoog (Suecia): Deseo dar las gracias a la Presidencia por haber convocado esta sesión de los miembros.",
        "Sr. Skoog (Suecia)",
        null,
      ],
      [
        "El Presidente: Doy ahora la palabra al representante de los miembros del Consejo de Seguridad que están aquí.",
        "El Presidente",
        null,
      ],
      [
        "Г-н Небензя (Российская Федерация) (говорит по-английски): Мы благодарим Председателя за эту встречу и за его работу.",
        "Г-н Небензя (Российская Федерация)",
        "говорит по-английски",
      ],
      [
        "Председатель: Я предоставляю слово представителю Франции и благодарю всех членов Совета за их работу.",
        "Председатель",
        null,
      ],
    ];
    for (const [text, display, note] of cases) {
      const m = model(text);
      assert.deepEqual(
        m.speeches.map((s) => [s.header.display, s.header.note]),
        [[display, note]],
        text,
      );
    }
  });
});

describe("model: robustness", () => {
  it("reads CRLF text as it reads LF text", () => {
    const lf = model(SC_COVER);
    const crlf = model(SC_COVER.replace(/\n/g, "\r\n"));
    assert.deepEqual(
      crlf.speeches.map((s) => [s.header.display, s.startLine, s.endLine]),
      lf.speeches.map((s) => [s.header.display, s.startLine, s.endLine]),
    );
    assert.equal(crlf.cover?.symbol?.text, "S/PV.7351");
  });

  it("refuses binary text with a message instead of parsing it", () => {
    const m = model("PK\u0003\u0004\u0000\u0000binary");
    assert.match(m.unreadable ?? "", /binary/);
    assert.deepEqual(m.speeches, []);
  });

  it("parses empty text and a 2 MB line", () => {
    assert.equal(model("").speeches.length, 0);
    const m = model(`Mr. Smith (France): ${"word ".repeat(400_000)}\nnext line`);
    assert.equal(m.speeches.length, 1);
  });

  it("finds document symbols and resolutions", () => {
    const m = model(
      "See S/2014/123, A/RES/60/288 and S/RES/2178 (2014), resolutions 1267 (1999) and 1373 (2001),\nresolution 71/145 and A/C.1/71/PV.5.",
    );
    assert.deepEqual(
      m.tokens.documentRefs.map((r) => r.symbol),
      [
        "S/2014/123",
        "A/RES/60/288",
        "S/RES/2178(2014)",
        "S/RES/1267(1999)",
        "S/RES/1373(2001)",
        "A/RES/71/145",
        "A/C.1/71/PV.5",
      ],
    );
  });
});

describe("model: the parse's options", () => {
  it("without word counts (the PDF import's parses) reads the same model, every speech's count 0", () => {
    const profiles = loadData().languages.map(compileProfile);
    for (const record of RECORDS.slice(0, 3)) {
      const text = readFileSync(recordPath(record, "pdfjs"), "utf8");
      const input = { uri: "file:///r.txt", version: 1, text };
      const counted = parseTranscript(input, profiles);
      const uncounted = parseTranscript(input, profiles, { wordCounts: false });
      assert.ok(counted.speeches.length > 10 && counted.speeches.every((s) => s.wordCount > 0), record);
      assert.ok(
        uncounted.speeches.every((s) => s.wordCount === 0),
        record,
      );
      const zeroed = counted.speeches.map((s) => ({ ...s, wordCount: 0 }));
      assert.deepEqual({ ...uncounted, speeches: [] }, { ...counted, speeches: [] }, record);
      assert.deepEqual(uncounted.speeches, zeroed, record);
    }
  });
});
