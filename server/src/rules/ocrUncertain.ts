import { lexiconFor } from "../lexicon/lexicon";
import type { OcrDoubt } from "../model/ocrWords";
import type { TranscriptModel } from "../model/types";
import { lazyPattern } from "../text/regexp";
import type { Finding, Rule } from "./rule";

/**
 * The letter groups an OCR mistakes for one another in printed Latin type, both ways: `rn`/`m`,
 * `l`/`I`/`1`, `0`/`O`, `cl`/`d` (the confusions un-extractor and the UN Security Council Debates
 * corpus correct by hand; the classic pairs of Rice, Jenkins and Nartker, "The Fifth Annual Test
 * of OCR Accuracy", 1996).
 */
const CONFUSIONS: readonly (readonly string[])[] = [
  ["rn", "m"],
  ["l", "I", "1"],
  ["0", "O"],
  ["cl", "d"],
];

/** Every spelling one confusion away from a word (one place changed), in order. */
export function confusionVariants(word: string): string[] {
  const out = new Set<string>();
  for (const group of CONFUSIONS)
    for (const from of group)
      for (let at = word.indexOf(from); at >= 0; at = word.indexOf(from, at + 1))
        for (const to of group) if (to !== from) out.add(word.slice(0, at) + to + word.slice(at + from.length));
  out.delete(word);
  return [...out];
}

const WORD = lazyPattern(() => /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu);

/** The record's words with their counts (only built when it has doubtful words). */
function recordWords(model: TranscriptModel): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of model.text.matchAll(WORD())) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  return counts;
}

/**
 * The word a doubtful word most likely is: a spelling one confusion away that the lexicon knows
 * (as written or in lower case) or that the record writes elsewhere, when the word itself is
 * neither; the one the record writes most.
 */
export function likelyWord(
  word: string,
  known: (w: string) => boolean,
  counts: ReadonlyMap<string, number>,
): string | undefined {
  const inRecord = (w: string) => (counts.get(w) ?? 0) >= 1;
  if (known(word) || (counts.get(word) ?? 0) > 1) return undefined;
  let best: string | undefined;
  let bestScore = 0;
  for (const v of confusionVariants(word)) {
    // A digit inside letters or a letter inside digits is what a confusion makes, not what a word is.
    if (/\p{L}/u.test(v) && /\d/.test(v) && !/\d/.test(word)) continue;
    const score = (known(v) ? 1 : 0) + (inRecord(v) ? 1 + Math.log1p(counts.get(v) ?? 0) : 0);
    if (score > bestScore) {
      best = v;
      bestScore = score;
    }
  }
  return best;
}

/** `ocr-uncertain`: a word the OCR read with little confidence (a scan's import); a fix when one confusion away is a known word. */
export const ocrUncertain: Rule = {
  code: "ocr-uncertain",
  description:
    "A word the OCR read with little confidence (a scanned record's import): check it against the page; a fix when a known word is one OCR confusion away (rn/m, l/I/1, 0/O, cl/d).",
  defaultSeverity: "information",
  category: "cleaning",
  check({ model }) {
    const doubts: readonly OcrDoubt[] = model.ocrDoubts ?? [];
    if (!doubts.length) return [];
    const lexicon = lexiconFor(model.language);
    const known = (w: string) => !!lexicon && (lexicon.has(w) || lexicon.has(w.toLowerCase()));
    const counts = recordWords(model);
    const findings: Finding[] = [];
    for (const d of doubts) {
      const start = model.lines.starts[d.line] + d.start;
      const range = model.lines.range(start, start + d.word.length);
      const likely = likelyWord(d.word, known, counts);
      findings.push({
        range,
        message: `The OCR was unsure of “${d.word}” (confidence ${Math.round(d.confidence)}%)${likely ? `: “${likely}”?` : ": check it on the page"}`,
        ...(likely
          ? { fix: { title: `Replace with “${likely}”`, edits: [{ range, newText: likely }], safe: false } }
          : {}),
      });
    }
    return findings;
  },
};
