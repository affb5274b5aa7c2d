import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { alignText, type ImportedRecord, importPdf, TextLink } from "../../server/src/pdf";
import { SC2020 } from "../corpus/records";

// A transcript linked to its PDF follows the text's edits by aligning again only where the text
// changed (issue 27: each cursor move after an edit re-aligned the whole text, an object per word).
// After each edit the link gives what a fresh alignment of the whole text gives.

let record: Promise<ImportedRecord> | undefined;
const imported = () => {
  record ??= importPdf(readFileSync(join(SC2020, "S_PV.8700.pdf"))).then((r) => {
    assert.ok(r.ok);
    return r;
  });
  return record;
};

/** Edits as a user makes them: [what, the text before → after]. */
const EDITS: [string, (t: string) => string][] = [
  ["a word changed", (t) => t.replace("consideration", "considerations")],
  ["a word typed into", (t) => t.replace("Council", "Councxil")],
  [
    "a paragraph added",
    (t) => t.replace("\n\nAdoption of the agenda\n", "\n\nA paragraph the editor added.\n\nAdoption of the agenda\n"),
  ],
  ["a sentence deleted", (t) => t.replace(/The agenda was adopted\.\n?/, "")],
  ["a line split", (t) => t.replace("Millions of Syrians continue", "Millions of Syrians\ncontinue")],
  ["a space typed between two words", (t) => t.replace("the Council", "the  Council")],
  ["two words joined", (t) => t.replace("of the", "ofthe")],
  ["text added at the start", (t) => `Draft.\n\n${t}`],
  ["text added at the end", (t) => `${t}\nEnd of the draft.\n`],
  ["the first line removed", (t) => t.slice(t.indexOf("\n") + 1)],
  [
    "a paragraph moved",
    (t) => {
      const paragraphs = t.split("\n\n");
      const [moved] = paragraphs.splice(5, 1);
      paragraphs.splice(12, 0, moved);
      return paragraphs.join("\n\n");
    },
  ],
];

describe("a transcript linked to its PDF, through edits", () => {
  it("gives after each edit what a fresh alignment of the whole text gives (but for a repeated word's choice)", async () => {
    const r = await imported();
    let text = r.text;
    const link = new TextLink(r.source, text);
    assert.equal(link.matched, link.words);
    for (const [what, edit] of EDITS) {
      const next = edit(text);
      assert.notEqual(next, text, what);
      text = next;
      link.update(text);
      const fresh = alignText(text, r.source);
      assert.equal(link.words, fresh.words, what);
      assert.ok(
        Math.abs(link.matched - fresh.matched) <= 1,
        `${what}: ${link.matched} matched, ${fresh.matched} afresh`,
      );
      const mine = link.toSource();
      // The same words at the same places; the same boxes but where a word repeated next to the
      // change could take either's (a fresh diff may even take the worse: `The agenda was
      // adopted.` deleted, it gives the `The` of `The situation` the deleted one's box).
      assert.deepEqual(
        mine.words.map((w) => [w.line, w.start, w.end]),
        fresh.source.words.map((w) => [w.line, w.start, w.end]),
        what,
      );
      const differ = mine.words.filter(
        (w, k) => JSON.stringify(w.boxes) !== JSON.stringify(fresh.source.words[k].boxes),
      );
      assert.ok(differ.length <= 2, `${what}: ${JSON.stringify(differ)}`);
    }
  });

  it("answers locate and pick from the text as edited", async () => {
    const r = await imported();
    const link = new TextLink(r.source, r.text);
    const line = r.text.split("\n").findIndex((l) => l.startsWith("The President:"));
    const before = link.boxesOfLine(line);
    assert.ok(before.length > 2);
    link.update(`A note.\n\n${r.text}`);
    assert.deepEqual(link.boxesOfLine(line + 2), before);
    assert.equal(link.pageOfLine(line + 2), before[0].page);
    const b = before[1];
    assert.deepEqual(link.wordAt(b.page, b.x + b.width / 2, b.y + b.height / 2), {
      line: line + 2,
      character: "The ".length,
    });
    assert.equal(link.pageOfLine(0), undefined);
  });

  it("links a 10 MB transcript (the record thirty-odd times) and follows an edit in its middle", async () => {
    const r = await imported();
    let text = r.text;
    while (text.length < 10 * 1024 * 1024) text += r.text;
    const link = new TextLink(r.source, text);
    // The first copy is found; the others, the same words again, are anchored nowhere.
    assert.equal(link.matched, r.source.words.length);
    const mid = text.indexOf("\n", text.length / 2) + 1;
    link.update(`${text.slice(0, mid)}An inserted paragraph.\n\n${text.slice(mid)}`);
    assert.equal(link.matched, r.source.words.length);
    assert.equal(link.words, alignText(r.text, r.source).words * Math.ceil((10 * 1024 * 1024) / r.text.length) + 3);
  });
});

describe("a linked transcript through random edits (property)", () => {
  it("keeps its words where a fresh reading of the text puts them, and about as many matched", async () => {
    const fc = (await import("fast-check")).default;
    const r = await imported();
    const base = r.text.slice(0, 20_000);
    const piece = fc.constantFrom("", " ", "\n", "\n\n", "the ", "Council", "x", "Secretary-General ", "—", "é ");
    const edit = fc.record({ at: fc.nat(), length: fc.nat({ max: 40 }), text: piece });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        let text = base;
        const link = new TextLink(r.source, text);
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.text + text.slice(at + e.length);
          link.update(text);
          const fresh = alignText(text, r.source);
          const mine = link.toSource();
          assert.deepEqual(
            mine.words.map((w) => [w.line, w.start, w.end]),
            fresh.source.words.map((w) => [w.line, w.start, w.end]),
          );
          assert.ok(Math.abs(link.matched - fresh.matched) <= 3, `${link.matched} vs ${fresh.matched}`);
        }
      }),
      { numRuns: 60, seed: 27 },
    );
  });
});
