// The start of the built command line, PDF thread and analyst (server/out/cli.js, pdf-worker.js,
// analyst.js): these few lines run the bundle beside them (pdf-worker-code.js, analyst-code.js;
// for the command line cli-code.js,
// every command, when the command is `import`, else cli-text-code.js, the same without the
// import's code: esbuild.mjs names them)
// compiled from V8's code cache of an earlier run, in the user's cache folder (compiled.ts), so
// that a fresh process does not parse half a megabyte of code before its first line of work (a
// third of `verbatim check` on a one-line file). The bundle runs as this module (its `module`,
// `require` and exports: `require.main === module` holds in it as it does for a bundle run
// directly). The command line writes the cache as it ends, with the functions the command ran
// compiled; a worker thread, which is stopped rather than ended, once the bundle is loaded — or,
// when the bundle exports `saveCodeCacheWith` (the analyst's), when the bundle says, once it has
// run its work and its functions are compiled (a cache made at load holds the top level only). A
// missing or stale cache costs a compilation, as without it; `VERBATIM_CACHE_DIR=` turns it off.
import { isAscii } from "node:buffer";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { compileCommonJs } from "../src/pdf/compiled";
import { setV8Flags, v8VersionTag } from "./v8flags";

/**
 * The bundle's file name, beside this one, and whether it is the command line's (else the PDF
 * thread's: a worker thread): esbuild.mjs `define`. The command line's other bundle, run for
 * every command but `import` (`""` for the PDF thread).
 */
declare const VERBATIM_BUNDLE: string;
declare const VERBATIM_CLI: boolean;
declare const VERBATIM_TEXT_BUNDLE: string;

// The command line's V8 flags, set before its code is compiled: a code cache is made under the
// flags V8 has when it is written, and taken only under the same. (A worker thread has those of
// its process.)
if (VERBATIM_CLI) setV8Flags();
// `import` is the command's first argument or none (commandLine.ts): any other runs without it.
const file = join(__dirname, VERBATIM_CLI && process.argv[2] !== "import" ? VERBATIM_TEXT_BUNDLE : VERBATIM_BUNDLE);
/**
 * The bundle's text, size and time of change, from one open file. Bundles are ASCII (esbuild.mjs),
 * read as Latin-1: the same text, without UTF-8's decoding and the copies it makes (190 page
 * faults fewer for the command line's half megabyte); a bundle that is not ASCII is read as UTF-8.
 */
function readBundle(path: string): { source: string; size: number; mtimeMs: number } {
  const fd = openSync(path, "r");
  try {
    const { size, mtimeMs } = fstatSync(fd);
    const bytes = Buffer.allocUnsafe(size);
    for (let at = 0; at < size; ) {
      const n = readSync(fd, bytes, at, size - at, at);
      if (n <= 0) throw new Error(`${path}: ${size - at} bytes short`);
      at += n;
    }
    return { source: bytes.toString(isAscii(bytes) ? "latin1" : "utf8"), size, mtimeMs };
  } finally {
    closeSync(fd);
  }
}
const { source, size, mtimeMs } = readBundle(file);
// The command line loads node:v8 for its flags: its tag names them (a worker thread's, V8's header).
const compiled = compileCommonJs(
  file,
  source,
  `${file}\0${size}\0${mtimeMs}`,
  undefined,
  VERBATIM_CLI ? v8VersionTag : undefined,
);
if (VERBATIM_CLI) process.once("exit", () => compiled.save());
compiled.run(module, require);
const exported = module.exports as { saveCodeCacheWith?: (save: () => void) => void };
if (typeof exported.saveCodeCacheWith === "function") exported.saveCodeCacheWith(() => compiled.save());
else if (!VERBATIM_CLI) compiled.save();
