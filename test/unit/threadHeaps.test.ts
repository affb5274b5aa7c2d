// The server's threads get the young generations asked for (server/lsp/analysts.ts,
// `youngGenerationsByThread`): the server runs with `--max-semi-space-size=1` (SERVER_EXEC_ARGV),
// a process-wide V8 flag that V8 reads in place of a worker's `resourceLimits`, so that every
// young generation the analyst was given ran as 1 MB semi-spaces. Each thread here fills its young
// generation with objects that live long enough for V8 to grow it to its limit, then reports its
// new space's size (two semi-spaces, MB).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
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

/** The new space of this thread and of workers started with the server's limits and with 16 MB. */
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
  const sixteen = await inWorker(16);
  console.log(JSON.stringify({ main, analyst, pdf, sixteen }));
})();
`;

type NewSpaces = { main: number; analyst: number; pdf: number; sixteen: number };

function newSpaces(flags: readonly string[], asServer: boolean): NewSpaces {
  const out = execFileSync(
    process.execPath,
    [...flags, "--import", "tsx", "-e", SCRIPT, ...(asServer ? ["--", "--as-server"] : [])],
    { cwd: ROOT, encoding: "utf8" },
  );
  return JSON.parse(out.trim().split("\n").at(-1) ?? "{}");
}

describe("the server's threads' young generations", () => {
  it("are each thread's own: the message thread's 1 MB semi-spaces, the workers' their limits", () => {
    const server = newSpaces(SERVER_EXEC_ARGV, true);
    // The same limits in a process without the flag: what each worker's limit gives.
    const plain = newSpaces([], false);
    assert.equal(server.main, 2, "the message thread keeps SERVER_EXEC_ARGV's 1 MB semi-spaces");
    assert.equal(server.analyst, plain.analyst, "the analyst's young generation is ANALYST_YOUNG_MB's");
    assert.equal(server.pdf, plain.pdf, "a PDF thread's is PDF_YOUNG_MB's");
    assert.equal(server.sixteen, plain.sixteen);
    assert.ok(server.sixteen > 2, `a worker given 16 MB: ${server.sixteen} MB of new space`);
  });

  it("are the flag's 1 MB semi-spaces in every worker without it", () => {
    // What the server did before: the flag read in place of each worker's limit.
    const { main, sixteen } = newSpaces(SERVER_EXEC_ARGV, false);
    assert.deepEqual({ main, sixteen }, { main: 2, sixteen: 2 });
  });
});
