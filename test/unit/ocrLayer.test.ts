// The judge of a PDF's text layer (server/src/pdf/ocr/layer.ts), which every text import runs:
// its words, garbage and lexicon share, read from character codes for a token in ASCII and by the
// patterns for any other, the same on real records as the patterns alone.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { loadData } from "../../server/src/data";
import { lexiconFor } from "../../server/src/lexicon/lexicon";
import { readPdf } from "../../server/src/pdf";
import { judgeLayer, scoreText, tokensOf } from "../../server/src/pdf/ocr/layer";
import { ERAS_RECORDS, RECORDS, recordPdf } from "../corpus/records";

/** Tokens as the judge first read them: split at white space, outer punctuation replaced away. */
function tokensByPatterns(text: string): string[] {
  return text
    .split(/\s+/)
    .map((t) => t.replace(/^[("'“‘«[]+|[)"'”’»\].,;:!?]+$/gu, ""))
    .filter(Boolean);
}

/** The function words' languages counted by the module's data, token by token in lower case. */
function languagesByPatterns(text: string): { language: string; count: number }[] {
  const words = new Map<string, Set<string>>();
  for (const l of loadData().languages)
    for (const w of [...(l.stopwords ?? []), ...(l.functionWords ?? [])])
      words.set(w.toLowerCase(), (words.get(w.toLowerCase()) ?? new Set()).add(l.language));
  const counts = new Map<string, number>();
  for (const t of tokensByPatterns(text)) {
    const ls = words.get(t.toLowerCase());
    if (ls?.size === 1) for (const l of ls) counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  return [...counts].map(([language, count]) => ({ language, count })).sort((a, b) => b.count - a.count);
}

/** The score by the module's patterns alone, token by token (what the ASCII reading must match). */
function byPatterns(text: string): { words: number; garbage: number; lexicon?: number } {
  const tokens = tokensByPatterns(text);
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

  it("cuts tokens at white space and takes their outer punctuation off as the patterns do", () => {
    const spaces = " \t\n\v\f\r\u00a0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";
    const text = `("Mr. Smith" said: «oui» [sic] ‘x’.)${spaces}'"'${spaces}(a) “Le” .,;:!? ((b)) ("'") U.S.A. l'été 1990s\u200bzero-width 𝐀𝐁,`;
    assert.deepEqual(tokensOf(text), tokensByPatterns(text));
    assert.deepEqual(tokensOf(text).slice(0, 4), ["Mr", "Smith", "said", "oui"]);
    // Every character of the BMP between two letters and at each end of a token.
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      const t = `${ch}a${ch}b${ch} x${ch}${ch}`;
      assert.deepEqual(tokensOf(t), tokensByPatterns(t), `U+${c.toString(16)}`);
    }
  });

  it("scores records of every era as the patterns do, and finds them usable", async () => {
    const records = [...RECORDS.slice(0, 2).map((r) => recordPdf(r)), ...ERAS_RECORDS.map((r) => recordPdf(r, "eras"))];
    for (const file of records) {
      const bytes = readFileSync(file);
      const pdf = await readPdf(new Uint8Array(bytes));
      const text = pdf.pages.map((p) => p.runs.map((r) => r.text).join(" ")).join("\n");
      assert.deepEqual(pick(scoreText(text)), pick(byPatterns(text)), file);
      assert.deepEqual(tokensOf(text), tokensByPatterns(text), file);
      assert.deepEqual(scoreText(text).languages, languagesByPatterns(text), file);
      assert.deepEqual(judgeLayer(pdf).languages, scoreText(text).languages, file);
      if (!file.includes("S_PV.492")) assert.equal(judgeLayer(pdf, bytes).usable, true, file);
    }
  });
});
