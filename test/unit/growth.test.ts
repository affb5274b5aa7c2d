import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_SETTINGS } from "../../server/src/index";
import { SHAPES } from "../corpus/shapes";
import { service } from "./helpers";

// Every analysis is linear in its input: each pathological shape (test/corpus/shapes.ts) at n and
// 4n characters costs at most about four times as much. The process's CPU time is the measure,
// taken as the best of three runs and compared with a wide margin (a quadratic step gives 16 times and more; the
// slowest seen before the fixes gave 30): this asserts growth, never an absolute time, which
// belongs to `npm run bench`.
const N = 40_000;
const LIMIT = 10;
let version = 0;

function cost(text: string, runs = 3): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < runs; run++) {
    const doc = { uri: `file:///growth/${++version}.transcript`, version, getText: () => text };
    // CPU time of this process, not the clock: other tests run beside this one.
    const t0 = process.cpuUsage();
    service().diagnostics(doc, { ...DEFAULT_SETTINGS, maxProblems: Number.MAX_SAFE_INTEGER });
    service().documentSymbols(doc);
    service().exportAkomaNtoso(doc, "growth");
    const used = process.cpuUsage(t0);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

describe("linear growth on pathological documents", () => {
  // The lexicon and the code warm up once, outside the measure.
  cost("Mr. Smith (France): We heard thejoint statement of the CSTO.");
  for (const [name, make] of Object.entries(SHAPES)) {
    it(`${name}: 4 times the text costs about 4 times the work`, () => {
      let small = cost(make(N));
      let large = cost(make(4 * N));
      // Below a few milliseconds the ratio is noise; a machine busy with other work may slow one
      // measure: a ratio over the limit is measured again, more carefully, before it counts.
      let ratio = large / Math.max(small, 2);
      if (ratio >= LIMIT) {
        small = Math.min(small, cost(make(N), 5));
        large = Math.min(large, cost(make(4 * N), 5));
        ratio = large / Math.max(small, 2);
      }
      if (process.env.VERBATIM_GROWTH)
        console.log(`${name}: ${small.toFixed(1)} → ${large.toFixed(1)} ms (×${ratio.toFixed(1)})`);
      assert.ok(ratio < LIMIT, `${name}: ${small.toFixed(1)} ms → ${large.toFixed(1)} ms (×${ratio.toFixed(1)})`);
    });
  }
});
