// The resolution a scanned page is read at (issue 24's 3 s a page): the size of its type measured
// on its rendering (typesize.ts), a page of body type brought down from 300 to 200 dpi, small type
// and low-resolution scans left as rendered (engine.ts `forReading`). On real kept pages
// (test/corpus/scans, its README): rendered with poppler's pdftoppm as engine.ts renders them.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { forReading, renderArgs } from "../../server/src/pdf/ocr/engine";
import { type Grey, readPgm, readTiff } from "../../server/src/pdf/ocr/reread";
import { linesFromTsv } from "../../server/src/pdf/ocr/tsv";
import { MIN_X_HEIGHT, readingScale, shrink, typeSize } from "../../server/src/pdf/ocr/typesize";
import { ROOT } from "./helpers";

const SCANS = join(ROOT, "test", "corpus", "scans");
const dir = mkdtempSync(join(tmpdir(), "verbatim-typesize-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A page of a kept scan rendered in grey at `dpi`, as engine.ts renders it: the PGM's path. */
function render(pdf: string, page: number, dpi: number): string {
  const base = join(dir, `${pdf}-${page}-${dpi}`);
  execFileSync("pdftoppm", renderArgs(join(SCANS, pdf), page, dpi, base));
  return `${base}.pgm`;
}

const grey = (file: string): Grey => {
  const g = readPgm(readFileSync(file));
  assert.ok(g);
  return g;
};

describe("OCR: the size of a scanned page's type", () => {
  it("reads a body's 10-point type at 200 dpi: 19 px of x-height at 300, 12.7 at 200", () => {
    // Four pieces of page 2 of synthetic scans (S/PV.8699 (Resumption 1), A/76/PV.102,
    // A/64/PV.121), scanned at 300 dpi: the body type of the 2020s' records.
    for (const page of [1, 2, 3, 4]) {
      const file = render("accents.synthetic.pdf", page, 300);
      const { small, heights } = typeSize(grey(file));
      assert.ok(heights.length >= 4, `page ${page}: ${heights.length} pieces of lines`);
      assert.ok(small >= 18 && small <= 20, `page ${page}: x-height ${small} px`);
      assert.deepEqual(readingScale(small), [2, 3]);
      const read = forReading(file, 300, 300);
      assert.equal(read.dpi, 200);
      assert.equal(read.full?.scale, 1.5);
      // The file Tesseract reads is the page brought down (a TIFF beside the rendering), and what
      // the names are cut from the page as rendered.
      assert.notEqual(read.read, file);
      const written = readTiff(readFileSync(read.read));
      assert.ok(read.image && written);
      assert.deepEqual([written.width, written.height], [read.image.width, read.image.height]);
      assert.ok(Buffer.from(written.pixels).equals(Buffer.from(read.image.pixels)));
      assert.equal(read.full?.image.width, 3 * Math.floor((read.image?.width ?? 0) / 2));
    }
  });

  it("keeps a cover's members list and its dot leaders at 300 dpi", () => {
    // S/PV.10100's cover: at 240 dpi Tesseract loses the country names beside the leaders
    // (bench/RESULTS.md, "Where a scanned page's time goes").
    const file = render("S_PV.10100.p1-top.pdf", 1, 300);
    const { small, heights } = typeSize(grey(file));
    assert.ok(heights.length > 20);
    assert.ok(small < (MIN_X_HEIGHT * 3) / 2, `small type ${small} px`);
    assert.deepEqual(readingScale(small), [1, 1]);
    const read = forReading(file, 300, 300);
    assert.equal(read.dpi, 300);
    assert.equal(read.full, undefined);
  });

  it("leaves a low-resolution scan as rendered: the 1950 scan's 151 dpi at 302", () => {
    // Its type would read at less, but the twice-over rendering is for its faint, broken strokes.
    const file = render("S_PV.492.p2-3.pdf", 1, 302);
    const before = readFileSync(file);
    const read = forReading(file, 302, 151);
    assert.equal(read.dpi, 302);
    assert.equal(read.full, undefined);
    assert.deepEqual(readFileSync(file), before);
    // Given to Tesseract as rendered, the same pixels in a TIFF.
    const tiff = readTiff(readFileSync(read.read));
    assert.ok(tiff && read.image);
    assert.deepEqual([tiff.width, tiff.height], [read.image.width, read.image.height]);
    assert.ok(Buffer.from(tiff.pixels).equals(Buffer.from(grey(file).pixels)));
  });

  it("finds no line on a blank page, and leaves it as it is", () => {
    const blank = { width: 600, height: 800, pixels: new Uint8Array(600 * 800).fill(255) };
    assert.deepEqual(typeSize(blank), { heights: [], small: 0 });
    assert.deepEqual(readingScale(0), [1, 1]);
    assert.deepEqual(typeSize({ width: 0, height: 0, pixels: new Uint8Array(0) }), { heights: [], small: 0 });
  });

  it("brings down as far as the small type stays 12 px high", () => {
    assert.deepEqual(readingScale(19), [2, 3]);
    assert.deepEqual(readingScale(18), [2, 3]);
    assert.deepEqual(readingScale(17), [1, 1]);
    assert.deepEqual(readingScale(24), [1, 2]);
    assert.deepEqual(readingScale(4), [1, 1]);
  });
});

describe("OCR: a page brought down", () => {
  it("averages each new pixel's share of the old: 2 for 3", () => {
    // Three by three old pixels → two by two new: (2a + b) / 3 across, then down.
    const image = { width: 3, height: 3, pixels: Uint8Array.from([0, 90, 180, 0, 90, 180, 255, 255, 255]) };
    const s = shrink(image, 2, 3);
    assert.equal(s.width, 2);
    assert.equal(s.height, 2);
    // Across, in thirds: rows 1 and 2 [2·0 + 90, 90 + 2·180] = [90, 450], row 3 [765, 765]; down:
    // (2·90 + 90) / 9, (2·450 + 450) / 9, then (90 + 2·765) / 9, (450 + 2·765) / 9.
    assert.deepEqual([...s.pixels], [30, 150, 180, 220]);
  });

  it("keeps a flat page flat, 1 for 2 and 2 for 3, and drops only the last partial group", () => {
    const flat = { width: 301, height: 200, pixels: new Uint8Array(301 * 200).fill(137) };
    for (const [p, q] of [
      [1, 2],
      [2, 3],
    ]) {
      const s = shrink(flat, p, q);
      assert.equal(s.width, Math.floor(301 / q) * p);
      assert.equal(s.height, Math.floor(200 / q) * p);
      assert.ok(s.pixels.every((v) => v === 137));
    }
    assert.throws(() => shrink(flat, 3, 4), RangeError);
  });
});

describe("OCR: an opening bracket read alone at 200 dpi", () => {
  // Tesseract's TSV of a header of A/48/PV.46's page 24 read at 200 dpi (its synthetic scan,
  // bench/ocr.ts): `(` and `interpretation` read as two words 3 px apart.
  const rows = (gap: number) =>
    [
      "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
      "1\t1\t0\t0\t0\t0\t0\t0\t1700\t2200\t-1\t",
      "5\t1\t3\t1\t1\t1\t222\t310\t40\t19\t96.160378\tMr.",
      "5\t1\t3\t1\t1\t2\t279\t310\t147\t20\t92.865425\tGONZALEZ",
      "5\t1\t3\t1\t1\t3\t440\t312\t106\t20\t92.780212\tBUSTOS",
      "5\t1\t3\t1\t1\t4\t562\t313\t101\t23\t93.290131\t(Mexico)",
      "5\t1\t3\t1\t1\t5\t679\t315\t7\t21\t92.977928\t(",
      `5\t1\t3\t1\t1\t6\t${686 + gap}\t310\t151\t33\t96.541351\tinterpretation`,
    ].join("\n");
  const words = (gap: number) =>
    linesFromTsv(1, rows(gap), 200, { width: 612, height: 816 })[0].words.map((w) => w.text);

  it("joins the word after it when closer than a word space", () => {
    assert.deepEqual(words(3), ["Mr.", "GONZALEZ", "BUSTOS", "(Mexico)", "(interpretation"]);
  });

  it("leaves it where a word space or more lies between", () => {
    assert.deepEqual(words(20), ["Mr.", "GONZALEZ", "BUSTOS", "(Mexico)", "(", "interpretation"]);
  });
});
