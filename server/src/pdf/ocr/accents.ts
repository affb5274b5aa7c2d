// States' names that the OCR read without their accents (`Cote d'Ivoire`, `Turkiye`): where a
// line's words are, letter for letter, a State's name in the record's language (the States' data,
// server/data/states/states.tsv, its column for the language) but for marks it has
// (reread.ts `onlyMarks`: a mark lost, or a marked letter read as another), they are given the
// name's letters. Only names with marks are looked for; a word keeps its box, its confidence and
// its punctuation. A person's name is never changed here: the data name States only.
import { join } from "node:path";
import { defaultDataDir, readDataText } from "../../data";
import { bare, onlyMarks } from "./reread";
import type { OcrLine } from "./tsv";

const names = new Map<string, string[][]>();

/** The States' names with marks in a language's column of the States' data, each as its words. */
function markedStates(language: string): string[][] {
  let list = names.get(language);
  if (!list) {
    list = [];
    const rows = (readDataText(join(defaultDataDir(), "states", "states.tsv")) ?? "").split(/\r?\n/);
    const column = rows[0]?.split("\t").indexOf(language) ?? -1;
    if (column >= 0)
      for (const row of rows.slice(1)) {
        const name = row.split("\t")[column]?.trim();
        if (name && bare(name) !== name) list.push(name.split(/\s+/));
      }
    names.set(language, list);
  }
  return list;
}

/** A word's letters and what is around them: `(Cote` → [`(`, `Cote`, ``]. */
const PARTS = /^(\P{L}*)(\p{L}(?:.*\p{L})?)(\P{L}*)$/u;

/** The lines' States' names given their accents (in place); how many words changed. */
export function accentStates(lines: readonly OcrLine[], language: string): number {
  const states = markedStates(language);
  if (!states.length) return 0;
  const firsts = new Map<string, string[][]>();
  for (const s of states) firsts.set(bare(s[0]), [...(firsts.get(bare(s[0])) ?? []), s]);
  let changed = 0;
  for (const line of lines)
    for (let k = 0; k < line.words.length; k++) {
      const first = PARTS.exec(line.words[k].text);
      if (!first) continue;
      for (const name of firsts.get(bare(first[2])) ?? []) {
        if (k + name.length > line.words.length) continue;
        const parts = name.map((_, j) => PARTS.exec(line.words[k + j].text));
        const same = (p: RegExpExecArray, n: string) => p[2].replace(/[’‘]/gu, "'") === n;
        const fits = name.every((n, j) => {
          const p = parts[j];
          return p !== null && (same(p, n) || onlyMarks(p[2], n));
        });
        if (!fits) continue;
        name.forEach((n, j) => {
          const p = parts[j] as RegExpExecArray;
          if (same(p, n)) return;
          line.words[k + j] = { ...line.words[k + j], text: `${p[1]}${n}${p[3]}` };
          changed++;
        });
        break;
      }
    }
  return changed;
}
