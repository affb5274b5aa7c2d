import assert from "node:assert/strict";
import { isAscii } from "node:buffer";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { PREPARED_FILES, preparedPdfjs } from "../../server/src/pdf/pdfjsText";
import { recordPdf } from "../corpus/records";
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

  it("runs PDF.js from the scripts the build prepared: this code's changes of the shipped modules, the same transcripts", () => {
    const pdfjs = join(ROOT, "server", "out", "pdfjs");
    const where = { worker: join(pdfjs, "pdf.worker.min.mjs"), library: join(pdfjs, "pdf.min.mjs") };
    const prepared = preparedPdfjs(readFileSync(where.worker, "utf8"), readFileSync(where.library, "utf8"), where);
    assert.ok(prepared, "PDF.js's modules can be prepared as scripts");
    for (const module of ["worker", "library"] as const) {
      const bytes = readFileSync(join(pdfjs, PREPARED_FILES[module]));
      assert.ok(isAscii(bytes), module);
      assert.ok(bytes.toString("latin1") === prepared[module], `${module}: the build's script is this code's`);
    }
    // The same command line without the prepared scripts beside it: PDF.js changed as it loads.
    const dir = tempFiles();
    const out = join(dir, "server", "out");
    mkdirSync(join(out, "pdfjs"), { recursive: true });
    for (const file of ["cli.js", "cli-code.js"]) copyFileSync(join(ROOT, "server", "out", file), join(out, file));
    for (const file of ["pdf.min.mjs", "pdf.worker.min.mjs"]) copyFileSync(join(pdfjs, file), join(out, "pdfjs", file));
    symlinkSync(join(ROOT, "server", "data"), join(dir, "server", "data"), "dir");
    // A record of 2020 (Word's TrueType fonts) and one of 1993 (other fonts, a turned table).
    for (const pdf of [recordPdf("S_PV.8700"), recordPdf("A_48_PV.46", "eras")]) {
      const cache = join(tempFiles(), "cache");
      const built = run(["import", pdf], cache);
      assert.equal(built.status, 0, built.err);
      assert.ok(built.out.length > 20_000, `${pdf}: ${built.out.length}`);
      const loaded = spawnSync(process.execPath, [join(out, "cli.js"), "import", pdf], {
        encoding: "utf8",
        timeout: 60000,
        env: { ...process.env, VERBATIM_CACHE_DIR: cache },
      });
      assert.equal(loaded.status, 0, loaded.stderr);
      assert.ok(loaded.stdout === built.out, `${pdf}: PDF.js changed as it loads reads another transcript`);
      const shipped = run(["import", pdf], cache, { VERBATIM_PDFJS_AS_SHIPPED: "1" });
      assert.ok(shipped.out === built.out, `${pdf}: PDF.js as shipped reads another transcript`);
    }
  });
});
