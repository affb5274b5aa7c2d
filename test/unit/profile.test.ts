import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadData } from "../../server/src/data";
import { compileProfile } from "../../server/src/model/profile";
import { ERAS_RECORDS, RECORDS, recordText } from "../corpus/records";

// The header grammar names each \p{…} class as few times as it can (each costs V8 a look-up in
// Unicode's tables, twice, in every process): a name's word is `(?:\p{Ll}{1,2}['’])??\p{Lu}…`
// rather than `(?:\p{Lu}|\p{Ll}{1,2}['’]\p{Lu})…`, and a later word `(?:P SP)??W` rather than
// `(?:W|P SP W)`. Each lazy option tries what the alternation tried first, then its second branch,
// in the same order: the same matches, groups and all. Checked here against the grammar written
// out, on every line (and every two and three joined lines) of the corpus's records.

const SP = "[ \\u00A0]";
const WORD = "(?:\\p{Ll}{1,2}['’])??\\p{Lu}[\\p{L}\\p{M}'’.\\-]*";
const WORD_OUT = "(?:\\p{Lu}|\\p{Ll}{1,2}['’]\\p{Lu})[\\p{L}\\p{M}'’.\\-]*";

/** The grammar's source written out: each word's capital named in both branches, each later word twice. */
function writtenOut(source: string): string {
  assert.ok(source.includes(WORD), "the grammar's word is the one this test knows");
  const later = /\(\?:\(\?:([^()]*)\)\[ \\u00A0\]\)\?\?/g;
  const out = source.replace(
    new RegExp(`${later.source}${WORD.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "g"),
    (_, particles: string) => `(?:${WORD_OUT}|(?:${particles})${SP}${WORD_OUT})`,
  );
  assert.ok(out !== source, "the grammar has a later word with particles before it");
  return out.replaceAll(WORD, WORD_OUT);
}

function corpusLines(): string[] {
  const texts = [...RECORDS.map((r) => recordText(r, "raw")), ...ERAS_RECORDS.map((r) => recordText(r, "raw", "eras"))];
  const ungdc = join(__dirname, "..", "corpus", "ungdc");
  for (const f of readdirSync(ungdc)
    .filter((f) => f.endsWith(".txt"))
    .slice(0, 20))
    texts.push(readFileSync(join(ungdc, f), "utf8"));
  const lines: string[] = [];
  for (const text of texts) {
    const ls = text.split(/\r\n?|\n/);
    for (let i = 0; i < ls.length; i++) {
      lines.push(ls[i]);
      if (i + 1 < ls.length) lines.push(`${ls[i]} ${ls[i + 1]}`);
      if (i + 2 < ls.length) lines.push(`${ls[i]} ${ls[i + 1]} ${ls[i + 2]}`);
    }
  }
  return lines;
}

describe("the header grammar, each class named once", () => {
  const lines = corpusLines();
  for (const data of loadData().languages) {
    it(`starts a header where the one pattern of titles, offices and names before an honorific does (${data.language})`, () => {
      const profile = compileProfile(data);
      const alternation = (words: readonly string[]) =>
        [...words]
          .sort((a, b) => b.length - a.length)
          .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, SP))
          .join("|");
      const after = alternation(data.titlesAfter?.words ?? []);
      const one = new RegExp(
        `^[ \\t]*(?:${alternation(data.offices)}|${alternation(data.titles)}${after ? `|\\p{Lu}[\\p{L}\\p{M}'’.\\-]*(?:${SP}+\\p{L}[\\p{L}\\p{M}'’.\\-]*){0,5}${SP}+(?:${after})` : ""})(?=[ \\u00A0(:,])`,
        "u",
      );
      let named = 0;
      for (const line of [...lines, "Mahmoud FAWZI Bey (Egypt):", "Mahmoud FAWZI Pasha:", "Bey"]) {
        const a = profile.headerStart.exec(line);
        const b = one.exec(line);
        assert.deepEqual(a && [a.index, a[0]], b && [b.index, b[0]], `${data.language}: ${line}`);
        assert.equal(profile.headerStart.test(line), b !== null, `${data.language}: ${line}`);
        if (b && !new RegExp(`^[ \\t]*(?:${alternation(data.offices)}|${alternation(data.titles)})`, "u").test(line))
          named++;
      }
      if (after) assert.ok(named > 0, "a name before an honorific is found");
    });
  }
  for (const data of loadData().languages) {
    it(`matches as the grammar written out does (${data.language})`, () => {
      const profile = compileProfile(data);
      for (const name of ["header", "boldHeader"] as const) {
        const compact = profile[name];
        const full = new RegExp(writtenOut(compact.source), compact.flags);
        let matched = 0;
        for (const line of lines) {
          const a = compact.exec(line);
          const b = full.exec(line);
          assert.deepEqual(
            a && { ...a.groups, at: a.index, text: a[0], indices: a.indices?.groups },
            b && { ...b.groups, at: b.index, text: b[0], indices: b.indices?.groups },
            `${data.language} ${name}: ${line}`,
          );
          if (a) matched++;
        }
        // Lines of other languages' records match less; English's are most of the corpus.
        if (data.language === "en") assert.ok(matched > 500, `${name}: ${matched} lines matched`);
      }
    });
  }
});
