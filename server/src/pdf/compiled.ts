// PDF.js's two modules (about 1.8 MB of minified code) compiled once per machine, not once per
// process: read.ts runs each as a script through `vm.Script`, from V8's code cache of an earlier
// run kept in the user's cache folder (`codeCacheDir`). Node 20 has no compile cache for ES
// modules (`module.enableCompileCache` is Node 22's), so each module's text is turned into a
// function that returns its exports (`moduleAsScript`): its closing `export{…}` becomes a
// `return`, `import.meta.url` an argument, and the body runs in an async function, where a
// top-level `await` keeps its meaning. A module of another shape (a static import, an export
// elsewhere) gives undefined, and read.ts imports it as a module as before.
//
// The cache is an optimisation and never a risk: a cache file holds the identity of what it was
// made from (the file's path, size and time of change, what was patched in it, the code's length,
// Node's version and architecture, V8's version and flag hash: `v8Fingerprint`, as V8 rejects a
// cache made under other flags, such as the command line's), checked before V8 sees the data, and
// a CRC-32 of all of it (zlib's: `node:crypto` alone takes longer to load than a small command
// runs). It is written to a new temporary file (O_EXCL, never through a link) then renamed into
// place. A missing, stale, corrupt or unwritable cache is compiled afresh, and any error of the
// cache's own is ignored. `VERBATIM_CACHE_DIR` names the folder; empty, no cache.
import {
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Script } from "node:vm";

/** The name of the argument that stands for `import.meta` in a module run as a script. */
const META = "__verbatimImportMeta";
/**
 * What a cache file starts with: its format; then the CRC-32 of what follows, the length of the
 * identity, the identity (UTF-8), and V8's data.
 */
const MAGIC = Buffer.from("VBTMCC02");
const HEADER = MAGIC.length + 8;
/** A cache file larger than this is not read (PDF.js's two take about 2 MB). */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
/** Cache files kept per module besides the one written (other versions, other V8 flags). */
const KEEP_OTHERS = 3;

/**
 * An ES module's text as the text of a script whose value is an async function of `import.meta`
 * giving the module's exports; undefined for a module with a static import or an export other
 * than one `export{…}` at its end.
 */
export function moduleAsScript(source: string): string | undefined {
  const end = /export\s*\{([^}]*)\}\s*;?\s*$/.exec(source);
  if (!end) return undefined;
  const body = source.slice(0, end.index);
  // A static import or another export (minified or not): not a shape this function knows.
  if (/(?:^|[;}\s])import\s*(?:[{*"'`]|[\w$]+\s*(?:,|from\b))/.test(body)) return undefined;
  if (/(?:^|[;}\s])export\s*(?:[{*]|default\b|const\b|let\b|var\b|function\b|class\b|async\b)/.test(body))
    return undefined;
  const fields: string[] = [];
  for (const entry of end[1].split(",")) {
    const m = /^\s*([\w$]+)(?:\s+as\s+([\w$]+))?\s*$/.exec(entry);
    if (!m) {
      if (entry.trim() === "") continue;
      return undefined;
    }
    fields.push(`${JSON.stringify(m[2] ?? m[1])}:${m[1]}`);
  }
  return `(async function(${META}){"use strict";${body.replaceAll("import.meta", META)}\nreturn{${fields.join(",")}};})`;
}

/**
 * The per-user folder of Verbatim's caches: `VERBATIM_CACHE_DIR` (empty: none), else the
 * platform's (`$XDG_CACHE_HOME/verbatim`, `~/.cache/verbatim`, `~/Library/Caches/verbatim`,
 * `%LOCALAPPDATA%\verbatim\Cache`).
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.VERBATIM_CACHE_DIR !== undefined) return env.VERBATIM_CACHE_DIR || undefined;
  try {
    if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "verbatim");
    // The home folder from the environment where it is there (node:os loads a binding of its own).
    const home = () =>
      (process.platform === "win32" ? env.USERPROFILE : env.HOME) ||
      (require("node:os") as typeof import("node:os")).homedir();
    if (process.platform === "win32")
      return join(env.LOCALAPPDATA || join(home(), "AppData", "Local"), "verbatim", "Cache");
    if (process.platform === "darwin") return join(home(), "Library", "Caches", "verbatim");
    return join(home(), ".cache", "verbatim");
  } catch {
    return undefined;
  }
}

/** zlib's CRC-32 (Node 20.15 and later); without it, no cache. */
function crc32(data: string | Uint8Array, value?: number): number {
  const zlib = require("node:zlib") as { crc32?: (data: string | Uint8Array, value?: number) => number };
  if (typeof zlib.crc32 !== "function") throw new Error("no zlib.crc32");
  return zlib.crc32(data, value);
}

/**
 * What V8 checks a code cache against besides the source: its version and its flag hash, read
 * from the header of the cache of a one-character script (bytes 4 to 16; whatever their layout,
 * they are the same for the same V8 under the same flags). The command line changes V8's flags
 * at start (server/cli/main.ts), and a cache made under other flags would be rejected. Where
 * node:v8 is loaded anyway, its `cachedDataVersionTag()` says as much (V8's version, flags and
 * processor features) in 0.02 ms instead of 0.6 (the command line's launcher: `fingerprint`).
 */
function v8Fingerprint(): string {
  return new Script("0").createCachedData().subarray(4, 16).toString("hex");
}

/** A module compiled as a script (from the cache when it held it), ready to run. */
export interface CompiledModule {
  /** Runs the module's code: its exports. */
  run(): Promise<Record<string, unknown>>;
  /** Whether V8 took the code from the cache. */
  readonly fromCache: boolean;
  /**
   * Writes the module's code as compiled so far (the functions run by then included) to the
   * cache, unless it came from there. Never throws.
   */
  save(): void;
}

/**
 * Compiles an ES module's text (`source`, what the file at `path` holds, patched or not) as a
 * script, with V8's code cache from `dir` when it holds one for this text; undefined when the
 * module's shape is not one `moduleAsScript` turns into a script. `identity` names the text (the
 * file's path, size and time of change, and the changes made to it): two different texts must
 * never share one.
 */
export function compileModule(
  path: string,
  source: string,
  identity: string,
  dir: string | undefined = codeCacheDir(),
): CompiledModule | undefined {
  const code = moduleAsScript(source);
  return code === undefined ? undefined : compileModuleScript(path, code, identity, dir);
}

/**
 * Compiles the script `moduleAsScript` made of the ES module at `path` (`code`: at build time,
 * pdfjsText.ts's `preparedPdfjs`, perhaps after a comment), as `compileModule` does.
 */
export function compileModuleScript(
  path: string,
  code: string,
  identity: string,
  dir: string | undefined = codeCacheDir(),
): CompiledModule {
  const url = pathToFileURL(path).href;
  const compiled = compileScript(path, code, identity, dir);
  return {
    fromCache: compiled.fromCache,
    run: () =>
      (compiled.script.runInThisContext() as (meta: { url: string }) => Promise<Record<string, unknown>>)({ url }),
    save: compiled.save,
  };
}

/** A CommonJS file (a bundle of ours) compiled as Node's loader would, from the code cache. */
export interface CompiledCommonJs {
  /** Runs the file's code as the module `module` (its `require`, its exports), named `path`. */
  run(module: { exports: unknown }, require: NodeJS.Require): void;
  readonly fromCache: boolean;
  save(): void;
}

/**
 * How a launched bundle's text begins (esbuild.mjs writes it there): Node's module wrapper, whose
 * function is the script's value where `module` is not defined (the launcher's global scope), and
 * is run at once where it is (Node loading the file as a module). Such a text is compiled as
 * read, not copied into a wrapper first (190 page faults fewer for the command line's half
 * megabyte).
 */
export const COMMONJS_WRAPPER =
  '((run) => typeof module === "undefined" ? run : run.call(exports, exports, require, module, __filename, __dirname))((function (exports, require, module, __filename, __dirname) {';
const NODE_WRAPPER = "(function (exports, require, module, __filename, __dirname) {";

/**
 * Compiles a CommonJS file's text in Node's module wrapper (its own, when it begins with
 * `COMMONJS_WRAPPER`), with V8's code cache from `dir`;
 * `identity` names the text, as for `compileModule` (a build writes the file afresh);
 * `fingerprint`, V8's version and flags as a string (`v8Fingerprint` unless told).
 */
export function compileCommonJs(
  path: string,
  source: string,
  identity: string,
  dir: string | undefined = codeCacheDir(),
  fingerprint: () => string = v8Fingerprint,
): CompiledCommonJs {
  const code = source.startsWith(COMMONJS_WRAPPER) ? source : `${NODE_WRAPPER}${source}\n})`;
  const compiled = compileScript(path, code, identity, dir, fingerprint);
  return {
    fromCache: compiled.fromCache,
    run(module, require) {
      const wrapper = compiled.script.runInThisContext() as (...args: unknown[]) => void;
      wrapper.call(module.exports, module.exports, require, module, path, dirname(path));
    },
    save: compiled.save,
  };
}

function compileScript(
  path: string,
  code: string,
  identity: string,
  dir: string | undefined,
  fingerprint: () => string = v8Fingerprint,
): { script: Script; fromCache: boolean; save(): void } {
  const prefix = `${basename(path).replace(/[^\w.-]/g, "_")}-`;
  // What the cache must have been made from, V8 as it is now included (flags set later make a
  // cache of their own); the file named by its CRC-32 (another's of the same name is not taken).
  const made = () => `${identity}\0${code.length}\0${process.version}\0${process.arch}\0${fingerprint()}`;
  const fileFor = (cacheDir: string, what: string) =>
    join(cacheDir, `${prefix}${crc32(what).toString(16).padStart(8, "0")}.v8`);
  let cached: Buffer | undefined;
  if (dir) {
    try {
      const what = made();
      cached = readCache(fileFor(dir, what), what);
    } catch {
      cached = undefined;
    }
  }
  const script = new Script(code, { filename: path, ...(cached ? { cachedData: cached } : {}) });
  const fromCache = cached !== undefined && !script.cachedDataRejected;
  let saved = fromCache;
  return {
    script,
    fromCache,
    save() {
      if (saved || !dir) return;
      saved = true;
      try {
        const what = made();
        writeCache(dir, fileFor(dir, what), prefix, what, script.createCachedData());
      } catch {
        // No cache this time (a read-only home, a full disk): the next process compiles again.
      }
    },
  };
}

/** The V8 data of a cache file, if it is a regular file made from `identity` whose checksum holds. */
function readCache(file: string, identity: string): Buffer | undefined {
  let fd: number;
  try {
    // Not through a link (where the platform can tell).
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size <= HEADER || stat.size > MAX_CACHE_BYTES) return undefined;
    const bytes = Buffer.allocUnsafe(stat.size);
    for (let at = 0; at < bytes.length; ) {
      const n = readSync(fd, bytes, at, bytes.length - at, at);
      if (n <= 0) return undefined;
      at += n;
    }
    if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    if (crc32(bytes.subarray(MAGIC.length + 4)) !== bytes.readUInt32BE(MAGIC.length)) return undefined;
    const length = bytes.readUInt32BE(MAGIC.length + 4);
    if (HEADER + length >= bytes.length) return undefined;
    if (bytes.toString("utf8", HEADER, HEADER + length) !== identity) return undefined;
    return bytes.subarray(HEADER + length);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a cache file: to a temporary file of its own (created, never opened through a link or
 * over another file), renamed to its name; the oldest files of the same module beyond
 * KEEP_OTHERS are removed.
 */
function writeCache(dir: string, file: string, prefix: string, identity: string, data: Buffer): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${basename(file)}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`);
  const fd = openSync(temp, "wx", 0o600);
  try {
    try {
      const id = Buffer.from(identity);
      const head = Buffer.alloc(HEADER);
      MAGIC.copy(head);
      head.writeUInt32BE(id.length, MAGIC.length + 4);
      head.writeUInt32BE(crc32(data, crc32(id, crc32(head.subarray(MAGIC.length + 4)))), MAGIC.length);
      const bytes = Buffer.concat([head, id, data]);
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // Already gone.
    }
    throw e;
  }
  const others = readdirSync(dir)
    .filter((name) => name.startsWith(prefix) && name.endsWith(".v8") && join(dir, name) !== file)
    .map((name) => {
      try {
        return { path: join(dir, name), time: statSync(join(dir, name)).mtimeMs };
      } catch {
        return { path: join(dir, name), time: 0 };
      }
    })
    .sort((a, b) => b.time - a.time);
  for (const old of others.slice(KEEP_OTHERS))
    try {
      unlinkSync(old.path);
    } catch {
      // Another process removed it.
    }
}
