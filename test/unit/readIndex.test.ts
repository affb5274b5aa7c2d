// The read index (server/src/readIndex.ts): what the server's second analyst holds of a long
// record in place of a model of its own, made by the analyst that holds the model and handed over
// without a copy. Every read the server answers from it (hover, highlights, definition,
// references, workspace symbols; the offsets and positions of a stale answer) must be the model's
// own answer: compared here at every element the reads describe and at offsets spread over real
// records of each era and language.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  createLanguageService,
  indexBuffers,
  type LanguageService,
  type TextDocumentLike,
  type TranscriptModel,
} from "../../server/src/index";
import { readCorpus, readSample } from "./helpers";

const RECORDS: [string, () => string][] = [
  ["A/48/PV.46 (votes)", () => readCorpus("eras", "text", "plain", "A_48_PV.46.txt")],
  ["S/PV.492", () => readCorpus("eras", "text", "plain", "S_PV.492.txt")],
  ["A/76/PV.102", () => readCorpus("eras", "text", "plain", "A_76_PV.102.txt")],
  ["S/PV.8422", () => readCorpus("eras", "text", "raw", "S_PV.8422.txt")],
  ["S/PV.9001", () => readSample("S_PV.9001.txt")],
  ["S/PV.9001 (fr)", () => readSample("S_PV.9001.fr.txt")],
  ["S/PV.9001 (ru)", () => readSample("S_PV.9001.ru.txt")],
  // A General Debate speech: no cover; the year of its file name is the dates' reference.
  ["AFG_50_1995", () => readCorpus("ungdc", "AFG_50_1995.txt")],
];

/** A service that fails the test on any feature's error (the index must never make one fail). */
function strictService(): LanguageService {
  return createLanguageService({
    onError: (what, error) => {
      throw new Error(`${what} failed: ${String(error)}`);
    },
  });
}

/** Offsets where the reads have something to say, and offsets spread over the whole text. */
function offsetsOf(m: TranscriptModel): number[] {
  const at = new Set<number>();
  const span = (s: { start: number; end: number }) => {
    at.add(s.start);
    at.add((s.start + s.end) >> 1);
    at.add(s.end);
    at.add(Math.max(0, s.start - 1));
  };
  for (const t of m.tokens.acronyms) span(t.span);
  for (const d of m.tokens.acronymDefinitions) span(d.span);
  for (const d of m.tokens.dates) span(d.span);
  for (const r of m.tokens.documentRefs) span(r.span);
  for (const f of m.furniture) span(f.span);
  for (const s of m.speeches) for (const p of s.header.parts) span(p.span);
  for (const v of m.votes) for (const l of v.lists) span(l.label);
  if (m.cover?.symbol) span(m.cover.symbol.span);
  for (let o = 0; o <= m.text.length; o += 97) at.add(o);
  at.add(m.text.length);
  return [...at].sort((a, b) => a - b);
}

describe("a read index answers the reads as the model does", () => {
  for (const [name, read] of RECORDS) {
    it(name, () => {
      const text = read();
      const full = strictService();
      const reader = strictService();
      const doc: TextDocumentLike = {
        uri: `file:///records/${name.replace(/\W+/g, "_")}.txt`,
        version: 7,
        getText: () => text,
      };
      const model = full.model(doc);
      // As a thread receives it: cloned, its buffers transferred (they are gone from the sender).
      const made = full.readIndex(doc);
      const index = structuredClone(made, { transfer: indexBuffers(made) });
      assert.equal(made.parts.byteLength, 0, "the buffers were handed over, not copied");
      const indexed = reader.adoptIndex(index);
      assert.equal(indexed.version, 7);
      const lines = model.lines;
      const readLines = reader.model(indexed).lines;
      let compared = 0;
      let answered = 0;
      for (const offset of offsetsOf(model)) {
        const position = lines.positionAt(offset);
        assert.deepEqual(readLines.positionAt(offset), position, `positionAt(${offset})`);
        assert.equal(readLines.offsetAt(position), lines.offsetAt(position), `offsetAt(${offset})`);
        const hover = full.hover(doc, position);
        assert.deepEqual(reader.hover(indexed, position), hover, `hover at ${offset}`);
        assert.deepEqual(reader.documentHighlights(indexed, position), full.documentHighlights(doc, position));
        assert.deepEqual(reader.definition(indexed, position), full.definition(doc, position));
        for (const declaration of [true, false])
          assert.deepEqual(
            reader.references(indexed, position, declaration),
            full.references(doc, position, declaration),
          );
        compared++;
        if (hover) answered++;
      }
      // Positions past a line's end or the text's: the same refusals.
      const last = lines.lineCount - 1;
      for (const position of [
        { line: last + 1, character: 0 },
        { line: 0, character: 10_000 },
        { line: last, character: lines.ends[last] - lines.starts[last] + 1 },
      ]) {
        assert.deepEqual(reader.hover(indexed, position), full.hover(doc, position));
        assert.equal(readLines.offsetAt(position), lines.offsetAt(position));
      }
      for (const query of ["", "president", "zz"])
        assert.deepEqual(reader.workspaceSymbols(query, [indexed]), full.workspaceSymbols(query, [doc]));
      assert.ok(answered > 20, `${answered} hovers of ${compared} positions: the record has things to describe`);
    });
  }

  it("holds no text: a feature that would read it fails rather than answer otherwise", () => {
    const text = readSample("S_PV.9001.txt");
    const full = strictService();
    const failures: string[] = [];
    const reader = createLanguageService({ onError: (what) => failures.push(what) });
    const doc = { uri: "file:///records/text.txt", version: 1, getText: () => text };
    const indexed = reader.adoptIndex(full.readIndex(doc));
    assert.throws(() => indexed.getText(), /holds no text/);
    assert.deepEqual(reader.documentSymbols(indexed), []);
    assert.deepEqual(failures, ["documentSymbols"]);
    // What no read answered from it needs is left out: paragraphs, line kinds, hyphen breaks.
    const m = reader.model(indexed);
    assert.equal(full.model(doc).paragraphs.length > 0 && m.paragraphs.length === 0, true);
    assert.deepEqual([m.lineKinds.length, m.tokens.hyphenBreaks.length], [0, 0]);
  });

  it("is replaced by the model when the thread analyses the document again", () => {
    const text = readSample("S_PV.9001.txt");
    const full = strictService();
    const reader = strictService();
    const doc = { uri: "file:///records/again.txt", version: 1, getText: () => text };
    reader.adoptIndex(full.readIndex(doc));
    // The index's own version, its text given (the thread that held the model was restarted): parsed.
    assert.deepEqual(reader.diagnostics(doc), strictService().diagnostics(doc));
    reader.adoptIndex(full.readIndex(doc));
    const next = { uri: doc.uri, version: 2, getText: () => `${text}\n` };
    // A whole new version parsed from its text, its diagnostics those of a fresh analysis.
    assert.deepEqual(reader.diagnostics(next), strictService().diagnostics(next));
  });
});
