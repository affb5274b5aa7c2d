import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { doc, service } from "./helpers";

interface Expected {
  title: string | null;
  office?: string;
  name: string | null;
  entity: string | null;
  role: string | null;
  note: string | null;
  display: string;
  lines: number;
}
interface Case {
  id: string;
  lang: string;
  text: string;
  header: Expected | null;
  why?: string;
}

const fixture = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "header-cases.json"), "utf8")) as {
  cases: Case[];
};

describe("header cases (test/fixtures/header-cases.json)", () => {
  it("covers every language and both headers and traps", () => {
    for (const lang of ["en", "fr", "es", "ru"]) {
      assert.ok(
        fixture.cases.some((c) => c.lang === lang && c.header),
        `${lang} headers`,
      );
    }
    assert.ok(fixture.cases.filter((c) => c.header === null).length >= 6, "traps");
  });

  for (const c of fixture.cases) {
    it(`${c.id}: ${c.header ? c.header.display : `not a header (${c.why})`}`, () => {
      const m = service().model(doc(c.text, `file:///cases/${c.id}.transcript`));
      if (c.header === null) {
        assert.deepEqual(
          m.speeches.map((s) => s.header.display),
          [],
        );
        return;
      }
      assert.equal(m.language, c.lang, "language");
      assert.equal(m.speeches.length, 1, "one speech");
      const h = m.speeches[0].header;
      const office = h.parts.find((p) => p.kind === "office");
      assert.deepEqual(
        {
          title: h.title,
          office: office ? m.text.slice(office.span.start, office.span.end) : undefined,
          name: h.name,
          entity: h.entity,
          role: h.role,
          note: h.note,
          display: h.display,
          lines: h.endLine - h.startLine + 1,
        },
        { office: undefined, ...c.header },
      );
      assert.equal(h.startLine, 0);
    });
  }
});
