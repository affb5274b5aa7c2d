import { perLine } from "../analysis/analysis";
import { forEachLetterRun, isSpace } from "../text/words";
import { MAX_WORD } from "./fusedWords";
import type { Finding, Rule } from "./rule";

const NONE: { at: number; length: number }[] = [];

/** The runs of letters longer than any word, per line (carried over versions). */
const LONG_RUNS = perLine<{ at: number; length: number }[]>("long-runs");
/** The lines with such runs (carried over versions). */
const LONG_RUN_LINES = perLine<readonly number[]>("long-run-lines");

/**
 * Whether `line` has more than MAX_WORD characters (UTF-16 units) without a space, as
 * `/(?<!\S)\S{MAX_WORD+1}/` finds: where a run of letters that long can be. A loop over the
 * characters: the pattern tried every word start of every line again for each of its letters.
 */
function hasLongStretch(line: string): boolean {
  let run = 0;
  for (let i = 0; i < line.length; i++) {
    if (isSpace(line.charCodeAt(i))) run = 0;
    else if (++run > MAX_WORD) return true;
  }
  return false;
}

/**
 * `not-checked`: what the bounds of the analysis skipped, said once. Every rule reads its input
 * in linear time; where a check would cost more (splitting a word at every letter), a run longer
 * than any real word is left out of that check, and this says so rather than staying silent.
 */
export const notChecked: Rule = {
  code: "not-checked",
  description: "Text the checks left out: a run of letters longer than any real word.",
  defaultSeverity: "information",
  category: "check",
  check(analysis) {
    const { model } = analysis;
    const runsOf = analysis.lines(LONG_RUNS, (line) => {
      // Letters are never white space: a line without so long a stretch of other characters
      // holds no such run (most lines; counting the stretches is quicker than the loop below).
      if (line.length <= MAX_WORD || !hasLongStretch(line)) return NONE;
      const out: { at: number; length: number }[] = [];
      forEachLetterRun(line, (from, to) => {
        if (to - from > MAX_WORD) out.push({ at: from, length: to - from });
      });
      return out.length ? out : NONE;
    });
    let first: { line: number; at: number; length: number } | undefined;
    let count = 0;
    // The lines with such runs, a list each edit corrects by its own lines: few, not the record.
    for (const i of analysis.linesWhere(LONG_RUN_LINES, (i) => runsOf(i) !== NONE)) {
      const kind = model.lineKinds[i];
      if (kind !== "text" && kind !== "header") continue;
      for (const r of runsOf(i)) {
        count++;
        first ??= { line: i, ...r };
      }
    }
    if (!first) return [];
    const start = model.lines.starts[first.line] + first.at;
    const finding: Finding = {
      range: model.lines.range(start, start + first.length),
      message:
        `A run of ${first.length.toLocaleString("en")} letters, longer than any real word, is not checked for words run together or lost hyphens` +
        (count > 1 ? ` (${count} such runs in this document).` : "."),
    };
    return [finding];
  },
};
