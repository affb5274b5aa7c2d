// Makes the text of the PDFs in a corpus folder (test/corpus/sc2020/, test/corpus/eras/) the ways
// users do, and records the tools' versions. Run: npm run corpus:extract [-- folder ...]   (needs
// poppler-utils' pdftotext and the pdfjs-dist dev dependency). A folder is a name under test/corpus/
// (`sc2020`, `eras`); with none given, every folder there that holds a PDF is extracted. The texts are
// committed, not regenerated in CI: poppler's and pdf.js's output changes between versions, and the
// damage each version does is the test data.
//
// For each test/corpus/<folder>/RECORD.pdf it writes test/corpus/<folder>/text/<variant>/RECORD.txt,
// and test/corpus/<folder>/text/VERSIONS.txt:
//   raw/     `pdftotext -raw -enc UTF-8`: text in content-stream order (each column's lines in turn).
//   plain/   `pdftotext` with no option: poppler's reading-order reconstruction (its default).
//   layout/  `pdftotext -layout`: the physical layout kept, both columns side by side on one line.
//   pdfjs/   pdf.js (pdfjs-dist, legacy build for Node): what selecting all text in pdf.js's viewer
//            (Firefox's PDF viewer) and copying it gives.
// Whatever the extractors produce is kept byte for byte (form feeds, backspaces, trailing spaces):
// that is the damage the project must handle. A scanned PDF's hidden OCR text layer (invisible text
// drawn over the page image, as in eras/S_PV.492.pdf) is text to both extractors and comes out as it is.
//
// The pdfjs variant. page.getTextContent() returns, per page, text items in the order the page's
// content stream draws them. An item's `hasEOL` is set by pdf.js's text-content builder when the
// next glyph starts a new line (the pen moves back left and down by more than half the item's
// height, or moves vertically by more than its height); such a break may also come as an empty item
// { str: "", hasEOL: true }. pdf.js's viewer renders `hasEOL` as a <br> after the item's span in its
// text layer (TextLayer#appendText), and its "copy all" (PDFViewer.getAllText, used when the whole
// document is selected with Ctrl+A and copied) builds the clipboard text the same way this script
// does: per page, the item strings concatenated with "\n" after each item that has `hasEOL`, NUL
// characters removed (removeNullCharacters), and the pages joined with "\n" (no newline after the
// last page, no form feed). The default getTextContent() options are those the viewer uses
// (normalized text, no marked-content items). No page separator beyond that "\n" is added, so a
// page's last line and the next page's first line are separated by one line break only when the
// page's last item has no `hasEOL`, else by an empty line.
//
// pdf.js runs with no canvas and no fonts loaded into a document: text only (disableFontFace,
// isEvalSupported: false, verbosity 0 = errors only; standardFontDataUrl and cMapUrl point into
// pdfjs-dist for fonts a PDF does not embed, though these records embed all theirs). On Node,
// importing pdf.js's legacy build tries to load the optional @napi-rs/canvas package to polyfill
// DOMMatrix, ImageData and Path2D for rendering, warns when it cannot, and then fails: its display
// layer builds a DOMMatrix at import time (a rendering constant) and Node 20 has none. Text
// extraction uses none of them, so this script defines an empty DOMMatrix stand-in before the
// import (it has no methods: any use of it fails) and filters out those import-time warnings: the output is the
// same whether or not @napi-rs/canvas is installed, and it never renders anything.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const corpusRoot = join(root, "test", "corpus");

const POPPLER = [
  ["raw", ["-raw", "-enc", "UTF-8"]],
  ["plain", []],
  ["layout", ["-layout"]],
];

const pdfsIn = (dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".pdf"))
    .sort();

const folders = process.argv.slice(2).length
  ? process.argv.slice(2)
  : readdirSync(corpusRoot, { withFileTypes: true })
      .filter((d) => d.isDirectory() && pdfsIn(join(corpusRoot, d.name)).length > 0)
      .map((d) => d.name)
      .sort();
if (folders.length === 0) throw new Error(`no folder with a PDF in ${corpusRoot}`);

const require = createRequire(import.meta.url);
const pdfjsDir = dirname(require.resolve("pdfjs-dist/package.json"));
const pdfjsVersion = JSON.parse(readFileSync(join(pdfjsDir, "package.json"), "utf8")).version;
const pdfjs = await importQuietly("pdfjs-dist/legacy/build/pdf.mjs");

// pdftotext -v prints its version to stderr.
const version = spawnSync("pdftotext", ["-v"], { encoding: "utf8" });
const popplerVersion = `${version.stdout}${version.stderr}`;

for (const folder of folders) await extract(join(corpusRoot, folder));

/** Writes the four variants of every PDF in `corpus` to `corpus`/text/, with VERSIONS.txt. */
async function extract(corpus) {
  const out = join(corpus, "text");
  const pdfs = pdfsIn(corpus);
  if (pdfs.length === 0) throw new Error(`no PDF in ${corpus}`);

  for (const [variant] of [...POPPLER, ["pdfjs"]]) mkdirSync(join(out, variant), { recursive: true });

  for (const pdf of pdfs) {
    const name = pdf.replace(/\.pdf$/, ".txt");
    for (const [variant, options] of POPPLER) {
      execFileSync("pdftotext", [...options, join(corpus, pdf), join(out, variant, name)], { stdio: "inherit" });
    }
  }

  for (const pdf of pdfs) {
    const text = await pdfjsText(readFileSync(join(corpus, pdf)));
    writeFileSync(join(out, "pdfjs", pdf.replace(/\.pdf$/, ".txt")), text);
  }

  writeFileSync(
    join(out, "VERSIONS.txt"),
    [
      "Tools that made the texts in this folder (scripts/corpus/extract.mjs, npm run corpus:extract).",
      "",
      "raw/, plain/, layout/: pdftotext -v",
      popplerVersion.trimEnd(),
      "",
      `pdfjs/: pdfjs-dist ${pdfjsVersion} (legacy/build/pdf.mjs), Node ${process.version}`,
      "",
    ].join("\n"),
  );
  console.log(`${pdfs.length} records × 4 variants written to ${out.slice(root.length)}`);
}

/** The text pdf.js's viewer copies when the whole document is selected (PDFViewer.getAllText). */
async function pdfjsText(bytes) {
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    verbosity: 0,
    disableFontFace: true,
    isEvalSupported: false,
    useSystemFonts: false,
    standardFontDataUrl: `${join(pdfjsDir, "standard_fonts")}/`,
    cMapUrl: `${join(pdfjsDir, "cmaps")}/`,
    cMapPacked: true,
  });
  const doc = await task.promise;
  try {
    const pages = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const { items } = await page.getTextContent();
      let text = "";
      for (const item of items) {
        if (item.str) text += item.str;
        if (item.hasEOL) text += "\n";
      }
      pages.push(text.replaceAll("\0", ""));
      page.cleanup();
    }
    return pages.join("\n");
  } finally {
    await task.destroy();
  }
}

/** Imports pdf.js with no canvas and without its import-time warnings about it (see top). */
async function importQuietly(specifier) {
  globalThis.DOMMatrix ??= class DOMMatrix {};
  const warn = console.warn;
  const canvasWarning = /^Warning: Cannot (?:load "@napi-rs\/canvas"|polyfill `(?:DOMMatrix|ImageData|Path2D)`)/;
  console.warn = (...args) => {
    if (!(typeof args[0] === "string" && canvasWarning.test(args[0]))) warn(...args);
  };
  try {
    return await import(specifier);
  } finally {
    console.warn = warn;
  }
}
