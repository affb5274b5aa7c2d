import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CLI, ROOT, tempFiles } from "./helpers";

// The built command line and its PDF thread run their bundles, and PDF.js, from V8's code cache
// (server/cli/launch.ts, server/src/pdf/compiled.ts): the first run writes it, the next read it,
// and what they print is the same whatever the cache holds.

const PDF = join(ROOT, "test", "fixtures", "pdf", "record-2-pages.pdf");

function run(args: string[], cache: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60000,
    env: { ...process.env, VERBATIM_CACHE_DIR: cache, ...env },
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe("verbatim from the code cache", () => {
  it("runs bundles that begin with the wrapper the launcher compiles as read", () => {
    const { COMMONJS_WRAPPER } =
      require("../../server/src/pdf/compiled") as typeof import("../../server/src/pdf/compiled");
    for (const bundle of ["cli-code.js", "cli-text-code.js", "analyst-code.js", "pdf-worker-code.js"])
      assert.ok(readFileSync(join(ROOT, "server", "out", bundle), "latin1").startsWith(COMMONJS_WRAPPER), bundle);
  });

  it("writes the cache on a first import, reads it on the next, and prints the same", () => {
    const cache = join(tempFiles(), "cache");
    const first = run(["import", PDF], cache);
    assert.equal(first.status, 0, first.err);
    const names = () =>
      readdirSync(cache)
        .map((f) => f.replace(/-[0-9a-f]{8}\.v8$/, ""))
        .sort();
    // A small PDF imported alone is read in the command's own thread: the command line's code
    // and PDF.js's two modules.
    assert.deepEqual(names(), ["cli-code.js", "pdf.min.mjs", "pdf.worker.min.mjs"]);
    // Given a heap of its own, it is read in the PDF thread, whose code is cached too.
    const threaded = run(["import", PDF], cache, { VERBATIM_PDF_HEAP_MB: "1024" });
    assert.equal(threaded.status, 0, threaded.err);
    assert.equal(threaded.out, first.out);
    assert.deepEqual(names(), ["cli-code.js", "pdf-worker-code.js", "pdf.min.mjs", "pdf.worker.min.mjs"]);
    const files = readdirSync(cache).sort();
    const written = files.map((f) => readFileSync(join(cache, f)));
    const second = run(["import", PDF], cache);
    assert.equal(second.status, 0, second.err);
    assert.equal(second.out, first.out);
    const secondThreaded = run(["import", PDF], cache, { VERBATIM_PDF_HEAP_MB: "1024" });
    assert.equal(secondThreaded.out, first.out);
    // Taken from the cache, not compiled and written again.
    assert.deepEqual(
      readdirSync(cache)
        .sort()
        .map((f) => readFileSync(join(cache, f))),
      written,
    );
  });

  it("runs as without it when the cache is damaged, turned off, or cannot be written", () => {
    const dir = tempFiles({ "one.txt": "The President: I thank the representative of France.\n" });
    const one = join(dir, "one.txt");
    const cache = join(dir, "cache");
    const clean = run(["check", one], "");
    assert.equal(clean.status, 0, clean.err);
    assert.equal(run(["check", one], cache).out, clean.out);
    // A check runs the bundle without the import's code (cli-text-code.js), and caches only it.
    assert.deepEqual(
      readdirSync(cache).map((f) => f.replace(/-[0-9a-f]{8}\.v8$/, "")),
      ["cli-text-code.js"],
    );
    for (const f of readdirSync(cache)) {
      const bytes = readFileSync(join(cache, f));
      bytes[bytes.length >> 1] ^= 0xff;
      writeFileSync(join(cache, f), bytes);
    }
    const damaged = run(["check", one], cache);
    assert.equal(damaged.status, 0, damaged.err);
    assert.equal(damaged.out, clean.out);
    // A cache folder under a file: nothing written, nothing said.
    const blocked = run(["check", one], join(one, "cache"));
    assert.equal(blocked.status, 0, blocked.err);
    assert.equal(blocked.out, clean.out);
    assert.equal(blocked.err, "");
  });

  it("keeps a cache for each set of V8 flags, each read by a process under the same flags", () => {
    const dir = tempFiles({ "one.txt": "The President: I thank the representative of France.\n" });
    const one = join(dir, "one.txt");
    const cache = join(dir, "cache");
    const files = () => readdirSync(cache).sort();
    const contents = () => files().map((f) => readFileSync(join(cache, f)));
    const first = run(["check", one], cache);
    assert.equal(first.status, 0, first.err);
    assert.equal(files().length, 1);
    // V8's defaults (VERBATIM_V8 empty): another cache, the first one kept.
    const defaults = run(["check", one], cache, { VERBATIM_V8: "" });
    assert.equal(defaults.out, first.out);
    assert.equal(files().length, 2);
    const written = contents();
    // Each flag set's next process reads its own cache: nothing compiled and written again.
    for (const env of [{}, { VERBATIM_V8: "" }]) assert.equal(run(["check", one], cache, env).out, first.out);
    assert.deepEqual(contents(), written);
  });
});
