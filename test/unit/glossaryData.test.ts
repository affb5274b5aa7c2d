import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

interface Form {
  acronym?: string;
  expansion?: string;
  source?: string;
}
const glossary = JSON.parse(
  readFileSync(join(__dirname, "..", "..", "server", "data", "glossary", "un.json"), "utf8"),
) as {
  categories: Record<string, string>;
  entries: ({ acronym: string; expansion: string; category: string; source: string } & Record<string, unknown>)[];
};

describe("the built-in glossary (server/data/glossary/un.json)", () => {
  it("has at least 400 entries, sorted, unique, each with a category and a source", () => {
    assert.ok(glossary.entries.length >= 400, `${glossary.entries.length} entries`);
    const seen = new Set<string>();
    let previous = "";
    for (const e of glossary.entries) {
      assert.ok(e.acronym.localeCompare(previous, "en") >= 0, `${e.acronym} after ${previous}`);
      previous = e.acronym;
      assert.ok(!seen.has(e.acronym), `${e.acronym} twice`);
      seen.add(e.acronym);
      // A short form of several tokens has one space between them (`EUTM RCA`).
      assert.match(e.acronym, /^[A-Z0-9][A-Za-z0-9+&.-]*(?: [A-Z0-9][A-Za-z0-9+&.-]*)*$/, e.acronym);
      assert.ok(e.expansion.trim() && !/\s{2}/.test(e.expansion), `${e.acronym}: expansion`);
      assert.ok(glossary.categories[e.category], `${e.acronym}: category ${e.category}`);
      assert.ok(e.source, `${e.acronym}: source`);
      for (const lang of ["fr", "es", "ru"]) {
        const form = e[lang] as Form | undefined;
        if (form) assert.ok(form.source && form.expansion, `${e.acronym} ${lang}: a form names its source`);
      }
    }
  });

  it("uses UN spelling and knows the forms of other languages", () => {
    const by = new Map(glossary.entries.map((e) => [e.acronym, e]));
    assert.equal(by.get("OSCE")?.expansion, "Organization for Security and Co-operation in Europe");
    assert.equal((by.get("CSTO")?.ru as Form | undefined)?.acronym, "ОДКБ");
    assert.equal((by.get("NATO")?.fr as Form | undefined)?.acronym, "OTAN");
    for (const category of [
      "principal-organ",
      "fund-programme",
      "specialized-agency",
      "peace-operation",
      "political-mission",
      "secretariat",
      "treaty",
      "regional-organization",
    ])
      assert.ok(glossary.entries.filter((e) => e.category === category).length >= 5, category);
  });
});
