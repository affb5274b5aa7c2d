import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  COMMONJS_WRAPPER,
  codeCacheDir,
  compileCommonJs,
  compileModule,
  moduleAsScript,
} from "../../server/src/pdf/compiled";
import { pdfjsFiles } from "../../server/src/pdf/read";

// PDF.js's modules run as scripts compiled from V8's code cache (server/src/pdf/compiled.ts).

const temp = () => mkdtempSync(join(tmpdir(), "verbatim-code-cache-"));
let serial = 0;
/** A module of its own each time (V8 keeps what it compiled in the process: a new text is compiled). */
const moduleText = () =>
  `const seen = import.meta.url;\nfunction twice(x) { return 2 * x; }\nconst n = await Promise.resolve(${++serial});\nexport { twice as double, seen, n };\n`;
const cacheFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".v8"));

describe("PDF.js compiled from a code cache", () => {
  it("runs an ES module as a script: its exports, import.meta.url, a top-level await", async () => {
    const text = moduleText();
    const m = compileModule("/x/mod.mjs", text, text, undefined);
    assert.ok(m);
    const exports = await m.run();
    assert.equal((exports.double as (x: number) => number)(21), 42);
    assert.equal(exports.seen, "file:///x/mod.mjs");
    assert.equal(exports.n, serial);
    assert.equal(m.fromCache, false);
  });

  it("leaves a module of another shape to the module loader", () => {
    assert.equal(moduleAsScript('import { a } from "./a.mjs";\nexport { a };'), undefined);
    assert.equal(moduleAsScript("export const a = 1;\nexport { a as b };"), undefined);
    assert.equal(moduleAsScript("const a = 1;"), undefined);
    // Both of PDF.js's shipped modules have the shape: the cache is not silently left unused.
    const { worker, library } = pdfjsFiles();
    for (const path of [worker, library]) assert.ok(moduleAsScript(readFileSync(path, "utf8")), path);
  });

  it("writes the compiled code once, and the next compilation takes it from there", async () => {
    const dir = temp();
    const text = moduleText();
    const first = compileModule("/x/mod.mjs", text, text, dir);
    assert.ok(first && !first.fromCache);
    await first.run();
    first.save();
    assert.equal(cacheFiles(dir).length, 1);
    const second = compileModule("/x/mod.mjs", text, text, dir);
    assert.ok(second?.fromCache);
    assert.equal(((await second.run()).double as (x: number) => number)(2), 4);
    // Another text (another version of PDF.js, another patch) has a cache of its own.
    const other = compileModule("/x/mod.mjs", moduleText(), `other ${serial}`, dir);
    assert.ok(other && !other.fromCache);
  });

  it("runs a CommonJS text wrapped as esbuild.mjs writes it, as compiled and as Node loads it", () => {
    const body = `"use strict";\nexports.answer = 42;\nexports.strict = this === undefined || this === module.exports;\nexports.file = __filename;`;
    const results = [];
    for (const source of [body, `${COMMONJS_WRAPPER}\n${body}\n}))`]) {
      const dir = temp();
      for (let k = 0; k < 2; k++) {
        const compiled = compileCommonJs("/x/bundle.js", source, `wrapped ${source.length}`, dir);
        assert.equal(compiled.fromCache, k === 1);
        const module = { exports: {} as Record<string, unknown> };
        compiled.run(module, require);
        compiled.save();
        results.push(module.exports);
      }
    }
    for (const r of results) assert.deepEqual(r, { answer: 42, strict: true, file: "/x/bundle.js" });
    // The same file loaded by Node as a module (a batch thread runs its bundle so) runs at once.
    const file = join(temp(), "bundle.js");
    writeFileSync(file, `${COMMONJS_WRAPPER}\n${body}\n}))\n`);
    assert.deepEqual({ ...require(file) }, { answer: 42, strict: true, file });
  });

  it("ignores a corrupt or truncated cache and writes it again, never failing", async () => {
    const dir = temp();
    const text = moduleText();
    const first = compileModule("/x/mod.mjs", text, text, dir);
    first?.save();
    const [name] = cacheFiles(dir);
    const file = join(dir, name);
    const bytes = readFileSync(file);
    for (const damaged of [
      Buffer.concat([bytes.subarray(0, 100), Buffer.from([bytes[100] ^ 0xff]), bytes.subarray(101)]),
      bytes.subarray(0, bytes.length >> 1),
      Buffer.alloc(0),
      Buffer.from("not a cache"),
    ]) {
      writeFileSync(file, damaged);
      const m = compileModule("/x/mod.mjs", text, text, dir);
      assert.ok(m && !m.fromCache);
      assert.equal(((await m.run()).double as (x: number) => number)(5), 10);
      m.save();
      assert.ok(compileModule("/x/mod.mjs", text, text, dir)?.fromCache);
    }
  });

  it("never reads or writes through a link, and a folder it cannot write is no error", async () => {
    const dir = temp();
    const text = moduleText();
    compileModule("/x/mod.mjs", text, text, dir)?.save();
    const [name] = cacheFiles(dir);
    // The cache's name made a link to another file: not read as a cache, not written through.
    const elsewhere = join(temp(), "precious");
    writeFileSync(elsewhere, "keep me");
    const file = join(dir, name);
    unlinkSync(file);
    symlinkSync(elsewhere, file);
    const m = compileModule("/x/mod.mjs", text, text, dir);
    assert.ok(m && !m.fromCache);
    m.save();
    assert.equal(readFileSync(elsewhere, "utf8"), "keep me");
    assert.ok(compileModule("/x/mod.mjs", text, text, dir)?.fromCache);
    // A cache folder that is a file: compiled, run, nothing saved, nothing thrown.
    const notADir = join(temp(), "file");
    writeFileSync(notADir, "");
    const n = compileModule("/x/mod.mjs", moduleText(), `other ${serial}`, join(notADir, "cache"));
    assert.ok(n && !n.fromCache);
    await n.run();
    n.save();
    assert.equal(existsSync(join(notADir, "cache")), false);
  });

  it("finds the per-user cache folder, or none when VERBATIM_CACHE_DIR is empty", () => {
    assert.equal(codeCacheDir({ VERBATIM_CACHE_DIR: "" }), undefined);
    assert.equal(codeCacheDir({ VERBATIM_CACHE_DIR: "/c" }), "/c");
    if (process.platform === "linux") {
      assert.equal(codeCacheDir({ XDG_CACHE_HOME: "/xdg" }), join("/xdg", "verbatim"));
      assert.match(codeCacheDir({}) ?? "", /[/\\]\.cache[/\\]verbatim$/);
    }
  });
});
