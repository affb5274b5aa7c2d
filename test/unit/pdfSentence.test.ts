import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { type ImportedRecord, importPdf, TextLink } from "../../server/src/pdf";
import { sentenceAround } from "../../server/src/pdf/sentence";
import { SC2020 } from "../corpus/records";

// The view beside the text marks the sentence at the cursor, not the whole paragraph (issue 25):
// on a real record imported one paragraph a line, and on pdftotext's text, kept with its lines,
// where the line is marked.

const RECORD = "S_PV.8700";
let record: Promise<ImportedRecord> | undefined;
const imported = () => {
  record ??= importPdf(readFileSync(join(SC2020, `${RECORD}.pdf`))).then((r) => {
    assert.ok(r.ok);
    return r;
  });
  return record;
};

const sentences = (text: string) => {
  const out: string[] = [];
  for (let at = 0; at < text.length; ) {
    const [a, b] = sentenceAround(text, 0, text.length, at);
    assert.equal(a, at);
    out.push(text.slice(a, b));
    at = b;
  }
  return out;
};

describe("the sentence around a place of a text", () => {
  it("ends sentences at . ! ? … before white space, not after an initial, a short title or before lower case", () => {
    assert.deepEqual(
      sentences("I thank Mr. Pedersen for his briefing. Is it so? “Yes.” J. K. Rowling wrote (e.g. this). Done… End"),
      [
        "I thank Mr. Pedersen for his briefing. ",
        "Is it so? ",
        "“Yes.” ",
        "J. K. Rowling wrote (e.g. this). ",
        "Done… ",
        "End",
      ],
    );
    // A speaker's header apart from the speech; a colon inside a sentence is not an end.
    assert.deepEqual(sentences("Ms. Roe (Chile) (spoke in Spanish): I thank him: he came. The vote: 13 in favour."), [
      "Ms. Roe (Chile) (spoke in Spanish): ",
      "I thank him: he came. ",
      "The vote: 13 in favour.",
    ]);
    // Symbols and numbers with periods inside are not ends.
    assert.deepEqual(sentences("See S/PV.8700 and 1.5 per cent. Next"), ["See S/PV.8700 and 1.5 per cent. ", "Next"]);
  });

  it("gives the sentence of a place between two sentences as the one before, and is bounded by [from, to)", () => {
    const text = "xx A first. A second. yy";
    assert.deepEqual(sentenceAround(text, 3, 21, 10), [3, 12]);
    assert.deepEqual(sentenceAround(text, 3, 21, 11), [3, 12]);
    assert.deepEqual(sentenceAround(text, 3, 21, 12), [12, 21]);
    assert.deepEqual(sentenceAround(text, 3, 21, 20), [12, 21]);
  });
});

describe("the boxes marked for the cursor on a real record", () => {
  it("marks the sentence at the cursor in a paragraph: its words' boxes, none of the other sentences'", async () => {
    const r = await imported();
    const link = new TextLink(r.source, r.text);
    const lines = r.text.split("\n");
    // Paragraphs of prose, all their words found in the PDF.
    const tried = lines.flatMap((l, n) => {
      const page = r.source.pageOfLine(n);
      if (page === undefined || r.source.boxesOfLine(n).length !== r.source.wordsOnLine(n).length) return [];
      const parts = sentences(l);
      // Prose: three sentences or more of three words or more each (not a cover's dotted leaders).
      const prose = parts.every((p) => (p.match(/\p{L}{2,}/gu)?.length ?? 0) >= 3);
      return parts.length >= 3 && prose ? [n] : [];
    });
    assert.ok(tried.length > 20, `${tried.length} paragraphs`);
    for (const n of tried) {
      const line = lines[n];
      const parts = sentences(line);
      // The cursor in the second sentence's second word.
      const start = parts[0].length;
      const character = start + parts[1].indexOf(" ") + 1;
      const at = link.boxesAt(n, character);
      assert.ok(at, `line ${n + 1}`);
      const end = start + parts[1].length;
      const want = r.source
        .wordsOnLine(n)
        .filter((w) => w.start >= start && w.end <= end)
        .flatMap((w) => w.boxes);
      assert.deepEqual(at.boxes, want, `line ${n + 1}: ${parts[1]}`);
      assert.ok(at.boxes.length < r.source.boxesOfLine(n).length);
    }
  });

  it("marks a speech's header apart from its first sentence, and shows the page of the cursor's part of a paragraph over a page break", async () => {
    const r = await imported();
    const link = new TextLink(r.source, r.text);
    const lines = r.text.split("\n");
    const headers = lines.flatMap((l, n) => (/^(?:Mr|Mrs|Ms)\. [^:]{1,200}\):/.test(l) ? [n] : []));
    assert.ok(headers.length > 5);
    for (const n of headers) {
      const colon = lines[n].indexOf("):") + 2;
      const want = r.source
        .wordsOnLine(n)
        .filter((w) => w.end <= colon)
        .flatMap((w) => w.boxes);
      assert.deepEqual(link.boxesAt(n, 2)?.boxes, want, lines[n].slice(0, colon));
    }
    // Paragraphs whose words are on two pages.
    const split = lines.flatMap((_, n) => {
      const pages = new Set(r.source.wordsOnLine(n).flatMap((w) => w.boxes.map((b) => b.page)));
      return pages.size === 2 ? [n] : [];
    });
    assert.ok(split.length >= 5, `${split.length} paragraphs over a page break`);
    for (const n of split) {
      const words = r.source.wordsOnLine(n);
      const first = words[0].boxes[0].page;
      const last = words[words.length - 1];
      const atEnd = link.boxesAt(n, last.start);
      assert.equal(atEnd?.page, last.boxes[0].page, `line ${n + 1}, at its end`);
      assert.notEqual(atEnd?.page, first);
      assert.ok(atEnd?.boxes.every((b) => b.page === atEnd.page));
      assert.equal(link.boxesAt(n, 0)?.page, first, `line ${n + 1}, at its start`);
    }
  });

  it("marks the whole line in pdftotext's text, kept with the PDF's lines", async () => {
    const r = await imported();
    const raw = readFileSync(join(SC2020, "text", "raw", `${RECORD}.txt`), "utf8");
    const link = new TextLink(r.source, raw);
    const lines = raw.split("\n");
    // Lines where a sentence ends and another starts.
    const tried = lines.flatMap((l, n) => (sentences(l).length >= 2 && l.length > 40 ? [n] : []));
    assert.ok(tried.length > 20, `${tried.length} lines`);
    let same = 0;
    for (const n of tried) {
      const at = link.boxesAt(n, lines[n].length - 1);
      const all = link.boxesOfLine(n, at?.page);
      if (at && all.length && at.boxes.length === all.length) same++;
    }
    // Every line matched to the PDF is marked whole (a line pdftotext joined from two columns may not be).
    assert.ok(same >= tried.length * 0.9, `${same} of ${tried.length} lines marked whole`);
  });
});
