// Builds the bundles of the extension (see ARCHITECTURE.md):
//   client/out/extension.js  — the VS Code client (vscode stays external)
//   client/out/pdf-view.js   — the script of the PDF view's webview (a browser module)
//   server/out/server.js     — the language server, runs standalone with --stdio
//   server/out/analyst.js    — the server's worker thread, which runs the language service
//   server/out/pdf-worker.js — the server's PDF thread: imports, and the view's map of a transcript
//   server/out/cli.js        — the `verbatim` command line, same language service
// The last three are launchers (server/cli/launch.ts) of their code in analyst-code.js,
// pdf-worker-code.js and cli-code.js, which they compile from V8's code cache
// (server/src/pdf/compiled.ts); the command line's launcher runs cli-text-code.js instead for
// every command but `import`: the same without the import's code (server/cli/text.ts).
// Each bundle takes in what it imports of shared/ (the contracts between client, server, webview
// and threads: no bundle loads another's files at run time), with package.json's version and, in
// the client's, its first-line pattern.
// Flags: --watch rebuilds on change; --production minifies and drops source maps.
// It also puts the lexicons into server/data/lexicon/, and PDF.js into server/out/pdfjs/, so that
// the bundled server (and the .vsix, which carries no node_modules) finds them next to itself:
// English prepared as a table of word forms by nspell (scripts/lexicon.mjs, rebuilt only when its
// sources change), Spanish copied as Hunspell files that nspell reads when a Spanish record is
// first checked.

import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as esbuild from "esbuild";
import { prepareLexicons } from "./scripts/lexicon.mjs";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  minify: production,
  sourcemap: production ? false : "linked",
  sourcesContent: false,
  logLevel: "info",
  legalComments: "none",
  // Node 20 runs \p{…} in a pattern, but esbuild's table for Node does not say so and, without
  // this, turns each such literal into `new RegExp("…")` evaluated at every call (in the rules'
  // inner loops: a look-up of V8's pattern cache and a new object each time).
  supported: { "regexp-unicode-property-escapes": true },
  // jsonc-parser's `main` is a UMD module whose requires esbuild cannot follow: take its ES build.
  alias: { "jsonc-parser": "jsonc-parser/lib/esm/main.js" },
  // PDF.js (the PDF import) is ES modules with a top-level await, which a CommonJS bundle cannot
  // hold: server/src/pdf/read.ts loads it at run time with import() from server/out/pdfjs/, where
  // this script copies it (the .vsix carries no node_modules), or from node_modules under the tests.
  external: ["pdfjs-dist", "pdfjs-dist/*"],
};

/**
 * Node's module wrapper around a launched bundle's code, written into the file: the launcher
 * compiles the text as read (server/src/pdf/compiled.ts, `COMMONJS_WRAPPER`, the same text), not a
 * copy of it in a wrapper. Run by the launcher, in the global scope, the file's value is the
 * function; loaded by Node as a module (a batch thread runs its bundle's own file), where
 * `module` is defined, it runs the function at once, as before. The function is in parentheses
 * of its own, as V8 compiles such a function at once (a bare argument is pre-parsed first and parsed
 * again when called: 20 ms more of a check without the code cache).
 */
const wrapped = {
  banner: {
    js: '((run) => typeof module === "undefined" ? run : run.call(exports, exports, require, module, __filename, __dirname))((function (exports, require, module, __filename, __dirname) {',
  },
  footer: { js: "}))" },
};

const builds = [
  {
    ...common,
    entryPoints: ["client/src/extension.ts"],
    outfile: "client/out/extension.js",
    external: [...common.external, "vscode"],
  },
  {
    // The PDF view's script, run in a webview (a browser): an ES module that loads PDF.js with import().
    ...common,
    entryPoints: ["client/src/webview/pdfView.ts"],
    outfile: "client/out/pdf-view.js",
    format: "esm",
    platform: "browser",
    target: "chrome114",
  },
  {
    ...common,
    entryPoints: ["server/lsp/main.ts"],
    outfile: "server/out/server.js",
    banner: { js: "#!/usr/bin/env node" },
  },
  // The analyst, the command line and the PDF thread: their code in a bundle of its own, run by a few lines
  // (server/cli/launch.ts) under the name the rest knows, which compile it from V8's code cache.
  ...launched("server/lsp/analyst.ts", "server/out/analyst.js"),
  ...launched("server/lsp/pdfWorker.ts", "server/out/pdf-worker.js"),
  ...launched("server/cli/main.ts", "server/out/cli.js", { banner: { js: "#!/usr/bin/env node" } }),
  { ...common, ...wrapped, entryPoints: ["server/cli/text.ts"], outfile: "server/out/cli-text-code.js" },
];

/** A bundle (`NAME-code.js`) and its launcher (`NAME.js`, server/cli/launch.ts). */
function launched(entry, outfile, options = {}) {
  const code = outfile.replace(/\.js$/, "-code.js");
  return [
    { ...common, ...wrapped, entryPoints: [entry], outfile: code },
    {
      ...common,
      ...options,
      entryPoints: ["server/cli/launch.ts"],
      outfile,
      define: {
        VERBATIM_BUNDLE: JSON.stringify(code.split("/").pop()),
        VERBATIM_CLI: String(entry === "server/cli/main.ts"),
        VERBATIM_TEXT_BUNDLE: JSON.stringify(entry === "server/cli/main.ts" ? "cli-text-code.js" : ""),
      },
    },
  ];
}

/**
 * server/src/pdf/pdfjsText.ts, bundled and loaded here: `asciiEscaped` for the bundles below, and
 * `preparedPdfjs`, PDF.js's modules as the import runs them.
 */
async function loadPdfjsText() {
  const built = await esbuild.build({
    ...common,
    entryPoints: ["server/src/pdf/pdfjsText.ts"],
    write: false,
    sourcemap: false,
    logLevel: "warning",
  });
  const module = { exports: {} };
  new Function("module", "exports", "require", built.outputFiles[0].text)(
    module,
    module.exports,
    createRequire(import.meta.url),
  );
  return module.exports;
}
const pdfjsText = await loadPdfjsText();

/**
 * Makes the two standalone bundles executable so `bin` works after `npm link`; and writes each
 * server bundle in ASCII: esbuild escapes the strings but leaves a pattern's characters (`’`, `‐`)
 * and the comments it keeps as they are, and Node reads a file with one character beyond ASCII
 * into a string of two bytes a character, at a tenth of the speed (the command line's half
 * megabyte, at every start). Each such character becomes its `\uXXXX` escape, the same
 * character in a pattern or a string (a file where one stands after a backslash is left as it
 * is). The source map's columns after such a character on its line are off by a few.
 */
const chmodPlugin = {
  name: "chmod",
  setup(build) {
    build.onEnd((result) => {
      const out = build.initialOptions.outfile;
      if (result.errors.length !== 0 || !out?.startsWith("server/")) return;
      const text = readFileSync(out, "utf8");
      const ascii = pdfjsText.asciiEscaped(text);
      if (ascii !== undefined && ascii !== text) writeFileSync(out, ascii);
      chmodSync(out, 0o755);
    });
  },
};

// [package, name, whether nspell reads its Hunspell files at run time (else: prepared)]
const DICTIONARIES = [
  ["dictionary-en", "en-US", false],
  ["dictionary-en-gb", "en-GB", false],
  ["dictionary-es", "es", true],
];
mkdirSync("server/data/lexicon", { recursive: true });
for (const [pkg, name, hunspell] of DICTIONARIES) {
  for (const ext of ["aff", "dic"]) {
    const file = `server/data/lexicon/${name}.${ext}`;
    if (hunspell) copyFileSync(`node_modules/${pkg}/index.${ext}`, file);
    else rmSync(file, { force: true });
  }
  copyFileSync(`node_modules/${pkg}/license`, `server/data/lexicon/${name}.license`);
}
const prepared = prepareLexicons(process.cwd(), "server/data/lexicon");
if (prepared.length) console.log(`\n  server/data/lexicon: prepared ${prepared.map((l) => `${l}.words`).join(", ")}`);

// PDF.js, loaded at run time by the PDF import (server/src/pdf/read.ts), next to the bundles: the
// .vsix carries no node_modules.
mkdirSync("server/out/pdfjs", { recursive: true });
for (const file of ["legacy/build/pdf.min.mjs", "legacy/build/pdf.worker.min.mjs", "LICENSE"])
  copyFileSync(`node_modules/pdfjs-dist/${file}`, `server/out/pdfjs/${file.split("/").pop()}`);
// Beside them, each module as the import runs it (server/src/pdf/pdfjsText.ts, `preparedPdfjs`):
// Verbatim's changes made, as a script in ASCII, which a process reads instead of changing the
// module's 1.3 MB at every start. (Not remade by --watch: a change to pdfjsText.ts needs a build.)
{
  const { preparedPdfjs, PREPARED_FILES } = pdfjsText;
  const where = { worker: "server/out/pdfjs/pdf.worker.min.mjs", library: "server/out/pdfjs/pdf.min.mjs" };
  const prepared = preparedPdfjs(readFileSync(where.worker, "utf8"), readFileSync(where.library, "utf8"), where);
  for (const module of ["worker", "library"]) {
    const file = `server/out/pdfjs/${PREPARED_FILES[module]}`;
    // A PDF.js of a shape the script cannot hold: none, and the process changes it as it loads it.
    if (prepared) writeFileSync(file, prepared[module]);
    else rmSync(file, { force: true });
  }
}

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context({ ...options, plugins: [chmodPlugin] });
    await ctx.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build({ ...options, plugins: [chmodPlugin] })));
}
