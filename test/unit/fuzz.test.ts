import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { createLanguageService, DEFAULT_SETTINGS, type Range } from "../../server/src/index";
import { readCorpus } from "./helpers";

// Random documents through every request of the service: nothing throws (no feature's guard
// fires), and every range an answer holds lies inside the document, in UTF-16 units.

const PIECES = [
  "\n",
  "\r\n",
  "\r",
  "\uFEFF",
  "\u0000",
  "\u0008",
  "\f",
  "\u00AD",
  "\u2011",
  "e\u0301",
  "𝐀",
  "ﬁ",
  "â€™",
  "The President: ",
  "Mr. Smith (France) (spoke in French): ",
  "Mr. Medina Mejías (Bolivarian Republic of\nVenezuela), Rapporteur:",
  "United Nations S/PV.7351\n",
  "Tuesday, 14 December 2016",
  "31 April",
  "the Collective Security Treaty Organization (CSTO)",
  "CSTO (",
  "(NATO",
  "NGOs",
  "transna-\ntional",
  "thejoint",
  "2/17 16-43375\n",
  "*1473556*\n",
  "In favour:\n",
  "In September this year",
  "-",
  "(",
  ")",
  ":",
  "  ",
  "word ",
];

const DOC = fc
  .array(
    fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 12 }), fc.string({ unit: "binary", maxLength: 6 })),
    {
      maxLength: 80,
    },
  )
  .map((parts) => parts.join(""));

function inside(text: string, range: Range, what: string): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const p of [range.start, range.end]) {
    assert.ok(p.line >= 0 && p.line < lines.length, `${what}: line ${p.line} of ${lines.length}`);
    assert.ok(p.character >= 0 && p.character <= lines[p.line].length, `${what}: character ${p.character}`);
  }
}

describe("fuzzing the language service", () => {
  it("answers every request on random documents, within the document", () => {
    const failures: string[] = [];
    const s = createLanguageService({ onError: (what, e) => failures.push(`${what}: ${String(e)}`) });
    let version = 0;
    fc.assert(
      fc.property(DOC, fc.nat(), (text, seed) => {
        const d = { uri: "file:///fuzz.transcript", version: ++version, getText: () => text };
        const lines = text.split(/\r\n|\r|\n/);
        const line = seed % lines.length;
        const position = { line, character: seed % (lines[line].length + 1) };
        const diagnostics = s.diagnostics(d, { ...DEFAULT_SETTINGS, maxProblems: 1e9 }).diagnostics;
        for (const x of diagnostics) {
          inside(text, x.range, `diagnostic ${x.code}`);
          for (const e of x.data?.edits ?? []) inside(text, e.range, `fix of ${x.code}`);
        }
        for (const sym of s.documentSymbols(d)) inside(text, sym.range, "symbol");
        for (const f of s.foldingRanges(d)) assert.ok(f.endLine < lines.length);
        const hover = s.hover(d, position);
        if (hover?.range) inside(text, hover.range, "hover");
        for (const l of s.definition(d, position)) inside(text, l.range, "definition");
        for (const l of s.references(d, position, true)) inside(text, l.range, "reference");
        for (const c of s.completion(d, position)) inside(text, c.textEdit.range, "completion");
        for (const a of s.codeActions(d, { start: position, end: position }, { diagnostics }))
          for (const e of a.edit?.changes[d.uri] ?? []) inside(text, e.range, `action ${a.title}`);
        for (const e of s.safeFixes(d)) inside(text, e.range, "safe fix");
        for (const e of s.unwrap(d)) inside(text, e.range, "unwrap");
        const tokens = s.semanticTokens(d).data;
        assert.equal(tokens.length % 5, 0);
        for (const l of s.documentLinks(d)) inside(text, l.range, "link");
        s.forget(d.uri);
      }),
      { numRuns: 300, seed: 20261122 },
    );
    assert.deepEqual(failures, []);
  });

  it("handles a 2 MB line and a corpus file cut at random", () => {
    const failures: string[] = [];
    const s = createLanguageService({ onError: (what, e) => failures.push(`${what}: ${String(e)}`) });
    const big = `Mr. Smith (France): ${"NATO transna- word thejoint 13 December 2016 ".repeat(45000)}\n`;
    const d = { uri: "file:///big.transcript", version: 1, getText: () => big };
    s.diagnostics(d);
    s.semanticTokens(d);
    s.hover(d, { line: 0, character: 1_000_000 });
    const text = readCorpus("seeds", "000_b70b41d151435293.txt");
    fc.assert(
      fc.property(fc.nat(text.length), fc.nat(text.length), (a, b) => {
        const cut = text.slice(Math.min(a, b), Math.max(a, b));
        const doc = { uri: "file:///cut.transcript", version: a * 100000 + b, getText: () => cut };
        s.diagnostics(doc);
        s.safeFixes(doc);
      }),
      { numRuns: 100, seed: 7 },
    );
    assert.deepEqual(failures, []);
  });
});
