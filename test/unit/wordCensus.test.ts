import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { createLanguageService } from "../../server/src/index";
import { AnalysisMemo } from "../../server/src/model/memo";
import type { LineKind } from "../../server/src/model/types";
import {
  censusKeys,
  hyphenationCensus,
  plainCount,
  plainKey,
  wordCensus,
  wordKeys,
} from "../../server/src/model/wordCensus";
import { forEachWord } from "../../server/src/text/words";
import { CORPUS, doc, readCorpus, TEXT_PIECES } from "./helpers";

// The census counts in one walk what the two counts it replaced counted in two: every word (the
// hyphenation's evidence) and the plain words (the fused-word check's), found by the patterns below.
const WORD = /[\p{L}\p{M}\p{N}]+(?:[-'’][\p{L}\p{M}\p{N}]+)*/gu;
const PLAIN = /(?<![\p{L}\p{N}\-'’])\p{L}\p{Ll}*(?:\p{Lu}\p{Ll}+)?(?![\p{L}\p{N}\-'’])/gu;

/** The census as the patterns give it, line by line, and the plain words written once with their offsets. */
function expected(text: string, counted: (i: number) => boolean) {
  const counts = new Map<string, number>();
  const add = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  const plain: { at: number; word: string }[] = [];
  let start = 0;
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    if (counted(i)) {
      for (const m of line.matchAll(WORD)) {
        const w = m[0].toLowerCase();
        add(w);
        if (w.includes("-")) for (const part of w.split("-")) add(part);
      }
      for (const m of line.matchAll(PLAIN)) {
        add(plainKey(m[0].toLowerCase()));
        plain.push({ at: start + (m.index ?? 0), word: m[0] });
      }
    }
    start += line.length + (text.startsWith("\r\n", start + line.length) ? 2 : 1);
  });
  return { counts, once: plain.filter((p) => counts.get(plainKey(p.word.toLowerCase())) === 1) };
}

function census(text: string, kinds: LineKind[]) {
  const memo = new AnalysisMemo(true);
  const lines = memo.nextVersion(text);
  return wordCensus(memo, kinds, lines);
}

const sorted = (m: ReadonlyMap<string, number>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

const PIECES = TEXT_PIECES;

describe("the word census", () => {
  it("counts every word and every plain word as the patterns find them, and finds those written once (property)", () => {
    fc.assert(
      fc.property(fc.array(PIECES, { maxLength: 80 }), fc.array(fc.boolean(), { maxLength: 40 }), (pieces, skip) => {
        const text = pieces.join("");
        const n = text.split(/\r\n|\r|\n/).length;
        const kinds: LineKind[] = Array.from({ length: n }, (_, i) => (skip[i] ? "blank" : i % 3 ? "text" : "header"));
        const got = census(text, kinds);
        const want = expected(text, (i) => kinds[i] !== "blank");
        assert.deepEqual(sorted(got.counts), sorted(want.counts));
        assert.deepEqual(got.once, want.once);
      }),
      { numRuns: 2000 },
    );
  });

  it("counts for the hyphens alone every word the census counts, and no plain word (property)", () => {
    fc.assert(
      fc.property(fc.array(PIECES, { maxLength: 80 }), fc.array(fc.boolean(), { maxLength: 40 }), (pieces, skip) => {
        const text = pieces.join("");
        const n = text.split(/\r\n|\r|\n/).length;
        const kinds: LineKind[] = Array.from({ length: n }, (_, i) => (skip[i] ? "blank" : i % 3 ? "text" : "header"));
        const memo = new AnalysisMemo(true);
        const lines = memo.nextVersion(text);
        const words = [...census(text, kinds).counts].filter(([k]) => !k.startsWith(plainKey("")));
        assert.deepEqual(sorted(hyphenationCensus(memo, kinds, lines)), sorted(new Map(words)));
      }),
      { numRuns: 2000 },
    );
  });

  it("gives each line's words as the fresh count counts them (the keys an edit corrects by)", () => {
    fc.assert(
      fc.property(fc.array(PIECES, { maxLength: 40 }), (pieces) => {
        const line = pieces.join("").replace(/[\r\n]/g, " ");
        const fresh = census(line, ["text"]).counts;
        const summed = new Map<string, number>();
        for (const k of censusKeys(line)) summed.set(k, (summed.get(k) ?? 0) + 1);
        assert.deepEqual(sorted(fresh), sorted(summed));
      }),
      { numRuns: 1000 },
    );
  });

  it("counts the corpus as the patterns do", () => {
    for (const dir of ["ungdc", "seeds"]) {
      for (const f of readdirSync(join(CORPUS, dir)).filter((f) => f.endsWith(".txt"))) {
        const text = readCorpus(dir, f);
        const kinds: LineKind[] = text.split(/\r\n|\r|\n/).map((l) => (l.trim() ? "text" : "blank"));
        const got = census(text, kinds);
        const want = expected(text, (i) => kinds[i] === "text");
        assert.deepEqual(sorted(got.counts), sorted(want.counts), f);
        assert.deepEqual(got.once, want.once, f);
      }
    }
  });

  it("reads the plain words apart from the other words", () => {
    const got = census("Co-operation and cooperation, co-operation.\nthejoint Thejoint", ["text", "text"]);
    assert.equal(got.counts.get("co-operation"), 2);
    assert.equal(got.counts.get("operation"), 2);
    assert.equal(plainCount(got, "cooperation"), 1);
    assert.equal(plainCount(got, "operation"), 0);
    assert.equal(plainCount(got, "thejoint"), 2);
    assert.deepEqual(got.once, [
      { at: 13, word: "and" },
      { at: 17, word: "cooperation" },
    ]);
    assert.deepEqual(wordKeys("Co-op"), ["co-op", "co", "op"]);
  });

  it("tokenises a part of a string as the part alone, at the string's offsets", () => {
    const s = "one two-three\nfour";
    const found: [number, number][] = [];
    forEachWord(s, (a, b) => found.push([a, b]), 4, 13);
    assert.deepEqual(found, [[4, 13]]);
  });
});

describe("the fused-word check, analysed once or for an editor", () => {
  it("finds the same words either way, on the corpus and on words run together", () => {
    const once = createLanguageService({ oneShot: true });
    const editor = createLanguageService();
    const texts = [
      ...readdirSync(join(CORPUS, "ungdc"))
        .filter((f) => f.endsWith(".txt"))
        .slice(0, 30)
        .map((f) => readCorpus("ungdc", f)),
      "We welcome thejoint statement ofthe Group and theUnited Nations, and their work.\nIt is Unionto act.\n",
    ];
    let fused = 0;
    texts.forEach((text, k) => {
      const a = once.diagnostics(doc(text, `file:///corpus/${k}.txt`)).diagnostics;
      const b = editor.diagnostics(doc(text, `file:///corpus/${k}.txt`)).diagnostics;
      assert.deepEqual(a, b);
      fused += a.filter((d) => d.code === "fused-words").length;
    });
    assert.ok(fused >= 3, `${fused} fused words`);
  });
});
