// The OCR import (issue 24) on scans:
//
// - synthetic scans of born-digital records: each page rendered at 300 dpi in grey (pdftoppm),
//   turned 0.5°, given Gaussian noise and a slight blur, stored as JPEG (quality 75) in a PDF
//   (ImageMagick's convert, img2pdf); the truth is the import of the text PDF. Word error rate of
//   page 1 (the cover) and of the other pages (the body), each side's words by the import's word
//   map (`wordFidelity`: a changed stretch counts as many errors as its longer side), labelled
//   speeches found in order, time a page;
// - the 1950 record S/PV.492 (a real scan): its labelled speeches found in order (the office or
//   the surname within two letters: the OCR misreads small capitals), the French column left
//   out, doubtful words, time a page.
//
// Time: wall clock, and the processor time of Tesseract and pdftoppm (the children's user and
// system time from /proc/self/stat, Linux only) a page; pages one at a time (`--jobs 1`).
// Needs tesseract-ocr (eng), poppler-utils, imagemagick and img2pdf. Writes its section of
// bench/RESULTS.md (between the ocr markers).
// Run: node --import tsx bench/ocr.ts [RECORD…]   (default: the eras records S_PV.10100 S_PV.8422 A_64_PV.121)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { type ImportedRecord, importPdf } from "../server/src/pdf";
import { findEngine, importScan } from "../server/src/pdf/ocr";
import { editDistance } from "../server/src/pdf/ocr/headers";
import {
  align,
  fidelityWords,
  foundHeaders,
  headerKey,
  recordLabels,
  recordPdf,
  wordFidelity,
} from "../test/corpus/records";
import { doc, service } from "../test/unit/helpers";
import { writeResultsSection } from "./results";
import { CONVERT, SCAN_DAMAGE } from "./scans";

/** The children's processor time so far (seconds): Tesseract's and poppler's. */
function childSeconds(): number {
  try {
    const f = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    // Fields 16 and 17 of stat (cutime, cstime), in clock ticks (100 a second).
    return (Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** A synthetic scan of a text PDF (see the module's comment); its path. */
function syntheticScan(pdf: string, dir: string): string {
  execFileSync("pdftoppm", ["-r", "300", "-gray", pdf, join(dir, "page")]);
  const pages = readdirSync(dir)
    .filter((f) => /^page-\d+\.pgm$/.test(f))
    .sort();
  const jpegs: string[] = [];
  for (const p of pages) {
    const jpeg = join(dir, p.replace(/\.pgm$/, ".jpg"));
    execFileSync(CONVERT, [
      join(dir, p),
      ...SCAN_DAMAGE,
      "-density",
      "300",
      "-units",
      "PixelsPerInch",
      "-quality",
      "75",
      jpeg,
    ]);
    rmSync(join(dir, p));
    jpegs.push(jpeg);
  }
  const out = join(dir, "scan.pdf");
  execFileSync("img2pdf", ["-o", out, ...jpegs]);
  return out;
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

/**
 * Words of a transcript on page 1 (the cover, and in a General Assembly record the body under it)
 * and on the other pages, by the import's word map: the same split for the truth and the OCR,
 * whatever either's parser made of the cover.
 */
function parts(r: ImportedRecord): { cover: string[]; body: string[] } {
  const on = (first: boolean) =>
    fidelityWords(
      r.source.words
        .filter((w) => (w.boxes[0]?.page === 1) === first)
        .map((w) => r.source.wordText(w))
        .join(" "),
    );
  return { cover: on(true), body: on(false) };
}

async function synthetic(record: string): Promise<string> {
  const pdf = recordPdf(record, "eras");
  const truth = await importPdf(readFileSync(pdf));
  if (!truth.ok) return `| ${record} | the text PDF is refused: ${truth.message} | | | | | |`;
  const dir = mkdtempSync(join(tmpdir(), "verbatim-bench-ocr-"));
  try {
    const scan = syntheticScan(pdf, dir);
    const cpu0 = childSeconds();
    const t0 = performance.now();
    const r = await importScan(readFileSync(scan), { jobs: 1, lang: "en" });
    const wall = (performance.now() - t0) / 1000;
    const cpu = childSeconds() - cpu0;
    if (!r.ok) return `| ${record} | refused: ${r.message} | | | | | |`;
    const want = parts(truth);
    const got = parts(r);
    const body = wordFidelity(want.body, got.body);
    const cover = wordFidelity(want.cover, got.cover);
    const labelled = recordLabels(record, "eras").speeches.map((s) => headerKey(s.header));
    const found = foundHeaders(service().model(doc(r.text))).map(headerKey);
    const { missed } = align(labelled, found);
    const examples = body.differences.slice(0, 4).join("; ");
    return `| ${record} | ${r.pages} | ${labelled.length - missed.length}/${labelled.length} | ${pct(body.errors / Math.max(1, body.words))} (${body.errors}/${body.words}) | ${pct(cover.errors / Math.max(1, cover.words))} (${cover.errors}/${cover.words}) | ${(wall / r.pages).toFixed(1)} s / ${(cpu / r.pages).toFixed(1)} s | ${r.ocr.doubtful.length} | ${examples.replace(/\|/g, "\\|")} |`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function scan1950(): Promise<string[]> {
  const record = "S_PV.492";
  const cpu0 = childSeconds();
  const t0 = performance.now();
  const r = await importScan(readFileSync(recordPdf(record, "eras")), { jobs: 1, lang: "en" });
  const wall = (performance.now() - t0) / 1000;
  const cpu = childSeconds() - cpu0;
  if (!r.ok) return [`S/PV.492: refused: ${r.message}`];
  const labelled = recordLabels(record, "eras").speeches.map((s) => s.header);
  const model = service().model(doc(r.text));
  const found = foundHeaders(model);
  // The office or the surname (the first word in capitals after a title), lower case.
  const key = (h: string) => {
    const office = /^The (\p{L}+)/u.exec(h)?.[1];
    if (office) return office.toLowerCase();
    const words = h.replace(/\(.*$/, "").trim().split(/\s+/);
    const caps = words.filter((w) => /^\p{Lu}{2,}$/u.test(w));
    return (caps[0] ?? words[words.length - 1] ?? "").toLowerCase();
  };
  const lookup = (h: string) => {
    const words = h.replace(/\(.*$/, "").trim().split(/\s+/);
    return /^The /.test(h) ? key(h) : words.map((w) => w.toLowerCase());
  };
  // In order: the longest common subsequence of labels and found headers, a label matching a
  // header whose office or a name word is within two letters of its office or surname.
  const near = (i: number, j: number) => {
    const words = lookup(found[j]);
    return (Array.isArray(words) ? words : [words]).some((w) => editDistance(w, key(labelled[i]), 2) <= 2);
  };
  const n = labelled.length;
  const m = found.length;
  const dp = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      dp[i][j] = near(i, j) ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const matched: number[] = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (near(i, j) && dp[i][j] === dp[i + 1][j + 1] + 1) {
      matched.push(i);
      i++;
      j++;
    } else if (dp[i + 1][j] >= dp[i][j + 1]) i++;
    else j++;
  }
  const missed = labelled.flatMap((h, i) => (matched.includes(i) ? [] : [`${i + 1}. ${h}`]));
  return [
    `S/PV.492 (1950, 23 pages, a 1-bit scan at 151 dpi of the bilingual volume): ${matched.length} of ${labelled.length} labelled speeches found in order (office or surname within two letters), ${found.length} headers found; ${r.ocr.leftOut.join(", ")} left out; ${r.ocr.words} words read, mean confidence ${r.ocr.meanConfidence.toFixed(1)}, ${r.ocr.doubtful.length} doubtful (ocr-uncertain); ${(wall / r.pages).toFixed(1)} s a page (wall), ${(cpu / r.pages).toFixed(1)} s of processor time a page.`,
    "",
    `Missed: ${missed.join("; ")}.`,
    "",
    truthPages(r),
  ];
}

/**
 * The body's word error rate on the pages whose English column was typed from the page image
 * (test/corpus/labels/eras/S_PV.492.pN.truth.txt): the transcript's words whose first box is on
 * the page against the truth's (`wordFidelity`: a changed stretch counts as its longer side).
 */
function truthPages(r: ImportedRecord): string {
  const dir = join(__dirname, "..", "test", "corpus", "labels", "eras");
  const pages = readdirSync(dir)
    .map((f) => /^S_PV\.492\.p(\d+)\.truth\.txt$/.exec(f)?.[1])
    .filter((p): p is string => p !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  let errors = 0;
  let words = 0;
  const each: string[] = [];
  for (const page of pages) {
    const truth = fidelityWords(readFileSync(join(dir, `S_PV.492.p${page}.truth.txt`), "utf8"));
    const got = fidelityWords(
      r.source.words
        .filter((w) => w.boxes[0]?.page === page)
        .map((w) => r.source.wordText(w))
        .join(" "),
    );
    const f = wordFidelity(truth, got);
    errors += f.errors;
    words += f.words;
    each.push(
      `page ${page} ${pct(f.errors / Math.max(1, f.words))} (${f.errors}/${f.words}; ${f.differences.slice(0, 3).join("; ")})`,
    );
  }
  return `Body word error rate against the English column typed from the page image: ${pct(errors / Math.max(1, words))} (${errors}/${words}): ${each.join("; ")}.`;
}

async function main() {
  const args = process.argv.slice(2);
  const only1950 = args.includes("--1950");
  const named = args.filter((a) => !a.startsWith("--"));
  const records = only1950 ? [] : named.length ? named : ["S_PV.10100", "S_PV.8422", "A_64_PV.121"];
  const engine = findEngine();
  const load = loadavg()[0].toFixed(1);
  const rows: string[] = [];
  for (const record of records) {
    rows.push(await synthetic(record));
    console.error(rows[rows.length - 1]);
  }
  if (records.length) {
    const body = [
      "## OCR of scanned records (bench/ocr.ts)",
      "",
      `Tesseract ${engine.version} (\`eng\`, Debian's \`tesseract-ocr-eng\`), one page at a time, one thread (OMP_THREAD_LIMIT=1); pages rendered by poppler's pdftoppm at the scan's own resolution. Load average ${load} when it started (a shared 2-core machine): wall times are inflated; the processor time is Tesseract's and pdftoppm's.`,
      "",
      "Synthetic scans (300 dpi grey, turned 0.5°, noise, blur, JPEG 75; the truth: the import of the text PDF):",
      "",
      "| record | pages | speeches in order | body word error rate (pages 2–) | cover word error rate (page 1) | a page (wall / processor) | doubtful words | first differences (truth → OCR) |",
      "|---|---:|---:|---:|---:|---:|---:|---|",
      ...rows,
      "",
      "Run: `node --import tsx bench/ocr.ts [RECORD…]` (needs tesseract-ocr, poppler-utils, imagemagick, img2pdf); `--1950` measures the 1950 scan only.",
    ].join("\n");
    console.log(writeResultsSection("ocr", "bench/ocr.ts", body));
  }
  if (only1950 || !named.length) {
    const real = await scan1950();
    console.log(
      writeResultsSection(
        "ocr-1950",
        "bench/ocr.ts",
        [`The 1950 scan (load average ${loadavg()[0].toFixed(1)}):`, "", ...real].join("\n"),
      ),
    );
  }
}

void main();
