// Words Tesseract ran together: on a scan, the narrow space after a short word is often not seen
// (`ofthe`, `witha`, `IfI`, `Republic,as`, `On27`, `inawelcome`, `Inow`). A word the lexicon does
// not know is given back as two or three words, each with its share of the box, where:
// - it splits into a function word of the language (its data's `functionWords`, and `I`) and a
//   word the lexicon knows (`ofthe`, `witha`), the other part of three letters or more (`fait`
//   stays). A capitalised word (often a name) is split before a function word of three letters or
//   more (`Ofthe`), before one of two only after a function word or a common word of four letters
//   or more (`Republicof`; `Annan`, `Addis`, `Herat` stay), or after `I` before a word of three
//   letters or more (`Inow`, `Ithank`); an acronym (`ISI`) never;
// - a lower-case word that does not split in two splits into three: two function words, then a
//   word the lexicon knows of three letters or more (`inawelcome`, `ofthemeeting`);
// - a function word of two letters or more, or a word the lexicon knows of three letters or more,
//   runs into a number (`On27`, `in2020`, `December2019`), or a number into a word the lexicon
//   knows of three letters or more (`27May`); ordinals (`21st`), acronyms and codes (`G77`,
//   `COVID19`, `S/2026/8`) stay whole;
// - a word cut at a comma or semicolon (`Republic,as`) where both sides are words the lexicon knows.
// A word of more than MAX_CORE letters is left as it is (the splits are quadratic in its length).
import type { Lexicon } from "../../lexicon/lexicon";
import type { OcrWord } from "./tsv";

const EDGE = /^([^\p{L}]*)(\p{L}+)([^\p{L}]*)$/u;
const STOP = /^(\p{L}+)([,;:])(\p{L}+[^\p{L}]*)$/u;
/** Letters then a number (`On27`, `in2020,`). */
const WORD_NUMBER = /^([^\p{L}\p{N}]*)(\p{L}+)(\d(?:[\d,.]*\d)?[^\p{L}\p{N}]*)$/u;
/** A number then letters (`27May`). */
const NUMBER_WORD = /^([^\p{L}\p{N}]*\d(?:[\d,.]*\d)?)(\p{L}+[^\p{L}\p{N}]*)$/u;
/** The longest run of letters looked at for a split. */
const MAX_CORE = 40;

/** The word as two or three where Tesseract ran them together; else the word alone. */
export function splitFused(word: OcrWord, lexicon: Lexicon, functionWords: ReadonlySet<string>): OcrWord[] {
  if (word.text.length > MAX_CORE + 8) return [word];
  const known = (w: string) => lexicon.has(w) || lexicon.has(w.toLowerCase());
  const isFunction = (w: string) => w === "I" || functionWords.has(w.toLowerCase());
  const stop = STOP.exec(word.text);
  if (stop) {
    const [, left, mark, right] = stop;
    const bare = right.replace(/[^\p{L}]+$/u, "");
    return known(left) && known(bare) ? cut(word, [left.length + mark.length]) : [word];
  }
  const wn = WORD_NUMBER.exec(word.text);
  if (wn) {
    const [, lead, letters] = wn;
    // A function word (`On27`), or a known word of three letters or more, not an acronym (`December2019`, not `COVID19`).
    const apart =
      known(letters) &&
      ((letters.length >= 2 && isFunction(letters)) || (letters.length >= 3 && !/^\p{Lu}+$/u.test(letters)));
    return apart ? cut(word, [lead.length + letters.length]) : [word];
  }
  const nw = NUMBER_WORD.exec(word.text);
  if (nw) {
    const [, number, rest] = nw;
    const letters = rest.replace(/[^\p{L}]+$/u, "");
    return letters.length >= 3 && known(letters) ? cut(word, [number.length]) : [word];
  }
  const m = EDGE.exec(word.text);
  if (!m) return [word];
  const [, lead, core] = m;
  if (core.length < 3 || core.length > MAX_CORE || known(core)) return [word];
  const two = splitTwo(core, known, isFunction);
  if (two > 0) return cut(word, [lead.length + two]);
  const three = /^\p{Ll}+$/u.test(core) ? splitThree(core, known, isFunction) : undefined;
  return three ? cut(word, [lead.length + three[0], lead.length + three[1]]) : [word];
}

/** Where a word splits into two (see the module's comment); -1 where it does not. */
function splitTwo(core: string, known: (w: string) => boolean, isFunction: (w: string) => boolean): number {
  const capital = /^\p{Lu}/u.test(core);
  // An acronym (`ISI`, `FDI`) is never split.
  if (capital && /^\p{Lu}+$/u.test(core)) return -1;
  let best = -1;
  let bestScore = -1;
  for (let i = 1; i < core.length; i++) {
    const left = core.slice(0, i);
    const right = core.slice(i);
    // A half of one letter is `a` or `I`; a name is split only before a function word, or after `I`.
    if (!oneLetterOk(left, true) || !oneLetterOk(right, false)) continue;
    if (!/^\p{Ll}+$/u.test(right) && right !== "I") continue;
    const fl = isFunction(left) && known(left);
    const fr = isFunction(right) && (known(right) || right === "I");
    if (!((fl && known(right)) || (fr && known(left)))) continue;
    // A part that is no function word has three letters or more (not `fa it`); before `a`, four (not `erg a`).
    // Beside `I` any known word (`IfI`).
    const pronoun = left === "I" || right === "I";
    if (!pronoun && ((!fl && left.length < (right === "a" ? 4 : 3)) || (!fr && right.length < 3))) continue;
    if (capital) {
      const afterI = left === "I" && right.length >= 3;
      // A name's last letters are often a short function word (`Annan`, `Addis`, `Herat`): a
      // capitalised word splits before one of two letters only after a common word of four or more.
      const beforeShort = fr && right.length === 2 && (fl || (left.length >= 4 && known(left.toLowerCase())));
      const beforeLong = fr && (right.length >= 3 || right === "I");
      if (!afterI && !beforeShort && !beforeLong) continue;
    }
    const score = Math.min(left.length, right.length) + (fl && fr ? 10 : 0);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}

/** Where a lower-case word splits into three (two function words and a known word of three letters or more). */
function splitThree(
  core: string,
  known: (w: string) => boolean,
  isFunction: (w: string) => boolean,
): [number, number] | undefined {
  let best: [number, number] | undefined;
  let bestScore = -1;
  for (let i = 1; i < core.length - 1; i++) {
    const a = core.slice(0, i);
    if (!oneLetterOk(a, true) || !known(a)) continue;
    for (let j = i + 1; j < core.length; j++) {
      const parts = [a, core.slice(i, j), core.slice(j)];
      if (!parts.every((p, k) => oneLetterOk(p, k === 0) && known(p))) continue;
      // The first two function words, the last a known word of three letters or more.
      if (!isFunction(parts[0]) || !isFunction(parts[1]) || parts[2].length < 3) continue;
      const score = Math.min(...parts.map((p) => p.length));
      if (score > bestScore) {
        best = [i, j];
        bestScore = score;
      }
    }
  }
  return best;
}

/** A part of one letter is `a` (or `I`, first or alone); longer parts are always fine. */
function oneLetterOk(part: string, first: boolean): boolean {
  return part.length > 1 || (first ? /^[aAI]$/.test(part) : /^[aI]$/.test(part));
}

/** The word cut before each index (UTF-16) in `at`, ascending, each part's box its share of the characters. */
function cut(word: OcrWord, at: number[]): OcrWord[] {
  const { text, box } = word;
  const share = box.width / text.length;
  // A thin space between parts: the layout reads a gap as a space.
  const gap = Math.min(share / 2, 1);
  const bounds = [0, ...at, text.length];
  const out: OcrWord[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const from = box.x + share * bounds[k] + (k > 0 ? gap / 2 : 0);
    const to = box.x + share * bounds[k + 1] - (k + 2 < bounds.length ? gap / 2 : 0);
    out.push({
      ...word,
      text: text.slice(bounds[k], bounds[k + 1]),
      box: { ...box, x: from, width: Math.max(0, to - from) },
    });
  }
  return out;
}
