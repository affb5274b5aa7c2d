import { type Analysis, type CensusOf, derived, perLine, variantOf } from "../analysis/analysis";
import { type Lexicon, lexiconFor } from "../lexicon/lexicon";
import { hyphenatedNumber } from "../model/dates";
import type { TranscriptModel } from "../model/types";
import { keyCount, plainCount, plainKey, type WordCensus } from "../model/wordCensus";
import { lazyPattern } from "../text/regexp";
import { ownCopy } from "../text/strings";
import { forEachLetterRun, forEachPlainWord } from "../text/words";
import type { Span } from "../types";
import type { Finding, Rule } from "./rule";

/**
 * Candidate tokens: lowercase words of four letters or more (`thejoint`, `ifwe`), a lowercase
 * word run into a capitalised one (`theUnited`), a capitalised word run into a lowercase one
 * (`Unionto`). No digit, hyphen or apostrophe.
 */
// (forEachPlainWord finds them.)

export interface FusedWord {
  span: Span;
  word: string;
  /** Where the space goes: `the|joint`. */
  at: number;
  left: string;
  right: string;
  /** One half is a function word (`the`, `of`): the split is certain enough to apply unasked. */
  functionWord: boolean;
}

/**
 * Words run together by extraction (`thejoint`, `ofthe`): a token the lexicon does not know,
 * which splits into two words it does know, which the document never writes whole elsewhere,
 * and which is no closed compound of the language's list (`peacebuilding`). Halves of one or two
 * letters must be real short words; a split at a prefix or a suffix (`sub|regional`,
 * `multilateral|ism`) is a derivation, not a fusion; two content words need four letters each.
 * A capitalised token is a name unless its second half is a function word (`Union|to`). Among
 * the splits that work, one with a function word wins, then the one whose halves the document
 * uses most, then the most balanced.
 */
interface Gathered {
  lexicon: Lexicon;
  /**
   * Words the lexicon does not know, in text and header lines, in text order: at least the ones
   * the document writes once (the others, when there, are its own words: `findFusedWords` skips them).
   */
  candidates: { span: Span; word: string }[];
  /** The document's word counts. */
  census: WordCensus;
}

/**
 * A word of a line the lexicon does not know: where it starts in the line, and its key in the
 * word census (`plainKey` of its lower case), made once with the line's entry.
 */
interface LineCandidate {
  at: number;
  word: string;
  key: string;
}

/** Each line's words the lexicon does not know (carried over versions), per language. */
const LINE_CANDIDATES = perLine<LineCandidate[]>("fused");
/** The lines with such words (carried over versions), per language. */
const CANDIDATE_LINES = perLine<readonly number[]>("fused-lines");

/** What the fused-word check reads: unknown words and the word counts. */
const GATHERED = derived<Gathered | undefined>("fusedWords.gathered", (analysis) => {
  const { model } = analysis;
  // Only where the language's data lists its short words: without them every split is a guess.
  const lexicon = model.profile.shortWords.size ? lexiconFor(model.language) : undefined;
  if (!lexicon) return undefined;
  const candidates: { span: Span; word: string }[] = [];
  const census = analysis.wordCensus();
  const unknown = (w: string) => w.length >= 4 && w.length <= MAX_WORD && !lexicon.has(w);
  // Each line's unknown words, taken over for the lines an edit leaves.
  const lineTable = () =>
    analysis.lines(variantOf(LINE_CANDIDATES, model.language), (own) => lineCandidates(own, unknown));
  const read = (i: number) => model.lineKinds[i] === "text" || model.lineKinds[i] === "header";
  if (census.once) {
    // Counted afresh (the command line, or an editor's first version): the lexicon is asked
    // about the words written once only. An editor's next versions read each line's unknown
    // words instead (an edit may leave a word written once that was not: its line is not read
    // again), kept from this version once its diagnostics are out (`later`).
    for (const { at, word } of census.once)
      if (unknown(word)) candidates.push({ span: { start: at, end: at + word.length }, word });
    analysis.later(() => {
      const candidatesOf = lineTable();
      for (let i = 0; i < model.lines.lineCount; i++) if (read(i)) candidatesOf(i);
    });
  } else {
    // The lines with unknown words (a list each edit corrects by its own lines), not every line.
    const candidatesOf = lineTable();
    const holding = analysis.linesWhere(variantOf(CANDIDATE_LINES, model.language), (i) => candidatesOf(i) !== NONE);
    for (const i of holding) {
      if (!read(i)) continue;
      const start = model.lines.starts[i];
      for (const c of candidatesOf(i)) {
        // A word the document writes more than once is never a fusion (`FUSED_WORDS` asks first):
        // most unknown words are, and are left here, by their census key, without a candidate.
        if (keyCount(census, c.key) > 1) continue;
        candidates.push({ span: { start: start + c.at, end: start + c.at + c.word.length }, word: c.word });
      }
    }
  }
  return { lexicon, candidates, census };
});

/** The fused words of an analysis (computed once per analysis). */
export function findFusedWords(analysis: Analysis): FusedWord[] {
  return analysis.get(FUSED_WORDS);
}

const FUSED_WORDS = derived<FusedWord[]>("fusedWords", (analysis) => {
  const { model } = analysis;
  const found = analysis.get(GATHERED);
  if (!found) return [];
  const { lexicon, candidates, census } = found;
  const p = model.profile;
  const isFunction = (w: string) => p.functionWords.has(w) || p.stopwords.has(w) || p.shortWords.has(w);
  // A word that lost its hyphen (`SecretaryGeneral`) is one word, not two run together.
  const lost = new Set(findLostHyphens(analysis).map((l) => l.span.start));
  const out: FusedWord[] = [];
  // A speaker's header is names (`Mr. Mansour (Palestine)`), and so is a word after a title in
  // the text (`I thank Mr. Mansour`): no fusion there.
  const headers = model.speeches.map((s) => s.header.span);
  let h = 0;
  const titles = new Set(p.data.titles);
  const isShortOk = (s: string) => s.length > 3 || p.shortWords.has(s);
  const known = (word: string) => lexicon.has(word) || p.extraWords.has(word.toLowerCase());
  for (const c of candidates) {
    while (h < headers.length && headers[h].end <= c.span.start) h++;
    if (h < headers.length && headers[h].start < c.span.end) continue;
    const w = c.word;
    const lower = w.toLowerCase();
    if (p.extraWords.has(lower)) continue;
    // A word the document writes more than once is its own (a name, a term), not an accident.
    // Asked first: most unknown words are, and the text around a word need not be read for them.
    if (plainCount(census, lower) > 1) continue;
    if (lost.has(c.span.start) || afterTitle(model.text, c.span.start, titles) || inAddress(model.text, c.span))
      continue;
    const camel = /\p{Ll}\p{Lu}/u.exec(w);
    // A derivation the lexicon lacks of a word it knows (`benchmarked`, `workforces`,
    // `interlinkage`, `fivefold`, `inconclusive`) is one word.
    if (!camel && derivationOf(lower, (x) => known(x) && !isFunction(x))) continue;
    const capitalised = /^\p{Lu}/u.test(w);
    let best: { at: number; score: number; func: boolean } | undefined;
    for (let k = 1; k < w.length; k++) {
      // `theUnited` splits at the capital and nowhere else.
      if (camel && k !== camel.index + 1) continue;
      const left = lower.slice(0, k);
      const right = lower.slice(k);
      if (!isShortOk(left) || !isShortOk(right)) continue;
      const leftFunction = isFunction(left);
      const rightFunction = isFunction(right);
      const leftWord = w.slice(0, k);
      const rightWord = w.slice(k);
      if (
        !known(capitalised ? left : leftWord) &&
        !(capitalised && rightFunction && right.length >= 3 && known(leftWord))
      )
        continue;
      // A capitalised name run into a function word (`theRohingya`) is still two words.
      if (!known(rightWord) && !(camel && leftFunction)) continue;
      const func = leftFunction || rightFunction;
      // A prefix or a suffix and a word make a derivation (`subregional`, `overfishing`,
      // `multilateralism`), even where the prefix is also a word (`over`, `under`).
      if (!rightFunction && (p.hyphenPrefixes.has(left) || p.closedPrefixes.has(left) || p.boundPrefixes.has(left)))
        continue;
      if (!leftFunction && p.boundSuffixes.has(right)) continue;
      if (!func && !camel && (left.length < 4 || right.length < 4)) continue;
      if (capitalised && !camel) {
        // A capitalised token is a name unless a function word is one half (`Union|and`,
        // `Those|attempts`, `We|have`), no capitalised word follows (`Addis Ababa`), and a
        // function word at the end has three letters at least (`Staff|an`, `Brett|on` are names);
        // short ones (`Herat`, `Thein`) are names too.
        const strict = (x: string) => p.functionWords.has(x) || p.stopwords.has(x);
        if (!(strict(left) || strict(right)) || nextIsCapitalised(model.text, c.span.end)) continue;
        if (w.length < 6) continue;
        if (rightFunction && !leftFunction && right.length < 3) continue;
        if (leftFunction && left.length < 2) continue;
      }
      const used = Math.log1p(plainCount(census, left)) + Math.log1p(plainCount(census, right));
      const score = (func ? 1000 : 0) + 10 * used - Math.abs(left.length - right.length);
      if (!best || score > best.score) best = { at: k, score, func };
    }
    if (!best) continue;
    out.push({
      span: c.span,
      word: w,
      at: best.at,
      left: w.slice(0, best.at),
      right: w.slice(best.at),
      functionWord: best.func || camel !== null,
    });
  }
  return out;
});

/**
 * Endings that make a word of a word (`benchmark|ed`, `workforce|s`, `interlink|age`, `five|fold`),
 * with what the stem may have lost (`-e` before `-ed` and `-ing`, `-y` before `-ies`).
 */
const DERIVATIONS: readonly { suffix: string; restore: readonly string[] }[] = [
  { suffix: "s", restore: [""] },
  { suffix: "es", restore: [""] },
  { suffix: "ies", restore: ["y"] },
  { suffix: "ed", restore: ["", "e"] },
  { suffix: "d", restore: [""] },
  { suffix: "ing", restore: ["", "e"] },
  { suffix: "age", restore: ["", "e"] },
  { suffix: "fold", restore: [""] },
  { suffix: "er", restore: ["", "e"] },
  { suffix: "ers", restore: ["", "e"] },
];

/** Adjective endings after which `in-` negates (`inconclusive`), not `in` the preposition (`ingeneral`, `invarious`). */
const IN_ADJECTIVE = lazyPattern(() => /(?:able|ible|ive|ent|ant|ate)$/);

/**
 * A word the lexicon lacks whose stem it knows (at least four letters, no function word): the
 * stem and one ending (`benchmarked`, `workforces`, `tenfold`), a doubled last consonant
 * (`kidnapped`), or `in-` before an adjective (`inconclusive`).
 */
export function derivationOf(lower: string, isStem: (w: string) => boolean): string | undefined {
  for (const { suffix, restore } of DERIVATIONS) {
    if (!lower.endsWith(suffix)) continue;
    const base = lower.slice(0, -suffix.length);
    if (base.length < 4) continue;
    for (const r of restore) if (isStem(base + r)) return base + r;
    // A doubled consonant before a vowel ending: `kidnapp|ed` → `kidnap`.
    if (/^[aeiy]/.test(suffix) && /([b-df-hj-np-tv-z])\1$/.test(base) && isStem(base.slice(0, -1)))
      return base.slice(0, -1);
  }
  if (lower.startsWith("in") && lower.length >= 8 && IN_ADJECTIVE().test(lower) && isStem(lower.slice(2)))
    return lower.slice(2);
  return undefined;
}

/** The words of a line the lexicon does not know (`unknown`): where a space may be missing. */
function lineCandidates(line: string, unknown: (w: string) => boolean): LineCandidate[] {
  const out: LineCandidate[] = [];
  forEachPlainWord(line, (from, to) => {
    if (to - from < 4 || to - from > MAX_WORD) return;
    const w = line.slice(from, to);
    // Kept per line for later versions: a copy, not a slice of this version's text.
    if (unknown(w)) out.push({ at: from, word: ownCopy(w), key: ownCopy(plainKey(w.toLowerCase())) });
  });
  return out.length ? out : NONE;
}

const NONE: LineCandidate[] = [];

/**
 * No real word is longer (the longest in the lexicons have about 30 letters): a longer run of
 * letters is not split or looked up, which would cost its length squared (`not-checked` says so).
 */
export const MAX_WORD = 48;

const SPACE = lazyPattern(() => /\s/);

/** An e-mail address or a web address (`verbatimrecords@un.org`): written as it is. */
function inAddress(text: string, span: Span): boolean {
  let from = span.start;
  while (from > 0 && span.start - from < 200 && !SPACE().test(text[from - 1])) from--;
  let to = span.end;
  while (to < text.length && to - span.end < 200 && !SPACE().test(text[to])) to++;
  return /@|:\/\/|www\./.test(text.slice(from, to));
}

/** The word before `at` (on the same line) is a title: `Mr.`, `Mrs.`, `Ambassador`. */
function afterTitle(text: string, at: number, titles: ReadonlySet<string>): boolean {
  const before = /(\S+)[ \u00A0]+$/u.exec(text.slice(Math.max(0, at - 24), at));
  return before !== null && titles.has(before[1]);
}

function nextIsCapitalised(text: string, from: number): boolean {
  return /^[ \t]*\p{Lu}/u.test(text.slice(from, from + 40));
}

export interface LostHyphen {
  span: Span;
  word: string;
  /** The word with its hyphens, in the case written (`Secretary-General`). */
  hyphenated: string;
  /** Where the evidence comes from, for the message. */
  evidence: string;
  /** The document's own spelling or a number word: sure enough to apply unasked. */
  sure: boolean;
}

/** Each line's runs of letters the lexicon does not know (carried over versions), per language. */
const LOST_HYPHEN_RUNS = perLine<{ at: number; word: string }[]>("lost-hyphen-runs");
/** The hyphenated words of the text and header lines, counted (carried over versions). */
const HYPHENATED_WORDS = perLine<CensusOf<undefined>>("hyphenated-words");

/**
 * Compounds whose hyphen extraction dropped (pdftotext joins a line-end `Secretary-` / `General`
 * into `SecretaryGeneral`): a run of letters the lexicon does not know that is a hyphenated word
 * the document writes elsewhere, an English number word (`seventyfifth`), a prefix UN English
 * hyphenates and a word (`selfreflection`), or a word or name and a second part written after a
 * hyphen (`Yemeniled`). Never two words to split with a space.
 */
export function findLostHyphens(analysis: Analysis): LostHyphen[] {
  return analysis.get(LOST_HYPHENS);
}

const LOST_HYPHENS = derived<LostHyphen[]>("lostHyphens", (analysis) => {
  const { model } = analysis;
  const out: LostHyphen[] = [];
  const lexicon = model.profile.shortWords.size ? lexiconFor(model.language) : undefined;
  // A text that keeps its line-end hyphens (`Secretary-` / `General`) lost none: its closed
  // spellings are the document's own (`wellbeing`).
  if (lexicon && model.tokens.hyphenBreaks.length === 0) {
    const p = model.profile;
    const runsOf = analysis.lines(variantOf(LOST_HYPHEN_RUNS, model.language), (own) =>
      unknownRuns(own, (w) => lexicon.has(w) || p.extraWords.has(w.toLowerCase())),
    );
    let forms: Map<string, { form: string; count: number }> | undefined;
    const found: { line: number; at: number; word: string }[] = [];
    const closed = new Map<string, number>();
    let lines = 0;
    let short = 0;
    for (let i = 0; i < model.lines.lineCount; i++) {
      const kind = model.lineKinds[i];
      if (kind !== "text" && kind !== "header") continue;
      lines++;
      if (model.lines.ends[i] - model.lines.starts[i] <= WRAPPED_WIDTH) short++;
      for (const r of runsOf(i)) {
        found.push({ line: i, ...r });
        const key = r.word.toLowerCase();
        closed.set(key, (closed.get(key) ?? 0) + 1);
      }
    }
    const known = (w: string) => w.length >= 3 && (lexicon.has(w) || p.extraWords.has(w.toLowerCase()));
    // Hundreds of wrapped lines and not one line-end hyphen: the extraction dropped them all
    // (pdftotext without -raw), so a compound written once with its hyphen and once without lost it.
    const dropped = lines >= DROPPED_MIN_LINES && short >= lines * 0.8;
    for (const r of found) {
      const lower = r.word.toLowerCase();
      forms ??= hyphenatedForms(analysis);
      // The document's own spelling decides where it writes the hyphen more often than not.
      const entry = forms.get(lower);
      const written = entry && entry.count + (dropped ? 1 : 0) > (closed.get(lower) ?? 0) ? entry : undefined;
      let form = written?.form ?? (model.language === "en" ? hyphenatedNumber(lower) : undefined);
      const sure = form !== undefined;
      let evidence = written ? `the document writes it with its hyphen ${times(written.count)}` : "a number word";
      for (let k = 2; !form && k < r.word.length - 2; k++) {
        const left = r.word.slice(0, k);
        const right = r.word.slice(k);
        // A prefix of two letters (`co`, `ex`) before a long word only: `cogens` is Latin.
        const prefix = p.hyphenPrefixes.has(left.toLowerCase()) && (k > 2 || right.length >= 6);
        if (prefix && known(right) && right === right.toLowerCase()) {
          form = `${left}-${right}`.toLowerCase();
          evidence = `“${left.toLowerCase()}-” takes a hyphen`;
        } else if (p.hyphenSuffixes.has(right) && (known(left) || /^\p{Lu}/u.test(left))) {
          form = `${left}-${right}`.toLowerCase();
          evidence = `“-${right}” follows a hyphen`;
        }
      }
      // A text that dropped its line-end hyphens (`high-` / `risk` → `highrisk`): two words of
      // the language that are no function words (`of`, `the`: those are words run together) lost
      // the hyphen between them rather than a space, where the document writes it once (else the
      // closed spelling is its own: `penholders`). Not sure: the fix is offered, not applied.
      if (!form && dropped && (closed.get(lower) ?? 0) <= 1) {
        const split = contentSplit(r.word, known, p);
        if (split) {
          form = `${lower.slice(0, split)}-${lower.slice(split)}`;
          evidence = `the extraction dropped this text's line-end hyphens, and “${lower.slice(0, split)}” and “${lower.slice(split)}” are words`;
        }
      }
      // Lower case may change a word's length (`İ`): only forms that line up letter for letter.
      if (!form || form.replaceAll("-", "").length !== r.word.length) continue;
      const start = model.lines.starts[r.line] + r.at;
      out.push({
        span: { start, end: start + r.word.length },
        word: r.word,
        hyphenated: withCase(form, r.word),
        evidence,
        sure,
      });
    }
  }
  return out;
});

/**
 * Where a run of letters splits into two words the lexicon knows (`high|risk`, `decision|makers`,
 * `Trade|Related` at its capital), the left of four letters at least or a short word of the
 * language's list (`two`), the right of four,
 * neither a function word (`of|the` is two words run together); not a name (capitalised), not a
 * prefix or a suffix and a word (`sub|regional`, `workforce|s`): the most balanced such split.
 */
function contentSplit(word: string, known: (w: string) => boolean, p: TranscriptModel["profile"]): number | undefined {
  const lower = word.toLowerCase();
  const camel = /\p{Ll}\p{Lu}/u.exec(word);
  if (/^\p{Lu}/u.test(word) && !camel) return undefined;
  if (/\p{Lu}\p{Lu}/u.test(word) || derivationOf(lower, known)) return undefined;
  const isFunction = (x: string) => p.functionWords.has(x) || p.stopwords.has(x);
  let best: number | undefined;
  for (let k = 3; k <= lower.length - 4; k++) {
    if (camel && k !== camel.index + 1) continue;
    const left = lower.slice(0, k);
    const right = lower.slice(k);
    if (left.length < 4 && !p.shortWords.has(left)) continue;
    if (!known(left) || !known(right) || isFunction(left) || isFunction(right)) continue;
    if (p.hyphenPrefixes.has(left) || p.closedPrefixes.has(left) || p.boundPrefixes.has(left)) continue;
    if (p.boundSuffixes.has(right)) continue;
    if (best === undefined || Math.abs(2 * k - lower.length) < Math.abs(2 * best - lower.length)) best = k;
  }
  return best;
}

/** Lines of a text wrapped as the PDF's columns are: at most this wide. */
const WRAPPED_WIDTH = 100;
/** So many wrapped lines without one line-end hyphen: the extraction dropped them. */
const DROPPED_MIN_LINES = 200;

/** Runs of letters (five or more) of a line that the lexicon does not know: where a hyphen may be missing. */
function unknownRuns(line: string, isWord: (w: string) => boolean): { at: number; word: string }[] {
  const out: { at: number; word: string }[] = [];
  forEachLetterRun(line, (from, to) => {
    if (to - from < 5 || to - from > MAX_WORD) return;
    // A run inside a word with digits (`PS752`) or an address is no word.
    const before = line[from - 1] ?? " ";
    const after = line[to] ?? " ";
    if (/[\p{N}@/._]/u.test(before) || /[\p{N}@/_]/u.test(after)) return;
    const word = line.slice(from, to);
    if (!isWord(word)) out.push({ at: from, word: ownCopy(word) });
  });
  return out.length ? out : NONE;
}

const times = (n: number) => (n === 1 ? "once" : n === 2 ? "twice" : `${n} times`);

/** A hyphenated form (lower case) given the case of the word as written: `SecretaryGeneral` → `Secretary-General`. */
function withCase(form: string, word: string): string {
  let k = 0;
  let out = "";
  for (let i = 0; i < form.length; i++) out += form[i] === "-" ? "-" : word[k++];
  return out;
}

/** Where the hyphens go, as offsets in the word written without them. */
function hyphenOffsets(hyphenated: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < hyphenated.length; i++) if (hyphenated[i] === "-") out.push(i - out.length);
  return out;
}

/** The hyphenated words of the document's text and header lines, by their letters: `secretarygeneral` → `secretary-general`. */
function hyphenatedForms(analysis: Analysis): Map<string, { form: string; count: number }> {
  const { model } = analysis;
  const counted = (i: number) => model.lineKinds[i] === "text" || model.lineKinds[i] === "header";
  const { counts } = analysis.census(HYPHENATED_WORDS, counted, hyphenatedKeys, (flags) => {
    const all = new Map<string, number>();
    // Only a line holding a hyphen holds a hyphenated word: each found by a scan of the text for
    // the next hyphen, not by cutting out every line (most have none).
    const { text, ends } = model.lines;
    let next = text.indexOf("-");
    for (let i = 0; i < flags.length && next !== -1; i++) {
      if (next >= ends[i]) continue;
      if (flags[i]) for (const k of hyphenatedKeys(model.lines.line(i))) all.set(k, (all.get(k) ?? 0) + 1);
      next = text.indexOf("-", ends[i]);
    }
    return { counts: all, extra: undefined };
  });
  const out = new Map<string, { form: string; count: number }>();
  for (const [form, count] of counts) {
    if (count <= 0) continue;
    const key = form.replaceAll("-", "");
    const best = out.get(key);
    if (!best || count > best.count) out.set(key, { form, count });
  }
  return out;
}

/** Hyphenated words of a line, lower case (`cross-border`, `secretary-general`). */
function hyphenatedKeys(line: string): string[] {
  if (!line.includes("-")) return [];
  const out: string[] = [];
  for (const m of line.matchAll(/\p{L}+(?:-\p{L}+)+/gu)) {
    const parts = m[0].toLowerCase().split("-");
    // Every run of two parts or more: `under-secretary` and `secretary-general` of `Under-Secretary-General`.
    for (let a = 0; a < parts.length - 1; a++)
      for (let b = a + 2; b <= parts.length; b++) out.push(parts.slice(a, b).join("-"));
  }
  return out;
}

/** `lost-hyphen`: a compound whose hyphen extraction dropped; the fix puts it back. */
export const lostHyphen: Rule = {
  code: "lost-hyphen",
  description: "A compound whose hyphen extraction dropped (SecretaryGeneral): put the hyphen back.",
  defaultSeverity: "warning",
  category: "cleaning",
  check(analysis) {
    const { model } = analysis;
    return findLostHyphens(analysis).map(
      (l): Finding => ({
        range: model.lines.spanRange(l.span),
        message: `“${l.word}” lost its hyphen in extraction: “${l.hyphenated}” (${l.evidence}).`,
        fix: {
          title: `Write “${l.hyphenated}”`,
          edits: hyphenOffsets(l.hyphenated).map((k) => ({
            range: model.lines.range(l.span.start + k, l.span.start + k),
            newText: "-",
          })),
          safe: l.sure,
        },
      }),
    );
  },
};

/** `fused-words`: words run together by extraction; the fix puts the space back. */
export const fusedWords: Rule = {
  code: "fused-words",
  description: "Words run together by PDF extraction (thejoint, ofthe): put the space back.",
  defaultSeverity: "warning",
  category: "cleaning",
  check(analysis) {
    const { model } = analysis;
    return findFusedWords(analysis).map(
      (f): Finding => ({
        range: model.lines.spanRange(f.span),
        message: `“${f.word}” looks like two words run together: “${f.left} ${f.right}”.`,
        fix: {
          title: `Split into “${f.left} ${f.right}”`,
          edits: [{ range: model.lines.range(f.span.start + f.at, f.span.start + f.at), newText: " " }],
          safe: f.functionWord,
        },
      }),
    );
  },
};
