// The resolution a scanned page is read at (issue 24's 3 s a page): the size of its type measured
// on its rendering (typesize.ts), a page of body type brought down from 300 to 200 dpi, small type
// and low-resolution scans left as rendered (engine.ts `forReading`). On real kept pages
// (test/corpus/scans, its README): rendered with poppler's pdftoppm as engine.ts renders them.
import assert from "node:assert/strict";
import { type ChildProcess, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { findEngine, forReading, renderArgs, renderPages } from "../../server/src/pdf/ocr/engine";
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

  it("brings a real page down as the plain box filter does, pixel for pixel", () => {
    // shrink's division by 9 is a multiplication and a shift: the same pixels as a division.
    const page = grey(render("accents.synthetic.pdf", 2, 300));
    for (const [p, q] of [
      [2, 3],
      [1, 2],
    ] as const) {
      const s = shrink(page, p, q);
      const w = Math.floor(page.width / q) * p;
      assert.equal(s.width, w);
      // Weights of each old pixel in its new one: 2 for 3 (2, 1 | 1, 2), 1 for 2 (1, 1).
      const weights =
        p === 2
          ? [
              [2, 1, 0],
              [0, 1, 2],
            ]
          : [[1, 1]];
      let differ = 0;
      for (let y = 0; y < s.height; y++)
        for (let x = 0; x < s.width; x++) {
          const [wy, wx] = [weights[y % p], weights[x % p]];
          const [y0, x0] = [Math.floor(y / p) * q, Math.floor(x / p) * q];
          let sum = 0;
          for (let i = 0; i < q; i++)
            for (let j = 0; j < q; j++) sum += wy[i] * wx[j] * page.pixels[(y0 + i) * page.width + x0 + j];
          if (s.pixels[y * w + x] !== Math.floor((sum + ((q * q) >> 1)) / (q * q))) differ++;
        }
      assert.equal(differ, 0, `${p}:${q}`);
    }
  });
});

describe("OCR: a group's pages rendered by one pdftoppm run", () => {
  it("gives each page the pixels a run of its own gives it, whatever the runs", async () => {
    // The four pages of a kept synthetic scan: 1–2 at 300 dpi in one run, 3 at 200 alone (another
    // resolution), 4 at 300 alone (not next to the others at 300).
    const pdf = join(SCANS, "accents.synthetic.pdf");
    const out = mkdtempSync(join(dir, "group-"));
    const dpis = new Map([
      [1, 300],
      [2, 300],
      [3, 200],
      [4, 300],
    ]);
    const running = new Set<ChildProcess>();
    const files = await renderPages(findEngine(), pdf, out, [1, 2, 3, 4], dpis, running, {});
    assert.deepEqual([...files.keys()], [1, 2, 3, 4]);
    for (const [page, dpi] of dpis) {
      const alone = readFileSync(render("accents.synthetic.pdf", page, dpi));
      assert.ok(readFileSync(files.get(page) ?? "").equals(alone), `page ${page}`);
    }
    assert.equal(running.size, 0);
    // Two jobs' groups rendered at once into one folder: each finds its own pages' files.
    const [a, b] = await Promise.all([
      renderPages(findEngine(), pdf, out, [1, 2], dpis, running, {}),
      renderPages(findEngine(), pdf, out, [1, 2], dpis, running, {}),
    ]);
    for (const page of [1, 2]) {
      assert.notEqual(a.get(page), b.get(page));
      assert.ok(readFileSync(a.get(page) ?? "").equals(readFileSync(b.get(page) ?? "")), `page ${page}`);
    }
    // A page the PDF has not: pdftoppm's failure, an OcrError, not a page read as blank.
    await assert.rejects(renderPages(findEngine(), pdf, out, [5, 6], dpis, running, {}), /pdftoppm failed/);
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
