// The server's threads get the young generations asked for (server/lsp/analysts.ts,
// `youngGenerationsByThread`): the server runs with `--max-semi-space-size=1` (SERVER_EXEC_ARGV),
// a process-wide V8 flag that a worker's `resourceLimits` do not override; the analyst ran with
// the message thread's 1 MB semi-spaces whatever ANALYST_YOUNG_MB said. Each thread here fills
// its young generation with objects that live long enough to make V8 grow it to its limit, then
// reports its new space's size (two semi-spaces): the message thread keeps 2 MB, a PDF thread
// keeps 2 MB (PDF_YOUNG_MB), the analyst has ANALYST_YOUNG_MB's.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ANALYST_YOUNG_MB } from "../../server/lsp/analysts";
import { SERVER_EXEC_ARGV } from "../../shared/constants";

const ROOT = join(__dirname, "..", "..");

/** What each thread fills its young generation with, then its new space's size in MB. */
const FILL = `
const keep = [];
for (let i = 0; i < 3e6; i++) {
  const o = { i, s: [i] };
  if (i % 3 === 0) keep.push(o);
  if (keep.length > 200000) keep.length = 0;
}
const newSpace = require("node:v8").getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
newSpace.space_size / 1048576;
`;

/** The new space of the message thread and of workers started as the server starts them. */
const SCRIPT = `
const { Worker } = require("node:worker_threads");
const { ANALYST_YOUNG_MB, youngGenerationsByThread } = require("./server/lsp/analysts.ts");
const { PDF_YOUNG_MB } = require("./server/lsp/pdfs.ts");
const fill = ${JSON.stringify(FILL)};
const inWorker = (young) =>
  new Promise((resolve, reject) => {
    const code = "require('node:worker_threads').parentPort.postMessage(eval(" + JSON.stringify(fill) + "))";
    const w = new Worker(code, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: young, maxOldGenerationSizeMb: 256 } });
    w.on("message", resolve);
    w.on("error", reject);
  });
(async () => {
  if (process.argv.includes("--as-server")) youngGenerationsByThread();
  const main = eval(fill);
  const analyst = await inWorker(ANALYST_YOUNG_MB);
  const pdf = await inWorker(PDF_YOUNG_MB);
  console.log(JSON.stringify({ main, analyst, pdf }));
})();
`;

function newSpaces(asServer: boolean): { main: number; analyst: number; pdf: number } {
  const out = execFileSync(
    process.execPath,
    [...SERVER_EXEC_ARGV, "--import", "tsx", "-e", SCRIPT, ...(asServer ? ["--", "--as-server"] : [])],
    { cwd: ROOT, encoding: "utf8" },
  );
  return JSON.parse(out.trim().split("\n").at(-1) ?? "{}");
}

describe("the server's threads' young generations", () => {
  it("gives the analyst its own young generation, the message thread and PDF threads 1 MB semi-spaces", () => {
    const { main, analyst, pdf } = newSpaces(true);
    assert.equal(main, 2, "the message thread keeps SERVER_EXEC_ARGV's 1 MB semi-spaces");
    assert.equal(pdf, 2, "a PDF thread's young generation is as before");
    assert.ok(analyst > 2 && analyst <= ANALYST_YOUNG_MB, `the analyst's new space: ${analyst} MB`);
  });

  it("shows the flag's cap on every worker without it", () => {
    // What the server did before: the analyst's limit read in place of its resourceLimits.
    assert.deepEqual(newSpaces(false), { main: 2, analyst: 2, pdf: 2 });
  });
});
