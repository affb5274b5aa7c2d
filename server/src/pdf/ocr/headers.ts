// Speaker headers that the OCR misread: the parser finds no header and a speech is lost. A header's
// office is often set in small capitals (`The PRESIDENT`, 1946–1990s), which Tesseract reads badly
// (`The Presment`, `The Preswwent`), and its punctuation is small (`Mr,`, `(Ecuador) :`). Put right
// from the language's data, in a header's shape only:
// - a line that opens with an office (`offices`: `The President`, `The Secretary-General`…) but for
//   two letters or fewer in each word after the first, followed by `(` or `:`, is given the office's
//   words, in capitals where the OCR read most letters past the first in capitals;
// - a title (`titles`: `Mr.`) that opens a line holding a `(`, read with `,` or `;` for its dot;
// - the interpretation note's first word after `(` (`(iranslated from Spanish)`: the note's words);
// - a colon read apart from the `)` before it.
// A word keeps its box and confidence: a low one makes it a doubtful word, for the editor to check.
import { loadData } from "../../data";
import type { OcrLine } from "./tsv";

/** Levenshtein distance, stopping past `max` (small words: quadratic in a word's length). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, row[j]);
    }
    if (best > max) return max + 1;
    prev = row;
  }
  return prev[b.length];
}

/** A word's letters, its outer punctuation apart: `Presment:` → [``, `Presment`, `:`]. */
function parts(text: string): [string, string, string] {
  const m = /^(\P{L}*)(.*?)(\P{L}*)$/u.exec(text);
  return m ? [m[1], m[2], m[3]] : ["", text, ""];
}

interface HeaderWords {
  offices: string[][];
  titles: Set<string>;
  note: string[];
}
let headerWords: Map<string, HeaderWords> | undefined;
function headerWordsOf(language: string): HeaderWords | undefined {
  if (!headerWords) {
    headerWords = new Map();
    for (const l of loadData().languages)
      headerWords.set(l.language, {
        offices: (l.offices ?? []).map((o) => o.split(/\s+/)).filter((w) => w.length >= 2),
        titles: new Set((l.titles ?? []).filter((t) => t.endsWith("."))),
        // The note's words (its pattern's lower-case words of five letters or more).
        note: [...new Set(String(l.note ?? "").match(/(?<![\\[])\b\p{Ll}{5,}\b/gu) ?? [])],
      });
  }
  return headerWords.get(language);
}

/** The lines with their headers' misread words put right (in place); how many words were. */
export function correctHeaders(lines: OcrLine[], language: string): number {
  const data = headerWordsOf(language);
  if (!data) return 0;
  let changed = 0;
  for (const line of lines) {
    changed += punctuation(line, data);
    const w = line.words;
    const known = data.offices;
    for (const office of known) {
      if (w.length < office.length || w[0].text !== office[0]) continue;
      const after = w[office.length]?.text ?? "";
      const last = parts(w[office.length - 1].text);
      // A header's shape: `The PRESIDENT (translated from Russian):`, `The PRESIDENT:`.
      if (!(after.startsWith("(") || last[2].startsWith(":"))) continue;
      let total = 0;
      let fits = true;
      for (let k = 1; k < office.length; k++) {
        const [, letters] = parts(w[k].text);
        const d = editDistance(letters.toLowerCase(), office[k].toLowerCase(), 2);
        if (d > 2 || letters.length < 4) fits = false;
        total += d;
      }
      // Read right, in the office's case or in capitals: nothing to put right.
      const asPrinted = office.slice(1).every((o, k) => {
        const [, letters] = parts(w[k + 1].text);
        const lower = o.toLowerCase();
        return [o, o.toUpperCase(), lower, lower[0].toUpperCase() + lower.slice(1)].includes(letters);
      });
      if (!fits) continue;
      // An office read right (`The President`, `The PRESIDENT`): the line is left as it is.
      if (total === 0 && asPrinted) break;
      for (let k = 1; k < office.length; k++) {
        const [before, letters, end] = parts(w[k].text);
        // In capitals when most letters past the first are (`PrEsIDENT`), not for one stray capital.
        const rest = letters.slice(1);
        const capitals = (rest.match(/\p{Lu}/gu)?.length ?? 0) * 2 > rest.length;
        w[k] = { ...w[k], text: before + (capitals ? office[k].toUpperCase() : office[k]) + end };
        changed++;
      }
      break;
    }
  }
  return changed;
}

/** A header's title, note and colon put right (see the module's comment). */
function punctuation(line: OcrLine, data: HeaderWords): number {
  const w = line.words;
  let changed = 0;
  const hasParenthesis = w.some((x) => x.text.startsWith("("));
  const first = w[0];
  if (first && hasParenthesis && /[,;]$/.test(first.text) && w[1] && /^\p{Lu}/u.test(w[1].text)) {
    const title = `${first.text.slice(0, -1)}.`;
    if (data.titles.has(title)) {
      w[0] = { ...first, text: title };
      changed++;
    }
  }
  for (let k = 1; k < w.length; k++) {
    const t = w[k].text;
    if (t.startsWith("(") && w[k + 1] && !data.note.includes(t.slice(1))) {
      const core = t.slice(1);
      const fit = core.length >= 6 ? data.note.find((n) => editDistance(core.toLowerCase(), n, 2) <= 2) : undefined;
      if (fit) {
        w[k] = { ...w[k], text: `(${fit}` };
        changed++;
      }
    }
    if (/^[:;]$/.test(t) && w[k - 1].text.endsWith(")")) {
      const a = w[k - 1].box;
      const b = w[k].box;
      w[k - 1] = { ...w[k - 1], text: `${w[k - 1].text}:`, box: { ...a, width: b.x + b.width - a.x } };
      w.splice(k, 1);
      k--;
      changed++;
    }
  }
  return changed;
}
