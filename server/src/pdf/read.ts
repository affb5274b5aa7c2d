// Reads a PDF's text with pdf.js (Mozilla's PDF.js, npm pdfjs-dist, legacy build for Node 20):
// each page's text runs with their position and font. The only module that touches pdf.js.
//
// pdf.js ships as ES modules with a top-level await, which esbuild cannot put into the CommonJS
// bundles: the shipped files are loaded at run time (esbuild.mjs marks pdfjs-dist external and
// copies legacy/build/pdf.min.mjs and pdf.worker.min.mjs into server/out/pdfjs/, which the .vsix
// carries: see .vscodeignore), each run as a script compiled from V8's code cache of an earlier
// process (compiled.ts), or, in a shape that cannot be, by a dynamic import(). Its worker runs in this thread
// (`globalThis.pdfjsWorker`): no worker thread, no second file to find. pdf.js is only asked for
// text: no canvas, no font loaded into a document, no script (isEvalSupported: false). On Node it
// loads the optional @napi-rs/canvas package if it can (not here: see loadPdfjs) and, without it,
// warns at import that it cannot polyfill DOMMatrix, ImageData and Path2D (for rendering): an
// empty DOMMatrix stand-in is defined before the import (its display layer builds one at import
// time) and those import-time warnings are filtered out.
//
// What a PDF may cost is bounded whatever its bytes (PDF_LIMITS, issue 27): pages, runs and
// characters are counted as they are read; what streams decode to is counted by hooks put into
// PDF.js's worker module as it is loaded (the text of the shipped file, patched where its
// DecodeStream grows and where a DecompressionStream gives a chunk: `boundedWorker`). The same
// patch has getTextContent read a gap between glyphs as a space from a share of the font's own
// space on (`spaceFloor`), not from a tenth of its size, and give each font's PostScript name
// with its style (the bold and italic evidence), so that no page's operator list is built for it
// (that would read the content again and decode its images). A PDF.js whose code no longer has
// those places is refused at load, and the tests say so. The changes are pdfjsText.ts's; the
// build writes the changed modules beside PDF.js's as scripts (`PREPARED_FILES`), which a process
// compiles as they are, and a process without them (the sources under the tests; PDF.js as
// shipped) changes the modules as it loads them.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { lazyPattern } from "../text/regexp";
import { type CompiledModule, compileModule, compileModuleScript } from "./compiled";
import { PREPARED_FILES, patchedPdfjs } from "./pdfjsText";
import type { PdfFont, PdfPage, PdfRun, PdfText } from "./types";

/** Why a PDF could not be read: the import turns these into refusals. */
export class PdfReadError extends Error {
  constructor(
    readonly kind: "password" | "invalid" | "failed" | "too-large" | "cancelled",
    message: string,
  ) {
    super(message);
  }
}

// The parts of pdf.js's API this module uses (pdfjs-dist's own types are ES-module types).
interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  fontName: string;
  hasEOL: boolean;
}
interface PdfjsPage {
  getViewport(options: { scale: number }): { transform: number[]; width: number; height: number; rotation: number };
  streamTextContent(): ReadableStream<{
    items: (TextItem | { type: string })[];
    styles: Record<string, { verbatimName?: unknown }>;
  }>;
  cleanup(): void;
}
interface PdfjsDocument {
  numPages: number;
  getPage(n: number): Promise<PdfjsPage>;
}
interface Pdfjs {
  getDocument(options: Record<string, unknown>): { promise: Promise<PdfjsDocument>; destroy(): Promise<void> };
  Util: { transform(a: number[], b: number[]): number[] };
}

const PDFJS_BUILD = "pdfjs-dist/legacy/build";
let loading: Promise<Pdfjs> | undefined;
/**
 * PDF.js's modules compiled afresh by this process: their code goes to the cache once a PDF has
 * been read (the functions a reading runs compiled by then), so that the next process finds them.
 */
let unsaved: CompiledModule[] = [];

/**
 * Where pdf.js is: in `pdfjs/` beside the bundle (esbuild.mjs copies it there; the .vsix carries
 * no node_modules), else in node_modules/pdfjs-dist (the sources run by the tests).
 */
export function pdfjsFiles(): { library: string; worker: string; prepared?: { library: string; worker: string } } {
  const beside = (name: string) => join(__dirname, "pdfjs", name);
  const find = (name: string) => (existsSync(beside(name)) ? beside(name) : require.resolve(`${PDFJS_BUILD}/${name}`));
  const files = { library: find("pdf.min.mjs"), worker: find("pdf.worker.min.mjs") };
  const prepared = { library: beside(PREPARED_FILES.library), worker: beside(PREPARED_FILES.worker) };
  return files.worker === beside("pdf.worker.min.mjs") && existsSync(prepared.worker) && existsSync(prepared.library)
    ? { ...files, prepared }
    : files;
}

/** A file in ASCII (a prepared script) read as Latin-1: a string of one byte a character. */
function readAscii(path: string): string {
  return readFileSync(path, "latin1");
}

/** pdf.js, loaded once per process on first use. */
export function loadPdfjs(): Promise<Pdfjs> {
  loading ??= (async () => {
    const files = pdfjsFiles();
    const g = globalThis as { DOMMatrix?: unknown; pdfjsWorker?: unknown };
    g.DOMMatrix ??= class DOMMatrix {};
    // The legacy build's core-js polyfills replace a few built-ins for every module of the process
    // (Array.prototype.push, JSON.parse and JSON.stringify, with slower versions that fix edge
    // cases no one here meets): they are put back once pdf.js is loaded. What it only adds
    // (Promise.withResolvers, Uint8Array.prototype.toHex…) stays: pdf.js needs it on Node 20.
    const natives = [
      [Array.prototype, "push"],
      [JSON, "parse"],
      [JSON, "stringify"],
    ].map(([owner, key]) => ({ owner, key, descriptor: Object.getOwnPropertyDescriptor(owner, key as string) }));
    // The optional @napi-rs/canvas package (a native Skia, for rendering) is not loaded where it is
    // installed either: the text is the same, the start-up shorter and the process smaller, as
    // in the .vsix, which has no node_modules. pdf.js asks for it through require(), which goes
    // through Module._load.
    const modules = require("node:module") as { _load?: (request: string, ...rest: unknown[]) => unknown };
    const load = modules._load;
    if (load)
      modules._load = function (this: unknown, request: string, ...rest: unknown[]) {
        if (request === "@napi-rs/canvas") throw new Error("not loaded: the import reads text only");
        return load.call(this, request, ...rest);
      };
    const warn = console.warn;
    const canvasWarning = /^Warning: Cannot (?:load "@napi-rs\/canvas"|polyfill `(?:DOMMatrix|ImageData|Path2D)`)/;
    console.warn = (...args: unknown[]) => {
      if (!(typeof args[0] === "string" && canvasWarning.test(args[0]))) warn(...args);
    };
    try {
      // Each module run as a script compiled from V8's code cache (compiled.ts): the build's
      // prepared script where there is one (pdfjsText.ts), else the shipped module changed here, or,
      // in a shape that cannot be, imported as a module (a computed specifier: esbuild leaves the
      // import() to Node's ES module loader).
      const prepared = speedChanges() ? files.prepared : undefined;
      let compiledWorker: CompiledModule | undefined;
      let compiledLibrary: CompiledModule | undefined;
      if (prepared) {
        compiledWorker = compileModuleScript(files.worker, readAscii(prepared.worker), fileIdentity(prepared.worker));
        g.pdfjsWorker ??= await compiledWorker.run();
        compiledLibrary = compileModuleScript(
          files.library,
          readAscii(prepared.library),
          fileIdentity(prepared.library),
        );
      } else {
        const { worker, library } = patchedPdfjs(
          readFileSync(files.worker, "utf8"),
          readFileSync(files.library, "utf8"),
          files,
          speedChanges(),
        );
        compiledWorker = compileModule(
          files.worker,
          worker.text,
          `${fileIdentity(files.worker)}\0${worker.made.join("\n")}`,
        );
        g.pdfjsWorker ??= compiledWorker
          ? await compiledWorker.run()
          : await import(`data:text/javascript;base64,${Buffer.from(worker.text).toString("base64")}`);
        compiledLibrary = compileModule(
          files.library,
          library.text,
          `${fileIdentity(files.library)}\0${library.made.join("\n")}`,
        );
      }
      // (A module of another shape is imported from its file, unchanged: the changes only save time.)
      const pdfjs = compiledLibrary ? await compiledLibrary.run() : await import(pathToFileURL(files.library).href);
      unsaved = [compiledWorker, compiledLibrary].flatMap((m) => (m && !m.fromCache ? [m] : []));
      return pdfjs as unknown as Pdfjs;
    } finally {
      if (load) modules._load = load;
      console.warn = warn;
      for (const { owner, key, descriptor } of natives)
        if (descriptor) Object.defineProperty(owner, key as string, descriptor);
    }
  })();
  return loading;
}

/**
 * Whether PDF.js is loaded with the changes that only save time (`oneTextTransform`,
 * `leftToRightAtOnce`, `textChunksPassed`): always, but where `VERBATIM_PDFJS_AS_SHIPPED=1` asks for its code as shipped
 * (the tests compare the two readings; a before and after of their cost).
 */
function speedChanges(): boolean {
  return process.env.VERBATIM_PDFJS_AS_SHIPPED !== "1";
}

const SUBSET_PREFIX = lazyPattern(() => /^[A-Z]{6}\+/);
const BOLD = lazyPattern(() => /bold|black|heavy|semibold|demi/i);
const ITALIC = lazyPattern(() => /italic|oblique|slanted|inclined|-it$/i);
const BARCODE = lazyPattern(() => /barcode|3-?of-?9|code-?39|code-?128|free-?3-?of-?9/i);

/** A font's style from its PostScript name (`TimesNewRomanPS-BoldItalicMT`). */
export function fontOf(postscriptName: string): PdfFont {
  const name = postscriptName.replace(SUBSET_PREFIX(), "");
  return { name, bold: BOLD().test(name), italic: ITALIC().test(name), barcode: BARCODE().test(name) };
}

export interface ReadOptions {
  /** Called after each page is read. */
  onPage?: (page: number, pages: number) => void;
  /** Stops the reading between two pages (a `cancelled` PdfReadError). */
  signal?: AbortSignal;
}

/**
 * What a PDF may cost, whatever its bytes: the reading stops with a `too-large` PdfReadError past
 * any of these, so that time and memory stay bounded: the import's peak memory is at most 50
 * times the file's size plus 200 MB, and 1 GB (test/cli/hostile.test.ts; bench/hostile.ts).
 * Some grow with the file's size (`base` + `perByte` × its bytes): a small file that prints a lot
 * (one content stream drawn on every page, runs of one character) is read as far as a record of
 * its size would go. A record of 65 pages (1.2 MB) has 17,000 runs and 305,000 characters.
 */
export const PDF_LIMITS = {
  /** Pages read (a long record has about a hundred). */
  pages: 500,
  /** Text runs on one page (a record's page has about 400). */
  runsPerPage: 20_000,
  /** Text runs in all. */
  runs: { base: 20_000, perByte: 1 / 16 },
  /** Characters of text in all. */
  characters: { base: 256 * 1024, perByte: 1 / 4 },
  /** Bytes one stream may decode to (a record's largest, a font, is about 100 kB). */
  streamBytes: 8 * 1024 * 1024,
  /** Bytes all streams together may decode to. */
  decodedBytes: { base: 64 * 1024 * 1024, perByte: 16 },
  /** A stretch of the file outside its objects with no line end and no `<` (PDF.js's repair of a damaged file reads it as one token). */
  lineBytes: 1024 * 1024,
} as const;

/** A limit that grows with the file's size, for a file of `size` bytes. */
export function limitFor(limit: { base: number; perByte: number }, size: number): number {
  return Math.floor(limit.base + limit.perByte * size);
}

/** A file as the code cache names it: its path, size and time of change. */
function fileIdentity(path: string): string {
  const { size, mtimeMs } = statSync(path);
  return `${path}\0${size}\0${mtimeMs}`;
}

/** The limits of the read under way, checked as PDF.js decodes streams. */
interface Budget {
  decoded: number;
  maxDecoded: number;
  /** Why a limit was passed, once one was. */
  exceeded?: string;
}
/**
 * The reads under way (one, but for a caller that reads two PDFs at once): the hook cannot tell
 * whose stream it is, so each is charged with every stream decoded while it reads.
 */
const budgets = new Set<Budget>();
(globalThis as { verbatimStreamGrows?: (size: number, before: number) => void }).verbatimStreamGrows = (
  size,
  before,
) => {
  let exceeded: string | undefined;
  for (const b of budgets) {
    b.decoded += size - before;
    if (size > PDF_LIMITS.streamBytes) b.exceeded ??= `a stream decodes to more than ${mb(PDF_LIMITS.streamBytes)}`;
    else if (b.decoded > b.maxDecoded) b.exceeded ??= `its streams decode to more than ${mb(b.maxDecoded)}`;
    exceeded ??= b.exceeded;
  }
  // PDF.js stops decoding that stream (an error it reports and goes past); the read is refused.
  if (exceeded) throw new Error(`verbatim: ${exceeded}`);
};
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/**
 * The share of a font's own space (its width of `space`) a gap between two glyphs must reach to be
 * a space. A word's space, stretched or not, is a whole one; Word places glyphs one by one and leaves
 * about half a space before a hyphen it set apart (`Secretary -General`, `AB -0928`: 0.47 and 0.51 of
 * the space), which PDF.js's fixed tenth of the size reads as a space.
 */
export const SPACE_SHARE = 0.6;
/** What `spaceFloor` reads of a PDF.js font (its worker's `Font`). */
interface SpaceFont {
  widths?: Record<number, number>;
  fontMatrix?: unknown;
  composite?: boolean;
  cMap?: { contains?: (code: number) => boolean; lookup?: (code: number) => unknown };
  toUnicode?: { charCodeOf?: (value: number | string) => number };
}

/**
 * The width of a font's space as a share of its size: the width of the code its ToUnicode map turns
 * into U+0020 (through the CMap to a CID in a composite font); undefined where the font has no space
 * (a subset of the glyphs a page uses may leave it out) or a width no space has.
 */
export function spaceWidth(font: SpaceFont | undefined): number | undefined {
  try {
    // A ToUnicode map holds strings; an identity map, numbers.
    const map = font?.toUnicode;
    let code = map?.charCodeOf?.(" ");
    if (typeof code !== "number" || code < 0) code = map?.charCodeOf?.(0x20);
    if (!font?.widths || typeof code !== "number" || code < 0) return undefined;
    let glyph: unknown = code;
    if (font.composite && font.cMap?.contains?.(code)) glyph = font.cMap.lookup?.(code);
    const width = typeof glyph === "number" ? font.widths[glyph] : undefined;
    const matrix = Array.isArray(font.fontMatrix) ? font.fontMatrix : undefined;
    const scale = typeof matrix?.[0] === "number" && matrix[0] > 0 ? matrix[0] : 0.001;
    const em = typeof width === "number" ? width * scale : Number.NaN;
    // A space is a fifth to two thirds of an em (Courier's 0.6); anything else is another glyph's.
    return em >= 0.15 && em <= 0.7 ? em : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The narrowest gap between two glyphs PDF.js reads as a space inside a text item (in points at the
 * font's size): SPACE_SHARE of the font's own space, never less than PDF.js's tenth of the size;
 * undefined (PDF.js's tenth) for a font whose space is unknown.
 */
export function spaceFloor(font: SpaceFont | undefined, size: number): number | undefined {
  const em = spaceWidth(font);
  return em === undefined ? undefined : Math.max(0.102, SPACE_SHARE * em) * size;
}
(globalThis as { verbatimSpaceFloor?: typeof spaceFloor }).verbatimSpaceFloor = spaceFloor;

/**
 * The longest stretch of bytes with no CR, LF or `<` outside an object (`N G obj` … `endobj`):
 * what PDF.js's repair of a damaged file reads as one token, a string a character at a time.
 * Inside an object (a stream's binary data) it skips to `endobj`.
 */
function longestLine(bytes: Uint8Array): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let longest = 0;
  // One pass over the bytes (a loop the engine compiles at once: faster than an `indexOf` a
  // breaker, which a font's or an image's binary data meets every few dozen bytes).
  let at = 0;
  const n = buffer.length;
  for (let k = 0; k <= n; k++) {
    if (k < n) {
      const c = buffer[k];
      if (c !== 10 && c !== 13 && c !== 60) continue;
    }
    const run = k - at;
    if (run > longest && (run <= PDF_LIMITS.lineBytes || !insideObject(buffer, at, k))) longest = run;
    at = k + 1;
  }
  return longest;
}

/** [from, to) lies in an object: an `obj` before it with no `endobj` between, an `endobj` after it. */
function insideObject(buffer: Buffer, from: number, to: number): boolean {
  const open = buffer.lastIndexOf("obj", from);
  if (open < 0 || (open >= 3 && buffer.toString("latin1", open - 3, open) === "end")) return false;
  return buffer.indexOf("endobj", to) >= 0;
}

/**
 * Characters a PDF's text may hold that no transcript should: control characters (C0 but tab and
 * line ends, DEL, C1: a terminal takes ESC and CSI for commands), bidirectional overrides and
 * isolates, and byte order marks, left out; line and paragraph separators and line ends become spaces.
 */
const SPACE_LIKE = lazyPattern(() => /[\t\n\r\v\f\u0085\u2028\u2029]/g);
const UNWANTED = lazyPattern(
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it leaves out
  () => /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF\uFFF9-\uFFFB]/g,
);
const LONE_SURROGATE = lazyPattern(() => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g);
/** Any character the three patterns above change (most runs have none: one test, no copy). */
const TO_CLEAN = lazyPattern(
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
  () => /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u2028-\u202E\u2066-\u2069\uD800-\uDFFF\uFEFF\uFFF9-\uFFFB]/,
);
export function cleanText(s: string): string {
  if (!TO_CLEAN().test(s)) return s;
  return s.replace(SPACE_LIKE(), " ").replace(UNWANTED(), "").replace(LONE_SURROGATE(), "\uFFFD");
}

/**
 * A page's turn: how many quarter turns clockwise its text is from upright as the page is shown
 * (0 to 3), from the direction of most of its characters.
 */
function quarterOf(m: readonly number[]): number {
  const angle = Math.atan2(m[1], m[0]);
  return (Math.round(angle / (Math.PI / 2)) + 4) % 4;
}

/**
 * Reads the text of a PDF. Throws `PdfReadError`: `password` (a user password is needed to open
 * it; a PDF with an owner password only is read), `invalid` (not a PDF, or damaged beyond what
 * pdf.js repairs), `too-large` (past a limit of PDF_LIMITS), `cancelled` (the signal), `failed`
 * (anything else pdf.js reports).
 *
 * Each page is read in the orientation of its text: a page shown turned (/Rotate) or whose text
 * is set turned is turned back, its runs' places given in the upright page (`PdfPage.view` says
 * how to find them on the page as shown).
 */
export async function readPdf(bytes: Uint8Array, options: ReadOptions = {}): Promise<PdfText> {
  const line = longestLine(bytes);
  if (line > PDF_LIMITS.lineBytes)
    throw new PdfReadError(
      "invalid",
      `not a PDF file, or a damaged one (${mb(line)} with no line end: more than ${mb(PDF_LIMITS.lineBytes)} is not read)`,
    );
  const pdfjs = await loadPdfjs();
  const own: Budget = { decoded: 0, maxDecoded: limitFor(PDF_LIMITS.decodedBytes, bytes.length) };
  const maxRuns = limitFor(PDF_LIMITS.runs, bytes.length);
  const maxCharacters = limitFor(PDF_LIMITS.characters, bytes.length);
  const ofFile = `for a file of ${bytes.length < 1024 * 1024 ? `${Math.ceil(bytes.length / 1024)} kB` : mb(bytes.length)}`;
  budgets.add(own);
  const task = pdfjs.getDocument({
    // pdf.js takes the buffer over (transfers it): give it a copy.
    data: new Uint8Array(bytes),
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    stopAtErrors: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    // No image is decoded (getTextContent reads none; this says so to any other path).
    maxImageSize: 0,
  });
  const check = () => {
    if (own.exceeded) throw new PdfReadError("too-large", `${own.exceeded}: not read`);
    if (options.signal?.aborted) throw new PdfReadError("cancelled", "the reading was cancelled");
  };
  try {
    let doc: PdfjsDocument;
    try {
      doc = await task.promise;
    } catch (e) {
      check();
      const name = (e as { name?: string }).name;
      if (name === "PasswordException") throw new PdfReadError("password", "it is protected by a password");
      if (name === "InvalidPDFException") throw new PdfReadError("invalid", "not a PDF file, or a damaged one");
      throw new PdfReadError("failed", `pdf.js cannot read it (${errorText(e)})`);
    }
    if (doc.numPages > PDF_LIMITS.pages)
      throw new PdfReadError(
        "too-large",
        `${doc.numPages} pages: more than ${PDF_LIMITS.pages} pages are not read (split it, e.g. \`qpdf in.pdf --pages . 1-${PDF_LIMITS.pages} -- out.pdf\`)`,
      );
    const fonts: PdfFont[] = [];
    const fontIndex = new Map<string, number>();
    const pages: PdfPage[] = [];
    let runs = 0;
    let characters = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      // A turn of the event loop between pages: a cancellation (a message to this thread) comes in.
      await new Promise((resolve) => setImmediate(resolve));
      check();
      const page = await doc.getPage(n);
      try {
        const viewport = page.getViewport({ scale: 1 });
        const items: TextItem[] = [];
        const styles: Record<string, { verbatimName?: unknown }> = {};
        const reader = page.streamTextContent().getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          Object.assign(styles, value.styles);
          for (const item of value.items) if ("str" in item && item.str !== "") items.push(item);
          if (items.length > PDF_LIMITS.runsPerPage) {
            // Not awaited: PDF.js's end of the stream may be waiting for the reader to pull.
            reader.cancel(new Error("too many runs of text")).catch(() => undefined);
            throw new PdfReadError(
              "too-large",
              `page ${n} has more than ${PDF_LIMITS.runsPerPage.toLocaleString("en")} runs of text: not read`,
            );
          }
        }
        check();
        // pdf.js names a page's fonts (g_d0_f1) in its text content, each with its style, to
        // which the patched worker adds the font's PostScript name (`boundedWorker`).
        for (const [id, style] of Object.entries(styles)) {
          if (fontIndex.has(id)) continue;
          fontIndex.set(id, fonts.length);
          fonts.push(fontOf(typeof style?.verbatimName === "string" ? style.verbatimName : ""));
        }
        runs += items.length;
        for (const item of items) characters += item.str.length;
        if (runs > maxRuns || characters > maxCharacters)
          throw new PdfReadError(
            "too-large",
            runs > maxRuns
              ? `more than ${maxRuns.toLocaleString("en")} runs of text ${ofFile} by page ${n}: not read`
              : `more than ${maxCharacters.toLocaleString("en")} characters of text ${ofFile} by page ${n}: not read`,
          );
        pages.push(pageOf(n, viewport, items, (item) => fontIndex.get(item.fontName) ?? -1, pdfjs));
      } finally {
        page.cleanup();
      }
      options.onPage?.(n, doc.numPages);
    }
    if (pages.length && unsaved.length) {
      for (const m of unsaved) m.save();
      unsaved = [];
    }
    return { pages, fonts };
  } catch (e) {
    // A limit passed while PDF.js decoded (the error it passed on is the hook's): said as such.
    check();
    if (e instanceof PdfReadError) throw e;
    throw new PdfReadError("failed", `pdf.js cannot read it (${errorText(e)})`);
  } finally {
    budgets.delete(own);
    await task.destroy();
  }
}

/**
 * A page's runs in the orientation of its text. The page's turn is the direction most of its
 * characters run in, as shown (a quarter turn, rounded); runs in another direction (a stamp set
 * across the page) are left out.
 */
function pageOf(
  n: number,
  viewport: { transform: number[]; width: number; height: number },
  items: readonly TextItem[],
  fontOfItem: (item: TextItem) => number,
  pdfjs: Pdfjs,
): PdfPage {
  const placed = items.map((item) => ({ item, m: pdfjs.Util.transform(viewport.transform, item.transform) }));
  const weight = [0, 0, 0, 0];
  for (const p of placed) weight[quarterOf(p.m)] += p.item.str.length;
  const turn = weight.indexOf(Math.max(...weight));
  const W = viewport.width;
  const H = viewport.height;
  // The upright page: (u, v) from its top-left corner, u along the text, v down its lines.
  const upright = (x: number, y: number): [number, number] =>
    turn === 0 ? [x, y] : turn === 1 ? [y, W - x] : turn === 2 ? [W - x, H - y] : [H - y, x];
  const runs: PdfRun[] = [];
  for (const { item, m } of placed) {
    if (quarterOf(m) !== turn) continue;
    const text = cleanText(item.str);
    if (!text) continue;
    const [x, baseline] = upright(m[4], m[5]);
    runs.push({ text, x, baseline, width: item.width, size: Math.hypot(m[2], m[3]), font: fontOfItem(item) });
  }
  const odd = turn % 2 === 1;
  return {
    number: n,
    width: odd ? H : W,
    height: odd ? W : H,
    runs,
    ...(turn ? { view: { width: W, height: H, turn } } : {}),
  };
}

function errorText(e: unknown): string {
  const message = e instanceof Error || (typeof e === "object" && e !== null) ? (e as Error).message : String(e);
  return String(message ?? e)
    .replace(/\s+/g, " ")
    .slice(0, 160);
}
