import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  countReaderWords,
  forEachCapitalised,
  forEachPlainWord,
  forEachWord,
  maybeAcronym,
} from "../../server/src/text/words";
import { CORPUS, readCorpus } from "./helpers";

// The hand-written tokenisers must find exactly what the Unicode patterns they replace find.
const WORD = /[\p{L}\p{M}\p{N}]+(?:[-'’][\p{L}\p{M}\p{N}]+)*/gu;
const CAPITALISED = /(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{N}]*(?:[-+&][\p{L}\p{N}]+)*/gu;
const MAYBE_ACRONYM = /\p{Lu}[-+&]?[\p{Lu}\p{N}]|\p{Lu}\p{Ll}\p{Lu}/u;
const READER = /[^\s\p{L}\p{N}]*[\p{L}\p{N}]\S*/gu;
const PLAIN = /(?<![\p{L}\p{N}\-'’])\p{L}\p{Ll}*(?:\p{Lu}\p{Ll}+)?(?![\p{L}\p{N}\-'’])/gu;

const byPattern = (s: string, re: RegExp) => [...s.matchAll(re)].map((m) => [m.index, (m.index ?? 0) + m[0].length]);
function byTokeniser(s: string, each: typeof forEachWord): number[][] {
  const out: number[][] = [];
  each(s, (a, b) => out.push([a, b]));
  return out;
}

const PIECES = fc.constantFrom(
  "a",
  "Z",
  "é",
  "e\u0301",
  "É",
  "ǅ",
  "ß",
  "中",
  "𝐀",
  "𝐚",
  "\uD800",
  "\uDC00",
  "1",
  "٣",
  "½",
  "-",
  "--",
  "'",
  "’",
  " ",
  "\t",
  "\n",
  ".",
  ",",
  "(",
  "the",
  "joint",
  "United",
  "theUnited",
  "ABC",
  "x-y",
  "+",
  "&",
  "FfD",
  "G-8",
);

describe("word tokenisers", () => {
  it("find what the patterns find on random text (property)", () => {
    fc.assert(
      fc.property(fc.array(PIECES, { maxLength: 40 }), (pieces) => {
        const s = pieces.join("");
        assert.deepEqual(byTokeniser(s, forEachWord), byPattern(s, WORD));
        assert.deepEqual(byTokeniser(s, forEachPlainWord), byPattern(s, PLAIN));
        assert.deepEqual(byTokeniser(s, forEachCapitalised), byPattern(s, CAPITALISED));
        assert.equal(maybeAcronym(s), MAYBE_ACRONYM.test(s), JSON.stringify(s));
        assert.equal(countReaderWords(s), [...s.matchAll(READER)].length, JSON.stringify(s));
      }),
      { numRuns: 2000 },
    );
  });

  it("find what the patterns find on every corpus file", () => {
    const files = readdirSync(join(CORPUS, "ungdc")).filter((f) => f.endsWith(".txt"));
    assert.ok(files.length > 90);
    for (const f of files) {
      const s = readCorpus("ungdc", f);
      assert.deepEqual(byTokeniser(s, forEachWord), byPattern(s, WORD), f);
      assert.deepEqual(byTokeniser(s, forEachPlainWord), byPattern(s, PLAIN), f);
      assert.deepEqual(byTokeniser(s, forEachCapitalised), byPattern(s, CAPITALISED), f);
      for (const line of s.split("\n")) assert.equal(maybeAcronym(line), MAYBE_ACRONYM.test(line), line);
      assert.equal(countReaderWords(s), [...s.matchAll(READER)].length, f);
    }
  });
});
