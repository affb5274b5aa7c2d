import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import {
  createLanguageService,
  type LanguageService,
  type TextDocumentLike,
  type TranscriptModel,
} from "../../server/src/index";

export const ROOT = join(__dirname, "..", "..");
export const CORPUS = join(ROOT, "test", "corpus");

let shared: LanguageService | undefined;
/** One service for all tests of a file (its data is loaded once). */
export function service(): LanguageService {
  shared ??= createLanguageService({
    onError: (what, error) => {
      throw new Error(`${what} failed: ${String(error)}`);
    },
  });
  return shared;
}

let counter = 0;
export function doc(text: string, uri = `file:///test/doc-${++counter}.txt`, version = 1): TextDocumentLike {
  return { uri, version, getText: () => text };
}

/** Text with a `|` cursor marker: the text without it and the marker's position. */
export function cursor(marked: string): { text: string; position: { line: number; character: number } } {
  const at = marked.indexOf("|");
  if (at < 0) throw new Error("no | marker");
  const text = marked.slice(0, at) + marked.slice(at + 1);
  const before = text.slice(0, at).split(/\r\n|\r|\n/);
  return { text, position: { line: before.length - 1, character: before[before.length - 1].length } };
}

export function readCorpus(...parts: string[]): string {
  return readFileSync(join(CORPUS, ...parts), "utf8");
}

export function readSample(...parts: string[]): string {
  return readFileSync(join(ROOT, "samples", ...parts), "utf8");
}

/** The model without its text, index and compiled profile: what two parses of one text must share. */
export function modelSnapshot(text: string): unknown {
  // A document of its own, forgotten after: nothing kept from an earlier analysis.
  const uri = `file:///snapshot-${++counter}.txt`;
  const m = service().model(doc(text, uri));
  service().forget(uri);
  return snapshotOf(m);
}

/** A model as `modelSnapshot` gives it: plain JSON, less its text, line index, profile, URI and version. */
export function snapshotOf(m: TranscriptModel): unknown {
  const { lines: _l, profile: _p, text: _t, uri: _u, version: _v, ...rest } = m;
  return JSON.parse(JSON.stringify(rest));
}

/**
 * Pieces that random texts are joined from, for the property tests of the tokenisers and the word
 * census: letters of each case and width, combining marks, lone surrogates, digits, joiners, line
 * breaks, and words run together.
 */
export const TEXT_PIECES = fc.constantFrom(
  "a",
  "Z",
  "é",
  "e\u0301",
  "É",
  "ǅ",
  "ß",
  "中",
  "𝐀",
  "𝐚",
  "\uD800",
  "\uDC00",
  "1",
  "٣",
  "½",
  "-",
  "--",
  "'",
  "’",
  " ",
  "\t",
  "\n",
  ".",
  ",",
  "(",
  "the",
  "joint",
  "United",
  "theUnited",
  "ABC",
  "x-y",
  "+",
  "&",
  "FfD",
  "G-8",
  "\u0301",
  "İ",
  "\r\n",
  "thejoint",
  "Joint",
  "co-operation",
);

/**
 * A binary PGM (P5, 8 bits) of a grey image, as pdftoppm writes one: for tests of reread.ts's
 * `readPgm` and of a PGM against the TIFF engine.ts gives Tesseract (the OCR writes no PGM).
 */
export function writePgm(image: { width: number; height: number; pixels: Uint8Array }): Uint8Array {
  const head = new TextEncoder().encode(`P5\n${image.width} ${image.height}\n255\n`);
  const out = new Uint8Array(head.length + image.pixels.length);
  out.set(head);
  out.set(image.pixels, head.length);
  return out;
}
