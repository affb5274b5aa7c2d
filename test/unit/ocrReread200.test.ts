// A page read at 200 dpi (typesize.ts), its doubtful words and names read again from its 300 dpi
// rendering (engine.ts `stackFrom`): the four speakers' headers the first 200 dpi run lost
// (issue 24). Pieces of the synthetic scans (test/corpus/scans/README.md,
// `headers200.synthetic.pdf`), rendered at 300 dpi and brought down to 200 as engine.ts's
// `forReading` brings a body page down, read by Tesseract as `ocrPdf` reads them.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { namesReading } from "../../server/src/pdf/ocr";
import { readList, renderArgs, stackFrom, tesseractArgs, writeImage } from "../../server/src/pdf/ocr/engine";
import {
  doubts,
  type Grey,
  merge,
  mergeMarks,
  namesRead,
  nameTaken,
  nameWords,
  oneConfusion,
  readPgm,
  readTiff,
  uncovered,
} from "../../server/src/pdf/ocr/reread";
import { tsvWords, usualHeight } from "../../server/src/pdf/ocr/tsv";
import { shrink } from "../../server/src/pdf/ocr/typesize";
import { ROOT, writePgm } from "./helpers";

const PDF = join(ROOT, "test", "corpus", "scans", "headers200.synthetic.pdf");
const dir = mkdtempSync(join(tmpdir(), "verbatim-reread200-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const tesseract = (args: string[]) =>
  execFileSync("tesseract", args, {
    encoding: "utf8",
    env: { ...process.env, OMP_THREAD_LIMIT: "1" },
    stdio: ["ignore", "pipe", "ignore"],
  });

/** A grey image written where Tesseract reads it, as engine.ts writes it (a TIFF): its path. */
function written(name: string, image: Grey): string {
  return writeImage(join(dir, `${name}.tif`), image);
}

/**
 * Piece `page` rendered at 300 dpi, brought down to 200 and read (the first reading), its doubtful
 * words read again cut from the 300 dpi rendering (engine.ts `readAgain`): both TSVs, both images.
 */
function read(page: number): { first: string; tsv: string; small: Grey; full: Grey } {
  const base = join(dir, `p${page}`);
  execFileSync("pdftoppm", renderArgs(PDF, page, 300, base));
  const full = readPgm(readFileSync(`${base}.pgm`));
  assert.ok(full);
  const small = shrink(full, 2, 3);
  const first = tesseract(tesseractArgs(written(`p${page}-200`, small), "eng"));
  const { list, usual } = doubts(first);
  const lost = uncovered(small, first, usual);
  const { image, placed } = stackFrom(small, { image: full, scale: 1.5 }, [...list, ...lost], usual);
  const second = tesseract([written(`p${page}-again`, image), "stdout", "-l", "eng", "--psm", "6", "tsv"]);
  return { first, tsv: merge(first, placed, second), small, full };
}

/** The line of a TSV's words holding `word`. */
function lineOf(tsv: string, word: string): string {
  const words = tsvWords(tsv);
  const w = words.find((x) => x.text.includes(word));
  assert.ok(w, `${word} read: ${words.map((x) => x.text).join(" ")}`);
  return words
    .filter((x) => x.block === w.block && x.par === w.par && x.line === w.line)
    .map((x) => x.text)
    .join(" ");
}

describe("OCR: a page read at 200 dpi, words read again from its 300 dpi rendering", () => {
  it("reads a word whose box leaves out its last letter with that letter (`HALACHEV`, A/48/PV.46)", () => {
    // At 200 dpi Tesseract's box of the bold italic name ends before its `V`: its crop takes the
    // blank beside the box, up to its neighbour, and the word is read whole.
    const { tsv } = read(1);
    assert.match(lineOf(tsv, "ALACHE"), /^Mr\. HALACHEV \(Bulgaria\): /);
  });

  it("cuts a word whose box runs over its neighbours at the next word (`Al-Mouallimi`, S/PV.8699 (Resumption 1))", () => {
    // At 200 dpi the first reading gives `Al-Mouallimi` a box over `(Saudi Arabia)` too: read
    // again with it, the line read `(Saudi Arabia) Arabia)`.
    const { first, tsv } = read(2);
    const rows = first.split("\n");
    const name = rows.findIndex((r) => r.endsWith("\tAl-Mouallimi"));
    const { list } = doubts(first);
    for (const d of list) {
      const texts = d.rows.map((r) => rows[r].split("\t")[11]);
      // No doubtful word's box reaches into a word after it on its line that is not read again.
      for (const r of d.rows) {
        const next = rows[r + 1]?.split("\t");
        if (
          !next ||
          d.rows.includes(r + 1) ||
          next[0] !== "5" ||
          next.slice(1, 5).join() !== rows[r].split("\t").slice(1, 5).join()
        )
          continue;
        assert.ok(d.left + d.width <= Number(next[6]), `${texts.join(" ")} runs into ${next[11]}`);
      }
    }
    assert.ok(name >= 0);
    assert.match(lineOf(tsv, "Mouallimi"), /^Mr\. Al-Mouallimi \(Saudi Arabia\) \(spoke in Arabic\):$/);
    // The whole page's first reading at 200 dpi (kept): `Al-Mouallimi` 282–633 px, over `(Saudi`
    // (461–536) and `Arabia)` (547–631). Read again with `(Saudi`, both stop where `Arabia)` starts.
    const page = readFileSync(join(ROOT, "test", "corpus", "scans", "S_PV.8699-R1.p8.200dpi.tsv"), "utf8");
    const lines = page.split("\n");
    const d = doubts(page).list.find((x) => x.rows.some((r) => lines[r].endsWith("\tAl-Mouallimi")));
    assert.ok(d);
    assert.deepEqual(
      d.rows.map((r) => lines[r].split("\t")[11]),
      ["Al-Mouallimi", "(Saudi"],
    );
    assert.deepEqual([d.left, d.left + d.width], [282, 536]);
    assert.equal(d.after, 547 - 536);
  });

  it("takes a name's v for y from its Latin reading at 300 dpi (`Mahmadaminov`, `Safronkov`)", () => {
    // Bold names at 200 dpi read `Mahmadaminoy` (S/PV.8699 (Resumption 1)) and `Safronkoy`
    // (S/PV.8704), with Tesseract's Latin script data (`tesseract-ocr-script-latn`) cut from
    // the 300 dpi rendering right, and surer.
    assert.ok(oneConfusion("Mahmadaminoy", "Mahmadaminov"));
    assert.ok(oneConfusion("Safronkov", "Safronkoy"));
    assert.ok(!oneConfusion("Safronkoy", "Safronkoy"));
    const { names } = namesReading("en");
    assert.ok(names);
    for (const [page, name] of [
      [3, "Mahmadaminov"],
      [4, "Safronkov"],
    ] as const) {
      const { tsv, small, full } = read(page);
      const list = nameWords(tsv, names.known);
      const { image, placed } = stackFrom(small, { image: full, scale: 1.5 }, list, usualHeight(tsvWords(tsv)));
      const latin = tesseract([written(`p${page}-names`, image), "stdout", "-l", names.lang, "--psm", "6", "tsv"]);
      const readings = namesRead(placed, latin);
      const mine = readings.find((n) => n.text === name);
      assert.ok(mine, `${name} in ${readings.map((n) => n.text).join(" ")}`);
      const [, , , , , , , , , , conf, text] = tsv.split("\n")[mine.row].split("\t");
      assert.ok(text === name || nameTaken(text, Number(conf), mine.text, mine.conf), `${text} ${conf} → ${name}`);
      assert.match(lineOf(mergeMarks(tsv, readings), name), new RegExp(`^Mr\\. ${name} \\(`));
    }
  });
});

describe("OCR: pages read by one Tesseract run", () => {
  it("reads each page of a list as it reads it alone", async () => {
    // engine.ts's `readGroup`: a group's pages from a list file, the model loaded once.
    const files = [1, 2, 3, 4].map((page) => {
      const base = join(dir, `list-p${page}`);
      execFileSync("pdftoppm", ["-f", `${page}`, "-l", `${page}`, "-r", "200", "-gray", "-singlefile", PDF, base]);
      return `${base}.pgm`;
    });
    const args = tesseractArgs("", "eng").slice(2, -1);
    const together = await readList({ tesseract: "tesseract" }, dir, files, args, new Set(), {});
    assert.equal(together.length, 4);
    files.forEach((f, i) => {
      assert.equal(together[i], tesseract([f, "stdout", ...args, "tsv"]), `page ${i + 1}`);
    });
    assert.ok(together.every((t) => tsvWords(t).length > 20));
  });

  it("reads the TIFF engine.ts writes as it reads a PGM of the same pixels", () => {
    // engine.ts `writeImage`: Leptonica reads a PGM a byte at a time, a TIFF a row at a time.
    const base = join(dir, "format-p2");
    execFileSync("pdftoppm", renderArgs(PDF, 2, 300, base));
    const full = readPgm(readFileSync(`${base}.pgm`));
    assert.ok(full);
    const small = shrink(full, 2, 3);
    const pgm = join(dir, "format-p2-200.pgm");
    writeFileSync(pgm, writePgm(small));
    const tif = writeImage(join(dir, "format-p2-200.tif"), small);
    const back = readTiff(readFileSync(tif));
    assert.ok(back && Buffer.from(back.pixels).equals(Buffer.from(small.pixels)));
    const args = tesseractArgs("", "eng").slice(2, -1);
    const fromPgm = tesseract([pgm, "stdout", ...args, "tsv"]);
    assert.ok(tsvWords(fromPgm).length > 10);
    assert.equal(tesseract([tif, "stdout", ...args, "tsv"]), fromPgm);
    // Anything else is no image of ours: a PGM, a TIFF cut short, bytes of nothing.
    const bytes = readFileSync(tif);
    assert.equal(readTiff(readFileSync(pgm)), undefined);
    assert.equal(readTiff(bytes.subarray(0, bytes.length - 1)), undefined);
    assert.equal(readTiff(bytes.subarray(0, 9)), undefined);
    assert.equal(readTiff(new Uint8Array(0)), undefined);
  });
});
