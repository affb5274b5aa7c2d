// Where a scanned page's processor time goes (issue 24's "under 3 s a page on one core"): each part
// of engine.ts's reading of a page run alone, one after the other, and timed by the processor time
// it took (a child's user and system time from /proc/self/stat; our own from process.cpuUsage):
//
// - render: pdftoppm's grey PGM of the page, at the resolution engine.ts renders it (`renderDpi`);
// - first: Tesseract's first reading of the page, with engine.ts's options (`tesseractArgs`);
// - choose: our measure of the page's type and the page brought down to the resolution it needs
//   (engine.ts `forReading`: typesize.ts), this process's time;
// - again: the second reading of the doubtful words (reread.ts: the crops, cut from the page as
//   rendered, stacked into one image here, and read by one Tesseract run), what engine.ts's
//   `readAgain` does;
// - layout: our transcript built from the page's words (`importOcrPages` of the page alone).
//
// Variants of the first reading (`--try`) are timed on the same image, with their words' agreement
// with the first reading's, to measure an option before changing engine.ts. With `--together`, the
// pages' images are then read again by one Tesseract run from a list (engine.ts `readGroup`, its
// model loaded once), timed against the sum of their first readings one run each.
//
// Run: node --import tsx bench/ocr-parts.ts SCAN.pdf PAGE… [--dpi N] [--try "ARGS"]… [--together]
//   (`--dpi N`: rendered and read at N dpi, no choice: `--dpi 300` is engine.ts before the choice)
//   (a synthetic scan from bench/ocr.ts: bench/out/ocr/scans/*/RECORD/first-N.pdf)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readPdf } from "../server/src/pdf";
import { importOcrPages } from "../server/src/pdf/ocr";
import {
  findEngine,
  forReading,
  renderArgs,
  renderDpi,
  splitPages,
  stackFrom,
  tesseractArgs,
  writeImage,
} from "../server/src/pdf/ocr/engine";
import { doubts, readPgm, uncovered } from "../server/src/pdf/ocr/reread";
import { tsvWords } from "../server/src/pdf/ocr/tsv";

/** The children's processor time so far (seconds), as bench/ocr.ts reads it. */
function childSeconds(): number {
  const f = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  return (Number(f[13]) + Number(f[14])) / 100;
}

/** Runs a program (no shell) with one thread, its output and processor time. */
function timed(program: string, args: string[]): { out: string; cpu: number } {
  const t0 = childSeconds();
  const out = execFileSync(program, args, {
    encoding: "utf8",
    maxBuffer: 1 << 28,
    env: { ...process.env, OMP_THREAD_LIMIT: "1" },
    stdio: ["ignore", "pipe", "ignore"],
  });
  return { out, cpu: childSeconds() - t0 };
}

/** The words of a TSV in reading order, to compare two readings. */
const words = (tsv: string) => tsvWords(tsv).map((w) => w.text);

/** Words of `a` not matched in order in `b` (a longest common subsequence), over a's count. */
function disagreement(a: string[], b: string[]): number {
  let prev = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    const row = new Uint32Array(b.length + 1);
    for (let j = 1; j <= b.length; j++)
      row[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1]);
    prev = row;
  }
  return (Math.max(a.length, b.length) - prev[b.length]) / Math.max(1, a.length);
}

async function main() {
  const args = process.argv.slice(2);
  const tries: string[] = [];
  let dpiOption: number | undefined;
  let together = false;
  const rest: string[] = [];
  for (let k = 0; k < args.length; k++) {
    if (args[k] === "--try") tries.push(args[++k]);
    else if (args[k] === "--dpi") dpiOption = Number(args[++k]);
    else if (args[k] === "--together") together = true;
    else rest.push(args[k]);
  }
  const [scan, ...pageArgs] = rest;
  const engine = findEngine();
  const bytes = readFileSync(scan);
  const pdf = await readPdf(bytes);
  const dir = mkdtempSync(join(tmpdir(), "verbatim-ocr-parts-"));
  try {
    const own = execFileSync(engine.pdfimages ?? "pdfimages", ["-list", scan], { encoding: "utf8" });
    const ownDpi = new Map<number, number>();
    for (const line of own.split("\n").slice(2)) {
      const f = line.trim().split(/\s+/);
      if (f[2] === "image") ownDpi.set(Number(f[0]), Number(f[12]));
    }
    console.log(
      "| page | dpi | render | choose | first | again (crops) | layout | total |" +
        tries.map((t) => ` first with ${t} (words differing) |`).join(""),
    );
    console.log("|---|---:|---:|---:|---:|---:|---:|---:|" + tries.map(() => "---:|").join(""));
    const read: { file: string; cpu: number; out: string }[] = [];
    for (const page of pageArgs.map(Number)) {
      const size = pdf.pages.find((p) => p.number === page);
      const rendered = dpiOption ?? renderDpi(ownDpi.get(page), size?.view ?? size);
      const base = join(dir, `p${page}`);
      const render = timed(engine.pdftoppm, renderArgs(scan, page, rendered, base));
      // The resolution the page's type needs (engine.ts `forReading`), unless `--dpi` says.
      const c0 = process.cpuUsage();
      const {
        image: grey,
        dpi,
        full,
        read: image,
      } = dpiOption
        ? { image: readPgm(readFileSync(`${base}.pgm`)), dpi: rendered, full: undefined, read: `${base}.pgm` }
        : forReading(`${base}.pgm`, rendered, ownDpi.get(page));
      const c = process.cpuUsage(c0);
      const choose = (c.user + c.system) / 1e6;
      const first = timed(engine.tesseract, tesseractArgs(image, "eng"));
      const own0 = process.cpuUsage();
      let again = { out: "", cpu: 0 };
      let crops = 0;
      if (grey) {
        const { list, usual } = doubts(first.out);
        const lost = uncovered(grey, first.out, usual);
        crops = list.length + lost.length;
        if (crops) {
          const { image } = stackFrom(grey, full, [...list, ...lost], usual);
          writeImage(`${base}-again.tif`, image);
          again = timed(engine.tesseract, [`${base}-again.tif`, "stdout", "-l", "eng", "--psm", "6", "tsv"]);
        }
      }
      const cropCpu = process.cpuUsage(own0);
      const l0 = process.cpuUsage();
      importOcrPages(pdf, [{ page, tsv: first.out, dpi }], { lang: "eng", language: "en", engine: "Tesseract" });
      const l = process.cpuUsage(l0);
      const layout = (l.user + l.system) / 1e6;
      const againCpu = again.cpu + (cropCpu.user + cropCpu.system) / 1e6;
      const cells = tries.map((t) => {
        const v = timed(engine.tesseract, [image, "stdout", "-l", "eng", ...t.split(/\s+/).filter(Boolean), "tsv"]);
        return ` ${v.cpu.toFixed(2)} s (${(100 * disagreement(words(first.out), words(v.out))).toFixed(1)}%) |`;
      });
      const total = render.cpu + choose + first.cpu + againCpu + layout;
      console.log(
        `| ${page} | ${Math.round(dpi)} | ${render.cpu.toFixed(2)} s | ${choose.toFixed(2)} s | ${first.cpu.toFixed(2)} s | ${againCpu.toFixed(2)} s (${crops}) | ${layout.toFixed(2)} s | ${total.toFixed(2)} s |${cells.join("")}`,
      );
      if (together) {
        const kept = `${base}-read${image.slice(image.lastIndexOf("."))}`;
        renameSync(image, kept);
        read.push({ file: kept, cpu: first.cpu, out: first.out });
      }
      rmSync(image, { force: true });
      rmSync(`${base}.pgm`, { force: true });
      rmSync(`${base}-again.tif`, { force: true });
    }
    if (together && read.length > 1) {
      writeFileSync(join(dir, "list.txt"), `${read.map((r) => r.file).join("\n")}\n`);
      const one = timed(engine.tesseract, tesseractArgs(join(dir, "list.txt"), "eng"));
      const same = splitPages(one.out, read.length).every((t, i) => t === read[i].out);
      const alone = read.reduce((a, r) => a + r.cpu, 0);
      console.log(
        `\n${read.length} pages' first readings: ${alone.toFixed(2)} s one run each, ${one.cpu.toFixed(2)} s in one run from a list (${(alone - one.cpu).toFixed(2)} s less; ${((alone - one.cpu) / read.length).toFixed(2)} s a page); the same TSVs: ${same}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
