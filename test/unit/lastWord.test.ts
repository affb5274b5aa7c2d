import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { LAST_WORD, lastWord } from "../../server/src/rules/splitParagraph";

// split-paragraph's last word before a cut, read backwards, against the pattern it replaces.
const asPattern = (line: string) => {
  const m = LAST_WORD().exec(line);
  return m ? { index: m.index, match: m[0], word: m[1] } : null;
};

describe("split-paragraph's last word of a line", () => {
  it("is the pattern's match on lines of the records' characters (property)", () => {
    const pieces = [
      "a",
      "Él",
      "x",
      "1",
      "’",
      "'",
      ",",
      " ",
      "\u00A0",
      "\t",
      ".",
      "-",
      "𝐀",
      "\uD835",
      "\uDC00",
      "—",
      ":",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (p) => {
        const line = p.join("");
        assert.deepEqual(lastWord(line), asPattern(line), JSON.stringify(line));
      }),
      { numRuns: 5000 },
    );
  });

  it("finds the word before a comma and white space, astral letters whole", () => {
    assert.deepEqual(lastWord("members and "), { index: 8, match: "and ", word: "and" });
    assert.deepEqual(lastWord("the 𝐀𝐁c, "), { index: 4, match: "𝐀𝐁c, ", word: "𝐀𝐁c" });
    assert.equal(lastWord("ends here."), null);
    assert.equal(lastWord("a ,"), null);
  });
});
