import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { findDocumentRefs } from "../../server/src/model/documentRefs";
import { endsInPeriodWord } from "../../server/src/model/furniture";
import { ENDS_SENTENCE, lineShape, STRUCTURE_PREFIX } from "../../server/src/model/parse/state";
import type { DocumentRef } from "../../server/src/model/types";
import { ENDS_SENTENCE as ENDS_SENTENCE_RULE, lineTail } from "../../server/src/rules/splitParagraph";
import { CORPUS, readCorpus } from "./helpers";

// What a line's start and end hold, read from its characters instead of by trimmed copies and
// patterns (issue 28, open11): each answer is the one the patterns it replaced gave.

/** Folders of real records' texts: the General Debate's, the seeds, Security Council and other eras' records. */
const CORPUS_TEXTS = ["ungdc", "seeds", "sc2020/text/pdfjs", "eras/text/pdfjs"];

/** Characters the tails are made of: every kind of white space, sentence ends, closers, others. */
const TAIL_PIECES = fc.constantFrom(
  " ",
  "\t",
  "\u00A0",
  "\u2003",
  "\u3000",
  "\uFEFF",
  "\u2028",
  "\v",
  "\f",
  "\r",
  "\u200B",
  "\u180E",
  ".",
  "!",
  "?",
  ":",
  ";",
  "…",
  '"',
  "”",
  "’",
  "»",
  ")",
  "]",
  "'",
  ",",
  "-",
  "a",
  "Z",
  "é",
  "𝐀",
  "\uD800",
  "\uDC00",
  "1",
  "session",
  "year",
);

/** `lineShape` as it was: trimmed copies and ENDS_SENTENCE. */
function shapeByPatterns(line: string): [number, number] {
  const width = line.trimEnd().length;
  const headEnds = ENDS_SENTENCE.test(line.slice(0, STRUCTURE_PREFIX).trim());
  const lineEnds = line.length <= STRUCTURE_PREFIX ? headEnds : ENDS_SENTENCE.test(line.trimEnd());
  return [line.length - line.trimStart().length, width * 2 + (lineEnds ? 1 : 0)];
}

function shape(line: string): [number, number] {
  const values = new Int32Array(4);
  lineShape(line, values, 2);
  return [values[2], values[3]];
}

describe("a line's shape read from its characters", () => {
  it("is the shape the trimmed copies and ENDS_SENTENCE give (property)", () => {
    fc.assert(
      fc.property(fc.array(TAIL_PIECES, { maxLength: 30 }), fc.nat(700), (pieces, pad) => {
        const line = pieces.join("");
        assert.deepEqual(shape(line), shapeByPatterns(line), JSON.stringify(line));
        // A line longer than what the structure passes read: its whole end decides.
        const long = `${"x".repeat(pad)} ${line}`;
        assert.deepEqual(shape(long), shapeByPatterns(long), JSON.stringify(long));
      }),
      { numRuns: 3000 },
    );
  });

  it("is the patterns' shape on every line of the corpus", () => {
    for (const dir of CORPUS_TEXTS) {
      for (const f of readdirSync(join(CORPUS, dir)).filter((f) => f.endsWith(".txt"))) {
        for (const line of readCorpus(dir, f).split(/\r\n|\r|\n/))
          assert.deepEqual(shape(line), shapeByPatterns(line), `${f}: ${JSON.stringify(line)}`);
      }
    }
  });

  it("counts a sentence's end before closers and trailing white space, not before other characters", () => {
    assert.deepEqual(shape("  He said so.”) \u00A0"), [2, 15 * 2 + 1]);
    assert.deepEqual(shape("  He said so, \t"), [2, 13 * 2]);
    assert.deepEqual(shape(" \t\u3000"), [3, 0]);
    assert.deepEqual(shape(""), [0, 0]);
  });
});

// The document symbols' patterns as findDocumentRefs has them, run on every line by `matchAll`.
const SYMBOL =
  /(?<![\p{L}\p{N}/])(?:A|S|E|T|ST|DP|TD|HRC|UNEP|CRC|CCPR|CERD|CEDAW|CAT|CRPD|CMW|CED|E\/CN\.\d{1,2})(?:\/(?:[A-Z][A-Za-z]{0,11}\.?\d{0,5}(?:\.\d{1,3})?|\d{1,5}(?:\.\d{1,3})?|[A-Z]{1,4}-\d{1,2}))+(?:[ \u00A0]?\(\d{4}\))?(?![\p{L}\p{N}])/gu;
const RESOLUTIONS =
  /\b[Rr][eé]solu(?:tion|ción|ciones|tions)?s?[ \u00A0]+(?:\d{1,4}[ \u00A0]?\(\d{4}\)|\d{1,2}\/\d{1,3}[A-Z]?)(?:(?:,[ \u00A0]*|,?[ \u00A0]+(?:and|et|y)[ \u00A0]+)(?:\d{1,4}[ \u00A0]?\(\d{4}\)|\d{1,2}\/\d{1,3}[A-Z]?))*/gu;
const RESOLUTION_ITEM = /(\d{1,4})[ \u00A0]?\((\d{4})\)|(\d{1,2})\/(\d{1,3}[A-Z]?)/gu;

function refsByPatterns(text: string, offset: number): DocumentRef[] {
  const found: DocumentRef[] = [];
  for (const m of text.matchAll(SYMBOL)) {
    if (!/\d/.test(m[0])) continue;
    const start = offset + (m.index ?? 0);
    found.push({ span: { start, end: start + m[0].length }, text: m[0], symbol: m[0].replace(/[ \u00A0]/g, "") });
  }
  for (const m of text.matchAll(RESOLUTIONS)) {
    for (const item of m[0].matchAll(RESOLUTION_ITEM)) {
      const start = offset + (m.index ?? 0) + (item.index ?? 0);
      const symbol = item[1] ? `S/RES/${item[1]}(${item[2]})` : `A/RES/${item[3]}/${item[4]}`;
      if (found.some((f) => f.span.start <= start && start < f.span.end)) continue;
      found.push({ span: { start, end: start + item[0].length }, text: item[0], symbol });
    }
  }
  return found.sort((a, b) => a.span.start - b.span.start);
}

function refs(text: string, offset: number): DocumentRef[] {
  const out: DocumentRef[] = [];
  findDocumentRefs(text, offset, out);
  return out;
}

const REF_PIECES = fc.constantFrom(
  "A/",
  "S/",
  "E/CN.4/",
  "RES/",
  "/",
  "71",
  "2178",
  " (2014)",
  "(2001)",
  "resolution ",
  "résolutions ",
  "Resolutions ",
  "resolución ",
  "Resoluciones ",
  "resolu ",
  "solution",
  " and ",
  ", ",
  "PV.",
  "L.3/Rev.1",
  "HRC",
  "x",
  " ",
  "\u00A0",
);

describe("a line's document symbols, each pattern run only where its letters are", () => {
  it("are the symbols every pattern run on every line finds (property)", () => {
    fc.assert(
      fc.property(fc.array(REF_PIECES, { maxLength: 20 }), fc.nat(5000), (pieces, offset) => {
        const line = pieces.join("");
        assert.deepEqual(refs(line, offset), refsByPatterns(line, offset), JSON.stringify(line));
      }),
      { numRuns: 3000 },
    );
  });

  it("are the patterns' symbols on every line of the corpus", () => {
    let lines = 0;
    for (const dir of CORPUS_TEXTS) {
      for (const f of readdirSync(join(CORPUS, dir)).filter((f) => f.endsWith(".txt"))) {
        for (const line of readCorpus(dir, f).split(/\r\n|\r|\n/)) {
          const want = refsByPatterns(line, 7);
          if (want.length) lines++;
          assert.deepEqual(refs(line, 7), want, `${f}: ${JSON.stringify(line)}`);
        }
      }
    }
    // The corpus holds symbols and resolutions to find: the comparison is not of empty lists alone.
    assert.ok(lines > 50, `${lines} lines with references`);
  });
});

/** `lineTail` as it was: three patterns, then the last word. */
function tailByPatterns(line: string, functionWords: ReadonlySet<string>) {
  if (ENDS_SENTENCE_RULE().test(line) || /-\s*$/.test(line)) return { open: false, cutAfterWord: false };
  const last = /([\p{L}\p{N}'’]+)[,]?\s*$/u.exec(line);
  const cutAfterWord = last !== null && (/,\s*$/.test(line) || functionWords.has(last[1].toLowerCase()));
  return { open: true, cutAfterWord };
}

describe("how a line ends, read from its last characters", () => {
  const functionWords = new Set(["the", "of", "and", "session"]);

  it("is what the patterns find: a sentence's end, a hyphen, a comma, a function word (property)", () => {
    fc.assert(
      fc.property(fc.array(TAIL_PIECES, { maxLength: 30 }), (pieces) => {
        const line = pieces.join("");
        assert.deepEqual(lineTail(line, functionWords), tailByPatterns(line, functionWords), JSON.stringify(line));
        assert.equal(endsInPeriodWord(line), /(?:session|year)\s*$/.test(line), JSON.stringify(line));
      }),
      { numRuns: 5000 },
    );
  });

  it("is what the patterns find on every line of the corpus", () => {
    for (const dir of CORPUS_TEXTS) {
      for (const f of readdirSync(join(CORPUS, dir)).filter((f) => f.endsWith(".txt"))) {
        for (const line of readCorpus(dir, f).split(/\r\n|\r|\n/)) {
          assert.deepEqual(lineTail(line, functionWords), tailByPatterns(line, functionWords), `${f}: ${line}`);
          assert.equal(endsInPeriodWord(line), /(?:session|year)\s*$/.test(line), `${f}: ${line}`);
        }
      }
    }
  });

  it("reads final punctuation through closers, and not through other characters", () => {
    assert.deepEqual(lineTail("as he said.”) ", functionWords), { open: false, cutAfterWord: false });
    assert.deepEqual(lineTail("as he said x”", functionWords), { open: true, cutAfterWord: false });
    assert.deepEqual(lineTail("the fifty-", functionWords), { open: false, cutAfterWord: false });
    assert.deepEqual(lineTail("Members of the", functionWords), { open: true, cutAfterWord: true });
    assert.deepEqual(lineTail("Members, \t", functionWords), { open: true, cutAfterWord: true });
    assert.equal(endsInPeriodWord("Fortieth session \u00A0"), true);
    assert.equal(endsInPeriodWord("sessions"), false);
  });
});
