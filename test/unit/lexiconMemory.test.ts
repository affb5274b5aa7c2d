import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getHeapStatistics } from "node:v8";
import { fullCollection } from "../../server/lsp/idle";
import { lexiconFor } from "../../server/src/lexicon/lexicon";

// The lexicon's tables of words seen live as long as the process: a word kept there must not keep
// the text it was cut from (a version of a 10 MB record: 10 to 20 MiB). (The States' table of names
// read is kept the same way, glossary/states.ts; a heap figure cannot show it: V8 keeps the last
// string a regular expression read, which there is the text.)

const gc = fullCollection() as () => void;
const heapMiB = () => {
  gc();
  gc();
  return getHeapStatistics().used_heap_size / 2 ** 20;
};

/** A text of some 10 MiB in memory, with long words in it. */
function bigText(seed: string): string {
  return `${seed} Wiederaufbaukommission United Kingdom of Great Britain and Northern Ireland ${"é".repeat(10_000_000)}`;
}

describe("the lexicon keeps no text", () => {
  it("a word the lexicon looked up, cut from a record, leaves the record's text to the collector", async () => {
    const lexicon = lexiconFor("en");
    assert.ok(lexicon);
    lexicon.has("Council");
    const before = heapMiB();
    for (let k = 0; k < 3; k++) {
      const text = bigText(`Unheardofwordnumber${k}`);
      // Words of 13 characters and more cut from a text are views into it.
      assert.equal(lexicon.has(text.slice(0, text.indexOf(" "))), false);
      assert.equal(lexicon.has(text.slice(text.indexOf("Wieder"), text.indexOf(" United"))), false);
    }
    await new Promise((resolve) => setImmediate(resolve));
    const after = heapMiB();
    assert.ok(after - before < 10, `${(after - before).toFixed(1)} MiB kept after three 10 MiB texts`);
  });
});
