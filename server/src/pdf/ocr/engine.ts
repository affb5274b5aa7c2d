// The OCR engine: Tesseract 5 (the `tesseract` program) reading page images that poppler's
// `pdftoppm` renders, both found on PATH and run as child processes, never through a shell. Why
// these and not tesseract.js or pdf.js with a canvas: see ARCHITECTURE.md (measured in
// bench/RESULTS.md: the program is about three times faster than tesseract.js on the same page,
// with the same model, and has Debian packages for the six official languages).
//
// Each page: its crop box (what pdf.js shows) rendered in grey at a whole multiple of the resolution of the scan's own image, up to 300 dpi (`renderDpi`; 300 for a
// page with no image), brought down to the resolution its type needs (`forReading`), read by
// Tesseract into TSV (each word's box and confidence), the image removed. Pages are read in groups
// of GROUP a Tesseract run (`readGroup`: its start and model loaded once), `jobs` groups at a time,
// each Tesseract on one thread (OMP_THREAD_LIMIT=1: its own threads cost more than they give on a
// shared machine). The PDF is written once to a
// private temporary folder (mkdtemp, mode 0700), removed at the end whatever happens.
import type { ChildProcess } from "node:child_process";
import {
  accessSync,
  closeSync,
  constants,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  column,
  type Doubt,
  doubts,
  type Grey,
  merge,
  type NameReading,
  NamesOnce,
  type NameWord,
  namesRead,
  nameWords,
  type Placed,
  readPgm,
  readTiff,
  stack,
  tiffHead,
  uncovered,
} from "./reread";
import { tsvWords, usualHeight } from "./tsv";
import { readingScale, shrink, typeSize } from "./typesize";

/**
 * node:child_process, loaded when a scan is read, not at every start: it brings in Node's
 * network and stream modules, about 4 ms of processor time of each `verbatim` command
 * (bench/startup.ts).
 */
const childProcess = (): typeof import("node:child_process") => require("node:child_process");

/** Why the OCR could not run: what is missing and what to install. */
export class OcrError extends Error {
  constructor(
    readonly kind: "missing-engine" | "missing-language" | "failed" | "cancelled",
    message: string,
  ) {
    super(message);
  }
}

/** What to install for the OCR, said to the user when it is missing. */
export const INSTALL_HINT =
  "install Tesseract 5 and poppler's pdftoppm: Debian/Ubuntu `apt-get install tesseract-ocr poppler-utils`, macOS `brew install tesseract poppler`, Windows the UB Mannheim Tesseract installer and poppler for Windows, with both on PATH";

/** Debian's package of a Tesseract language pack (`fra` → tesseract-ocr-fra). */
export function languagePackage(lang: string): string {
  return `tesseract-ocr-${lang.replace(/_/g, "-").toLowerCase()}`;
}

/** Tesseract's language code of a record language (ISO 639-1), for the six official languages. */
export const TESSERACT_LANGUAGE: Record<string, string> = {
  en: "eng",
  fr: "fra",
  es: "spa",
  ru: "rus",
  ar: "ara",
  zh: "chi_sim",
};

export interface Engine {
  tesseract: string;
  pdftoppm: string;
  /** `pdfimages` (poppler), for the resolution of the scan's images; absent: 300 dpi. */
  pdfimages?: string;
  version: string;
  languages: string[];
}

/** A program's path on PATH (no shell), or undefined. */
function which(program: string, path = process.env.PATH ?? ""): string | undefined {
  const sep = process.platform === "win32" ? ";" : ":";
  const exts = process.platform === "win32" ? [".exe", ".cmd", ""] : [""];
  for (const dir of path.split(sep)) {
    if (!dir) continue;
    for (const ext of exts) {
      const file = join(dir, program + ext);
      try {
        if (statSync(file).isFile()) {
          accessSync(file, constants.X_OK);
          return file;
        }
      } catch {
        // not there
      }
    }
  }
  return undefined;
}

let found: Engine | OcrError | undefined;

/** The engine on PATH, found once per process; an OcrError saying what to install where it is missing. */
export function findEngine(): Engine {
  found ??= locate();
  if (found instanceof OcrError) throw found;
  return found;
}

/** Forget the engine found (tests that change PATH). */
export function forgetEngine(): void {
  found = undefined;
}

function locate(): Engine | OcrError {
  const tesseract = which("tesseract");
  const pdftoppm = which("pdftoppm");
  const missing = [tesseract ? "" : "tesseract", pdftoppm ? "" : "pdftoppm"].filter(Boolean);
  if (!tesseract || !pdftoppm)
    return new OcrError("missing-engine", `the OCR needs ${missing.join(" and ")}, not found on PATH: ${INSTALL_HINT}`);
  const v = childProcess().spawnSync(tesseract, ["--version"], { encoding: "utf8", timeout: 10_000 });
  const version = /tesseract\s+v?(\d+\.\d+(?:\.\d+)?)/i.exec(`${v.stdout}${v.stderr}`)?.[1] ?? "";
  if (!version || Number(version.split(".")[0]) < 4)
    return new OcrError(
      "missing-engine",
      `the OCR needs Tesseract 4 or later (found ${version || "an unknown version"}): ${INSTALL_HINT}`,
    );
  const l = childProcess().spawnSync(tesseract, ["--list-langs"], { encoding: "utf8", timeout: 10_000 });
  const languages = `${l.stdout}`
    .split(/\r?\n/)
    .slice(1)
    .map((s) => s.trim())
    .filter((s) => /^[\w-]+$/.test(s));
  const pdfimages = which("pdfimages");
  return { tesseract, pdftoppm, ...(pdfimages ? { pdfimages } : {}), version, languages };
}

/** Checks the languages are installed: an OcrError naming the packages to install. */
export function checkLanguages(engine: Engine, langs: readonly string[]): void {
  const missing = langs.filter((l) => !engine.languages.includes(l));
  if (missing.length)
    throw new OcrError(
      "missing-language",
      `Tesseract has no ${missing.join(", ")} language data (it has ${engine.languages.join(", ") || "none"}): install ${missing.map(languagePackage).join(" ")} (Debian/Ubuntu apt-get; other systems: the tessdata file ${missing.map((m) => `${m}.traineddata`).join(", ")})`,
    );
}

/** One page's OCR: Tesseract's TSV and the size of the image it read (pixels). */
export interface PageOcr {
  page: number;
  tsv: string;
  /** The rendering's resolution (dots per inch): pixels × 72 / dpi are PDF points. */
  dpi: number;
  /** Its names read again for their accents (`OcrRunOptions.names`); the import takes the accents (reread.ts `mergeMarks`). */
  names?: NameReading[];
}

export interface OcrRunOptions {
  /** Tesseract's language(s), `eng` or `eng+fra`. */
  lang: string;
  /** Pages read at once (default 1). */
  jobs?: number;
  /** The pages to read (1-based); default all. */
  pages: number[];
  onPage?: (done: number, total: number, page: number) => void;
  signal?: AbortSignal;
  /** Longest a page may take (ms): past it, its Tesseract is stopped and the OCR fails. */
  pageTimeout?: number;
  /** Each page's size in points: a large page is rendered at a lower resolution (MAX_PIXELS). */
  sizes?: ReadonlyMap<number, { width: number; height: number }>;
  /**
   * The names read again for their accents (reread.ts `nameWords`, `mergeMarks`) with Tesseract's
   * language `lang` (`Latin`), all the record's in one run: names are the capitalised words
   * `known` (the record's lexicon) does not know. Skipped where `lang` is not installed.
   */
  names?: { lang: string; known: (word: string) => boolean };
}

/** The names of a page to read for their accents: its page, the stacked images, where each lies. */
interface PageNames {
  page: number;
  image: Grey;
  placed: Placed[];
  /** Cut from a finer rendering than the page was read at (a page brought down, `forReading`). */
  finer: boolean;
}

/** The names' images written so far (each its own file name). */
let namesRuns = 0;

/** At most this many pixels high an image of names read at once (about 200 names). */
const NAMES_HEIGHT = 12_000;

/**
 * Pages read by one Tesseract run (`readGroup`): its start and its `eng` model's loading, about
 * 0.17 s of processor time a run, shared by the group's pages, for its first reading and again for
 * its second (8 pages: 0.04 s a page less than 4, bench/RESULTS.md). Meanwhile the group's pages
 * brought down are held as 300 dpi renderings (8.6 MB a page), the images read in their files.
 */
const GROUP = 8;

/** Longest a page may take by default (ms): `OcrRunOptions.pageTimeout`. */
const PAGE_TIMEOUT = 300_000;

/** The most pixels a page's image may have (a hostile MediaBox is not rendered at 300 dpi). */
export const MAX_PIXELS = 40_000_000;

/**
 * The resolution a page is rendered at: the scan's own times the largest whole factor that stays
 * within about 300 dpi (a 151 dpi scan at 302, a 100 dpi one at 300), within MAX_PIXELS; 300 dpi
 * without an image. Tesseract reads best from 300 dpi (tessdoc, "Improving the quality of the
 * output": Rescaling): the faint, broken strokes of a low-resolution 1-bit scan, of which it reads
 * nothing at the scan's own resolution, it reads at twice it (the 1950 scan's page feet, for about
 * a third more processor time: bench/RESULTS.md). A whole factor maps each scan pixel to a square.
 * A 300 dpi scan read at 240 dpi costs Tesseract 0–9% less, but loses the country names beside
 * the dot leaders of a Security Council cover's members list (test/unit/ocrQuality.test.ts): not
 * taken (bench/RESULTS.md, "Where a scanned page's time goes").
 */
export function renderDpi(own: number | undefined, size?: { width: number; height: number }): number {
  let dpi =
    own && own > 0 ? (own >= MAX_DPI ? MAX_DPI : own * Math.max(1, Math.floor((MAX_DPI * 1.05) / own))) : MAX_DPI;
  if (size && size.width > 0 && size.height > 0)
    dpi = Math.min(dpi, Math.sqrt(MAX_PIXELS / ((size.width / 72) * (size.height / 72))));
  return Math.max(1, Math.floor(dpi));
}

const MAX_DPI = 300;

/** Tesseract's arguments for a page image: its words, boxes and confidences as TSV on stdout. */
export function tesseractArgs(image: string, lang: string): string[] {
  return [image, "stdout", "-l", lang, ...TESSERACT_OPTIONS, "tsv"];
}

/**
 * How Tesseract reads a page (see `tesseractArgs`): its defaults but the fixed-pitch test
 * (`textord_disable_pitch_test`: each line's dynamic-programming search for a typewriter's fixed
 * character pitch, `compute_fixed_pitch`, 1.7% of the instructions of a body page's reading by
 * callgrind; the LSTM reads the words of a line whatever pitch its blobs were cut by: the same TSV
 * byte for byte on the covers and bodies measured, bench/RESULTS.md), and the noise removal
 * (`enable_noise_removal`: small outlines near a word weighed again as its diacritics or as
 * noise, `ReassignDiacritics`, 3% of a body page's instructions; the words of the 363 pages of the
 * development records' synthetic scans and of the 1950 scan read with it off: bench/RESULTS.md;
 * accents are the names' Latin reading's, reread.ts). `reread`: the doubtful words read again
 * alone (reread.ts). Measured and left out (bench/ocr-parts.ts, bench/RESULTS.md):
 * `tessedit_do_invert=0` (no line tried again inverted: 2% fewer instructions, a tenth less on a
 * Security Council cover, but 4–7% of a cover's first words read otherwise, A/76/PV.102's cover
 * 8 → 12 words wrong), table finding off (0.2%, a
 * cover's words changed), `--oem 1`, another page segmentation mode, dictionaries off: no time
 * saved beyond the noise, or the columns lost.
 */
export const TESSERACT_OPTIONS: readonly string[] = [
  "-c",
  "textord_disable_pitch_test=1",
  "-c",
  "enable_noise_removal=0",
];
export const OCR_RECIPE = "reread-5-typesize-3";

/** Reads the pages of a PDF with Tesseract. Throws OcrError. */
export async function ocrPdf(bytes: Uint8Array, options: OcrRunOptions): Promise<PageOcr[]> {
  const engine = findEngine();
  checkLanguages(engine, options.lang.split("+"));
  const dir = mkdtempSync(join(tmpdir(), "verbatim-ocr-"));
  const running = new Set<ChildProcess>();
  const stop = () => {
    for (const c of running) c.kill("SIGKILL");
  };
  options.signal?.addEventListener("abort", stop);
  try {
    const pdf = join(dir, "in.pdf");
    writeFileSync(pdf, bytes, { flag: "wx", mode: 0o600 });
    const dpis = engine.pdfimages ? await imageDpis(engine.pdfimages, pdf, running) : new Map<number, number>();
    const out: PageOcr[] = [];
    const names = options.names && engine.languages.includes(options.names.lang) ? options.names : undefined;
    const named: PageNames[] = [];
    const once = new NamesOnce();
    let waiting = 0;
    let next = 0;
    let done = 0;
    const jobs = Math.max(1, Math.min(options.jobs ?? 1, options.pages.length));
    const worker = async () => {
      while (next < options.pages.length) {
        if (options.signal?.aborted) throw new OcrError("cancelled", "the OCR was cancelled");
        // A group of pages a Tesseract run, shared out so that no worker waits at the end.
        const size = Math.max(1, Math.min(GROUP, Math.ceil((options.pages.length - next) / jobs)));
        const group = options.pages.slice(next, next + size);
        next += group.length;
        for (const { page, tsv, dpi, image, full } of await readGroup(
          engine,
          pdf,
          dir,
          group,
          dpis,
          running,
          options,
        )) {
          out.push({ page, tsv, dpi });
          const list = names && image ? once.fresh(page, nameWords(tsv, names.known)) : [];
          if (names && image && list.length) {
            const stacked = stackNames(page, image, full, tsv, list);
            named.push(stacked);
            waiting += stacked.image.height;
            // Read as soon as there are names enough for a run: a long record's wait in memory.
            if (waiting >= NAMES_HEIGHT) {
              waiting = 0;
              await readNames(engine, dir, named.splice(0), out, names.lang, running, options);
            }
          }
          options.onPage?.(++done, options.pages.length, page);
        }
      }
    };
    await Promise.all(Array.from({ length: jobs }, worker));
    if (names && named.length) await readNames(engine, dir, named, out, names.lang, running, options);
    once.share(out);
    return out.sort((a, b) => a.page - b.page);
  } catch (e) {
    if (options.signal?.aborted) throw new OcrError("cancelled", "the OCR was cancelled");
    throw e;
  } finally {
    options.signal?.removeEventListener("abort", stop);
    stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Renders one page of `pdf` in grey at `dpi` (pdftoppm) to `base`.pgm; that file's path. */
async function renderPage(
  engine: Engine,
  pdf: string,
  base: string,
  page: number,
  dpi: number,
  running: Set<ChildProcess>,
  options: Pick<OcrRunOptions, "pageTimeout" | "signal">,
): Promise<string> {
  await run(engine.pdftoppm, renderArgs(pdf, page, dpi, base), running, options);
  return `${base}.pgm`;
}

/**
 * pdftoppm's arguments for page `page` of `pdf` in grey at `dpi`, its crop box, into `base`.pgm; or,
 * given `last`, for pages `page`…`last` into `base-N.pgm` each.
 */
export function renderArgs(pdf: string, page: number, dpi: number, base: string, last?: number): string[] {
  const range = last === undefined ? ["-singlefile"] : [];
  return ["-cropbox", "-f", String(page), "-l", String(last ?? page), "-r", String(dpi), "-gray", ...range, pdf, base];
}

/** The renderings written so far (each run its own file names). */
let renders = 0;

/**
 * Pages of `pdf` rendered in grey, each at its resolution (`dpis`, by page), consecutive pages at
 * the same resolution by one pdftoppm run (`-f`/`-l`: its start and the PDF's parsing shared, the
 * same pixels as a run a page, test/unit/ocrTypeSize.test.ts): each page's PGM file, by page. A
 * range's pages are named `base-N.pgm`, N padded to the digits of the PDF's page count (poppler's
 * pdftoppm.cc), found by their number whatever its padding.
 */
export async function renderPages(
  engine: Engine,
  pdf: string,
  dir: string,
  pages: readonly number[],
  dpis: ReadonlyMap<number, number>,
  running: Set<ChildProcess>,
  options: Pick<OcrRunOptions, "pageTimeout" | "signal">,
): Promise<Map<number, string>> {
  const files = new Map<number, string>();
  for (let k = 0; k < pages.length; ) {
    const first = pages[k];
    const dpi = dpis.get(first) ?? MAX_DPI;
    let n = 1;
    while (k + n < pages.length && pages[k + n] === first + n && (dpis.get(pages[k + n]) ?? MAX_DPI) === dpi) n++;
    // This run's own name (another job's run may start while this one renders).
    const name = `r${++renders}`;
    const base = join(dir, name);
    if (n === 1) files.set(first, await renderPage(engine, pdf, base, first, dpi, running, options));
    else {
      const last = first + n - 1;
      await run(engine.pdftoppm, renderArgs(pdf, first, dpi, base, last), running, {
        ...options,
        pageTimeout: (options.pageTimeout ?? PAGE_TIMEOUT) * n,
      });
      const prefix = `${name}-`;
      for (const name of readdirSync(dir)) {
        const m = name.startsWith(prefix) ? /^(\d+)\.pgm$/.exec(name.slice(prefix.length)) : null;
        const page = m ? Number(m[1]) : Number.NaN;
        if (page >= first && page <= last) files.set(page, join(dir, name));
      }
    }
    k += n;
  }
  return files;
}

/** The grey image in a rendered page's file (undefined if unreadable); the file removed. */
function takeImage(file: string): Grey | undefined {
  const image = readPgm(readFileSync(file));
  rmSync(file, { force: true });
  return image;
}

/**
 * A page's names (`list`, of `nameWords`) cut from its image and stacked for their reading: from
 * the page as rendered where it was brought down to be read (`full`, `stackFrom`).
 */
function stackNames(
  page: number,
  image: Grey,
  full: { image: Grey; scale: number } | undefined,
  tsv: string,
  list: NameWord[],
): PageNames {
  const { image: stacked, placed } = stackFrom(image, full, list, usualHeight(tsvWords(tsv)));
  return { page, image: stacked, placed, finer: full !== undefined && full.scale > 1 };
}

/**
 * The names of pages read before (`read`: each page's TSV and resolution, as `ocrPdf` gave them)
 * read again for their accents (`OcrRunOptions.names`): each page rendered again as `ocrPdf`
 * rendered it (a page read at 200 dpi cut from its 300 dpi rendering, `stackFrom`), its names found
 * and read as `ocrPdf` reads them; the pages with their new
 * readings. A benchmark's kept pages read again when what a name is changes, without their first
 * reading. Throws OcrError.
 */
export async function ocrNames(
  bytes: Uint8Array,
  read: readonly PageOcr[],
  options: Pick<OcrRunOptions, "pageTimeout" | "signal" | "sizes"> & { names: NonNullable<OcrRunOptions["names"]> },
): Promise<PageOcr[]> {
  const engine = findEngine();
  checkLanguages(engine, [options.names.lang]);
  const dir = mkdtempSync(join(tmpdir(), "verbatim-ocr-"));
  const running = new Set<ChildProcess>();
  try {
    const pdf = join(dir, "in.pdf");
    writeFileSync(pdf, bytes, { flag: "wx", mode: 0o600 });
    const out = read.map(({ names: _, ...o }) => ({ ...o }) as PageOcr);
    const named: PageNames[] = [];
    const once = new NamesOnce();
    let dpis: Map<number, number> | undefined;
    for (const o of out) {
      const list = once.fresh(o.page, nameWords(o.tsv, options.names.known));
      if (!list.length) continue;
      // Rendered as `ocrPdf` rendered it: a page read brought down is cut from its full rendering.
      dpis ??= engine.pdfimages ? await imageDpis(engine.pdfimages, pdf, running) : new Map<number, number>();
      const rendered = renderDpi(dpis.get(o.page), options.sizes?.get(o.page));
      const dpi = rendered > o.dpi * 1.01 ? rendered : o.dpi;
      const image = takeImage(await renderPage(engine, pdf, join(dir, `p${o.page}`), o.page, dpi, running, options));
      const full = image && dpi !== o.dpi ? { image, scale: dpi / o.dpi } : undefined;
      if (image) named.push(stackNames(o.page, image, full, o.tsv, list));
    }
    await readNames(engine, dir, named, out, options.names.lang, running, options);
    once.share(out);
    return out;
  } finally {
    for (const c of running) c.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The page image Tesseract reads, at the resolution its type needs (typesize.ts): rendered at
 * `rendered` dpi (`renderDpi`) into the PGM `file`, brought down (`shrink`) as far as its small
 * type stays MIN_X_HEIGHT high (`readingScale`: a 10-point body from 300 to 200 dpi; a cover's
 * members list and its dot leaders kept at 300), written as a TIFF beside it for Tesseract
 * (`read`, `writeImage`). A page rendered above its scan's own resolution (a 151 dpi 1-bit scan
 * at 302) is left as it is: there the extra pixels are for faint strokes, not for small type.
 * Undefined image: not a PGM (Tesseract is given the file as it is, `read` = `file`).
 */
export function forReading(
  file: string,
  rendered: number,
  own: number | undefined,
): { image?: Grey; dpi: number; full?: { image: Grey; scale: number }; read: string } {
  const image = readPgm(readFileSync(file));
  if (!image) return { dpi: rendered, read: file };
  const read = `${file.replace(/\.pgm$/, "")}.tif`;
  if (own && own > 0 && rendered > own * 1.05) return { image, dpi: rendered, read: writeImage(read, image) };
  const [p, q] = readingScale(typeSize(image).small);
  if (p >= q) return { image, dpi: rendered, read: writeImage(read, image) };
  const small = shrink(image, p, q);
  return { image: small, dpi: (rendered * p) / q, full: { image, scale: q / p }, read: writeImage(read, small) };
}

/**
 * An image written for Tesseract to read: an uncompressed TIFF (reread.ts `tiffHead`: Leptonica
 * reads it row by row, a PGM byte by byte), its pixels written from where they are (no copy),
 * into a new file (never through a link: `wx`). Its path.
 */
export function writeImage(file: string, image: Grey): string {
  const fd = openSync(file, "wx", 0o600);
  try {
    writeSync(fd, tiffHead(image.width, image.height));
    for (let at = 0; at < image.pixels.length; ) at += writeSync(fd, image.pixels, at, image.pixels.length - at);
  } finally {
    closeSync(fd);
  }
  return file;
}

/** A word's box on the page as rendered, `scale` times its box on the page read (`forReading`). */
function scaled(d: Doubt, scale: number): Doubt {
  if (scale === 1) return d;
  const left = Math.floor(d.left * scale);
  const top = Math.floor(d.top * scale);
  return {
    ...d,
    left,
    top,
    width: Math.ceil((d.left + d.width) * scale) - left,
    height: Math.ceil((d.top + d.height) * scale) - top,
    ...(d.before !== undefined ? { before: Math.floor(d.before * scale) } : {}),
    ...(d.after !== undefined ? { after: Math.floor(d.after * scale) } : {}),
  };
}

/**
 * Words of the page read (boxes in its pixels) cut from the page as rendered when it was brought
 * down (`full`): a word read again, a name's marks, want every pixel (at 200 dpi `HALACHEV` in a
 * 1993 header reads `YALACHE`, at 300 right). Each placed word keeps its own box, and its place on
 * the stacked image maps back to the page read (`merge` puts a found word's box there).
 */
export function stackFrom(
  page: Grey,
  full: { image: Grey; scale: number } | undefined,
  list: readonly Doubt[],
  usual: number,
): { image: Grey; placed: Placed[] } {
  if (!full || full.scale === 1) return stack(page, list, usual);
  const s = full.scale;
  const { image, placed } = stack(
    full.image,
    list.map((d) => scaled(d, s)),
    usual * s,
  );
  return { image, placed: placed.map((p, i) => ({ ...p, doubt: list[i], x0: p.x0 / s, y0: p.y0 / s, k: p.k / s })) };
}

/**
 * Pages read by one Tesseract run (its model loaded once: about 0.15 s of processor time a run,
 * bench/RESULTS.md), their doubtful words by one more: each page rendered (`renderPage`) and
 * brought down to the resolution its type needs (`forReading`), the group's images read from a
 * list (`readList`), then each page's doubtful words and print no word covers (reread.ts `doubts`,
 * `uncovered`) cut from the page as rendered (`stackFrom`) and the group's stacks read from a list,
 * each page's first reading where its second cannot be made. A list's pages read as each alone
 * (test/unit/ocrReread200.test.ts). Each page: its TSV, resolution and the image its crops are cut
 * from (`image`: a page brought down, its rendering `full`, the image read no longer held).
 */
async function readGroup(
  engine: Engine,
  pdf: string,
  dir: string,
  pages: readonly number[],
  dpis: ReadonlyMap<number, number>,
  running: Set<ChildProcess>,
  options: OcrRunOptions,
): Promise<{ page: number; tsv: string; dpi: number; image?: Grey; full?: { image: Grey; scale: number } }[]> {
  const read: {
    page: number;
    file: string;
    dpi: number;
    image?: Grey;
    full?: { image: Grey; scale: number };
  }[] = [];
  let files: Map<number, string> | undefined;
  try {
    const rendered = new Map(pages.map((page) => [page, renderDpi(dpis.get(page), options.sizes?.get(page))]));
    files = await renderPages(engine, pdf, dir, pages, rendered, running, options);
    for (const page of pages) {
      const file = files.get(page);
      if (!file) throw new OcrError("failed", `pdftoppm wrote no image of page ${page}`);
      files.delete(page);
      const { image, dpi, full, read: tiff } = forReading(file, rendered.get(page) ?? MAX_DPI, dpis.get(page));
      if (tiff !== file) rmSync(file, { force: true });
      // A page brought down is held as rendered (its crops are cut from it); the image read is
      // in its file, read back for `uncovered`: one image a page in memory, not two.
      read.push({ page, file: tiff, dpi, ...(full ? { full } : image ? { image } : {}) });
    }
    const firsts = await readList(
      engine,
      dir,
      read.map((r) => r.file),
      tesseractArgs("", options.lang).slice(2, -1),
      running,
      options,
    );
    const again = read.map((r, i) => {
      const image = r.image ?? (r.full ? readTiff(readFileSync(r.file)) : undefined);
      rmSync(r.file, { force: true });
      if (!image) return undefined;
      const { list, usual } = doubts(firsts[i]);
      const lost = uncovered(image, firsts[i], usual);
      if (!list.length && !lost.length) return undefined;
      const { image: stacked, placed } = stackFrom(image, r.full, [...list, ...lost], usual);
      const file = writeImage(join(dir, `p${r.page}-again.tif`), stacked);
      return { file, placed };
    });
    const stacks = again.filter((a) => a !== undefined);
    let seconds: string[] = [];
    try {
      if (stacks.length)
        seconds = await readList(
          engine,
          dir,
          stacks.map((a) => a.file),
          ["-l", options.lang, "--psm", "6"],
          running,
          options,
        );
    } catch (e) {
      if (options.signal?.aborted) throw e;
    }
    return read.map((r, i) => {
      const a = again[i];
      const second = a ? seconds[stacks.indexOf(a)] : undefined;
      const tsv = a && second !== undefined ? merge(firsts[i], a.placed, second) : firsts[i];
      return { page: r.page, tsv, dpi: r.dpi, image: r.image ?? r.full?.image, full: r.full };
    });
  } finally {
    for (const file of files?.values() ?? []) rmSync(file, { force: true });
    for (const r of read) {
      rmSync(r.file, { force: true });
      rmSync(join(dir, `p${r.page}-again.tif`), { force: true });
    }
  }
}

/** The lists written so far (each its own file name). */
let lists = 0;

/**
 * Images read by one Tesseract run with `args` (its options between the input and `tsv`): one
 * image read as it is, more from a list file (one path a line: Tesseract reads each as a page of
 * its own). Each image's TSV as a run of it alone gives it: the header, its rows with page 1. The
 * run's time limit is `pageTimeout` an image.
 */
export async function readList(
  engine: Pick<Engine, "tesseract">,
  dir: string,
  files: readonly string[],
  args: readonly string[],
  running: Set<ChildProcess>,
  options: { pageTimeout?: number; signal?: AbortSignal },
): Promise<string[]> {
  if (files.length <= 1)
    return Promise.all(files.map((f) => run(engine.tesseract, [f, "stdout", ...args, "tsv"], running, options)));
  const list = join(dir, `list-${++lists}.txt`);
  writeFileSync(list, `${files.join("\n")}\n`, { flag: "wx", mode: 0o600 });
  try {
    const all = await run(engine.tesseract, [list, "stdout", ...args, "tsv"], running, {
      ...options,
      pageTimeout: (options.pageTimeout ?? PAGE_TIMEOUT) * files.length,
    });
    return splitPages(all, files.length);
  } finally {
    rmSync(list, { force: true });
  }
}

/**
 * A TSV of `n` pages (Tesseract's page numbers 1 to n) as n TSVs of one page each, as Tesseract
 * writes one: the header line, then the page's rows with page 1, a line end after each. One pass.
 */
export function splitPages(tsv: string, n: number): string[] {
  const lines = tsv.split("\n");
  const header = lines[0] ?? "";
  const rows: string[][] = Array.from({ length: n }, () => []);
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k];
    if (!line) continue;
    const a = line.indexOf("\t");
    const b = line.indexOf("\t", a + 1);
    const page = Number(line.slice(a + 1, b));
    if (a < 0 || b < 0 || !(page >= 1 && page <= n)) continue;
    rows[page - 1].push(`${line.slice(0, a)}\t1${line.slice(b)}`);
  }
  return rows.map((r) => `${[header, ...r].join("\n")}\n`);
}

/**
 * Names read for their accents (reread.ts): the pages' stacked names one under the other (read
 * whenever NAMES_HEIGHT pixels of them wait, and at the end), NAMES_HEIGHT pixels at a time, each
 * read by one Tesseract run (`--psm 6`) in `lang`, each page's readings given to it
 * (`PageOcr.names`). A run that fails leaves the pages as they were.
 */
async function readNames(
  engine: Engine,
  dir: string,
  named: readonly PageNames[],
  out: PageOcr[],
  lang: string,
  running: Set<ChildProcess>,
  options: { pageTimeout?: number; signal?: AbortSignal },
): Promise<void> {
  const byPage = new Map(out.map((o) => [o.page, o]));
  for (let k = 0; k < named.length; ) {
    const chunk: PageNames[] = [];
    let height = 0;
    while (k < named.length && (!chunk.length || height + named[k].image.height <= NAMES_HEIGHT)) {
      height += named[k].image.height;
      chunk.push(named[k++]);
    }
    const { image, tops } = column(chunk.map((c) => c.image));
    const file = writeImage(join(dir, `names-${++namesRuns}.tif`), image);
    try {
      const read = await run(engine.tesseract, [file, "stdout", "-l", lang, "--psm", "6", "tsv"], running, options);
      chunk.forEach((c, i) => {
        const o = byPage.get(c.page);
        const shifted = c.placed.map((p) => ({ ...p, top: p.top + tops[i], bottom: p.bottom + tops[i] }));
        if (o) o.names = namesRead(shifted, read).map((n) => (c.finer ? { ...n, finer: true } : n));
      });
    } catch (e) {
      if (options.signal?.aborted) throw e;
    } finally {
      rmSync(file, { force: true });
    }
  }
}

/** The resolution of each page's largest image (`pdfimages -list`): the scan's own. */
async function imageDpis(pdfimages: string, pdf: string, running: Set<ChildProcess>): Promise<Map<number, number>> {
  const dpis = new Map<number, { dpi: number; pixels: number }>();
  try {
    const list = await run(pdfimages, ["-list", pdf], running, { pageTimeout: 60_000 });
    for (const line of list.split("\n").slice(2)) {
      const f = line.trim().split(/\s+/);
      const page = Number(f[0]);
      const pixels = Number(f[3]) * Number(f[4]);
      const dpi = Number(f[12]);
      if (f[2] !== "image" || !Number.isFinite(page) || !Number.isFinite(dpi) || !(dpi > 0)) continue;
      const best = dpis.get(page);
      if (!best || pixels > best.pixels) dpis.set(page, { dpi, pixels });
    }
  } catch {
    // No list: every page at the highest resolution.
  }
  return new Map([...dpis].map(([p, d]) => [p, d.dpi]));
}

/** Runs a program (no shell), its standard output as UTF-8; OcrError when it fails or takes too long. */
function run(
  program: string,
  args: string[],
  running: Set<ChildProcess>,
  options: { pageTimeout?: number; signal?: AbortSignal },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = childProcess().spawn(program, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, OMP_THREAD_LIMIT: "1" },
      windowsHide: true,
    });
    running.add(child);
    const out: Buffer[] = [];
    let err = "";
    child.stdout?.on("data", (b: Buffer) => out.push(b));
    child.stderr?.on("data", (b: Buffer) => {
      if (err.length < 4000) err += b.toString("utf8");
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.pageTimeout ?? PAGE_TIMEOUT);
    child.on("error", (e) => {
      clearTimeout(timer);
      running.delete(child);
      reject(new OcrError("failed", `${program} could not run (${e.message})`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      if (options.signal?.aborted) return reject(new OcrError("cancelled", "the OCR was cancelled"));
      if (code === 0) return resolve(Buffer.concat(out).toString("utf8"));
      const why = signal ? `stopped (${signal === "SIGKILL" ? "too long" : signal})` : `exit ${code}`;
      const said = err.trim().split("\n").slice(-2).join(" ").slice(0, 300);
      reject(new OcrError("failed", `${program.split(/[\\/]/).pop()} failed: ${why}${said ? `: ${said}` : ""}`));
    });
  });
}
