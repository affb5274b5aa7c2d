import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { AnalysisMemo, type CensusOf, type IntRows, memoKey } from "../../server/src/model/memo";
import { KINDS_BY_CODE, kindCodes } from "../../server/src/model/parse/state";
import type { LineIndex } from "../../server/src/text/lineIndex";
import { doc, readCorpus, service } from "./helpers";
import { propertyRuns } from "./propertyRuns";

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
      propertyRuns(200),
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

describe("an edit's extent told by the editor (EditedFrom)", () => {
  it("finds the lines the edit changed as a comparison of the whole texts does, whatever the bounds and their text (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.nat(40), EDIT_PIECE, fc.nat(3), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 1,
          maxLength: 12,
        }),
        (edits) => {
          const whole = new AnalysisMemo();
          const told = new AnalysisMemo();
          let text = BASE;
          whole.nextVersion(text);
          told.nextVersion(text);
          for (const [at, cut, piece, how, part] of edits) {
            const start = at % (text.length + 1);
            const end = Math.min(text.length, start + cut);
            const before = text;
            text = text.slice(0, start) + piece + text.slice(end);
            // 0: the edit's own bounds; 1: smaller ones; 2: its own, said of an equal copy of the text;
            // 3: bounds too large, said of another text, which must be ignored.
            const prefix = how === 1 ? Math.floor(start * part) : how === 3 ? before.length : start;
            const suffix =
              how === 1 ? Math.floor((before.length - end) * part) : how === 3 ? before.length : before.length - end;
            const from = how === 2 ? [...before].join("") : how === 3 ? `${before}.` : before;
            const expected = whole.nextVersion(text);
            const index = told.nextVersion(text, { from, prefix, suffix });
            assert.deepEqual(told.edited(), whole.edited());
            assert.deepEqual([...index.starts], [...expected.starts]);
            assert.deepEqual([...index.ends], [...expected.ends]);
            assert.deepEqual(told.linesHolding(FEEDS, "\f"), whole.linesHolding(FEEDS, "\f"));
          }
        },
      ),
      propertyRuns(300),
    );
  });
});

const ROWS = memoKey<IntRows>("test-int-rows");
/** Two integers a line, from its text alone: its length, and the code of its last UTF-16 unit. */
const rowOf = (line: string, values: Int32Array, at: number) => {
  values[at] = line.length;
  values[at + 1] = line.length ? line.charCodeAt(line.length - 1) : -1;
};
const EDIT_PIECE = fc.constantFrom(
  "\n",
  "\r\n",
  "é",
  "e\u0301",
  "𝔘",
  "word",
  "",
  "\n\n\n",
  "a\nb\nc\nd\ne\nf\ng\nh\n",
  "Ü\n𝕍\n",
);

describe("tables of integers follow the edits", () => {
  it("hold each line's row after random edits: inside, before and after lines, joins and splits (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.nat(30), EDIT_PIECE, fc.boolean()), { minLength: 1, maxLength: 14 }),
        (edits) => {
          const memo = new AnalysisMemo();
          let text = BASE.slice(0, 600);
          let index = memo.nextVersion(text);
          memo.ints(ROWS, 2, (i) => index.line(i), rowOf);
          for (const [at, cut, piece, read] of edits) {
            const start = at % (text.length + 1);
            text = text.slice(0, start) + piece + text.slice(Math.min(text.length, start + cut));
            index = memo.nextVersion(text);
            const current = index;
            const rows = memo.ints(ROWS, 2, (i) => current.line(i), rowOf);
            // A version whose rows are not all read: those of lines never asked stay unknown.
            if (!read) continue;
            for (let i = 0; i < index.lineCount; i++) {
              const r = rows.row(i);
              const line = index.line(i);
              assert.deepEqual(
                [rows.values[r], rows.values[r + 1]],
                [line.length, line.length ? line.charCodeAt(line.length - 1) : -1],
                `line ${i} of ${JSON.stringify(text)}`,
              );
            }
          }
        },
      ),
      propertyRuns(300),
    );
  });

  it("computes only the lines an edit changed, however many lines it adds past the table's room", () => {
    const memo = new AnalysisMemo();
    let text = Array.from({ length: 5000 }, (_, i) => `line ${i}`).join("\n");
    let index = memo.nextVersion(text);
    let computed = 0;
    const compute = (line: string, values: Int32Array, at: number) => {
      computed++;
      rowOf(line, values, at);
    };
    let rows = memo.ints(ROWS, 2, (i) => index.line(i), compute);
    for (let i = 0; i < index.lineCount; i++) rows.row(i);
    assert.equal(computed, 5000);
    // 2,000 lines pasted in the middle: more than the first version's table holds.
    const at = text.indexOf("line 2500");
    text = `${text.slice(0, at)}${"pasted\n".repeat(2000)}${text.slice(at)}`;
    index = memo.nextVersion(text);
    computed = 0;
    rows = memo.ints(ROWS, 2, (i) => index.line(i), compute);
    for (let i = 0; i < index.lineCount; i++) {
      const r = rows.row(i);
      assert.equal(rows.values[r], index.line(i).length);
    }
    assert.equal(computed, 2001);
    // The same lines removed again: the table is shorter, and the rows past its end forgotten.
    text = text.replace("pasted\n".repeat(2000), "");
    index = memo.nextVersion(text);
    computed = 0;
    rows = memo.ints(ROWS, 2, (i) => index.line(i), compute);
    for (let i = 0; i < index.lineCount; i++) rows.row(i);
    assert.equal(computed, 1);
    text = `${text}\nx\nyy\nzzz`;
    index = memo.nextVersion(text);
    computed = 0;
    rows = memo.ints(ROWS, 2, (i) => index.line(i), compute);
    for (let i = 0; i < index.lineCount; i++) assert.equal(rows.values[rows.row(i)], index.line(i).length);
    assert.equal(computed, 4);
  });
});

describe("line kinds kept as codes", () => {
  it("read back as the kinds of real records of every era, each kind its own code", () => {
    const seen = new Set<string>();
    for (const [name, text] of [
      ["A_48_PV.46", readCorpus("eras", "text", "pdfjs", "A_48_PV.46.txt")],
      ["S_PV.8422", readCorpus("eras", "text", "raw", "S_PV.8422.txt")],
      ["A_64_PV.121", readCorpus("eras", "text", "layout", "A_64_PV.121.txt")],
    ]) {
      const kinds = service().model(doc(text, `file:///${name}.txt`)).lineKinds;
      const codes = kindCodes(kinds);
      assert.deepEqual(
        Array.from(codes, (c) => KINDS_BY_CODE[c]),
        kinds,
        name,
      );
      for (const k of kinds) seen.add(k);
    }
    // Every kind a record gives, and the codes one to one.
    assert.ok(seen.size >= 6, [...seen].join(" "));
    assert.equal(new Set(KINDS_BY_CODE).size, KINDS_BY_CODE.length);
    assert.deepEqual(
      Array.from(kindCodes(KINDS_BY_CODE)),
      KINDS_BY_CODE.map((_, i) => i),
    );
  });
});

const RESULTS = memoKey<string | null>("test-line-results");
/** A result of a line's text alone: null for most lines (a run of one value), else a string. */
const resultOf = (line: string) => (line.includes("e") ? `${line.length}:${line.slice(0, 3)}` : null);

describe("per-line results follow the edits, pooled", () => {
  it("give each line's result after random edits, whichever lines each version reads (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.nat(30), EDIT_PIECE, fc.boolean()), { minLength: 1, maxLength: 14 }),
        (edits) => {
          const memo = new AnalysisMemo();
          let text = BASE.slice(0, 600);
          const first = memo.nextVersion(text);
          memo.lines(RESULTS, (i) => first.line(i), resultOf);
          for (const [at, cut, piece, read] of edits) {
            const start = at % (text.length + 1);
            text = text.slice(0, start) + piece + text.slice(Math.min(text.length, start + cut));
            const index = memo.nextVersion(text);
            const results = memo.lines(RESULTS, (i) => index.line(i), resultOf);
            // Every other line only, in some versions: the others stay not computed.
            for (let i = read ? 0 : 1; i < index.lineCount; i += read ? 1 : 2)
              assert.equal(results(i), resultOf(index.line(i)), `line ${i} of ${JSON.stringify(text)}`);
          }
        },
      ),
      propertyRuns(300),
    );
  });

  it("keep the results still named when the pool is compacted, after thousands of replaced lines", () => {
    const memo = new AnalysisMemo();
    let text = Array.from({ length: 3000 }, (_, i) => (i % 3 ? `line ${i}` : `entry ${i}`)).join("\n");
    let index = memo.nextVersion(text);
    let computed = 0;
    const compute = (line: string) => {
      computed++;
      return resultOf(line);
    };
    let results = memo.lines(RESULTS, (i) => index.line(i), compute);
    for (let i = 0; i < index.lineCount; i++) results(i);
    // Each version replaces 1,000 lines (a third of the record pasted over): the pool is compacted
    // on the way, and every line's result is its own after each version.
    for (let round = 0; round < 8; round++) {
      const lines = text.split("\n");
      const from = (round * 700) % 2000;
      for (let k = from; k < from + 1000; k++) lines[k] = `${round % 2 ? "pasted" : "typed"} ${k} ${round}`;
      text = lines.join("\n");
      index = memo.nextVersion(text);
      computed = 0;
      results = memo.lines(RESULTS, (i) => index.line(i), compute);
      for (let i = 0; i < index.lineCount; i++) assert.equal(results(i), resultOf(index.line(i)), `line ${i}`);
      assert.ok(computed <= 1001, `${computed} lines computed`);
    }
  });
});

const COUNTED = memoKey<CensusOf<undefined>>("test-census-by-kind");
const KINDS = ["text", "blank", "header", "furniture"] as const;

describe("word counts follow the edits and the lines' kinds", () => {
  /** The words of the lines whose kind counts, each line cut out and split: what `census` must give. */
  const counted = (kind: string) => kind === "text" || kind === "header";
  const words = (line: string) => line.split(/\s+/).filter(Boolean);
  const freshCounts = (index: LineIndex, kinds: readonly string[]) => {
    const counts = new Map<string, number>();
    for (let i = 0; i < index.lineCount; i++)
      if (counted(kinds[i])) for (const w of words(index.line(i))) counts.set(w, (counts.get(w) ?? 0) + 1);
    return [...counts].sort();
  };
  it("equal a count of every line after random edits, kinds changed before, inside and after them (property)", () => {
    let askedOutside = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.nat(), fc.nat(30), EDIT_PIECE, fc.array(fc.tuple(fc.nat(), fc.nat(3)), { maxLength: 4 })),
          {
            minLength: 1,
            maxLength: 12,
          },
        ),
        (edits) => {
          const memo = new AnalysisMemo();
          let text = BASE.slice(0, 700);
          let index = memo.nextVersion(text);
          // A new array of kinds each version, as the parser makes; lines' kinds change anywhere.
          let kinds: string[] = Array.from({ length: index.lineCount }, (_, i) => KINDS[i % 3]);
          const count = () => {
            const k = kinds;
            const at = index;
            return memo.census(
              COUNTED,
              (i) => counted(k[i]),
              (i) => at.line(i),
              words,
              (flags) => {
                const counts = new Map<string, number>();
                for (let i = 0; i < flags.length; i++)
                  if (flags[i]) for (const w of words(at.line(i))) counts.set(w, (counts.get(w) ?? 0) + 1);
                return { counts, extra: undefined };
              },
              k,
            ).counts;
          };
          assert.deepEqual([...count()].sort(), freshCounts(index, kinds));
          for (const [at, cut, piece, changes] of edits) {
            const start = at % (text.length + 1);
            text = text.slice(0, start) + piece + text.slice(Math.min(text.length, start + cut));
            const before = kinds;
            const edit = memo.nextVersion(text);
            index = edit;
            const e = memo.edited();
            assert.ok(e);
            kinds = Array.from({ length: index.lineCount }, (_, i) =>
              i < e.head ? before[i] : i >= e.tail ? before[i - e.shift] : KINDS[(i + start) % 4],
            );
            for (const [line, kind] of changes) {
              const i = line % index.lineCount;
              if (i < e.head || i >= e.tail) askedOutside++;
              kinds[i] = KINDS[kind];
            }
            assert.deepEqual([...count()].sort(), freshCounts(index, kinds), JSON.stringify(text));
          }
        },
      ),
      propertyRuns(300),
    );
    assert.ok(askedOutside > 100, `${askedOutside} kinds changed outside an edit`);
  });
});

const WINDOWS = memoKey<string>("test-windows");
const DECISIONS = memoKey<readonly unknown[]>("test-decisions");

describe("results over a window of lines follow the edits and the lines' declared values", () => {
  it("taken over where the lines read and their values are unchanged, read again where a value came, went or changed", () => {
    const text = (first: string) => [first, "b", "c-", "d", "e", "f", "g", "h"].join("\n");
    const memo = new AnalysisMemo();
    /** Line 4's result, read from lines 2…5, placed at its line; and whether it was computed. */
    const ask = (version: string, lines: number[], values: string[]) => {
      memo.nextVersion(text(version));
      memo.sparseContext(DECISIONS, lines, values);
      let computed = false;
      const value = memo.window(
        WINDOWS,
        4,
        () => {
          computed = true;
          return { value: `read ${version}`, first: 2, last: 5 };
        },
        (v) => `${v} at 4`,
      );
      return { value, computed };
    };
    assert.deepEqual(ask("a", [2], ["join"]), { value: "read a at 4", computed: true });
    // An edit of line 0, the value of line 2 as it was: the previous version's placed result.
    assert.deepEqual(ask("x", [2], ["join"]), { value: "read a at 4", computed: false });
    // Line 2's value changed, then went, then came again; a value on a line not read changes nothing.
    assert.deepEqual(ask("y", [2], ["keep"]), { value: "read y at 4", computed: true });
    assert.deepEqual(ask("z", [], []), { value: "read z at 4", computed: true });
    assert.deepEqual(ask("w", [2], ["keep"]), { value: "read w at 4", computed: true });
    assert.deepEqual(ask("v", [2, 7], ["keep", "join"]), { value: "read w at 4", computed: false });
    assert.deepEqual(ask("u", [2], ["keep"]), { value: "read w at 4", computed: false });
  });
});
