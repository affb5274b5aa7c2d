// Words Tesseract ran together: on a scan, the narrow space after a short word is often not seen
// (`ofthe`, `witha`, `IfI`, `Republic,as`). A word the lexicon does not know that splits into a
// function word of the language (its data's `functionWords`, and `I`) and a word the lexicon
// knows is given back as two words, each with its share of the box. A capitalised word (a name)
// is split only before a function word of two letters or more (`Ofthe`, not `Ona`). A word cut at
// a comma or semicolon (`Republic,as`) is split where both sides are words the lexicon knows.
import type { Lexicon } from "../../lexicon/lexicon";
import type { OcrWord } from "./tsv";

const EDGE = /^([^\p{L}]*)(\p{L}+)([^\p{L}]*)$/u;
const STOP = /^(\p{L}+)([,;:])(\p{L}+[^\p{L}]*)$/u;

/** The word as two where Tesseract ran two together; else the word alone. */
export function splitFused(word: OcrWord, lexicon: Lexicon, functionWords: ReadonlySet<string>): OcrWord[] {
  const known = (w: string) => lexicon.has(w) || lexicon.has(w.toLowerCase());
  const stop = STOP.exec(word.text);
  if (stop) {
    const [, left, mark, right] = stop;
    const bare = right.replace(/[^\p{L}]+$/u, "");
    return known(left) && known(bare) ? cut(word, left.length + mark.length) : [word];
  }
  const m = EDGE.exec(word.text);
  if (!m) return [word];
  const [, lead, core] = m;
  if (core.length < 3 || known(core)) return [word];
  const isFunction = (w: string) => w === "I" || functionWords.has(w.toLowerCase());
  const capital = /^\p{Lu}/u.test(core);
  let best = -1;
  let bestScore = -1;
  for (let i = 1; i < core.length; i++) {
    const left = core.slice(0, i);
    const right = core.slice(i);
    // A half of one letter is `a` or `I`; a name is split only before a function word.
    if ((left.length === 1 && !/^[aAI]$/.test(left)) || (right.length === 1 && !/^[aI]$/.test(right))) continue;
    if (capital && !(isFunction(right) && (right.length >= 2 || right === "I"))) continue;
    if (!/^\p{Ll}+$/u.test(right) && right !== "I") continue;
    const fl = isFunction(left) && known(left);
    const fr = isFunction(right) && (known(right) || right === "I");
    if (!((fl && known(right)) || (fr && known(left)))) continue;
    const score = Math.min(left.length, right.length) + (fl && fr ? 10 : 0);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best < 0 ? [word] : cut(word, lead.length + best);
}

/** The word cut before character `at`, each side's box its share of the characters. */
function cut(word: OcrWord, at: number): OcrWord[] {
  const chars = [...word.text];
  const first = chars.slice(0, at).join("");
  const second = chars.slice(at).join("");
  const { box } = word;
  const share = box.width / chars.length;
  // A thin space between the two: the layout reads a gap as a space.
  const gap = Math.min(share / 2, 1);
  const w1 = Math.max(0, share * first.length - gap / 2);
  return [
    { ...word, text: first, box: { ...box, width: w1 } },
    { ...word, text: second, box: { ...box, x: box.x + w1 + gap, width: Math.max(0, box.width - w1 - gap) } },
  ];
}
