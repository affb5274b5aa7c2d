import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { applyTextEdits, DEFAULT_SETTINGS, type Diagnostic } from "../../server/src/index";
import { CORPUS, doc, readCorpus, service } from "./helpers";

const diagnostics = (text: string, code?: string) =>
  service()
    .diagnostics(doc(text))
    .diagnostics.filter((d) => !code || d.code === code);
const fixOf = (text: string, d: Diagnostic) => applyTextEdits(text, d.data?.edits ?? []);

describe("cleaning: broken hyphenation", () => {
  it("keeps the range off a blank line between the halves: the first half, the second related", () => {
    const text = "We fight the transna-\n\ntional crime of the age.\n";
    const [d] = diagnostics(text, "broken-hyphenation");
    assert.deepEqual(d.range, { start: { line: 0, character: 13 }, end: { line: 0, character: 21 } });
    assert.deepEqual(d.relatedInformation?.[0].location.range, {
      start: { line: 2, character: 0 },
      end: { line: 2, character: 6 },
    });
    assert.equal(fixOf(text, d), "We fight the transnational\n\ncrime of the age.\n");
  });

  it("joins a split word and moves it onto the first line, punctuation and all", () => {
    const text = "the inter-\nnational community is in\nsettle-\nment, and so on.\n";
    const found = diagnostics(text, "broken-hyphenation");
    assert.deepEqual(
      found.map((d) => [d.range.start, d.range.end]),
      [
        [
          { line: 0, character: 4 },
          { line: 1, character: 8 },
        ],
        [
          { line: 2, character: 0 },
          { line: 3, character: 4 },
        ],
      ],
    );
    assert.equal(fixOf(text, found[0]), "the international\ncommunity is in\nsettle-\nment, and so on.\n");
    assert.equal(fixOf(text, found[1]), "the inter-\nnational community is in\nsettlement,\nand so on.\n");
    assert.equal(found[0].data?.safe, true);
  });

  it("keeps compounds: capitalised halves, numbers, self-, words that are not words joined", () => {
    const text =
      "the Counter-\nTerrorism Committee, the seventy-\nfirst session, the self-\ndetermination of peoples and long-\nterm goals.\n";
    assert.deepEqual(diagnostics(text, "broken-hyphenation"), []);
  });

  it("follows the document's own spelling", () => {
    const joined = "peacekeeping is vital. The peace-\nkeeping budget.\n";
    assert.equal(diagnostics(joined, "broken-hyphenation").length, 1);
    const hyphenated = "peace-keeping is vital. The peace-\nkeeping budget.\n";
    assert.equal(diagnostics(hyphenated, "broken-hyphenation").length, 0);
  });

  it("leaves a lone second half's line out when the word was the whole line, and spares furniture between", () => {
    const text = "the transna-\n2/17 14-73556\ntional\ncrime.\n";
    const [d] = diagnostics(text, "broken-hyphenation");
    assert.equal(fixOf(text, d), "the transnational\n2/17 14-73556\ncrime.\n");
  });
});

describe("cleaning: split paragraphs, fused words, character damage", () => {
  it("finds the seed's paragraph cut by a page break and merges it", () => {
    const text = readCorpus("seeds", "002_68e17840d4f4b104.txt");
    const [d] = diagnostics(text, "split-paragraph");
    // The squiggle on the last word before the cut, on its line; where it goes on, related.
    assert.equal(d.range.start.line, 26);
    assert.equal(d.range.end.line, 26);
    const lines = text.split("\n");
    assert.equal(lines[26].slice(d.range.start.character, d.range.end.character), "and");
    const [goesOn] = d.relatedInformation ?? [];
    assert.match(goesOn.location.uri, /^file:\/\/\//);
    assert.equal(goesOn.location.range.start.line, 28);
    assert.equal(
      lines[28].slice(goesOn.location.range.start.character, goesOn.location.range.end.character),
      "justify",
    );
    assert.match(d.message, /goes on with “justify…” on line 29\.$/);
    const fixed = fixOf(text, d).split("\n");
    assert.equal(fixed[26].trimEnd().endsWith("recruit new members and"), true);
    assert.equal(fixed[27], "justify their acts and crimes.");
  });

  it("puts the squiggle on the cut line's last word, not on the page furniture or blank lines", () => {
    const text = "We reaffirm our commitment to the\n\n2/17 14-73556\n\nprinciples of the Charter.\n";
    const [d] = diagnostics(text, "split-paragraph");
    assert.deepEqual(d.range, { start: { line: 0, character: 30 }, end: { line: 0, character: 33 } });
    assert.deepEqual(d.relatedInformation?.[0].location.range, {
      start: { line: 4, character: 0 },
      end: { line: 4, character: 10 },
    });
    assert.equal(fixOf(text, d), "We reaffirm our commitment to the\n2/17 14-73556\nprinciples of the Charter.\n");
  });

  it("does not merge paragraphs that end a sentence", () => {
    assert.deepEqual(diagnostics("It ended.\n\nthen lower case\n", "split-paragraph"), []);
    assert.deepEqual(diagnostics("An unfinished line\n\nNew Paragraph Title\n", "split-paragraph"), []);
  });

  it("splits the seed's thejoint and nothing else in the seeds", () => {
    const text = readCorpus("seeds", "000_b70b41d151435293.txt");
    const found = diagnostics(text, "fused-words");
    assert.deepEqual(
      found.map((d) => d.message),
      ["“thejoint” looks like two words run together: “the joint”."],
    );
    assert.match(fixOf(text, found[0]), /the joint/);
    assert.equal(diagnostics(readCorpus("seeds", "002_68e17840d4f4b104.txt"), "fused-words").length, 0);
  });

  it("splits camel-case fusions and a capitalised word run into a function word, never names", () => {
    const text = "We met theSecretary-General and the Unionand its partners. Mr. Annan and Bretton Woods.\n";
    assert.deepEqual(
      diagnostics(text, "fused-words").map((d) => d.message),
      ["“Unionand” looks like two words run together: “Union and”."],
    );
    assert.deepEqual(
      diagnostics("It concerns theRohingya people.\n", "fused-words").map((d) => d.message),
      ["“theRohingya” looks like two words run together: “the Rohingya”."],
    );
  });

  it("leaves a derivation of a known word alone, and still splits a real fusion beside it", () => {
    // The eras records' false flags: `benchmarked`, `workforces`, `interlinkage` (A/60, A/76).
    const text =
      "Targets are benchmarked against a fivefold and a tenfold rise. Young United Nations workforces " +
      "and the close interlinkage of the items are inconclusive in ofthe end.\n";
    assert.deepEqual(
      diagnostics(text, "fused-words").map((d) => d.message),
      ["“ofthe” looks like two words run together: “of the”."],
    );
  });

  it("names a damaged letter inside a word with its likely letter: an accented capital, a look-alike", () => {
    const text =
      "The armÉe met in Gеneva, as in Geneva last year; the ConcepciÛn text and the Concepción one. " +
      "The OΝU and the Nеw Agenda. Mr. McDonald and ÉCOLE are fine, and so are Ελλάδα and Москва.\n";
    const found = diagnostics(text, "character-damage");
    assert.deepEqual(
      found.map((d) => [
        d.message.replace(/^Damaged text: /, "").replace(/; .*$/, ""),
        /likely “([^”]+)”/.exec(d.message)?.[1],
      ]),
      [
        ["the capital “É” inside “armÉe”", "armée"],
        ["the Cyrillic letter “е” (U+0435) inside the Latin word “Gеneva”", "Geneva"],
        ["the capital “Û” inside “ConcepciÛn”", "Concepción"],
        ["the Greek letter “Ν” (U+039D) inside the Latin word “OΝU”", "ONU"],
        ["the Cyrillic letter “е” (U+0435) inside the Latin word “Nеw”", "New"],
      ],
    );
    assert.match(found[1].message, /\(the document writes “Geneva” once\)/);
    assert.match(found[2].message, /\(the document writes “Concepción” once\)/);
    assert.match(found[3].message, /\(“Ν” \(Greek\) looks like “N”\)/);
    assert.match(fixOf(text, found[0]), /The armée met/);
    assert.equal(found[0].data?.safe, false);
  });

  it("a Latin letter inside a Russian record's Cyrillic word is damage, with the Cyrillic look-alike", () => {
    const text = "Г-н Иванов (Российская Федерация) (говорит по-русски): Мы благодарим Рoссию и Председателя.\n";
    const found = diagnostics(text, "character-damage");
    assert.equal(found.length, 1);
    assert.match(found[0].message, /the Latin letter “o” \(U\+006F\) inside the Cyrillic word “Рoссию”/);
    assert.match(fixOf(text, found[0]), /Россию/);
  });

  it("repairs ligatures, mojibake, soft hyphens, doubled spaces and control characters", () => {
    const text = "The ﬁnal text isnâ€™t  here\u0008 now, a trans\u00ADnational one and a soft\u00AD\nhyphen.\n";
    const found = diagnostics(text, "character-damage");
    assert.deepEqual(
      found.map((d) => d.message),
      [
        "Damaged text: the ligature ﬁ.",
        "Damaged text: mojibake for ’.",
        "Damaged text: doubled spaces.",
        "Damaged text: a stray control character (U+0008).",
        "Damaged text: a soft hyphen (U+00AD).",
        "Damaged text: a soft hyphen (U+00AD) splits “softhyphen” at the line end.",
      ],
    );
    const cleaned = applyTextEdits(text, service().safeFixes(doc(text)));
    assert.equal(cleaned, "The final text isn’t here now, a transnational one and a softhyphen.\n");
  });
});

/** Non-space characters of a text: what cleaning must keep, apart from what it names. */
const letters = (s: string) => s.replace(/\s+/g, "");

describe("cleaning: exactness over the corpus", () => {
  const files = [
    ...readdirSync(join(CORPUS, "seeds")).map((f) => ["seeds", f]),
    ...readdirSync(join(CORPUS, "ungdc")).map((f) => ["ungdc", f]),
  ].filter(([, f]) => f.endsWith(".txt"));

  it(`changes only what the diagnostics name, in all ${files.length} files`, () => {
    let joins = 0;
    let furniture = 0;
    let fused = 0;
    let damage = 0;
    for (const [dir, f] of files) {
      const text = readCorpus(dir, f);
      const d = doc(text, `file:///${dir}/${f}`);
      const s = service();
      const all = s.diagnostics(d, { ...DEFAULT_SETTINGS, maxProblems: 1e9 }).diagnostics;
      const cleaned = applyTextEdits(text, s.safeFixes(d));
      // What the diagnostics name, computed from their ranges, not from their fixes: each
      // broken-hyphenation loses the hyphen at the end of its first line, each page-artifact its
      // line; fused words gain a space (invisible here).
      const m = s.model(d);
      const drop: [number, number, string][] = [];
      for (const x of all) {
        if (x.code === "broken-hyphenation" || x.data?.title.startsWith("Join")) {
          const line = m.lines.line(x.range.start.line);
          const at = m.lines.starts[x.range.start.line] + line.trimEnd().length - 1;
          assert.ok(text[at] === "-" || text[at] === "\u00AD", `${f}: a join names a hyphen`);
          drop.push([at, at + 1, ""]);
          joins++;
        } else if (x.code === "page-artifact") {
          drop.push([m.lines.starts[x.range.start.line], m.lines.ends[x.range.start.line], ""]);
          furniture++;
        } else if (x.code === "character-damage" && x.data?.safe) {
          // The intended character is named in the fix's title: `Replace with “’”` (a damaged
          // letter's likely one, `armÉe` → `armée`, is a guess: no safe fix).
          const replacement = /^Replace with “(.*)”$/.exec(x.data?.title ?? "")?.[1] ?? "";
          drop.push([m.lines.offsetAt(x.range.start), m.lines.offsetAt(x.range.end), replacement]);
          damage++;
        } else if (x.code === "fused-words") fused++;
        else if (x.data?.safe && x.code !== "split-paragraph")
          assert.fail(`${f}: unexpected safe fix ${x.code} ${x.message}`);
      }
      drop.sort((a, b) => a[0] - b[0]);
      let expected = "";
      let from = 0;
      for (const [a, b, replacement] of drop) {
        if (a < from) continue;
        expected += text.slice(from, a) + replacement;
        from = b;
      }
      expected += text.slice(from);
      assert.equal(letters(cleaned), letters(expected), `${dir}/${f}`);
      // Words are never altered: the cleaned words are the original's, joined or split as named.
      const words = (s2: string) => s2.split(/\s+/).filter(Boolean).length;
      assert.ok(words(cleaned) <= words(text) + fused, `${f}: no word appears from nowhere`);
    }
    assert.ok(joins > 5 && furniture > 10, `joins ${joins}, furniture ${furniture}, fused ${fused}, damage ${damage}`);
  });
});

describe("unwrap", () => {
  it("puts each paragraph on one line, joining split words and keeping compounds and furniture", () => {
    const text =
      "Mr. X (Chile): The Counter-\nTerrorism Committee and the transna-  \ntional threat.\n\nA second\n2/17 14-73556\nparagraph here.\n";
    const s = service();
    const d = doc(text);
    assert.equal(
      applyTextEdits(text, s.unwrap(d)),
      "Mr. X (Chile): The Counter-Terrorism Committee and the transnational threat.\n\nA second\n2/17 14-73556\nparagraph here.\n",
    );
  });
});

describe("cleaning in other languages", () => {
  it("joins a Spanish split word the lexicon knows, and looks for no fused words there", () => {
    const text =
      "La Organización del Tratado y la Organización de Coope-\nración de Shanghái (OCS) colaboran con lasNaciones Unidas.\n";
    const found = diagnostics(text);
    assert.deepEqual(
      found.map((d) => d.code),
      ["broken-hyphenation"],
    );
    assert.match(fixOf(text, found[0]), /Cooperación\n/);
  });
});
