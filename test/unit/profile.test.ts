import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { type LanguageData, loadData } from "../../server/src/data";
import { alternation, compileProfile, headerTail, SP } from "../../server/src/model/profile";
import { ERAS_RECORDS, hasVariant, RECORDS, recordText, VARIANTS } from "../corpus/records";

// The header grammars name each \p{…} class as few times as they can (each costs V8 a look-up in
// Unicode's tables, twice, in every process): a name's word is `(?:\p{Ll}{1,2}['’])??\p{Lu}…`
// rather than `(?:\p{Lu}|\p{Ll}{1,2}['’]\p{Lu})…`, a later word `(?:P SP)??W` rather than
// `(?:W|P SP W)` (each lazy option tries what the alternation tried first, then its second
// branch, in the same order), the office's branch (`The President:`) and the title's are two
// patterns, the title's tried where the office's found nothing, and the branch of a name before an
// honorific (`Mahmoud FAWZI Bey`) is a pattern of its own, tried after the others on a line
// holding an honorific. Checked here against the grammars written out in one pattern each, on
// every line (and every two and three joined lines) of every text of test/corpus: the same
// matches, groups and all.

/**
 * The header grammars as one pattern each, every class written out: a name's word
 * `(?:\p{Lu}|\p{Ll}{1,2}['’]\p{Lu})…`, a later word `(?:W|P SP W)`, the honorific's branch in the
 * header's alternation, and headerStart's.
 */
function writtenOut(data: LanguageData): { header: RegExp; boldHeader: RegExp; headerStart: RegExp } {
  const titles = alternation(data.titles);
  const offices = alternation(data.offices);
  const particles = alternation(data.nameParticles);
  const word = "(?:\\p{Lu}|\\p{Ll}{1,2}['’]\\p{Lu})[\\p{L}\\p{M}'’.\\-]*";
  const name = `(?:(?:${particles})${SP}){0,2}${word}(?:${SP}(?:${particles})(?=${SP}))*(?:${SP}(?:${word}|(?:${particles})${SP}${word})){0,7}`;
  const note = `(?:${data.note})`;
  // What follows the name is not in question: the same as profile.ts's.
  const tail = (entity: "?" | "") => headerTail(note, entity);
  const after = alternation(data.titlesAfter?.words ?? []);
  const afterName = after ? `|(?<afterName>${name})${SP}+(?<afterTitle>${after})(?=${SP}*\\()` : "";
  const header =
    `^[ \\t]*(?:(?<office>${offices})|(?<title>${titles})${SP}+(?<name>${name})(?:${SP}*:(?=${SP}*\\((?!${note}\\))[^()]{1,200}\\)))?${afterName})` +
    tail("?");
  const boldHeader = `^[ \\t]*(?<title>${titles}|\\p{Lu}[\\p{L}\\p{M}.'’\\-]*)${SP}+(?<name>${name})${tail("")}`;
  const headerStart = `^[ \\t]*(?:${offices}|${titles}${after ? `|\\p{Lu}[\\p{L}\\p{M}'’.\\-]*(?:${SP}+\\p{L}[\\p{L}\\p{M}'’.\\-]*){0,5}${SP}+(?:${after})` : ""})(?=[ \\u00A0(:,])`;
  return {
    header: new RegExp(header, "du"),
    boldHeader: new RegExp(boldHeader, "du"),
    headerStart: new RegExp(headerStart, "u"),
  };
}

/** What a match found: where, what, and each group's text and place (a group absent or undefined alike). */
function found(m: RegExpExecArray | null) {
  if (!m) return null;
  const groups: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) groups[k] = [v, m.indices?.groups?.[k]];
  return { at: m.index, text: m[0], groups };
}

/** Every text of test/corpus: each record in each extractor's text, and every General Debate file. */
function corpusLines(): string[] {
  const texts: string[] = [];
  for (const variant of VARIANTS) {
    for (const r of RECORDS) if (hasVariant(r, variant)) texts.push(recordText(r, variant));
    for (const r of ERAS_RECORDS) if (hasVariant(r, variant, "eras")) texts.push(recordText(r, variant, "eras"));
  }
  for (const folder of ["ungdc", "ungdc-clean", "seeds"]) {
    const dir = join(__dirname, "..", "corpus", folder);
    for (const f of readdirSync(dir).filter((f) => f.endsWith(".txt"))) texts.push(readFileSync(join(dir, f), "utf8"));
  }
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
  const lines = [
    ...corpusLines(),
    "Mahmoud FAWZI Bey (Egypt):",
    "Mahmoud FAWZI Bey (Egypt) (spoke in French):",
    "Mahmoud FAWZI Pasha:",
    "Bey",
  ];
  for (const data of loadData().languages) {
    it(`matches as the grammar written out in one pattern does (${data.language})`, () => {
      const profile = compileProfile(data);
      const out = writtenOut(data);
      const matched = { header: 0, boldHeader: 0, headerStart: 0, honorific: 0 };
      for (const line of lines) {
        for (const name of ["header", "boldHeader", "headerStart"] as const) {
          const a = profile[name].exec(line);
          assert.deepEqual(found(a), found(out[name].exec(line)), `${data.language} ${name}: ${line}`);
          assert.equal(profile[name].test(line), a !== null, `${data.language} ${name}: ${line}`);
          if (a) matched[name]++;
          if (name === "header" && a?.groups?.afterName) matched.honorific++;
        }
      }
      if (data.language === "en") {
        assert.ok(
          matched.header > 1000 && matched.boldHeader > 500 && matched.headerStart > 1000,
          JSON.stringify(matched),
        );
        assert.ok(matched.honorific > 0, "a name before an honorific is found");
      }
    });
  }
});
