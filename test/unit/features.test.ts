import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyTextEdits, DEFAULT_SETTINGS, type DocumentSymbol, SEMANTIC_LEGEND } from "../../server/src/index";
import { cursor, doc, readCorpus, readSample, service } from "./helpers";

const RECORD = `United Nations S/PV.7351
Security Council
Sixty-ninth year
7351st meeting
Friday, 19 December 2014, 10 a.m.
New York

Agenda
Threats to international peace and security

This record contains the text of speeches delivered in English and of the
translation of speeches delivered in other languages.
(http://documents.un.org).

The meeting was called to order at 10.05 a.m.

The President (spoke in Spanish): I welcome the
Secretary-General.

Mr. Medina Mejías (Bolivarian Republic of
Venezuela), Rapporteur of the Sixth Committee: I
present the report in S/2014/123 and A/RES/60/288.
S/PV.7351 Threats to international peace and security 19/12/2014
It was considered under resolution 1373 (2001).

The meeting rose at 11.40 a.m.
`;

/** The outline as `kind name [detail]`, indented by depth: compared as text. */
function outline(symbols: DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [
    `${"  ".repeat(depth)}${s.kind} ${s.name}${s.detail ? ` [${s.detail}]` : ""}`,
    ...outline(s.children ?? [], depth + 1),
  ]);
}

describe("document symbols", () => {
  it("gives the record, its agenda item and each speech, named by the speaker as written", () => {
    // A speech is an Event (24): an editor's tooltip reads `The President (event)`; its detail
    // tells one speaker's speeches apart: number, words, interpretation note.
    assert.deepEqual(outline(service().documentSymbols(doc(RECORD))), [
      "1 S/PV.7351 [Security Council, 7351st meeting, 19 December 2014]",
      "  3 Agenda: Threats to international peace and security",
      "    24 The President [speech 1 · 4 words · spoke in Spanish]",
      "    24 Mr. Medina Mejías (Bolivarian Republic of Venezuela), Rapporteur of the Sixth Committee [speech 2 · 15 words]",
    ]);
  });

  it("tells apart the many speeches of one speaker in a long record", () => {
    const text = readSample("S_PV.9001.txt");
    const rows = outline(service().documentSymbols(doc(text))).filter((r) => r.includes("24 "));
    assert.equal(rows.length, 7);
    assert.equal(new Set(rows).size, rows.length, "no two rows alike");
    assert.deepEqual(
      rows.filter((r) => r.includes("The President")),
      ["    24 The President [speech 1 · 68 words]", "    24 The President [speech 3 · 9 words]"],
    );
  });

  it("puts the selection on the header's first character and the range over the whole speech", () => {
    const [record] = service().documentSymbols(doc(RECORD));
    assert.deepEqual(record.selectionRange, { start: { line: 0, character: 15 }, end: { line: 0, character: 24 } });
    const speech = record.children?.[0].children?.[1];
    assert.ok(speech);
    assert.deepEqual(speech.selectionRange.start, { line: 19, character: 0 });
    assert.deepEqual(speech.selectionRange.end, { line: 20, character: 46 });
    assert.deepEqual(speech.range.end, { line: 23, character: 47 });
  });

  it("gives a record without a cover page its speeches at the top level", () => {
    assert.deepEqual(outline(service().documentSymbols(doc(readCorpus("seeds", "000_b70b41d151435293.txt")))), [
      "24 Mrs. Aitimova (Kazakhstan) [speech 1 · 767 words]",
    ]);
  });

  it("finds speeches across documents by speaker or delegation, ignoring case and diacritics", () => {
    const found = service().workspaceSymbols("mejias", [
      doc(RECORD, "file:///a.txt"),
      doc(readCorpus("seeds", "000_b70b41d151435293.txt"), "file:///b.txt"),
    ]);
    assert.deepEqual(
      found.map((s) => [s.name.slice(0, 17), s.containerName, s.location.uri]),
      [["Mr. Medina Mejías", "S/PV.7351", "file:///a.txt"]],
    );
    assert.equal(
      service().workspaceSymbols("kazakh", [doc(readCorpus("seeds", "000_b70b41d151435293.txt"))]).length,
      1,
    );
  });
});

describe("folding", () => {
  it("folds the cover page, the boilerplate and each speech", () => {
    assert.deepEqual(
      service()
        .foldingRanges(doc(RECORD))
        .map((f) => [f.startLine, f.endLine, f.kind]),
      [
        [0, 9, "region"],
        [10, 12, "comment"],
        [16, 17, "region"],
        [19, 23, "region"],
      ],
    );
  });
});

/** Decodes LSP's relative semantic tokens into `line:char type "text"`. */
function decode(text: string, data: number[]): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: string[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
    out.push(
      `${line}:${char} ${SEMANTIC_LEGEND.tokenTypes[data[i + 3]]} ${JSON.stringify(lines[line].slice(char, char + data[i + 2]))}`,
    );
  }
  return out;
}

describe("semantic tokens", () => {
  it("colours a header wrapped over two lines, piece by piece on each line", () => {
    const tokens = decode(RECORD, service().semanticTokens(doc(RECORD)).data);
    const header = tokens.filter((t) => /^(19|20):/.test(t));
    assert.deepEqual(header, [
      '19:0 speakerTitle "Mr."',
      '19:4 speaker "Medina Mejías"',
      '19:18 delegation "(Bolivarian Republic of"',
      '20:0 delegation "Venezuela)"',
      '20:12 role "Rapporteur of the Sixth Committee"',
    ]);
    assert.ok(tokens.includes('22:0 pageFurniture "S/PV.7351 Threats to international peace and security 19/12/2014"'));
    assert.ok(tokens.includes('16:14 interpretation "(spoke in Spanish)"'));
    assert.ok(tokens.includes('14:0 procedural "The meeting was called to order at 10.05 a.m."'));
    assert.ok(tokens.includes('21:22 documentSymbol "S/2014/123"'));
  });
});

describe("hover", () => {
  it("describes a speaker on the header", () => {
    const { text, position } = cursor(RECORD.replace("Mr. Medina", "Mr. Me|dina"));
    const h = service().hover(doc(text), position);
    assert.ok(h);
    // Two sentences a person would write: who, for whom and as what; where the speech stands.
    assert.equal(
      h.contents.value,
      "**Mr. Medina Mejías** speaks for the Bolivarian Republic of Venezuela, as Rapporteur of the Sixth Committee. " +
        "Speech 2 of 2 in this record, 15 words; the only one by this speaker.",
    );
  });

  it("says in words who speaks, in what capacity and language, and which of their speeches it is", () => {
    const text = [
      "The President (spoke in French): One two.",
      "The Secretary-General: Three.",
      "Ms. DiCarlo (Under-Secretary-General for Political Affairs): Four.",
      "Mr. Griffiths: Five.",
      "Mr. Nebenzia (Russian Federation) (spoke in Russian): Six.",
      "Mr. Griffiths: Seven.",
    ].join("\n\n");
    const d = doc(`${text}\n`);
    const hoverAt = (line: number) => service().hover(d, { line, character: 2 })?.contents.value;
    assert.equal(
      hoverAt(0),
      "**The President** is in the chair and speaks in French. Speech 1 of 6 in this record, 2 words; the only one by this speaker.",
    );
    assert.match(hoverAt(2) ?? "", /^\*\*The Secretary-General\*\* speaks for the Secretariat\. /);
    assert.match(
      hoverAt(4) ?? "",
      /^\*\*Ms\. DiCarlo\*\*, Under-Secretary-General for Political Affairs, speaks for the Secretariat\. /,
    );
    assert.match(hoverAt(6) ?? "", /^\*\*Mr\. Griffiths\*\* briefs the meeting; the header names no delegation\. /);
    assert.match(hoverAt(8) ?? "", /^\*\*Mr\. Nebenzia\*\* speaks for the Russian Federation, in Russian\. /);
    assert.match(hoverAt(10) ?? "", /Speech 6 of 6 in this record, 1 word; the second of 2 by this speaker\.$/);
    for (let line = 0; line <= 10; line += 2) assert.doesNotMatch(hoverAt(line) ?? "", /:\s|·/, "no data dump");
  });

  it("links a document symbol, with UTF-16 positions after non-BMP characters", () => {
    const { text, position } = cursor("The 𝐀 report, «S/2014/1|23», was noted.");
    const d = doc(text);
    const h = service().hover(d, position);
    assert.ok(h);
    assert.match(h.contents.value, /UN document \*\*S\/2014\/123\*\*.*https:\/\/undocs\.org\/en\/S\/2014\/123/);
    assert.deepEqual(h.range, { start: { line: 0, character: 16 }, end: { line: 0, character: 26 } });
    const [link] = service().documentLinks(d);
    assert.deepEqual(link.range, h.range);
  });

  it("explains page furniture, and answers nothing for plain text or positions out of range", () => {
    const d = doc(RECORD);
    assert.match(service().hover(d, { line: 22, character: 3 })?.contents.value ?? "", /running header/);
    assert.equal(service().hover(d, { line: 17, character: 3 }), null);
    assert.equal(service().hover(d, { line: 500, character: 0 }), null);
    assert.equal(service().hover(d, { line: 0, character: 500 }), null);
    assert.equal(service().hover(d, { line: -1, character: -1 }), null);
  });
});

describe("document links", () => {
  it("links symbols and resolutions to the UN's document system in the record's language", () => {
    const links = service().documentLinks(doc(RECORD));
    assert.deepEqual(
      links.map((l) => l.target),
      [
        "https://undocs.org/en/S/PV.7351",
        "https://undocs.org/en/S/2014/123",
        "https://undocs.org/en/A/RES/60/288",
        "https://undocs.org/en/S/RES/1373(2001)",
      ],
    );
  });
});

describe("diagnostics and fixes", () => {
  it("reports each furniture line as page-artifact, with a fix that removes only that line", () => {
    const d = doc(RECORD);
    const { diagnostics, counts } = service().diagnostics(d);
    assert.deepEqual(counts, { "page-artifact": 1 });
    const [diag] = diagnostics;
    assert.equal(diag.code, "page-artifact");
    assert.equal(diag.severity, "warning");
    assert.deepEqual(diag.range.start, { line: 22, character: 0 });
    const fixed = applyTextEdits(RECORD, diag.data?.edits ?? []);
    assert.equal(fixed, RECORD.replace("S/PV.7351 Threats to international peace and security 19/12/2014\n", ""));
  });

  it("switches a rule off or changes its severity from settings, and caps the count", () => {
    const text = "A.\n2/3 16-43375\nB.\n3/3 16-43375\nC.\n";
    assert.equal(
      service().diagnostics(doc(text), { ...DEFAULT_SETTINGS, rules: { "page-artifact": "off" } }).diagnostics.length,
      0,
    );
    const r = service().diagnostics(doc(text), {
      ...DEFAULT_SETTINGS,
      rules: { "page-artifact": "hint" },
      maxProblems: 1,
    });
    assert.deepEqual(
      [r.diagnostics.length, r.diagnostics[0].severity, r.dropped, r.counts["page-artifact"]],
      [1, "hint", 1, 2],
    );
  });

  it("offers the quick fix and a fix-all, and recomputes a fix when the diagnostic carries no data", () => {
    const text = "a\n2/3 16-43375\nb\n3/3 16-43375\nc\n";
    const d = doc(text);
    const [first] = service().diagnostics(d).diagnostics;
    const { data: _data, ...bare } = first;
    const actions = service().codeActions(d, first.range, { diagnostics: [bare] });
    assert.deepEqual(
      actions.map((a) => a.title),
      ["Remove the page number line", "Fix all 2 page-artifact problems in this file"],
    );
    assert.equal(applyTextEdits(text, actions[1].edit?.changes[d.uri] ?? []), "a\nb\nc\n");
    const fixAll = service().codeActions(d, first.range, { diagnostics: [], only: ["source.fixAll"] });
    assert.deepEqual(
      fixAll.map((a) => a.kind),
      ["source.fixAll.verbatim"],
    );
  });

  it("says once that a binary document is not analysed", () => {
    const r = service().diagnostics(doc("\u0000\u0001\u0002ELF"));
    assert.deepEqual(
      r.diagnostics.map((x) => x.code),
      ["unreadable-document"],
    );
  });
});
