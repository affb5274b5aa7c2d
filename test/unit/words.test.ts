import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { SpellingTable } from "../../server/src/text/spellings";
import {
  asciiClass,
  classify,
  countReaderWords,
  forEachCapitalised,
  forEachLetterRun,
  forEachPlainWord,
  forEachWord,
  isSpace,
  maybeAcronym,
} from "../../server/src/text/words";
import { CORPUS, readCorpus, TEXT_PIECES } from "./helpers";

// The hand-written tokenisers must find exactly what the Unicode patterns they replace find.
const WORD = /[\p{L}\p{M}\p{N}]+(?:[-'’][\p{L}\p{M}\p{N}]+)*/gu;
const CAPITALISED = /(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{N}]*(?:[-+&][\p{L}\p{N}]+)*/gu;
const MAYBE_ACRONYM = /\p{Lu}[-+&]?[\p{Lu}\p{N}]|\p{Lu}\p{Ll}\p{Lu}/u;
const READER = /[^\s\p{L}\p{N}]*[\p{L}\p{N}]\S*/gu;
const LETTERS = /\p{L}+/gu;
const PLAIN = /(?<![\p{L}\p{N}\-'’])\p{L}\p{Ll}*(?:\p{Lu}\p{Ll}+)?(?![\p{L}\p{N}\-'’])/gu;

const byPattern = (s: string, re: RegExp) => [...s.matchAll(re)].map((m) => [m.index, (m.index ?? 0) + m[0].length]);
function byTokeniser(s: string, each: typeof forEachWord): number[][] {
  const out: number[][] = [];
  each(s, (a, b) => out.push([a, b]));
  return out;
}

const PIECES = TEXT_PIECES;

describe("word tokenisers", () => {
  it("class ASCII as the Unicode patterns do, each of its 128 characters", () => {
    for (let c = 0; c < 0x80; c++)
      assert.equal(asciiClass(c), classify(String.fromCharCode(c)), `U+${c.toString(16).padStart(4, "0")}`);
  });

  it("take white space as a regular expression's \\s does, every UTF-16 code unit", () => {
    for (let c = 0; c <= 0xffff; c++)
      assert.equal(isSpace(c), /\s/.test(String.fromCharCode(c)), `U+${c.toString(16).padStart(4, "0")}`);
  });

  it("find what the patterns find on random text (property)", () => {
    fc.assert(
      fc.property(fc.array(PIECES, { maxLength: 40 }), (pieces) => {
        const s = pieces.join("");
        assert.deepEqual(byTokeniser(s, forEachWord), byPattern(s, WORD));
        assert.deepEqual(byTokeniser(s, forEachPlainWord), byPattern(s, PLAIN));
        assert.deepEqual(byTokeniser(s, forEachCapitalised), byPattern(s, CAPITALISED));
        assert.deepEqual(byTokeniser(s, forEachLetterRun), byPattern(s, LETTERS));
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
      assert.deepEqual(byTokeniser(s, forEachLetterRun), byPattern(s, LETTERS), f);
      for (const line of s.split("\n")) assert.equal(maybeAcronym(line), MAYBE_ACRONYM.test(line), line);
      assert.equal(countReaderWords(s), [...s.matchAll(READER)].length, f);
    }
  });
});

describe("the spelling table", () => {
  it("counts what a Map keyed by the cut strings counts, in the same order (property)", () => {
    fc.assert(
      fc.property(fc.array(PIECES, { maxLength: 60 }), (pieces) => {
        const s = pieces.join("");
        const table = new SpellingTable(() => ({ n: 0 }));
        const map = new Map<string, number>();
        forEachWord(s, (a, b) => {
          table.get(s, a, b).n++;
          map.set(s.slice(a, b), (map.get(s.slice(a, b)) ?? 0) + 1);
        });
        assert.deepEqual(
          table.spellings.map((w, k) => [w, table.entries[k].n]),
          [...map],
        );
      }),
      { numRuns: 1000 },
    );
  });

  it("counts every word of the corpus as a Map does, through its growth", () => {
    const table = new SpellingTable(() => ({ n: 0 }));
    const map = new Map<string, number>();
    for (const f of readdirSync(join(CORPUS, "ungdc")).filter((f) => f.endsWith(".txt"))) {
      const s = readCorpus("ungdc", f);
      forEachWord(s, (a, b) => {
        table.get(s, a, b).n++;
        map.set(s.slice(a, b), (map.get(s.slice(a, b)) ?? 0) + 1);
      });
    }
    assert.ok(table.size > 10_000, `${table.size} spellings`);
    assert.deepEqual(
      table.spellings.map((w, k) => [w, table.entries[k].n]),
      [...map],
    );
  });
});
