import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, it } from "node:test";
import { derived } from "../../server/src/analysis/analysis";
import { REFERENCE_DATE } from "../../server/src/analysis/referenceDate";
import { ALL_DIAGNOSTICS } from "../../server/src/features/codeActions";
import { computeDiagnostics } from "../../server/src/features/diagnostics";
import { createLanguageService, DEFAULT_SETTINGS, type Diagnostic } from "../../server/src/index";
import { doc, ROOT, readCorpus } from "./helpers";

// The analysis of a document version under one context: what it derives is computed once, and a
// new context (a setting) or a new version is a new analysis, never a stale one.

const RECORD = readCorpus("ungdc", "AUT_53_1998.txt");
const URI = "file:///corpus/ungdc/AUT_53_1998.txt";

const codes = (ds: Diagnostic[], code: string) =>
  ds
    .filter((d) => d.code === code)
    .map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`)
    .sort();

describe("the analysis", () => {
  it("publishes new diagnostics when the team glossary changes between two analyses of the same text", () => {
    const s = createLanguageService();
    const d = doc(RECORD, URI);
    const before = s.diagnostics(d).diagnostics;
    const undefinedOnes = before.filter((x) => x.code === "undefined-acronym");
    assert.ok(undefinedOnes.length >= 2, "the record has acronyms no glossary defines");
    const acronym = /“([^”]+)”/.exec(undefinedOnes[0].message)?.[1] ?? "";
    assert.ok(acronym);
    const first = s.analysis(d);
    s.setTeamGlossary([{ acronym, expansion: "A Team Expansion" }], "/ws/.verbatim/glossary.json");
    const second = s.analysis(d);
    assert.notEqual(second, first, "a new context is a new analysis");
    assert.equal(second.model, first.model, "the text was not parsed again");
    const after = s.diagnostics(d).diagnostics;
    assert.equal(codes(after, "undefined-acronym").length, undefinedOnes.length - 1);
    assert.ok(!codes(after, "undefined-acronym").some((c) => c.includes(`“${acronym}”`)));
    // The list code actions recompute fixes from is the new analysis's.
    assert.deepEqual(codes(s.analysis(d).get(ALL_DIAGNOSTICS), "undefined-acronym"), codes(after, "undefined-acronym"));
    s.setTeamGlossary([], undefined);
    assert.deepEqual(codes(s.diagnostics(d).diagnostics, "undefined-acronym"), codes(before, "undefined-acronym"));
  });

  it("reads the reference date setting anew in each analysis of the same text", () => {
    const s = createLanguageService();
    const d = doc(RECORD, URI);
    assert.equal(s.analysis(d).get(REFERENCE_DATE)?.year, 1998, "the year of the file name");
    s.setReferenceDate("2001-02-03");
    const ref = s.analysis(d).get(REFERENCE_DATE);
    assert.deepEqual([ref?.year, ref?.month, ref?.day], [2001, 2, 3]);
    // The same setting sent again (as every settings change does) keeps the analysis.
    const kept = s.analysis(d);
    s.setReferenceDate("2001-02-03");
    assert.equal(s.analysis(d), kept);
    s.setReferenceDate(undefined);
    assert.equal(s.analysis(d).get(REFERENCE_DATE)?.year, 1998);
  });

  it("computes a derived value once per analysis, and again for the next version", () => {
    const s = createLanguageService();
    let runs = 0;
    const WORDS = derived("test.words", (a) => {
      runs++;
      return a.model.text.split(/\s+/).length;
    });
    const v1 = doc(RECORD, URI, 1);
    const a = s.analysis(v1);
    assert.equal(s.analysis(v1), a, "one analysis per version and context");
    const n = a.get(WORDS);
    assert.equal(a.get(WORDS), n);
    assert.equal(runs, 1);
    const v2 = doc(`${RECORD}One more line of text.\n`, URI, 2);
    assert.equal(s.analysis(v2).get(WORDS), n + 5);
    assert.equal(runs, 2);
  });

  it("gives an earlier version's analysis its own findings after a later version was parsed", () => {
    const s = createLanguageService();
    const text1 = RECORD;
    // The later version damages and fuses words in its first lines: per-line results carried to
    // it must not leak back into the earlier version's analysis.
    const text2 = RECORD.replace(/the /g, "the\u00AD ").replace(/ of the /, " ofthe ");
    const old = s.analysis(doc(text1, URI, 1));
    const later = s.diagnostics(doc(text2, URI, 2)).diagnostics;
    const settings = { ...DEFAULT_SETTINGS, maxProblems: Number.MAX_SAFE_INTEGER };
    const fresh = createLanguageService().diagnostics(doc(text1, URI, 1), settings).diagnostics;
    const again = computeDiagnostics(old, settings).diagnostics;
    assert.notDeepEqual(later, fresh, "the versions differ in their findings");
    assert.deepEqual(again, fresh);
  });
});

describe("where derived data and file access live", () => {
  const SRC = join(ROOT, "server", "src");
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
    );
  const files = sources(SRC).map((f) => ({
    name: relative(SRC, f).split(sep).join("/"),
    text: readFileSync(f, "utf8"),
  }));

  it("keeps no module-level WeakMap: derived data lives in the analysis", () => {
    const found = files.filter((f) => /^(?:export )?(?:const|let) \w+ = new WeakMap/m.test(f.text)).map((f) => f.name);
    // One compiled date grammar per language profile: a data cache, not derived from a document.
    assert.deepEqual(found, ["model/dates.ts"]);
  });

  it("lets only the parser and the analysis reach the memo's tables", () => {
    const found = files
      .filter((f) => /from "(?:\.\.?\/)+(?:model\/)?memo"/.test(f.text))
      .map((f) => f.name)
      .filter((n) => !n.startsWith("model/"));
    assert.deepEqual(found, ["analysis/analysis.ts", "service.ts"]);
  });

  it("reads files in five modules: data files, the team glossary, PDF.js's files, its code cache, OCR's pages", () => {
    const found = files.filter((f) => /^import \{[^}]*\} from "node:fs"/m.test(f.text)).map((f) => f.name);
    assert.deepEqual(found.sort(), [
      "data.ts",
      "glossary/teamFile.ts",
      "pdf/compiled.ts",
      "pdf/ocr/engine.ts",
      "pdf/read.ts",
    ]);
  });
});
