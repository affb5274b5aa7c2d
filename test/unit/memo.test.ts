import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { AnalysisMemo, memoKey } from "../../server/src/model/memo";
import { readCorpus } from "./helpers";

const FEEDS = memoKey<readonly number[]>("test-feed-lines");
const SPACED = memoKey<readonly number[]>("test-spaced-lines");

/** The lines holding `needle`, each line cut out and searched: what `linesHolding` must give. */
function fresh(text: string, needle: string, memo = new AnalysisMemo()): number[] {
  const index = memo.nextVersion(text);
  const out: number[] = [];
  for (let i = 0; i < index.lineCount; i++) if (index.line(i).includes(needle)) out.push(i);
  return out;
}

const BASE = readCorpus("seeds", "002_68e17840d4f4b104.txt").slice(0, 3000);
const PIECE = fc.constantFrom("\f", "  ", " ", "\n", "\r\n", "\r", "\f\n", "word", "", "\n\n", " \f ");

describe("lines holding a string follow the edits", () => {
  it("equal a search of every line after random edits, form feeds and double spaces", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(40), PIECE), { minLength: 1, maxLength: 12 }), (edits) => {
        const memo = new AnalysisMemo();
        let text = BASE;
        memo.nextVersion(text);
        memo.linesHolding(FEEDS, "\f");
        memo.linesHolding(SPACED, "  ");
        for (const [at, cut, piece] of edits) {
          const start = at % (text.length + 1);
          text = text.slice(0, start) + piece + text.slice(Math.min(text.length, start + cut));
          memo.nextVersion(text);
          assert.deepEqual(memo.linesHolding(FEEDS, "\f"), fresh(text, "\f"));
          assert.deepEqual(memo.linesHolding(SPACED, "  "), fresh(text, "  "));
        }
      }),
      { numRuns: 200 },
    );
  });

  it("finds a form feed the edit types into a line, and forgets one it deletes", () => {
    const memo = new AnalysisMemo();
    memo.nextVersion("a\nb\nc\n\fd\n");
    assert.deepEqual(memo.linesHolding(FEEDS, "\f"), [3]);
    memo.nextVersion("a\n\fb\nc\nd\n");
    assert.deepEqual(memo.linesHolding(FEEDS, "\f"), [1]);
  });
});
