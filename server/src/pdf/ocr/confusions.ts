// Short words Tesseract misreads by one `l`/`I`/`1` (issue 24, the 1950 volume's body: `lt` for
// `It`, `1s` for `is`): a word the lexicon does not know that becomes a function word of the
// language (its data's `functionWords`: `it`, `is`, `in`, `on`…) by one of these letters read as
// `i` is given that word where the context makes it certain: between two lower-case words (`that
// 1s the` → `is`), or opening a sentence (after a full stop, not a title's: `Mr.`) before a
// lower-case word (`. lt is` → `It`). Anything else stays as read, and doubtful when its confidence
// is low (`ocr-uncertain`); a capitalised word mid-sentence (a name) is never changed.
import type { Lexicon } from "../../lexicon/lexicon";
import type { OcrLine } from "./tsv";

const WORD = /^(\P{L}*?)([\p{L}\d]{2,5})(\P{L}*)$/u;
const LOWER_END = /\p{Ll}[,;]?$/u;

/** The lines' confused function words put right (in place, in reading order); how many. */
export function repairConfusions(
  lines: readonly OcrLine[],
  lexicon: Lexicon,
  functionWords: ReadonlySet<string>,
): number {
  const words = lines.flatMap((l) => l.words.map((_, k) => ({ line: l, k })));
  let changed = 0;
  for (let n = 0; n < words.length; n++) {
    const { line, k } = words[n];
    const text = line.words[k].text;
    const m = WORD.exec(text);
    if (!m || m[1] || !/[lI1]/.test(m[2]) || lexicon.has(m[2]) || lexicon.has(m[2].toLowerCase())) continue;
    const core = m[2];
    const next = words[n + 1] ? words[n + 1].line.words[words[n + 1].k].text : undefined;
    const prev = n > 0 ? words[n - 1].line.words[words[n - 1].k].text : undefined;
    if (!next || !/^\p{Ll}/u.test(next)) continue;
    // A sentence's start: the record's first word, or after a full stop but a title's (`Mr.`).
    const start = prev === undefined || (/[.!?:]["”’)]*$/u.test(prev) && !/^\p{Lu}\p{Ll}{0,2}\.$/u.test(prev));
    // After a lower-case word (`China—that`), not a sentence's end.
    const between = prev !== undefined && LOWER_END.test(prev);
    // Mid-sentence, a capitalised word may be a name: left as read.
    if (!start && (!between || /^\p{Lu}/u.test(core))) continue;
    // One letter read as `i`: the function words it gives.
    const found = new Set<string>();
    for (let i = 0; i < core.length; i++)
      if ("lI1".includes(core[i])) {
        const lower = `${core.slice(0, i)}i${core.slice(i + 1)}`.toLowerCase();
        if (functionWords.has(lower) && lexicon.has(lower)) found.add(lower);
      }
    if (found.size !== 1) continue;
    const [word] = found;
    const put = start ? word[0].toUpperCase() + word.slice(1) : word;
    line.words[k] = { ...line.words[k], text: `${put}${m[3]}` };
    changed++;
  }
  return changed;
}
