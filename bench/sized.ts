// What the speed benchmarks share: transcripts of a chosen size made from the General Debate
// speeches of test/corpus/ungdc, such a record typed in as an editor's analyst is given it,
// percentiles of timings, and a timer of phases.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { EditedFrom } from "../server/src/index";

const UNGDC = join(__dirname, "..", "test", "corpus", "ungdc");

/** The English short names of the States by ISO code (server/data/states/states.tsv). */
function stateNames(): Map<string, string> {
  const rows = readFileSync(join(__dirname, "..", "server", "data", "states", "states.tsv"), "utf8").split("\n");
  return new Map(
    rows
      .slice(1)
      .map((r) => r.split("\t"))
      .map((f) => [f[0], f[3]] as [string, string]),
  );
}

/** A surname of letters only for the i-th speech (a digit would not read as a name). */
const surname = (i: number) => {
  let name = "";
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(97 + ((n - 1) % 26)) + name;
  return `Mor${name}`;
};

/**
 * A transcript of about `size` characters: corpus speeches one after another, each under a
 * speaker's header the parser reads (`Mr. Morab (Albania):`), so that the outline, the speakers and
 * the rules that read speeches have a record's work to do.
 */
export function transcriptOfSize(size: number): string {
  const files = readdirSync(UNGDC)
    .filter((f) => f.endsWith(".txt"))
    .sort();
  const states = stateNames();
  let text = "";
  for (let i = 0; text.length < size; i++) {
    const file = files[i % files.length];
    const state = states.get(file.slice(0, 3)) ?? "Afghanistan";
    text += `Mr. ${surname(i)} (${state}): ${readFileSync(join(UNGDC, file), "utf8")}\n`;
  }
  return text;
}

/** The p-th percentile of `xs` (nearest rank). */
export const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** Wall-clock and CPU times (ms; the process's CPU, less sensitive to a loaded machine) by phase. */
export function phaseTimer() {
  const phases = new Map<string, { wall: number[]; cpu: number[] }>();
  const timed = <T>(name: string, f: () => T): T => {
    const t = performance.now();
    const c = process.cpuUsage();
    const value = f();
    const used = process.cpuUsage(c);
    const times = phases.get(name) ?? { wall: [], cpu: [] };
    times.wall.push(performance.now() - t);
    times.cpu.push((used.user + used.system) / 1000);
    phases.set(name, times);
    return value;
  };
  return { phases, timed };
}

/**
 * A record of about `size` characters typed in, as an editor's analyst is given it: `type(v)` writes
 * version v's character ("x" and "é" by turns) just after the middle, one further each version, as
 * bench/editor.ts types; `doc(v)` is the current text with how it came from the one before
 * (`EditedFrom`), `text()` the current text.
 */
export function typedRecord(size: number, uri: string) {
  let text = transcriptOfSize(size);
  let editedFrom: EditedFrom | undefined;
  const at = Math.floor(text.length / 2);
  return {
    text: () => text,
    doc: (version: number) => ({ uri, version, getText: () => text, editedFrom }),
    type(v: number): void {
      const before = text;
      text = `${text.slice(0, at + v)}${v % 2 ? "x" : "é"}${text.slice(at + v)}`;
      editedFrom = { from: before, prefix: at + v, suffix: before.length - (at + v) };
    },
  };
}
