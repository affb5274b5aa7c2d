import { lazyPattern, namedGroups, numberGroups, primed, type StartFilter, startFilter } from "../text/regexp";
import type { Span } from "../types";
import type { LanguageProfile } from "./profile";

/**
 * Dates, times, ranges and periods as written, recognised in the text and kept as parts; their
 * values are resolved against a reference date by features/dates.ts (the meeting's date, a
 * setting or the file name's year), so that the model stays a function of the text.
 */
export interface DateParts {
  year?: number;
  month?: number;
  day?: number;
  /** 1 Monday … 7 Sunday, as ISO 8601 numbers them. */
  weekday?: number;
  /** `the 1990s`: 1990. */
  decade?: number;
  /** `the twenty-first century`: 21. */
  century?: number;
  /** `the third millennium`: 3. */
  millennium?: number;
  /** `the second half of 2017`: 2. */
  half?: 1 | 2;
}

export type DateKind = "date" | "time" | "range" | "period" | "relative" | "duration";

export interface DateExpression {
  span: Span;
  text: string;
  line: number;
  kind: DateKind;
  start?: DateParts;
  end?: DateParts;
  /** A date relative to the reference (`last year`: year −1; `three weeks ago`: week −3). */
  relative?: { unit: "day" | "week" | "month" | "year"; offset: number };
  /** `September this year`: a month of the reference year shifted by `relative`. */
  monthOfRelativeYear?: number;
  /** A span of time (`the past five years`): ISO 8601 duration. */
  duration?: string;
  time?: { hour: number; minute: number };
  /** A session of the General Assembly (`the seventy-first session`). */
  session?: number;
  /** A session named by its place beside the reference's (`this session`: 0, `the last session`: −1). */
  sessionOffset?: number;
  /**
   * `last July`, `next spring`, `24 October last`: the nearest such month or season before
   * (`last`) or after (`next`) the reference date; it needs the reference's month.
   */
  nearest?: "last" | "next";
  /** `next summer`: a season (1 spring … 4 winter), as TimeML names them: SP, SU, FA, WI. */
  season?: number;
  /** `this century`, `the coming millennium`: the reference's century or millennium, shifted. */
  relativeCentury?: { unit: "century" | "millennium"; offset: number };
  /** `from 2007 until today`: a range that ends at the reference. */
  endsAtReference?: boolean;
  /** Day and month without a year (`on 3 June`), or a month alone (`in April`): the year is the reference's. */
  needsYear?: boolean;
}

const ORDINAL_UNITS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"];
const ORDINAL_TEENS = [
  "tenth",
  "eleventh",
  "twelfth",
  "thirteenth",
  "fourteenth",
  "fifteenth",
  "sixteenth",
  "seventeenth",
  "eighteenth",
  "nineteenth",
];
const TENS = ["", "", "twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet"];
const CARDINAL_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

/** English number words and their patterns: made when first needed (a line of prose needs none). */
interface NumberWords {
  /** English ordinal words 1–99 (`seventy-first`) → number. */
  ordinals: Map<string, number>;
  /** English cardinal words 1–99 (`twenty-five`), `a hundred`, `a thousand`. */
  cardinals: Map<string, number>;
  /** `seventyfifth` → `seventy-fifth`: English number words 21–99 written without their hyphen. */
  closed: Map<string, string>;
  /** Numbers of `… ago`: the cardinals, and `a`, `a few`, `several`. */
  numbers: Map<string, number>;
  cardinalPattern: string;
  ordinalPattern: string;
}

let numberWordsMade: NumberWords | undefined;

function numberWords(): NumberWords {
  if (numberWordsMade) return numberWordsMade;
  const ordinals = new Map<string, number>();
  for (let n = 1; n < 100; n++) {
    let w: string;
    if (n < 10) w = ORDINAL_UNITS[n];
    else if (n < 20) w = ORDINAL_TEENS[n - 10];
    else {
      const t = Math.floor(n / 10);
      const u = n % 10;
      w = u === 0 ? `${TENS[t]}ieth` : `${TENS[t]}y-${ORDINAL_UNITS[u]}`;
    }
    ordinals.set(w, n);
  }
  const cardinals = new Map<string, number>();
  for (let n = 1; n < 100; n++) {
    const t = Math.floor(n / 10);
    const u = n % 10;
    const w =
      n < 10
        ? CARDINAL_UNITS[n]
        : n < 20
          ? CARDINAL_TEENS[n - 10]
          : u
            ? `${CARDINAL_TENS[t]}-${CARDINAL_UNITS[u]}`
            : CARDINAL_TENS[t];
    cardinals.set(w, n);
  }
  for (const [w, n] of [
    ["hundred", 100],
    ["a hundred", 100],
    ["one hundred", 100],
    ["two hundred", 200],
    ["a thousand", 1000],
    ["one thousand", 1000],
  ] as const)
    cardinals.set(w, n);
  const closed = new Map<string, string>();
  for (const w of [...ordinals.keys(), ...cardinals.keys()]) if (w.includes("-")) closed.set(w.replace("-", ""), w);
  const numbers = new Map<string, number>([...cardinals, ["a", 1], ["an", 1], ["a few", 3], ["several", 3]]);
  // The English number words as compact patterns (a tens word, then an optional hyphenated
  // unit) rather than ninety-nine alternatives, which made every try of the date pattern slow.
  const cardinalPattern = `(?:(?:${either(CARDINAL_TENS.slice(2))})(?:-${HYPHEN_GAP}(?:${UNIT_WORDS}))?|(?:${either(["a", "one", "two"])})[ \\t]+hundred|(?:${either(["a", "one"])})[ \\t]+thousand|${either(["hundred", ...CARDINAL_TEENS, ...UNIT_WORDS.split("|")])})`;
  const ordinalPattern = `(?:(?:${either(TENS.slice(2))})(?:ieth|y-${HYPHEN_GAP}(?:${ORDINAL_UNITS.slice(1).join("|")}))|${either([...ORDINAL_TEENS, ...ORDINAL_UNITS.slice(1)])})`;
  numberWordsMade = { ordinals, cardinals, closed, numbers, cardinalPattern, ordinalPattern };
  return numberWordsMade;
}

const CARDINAL_TEENS = [
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
const CARDINAL_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/** The hyphenated number word (`seventy-fifth`) a word without its hyphen (`seventyfifth`) stands for, if any. */
export function hyphenatedNumber(lower: string): string | undefined {
  return numberWords().closed.get(lower);
}

/** After a hyphen inside a number word: a stray space or a line break (`forty- seventh`). */
const HYPHEN_GAP = "[ \\t]?(?:\\r\\n|\\r|\\n)?[ \\t]*";
/** `words` of a list of words. */
const either = (list: readonly string[]) => words(list.join("|"));
const UNIT_WORDS = "one|two|three|four|five|six|seven|eight|nine";

const SP1 = "[ \\t\\u00A0]+(?:(?:\\r\\n|\\r|\\n)[ \\t\\u00A0]*)?|[ \\t\\u00A0]*(?:\\r\\n|\\r|\\n)[ \\t\\u00A0]*";
const W = `(?:${SP1})`;
const YEAR = "(?:1[89]\\d\\d|20\\d\\d)";

/** A word with either case of its first letter: `[Tt]his`. */
function cap(word: string): string {
  const first = word[0];
  return /\p{L}/u.test(first) ? `[${first.toUpperCase()}${first.toLowerCase()}]${word.slice(1)}` : word;
}

/** Words of an English pattern, each with either case of its first letter. */
function words(list: string): string {
  return list
    .split("|")
    .map((w) => cap(w))
    .join("|");
}

function alternation(words: readonly string[]): string {
  return [...words].sort((a, b) => b.length - a.length).join("|");
}

interface Compiled {
  /**
   * The expressions, sticky: tried at one position. Built on first use (12 KB of pattern, a few
   * milliseconds): a text with no anchor (a short file, `verbatim check` of a line) never needs it.
   */
  readonly re: RegExp;
  /** The names of `re`'s groups by number. */
  readonly names: (string | undefined)[];
  /**
   * Where `re` may match, by its first two code units: of a record's tries near anchors, more than
   * half begin elsewhere. Read from the pattern once it has been tried `FILTER_AFTER` times (a few
   * milliseconds: a short text is spared them).
   */
  readonly starts: StartFilter | undefined;
  /** How many times `re` was tried near anchors, up to `FILTER_AFTER`. */
  tries: number;
  /**
   * What every expression holds somewhere, where to look: a digit (`DIGIT`), or a word of
   * `anchor`. Two scans: in one pattern with the words, the digit, a single character, kept the
   * engine from skipping ahead by the words' length (8 ms of a 1 MB record against 5).
   */
  anchor: RegExp;
  monthIndex: Map<string, number>;
  weekdayIndex: Map<string, number>;
  relativePhrases: Map<string, { unit: "day" | "week" | "month" | "year"; offset: number }>;
}

// A data cache, not derived data: one compiled grammar per language profile (the language's data
// files, loaded once per service), never per document, so no analysis owns it.
const compiled = new WeakMap<LanguageProfile, Compiled>();

/** One pattern of alternatives per language, named groups telling which matched. */
function compile(profile: LanguageProfile): Compiled {
  const cached = compiled.get(profile);
  if (cached) return cached;
  const months = profile.data.months;
  const weekdays = profile.data.weekdays;
  const monthIndex = new Map<string, number>();
  months.forEach((m, k) => {
    monthIndex.set(m.toLowerCase(), k + 1);
    if (profile.code === "en") monthIndex.set(m.slice(0, 3).toLowerCase(), k + 1);
  });
  const weekdayIndex = new Map<string, number>();
  for (const [k, w] of weekdays.entries()) weekdayIndex.set(w.toLowerCase(), k + 1);
  const M = `(?:${alternation(months)})`;
  const WD = `(?:${alternation(weekdays)})`;
  const de = profile.code === "es" ? `(?:${W}de)?` : "";
  // Words of a phrase with either case of their first letter, spaces that may break a line.
  const phrase = (list: string) => words(list).replace(/ /g, W);
  const { ordinalPattern: ordinals, cardinalPattern: cardinals } = numberWords();
  const numbers = `${cardinals}|${phrase("a few|several|an|a")}`;
  const amount = `\\d{1,3}(?:,\\d{3})*|\\d+|${cardinals}`;
  const en = profile.code === "en";
  // The language's own relative expressions (`l'année dernière`, `el año pasado`, `в прошлом году`).
  const relativePhrases = new Map(
    profile.data.relativeDates.phrases.map((p) => [p.text.toLowerCase(), { unit: p.unit, offset: p.offset }]),
  );
  const phrasePattern = alternation(
    [...relativePhrases.keys()].map((t) => cap(t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).replace(/ /g, W)),
  );
  const parts = () => [
    // 24 October last: the last 24 October before the reference
    en ? `(?<dlast>(?<dlday>[0-3]?\\d)(?:st|nd|rd|th)?${W}(?<dlmonth>${M})${W}last(?!${W}year)(?![\\p{L}\\p{N}]))` : "",
    // 1 March next year
    en ? `(?<drel>(?<drday>[0-3]?\\d)(?:st|nd|rd|th)?${W}(?<drmonth>${M})${W}(?<drw>this|last|next)${W}year)` : "",
    // between 8 and 10 October 2019, from 8 to 10 October
    en
      ? `(?<drange>(?:${words("between|from")})${W}(?<dr1>[0-3]?\\d)${W}(?:and|to)${W}(?<dr2>[0-3]?\\d)${W}(?<drm>${M})(?:${W}(?<dry>${YEAR}))?)`
      : "",
    // 13 December 2016, Tuesday, 13 December 2016, 19 de abril de 2022, 19 апреля 2022 года
    `(?<full>(?:(?<fwd>${WD}),?${W})?(?<fday>[0-3]?\\d)(?:er|st|nd|rd|th)?${de}${W}(?<fmonth>${M})(?:${de}${W}(?<fyear>${YEAR})(?:${W}года)?)?)`,
    // December 13, 2016
    en ? `(?<us>(?:(?<uwd>${WD}),?${W})?(?<umonth>${M})${W}(?<uday>[0-3]?\\d),${W}(?<uyear>${YEAR}))` : "",
    // 19/12/2014 (day first)
    `(?<num>(?<nday>[0-3]\\d)/(?<nmonth>[01]\\d)/(?<nyear>${YEAR}))`,
    // the first half of 2017
    en ? `(?<half>(?:${cap("the")}${W})?(?<hwhich>${words("first|second")})${W}half${W}of${W}(?<hyear>${YEAR}))` : "",
    // from 1992 to 1995, between 1992 and 1995, from 2007 until today
    en
      ? `(?<fromto>(?:${words("from|between")})${W}(?<ft1>${YEAR})${W}(?:to|and|until|till)${W}(?:(?<ft2>${YEAR})|(?<ftnow>today|now|the${W}present(?:${W}day)?)))`
      : "",
    // 2013-2017, 2013–17
    `(?<yrange>(?<yr1>${YEAR})[ \\u00A0]?[-–][ \\u00A0]?(?<yr2>${YEAR}|\\d\\d)(?!\\d))`,
    // September this year, last September
    en ? `(?<mrel>(?<mrm>${M})(?:${W}of)?${W}(?<mrw>this|last|next)${W}year)` : "",
    // December 2016, avril 2022
    `(?<my>(?<mymonth>${M})${de}${W}(?<myyear>${YEAR}))`,
    // last September, next March, this July
    en ? `(?<mnear>(?<mnw>${words("this|last|next")})${W}(?<mnm>${M})(?![\\p{L}\\d]))` : "",
    // in April, since May (a month alone needs a word before it: `May` is also a verb)
    en
      ? `(?<mon>(?<=(?<monpre>${words("in|since|until|by|of|during|early|late|from|through")})${W}|mid-)(?<monm>${M})(?![\\p{L}\\d]))`
      : "",
    // the 1990s
    en ? `(?<dec>(?:${cap("the")}${W})?(?<decade>1[89]\\d0|20\\d0)s)` : "",
    // the twenty-first century, the 21st century, twentieth-century
    en ? `(?<cent>(?:${cap("the")}${W})?(?<centw>${ordinals}|\\d{1,2}(?:st|nd|rd|th))(?:${W}|-)${cap("century")})` : "",
    // the third millennium; this century, the next century, the coming millennium
    en ? `(?<mill>(?:${cap("the")}${W})?(?<millw>${either(["first", "second", "third"])})${W}millennium)` : "",
    en ? `(?<rcent>(?<rcw>${phrase("this|the next|the coming")})${W}(?<rcu>century|millennium))` : "",
    // the seventy-first session, the 54th session, Fiftieth Session
    en
      ? `(?<sess>(?:${cap("the")}${W})?(?<sessn>${ordinals}|\\d{1,2}(?:st|nd|rd|th))${W}(?:regular${W})?${cap("session")})`
      : "",
    // this session, the current session, the last session, last year's session
    en
      ? `(?<rsess>(?<rsw>${phrase("this|the present|the current|the last|the previous|the next|last year's|last year’s|next year's|next year’s")})${W}(?:(?:important|historic|present|current|regular)${W})?session)`
      : "",
    // this year, last year, next month, today
    en ? `(?<rel>(?<relw>${words("this|last|next|previous|coming")})${W}(?<relu>year|month|week))` : "",
    en ? `(?<day>${words("today|yesterday|tomorrow")}|${cap("this")}${W}(?:morning|afternoon|evening))` : "",
    // this spring, next summer, last autumn
    en ? `(?<season>(?<seasw>${words("this|last|next")})${W}(?<seasn>spring|summer|autumn|fall|winter))` : "",
    // three weeks ago, two years ago, a decade ago
    en ? `(?<ago>(?<agon>\\d{1,3}|${numbers})${W}(?<agou>day|week|month|year|decade)s?${W}ago)` : "",
    // the past year, over the last decade: a span up to the reference
    en ? `(?<past1>${cap("the")}${W}(?:past|last)${W}(?<past1u>year|decade|century|month|week))` : "",
    // five years, the past five years, the next hundred years, two and a half years, nine consecutive years
    en
      ? `(?<dur>(?:${cap("the")}${W}(?:(?:past|last|next|coming|first|previous|following)${W})?)?(?<durn>${amount})(?<durhalf>${W}and${W}(?:a${W})?half)?(?:${W}(?:consecutive|long|full))?${W}(?<duru>year|month|week|day|decade|centur(?:y|ie)|hour)s?(?!${W}(?:old|of${W}age|ago|later|earlier))(?![\\p{L}\\p{N}]))`
      : "",
    // a one-year term, a five-year plan, a 10-year-long conflict (not a 50-year-old man)
    en
      ? `(?<adur>(?<adurn>\\d{1,3}|${cardinals})-(?<aduru>year|month|week|day|decade|hour)(?:-long)?(?![-\\p{L}\\p{N}]))`
      : "",
    // a decade, half a century
    en ? `(?<adec>(?:(?<adech>${cap("half")})${W}a|${cap("a")})${W}(?<adecu>decade|century))` : "",
    // 10.05 a.m., 3 p.m., noon, 10 h 5, 10.05 horas, 10 ч. 05 м.
    en ? "(?<t12>(?<th>1[0-2]|0?[1-9])(?:[.:](?<tm>[0-5]\\d))?[ \\u00A0]?(?<tap>a\\.m\\.|p\\.m\\.))" : "",
    en ? `(?<noon>${words("noon|midnight")})` : "",
    profile.code === "fr" ? "(?<tfr>(?<tfh>[012]?\\d)[ \\u00A0]h(?:[ \\u00A0]?(?<tfm>[0-5]?\\d))?(?![\\p{L}\\d]))" : "",
    profile.code === "es" ? "(?<tes>(?<teh>[012]?\\d)[.:](?<tem>[0-5]\\d)[ \\u00A0]horas)" : "",
    profile.code === "ru" ? "(?<tru>(?<trh>[012]?\\d)[ \\u00A0]ч\\.[ \\u00A0](?<trm>[0-5]?\\d)[ \\u00A0]м\\.)" : "",
    relativePhrases.size ? `(?<lphrase>${phrasePattern})` : "",
    // a year alone: 1995
    `(?<year>(?:(?<=(?:[Pp]ost|[Pp]re|[Mm]id)-)|(?<![\\d/.,-]))${YEAR}(?![\\d/]|[.,]\\d))`,
  ];
  let grammar: { re: RegExp; names: (string | undefined)[]; starts: StartFilter | undefined } | undefined;
  const build = () => {
    if (grammar) return grammar;
    // Numbered groups: the names are put back on the groups a match took part in (`namedGroups`).
    const { source, names } = numberGroups(
      `(?<![\\p{L}\\p{N}])(?:${parts().filter(Boolean).join("|")})(?![\\p{L}\\p{N}])`,
    );
    const re = new RegExp(source, "uy");
    // 12 KB of pattern: compiled to machine code at once (see primed).
    primed(re);
    grammar = { re, names, starts: startFilter(source, re.flags) };
    return grammar;
  };
  // Every alternative holds a digit or one of these: a month or weekday name, or a unit word.
  // Each relative phrase is found by its longest word.
  const phraseAnchors = [...relativePhrases.keys()].map((t) =>
    t.split(/[ '’-]/).reduce((a, b) => (b.length > a.length ? b : a), ""),
  );
  const anchor = new RegExp(
    `${alternation([...months, ...weekdays, ...phraseAnchors])}|session|year|month|week|day|decade|centur|millenni|hour|today|yesterday|tomorrow|noon|midnight|morning|afternoon|evening|spring|summer|autumn|fall|winter`,
    // Without the `u` flag the scan is faster; case folding still covers the languages' month
    // names, and the pattern itself decides what matches.
    "gi",
  );
  const result: Compiled = {
    get re() {
      return build().re;
    },
    get names() {
      return build().names;
    },
    get starts() {
      return build().starts;
    },
    anchor,
    tries: 0,
    monthIndex,
    weekdayIndex,
    relativePhrases,
  };
  compiled.set(profile, result);
  return result;
}

/** The language's sticky expression pattern and where it may start (for the tests). */
export function dateGrammarOf(profile: LanguageProfile): { re: RegExp; starts: StartFilter | undefined } {
  const grammar = compile(profile);
  return { re: grammar.re, starts: grammar.starts };
}

/** A number as written (`12`, `1,100`, `twenty- five`, `a hundred`), or 0. */
const toNumber = (w: string): number =>
  /^[\d,]+$/.test(w)
    ? Number(w.replace(/,/g, ""))
    : (numberWords().numbers.get(w.toLowerCase().replace(/-\s*/g, "-").replace(/\s+/g, " ")) ?? 0);
/** An ordinal as written (`Forty- eighth`, `54th`), or 0. */
const toOrdinal = (w: string): number =>
  /^\d/.test(w) ? Number.parseInt(w, 10) : (numberWords().ordinals.get(w.toLowerCase().replace(/-\s*/g, "-")) ?? 0);
const SEASONS = new Map([
  ["spring", 1],
  ["summer", 2],
  ["autumn", 3],
  ["fall", 3],
  ["winter", 4],
]);

/** An ISO 8601 duration of `n` (and a half) units. */
function isoDuration(n: number, unit: string, half: boolean): string {
  const u = unit.toLowerCase().replace(/ie$/, "y");
  if (u === "decade" || u === "century") {
    const years = n * (u === "decade" ? 10 : 100) + (half ? (u === "decade" ? 5 : 50) : 0);
    return `P${years}Y`;
  }
  if (u === "hour") return `PT${n}${half ? ".5" : ""}H`;
  if (u === "year" && half) return `P${n}Y6M`;
  const letter = { year: "Y", month: "M", week: "W", day: "D" }[u] ?? "Y";
  return `P${n}${half ? ".5" : ""}${letter}`;
}

/**
 * How many word starts before its first digit, name or unit word an expression may begin:
 * `the past twenty- five and a half consecutive years` has eight before `years`; before a digit,
 * `the second half of 2017` has the most, four.
 */
const REACH_BACK_WORDS = 10;
const REACH_BACK_WORDS_DIGIT = 5;
/** Tries of a language's pattern in a process before it is tried only where it may start. */
const FILTER_AFTER = 2000;

/**
 * The matches of the sticky pattern, as a global scan of the whole text would find them (leftmost,
 * not overlapping), but tried only at word starts near an anchor: most of a record holds no date,
 * and a global scan tries every alternative at every position.
 */
function candidates(text: string, grammar: Compiled, full: DateScan): RegExpExecArray[] {
  // An array, not a generator: V8 compiles a generator's loops only when it is called again,
  // and this one runs long (every anchor of a block, nearly every line of a record).
  const out: RegExpExecArray[] = [];
  const anchor = grammar.anchor;
  // The expressions once an anchor asks for them (`Compiled.re`).
  let re: RegExp | undefined;
  let filter: StartFilter | undefined;
  if (full === true) {
    re = grammar.re;
    for (let p = 0; p < text.length; p++) {
      re.lastIndex = p;
      const m = re.exec(text);
      if (!m) continue;
      out.push(m);
      p = m.index + m[0].length - 1;
    }
    return out;
  }
  let tried = 0; // positions before this were tried, or lie inside an expression found
  const digit = DIGIT();
  // The next anchor at or after `from`: the nearer of the next digit and the next word (one
  // place never starts both), each searched again once `from` has passed it (−1: none left).
  let from = 0;
  let digitAt = -2;
  let wordAt = -2;
  let wordLength = 0;
  // The word starts before an anchor, nearest first: found once, then tried in the text's order.
  const starts: number[] = [];
  for (;;) {
    if (digitAt !== -1 && digitAt < from) {
      digit.lastIndex = from;
      digitAt = digit.exec(text)?.index ?? -1;
    }
    if (wordAt !== -1 && wordAt < from) {
      anchor.lastIndex = from;
      const w = anchor.exec(text);
      wordAt = w ? w.index : -1;
      wordLength = w ? w[0].length : 0;
    }
    const isDigit = digitAt >= 0 && (wordAt < 0 || digitAt < wordAt);
    if (!isDigit && wordAt < 0) break;
    const at = isDigit ? digitAt : wordAt;
    // An expression holding this anchor starts at most REACH_BACK_WORDS word starts before it,
    // and not after it.
    const to = at + 1;
    const reach = isDigit ? REACH_BACK_WORDS_DIGIT : REACH_BACK_WORDS;
    starts.length = 0;
    if (at >= tried && isWordStart(text, at)) starts.push(at);
    for (let q = at - 1; q >= tried && starts.length - (starts[0] === at ? 1 : 0) < reach; q--) {
      // Inside a word or between words, in ASCII: no word start, decided without a call (most
      // characters; a call each cost more than the patterns tried, before the code is compiled).
      const c = text.charCodeAt(q);
      if (c < 128) {
        if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) continue;
        if (q > 0) {
          const b = text.charCodeAt(q - 1);
          if (b < 128 && ((b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122))) continue;
        }
      }
      if (isWordStart(text, q)) starts.push(q);
    }
    for (let k = starts.length - 1; k >= 0; k--) {
      const p = starts[k];
      if (p < tried) continue;
      if (!re) {
        re = grammar.re;
        if (full === "filtered" || (!full && grammar.tries >= FILTER_AFTER)) filter = grammar.starts;
      }
      if (filter) {
        if (!filter.mayStart(text, p)) continue;
      } else grammar.tries++;
      re.lastIndex = p;
      const m = re.exec(text);
      if (!m) continue;
      out.push(m);
      tried = m.index + m[0].length;
    }
    tried = Math.max(tried, to);
    from = Math.max(at + (isDigit ? 1 : wordLength), tried);
  }
  return out;
}

/** An anchor of every language: a digit (`Compiled.anchor`). */
const DIGIT = lazyPattern(() => /[0-9]/g);

const LETTER_OR_DIGIT = lazyPattern(() => /[\p{L}\p{N}]/u);

function isWordStart(text: string, p: number): boolean {
  const c = text.charCodeAt(p);
  // Fast paths for ASCII; the pattern's own look-behind decides the rest.
  if (c < 128) {
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
    if (p === 0) return true;
    const b = text.charCodeAt(p - 1);
    if (b < 128) return !((b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122));
    return !letterOrDigitBefore(text, p);
  }
  if (c >= 0xdc00 && c <= 0xdfff) return false;
  if (!LETTER_OR_DIGIT().test(String.fromCodePoint(text.codePointAt(p) ?? c))) return false;
  return p === 0 || !letterOrDigitBefore(text, p);
}

/** Whether the character before `p` (a whole astral character) is a letter or a digit. */
function letterOrDigitBefore(text: string, p: number): boolean {
  let q = p - 1;
  const b = text.charCodeAt(q);
  // A low surrogate after a high one ends an astral character; alone, it is a character of its own.
  if (b >= 0xdc00 && b <= 0xdfff && q > 0) {
    const h = text.charCodeAt(q - 1);
    if (h >= 0xd800 && h <= 0xdbff) q--;
  }
  return LETTER_OR_DIGIT().test(String.fromCodePoint(text.codePointAt(q) ?? b));
}

/**
 * How the pattern is tried: near anchors (`false`), at every position (`true`, slower), near anchors
 * at every word start (`"unfiltered"`) or only where it may start (`"filtered"`, `Compiled.starts`).
 */
export type DateScan = boolean | "unfiltered" | "filtered";

/** `2030 Agenda`, `Agenda 21`: titles, not dates. */
/** After `the sixth session`: `of the` and a body other than the General Assembly. */
const OTHER_BODY_AFTER = lazyPattern(() => /^\s+of\s+the\s+(?!(?:General\s+)?Assembly|United\s+Nations)\p{Lu}/u);
const NOT_A_DATE_AFTER = lazyPattern(() => /^[ \t]*(?:goals?\b)/i);

/**
 * Finds the temporal expressions of a text. `excluded` spans (document symbols, whose years are
 * part of a symbol) hold none; expressions may run over a line break (`In August` / `2015`).
 */
export function findDates(
  text: string,
  profile: LanguageProfile,
  excluded: readonly Span[],
  lineAt: (offset: number) => number,
  /** For the tests: the same result by another scan. */
  fullScan: DateScan = false,
): DateExpression[] {
  const grammar = compile(profile);
  const { monthIndex, weekdayIndex, relativePhrases } = grammar;
  const out: DateExpression[] = [];
  let ex = 0;
  for (const m of candidates(text, grammar, fullScan)) {
    const g = namedGroups(m, grammar.names);
    const start = m.index ?? 0;
    const span = { start, end: start + m[0].length };
    while (ex < excluded.length && excluded[ex].end <= span.start) ex++;
    if (ex < excluded.length && excluded[ex].start < span.end) continue;
    const month = (s: string | undefined) => (s ? monthIndex.get(s.toLowerCase()) : undefined);
    const weekday = (s: string | undefined) => (s ? weekdayIndex.get(s.toLowerCase()) : undefined);
    const base = { span, text: m[0].replace(/\s+/g, " "), line: lineAt(start) };
    let e: DateExpression | undefined;
    if (g.drel) {
      const w = g.drw.toLowerCase();
      e = {
        ...base,
        kind: "relative",
        relative: { unit: "year", offset: w === "this" ? 0 : w === "last" ? -1 : 1 },
        monthOfRelativeYear: month(g.drmonth),
        start: { month: month(g.drmonth), day: Number(g.drday) },
      };
    } else if (g.drange) {
      const year = g.dry ? Number(g.dry) : undefined;
      const m = month(g.drm);
      const d1 = Number(g.dr1);
      const d2 = Number(g.dr2);
      if (d2 <= d1) continue;
      e = {
        ...base,
        kind: "range",
        start: { year, month: m, day: d1 },
        end: { year, month: m, day: d2 },
        ...(year ? {} : { needsYear: true }),
      };
    } else if (g.mill) {
      e = { ...base, kind: "period", start: { millennium: toOrdinal(g.millw) } };
    } else if (g.rcent) {
      const w = g.rcw.toLowerCase();
      e = {
        ...base,
        kind: "relative",
        relativeCentury: { unit: g.rcu.toLowerCase() as "century" | "millennium", offset: w === "this" ? 0 : 1 },
      };
    } else if (g.dlast) {
      e = {
        ...base,
        kind: "relative",
        start: { month: month(g.dlmonth), day: Number(g.dlday) },
        nearest: "last",
      };
    } else if (g.full) {
      const year = g.fyear ? Number(g.fyear) : undefined;
      e = {
        ...base,
        kind: "date",
        start: { year, month: month(g.fmonth), day: Number(g.fday), weekday: weekday(g.fwd) },
        ...(year ? {} : { needsYear: true }),
      };
    } else if (g.us) {
      e = {
        ...base,
        kind: "date",
        start: { year: Number(g.uyear), month: month(g.umonth), day: Number(g.uday), weekday: weekday(g.uwd) },
      };
    } else if (g.num) {
      e = { ...base, kind: "date", start: { year: Number(g.nyear), month: Number(g.nmonth), day: Number(g.nday) } };
    } else if (g.half) {
      e = { ...base, kind: "period", start: { year: Number(g.hyear), half: /first/i.test(g.hwhich) ? 1 : 2 } };
    } else if (g.fromto) {
      e = g.ftnow
        ? { ...base, kind: "range", start: { year: Number(g.ft1) }, endsAtReference: true }
        : { ...base, kind: "range", start: { year: Number(g.ft1) }, end: { year: Number(g.ft2) } };
    } else if (g.yrange) {
      const y1 = Number(g.yr1);
      const y2 = g.yr2.length === 2 ? Math.floor(y1 / 100) * 100 + Number(g.yr2) : Number(g.yr2);
      if (y2 <= y1) continue; // `1990-12`: not a range of years
      e = { ...base, kind: "range", start: { year: y1 }, end: { year: y2 } };
    } else if (g.mrel) {
      const offset = g.mrw.toLowerCase() === "this" ? 0 : g.mrw.toLowerCase() === "last" ? -1 : 1;
      e = { ...base, kind: "relative", relative: { unit: "year", offset }, monthOfRelativeYear: month(g.mrm) };
    } else if (g.my) {
      e = { ...base, kind: "date", start: { year: Number(g.myyear), month: month(g.mymonth) } };
    } else if (g.mnear) {
      const w = g.mnw.toLowerCase();
      e = {
        ...base,
        kind: "relative",
        start: { month: month(g.mnm) },
        ...(w === "this"
          ? { relative: { unit: "year", offset: 0 }, monthOfRelativeYear: month(g.mnm) }
          : { nearest: w as "last" | "next" }),
      };
    } else if (g.mon) {
      // The month alone (`in April`); `last September` is relative to the reference year.
      e = { ...base, kind: "date", start: { month: month(g.monm) }, needsYear: true };
    } else if (g.dec) {
      e = { ...base, kind: "period", start: { decade: Number(g.decade) } };
    } else if (g.cent) {
      const c = toOrdinal(g.centw);
      if (!c || c > 22) continue;
      e = { ...base, kind: "period", start: { century: c } };
    } else if (g.sess) {
      const n = toOrdinal(g.sessn);
      // `the sixth session of the Conference of the Parties`: another body's session.
      if (!n || OTHER_BODY_AFTER().test(text.slice(span.end, span.end + 40))) continue;
      e = { ...base, kind: "period", session: n, start: { year: 1945 + n }, end: { year: 1946 + n } };
    } else if (g.rsess) {
      const w = g.rsw.toLowerCase().replace(/\s+/g, " ");
      const offset = /^(?:this|the present|the current)$/.test(w) ? 0 : /next/.test(w) ? 1 : -1;
      e = { ...base, kind: "period", sessionOffset: offset };
    } else if (g.season) {
      const w = g.seasw.toLowerCase();
      e = {
        ...base,
        kind: "relative",
        season: SEASONS.get(g.seasn.toLowerCase()),
        ...(w === "this" ? { relative: { unit: "year", offset: 0 } } : { nearest: w as "last" | "next" }),
      };
    } else if (g.rel) {
      const w = g.relw.toLowerCase();
      const offset = w === "this" ? 0 : w === "last" || w === "previous" ? -1 : 1;
      e = { ...base, kind: "relative", relative: { unit: g.relu.toLowerCase() as "year" | "month" | "week", offset } };
    } else if (g.day) {
      const w = g.day.toLowerCase().startsWith("this") ? "today" : g.day.toLowerCase();
      e = {
        ...base,
        kind: "relative",
        relative: { unit: "day", offset: w === "today" ? 0 : w === "yesterday" ? -1 : 1 },
      };
    } else if (g.ago) {
      const n = toNumber(g.agon);
      if (!n) continue;
      const unit = g.agou.toLowerCase();
      // `a few years ago`, `several months ago`: no exact offset to read.
      const approximate = /^(?:a few|several)$/i.test(g.agon.replace(/\s+/g, " "));
      e = approximate
        ? { ...base, kind: "relative" }
        : {
            ...base,
            kind: "relative",
            relative:
              unit === "decade"
                ? { unit: "year", offset: -10 * n }
                : { unit: unit as "day" | "week" | "month" | "year", offset: -n },
          };
    } else if (g.past1) {
      e = { ...base, kind: "duration", duration: isoDuration(1, g.past1u, false) };
    } else if (g.dur) {
      const n = toNumber(g.durn);
      if (!n) continue;
      e = { ...base, kind: "duration", duration: isoDuration(n, g.duru, Boolean(g.durhalf)) };
    } else if (g.adur) {
      const n = toNumber(g.adurn);
      if (!n) continue;
      e = { ...base, kind: "duration", duration: isoDuration(n, g.aduru, false) };
    } else if (g.adec) {
      e = { ...base, kind: "duration", duration: isoDuration(g.adech ? 0 : 1, g.adecu, Boolean(g.adech)) };
    } else if (g.t12) {
      let hour = Number(g.th) % 12;
      if (/p/i.test(g.tap)) hour += 12;
      e = { ...base, kind: "time", time: { hour, minute: g.tm ? Number(g.tm) : 0 } };
    } else if (g.noon) {
      e = { ...base, kind: "time", time: { hour: /noon/i.test(g.noon) ? 12 : 0, minute: 0 } };
    } else if (g.tfr || g.tes || g.tru) {
      const h = Number(g.tfh ?? g.teh ?? g.trh);
      const min = Number(g.tfm ?? g.tem ?? g.trm ?? 0);
      if (h > 23) continue;
      e = { ...base, kind: "time", time: { hour: h, minute: min } };
    } else if (g.lphrase) {
      const r = relativePhrases.get(g.lphrase.replace(/\s+/g, " ").toLowerCase());
      if (!r) continue;
      e = { ...base, kind: "relative", relative: { unit: r.unit, offset: r.offset } };
    } else if (g.year) {
      if (NOT_A_DATE_AFTER().test(text.slice(span.end, span.end + 30))) continue;
      // `resolution 1514 (1960)`: the year of a resolution's adoption is part of its citation.
      if (text[span.end] === ")" && /\d\s{0,2}\($/.test(text.slice(Math.max(0, span.start - 4), span.start))) continue;
      e = { ...base, kind: "date", start: { year: Number(g.year) } };
    }
    if (e) out.push(e);
  }
  return out;
}
