import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { applyContentChanges, LineIndex } from "../../server/src/index";

describe("LineIndex: lines split by LSP's rules alone", () => {
  it("ends lines at LF, CRLF and a lone CR", () => {
    const index = new LineIndex("a\nb\r\nc\rd");
    assert.equal(index.lineCount, 4);
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => index.line(i)),
      ["a", "b", "c", "d"],
    );
  });

  it("does not end a line at a form feed, U+2028 or U+2029", () => {
    const index = new LineIndex("page\fbreak\u2028still\u2029one");
    assert.equal(index.lineCount, 1);
  });

  it("counts characters in UTF-16 code units (a non-BMP letter is two)", () => {
    const text = "𝐀é x\nnext";
    const index = new LineIndex(text);
    assert.deepEqual(index.positionAt(text.indexOf("x")), { line: 0, character: 4 });
    assert.equal(index.offsetAt({ line: 0, character: 4 }), 4);
  });

  it("gives a trailing empty line after a final line break", () => {
    assert.equal(new LineIndex("a\n").lineCount, 2);
    assert.equal(new LineIndex("").lineCount, 1);
  });

  it("clamps out-of-range positions into the document", () => {
    const index = new LineIndex("ab\r\ncd");
    assert.equal(index.offsetAt({ line: 0, character: 99 }), 2);
    assert.equal(index.offsetAt({ line: 99, character: 0 }), 6);
    assert.equal(index.offsetAt({ line: -1, character: 0 }), 0);
    assert.deepEqual(index.positionAt(3), { line: 0, character: 2 }, "an offset inside CRLF stays on its line");
    assert.equal(index.isValidPosition({ line: 0, character: 3 }), false);
    assert.equal(index.isValidPosition({ line: 1, character: 2 }), true);
  });
});

describe("applyContentChanges", () => {
  it("applies ranged changes in order, and a whole-document replacement", () => {
    const text = "one\r\ntwo\nthree";
    const after = applyContentChanges(text, [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, text: "TWO" },
      { range: { start: { line: 0, character: 3 }, end: { line: 1, character: 0 } }, text: " " },
    ]);
    assert.equal(after, "one TWO\nthree");
    assert.equal(applyContentChanges(text, [{ text: "new" }]), "new");
  });
});

describe("LineIndex.edited: the lines of an edited text from the previous version's", () => {
  const pieces = ["a", "bc", " ", "\n", "\r", "\r\n", "\n\n", "é", "𝐀", "\f", "\u2028"];
  const text = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((p) => p.join(""));
  const shared = (a: string, b: string) => {
    let prefix = 0;
    while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
    let suffix = 0;
    const max = Math.min(a.length, b.length) - prefix;
    while (suffix < max && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
    return { prefix, suffix };
  };

  it("equals the index of the new text read afresh (property)", () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), text, (before, a, b, inserted) => {
        const start = a % (before.length + 1);
        const end = start + (b % (before.length - start + 1));
        const after = before.slice(0, start) + inserted + before.slice(end);
        const { prefix, suffix } = shared(before, after);
        const edited = LineIndex.edited(new LineIndex(before), after, prefix, suffix);
        const fresh = new LineIndex(after);
        assert.deepEqual(edited.starts, fresh.starts);
        assert.deepEqual(edited.ends, fresh.ends);
      }),
      { numRuns: 2000 },
    );
  });

  it("a keystroke inside a line (as many lines as before) and an edit that joins or splits lines", () => {
    const before = "first line\r\nsecond é line\nthird\rfourth\nfifth";
    const cases = [
      before.replace("second", "sec𝐀ond"),
      before.replace("é", "e\u0301"),
      before.replace("second é line\n", "second é line "),
      before.replace("third", "th\nird"),
      before.replace("fifth", "fif\r\nth"),
    ];
    for (const after of cases) {
      const { prefix, suffix } = shared(before, after);
      const edited = LineIndex.edited(new LineIndex(before), after, prefix, suffix);
      const fresh = new LineIndex(after);
      assert.deepEqual([edited.starts, edited.ends], [fresh.starts, fresh.ends], JSON.stringify(after));
    }
  });

  it("joins a CR and an LF that an edit brings together, and splits them apart", () => {
    const before = "ab\rX\ncd";
    const after = "ab\r\ncd";
    const { prefix, suffix } = shared(before, after);
    assert.deepEqual(LineIndex.edited(new LineIndex(before), after, prefix, suffix).starts, Int32Array.from([0, 4]));
    const back = shared(after, before);
    assert.deepEqual(
      LineIndex.edited(new LineIndex(after), before, back.prefix, back.suffix).starts,
      Int32Array.from([0, 3, 5]),
    );
  });
});

describe("LineIndex ranges: found from the start's line, or without a search", () => {
  const pieces = ["a", "bc", " ", "\n", "\r", "\r\n", "\n\n", "é", "𝐀", "\f", "\u2028", "long line of words "];
  const text = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((p) => p.join(""));

  it("gives the positions positionAt gives, for any two offsets (property)", () => {
    fc.assert(
      fc.property(text, fc.integer({ min: -3, max: 400 }), fc.integer({ min: -3, max: 400 }), (t, a, b) => {
        const index = new LineIndex(t);
        assert.deepEqual(index.range(a, b), { start: index.positionAt(a), end: index.positionAt(b) });
      }),
      { numRuns: 3000 },
    );
  });

  it("gives whole lines' ranges as their offsets' positions (property)", () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (t, x, y) => {
        const index = new LineIndex(t);
        const first = x % index.lineCount;
        const last = first + (y % (index.lineCount - first));
        const { starts, ends } = index;
        const end = last + 1 < starts.length ? starts[last + 1] : ends[last];
        assert.deepEqual(index.fullLinesRange(first, last), {
          start: index.positionAt(starts[first]),
          end: index.positionAt(end),
        });
        assert.deepEqual(index.linesRange(first, last), {
          start: index.positionAt(starts[first]),
          end: index.positionAt(ends[last]),
        });
      }),
      { numRuns: 3000 },
    );
  });
});
