import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { leftToRightAtOnce, oneTextTransform, textChunksPassed } from "../../server/src/pdf/pdfjsText";
import { pdfjsFiles } from "../../server/src/pdf/read";
import { recordPdf } from "../corpus/records";

// The changes to PDF.js's code that only save time (server/src/pdf/read.ts): the text matrix
// composed in place, `bidi` answering at once for a string with no right-to-left letter, text
// chunks passed by the loopback port without a clone.

const ROOT = join(__dirname, "..", "..");

/** A PDF's runs and fonts as readPdf gives them, read in a process of its own (`env`: how PDF.js is loaded). */
function runsOf(pdf: string, env: NodeJS.ProcessEnv): string {
  const script = `const { readPdf } = require(${JSON.stringify(join(ROOT, "server", "src", "pdf", "read.ts"))});
readPdf(new Uint8Array(require("node:fs").readFileSync(${JSON.stringify(pdf)}))).then((t) => process.stdout.write(JSON.stringify(t)));`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], {
    cwd: ROOT,
    env: { ...process.env, VERBATIM_CACHE_DIR: "", ...env },
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

describe("PDF.js's changes for speed", () => {
  it("find their one place in the shipped PDF.js (an upgrade that moves it is seen here, not as a slower import)", () => {
    const { worker, library } = pdfjsFiles();
    const made: string[] = [];
    const patched = oneTextTransform(readFileSync(worker, "utf8"), made);
    assert.equal(made.length, 1);
    assert.match(patched, /function getCurrentTextTransform\(\)\{[\s\S]*?return\[vc0\*va0\+vc2\*va1,/);
    const bidi = leftToRightAtOnce(patched, made);
    assert.equal(made.length, 2);
    assert.match(bidi, /function bidi\([^)]*\)\{[^}]*?return createBidiText\([^)]*\);for\(let vk=0;;vk\+\+\)/);
    const chunks: string[] = [];
    textChunksPassed(readFileSync(library, "utf8"), chunks);
    assert.equal(chunks.length, 1);
    // A text of another shape is left as it is.
    const other: string[] = [];
    assert.equal(oneTextTransform("function f(){}", other), "function f(){}");
    assert.equal(leftToRightAtOnce("function bidi(){}", other), "function bidi(){}");
    assert.equal(textChunksPassed("class LoopbackPort{}", other), "class LoopbackPort{}");
    assert.equal(other.length, 0);
  });

  it("read every run of a record with the same text, place, size and font as PDF.js's code as shipped", () => {
    // A record of 2020 (Word's TrueType fonts) and one of 1993 (other fonts, a turned table).
    for (const pdf of [recordPdf("S_PV.8700"), recordPdf("A_48_PV.46", "eras")]) {
      const fast = runsOf(pdf, {});
      const shipped = runsOf(pdf, { VERBATIM_PDFJS_AS_SHIPPED: "1" });
      assert.ok(fast.length > 100_000, `${pdf}: ${fast.length}`);
      assert.ok(fast === shipped, `${pdf}: the runs differ`);
    }
  });
});
