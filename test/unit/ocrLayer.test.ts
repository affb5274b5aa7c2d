// The judge of a PDF's text layer (server/src/pdf/ocr/layer.ts), which every text import runs:
// its words, garbage and lexicon share, read from character codes for a token in ASCII and by the
// patterns for any other, the same on real records as the patterns alone.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { lexiconFor } from "../../server/src/lexicon/lexicon";
import { readPdf } from "../../server/src/pdf";
import { judgeLayer, scoreText, tokensOf } from "../../server/src/pdf/ocr/layer";
import { ERAS_RECORDS, RECORDS, recordPdf } from "../corpus/records";

/** The score by the module's patterns alone, token by token (what the ASCII reading must match). */
function byPatterns(text: string): { words: number; garbage: number; lexicon?: number } {
  const tokens = tokensOf(text);
  let words = 0;
  let garbage = 0;
  for (const t of tokens) {
    if (/\p{L}/u.test(t)) words++;
    if (
      /[{}[\]|<>\\^~¢¤§@*_=+`¦]/u.test(t) ||
      /\p{L}\d\p{L}|\d\p{L}\d/u.test(t) ||
      (/\p{Script=Latin}/u.test(t) && /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{Script=Han}]/u.test(t))
    )
      garbage++;
  }
  const lexicon = lexiconFor(scoreText(text).language);
  const asked = tokens.filter((t) => /^\p{Ll}{3,}$/u.test(t));
  return {
    words,
    garbage: tokens.length ? garbage / tokens.length : 0,
    ...(lexicon && asked.length ? { lexicon: asked.filter((t) => lexicon.has(t)).length / asked.length } : {}),
  };
}

const pick = (s: { words: number; garbage: number; lexicon?: number }) => ({
  words: s.words,
  garbage: s.garbage,
  ...(s.lexicon !== undefined ? { lexicon: s.lexicon } : {}),
});

describe("the text layer's judge", () => {
  it("reads letters, garbage and lower-case words in ASCII as the patterns do", () => {
    const text = "a1b 1a1 x{y plain Word 1st A4 ab_c 2024 the was élan naïve Мир-ok 12b3 b12c (cat) x";
    assert.deepEqual(pick(scoreText(text)), pick(byPatterns(text)));
    const s = scoreText("a1b 1a1 x{y plain Word 2024");
    assert.equal(s.words, 5);
    assert.equal(s.garbage, 3 / 6);
  });

  it("scores records of every era as the patterns do, and finds them usable", async () => {
    const records = [...RECORDS.slice(0, 2).map((r) => recordPdf(r)), ...ERAS_RECORDS.map((r) => recordPdf(r, "eras"))];
    for (const file of records) {
      const bytes = readFileSync(file);
      const pdf = await readPdf(new Uint8Array(bytes));
      const text = pdf.pages.map((p) => p.runs.map((r) => r.text).join(" ")).join("\n");
      assert.deepEqual(pick(scoreText(text)), pick(byPatterns(text)), file);
      if (!file.includes("S_PV.492")) assert.equal(judgeLayer(pdf, bytes).usable, true, file);
    }
  });
});
