// Every rule's findings after any sequence of edits equal those of a fresh analysis of the same
// text (issue 28: an edit re-analyses what changed). Real records of each era are edited at random
// — characters, lines and paragraphs inserted, deleted or moved, speaker headers, diacritics,
// astral characters, damaged letters with their spellings — and after each edit the diagnostics of
// the edited document (its parse and the rules' tables carried from the version before) are
// compared, rule by rule, with those of the same text analysed under a new URI, and so are the
// diagnostics under a small cap (the rules that build only what it keeps).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  createLanguageService,
  DEFAULT_SETTINGS,
  type Diagnostic,
  LineIndex,
  RULES,
  type VerbatimSettings,
} from "../../server/src/index";
import { doc, readCorpus, service } from "./helpers";
import { propertyRuns } from "./propertyRuns";

/** Every rule at its default (none is off by default), nothing capped: a difference anywhere shows. */
const ALL: VerbatimSettings = { ...DEFAULT_SETTINGS, maxProblems: 1_000_000 };
/** A cap most versions' findings pass: the rules that build only what it keeps (`Rule.first`) do so. */
const CAPPED: VerbatimSettings = { ...DEFAULT_SETTINGS, maxProblems: 25 };

/** What edits insert: structure, line ends of every kind, awkward characters, damaged letters. */
const PIECE = fc.constantFrom(
  "\n",
  "\r\n",
  "\n\n",
  "x",
  " ",
  "-",
  "-\n",
  "é",
  "e\u0301",
  "𝐀",
  "😀",
  "\u00ad",
  "ﬁ",
  "The PRESIDENT: ",
  "\nThe President: ",
  "\nMr. Smith (France): ",
  "\nMrs. Ng (Singapore) (spoke in French): ",
  "(spoke in Arabic)",
  "armÉe",
  "armée",
  "armèe",
  "Gеneva",
  "Geneva",
  "the North Atlantic Treaty Organization (NATO)",
  " NATO ",
  "on 3 June 2016",
  "In favour:\nFrance, Chad\nAgainst:\nNone\n",
  "2/17 16-43375\n",
  "thejoint",
  "SecretaryGeneral",
  "\nMr. Smith (Frnace): ",
  "\nMr. Ortega: (Peru): ",
  "\nMr. Benali (Algeria)\n: ",
  "on Tuesday, 14 December 2016",
  "31 April 2019",
  "x".repeat(60),
  "",
);

type Edit =
  | { kind: "splice"; at: number; remove: number; pieces: string[] }
  | { kind: "lines"; at: number; count: number }
  | { kind: "paragraph"; from: number; to: number; move: boolean };

const EDIT: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant("splice" as const),
    at: fc.nat(),
    remove: fc.nat(30),
    pieces: fc.array(PIECE, { maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant("lines" as const), at: fc.nat(), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant("paragraph" as const), from: fc.nat(), to: fc.nat(), move: fc.boolean() }),
);

/** The start of the line holding `at`, and of the line `count` lines further (or the end). */
function lineSpan(index: LineIndex, text: string, at: number, count: number): [number, number] {
  const line = index.positionAt(at % (text.length + 1)).line;
  const end = Math.min(index.lineCount, line + count);
  return [index.offsetAt({ line, character: 0 }), end >= index.lineCount ? text.length : index.starts[end]];
}

/** The paragraph around `at`: from the blank line before it to the blank line after it. */
function paragraphSpan(text: string, at: number): [number, number] {
  const k = at % (text.length + 1);
  const before = text.lastIndexOf("\n\n", k);
  const after = text.indexOf("\n\n", k);
  return [before < 0 ? 0 : before + 1, after < 0 ? text.length : after + 1];
}

/** The edit as a client sends it (a range and its new text), and the text it makes. */
function apply(text: string, e: Edit): { start: number; end: number; inserted: string } {
  const index = new LineIndex(text);
  if (e.kind === "splice") {
    const start = e.at % (text.length + 1);
    return { start, end: Math.min(text.length, start + e.remove), inserted: e.pieces.join("") };
  }
  if (e.kind === "lines") {
    const [start, end] = lineSpan(index, text, e.at, e.count);
    return { start, end, inserted: "" };
  }
  // A paragraph copied (or moved: the copy replaces the paragraph the place falls in) to a line start.
  const [from, to] = paragraphSpan(text, e.from);
  const [at] = lineSpan(index, text, e.to, 1);
  const moved = text.slice(from, to);
  if (!e.move || (at >= from && at <= to)) return { start: at, end: at, inserted: moved };
  const [start, end] = paragraphSpan(text, e.to);
  return { start, end, inserted: moved };
}

/** The diagnostics by rule, with the document's own URI (in related information) made neutral. */
function byRule(result: { diagnostics: Diagnostic[] }, uri: string): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>(RULES.map((r) => [r.code, []]));
  for (const d of result.diagnostics) {
    const neutral = JSON.parse(JSON.stringify(d).replaceAll(JSON.stringify(uri), '"<this document>"'));
    out.get(String(d.code))?.push(neutral);
  }
  return out;
}

/** The rules that found something in some version the tests compared (none compared on nothing only). */
const exercised = new Set<string>();
/** How many capped comparisons had findings past the cap (counted, not built). */
let pastCap = 0;

/** Random edit sequences on `base`: after each edit, every rule's findings equal a fresh analysis's. */
function editsEqualFresh(name: string, base: string, o: { runs: number; edits: number; seed: number }): void {
  let run = 0;
  fc.assert(
    fc.property(fc.array(EDIT, { minLength: 1, maxLength: o.edits }), (edits) => {
      const uri = `file:///incremental-rules/${name}-${++run}.txt`;
      let text = base;
      service().diagnostics(doc(text, uri, 1), ALL);
      // An editor settles a version (the work its analysis left for later) when it has time: here
      // after every other version, so that the next one either corrects the counts settled or
      // (its analyst busy) finds none to correct.
      service().settle(uri);
      edits.forEach((e, k) => {
        const { start, end, inserted } = apply(text, e);
        text = text.slice(0, start) + inserted + text.slice(end);
        const version = k + 2;
        const fresh = `${uri}-fresh-${version}`;
        const incremental = byRule(service().diagnostics(doc(text, uri, version), ALL), uri);
        const capped = service().diagnostics(doc(text, uri, version), CAPPED);
        if (k % 2 === 1) service().settle(uri);
        const anew = byRule(service().diagnostics(doc(text, fresh, version), ALL), fresh);
        const cappedAnew = service().diagnostics(doc(text, fresh, version), CAPPED);
        service().forget(fresh);
        if (cappedAnew.dropped > 0) pastCap++;
        // Under a cap: the same diagnostics kept, counted and dropped.
        assert.deepEqual(
          [byRule(capped, uri), capped.counts, capped.dropped],
          [byRule(cappedAnew, fresh), cappedAnew.counts, cappedAnew.dropped],
          `capped at ${CAPPED.maxProblems} after edit ${k + 1} of ${JSON.stringify(edits)}`,
        );
        for (const rule of RULES) {
          if (anew.get(rule.code)?.length) exercised.add(rule.code);
          assert.deepEqual(
            incremental.get(rule.code),
            anew.get(rule.code),
            `${rule.code} after edit ${k + 1} of ${JSON.stringify(edits)}`,
          );
        }
      });
      service().forget(uri);
    }),
    propertyRuns(o.runs, o.seed),
  );
}

/** Records of each era (PDF.js's text of test/corpus/eras, one as pdftotext gives it), and a General Debate speech. */
const RECORDS: [string, string][] = [
  ["S_PV.492 (1950)", readCorpus("eras", "text", "pdfjs", "S_PV.492.txt")],
  ["A_48_PV.46 (1993)", readCorpus("eras", "text", "pdfjs", "A_48_PV.46.txt")],
  ["A_64_PV.121 (2010)", readCorpus("eras", "text", "pdfjs", "A_64_PV.121.txt")],
  ["S_PV.8422 (2018)", readCorpus("eras", "text", "pdfjs", "S_PV.8422.txt")],
  ["S_PV.10100", readCorpus("eras", "text", "pdfjs", "S_PV.10100.txt")],
  ["A_64_PV.121, pdftotext without options", readCorpus("eras", "text", "plain", "A_64_PV.121.txt")],
  ["ungdc ESP_50_1995", readCorpus("ungdc", "ESP_50_1995.txt")],
];

describe("every rule's findings after random edits of real records equal a fresh analysis's", () => {
  RECORDS.forEach(([name, text], k) => {
    it(`${name} (property)`, () => {
      // The long records get fewer runs: each step analyses the whole record afresh for comparison.
      const long = text.length > 100_000;
      editsEqualFresh(name, text, { runs: long ? 3 : 6, edits: long ? 5 : 8, seed: 20261206 + k });
    });
  });
});

/** Versions analysed one after another under one URI: each compared with a fresh analysis. */
function sequence(versions: string[]): Map<string, unknown[]>[] {
  const uri = `file:///incremental-rules/sequence-${Math.random()}.txt`;
  const out = versions.map((text, k) => {
    const fresh = `${uri}-fresh-${k}`;
    const incremental = byRule(service().diagnostics(doc(text, uri, k + 1), ALL), uri);
    service().settle(uri);
    const anew = byRule(service().diagnostics(doc(text, fresh, k + 1), ALL), fresh);
    service().forget(fresh);
    for (const rule of RULES) {
      if (anew.get(rule.code)?.length) exercised.add(rule.code);
      assert.deepEqual(incremental.get(rule.code), anew.get(rule.code), `${rule.code}, v${k + 1}`);
    }
    return incremental;
  });
  service().forget(uri);
  return out;
}

describe("what a rule counts over the record follows the edit", () => {
  it("a damaged letter's likely spelling: on a tie, the one the text writes first, whatever came first in the edits", () => {
    // The counts of every word are corrected by each edit, so a spelling typed later is counted
    // later: the tie must still go to the spelling that stands first in the text.
    const v1 = "An opening line.\nWe thank the armèe of the region.\n\nThe armÉe came.\n";
    const v2 = v1.replace("An opening line.", "The armée was there.");
    const [first, second] = sequence([v1, v2]);
    const message = (m: Map<string, unknown[]>) => JSON.stringify(m.get("character-damage"));
    assert.match(message(first), /likely “armèe”/);
    assert.match(message(second), /likely “armée”/, "the spelling written first");
  });

  it("a spelling deleted by an edit no longer counts, and one typed again counts once more", () => {
    const v1 = "The Gеneva talks.\n\nIn Geneva and Geneva.\n\nIn Genève.\n";
    const [, second, third] = sequence([v1, v1.replace("In Geneva and Geneva.", "In Berne."), v1]);
    assert.doesNotMatch(JSON.stringify(second.get("character-damage")), /document writes “Geneva”/);
    assert.match(JSON.stringify(third.get("character-damage")), /document writes “Geneva” 2 times/);
  });

  it("fused words on the lines an edit joins, splits, adds and removes, before, inside and after the others", () => {
    // fused-words keeps the list of lines holding unknown words from version to version: a line
    // joined to the next, split in two, or pushed down by lines added above must be found again.
    const v1 = "We met thejoint committee in Genève.\nThe peace talks went on.\n\nWe said 𝐀 word,\nandthen left.\n";
    const joined = v1.replace("Genève.\nThe", "Genève. The");
    const split = joined.replace("committee in", "committee\nin");
    const above = `Theirwork began. 😀\n\n${split}`;
    const removed = above.replace("We met thejoint committee\n", "");
    const found = sequence([v1, joined, split, above, removed, v1]);
    const words = found.map((m) => (m.get("fused-words") ?? []).length);
    assert.deepEqual(words, [2, 2, 2, 3, 2, 2]);
  });

  it("damaged characters and letters on the lines an edit joins, splits, adds and removes", () => {
    // character-damage keeps the lists of lines with damage and with doubtful letters likewise.
    const v1 = "The ﬁrst Gеneva talks.\nIn Geneva, the armée.\n\nThe armÉe came\nto Geneva.\n";
    const joined = v1.replace("came\nto", "came to");
    const split = joined.replace("ﬁrst Gеneva", "ﬁrst\nGеneva");
    const above = `A form\u00ADfeed in 𝐀 Gеneva.\n\n${split}`;
    const removed = above.replace("The ﬁrst\n", "");
    const found = sequence([v1, joined, split, above, removed, v1]);
    const damage = found.map((m) => (m.get("character-damage") ?? []).length);
    assert.deepEqual(damage, [3, 3, 3, 5, 4, 3]);
  });

  it("sentences cut by blank lines and furniture, as edits make and mend the cuts, before, inside and after the others", () => {
    // split-paragraph keeps the previous version's gaps and reads again only the stretches around
    // the lines an edit changed, in text or in kind, moving the gaps after them.
    const v1 =
      "We met the members and\n\njustify the 𝐀 agenda.\nThe talks in Genève,\n\nwent on.\n\nThe end of\n\nthe day.\n";
    const closed = v1.replace("members and", "members.");
    const ended = closed.replace("The talks in Genève,", "The talks in Genève.");
    const blanks = ended.replace("\n\nthe day", "\n\n\n\nthe day");
    const above = `A cut before\n\nthe others.\n\n${blanks}`;
    const joined = above.replace("The end of\n\n\n\nthe day", "The end of the day");
    const found = sequence([v1, closed, ended, blanks, above, joined, v1]);
    const cuts = found.map((m) => (m.get("split-paragraph") ?? []).length);
    assert.deepEqual(cuts, [3, 2, 1, 1, 2, 1, 3]);
  });

  it("over-long runs on the lines an edit joins, splits, adds and removes", () => {
    // not-checked keeps the list of lines with a run longer than any word likewise.
    const run = `é${"x".repeat(60)}`;
    const v1 = `A line.\nThe ${run} run\nends here.\n\nMore.\n`;
    const joined = v1.replace("run\nends", "run ends");
    const split = joined.replace("The ", "The\n");
    const above = `Two 𝐀 ${run}${run} runs.\n\n${split}`;
    const removed = above.replace(`The\n${run} run ends here.\n`, "");
    const found = sequence([v1, joined, split, above, removed, v1]);
    const messages = found.map((m) => JSON.stringify(m.get("not-checked") ?? []));
    assert.deepEqual(
      messages.map((m) => /\((\d) such runs/.exec(m)?.[1] ?? (m.includes("A run of") ? "1" : "0")),
      ["1", "1", "1", "2", "1", "1"],
    );
  });

  it("lost hyphens, a speaker written two ways and an over-long run, typed into a record and deleted", () => {
    // pdftotext's text without options: long lines, no line-end hyphens, where hyphens get lost.
    const record = readCorpus("eras", "text", "plain", "S_PV.8422.txt");
    const middle = record.indexOf("\n\n", record.length / 2) + 2;
    const insert = (text: string, what: string) => text.slice(0, middle) + what + text.slice(middle);
    const lost = insert(record, "The Secretary-General spoke, and the SecretaryGeneral again.\n\n");
    const speakers = insert(
      lost,
      "Mr. Smith (France): We agree.\n\nMr. Smith (France): Again.\n\nMr. Smíth (France): And again.\n\n",
    );
    const long = insert(speakers, `A word ${"x".repeat(60)} too long.\n\n`);
    const found = sequence([record, lost, speakers, long, speakers, record]);
    for (const [k, code] of [
      [1, "lost-hyphen"],
      [2, "speaker-inconsistent"],
      [3, "not-checked"],
    ] as const)
      assert.ok(found[k].get(code)?.length, `${code} in version ${k + 1}`);
  });
});

describe("what a rule counts, analysed once or for an editor", () => {
  it("a damaged letter's likely spelling is the same from the word counts an editor keeps as from a walk over the text", () => {
    // The command line (`oneShot`) counts the words it needs in one walk; an editor's analysis
    // keeps the count of every word for the next version: both must say the same.
    const once = createLanguageService({ oneShot: true });
    const editor = createLanguageService();
    const damaged =
      "An opening line.\nThe armée and the armèe.\n\nThe armÉe came, and the ConcepciÛn, and the Gеneva talks.\n\nIn Geneva, Concepción.\n";
    const texts = [damaged, ...RECORDS.map(([, text]) => text), `${RECORDS[1][1]}\n\n${damaged}`];
    let letters = 0;
    texts.forEach((text, k) => {
      const uri = `file:///once/${k}.txt`;
      const a = once.diagnostics(doc(text, uri), ALL).diagnostics;
      // An editor's first version counts as the command line does and leaves the count of every
      // word for later (`settle`); its next version reads that count.
      const b = editor.diagnostics(doc(text, uri, 1), ALL).diagnostics;
      editor.settle(uri);
      const c = editor.diagnostics(doc(`${text}\n`, uri, 2), ALL).diagnostics;
      assert.deepEqual(a, b);
      once.forget(uri);
      assert.deepEqual(c, once.diagnostics(doc(`${text}\n`, uri, 2), ALL).diagnostics);
      letters += a.filter((d) => d.code === "character-damage" && d.message.includes("likely")).length;
    });
    assert.ok(letters >= 6, `${letters} damaged letters`);
  });
});

describe("the comparisons above", () => {
  it("compared every rule on findings, not on nothing (the ones plain text can give)", () => {
    // An unreadable document, columns side by side and OCR words do not come from typing.
    const typed = RULES.map((r) => r.code).filter(
      (c) => !["unreadable-document", "two-column-layout", "ocr-uncertain", "bold-header"].includes(c),
    );
    assert.deepEqual(
      typed.filter((c) => !exercised.has(c)),
      [],
    );
  });

  it("compared versions whose findings went past the cap", () => {
    assert.ok(pastCap > 10, `${pastCap} versions past the cap`);
  });
});
