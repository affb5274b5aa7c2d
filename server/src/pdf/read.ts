// Reads a PDF's text with pdf.js (Mozilla's PDF.js, npm pdfjs-dist, legacy build for Node 20):
// each page's text runs with their position and font. The only module that touches pdf.js.
//
// pdf.js ships as ES modules with a top-level await, which esbuild cannot put into the CommonJS
// bundles: it is loaded at run time with a dynamic import() of the shipped files (esbuild.mjs
// marks pdfjs-dist external and copies legacy/build/pdf.min.mjs and pdf.worker.min.mjs into
// server/out/pdfjs/, which the .vsix carries: see .vscodeignore). Its worker runs in this thread
// (`globalThis.pdfjsWorker`): no worker thread, no second file to find. pdf.js is only asked for
// text: no canvas, no font loaded into a document, no script (isEvalSupported: false). On Node it
// loads the optional @napi-rs/canvas package if it can (not here: see loadPdfjs) and, without it,
// warns at import that it cannot polyfill DOMMatrix, ImageData and Path2D (for rendering): an
// empty DOMMatrix stand-in is defined before the import (its display layer builds one at import
// time) and those import-time warnings are filtered out.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { PdfFont, PdfPage, PdfRun, PdfText } from "./types";

/** Why a PDF could not be read: the import turns these into refusals. */
export class PdfReadError extends Error {
  constructor(
    readonly kind: "password" | "invalid" | "failed",
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
  getViewport(options: { scale: number }): { transform: number[]; width: number; height: number };
  getTextContent(): Promise<{ items: (TextItem | { type: string })[]; styles: Record<string, unknown> }>;
  getOperatorList(): Promise<unknown>;
  commonObjs: { has(id: string): boolean; get(id: string): { name?: string } };
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
 * Where pdf.js is: in `pdfjs/` beside the bundle (esbuild.mjs copies it there; the .vsix carries
 * no node_modules), else in node_modules/pdfjs-dist (the sources run by the tests).
 */
export function pdfjsFiles(): { library: string; worker: string } {
  const find = (name: string) => {
    const beside = join(__dirname, "pdfjs", name);
    return existsSync(beside) ? beside : require.resolve(`${PDFJS_BUILD}/${name}`);
  };
  return { library: find("pdf.min.mjs"), worker: find("pdf.worker.min.mjs") };
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
      // A computed specifier: esbuild leaves the import() to Node's ES module loader.
      const library = pathToFileURL(files.library).href;
      const worker = pathToFileURL(files.worker).href;
      g.pdfjsWorker ??= await import(worker);
      return (await import(library)) as Pdfjs;
    } finally {
      if (load) modules._load = load;
      console.warn = warn;
      for (const { owner, key, descriptor } of natives)
        if (descriptor) Object.defineProperty(owner, key as string, descriptor);
    }
  })();
  return loading;
}

const SUBSET_PREFIX = /^[A-Z]{6}\+/;
const BOLD = /bold|black|heavy|semibold|demi/i;
const ITALIC = /italic|oblique|slanted|inclined|-it$/i;
const BARCODE = /barcode|3-?of-?9|code-?39|code-?128|free-?3-?of-?9/i;

/** A font's style from its PostScript name (`TimesNewRomanPS-BoldItalicMT`). */
export function fontOf(postscriptName: string): PdfFont {
  const name = postscriptName.replace(SUBSET_PREFIX, "");
  return { name, bold: BOLD.test(name), italic: ITALIC.test(name), barcode: BARCODE.test(name) };
}

export interface ReadOptions {
  /** Called after each page is read. */
  onPage?: (page: number, pages: number) => void;
}

/**
 * Reads the text of a PDF. Throws `PdfReadError`: `password` (a user password is needed to open
 * it; a PDF with an owner password only is read), `invalid` (not a PDF, or damaged beyond what
 * pdf.js repairs), `failed` (anything else pdf.js reports).
 */
export async function readPdf(bytes: Uint8Array, options: ReadOptions = {}): Promise<PdfText> {
  const pdfjs = await loadPdfjs();
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
  });
  try {
    let doc: PdfjsDocument;
    try {
      doc = await task.promise;
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name === "PasswordException") throw new PdfReadError("password", "it is protected by a password");
      if (name === "InvalidPDFException") throw new PdfReadError("invalid", "not a PDF file, or a damaged one");
      throw new PdfReadError("failed", `pdf.js cannot read it (${errorText(e)})`);
    }
    const fonts: PdfFont[] = [];
    const fontIndex = new Map<string, number>();
    const pages: PdfPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      try {
        const viewport = page.getViewport({ scale: 1 });
        const content = await page.getTextContent();
        // pdf.js names a page's fonts (g_d0_f1) in its text content; their PostScript names come
        // with the fonts it sends for drawing: the page's operators are read when it uses a font
        // not seen before (usually the first page or two), never for the other pages.
        const unseen = Object.keys(content.styles).filter((id) => !fontIndex.has(id));
        if (unseen.length) {
          try {
            await page.getOperatorList();
          } catch {
            // No font names: no style evidence for these fonts, the text is still read.
          }
          for (const id of unseen) {
            fontIndex.set(id, fonts.length);
            const name = page.commonObjs.has(id) ? (page.commonObjs.get(id).name ?? "") : "";
            fonts.push(fontOf(name));
          }
        }
        const runs: PdfRun[] = [];
        for (const item of content.items) {
          if (!("str" in item) || item.str === "") continue;
          const m = pdfjs.Util.transform(viewport.transform, item.transform);
          runs.push({
            text: item.str,
            x: m[4],
            baseline: m[5],
            width: item.width,
            size: Math.hypot(m[2], m[3]),
            font: fontIndex.get(item.fontName) ?? -1,
          });
        }
        pages.push({ number: n, width: viewport.width, height: viewport.height, runs });
      } finally {
        page.cleanup();
      }
      options.onPage?.(n, doc.numPages);
    }
    return { pages, fonts };
  } finally {
    await task.destroy();
  }
}

function errorText(e: unknown): string {
  const message = e instanceof Error || (typeof e === "object" && e !== null) ? (e as Error).message : String(e);
  return String(message ?? e)
    .replace(/\s+/g, " ")
    .slice(0, 160);
}
