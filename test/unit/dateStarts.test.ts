import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { loadData } from "../../server/src/data";
import { dateGrammarOf, findDates } from "../../server/src/model/dates";
import { compileProfile } from "../../server/src/model/profile";
import { startFilter } from "../../server/src/text/regexp";
import { CORPUS, readCorpus, readSample } from "./helpers";

// The date pattern is tried only where its first two code units may begin a match (issue 28,
// open12): where the filter says no, the pattern matches nothing, and the dates found are the ones
// every word start near an anchor gave.

const CORPUS_TEXTS = ["ungdc", "seeds", "sc2020/text/pdfjs", "eras/text/pdfjs"];
const PROFILES = loadData().languages.map(compileProfile);
const lines = (s: string) => (offset: number) => s.slice(0, offset).split("\n").length - 1;

/** A position inside a surrogate pair: not a character's start, where no scan tries a pattern. */
const insidePair = (text: string, p: number) =>
  p > 0 && /[\uDC00-\uDFFF]/.test(text[p]) && /[\uD800-\uDBFF]/.test(text[p - 1]);

/** Every position of `text` the filter turns away where the sticky pattern matches, as "p: match". */
function missed(re: RegExp, mayStart: (text: string, p: number) => boolean, text: string): string[] {
  const out: string[] = [];
  for (let p = 0; p < text.length; p++) {
    if (insidePair(text, p) || mayStart(text, p)) continue;
    re.lastIndex = p;
    const m = re.exec(text);
    if (m) out.push(`${p}: ${JSON.stringify(m[0])}`);
  }
  return out;
}

/** Each language's words of dates, as written, in capitals, in small letters and capitalised. */
function dataWords(): string[] {
  const out = new Set<string>();
  for (const p of PROFILES) {
    const d = p.data;
    for (const w of [...d.months, ...d.weekdays, ...d.relativeDates.phrases.map((x) => x.text)]) {
      out.add(w);
      out.add(w.toUpperCase());
      out.add(w.toLowerCase());
      out.add(w[0].toUpperCase() + w.slice(1));
    }
  }
  return [...out];
}

/** Words of the data, English number and date words, then characters of every kind: each a third of the pieces. */
const DATE_PIECES = fc.oneof(
  fc.constantFrom(...dataWords()),
  fc.constantFrom(
    "twenty-",
    "twenty",
    "first",
    "Fiftieth",
    "five",
    "a few",
    "several",
    "hundred",
    "a",
    "an",
    "half",
    "the",
    "The",
    "this",
    "last",
    "next",
    "year",
    "years",
    "ago",
    "session",
    "century",
    "1995",
    "2016",
    "13",
    "3",
    "st",
    "/",
    "-",
    "–",
    "mid-",
    "Post-",
    "10.05",
    "a.m.",
    "p.m.",
    "h",
    "horas",
    "ч.",
    "м.",
    "года",
    "de",
  ),
  fc.constantFrom(
    "é",
    "É",
    "e\u0301",
    "ñ",
    "ё",
    "Ё",
    "ß",
    "İ",
    "ǅ",
    "𝐀",
    "😀",
    "\uD800",
    "\uDC00",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\u00A0",
    "\t",
    ",",
    ".",
    "(",
    ")",
    "’",
  ),
);

/** What comes between two pieces: mostly a space, so that the pieces make phrases. */
const GAPS = fc.array(fc.constantFrom(" ", " ", " ", "", "\n", "\u00A0"), { maxLength: 24 });

describe("date pattern's start filter", () => {
  it("is made for every language's pattern", () => {
    for (const p of PROFILES) assert.ok(dateGrammarOf(p).starts, p.code);
  });

  it("turns away no position where the pattern matches, on generated text in every language (property)", () => {
    fc.assert(
      fc.property(fc.nat(PROFILES.length - 1), fc.array(DATE_PIECES, { maxLength: 24 }), GAPS, (k, pieces, gaps) => {
        const profile = PROFILES[k];
        const { re, starts } = dateGrammarOf(profile);
        const filter = starts as NonNullable<typeof starts>;
        const text = pieces.map((p, k) => p + (gaps[k] ?? " ")).join("");
        assert.deepEqual(missed(re, filter.mayStart, text), [], `${profile.code}: ${JSON.stringify(text)}`);
        const found = findDates(text, profile, [], lines(text), "filtered");
        assert.deepEqual(found, findDates(text, profile, [], lines(text), "unfiltered"));
        assert.deepEqual(found, findDates(text, profile, [], lines(text), true));
      }),
      { numRuns: 1500 },
    );
  });

  it("turns away no position where the pattern matches, on every line of the corpus and the samples", () => {
    const texts: [string, string][] = [];
    for (const dir of CORPUS_TEXTS)
      for (const f of readdirSync(join(CORPUS, dir)).filter((f) => f.endsWith(".txt")))
        texts.push([f, readCorpus(dir, f)]);
    for (const f of ["S_PV.9001.fr.txt", "S_PV.9001.es.txt", "S_PV.9001.ru.txt"]) texts.push([f, readSample(f)]);
    let turnedAway = 0;
    let starts = 0;
    for (const profile of PROFILES) {
      const { re, starts: filter } = dateGrammarOf(profile);
      assert.ok(filter);
      for (const [f, text] of texts) {
        for (const line of text.split(/\r\n|\r|\n/)) {
          assert.deepEqual(missed(re, filter.mayStart, line), [], `${profile.code} ${f}: ${JSON.stringify(line)}`);
          if (profile.code !== "en") continue;
          for (const w of line.matchAll(/(?<![\p{L}\p{N}])[\p{L}\p{N}]/gu)) {
            starts++;
            if (!filter.mayStart(line, w.index)) turnedAway++;
          }
        }
      }
    }
    // Not a filter that lets everything through: most word starts of English prose begin no date.
    assert.ok(turnedAway > starts / 2, `${turnedAway} of ${starts}`);
  });

  it("finds on every block of the corpus what trying the pattern at every position finds", () => {
    // The anchors (a digit, or a word) are two scans: this is the scan that needs none.
    const en = PROFILES.find((p) => p.code === "en");
    assert.ok(en);
    for (const dir of CORPUS_TEXTS)
      for (const f of readdirSync(join(CORPUS, dir)).filter((f) => f.endsWith(".txt")))
        for (const block of readCorpus(dir, f).split(/\n[ \t]*\n/))
          assert.deepEqual(findDates(block, en, [], lines(block)), findDates(block, en, [], lines(block), true), f);
  });

  it("finds on every block of the corpus the dates that trying every word start near an anchor finds", () => {
    for (const dir of CORPUS_TEXTS)
      for (const f of readdirSync(join(CORPUS, dir)).filter((f) => f.endsWith(".txt"))) {
        const text = readCorpus(dir, f);
        for (const profile of PROFILES)
          for (const block of text.split(/\n[ \t]*\n/))
            assert.deepEqual(
              findDates(block, profile, [], lines(block), "filtered"),
              findDates(block, profile, [], lines(block), "unfiltered"),
              `${profile.code} ${f}`,
            );
      }
  });
});

describe("startFilter", () => {
  it("reads literals, classes, groups, alternatives, repetitions and look-arounds", () => {
    const f = startFilter("(?<![\\p{L}\\p{N}])(?:ab|c\\d|[xy]z?|(?=q)q{2,}|(?:de)*f|ü\\u00A0)(?![\\p{L}])", "uy");
    assert.ok(f);
    const may = (text: string) => f.mayStart(text, 0);
    for (const yes of ["ab", "c5", "x", "xz", "yq", "qq", "f", "def", "dede", "ü\u00A0"]) assert.ok(may(yes), yes);
    for (const no of ["a", "ac", "c", "cd", "q", "qa", "d", "dx", "z", "ü", "üa", "", "B", "Ab"])
      assert.ok(!may(no), no);
  });

  it("says nothing where it cannot be sure", () => {
    for (const [source, flags] of [
      ["abc", "iuy"],
      ["a?", "uy"],
      ["(?:ab)*", "uy"],
      [".b", "uy"],
      ["[^a]b", "uy"],
      ["\\p{L}b", "uy"],
      ["(a)\\1", "uy"],
      ["𝐀b", "uy"],
      ["(?i:a)b", "uy"],
      ["ab", "y"],
    ])
      assert.equal(startFilter(source, flags), undefined, source);
  });

  it("never turns away a position where a random pattern matches (property)", () => {
    const atom = fc.constantFrom("a", "b", "é", "\\d", "[ab]", "[^a]", "[a-c]", ".", "\\u00E9", "\\p{L}", "\\.", " ");
    const piece: fc.Arbitrary<string> = fc.letrec<{ p: string }>((tie) => ({
      p: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        atom,
        fc.tuple(tie("p"), fc.constantFrom("", "?", "*", "+", "{2}", "{0,2}", "{2,}")).map(([p, q]) => `(?:${p})${q}`),
        fc.tuple(tie("p"), tie("p")).map(([a, b]) => a + b),
        fc.tuple(tie("p"), tie("p")).map(([a, b]) => `(?:${a}|${b})`),
        fc.tuple(fc.constantFrom("(?=", "(?!", "(?<=", "(?<!", "(?<n>", "("), tie("p")).map(([o, p]) => `${o}${p})`),
      ),
    })).p;
    const text = fc.array(fc.constantFrom("a", "b", "c", "é", "1", " ", ".", "𝐀", "\n"), { maxLength: 12 });
    let named = 0;
    let filtered = 0;
    let turnedAway = 0;
    fc.assert(
      fc.property(piece, text, (pattern, chars) => {
        // Each named group a name of its own.
        const source = pattern.replace(/\(\?<n>/g, () => `(?<n${named++}>`);
        const f = startFilter(source, "uy");
        if (!f) return;
        filtered++;
        const re = new RegExp(source, "uy");
        const t = chars.join("");
        assert.deepEqual(missed(re, f.mayStart, t), [], `${source} on ${JSON.stringify(t)}`);
        for (let p = 0; p < t.length; p++) if (!f.mayStart(t, p)) turnedAway++;
      }),
      { numRuns: 4000 },
    );
    // The property judged filters that turn positions away, not only refusals.
    assert.ok(filtered > 1000 && turnedAway > 1000, `${filtered} filters, ${turnedAway} positions turned away`);
  });
});
