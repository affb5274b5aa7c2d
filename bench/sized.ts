// What the speed benchmarks (bench/speed.ts, bench/editor.ts) share: transcripts of a chosen size
// made from the General Debate speeches of test/corpus/ungdc, and percentiles of timings.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const UNGDC = join(__dirname, "..", "test", "corpus", "ungdc");

/** A transcript of about `size` characters: corpus speeches one after another, a header each. */
export function transcriptOfSize(size: number): string {
  const files = readdirSync(UNGDC)
    .filter((f) => f.endsWith(".txt"))
    .sort();
  let text = "";
  for (let i = 0; text.length < size; i++) {
    text += `Mr. Speaker${i} (${files[i % files.length].slice(0, 3)}): ${readFileSync(join(UNGDC, files[i % files.length]), "utf8")}\n`;
  }
  return text;
}

/** The p-th percentile of `xs` (nearest rank). */
export const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
