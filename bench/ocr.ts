// The OCR import (issue 24) on scans:
//
// - synthetic scans of born-digital records: each page rendered at 300 dpi in grey (pdftoppm),
//   turned 0.5°, given Gaussian noise and a slight blur, stored as JPEG (quality 75) in a PDF
//   (ImageMagick's convert, img2pdf); the truth is the import of the text PDF. Word error rate of
//   page 1 (the cover) and of the other pages (the body), each side's words by the import's word
//   map (`wordFidelity`: a changed stretch counts as many errors as its longer side), labelled
//   speeches found in order, time a page;
// - the 1950 record S/PV.492 (a real scan): its labelled speeches found in order (a header at the
//   label's place with its office, or its title and delegation, the name misread as the OCR
//   misreads small capitals; and, stricter, with the office or surname within two letters), the
//   French column left out, doubtful words, time a page.
//
// Time: the processor time of Tesseract and pdftoppm (the children's user and
// system time from /proc/self/stat, Linux only) a page, whatever `--jobs` (a shared machine inflates the wall clock).
// Needs tesseract-ocr (eng), poppler-utils, imagemagick and img2pdf. Writes its section of
// bench/RESULTS.md (between the ocr markers).
// Scans (each page's JPEG) and Tesseract's TSVs are kept under bench/out/ocr, keyed by the recipe
// and the engine's options: a second run reads only the layout (its processor time the kept one).
// The names' Latin readings are kept apart, by reread.ts's NAMES_RECIPE: when what a name is
// changes, a run (`--kept` too) reads only the kept pages' names again, one Tesseract run a record.
// Run: node --import tsx bench/ocr.ts [--pages N] [--jobs N] [--differences] [--kept] [--scans] [RECORD…]
//   (`--kept`: no OCR, only the pages an earlier run read, from the first on; `--scans`: only make
//   the synthetic scans)
//   (default: every development record, the ten of sc2020 and the eras records but the 1950 scan;
//   `--1950`: the 1950 scan only)
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { type ImportedRecord, importPdf, readPdf } from "../server/src/pdf";
import { findEngine, importOcrPages, namesReading, type PageOcr } from "../server/src/pdf/ocr";
import { OCR_RECIPE, ocrNames, ocrPdf, TESSERACT_OPTIONS } from "../server/src/pdf/ocr/engine";
import { editDistance } from "../server/src/pdf/ocr/headers";
import { NAMES_RECIPE, type NameReading } from "../server/src/pdf/ocr/reread";
import {
  align,
  type Corpus,
  ERAS_RECORDS,
  fidelityWords,
  foundHeaders,
  headerKey,
  OCR_RECORDS,
  RECORDS,
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

/** Where scans and TSVs are kept between runs: bench/out/ocr (not in git). */
const CACHE = join(__dirname, "out", "ocr");
const hash = (x: unknown) => createHash("sha256").update(JSON.stringify(x)).digest("hex").slice(0, 12);

/** The corpus a development record is in. */
const corpusOf = (record: string): Corpus => (existsSync(recordPdf(record, "eras")) ? "eras" : "sc2020");

/**
 * A synthetic scan of a text PDF's first `last` pages (see the module's comment); its path. Each
 * page's JPEG is kept under bench/out/ocr, keyed by the recipe: made once.
 */
function syntheticScan(pdf: string, record: string, last: number): string {
  const dir = join(CACHE, "scans", hash([CONVERT, SCAN_DAMAGE, 300, 75]), record);
  const out = join(dir, `first-${last}.pdf`);
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  const jpegs: string[] = [];
  for (let p = 1; p <= last; p++) {
    const jpeg = join(dir, `p${p}.jpg`);
    jpegs.push(jpeg);
    if (existsSync(jpeg)) continue;
    // Names of this process's own: two runs making the same scan do not take each other's files.
    const base = join(dir, `p${p}.${process.pid}`);
    execFileSync("pdftoppm", ["-r", "300", "-gray", "-f", String(p), "-l", String(p), "-singlefile", pdf, base]);
    execFileSync(
      CONVERT,
      [
        `${base}.pgm`,
        ...SCAN_DAMAGE,
        "-density",
        "300",
        "-units",
        "PixelsPerInch",
        "-quality",
        "75",
        `${jpeg}.${process.pid}.part.jpg`,
      ],
      { env: { ...process.env, MAGICK_THREAD_LIMIT: "1" } },
    );
    rmSync(`${base}.pgm`);
    renameSync(`${jpeg}.${process.pid}.part.jpg`, jpeg);
  }
  execFileSync("img2pdf", ["-o", `${out}.${process.pid}.part`, ...jpegs]);
  renameSync(`${out}.${process.pid}.part`, out);
  return out;
}

/** A page's OCR kept: the TSV, the resolution, and the processor time it took (s). */
interface Kept extends PageOcr {
  cpu: number;
}

/**
 * Pages a job reads in one `ocrPdf` call (see `ocrPages`): one of engine.ts's groups (GROUP, 8
 * pages a Tesseract run), nearer an import's one call a record than 4 were.
 */
const BATCH = 8;

/**
 * Tesseract's TSV of the scan's pages, kept under bench/out/ocr keyed by the engine's version and
 * options: only the pages not kept are read, `jobs` pages at a time in batches of BATCH pages a job
 * (one `ocrPdf` call, as an import reads a record: the names' Latin run and `pdfimages` once a batch,
 * not once a page), each batch kept as soon as it is read (a long run stopped keeps what it read),
 * each page's processor time its batch's divided among its pages: Tesseract's, pdftoppm's and this
 * process's own while it reads (engine.ts's measure of the type, its crops).
 */
async function ocrPages(
  record: string,
  scan: string | undefined,
  pages: number[],
  jobs: number,
  keptOnly = false,
): Promise<Kept[]> {
  const engine = findEngine();
  const names = namesReading("en");
  const marks = names.names && engine.languages.includes(names.names.lang) ? names.names.lang : "";
  const dir = join(
    CACHE,
    "tsv",
    hash([engine.version, TESSERACT_OPTIONS, OCR_RECIPE, "eng", SCAN_DAMAGE, ...(marks ? [marks] : [])]),
    record,
  );
  const file = (p: number) => join(dir, `p${p}.json`);
  const namesFile = (p: number) => join(dir, `p${p}.${NAMES_RECIPE}.json`);
  if (keptOnly) {
    // The pages read by an earlier run, from the first up to the first not read.
    const k = pages.findIndex((p) => !existsSync(file(p)));
    pages = k < 0 ? pages : pages.slice(0, k);
  }
  const missing = pages.filter((p) => !existsSync(file(p)));
  if (missing.length && scan) {
    const bytes = readFileSync(scan);
    const pdf = await readPdf(bytes);
    const sizes = new Map(pdf.pages.map((p) => [p.number, p.view ?? p]));
    mkdirSync(dir, { recursive: true });
    for (let k = 0; k < missing.length; k += jobs * BATCH) {
      const batch = missing.slice(k, k + jobs * BATCH);
      const cpu0 = childSeconds();
      const own0 = process.cpuUsage();
      const read = await ocrPdf(bytes, { lang: "eng", pages: batch, jobs, sizes, ...names });
      const own = process.cpuUsage(own0);
      const cpu = (childSeconds() - cpu0 + (own.user + own.system) / 1e6) / batch.length;
      for (const o of read) {
        writeFileSync(file(o.page), JSON.stringify({ ...o, cpu }));
        if (marks) writeFileSync(namesFile(o.page), JSON.stringify(o.names ?? []));
      }
      process.stderr.write(`\r${record}: ${k + batch.length}/${missing.length} pages read   `);
    }
    process.stderr.write("\n");
  }
  const kept = pages.map((p) => JSON.parse(readFileSync(file(p), "utf8")) as Kept);
  if (!marks || !names.names) return kept;
  // The names' readings kept apart, by what a name is (NAMES_RECIPE): pages read before it
  // changed have their names read again alone (a Tesseract run a record), not the whole page.
  const stale = kept.filter((k) => !existsSync(namesFile(k.page)));
  if (stale.length && scan) {
    const bytes = readFileSync(scan);
    const sizes = new Map((await readPdf(bytes)).pages.map((p) => [p.number, p.view ?? p]));
    const again = await ocrNames(bytes, stale, { names: names.names, sizes });
    for (const o of again) writeFileSync(namesFile(o.page), JSON.stringify(o.names ?? []));
    process.stderr.write(`${record}: the names of ${stale.length} pages read again (${NAMES_RECIPE})\n`);
  }
  return kept.map((k) =>
    existsSync(namesFile(k.page))
      ? { ...k, names: JSON.parse(readFileSync(namesFile(k.page), "utf8")) as NameReading[] }
      : k,
  );
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

/**
 * Words of a transcript on page 1 (the cover, and in a General Assembly record the body under it)
 * and on the other pages up to `last`, by the import's word map: the same split for the truth and
 * the OCR, whatever either's parser made of the cover.
 */
function parts(r: ImportedRecord, last: number): { cover: string[]; body: string[] } {
  const on = (first: boolean) =>
    fidelityWords(
      r.source.words
        .filter((w) => {
          const page = w.boxes[0]?.page ?? 0;
          return page <= last && (page === 1) === first;
        })
        .map((w) => r.source.wordText(w))
        .join(" "),
    );
  return { cover: on(true), body: on(false) };
}

interface Measured {
  row: string;
  differences: string[];
  /** What the total row adds up (absent when the record was refused). */
  sums?: {
    pages: number;
    labelled: number;
    found: number;
    errors: number;
    words: number;
    cpu: number[];
    layout: number;
  };
}

async function synthetic(record: string, cap: number, jobs: number, keptOnly: boolean): Promise<Measured> {
  const corpus = corpusOf(record);
  const pdf = recordPdf(record, corpus);
  const truth = await importPdf(readFileSync(pdf));
  if (!truth.ok)
    return { row: `| ${record} | the text PDF is refused: ${truth.message} | | | | | | |`, differences: [] };
  let last = Math.min(cap, truth.pages);
  if (keptOnly) {
    // `--kept`: only the pages an earlier run read, from the first on (no OCR now).
    const pages = Array.from({ length: last }, (_, k) => k + 1);
    last = (await ocrPages(record, undefined, pages, jobs, true)).length;
    if (!last) return { row: `| ${record} | 0 of ${truth.pages} (not read yet) | | | | | | | |`, differences: [] };
  }
  const scan = syntheticScan(pdf, record, last);
  const read = await readPdf(readFileSync(scan));
  const pages = read.pages.map((p) => p.number);
  const kept = await ocrPages(record, scan, pages, jobs);
  const version = findEngine().version;
  // Our own share: the layout of Tesseract's words into the transcript (this process's time).
  const own0 = process.cpuUsage();
  const r = importOcrPages(read, kept, { lang: "eng", language: "en", engine: `Tesseract ${version}` });
  const own = process.cpuUsage(own0);
  const layout = (own.user + own.system) / 1e6 / Math.max(1, kept.length);
  const cpus = kept.map((k) => k.cpu);
  const cpu = cpus.reduce((a, c) => a + c, 0) / Math.max(1, cpus.length);
  if (!r.ok) return { row: `| ${record} | refused: ${r.message} | | | | | | |`, differences: [] };
  const want = parts(truth, last);
  const got = parts(r, last);
  const body = wordFidelity(want.body, got.body);
  const cover = wordFidelity(want.cover, got.cover);
  const labelled = recordLabels(record, corpus)
    .speeches.filter((s) => s.page <= last)
    .map((s) => headerKey(s.header));
  const found = foundHeaders(service().model(doc(r.text))).map(headerKey);
  const { missed } = align(labelled, found);
  const both = body.errors + cover.errors;
  const words = body.words + cover.words;
  const rate = (f: { errors: number; words: number }) =>
    `${pct(f.errors / Math.max(1, f.words))} (${f.errors}/${f.words})`;
  return {
    row: `| ${record} | ${last}${last < truth.pages ? ` of ${truth.pages}` : ""} | ${labelled.length - missed.length}/${labelled.length} | ${rate({ errors: both, words })} | ${rate(cover)} | ${rate(body)} | ${cpu.toFixed(2)} s (${Math.max(...cpus).toFixed(2)} s) | ${(1000 * layout).toFixed(0)} ms | ${r.ocr.doubtful.length} |`,
    differences: [
      ...missed.map((k) => `${record}: speech missed: ${labelled[k]}`),
      ...cover.differences.map((d) => `${record} cover: ${d}`),
      ...body.differences.map((d) => `${record} body: ${d}`),
    ],
    sums: {
      pages: kept.length,
      labelled: labelled.length,
      found: labelled.length - missed.length,
      errors: both,
      words,
      cpu: cpus,
      layout: layout * kept.length,
    },
  };
}

/** The total row: every record's pages, speeches and words added up; processor time a page over all. */
function total(measured: Measured[]): string {
  const s = measured.flatMap((m) => (m.sums ? [m.sums] : []));
  const add = (f: (x: NonNullable<Measured["sums"]>) => number) => s.reduce((a, x) => a + f(x), 0);
  const pages = add((x) => x.pages);
  const cpus = s.flatMap((x) => x.cpu);
  const cpu = cpus.reduce((a, c) => a + c, 0) / Math.max(1, cpus.length);
  const over = cpus.filter((c) => c >= 3).length;
  const errors = add((x) => x.errors);
  const words = add((x) => x.words);
  return `| **all ${s.length}** | ${pages} | ${add((x) => x.found)}/${add((x) => x.labelled)} | ${pct(errors / Math.max(1, words))} (${errors}/${words}) | | | ${cpu.toFixed(2)} s (${over} of ${cpus.length} pages ≥ 3 s) | ${((1000 * add((x) => x.layout)) / Math.max(1, pages)).toFixed(0)} ms | |`;
}

async function scan1950(jobs1950: number): Promise<string[]> {
  const record = "S_PV.492";
  // The pages' TSVs kept in bench/out/ocr as the synthetic scans' are: a second run reads only the layout.
  const file = recordPdf(record, "eras");
  const read = await readPdf(readFileSync(file));
  const kept = await ocrPages(
    record,
    file,
    read.pages.map((p) => p.number),
    jobs1950,
  );
  const t0 = performance.now();
  const r = importOcrPages(read, kept, { lang: "eng", language: "en", engine: `Tesseract ${findEngine().version}` });
  const layout = (performance.now() - t0) / 1000;
  const cpu = kept.reduce((a, k) => a + k.cpu, 0);
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
  // Fair to the OCR as well: a header with the label's title (or its first word) and delegation
  // at its place, its name misread (`Mr. Tssaxc (China)` for `Mr. TSIANG (China)`).
  const title = (h: string) => h.split(/\s+/)[0];
  const delegation = (h: string) => (/\(([^()]+)\)(?:\s*\([^()]*\))?$/.exec(h)?.[1] ?? "").toLowerCase();
  const placed = (i: number, j: number) =>
    near(i, j) ||
    (title(found[j]) === title(labelled[i]) &&
      delegation(labelled[i]) !== "" &&
      editDistance(delegation(found[j]), delegation(labelled[i]), 2) <= 2);
  const strict = inOrder(labelled.length, found.length, near);
  const matched = inOrder(labelled.length, found.length, placed);
  const missed = labelled.flatMap((h, i) => (matched.includes(i) ? [] : [`${i + 1}. ${h}`]));
  const misread = labelled.flatMap((h, i) => (matched.includes(i) && !strict.includes(i) ? [`${i + 1}. ${h}`] : []));
  return [
    `S/PV.492 (1950, 23 pages, a 1-bit scan at 151 dpi of the bilingual volume): ${matched.length} of ${labelled.length} labelled speeches found in order (a header at the label's place with its office, or its title and delegation), ${strict.length} of ${labelled.length} with the office or surname within two letters as well; ${found.length} headers found; ${r.ocr.leftOut.join(", ")} left out; ${r.ocr.words} words read, mean confidence ${r.ocr.meanConfidence.toFixed(1)}, ${r.ocr.doubtful.length} doubtful (ocr-uncertain); ${(cpu / r.pages).toFixed(1)} s of processor time a page (Tesseract's, pdftoppm's and ours while the pages are read), the layout ${(layout / r.pages).toFixed(2)} s a page.`,
    "",
    `Missed: ${missed.join("; ") || "none"}. Found with the name misread: ${misread.join("; ") || "none"}.`,
    "",
    truthPages(r),
    "",
    "Run: `node --import tsx bench/ocr.ts --1950` (the pages' TSVs kept in bench/out/ocr: a second run reads only the layout). A header's name in small capitals read below 75 (even after its second reading) is a doubtful word; a name is never put right, so a misread name counts only in the first figure.",
  ];
}

/**
 * The labels found in order: the longest common subsequence of `n` labels and `m` found headers
 * under `match` (label index, header index); the labels matched.
 */
function inOrder(n: number, m: number, match: (i: number, j: number) => boolean): number[] {
  const dp = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      dp[i][j] = match(i, j) ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const matched: number[] = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (match(i, j) && dp[i][j] === dp[i + 1][j + 1] + 1) {
      matched.push(i);
      i++;
      j++;
    } else if (dp[i + 1][j] >= dp[i][j + 1]) i++;
    else j++;
  }
  return matched;
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
  const option = (name: string) => {
    const k = args.indexOf(name);
    return k >= 0 ? Number(args[k + 1]) : undefined;
  };
  const cap = option("--pages") ?? Number.POSITIVE_INFINITY;
  const jobs = option("--jobs") ?? 1;
  const named = args.filter((a, k) => !a.startsWith("--") && !["--pages", "--jobs"].includes(args[k - 1]));
  const records = only1950 ? [] : named.length ? named : DEVELOPMENT;
  const keptOnly = args.includes("--kept");
  if (args.includes("--scans")) {
    // Only make the synthetic scans (no OCR): they do not depend on the engine's options.
    for (const record of records) {
      const pdf = recordPdf(record, corpusOf(record));
      const pages = (await readPdf(readFileSync(pdf))).pages.length;
      syntheticScan(pdf, record, Math.min(cap, pages));
      console.error(`${record}: ${Math.min(cap, pages)} pages scanned`);
    }
    return;
  }
  const engine = findEngine();
  const load = loadavg()[0].toFixed(1);
  const rows: string[] = [];
  const measured: Measured[] = [];
  const differences: string[] = [];
  for (const record of records) {
    const m = await synthetic(record, cap, jobs, keptOnly);
    measured.push(m);
    rows.push(m.row);
    differences.push(...m.differences);
    console.error(m.row);
  }
  if (measured.length > 1) {
    rows.push(total(measured));
    console.error(rows[rows.length - 1]);
  }
  if (args.includes("--differences")) for (const d of differences) console.error(d);
  if (records.length && !named.length) {
    const pages = keptOnly
      ? "the pages read so far, from the first (`--kept`: every page of the records whose pages column shows no total)"
      : cap === Number.POSITIVE_INFINITY
        ? "every page"
        : `the first ${cap} pages (page 1, the cover, and ${cap - 1} of the body)`;
    const body = [
      "## OCR of scanned records (bench/ocr.ts)",
      "",
      `Tesseract ${engine.version} (\`eng\`, Debian's \`tesseract-ocr-eng\`${TESSERACT_OPTIONS.length ? `, ${TESSERACT_OPTIONS.join(" ")}` : ""}), one thread a page (OMP_THREAD_LIMIT=1); pages rendered in grey by poppler's pdftoppm at the scan's own resolution (300 dpi: engine.ts's \`renderDpi\`), brought down to 200 dpi where the type is large enough (typesize.ts). Load average ${load} when it started (a shared 2-core machine). The processor time is Tesseract's, pdftoppm's and our own a page (user and system time); a heavy load makes it vary (programs on one core's two threads share its caches): at a load of 20, the same page's reading timed twice differed by up to a fifth.`,
      "",
      `Synthetic scans of the development records, the ten of 2020 and the six born-digital records of other decades (300 dpi grey, turned 0.5°, noise, blur, JPEG 75), ${pages}; the truth: the import of the text PDF over the same pages. Word error rate: words of the truth changed, lost or added in the OCR's transcript, by the import's word map, of the whole record (cover included: the issue's target, ≤ 1%), of page 1 (the cover) and of the other pages (the body); speeches: the labelled speeches on those pages found in order. Processor a page: Tesseract's, pdftoppm's and our own user and system time while the pages are read (the record's mean, and its highest page's in brackets: pages are read in batches of ${BATCH} a job, with \`--jobs 2\` ${2 * BATCH} pages' mean, eight a Tesseract run); layout: our own, building the transcript from Tesseract's words (this process's time a page):`,
      "",
      "| record | pages | speeches in order | word error rate, cover included | cover (page 1) | body (pages 2–) | processor a page (highest) | layout a page | doubtful words |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
      ...rows,
      "",
      "Run: `node --import tsx bench/ocr.ts [--jobs N] [--pages N] [--differences] [--kept] [RECORD…]` (needs tesseract-ocr, poppler-utils, imagemagick, img2pdf; scans and TSVs are kept in bench/out/ocr, so a second run reads only the layout); `--1950` measures the 1950 scan only.",
    ].join("\n");
    console.log(writeResultsSection("ocr", "bench/ocr.ts", body));
  }
  if (only1950) {
    const real = await scan1950(jobs);
    console.log(
      writeResultsSection(
        "ocr-1950",
        "bench/ocr.ts",
        [`The 1950 scan (load average ${loadavg()[0].toFixed(1)}):`, "", ...real].join("\n"),
      ),
    );
  }
}

/** The development records: the ten of 2020 and the born-digital ones of other decades (not the 1950 scan). */
const DEVELOPMENT = [...ERAS_RECORDS.filter((r) => !OCR_RECORDS.has(r)), ...RECORDS];

void main();
