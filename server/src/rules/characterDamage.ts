import { join } from "node:path";
import { type Analysis, type CensusOf, perLine, variantOf } from "../analysis/analysis";
import { defaultDataDir, readDataText } from "../data";
import { lexiconFor } from "../lexicon/lexicon";
import { hyphenatedNumber } from "../model/dates";
import { lazyPattern } from "../text/regexp";
import { tally } from "../text/strings";
import { forEachLetterOrMarkRun } from "../text/words";
import type { Span } from "../types";
import { joinEdits as joinEditsFor } from "./brokenHyphenation";
import { type Finding, firstThenAll, type Rule } from "./rule";

/**
 * Characters damaged by extraction, and what was meant. Mojibake is UTF-8 read as Windows-1252
 * (`â€™` for `’`); ligatures are Unicode's presentation forms (U+FB00–U+FB06).
 */
const REPLACEMENTS: [string, string, string][] = [
  ["\uFB00", "ff", "the ligature ﬀ"],
  ["\uFB01", "fi", "the ligature ﬁ"],
  ["\uFB02", "fl", "the ligature ﬂ"],
  ["\uFB03", "ffi", "the ligature ﬃ"],
  ["\uFB04", "ffl", "the ligature ﬄ"],
  ["\uFB05", "st", "the ligature ﬅ"],
  ["\uFB06", "st", "the ligature ﬆ"],
  ["â€™", "’", "mojibake for ’"],
  ["â€˜", "‘", "mojibake for ‘"],
  ["â€œ", "“", "mojibake for “"],
  ["â€\u009d", "”", "mojibake for ”"],
  ["â€“", "–", "mojibake for –"],
  ["â€”", "—", "mojibake for —"],
  ["â€¦", "…", "mojibake for …"],
  ["Ã©", "é", "mojibake for é"],
  ["Ã¨", "è", "mojibake for è"],
  ["Ã¡", "á", "mojibake for á"],
  ["Ã³", "ó", "mojibake for ó"],
  ["Ã±", "ñ", "mojibake for ñ"],
  ["Ã§", "ç", "mojibake for ç"],
  ["Ã¶", "ö", "mojibake for ö"],
  ["Ã¼", "ü", "mojibake for ü"],
  ["Ãº", "ú", "mojibake for ú"],
  ["Ã­", "í", "mojibake for í"],
  ["Ã¢", "â", "mojibake for â"],
  ["Ã´", "ô", "mojibake for ô"],
  ["Ã®", "î", "mojibake for î"],
  ["Ã«", "ë", "mojibake for ë"],
];

const DAMAGE = lazyPattern(
  () =>
    new RegExp(
      `${REPLACEMENTS.map(([from]) => from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")}|\u00AD|\u2011[ \\t]*$|(?<=\\S) {2,}(?=\\S)|[\\u0000-\\u0008\\u000B\\u000E-\\u001F\\u007F]|(?<=\\S)\\f|\\f(?=\\S)|(?<=\\p{L})\\d{2}-\\d{5}(?=[ \\t]*$)`,
      "gmu",
    ),
);

/** Cheap first look: a line with none of these characters has no damage (most lines). */
const MAYBE_DAMAGE = lazyPattern(
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are damage this looks for
  () => /[\uFB00-\uFB06\u00C3\u00E2\u00AD\u2011\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]| {2}|\d{2}-\d{5}[ \t]*$/,
);

export interface Damage {
  span: Span;
  replacement: string;
  what: string;
}

/** Finds damaged characters in lines of text (a line-end soft hyphen is left to the hyphen rule's join). */
/** The damage of each line (carried over versions). */
const LINE_DAMAGE = perLine<Damage[]>("damage");
/** The lines with damage (carried over versions). */
const DAMAGED_LINES = perLine<readonly number[]>("damaged-lines");

export function findDamage(analysis: Analysis): Damage[] {
  const { model } = analysis;
  const out: Damage[] = [];
  // Each line read on its own; unchanged lines keep what the previous version found.
  const damageOf = analysis.lines(LINE_DAMAGE, lineDamage);
  // The lines with damage, a list each edit corrects by its own lines: few, not the record.
  for (const i of analysis.linesWhere(DAMAGED_LINES, (i) => damageOf(i).length > 0)) {
    const kind = model.lineKinds[i];
    if (kind === "blank" || kind === "furniture") continue;
    const start = model.lines.starts[i];
    for (const d of damageOf(i)) {
      // The cover page's dot leaders are set with wide spaces (`China. . . . .  Mr. Zhang Jun`).
      if (kind === "cover" && d.what === DOUBLED) continue;
      out.push({ ...d, span: { start: d.span.start + start, end: d.span.end + start } });
    }
  }
  return out;
}

const NONE: Damage[] = [];
/** A word ending in `y`, a hyphen, one space and a word: the shape of `forty- ninth`. */
const STRAY_SPACE = lazyPattern(() => /(?<![\p{L}-])(\p{L}{4,7}y)- (\p{Ll}{3,8})(?![\p{L}-])/gu);
const DOUBLED = "doubled spaces";

/** The damaged characters of one line, with spans from the line's start. */
function lineDamage(line: string): Damage[] {
  const out: Damage[] = [];
  // A number word's hyphen left with a space after it where a line break was (`forty- ninth`).
  if (line.includes("- ")) {
    for (const m of line.matchAll(STRAY_SPACE())) {
      const word = hyphenatedNumber(`${m[1]}${m[2]}`.toLowerCase());
      if (!word) continue;
      const at = m.index + m[1].length + 1;
      out.push({ span: { start: at, end: at + 1 }, replacement: "", what: `a stray space in “${word}”` });
    }
  }
  if (!MAYBE_DAMAGE().test(line)) return out.length ? out : NONE;
  for (const m of line.matchAll(DAMAGE())) {
    const found = m[0];
    const at = m.index ?? 0;
    const span = { start: at, end: at + found.length };
    const known = REPLACEMENTS.find(([from]) => from === found);
    if (known) out.push({ span, replacement: known[1], what: known[2] });
    else if (found === "\u00AD") {
      // A soft hyphen inside a line is invisible typesetting; at a line end it splits a word (below).
      if (/^\u00AD[ \t]*$/.test(line.slice(m.index ?? 0))) continue;
      out.push({ span, replacement: "", what: "a soft hyphen (U+00AD)" });
    } else if (found.startsWith("\u2011"))
      out.push({
        span: { start: at, end: at + 1 },
        replacement: "-",
        what: "a non-breaking hyphen (U+2011) at a line end",
      });
    else if (found.startsWith(" ")) out.push({ span, replacement: " ", what: DOUBLED });
    else if (found === "\f") out.push({ span, replacement: "", what: "a form feed in mid-text" });
    else if (/^\d{2}-\d{5}$/.test(found))
      // pdftotext may run the page's job number into the last word of a column.
      out.push({ span, replacement: "", what: `the job number ${found} (page furniture) run into the text` });
    else
      out.push({
        span,
        replacement: "",
        what: `a stray control character (U+${found.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")})`,
      });
  }
  return out;
}

type Script = "Latin" | "Cyrillic" | "Greek";

const SCRIPTS: readonly Script[] = ["Latin", "Cyrillic", "Greek"];
/** Each of SCRIPTS as a pattern, made on first use (0.5 ms of ICU's tables at the top level). */
const SCRIPT_PATTERNS = lazyPattern(() => [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u]);
const scriptOf = (ch: string): Script | undefined => {
  const patterns = SCRIPT_PATTERNS();
  const k = patterns.findIndex((re) => re.test(ch));
  return k < 0 ? undefined : SCRIPTS[k];
};

let lookalikeTable: Map<string, string> | undefined;

/**
 * The look-alike letters of server/data/lookalikes/lookalikes.tsv (Unicode's confusables), both
 * ways: `е` (Cyrillic) → `e`, and `e` → `е` for a Cyrillic word (the first Cyrillic letter listed).
 */
function lookalikes(dir: string = defaultDataDir()): Map<string, string> {
  if (lookalikeTable) return lookalikeTable;
  const table = new Map<string, string>();
  const file = join(dir, "lookalikes", "lookalikes.tsv");
  const text = readDataText(file) ?? "";
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const [letter, latin] = line.split("\t");
    if (!letter || !latin) continue;
    table.set(letter, latin);
    const script = scriptOf(letter);
    if (script === "Cyrillic" && !table.has(`${latin}>Cyrillic`)) table.set(`${latin}>Cyrillic`, letter);
  }
  lookalikeTable = table;
  return table;
}

/** The look-alike in `script` of a letter written in another one, if the table has it. */
function lookalikeIn(letter: string, script: Script): string | undefined {
  const table = lookalikes();
  if (script === "Latin") return table.get(letter);
  if (script === "Cyrillic") return table.get(`${letter}>Cyrillic`);
  return undefined;
}

interface LetterCandidate {
  /** From the line's start. */
  at: number;
  word: string;
  /** The damaged letter's offset in the word. */
  index: number;
  kind: "capital" | "script";
}

const NO_LETTERS: LetterCandidate[] = [];
const WORD = lazyPattern(() => /[\p{L}\p{M}]+/gu);
const NON_ASCII = lazyPattern(() => /[\u0080-\uFFFF]/);
const ACCENTED_CAPITAL = lazyPattern(() => /\p{Ll}[\p{Lu}]\p{Ll}/u);

/** A line's words with an accented capital between small letters, or a letter of another script. */
function lineLetters(line: string, script: Script): LetterCandidate[] {
  // Cheap first look: an ASCII line has neither.
  if (!NON_ASCII().test(line)) return NO_LETTERS;
  const out: LetterCandidate[] = [];
  for (const m of line.matchAll(WORD())) {
    const w = m[0];
    if (w.length < 3 || !NON_ASCII().test(w)) continue;
    if (ACCENTED_CAPITAL().test(w)) {
      for (let i = 1; i < w.length - 1; i++) {
        const ch = w[i];
        if (!/\p{Lu}/u.test(ch) || ch.normalize("NFD").length < 2) continue;
        if (!/\p{Ll}/u.test(w[i - 1]) || !/\p{Ll}/u.test(w[i + 1]) || scriptOf(ch) !== script) continue;
        out.push({ at: m.index, word: w, index: i, kind: "capital" });
      }
    }
    // A word of the text's script (two letters at least) holding one or two letters of another.
    const foreign: number[] = [];
    let own = 0;
    for (let i = 0; i < w.length; i++) {
      const sc = scriptOf(w[i]);
      if (sc === script) own++;
      else if (sc) foreign.push(i);
    }
    if (foreign.length && foreign.length <= 2 && own >= 2 && own >= foreign.length * 2)
      for (const i of foreign) out.push({ at: m.index, word: w, index: i, kind: "script" });
  }
  return out.length ? out : NO_LETTERS;
}

/** A damaged letter: an accented capital between small letters (`armÉe`), a look-alike of another script (`Gеneva`). */
export interface LetterDamage extends Damage {
  word: string;
  /** The word as it likely was. */
  likely: string;
  /** Where the likely letter comes from. */
  evidence: string;
}

/**
 * Letters damaged inside a word: a bold font's accented small letter decoded as a capital
 * (`armÉe`, `ConcepciÛn`), or a letter of another script drawn like one of the text's (a Latin
 * word holding a Cyrillic `е`). The likely letter comes from the document's other spellings of
 * the word (a small letter or two in its place), then the lexicon, then the look-alike table, and
 * for a capital last of all its own small letter.
 */
/** The letters out of place in each line (carried over versions), per script. */
const LETTERS = perLine<LetterCandidate[]>("letters");
/** The lines with such letters (carried over versions), per script. */
const LETTER_LINES = perLine<readonly number[]>("letter-lines");

export function findLetterDamage(analysis: Analysis): LetterDamage[] {
  const { model } = analysis;
  const script: Script = model.language === "ru" ? "Cyrillic" : "Latin";
  const lettersOf = analysis.lines(variantOf(LETTERS, script), (line) => lineLetters(line, script));
  const found: { start: number; c: LetterCandidate }[] = [];
  const holding = analysis.linesWhere(variantOf(LETTER_LINES, script), (i) => lettersOf(i).length > 0);
  for (const i of holding) {
    const kind = model.lineKinds[i];
    if (kind === "blank" || kind === "furniture") continue;
    for (const c of lettersOf(i)) found.push({ start: model.lines.starts[i] + c.at, c });
  }
  if (!found.length) return [];
  // The document's words, counted once, for its own spellings.
  // Only the words a candidate may be compared with are counted (of its length or one more, with
  // its first and last letters where those are kept): counting every word of a long record costs
  // more than all the rest of the rule.
  const wanted = new Set<number>();
  // The lengths wanted, one flag a length: asked of every run of letters of the text.
  let longest = 0;
  for (const { c } of found) longest = Math.max(longest, c.word.length + 1);
  const wantedLengths = new Uint8Array(longest + 1);
  for (const { c } of found) {
    const first = c.index > 0 ? c.word.charCodeAt(0) : ANY;
    const last = c.index < c.word.length - 1 ? c.word.charCodeAt(c.word.length - 1) : ANY;
    for (const length of [c.word.length, c.word.length + 1]) {
      wantedLengths[length] = 1;
      wanted.add(shelfCode(length, first, last));
    }
  }
  // The document's words of those shapes, and how often each is written. In an editor, from the
  // count of every run of letters, which each edit corrects by the lines it changed; analysed
  // once, from a walk over the text that counts those words alone.
  const words = new Map<string, number>();
  const shaped = (length: number, first: number, last: number) =>
    length <= longest &&
    wantedLengths[length] === 1 &&
    (wanted.has(shelfCode(length, first, last)) ||
      wanted.has(shelfCode(length, first, ANY)) ||
      wanted.has(shelfCode(length, ANY, last)) ||
      wanted.has(shelfCode(length, ANY, ANY)));
  // The first version's count of every run is left until its diagnostics are out (`later`):
  // the next version corrects it; this one counts the shapes it needs, as a one-shot analysis.
  if (analysis.carriesOver() && analysis.holdsCensus(LETTER_RUNS)) {
    for (const [w, n] of letterRuns(analysis))
      if (shaped(w.length, w.charCodeAt(0), w.charCodeAt(w.length - 1))) words.set(w, n);
  } else {
    analysis.later(() => letterRuns(analysis));
    const text = model.text;
    forEachLetterOrMarkRun(text, (start, end) => {
      if (!shaped(end - start, text.charCodeAt(start), text.charCodeAt(end - 1))) return;
      const w = text.slice(start, end);
      words.set(w, (words.get(w) ?? 0) + 1);
    });
  }
  const spellings = spellingIndex(words);
  // A tie between two spellings goes to the one the text writes first: where each is first
  // written, found in one walk over the text only when a tie comes up.
  let firstAt: Map<string, number> | undefined;
  const earlier = (a: string, b: string): boolean => {
    if (!firstAt) {
      const at = new Map<string, number>();
      const text = model.text;
      forEachLetterOrMarkRun(text, (start, end) => {
        const w = text.slice(start, end);
        if (words.has(w) && !at.has(w)) at.set(w, start);
      });
      firstAt = at;
    }
    return (firstAt.get(a) ?? 0) < (firstAt.get(b) ?? 0);
  };
  const lexicon = lexiconFor(model.language);
  const own = script === "Latin" ? /^\p{Script=Latin}{1,2}$/u : /^\p{Script=Cyrillic}{1,2}$/u;
  const out: LetterDamage[] = [];
  for (const { start, c } of found) {
    const { word, index } = c;
    const letter = word[index];
    const before = word.slice(0, index);
    const after = word.slice(index + 1);
    let likely: string | undefined;
    let evidence = "";
    // The document's own spelling: the same word with one or two small letters in its place.
    // The most frequent such spelling, the first in the text on a tie (only the words of the
    // right length and first letter are looked at, not the whole vocabulary).
    let best = 0;
    for (const length of [word.length, word.length + 1]) {
      const shelf = spellings.get(shelfKey(length, before ? before[0] : "", after ? after[after.length - 1] : ""));
      if (!shelf) continue;
      for (const { w, n } of shelf) {
        if (n < best || (n === best && likely !== undefined && !earlier(w, likely))) continue;
        if (!w.startsWith(before) || !w.endsWith(after)) continue;
        const middle = w.slice(before.length, w.length - after.length);
        if (!own.test(middle) || middle !== middle.toLowerCase() || middle === letter) continue;
        likely = w;
        best = n;
        evidence = `the document writes “${w}” ${n === 1 ? "once" : `${n} times`}`;
      }
    }
    if (!likely && c.kind === "script") {
      const alike = lookalikeIn(letter, script);
      if (alike) {
        likely = before + alike + after;
        evidence = `“${letter}” (${scriptOf(letter)}) looks like “${alike}”`;
      }
    }
    if (!likely && c.kind === "capital" && lexicon) {
      const small = letter.toLowerCase();
      const base = small.normalize("NFD")[0];
      const tries = [
        small,
        ...ACCENTED_SMALL.filter((x) => x !== small && x.normalize("NFD")[0] === base),
        ...ACCENTED_SMALL,
      ];
      const hit = tries.find((x) => lexicon.has(before + x + after));
      if (hit) {
        likely = before + hit + after;
        evidence = "the lexicon";
      }
    }
    if (!likely && c.kind === "capital") {
      likely = before + letter.toLowerCase() + after;
      evidence = "its small letter";
    }
    if (!likely) continue;
    const middle = likely.slice(before.length, likely.length - after.length);
    out.push({
      span: { start: start + index, end: start + index + 1 },
      replacement: middle,
      what:
        c.kind === "capital"
          ? `the capital “${letter}” inside “${word}”`
          : `the ${scriptOf(letter)} letter “${letter}” (U+${letter.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}) inside the ${script} word “${word}”`,
      word,
      likely,
      evidence,
    });
  }
  return out;
}

interface Spelling {
  w: string;
  n: number;
}

/** How often the text writes each run of letters and marks (carried over versions). */
const LETTER_RUNS = perLine<CensusOf<undefined>>("letterRuns");

/** Every line's runs count: runs end at line ends (no line break is a letter or a mark). */
const EVERY_LINE = () => true;

function lineRuns(line: string): string[] {
  const out: string[] = [];
  forEachLetterOrMarkRun(line, (start, end) => out.push(line.slice(start, end)));
  return out;
}

/** The count of every run of letters and marks in the document, corrected by each edit's lines. */
function letterRuns(analysis: Analysis): ReadonlyMap<string, number> {
  const text = analysis.model.text;
  return analysis.census(LETTER_RUNS, EVERY_LINE, lineRuns, () => {
    const counts = new Map<string, number>();
    forEachLetterOrMarkRun(text, (start, end) => {
      // The census is carried to later versions: its new words copied (`tally`).
      tally(counts, text.slice(start, end), 1);
    });
    return { counts, extra: undefined };
  }).counts;
}

/** Any first or last letter (a UTF-16 unit is below it). */
const ANY = 0x10000;
const shelfCode = (length: number, first: number, last: number) => (length * 0x10001 + first) * 0x10001 + last;

const shelfKey = (length: number, first: string, last: string) => `${length}\u0000${first}\u0000${last}`;

/** The document's words by length, by length and first or last letter, and by all three. */
function spellingIndex(words: Map<string, number>): Map<string, Spelling[]> {
  const index = new Map<string, Spelling[]>();
  const add = (key: string, s: Spelling) => {
    const shelf = index.get(key);
    if (shelf) shelf.push(s);
    else index.set(key, [s]);
  };
  for (const [w, n] of words) {
    const s = { w, n };
    const first = w[0];
    const last = w[w.length - 1];
    add(shelfKey(w.length, "", ""), s);
    add(shelfKey(w.length, first, ""), s);
    add(shelfKey(w.length, "", last), s);
    add(shelfKey(w.length, first, last), s);
  }
  return index;
}

/** Small letters a damaged capital may stand for, the lexicon asked about each: accented first, then plain. */
const ACCENTED_SMALL = [..."éèêëáàâäãåíìîïóòôöõúùûüçñýÿ", ..."abcdefghijklmnopqrstuvwxyz", "ae", "oe", "ue"];

/** `character-damage`: ligatures, mojibake, soft and non-breaking hyphens, doubled spaces, control characters. */
export const characterDamage: Rule = firstThenAll({
  code: "character-damage",
  description:
    "Characters damaged by extraction: ligatures (ﬁ), mojibake (â€™), soft hyphens, doubled spaces, control characters.",
  defaultSeverity: "warning",
  category: "cleaning",
  first(analysis, wanted) {
    const { model } = analysis;
    const damage = findDamage(analysis);
    const letters = findLetterDamage(analysis);
    const soft = model.tokens.hyphenBreaks.filter((b) => model.text[b.hyphen] === "\u00AD");
    const count = damage.length + letters.length + soft.length;
    // Past the cap the findings are only counted; below it, all are built to be sorted.
    if (wanted <= 0) return { findings: [], count };
    const out: Finding[] = damage.map((d) => {
      const range = model.lines.spanRange(d.span);
      return {
        range,
        message: `Damaged text: ${d.what}.`,
        fix: {
          title: d.replacement ? `Replace with “${d.replacement}”` : `Remove ${d.what}`,
          edits: [{ range, newText: d.replacement }],
          safe: true,
        },
      };
    });
    for (const d of letters) {
      const range = model.lines.spanRange(d.span);
      out.push({
        range,
        message: `Damaged text: ${d.what}; likely “${d.likely}” (${d.evidence}).`,
        fix: { title: `Write “${d.likely}”`, edits: [{ range, newText: d.replacement }], safe: false },
      });
    }
    // A soft hyphen at a line end splits a word: join it as the hyphen rule does.
    for (const b of soft) {
      const before = model.text.slice(b.before.start, b.before.end);
      const after = model.text.slice(b.after.start, b.after.end);
      out.push({
        range: model.lines.range(b.before.start, b.after.end),
        message: `Damaged text: a soft hyphen (U+00AD) splits “${before}${after}” at the line end.`,
        fix: { title: `Join “${before}${after}”`, edits: joinEditsFor(model, b), safe: true },
      });
    }
    out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    return { findings: out.length > wanted ? out.slice(0, wanted) : out, count };
  },
});
