import { lazyPattern } from "../text/regexp";
import { forEachCapitalised, maybeAcronym } from "../text/words";
import type { Span } from "../types";
import type { AcronymDefinition, AcronymToken, HyphenBreak, LineKind } from "./types";

/**
 * Acronym recognition and in-document definitions.
 *
 * Tokens: capitals of two or more letters, with digits or inner lowercase letters where UN usage
 * has them (`G77`, `P5+1`, `UNHCR`, `FfD`), a plural `s` (`NGOs`), and the compounds a glossary
 * lists (`UN-Women`). Not acronyms: Roman numerals, all-capital headings, page furniture, the
 * letters of document symbols.
 *
 * Definitions follow Schwartz and Hearst (2003): a parenthesis next to a candidate, the short form's
 * characters found in order in the long form. Their algorithm matches letters anywhere, which takes
 * `Confidence-building Measures in Asia` for CICA; here the letters are aligned to words, initials
 * first, function words free to skip, other words skipped at a cost, and the cheapest alignment
 * wins (see `align`).
 */

export interface AcronymInput {
  text: string;
  lineStarts: ArrayLike<number>;
  lineEnds: ArrayLike<number>;
  kinds: readonly LineKind[];
  /** Spans that hold no acronyms (document symbols). */
  excluded: readonly Span[];
  /** The line-end hyphen breaks, by the line that ends with the hyphen. */
  breaks: ReadonlyMap<number, HyphenBreak>;
  /** The line of an offset (the model's line index). */
  lineAt: (offset: number) => number;
  functionWords: ReadonlySet<string>;
  /** Compound acronyms with lowercase parts (`UN-Women`), from the glossaries' data. */
  compounds: ReadonlySet<string>;
  /**
   * Long forms the built-in glossary knows per acronym (in every language it has): a definition
   * whose letters are not in order (`Treaty on the Non-Proliferation of Nuclear Weapons (NPT)`,
   * `Mission de l'Organisation des Nations Unies … (MONUC)`) is still recognised by its words.
   */
  known?: ReadonlyMap<string, readonly string[]>;
}

/** What `forEachCapitalised` finds: `/(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{N}]*(?:[-+&][\p{L}\p{N}]+)*​/gu`. */
const NONE: LineAcronym[] = [];
const LOWER = lazyPattern(() => /\p{Ll}/u);
const SECOND_CAPITAL_OR_DIGIT = lazyPattern(() => /^.+?[\p{Lu}\p{N}]/u);
const ROMAN = lazyPattern(() => /^(?=[IVXL])X{0,3}(?:IX|IV|V?I{0,3})$|^L?X{0,3}(?:IX|IV|V?I{0,3})$/);
/**
 * Patterns of one character, tried in loops over characters: made once here (a pattern written in
 * a loop is a new object at every turn, which a fresh process pays before its code is compiled).
 */
const UPPER_CHAR = lazyPattern(() => /\p{Lu}/u);
const DIGIT_CHAR = lazyPattern(() => /\p{N}/u);
const SPACE = lazyPattern(() => /\s/);
const SPACE_OR_HYPHEN = lazyPattern(() => /[\s\-‐]/);

function counts(s: string): { upper: number; lower: number; digit: number } {
  let upper = 0;
  let lower = 0;
  let digit = 0;
  for (const ch of s) {
    if (UPPER_CHAR().test(ch)) upper++;
    else if (LOWER().test(ch)) lower++;
    else if (DIGIT_CHAR().test(ch)) digit++;
  }
  return { upper, lower, digit };
}

/** Is this one segment (no joiners) acronym-like: `UNHCR`, `FfD`, `G77`? */
function acronymSegment(seg: string): boolean {
  if (!/^\p{Lu}/u.test(seg)) return false;
  const c = counts(seg);
  if (c.upper >= 2) return c.lower < c.upper && !/\p{Ll}{2}/u.test(seg);
  return c.upper === 1 && c.digit >= 1 && c.lower === 0;
}

export interface Classified {
  /** The acronym as written, without a plural `s`. */
  text: string;
  plural: boolean;
}

/** Classifies a candidate word; undefined when it is no acronym. */
export function classifyAcronym(word: string, compounds: ReadonlySet<string>): Classified | undefined {
  if (compounds.has(word)) return { text: word, plural: false };
  // `G-77`, `C-34`: one capital and a number.
  const lettered = /^\p{Lu}-\p{N}+/u.exec(word);
  if (lettered) return { text: lettered[0], plural: false };
  if (word.endsWith("s") && compounds.has(word.slice(0, -1))) return { text: word.slice(0, -1), plural: true };
  const segments = word.split(/(?=[-+&])/u);
  // Keep the longest prefix of acceptable segments: `US-led` gives `US`, `P5+1` stays whole.
  let text = "";
  let plural = false;
  for (let k = 0; k < segments.length; k++) {
    const joiner = k === 0 ? "" : segments[k][0];
    let seg = k === 0 ? segments[k] : segments[k].slice(1);
    let segPlural = false;
    if (seg.length > 2 && seg.endsWith("s") && /\p{Lu}$/u.test(seg.slice(0, -1)) && acronymSegment(seg.slice(0, -1))) {
      seg = seg.slice(0, -1);
      segPlural = true;
    }
    const ok = k === 0 ? acronymSegment(seg) : acronymSegment(seg) || /^\p{N}+$/u.test(seg);
    if (!ok) break;
    text += joiner + seg;
    plural = segPlural;
    if (segPlural) break;
  }
  if (!text) return undefined;
  if (ROMAN().test(text)) return undefined;
  return { text, plural };
}

/**
 * An all-capital heading line: two or more words of three letters or more, no lowercase letter
 * outside parentheses (`AGENDA ITEM 14 (continued)`, `(b) DRAFT RESOLUTION (A/48/L.13 and Corr.1)`).
 */
function isHeading(line: string, words = 2): boolean {
  const bare = line.includes("(") ? line.replace(PARENTHESISED(), " ") : line;
  if (LOWER().test(bare)) return false;
  let found = 0;
  for (const _ of bare.matchAll(/\p{Lu}{3,}/gu)) if (++found >= words) return true;
  return false;
}
const PARENTHESISED = lazyPattern(() => /\([^()]*\)/g);

const ACRONYM_LINES = new Set<LineKind>(["text", "header", "procedural", "agenda"]);

/** An acronym of one line: where it starts in the line, and what it is. */
export interface LineAcronym {
  at: number;
  length: number;
  text: string;
  plural: boolean;
}

/** A room or a code: one letter, a hyphen and three digits or more (`U-0506`, `S-3100`). */
const ROOM_CODE = lazyPattern(() => /^\p{Lu}-\d{3,}$/u);

/**
 * Inside a document symbol (`SM` of `SG/SM/19929`, `PV` of `A/49/ PV.14`, or of `PV.9` after a
 * symbol cut at its slash by a line break): capitals after a slash in a run of non-space that
 * holds a digit, or followed by a point and a digit. The symbol's first part stays an acronym
 * (`ECOSOC/5708`).
 */
function symbolPart(line: string, at: number, end: number): boolean {
  if (line[end] === "." && /\d/.test(line[end + 1] ?? "")) return true;
  if (line[at - 1] !== "/") return false;
  let to = end;
  while (to < line.length && !SPACE().test(line[to])) to++;
  return /\d/.test(line.slice(at, to));
}

/** The acronym tokens of one line of text, by their place in the line. */
export function lineAcronyms(line: string, compounds: ReadonlySet<string>): LineAcronym[] {
  // Two capitals, or a capital and a digit, or `FfD`: a line without any has no acronym.
  if (!maybeAcronym(line) || isHeading(line)) return NONE;
  const out: LineAcronym[] = [];
  forEachCapitalised(line, (at, end) => {
    const word = line.slice(at, end);
    // Most candidates are capitalised words (`United`): an acronym has a second capital or a
    // digit, unless a glossary lists it as a compound.
    if (!SECOND_CAPITAL_OR_DIGIT().test(word) && !compounds.has(word) && !compounds.has(word.slice(0, -1))) return;
    if (symbolPart(line, at, end) || ROOM_CODE().test(word)) return;
    const c = classifyAcronym(word, compounds);
    if (c) out.push({ at, length: c.text.length + (c.plural ? 1 : 0), text: c.text, plural: c.plural });
  });
  return out.length ? out : NONE;
}

/** Finds every acronym token of the document, in order. */
export function findAcronyms(
  input: AcronymInput,
  perLine: (line: number) => readonly LineAcronym[] = (i) =>
    lineAcronyms(input.text.slice(input.lineStarts[i], input.lineEnds[i]), input.compounds),
  /** The lines `perLine` finds anything on, ascending, where the caller knows them (the parser's memo). */
  candidates?: readonly number[],
): AcronymToken[] {
  const out: AcronymToken[] = [];
  let ex = 0;
  const count = candidates ? candidates.length : input.kinds.length;
  for (let k = 0; k < count; k++) {
    const i = candidates ? candidates[k] : k;
    if (!ACRONYM_LINES.has(input.kinds[i])) continue;
    const start = input.lineStarts[i];
    // An agenda item's title in capitals, one word on a line of its own too (`AGENCY (A/48/341)`).
    if (input.kinds[i] === "agenda" && isHeading(input.text.slice(start, input.lineEnds[i]), 1)) continue;
    for (const a of perLine(i)) {
      const span = { start: start + a.at, end: start + a.at + a.length };
      while (ex < input.excluded.length && input.excluded[ex].end <= span.start) ex++;
      if (ex < input.excluded.length && input.excluded[ex].start < span.end) continue;
      if (nameInCapitals(input.text, start, span)) continue;
      // A short form of several tokens (`EUTM RCA`, `START II`): one acronym.
      const prev = out[out.length - 1];
      if (
        prev?.line === i &&
        !prev.plural &&
        span.start === prev.span.end + 1 &&
        JOIN_SPACE().test(input.text[prev.span.end])
      ) {
        out[out.length - 1] = {
          span: { start: prev.span.start, end: span.end },
          text: `${prev.text} ${a.text}`,
          plural: a.plural,
          line: i,
        };
        continue;
      }
      out.push({ span, text: a.text, plural: a.plural, line: i });
    }
  }
  for (const t of out) withNumeral(input.text, input.lineEnds[t.line], t);
  return out;
}

/** The space inside a short form of several tokens. */
const JOIN_SPACE = lazyPattern(() => /[ \u00A0]/u);
/** A Roman numeral after an acronym (`START II`, `UNCTAD VIII`, `UNAMIR I)`): its number, one acronym with it. */
const NUMERAL_AFTER = lazyPattern(() => /^[ \u00A0]([IVX]{1,5})(?![\p{L}\p{N}'’-])/u);

/**
 * Extends a token over the Roman numeral that follows it (a mission's phase, a conference's
 * number). A lone `I` only before a closing parenthesis or a stop: elsewhere it is the pronoun.
 */
function withNumeral(text: string, lineEnd: number, t: AcronymToken): void {
  if (t.plural) return;
  const m = NUMERAL_AFTER().exec(text.slice(t.span.end, Math.min(lineEnd, t.span.end + 8)));
  if (!m || !ROMAN().test(m[1])) return;
  const after = text[t.span.end + m[0].length] ?? "";
  if (m[1] === "I" && !/[),.;]/.test(after)) return;
  t.span = { start: t.span.start, end: t.span.end + m[0].length };
  t.text = `${t.text} ${m[1]}`;
}

/** The tokens of a short form of several (`EUTM RCA` → `EUTM`, `RCA`; `START II` → `START`, `II`). */
export function acronymParts(acronym: string): string[] {
  return acronym.split(" ");
}

/** A part of a short form that is a Roman numeral (`II` of `START II`). */
export function isNumeralPart(part: string): boolean {
  return ROMAN().test(part);
}

/**
 * A title and given names or initials before a word (`Mr. J. `, `Sir Gladwyn `, the French `M. ` of
 * a bilingual volume): the word in capitals after them is a surname (`MALIK`), not an acronym.
 */
const AFTER_TITLE = lazyPattern(
  () =>
    /(?:^|[\s(])(?:(?:Mr|Mrs|Ms|Miss|Sir|Dame|Lord|Mme|Mlle|Sr|Sra|Srta|Dr)\.?|M\.)(?:[ \u00A0]+(?:\p{Lu}\.|\p{Lu}\p{Ll}+))*[ \u00A0]+$/u,
);
/** `The PRESIDENT`, `Le PRÉSIDENT`: an office in capitals. */
const OFFICE_AFTER_THE = lazyPattern(() => /(?:^|[\s(])(?:The|Le|La|El)[ \u00A0]+$/u);
const OFFICE = lazyPattern(() => /^(?:PR[EÉ]SID|CHAIR|SECRETARY|RAPPORTEUR)/u);
/** Function words in capitals inside a name printed in capitals (`UNION OF SOVIET SOCIALIST REPUBLICS`). */
const CAPITAL_FUNCTION_WORDS = new Set([
  "OF",
  "THE",
  "AND",
  "FOR",
  "DE",
  "DES",
  "DU",
  "LA",
  "LE",
  "LES",
  "ET",
  "DEL",
  "LOS",
  "Y",
]);
const ALL_CAPITALS = lazyPattern(() => /^[\p{Lu}\p{M}]+$/u);
/** How far either side of a word in capitals its run is read. */
const RUN_WINDOW = 160;

/**
 * A word in capitals that is a name, not an acronym: a surname after a title (`Mr. J. MALIK`,
 * `Sir Gladwyn JEBB`, `M. AUSTIN`), an office after `The` (`The PRESIDENT`, however the header is
 * written around it), or one word of a run of three or more words in capitals held together by a
 * function word in capitals (`the UNION OF SOVIET SOCIALIST REPUBLICS`, as records of the 1950s
 * print States' names).
 */
function nameInCapitals(text: string, lineStart: number, span: Span): boolean {
  const word = text.slice(span.start, span.end);
  if (!ALL_CAPITALS().test(word)) return false;
  const before = text.slice(Math.max(lineStart, span.start - 40), span.start);
  if (AFTER_TITLE().test(before)) return true;
  if (OFFICE().test(word) && OFFICE_AFTER_THE().test(before)) return true;
  // The run of words in capitals around this one, on its line, within a bounded window (a line
  // may be megabytes long).
  let lineEnd = text.indexOf("\n", span.end);
  if (lineEnd < 0 || lineEnd - span.end > RUN_WINDOW) lineEnd = Math.min(text.length, span.end + RUN_WINDOW);
  const run: string[] = [word];
  let function_ = CAPITAL_FUNCTION_WORDS.has(word);
  for (const m of text
    .slice(Math.max(lineStart, span.start - RUN_WINDOW), span.start)
    .split(/[ \u00A0]/)
    .reverse()
    .slice(1)) {
    if (!m || !ALL_CAPITALS().test(m)) break;
    run.push(m);
    if (CAPITAL_FUNCTION_WORDS.has(m)) function_ = true;
  }
  for (const m of text
    .slice(span.end, lineEnd)
    .split(/[ \u00A0]/)
    .slice(1)) {
    const w = m.replace(/[-,.;:]+$/, "");
    if (!w || !ALL_CAPITALS().test(w)) break;
    run.push(w);
    if (CAPITAL_FUNCTION_WORDS.has(w)) function_ = true;
    if (w !== m) break;
  }
  return function_ && run.length >= 3;
}

// ---------------------------------------------------------------------------------------------
// Definitions

/** Text of a stretch of lines made flat: line breaks become spaces, decided hyphen breaks join. */
interface Flat {
  text: string;
  /** Document offset of each flat character. */
  offsets: number[];
}

const MAX_LINES_BACK = 5;
/** At most this many characters of a line are read for a long form, before or after its short form. */
const MAX_LONG_FORM = 400;
/** At most this many furniture and blank lines in a row inside a long form (a page break). */
const MAX_GAP = 4;

/**
 * Flattens the text before `end` back to the start of its paragraph (at most a few lines),
 * skipping page furniture and keeping track of offsets.
 */
function flatBefore(input: AcronymInput, line: number, end: number, reach: Reach): Flat {
  const lines: number[] = [line];
  let gap = 0;
  for (let i = line - 1; i >= 0 && lines.length < MAX_LINES_BACK; i--) {
    if (i < reach.first) reach.first = i;
    const k = input.kinds[i];
    // Page furniture and the blank lines of a page break may cut a long form.
    if (k === "furniture" || k === "blank") {
      if (++gap > MAX_GAP) break;
      continue;
    }
    if (k !== "text" && k !== "header") break;
    gap = 0;
    lines.unshift(i);
  }
  // A long form is a few words: the text read before the short form is bounded, however long
  // its line (a paragraph on one line may hold thousands of definitions).
  return flatten(input, lines, Math.max(input.lineStarts[lines[0]], end - MAX_LONG_FORM), end);
}

/** Flattens the text from `start` forwards over a few lines. */
function flatAfter(input: AcronymInput, line: number, start: number, reach: Reach): Flat {
  const lines: number[] = [line];
  let gap = 0;
  for (let i = line + 1; i < input.kinds.length && lines.length < MAX_LINES_BACK; i++) {
    if (i > reach.last) reach.last = i;
    const k = input.kinds[i];
    if (k === "furniture" || k === "blank") {
      if (++gap > MAX_GAP) break;
      continue;
    }
    if (k !== "text") break;
    gap = 0;
    lines.push(i);
  }
  const last = lines[lines.length - 1];
  return flatten(input, lines, start, Math.min(input.lineEnds[last], start + MAX_LONG_FORM));
}

function flatten(input: AcronymInput, lines: number[], from: number, to: number): Flat {
  let text = "";
  const offsets: number[] = [];
  for (let k = 0; k < lines.length; k++) {
    const i = lines[k];
    const s = Math.max(from, input.lineStarts[i]);
    let e = Math.min(to, input.lineEnds[i]);
    if (e < s) continue;
    const b = input.breaks.get(i);
    const isLast = k === lines.length - 1 || e < input.lineEnds[i];
    let joinNext = false;
    if (b && !isLast && b.hyphen < e) {
      // A hyphen break: drop the hyphen when the word joins, and the line end either way.
      joinNext = true;
      e = b.decision === "join" ? b.hyphen : b.hyphen + 1;
    } else {
      while (e > s && /[ \t]/.test(input.text[e - 1])) e--;
    }
    for (let o = s; o < e; o++) {
      text += input.text[o];
      offsets.push(o);
    }
    if (!isLast && !joinNext) {
      text += " ";
      offsets.push(e);
    }
    if (isLast) break;
  }
  return { text, offsets };
}

interface Word {
  text: string;
  start: number;
  end: number;
}

const WORD = lazyPattern(() => /[\p{L}\p{N}][\p{L}\p{M}\p{N}'’]*(?:-[\p{L}\p{N}][\p{L}\p{M}\p{N}'’]*)*/gu);

function words(s: string): Word[] {
  return [...s.matchAll(WORD())].map((m) => ({ text: m[0], start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
}

/**
 * The cheapest way a word can supply `letters[j..j+k)`: its first letter must be `letters[j]`;
 * further letters come from its parts' initials (free) or from inside it, in order (a point each,
 * more than skipping a word: initials are the stronger evidence). Returns the cost, or Infinity.
 */
function wordCost(word: string, letters: string, j: number, k: number): number {
  const w = word.toLowerCase();
  if (w[0] !== letters[j]) return Number.POSITIVE_INFINITY;
  const initials = new Set<number>([0]);
  for (let p = 1; p < w.length; p++) if (w[p - 1] === "-" && w[p] !== "-") initials.add(p);
  // Digits of the short form match a run of digits in the word.
  let cost = 0;
  let pos = 1;
  for (let q = j + 1; q < j + k; q++) {
    const ch = letters[q];
    let found = -1;
    // Prefer the next part initial holding this letter, else the first occurrence.
    for (let p = pos; p < w.length; p++) {
      if (w[p] === ch && initials.has(p)) {
        found = p;
        break;
      }
    }
    let inner = false;
    if (found < 0) {
      found = w.indexOf(ch, pos);
      inner = true;
    }
    if (found < 0) return Number.POSITIVE_INFINITY;
    if (inner && !DIGIT_CHAR().test(ch)) cost += INNER_LETTER;
    pos = found + 1;
  }
  return cost;
}

/** Costs of an alignment: a letter from inside a word, a content word that supplies no letter. */
const INNER_LETTER = 1;
const SKIPPED_WORD = 0.75;

interface Alignment {
  start: number;
  cost: number;
}

/**
 * Aligns the short form's letters to words[from..], every word accounted for: each word supplies
 * one or more letters starting with its initial, or is skipped (free for a function word,
 * SKIPPED_WORD for another). Returns the cost, or Infinity.
 */
function alignFrom(ws: Word[], from: number, letters: string, functionWords: ReadonlySet<string>): number {
  const n = ws.length;
  const m = letters.length;
  // f[i][j]: cost to match letters[j..] with words[i..].
  const f: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(Number.POSITIVE_INFINITY));
  f[n][m] = 0;
  for (let i = n - 1; i >= from; i--) {
    const isFunction = functionWords.has(ws[i].text.toLowerCase());
    for (let j = m; j >= 0; j--) {
      let best = (isFunction ? 0 : SKIPPED_WORD) + f[i + 1][j];
      for (let k = 1; j + k <= m; k++) {
        const c = wordCost(ws[i].text, letters, j, k);
        if (c === Number.POSITIVE_INFINITY) {
          if (k === 1) break;
          continue;
        }
        best = Math.min(best, c + f[i + 1][j + k]);
      }
      f[i][j] = best;
    }
  }
  // The first word must supply the first letter.
  let first = Number.POSITIVE_INFINITY;
  for (let k = 1; k <= m; k++) {
    const c = wordCost(ws[from].text, letters, 0, k);
    if (c === Number.POSITIVE_INFINITY) continue;
    first = Math.min(first, c + f[from + 1][k]);
  }
  return first;
}

/** The largest cost still accepted for a short form of m letters. */
function threshold(m: number): number {
  return Math.max(1, Math.floor(m / 2));
}

/** Letters of a short form, lower case: `P5+1` → `p51`, `UN-Women` → `unwomen`. */
function shortLetters(acronym: string): string {
  return acronym.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
}

/** Finds the long form ending at the end of `ws` for a short form; the cheapest, then the shortest. */
export function alignBefore(ws: Word[], acronym: string, functionWords: ReadonlySet<string>): Alignment | undefined {
  if (acronym.includes(" ")) return alignSeveral(ws, acronym, functionWords);
  const letters = shortLetters(acronym);
  const m = letters.length;
  if (m < 2 || ws.length === 0) return undefined;
  // Three words a letter at most, and up to fifteen words (`Convention on the Elimination of All
  // Forms of Racial Discrimination` for ICERD, eleven words): never fewer than m + 5 for a long one.
  const maxWords = Math.min(Math.max(15, m + 5), m * 3);
  let best: Alignment | undefined;
  for (let s = ws.length - 1; s >= Math.max(0, ws.length - maxWords); s--) {
    if (functionWords.has(ws[s].text.toLowerCase())) continue;
    const cost = alignFrom(ws, s, letters, functionWords);
    if (cost <= threshold(m) && (!best || cost < best.cost)) best = { start: s, cost };
  }
  return best;
}

/**
 * The long form of a short form of several tokens: the first token's letters aligned in order (as
 * for one token), the cost allowed for all the letters; each further token a Roman numeral (`TICAD
 * II`: `Second Tokyo International Conference …`, the number not spelt out in letters) or an
 * acronym whose letters are the initials of the long form's words in any order (`RCA` of `… in the
 * Central African Republic`: République centrafricaine, its French order).
 */
function alignSeveral(ws: Word[], acronym: string, functionWords: ReadonlySet<string>): Alignment | undefined {
  const [base, ...rest] = acronymParts(acronym);
  const letters = shortLetters(base);
  const all = shortLetters(acronym).length;
  if (letters.length < 2 || ws.length === 0) return undefined;
  const maxWords = Math.min(15, all * 3);
  let best: Alignment | undefined;
  for (let s = ws.length - 1; s >= Math.max(0, ws.length - maxWords); s--) {
    if (functionWords.has(ws[s].text.toLowerCase())) continue;
    const initials = new Map<string, number>();
    for (let k = s; k < ws.length; k++) {
      const c = ws[k].text[0].toLowerCase();
      initials.set(c, (initials.get(c) ?? 0) + 1);
    }
    // The base's letters first: what is left of the initials for the other tokens.
    for (const c of letters.slice(0, 1)) initials.set(c, (initials.get(c) ?? 0) - 1);
    const restFound = rest.every(
      (part) =>
        isNumeralPart(part) ||
        [...shortLetters(part)].every((c) => {
          const n = initials.get(c) ?? 0;
          initials.set(c, n - 1);
          return n > 0;
        }),
    );
    if (!restFound) continue;
    let cost = alignFrom(ws, s, letters, functionWords);
    // The words that give the other tokens' letters are no skipped words.
    const others = rest.reduce((n, part) => n + (isNumeralPart(part) ? 0 : shortLetters(part).length), 0);
    cost -= others * SKIPPED_WORD;
    if (cost <= threshold(all) && (!best || cost < best.cost)) best = { start: s, cost: Math.max(0, cost) };
  }
  return best;
}

function clean(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/** The lines a computation read: from `first` to `last`. */
interface Reach {
  first: number;
  last: number;
}

/** The definitions whose short forms stand on one line, and the lines read to find them. */
export interface LineDefinitions {
  definitions: AcronymDefinition[];
  first: number;
  last: number;
}

/**
 * Finds the definitions of acronyms in the document, in both shapes, line by line: `perLine`
 * may answer for a line from what it found before, where the lines it read are unchanged.
 */
export function findDefinitions(
  input: AcronymInput,
  tokens: readonly AcronymToken[],
  perLine: (line: number, compute: () => LineDefinitions) => readonly AcronymDefinition[] = (_, compute) =>
    compute().definitions,
): AcronymDefinition[] {
  const out: AcronymDefinition[] = [];
  for (let k = 0; k < tokens.length; ) {
    const line = tokens[k].line;
    let end = k + 1;
    while (end < tokens.length && tokens[end].line === line) end++;
    // The line's tokens are cut out only when its definitions are read (not taken over).
    const from = k;
    for (const d of perLine(line, () => lineDefinitions(input, tokens.slice(from, end)))) out.push(d);
    k = end;
  }
  return out;
}

/**
 * The definitions of the acronyms of one line (`tokens`, all on that line). Besides the lines
 * the long forms are read from, the few characters around a token may lie on the lines next
 * to it: those count as read.
 */
function lineDefinitions(input: AcronymInput, tokens: readonly AcronymToken[]): LineDefinitions {
  const out: AcronymDefinition[] = [];
  const { text } = input;
  const line0 = tokens[0].line;
  // Four characters before a token and after it (the parentheses, `\s` included) may lie up to
  // four lines away when the lines between are empty.
  const reach: Reach = { first: Math.max(0, line0 - 4), last: Math.min(input.kinds.length - 1, line0 + 4) };
  for (const t of tokens) {
    // Shape 1: `the Shanghai Cooperation Organization (SCO)` — the token alone in parentheses.
    // Only the few characters around the token are looked at: a long line costs nothing more.
    const opening = /\(\s{0,3}$/.exec(text.slice(Math.max(0, t.span.start - 4), t.span.start));
    const closing = /^\s{0,3}\)/.exec(text.slice(t.span.end, t.span.end + 4));
    const open = opening ? t.span.start - opening[0].length : -1;
    const close = closing ? t.span.end + closing[0].length - 1 : -1;
    if (open >= 0 && close >= 0) {
      const line = input.lineAt(open);
      if (line < reach.first) reach.first = line;
      const flat = flatBefore(input, line, open, reach);
      // The long form lies after the last stop before the parenthesis.
      const stop = Math.max(...["(", ")", ";", ":", "[", "]", ". "].map((c) => flat.text.lastIndexOf(c)));
      const region = flat.text.slice(stop + 1);
      const ws = words(region);
      const knownStart = knownLongForm(input, t.text, region);
      const a =
        knownStart !== undefined
          ? { start: ws.findIndex((w) => w.start >= knownStart), cost: 0 }
          : alignBefore(ws, t.text, input.functionWords);
      if (a && a.start >= 0) {
        const base = stop + 1;
        const from = base + ws[a.start].start;
        const to = base + ws[ws.length - 1].end;
        out.push({
          acronym: t.text,
          expansion: clean(flat.text.slice(from, to)),
          long: { start: flat.offsets[from], end: flat.offsets[to - 1] + 1 },
          short: t.span,
          span: { start: flat.offsets[from], end: close + 1 },
          shape: "long-short",
          line: input.lineAt(flat.offsets[from]),
        });
        continue;
      }
    }
    // Shape 2: `SCO (Shanghai Cooperation Organization)` — the long form in parentheses after it.
    const after = /^[ \t]*(?:\r\n|\r|\n)?[ \t]*\(/.exec(text.slice(t.span.end, t.span.end + 8));
    if (after) {
      const openAt = t.span.end + after[0].length - 1;
      const openLine = input.lineAt(openAt);
      if (openLine > reach.last) reach.last = openLine;
      const flat = flatAfter(input, openLine, openAt + 1, reach);
      const inner = parenthesised(flat.text);
      if (inner === undefined) continue;
      const ws = words(inner.text).filter((w) => !inner.nested.some((n) => w.start >= n.start && w.end <= n.end));
      // A leading article is not part of the long form.
      let from = 0;
      while (from < ws.length && /^(?:the|la|le|les|el|los|las)$/i.test(ws[from].text)) from++;
      const letters = shortLetters(t.text);
      if (from >= ws.length || ws.length - from > Math.min(letters.length + 5, letters.length * 2)) continue;
      const cost = alignFrom(ws, from, letters, input.functionWords);
      if (cost > threshold(letters.length)) continue;
      const s = ws[from].start;
      const e = ws[ws.length - 1].end;
      const closeAt = flat.offsets[inner.close] ?? openAt;
      out.push({
        acronym: t.text,
        expansion: clean(inner.text.slice(s, e)),
        long: { start: flat.offsets[s], end: flat.offsets[e - 1] + 1 },
        short: t.span,
        span: { start: t.span.start, end: closeAt + 1 },
        shape: "short-long",
        line: t.line,
      });
    }
  }
  return { definitions: out, first: reach.first, last: reach.last };
}

/** Lower case, hyphens and runs of spaces as one space, apostrophes alike: how long forms compare. */
function normalise(s: string): { text: string; offsets: number[] } {
  let text = "";
  const offsets: number[] = [];
  let space = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (SPACE_OR_HYPHEN().test(ch)) {
      space = text.length > 0;
      continue;
    }
    if (space) {
      text += " ";
      offsets.push(i);
      space = false;
    }
    text += ch === "’" ? "'" : ch.toLowerCase();
    offsets.push(i);
  }
  return { text, offsets };
}

const normalisedForms = new Map<string, string>();

/** Where a long form the glossary knows for this acronym ends the region, if one does. */
function knownLongForm(input: AcronymInput, acronym: string, region: string): number | undefined {
  const forms = input.known?.get(acronym);
  if (!forms) return undefined;
  const r = normalise(region);
  let best: number | undefined;
  for (const f of forms) {
    let nf = normalisedForms.get(f);
    if (nf === undefined) {
      nf = normalise(f).text;
      if (normalisedForms.size > 5000) normalisedForms.clear();
      normalisedForms.set(f, nf);
    }
    if (!nf || !r.text.endsWith(nf)) continue;
    const at = r.text.length - nf.length;
    if (at > 0 && r.text[at - 1] !== " ") continue;
    const start = r.offsets[at];
    if (best === undefined || start < best) best = start;
  }
  return best;
}

/** The text up to the parenthesis that closes the one just opened, with nested groups noted. */
function parenthesised(s: string): { text: string; close: number; nested: Span[] } | undefined {
  let depth = 0;
  const nested: Span[] = [];
  let nestedStart = -1;
  for (let i = 0; i < s.length && i < 400; i++) {
    const ch = s[i];
    if (ch === "(") {
      if (depth === 0) nestedStart = i;
      depth++;
    } else if (ch === ")") {
      if (depth === 0) return { text: s.slice(0, i), close: i, nested };
      depth--;
      if (depth === 0) nested.push({ start: nestedStart, end: i + 1 });
    } else if (ch === "." && depth === 0 && SPACE().test(s[i + 1] ?? "")) return undefined;
  }
  return undefined;
}
