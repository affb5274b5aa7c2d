import type { Lexicon } from "../lexicon/lexicon";
import { lazyPattern } from "../text/regexp";

/**
 * What to do with a hyphen at a line end:
 * - `join`: a typesetter's split (`transna-`/`tional`): the word is written without the hyphen;
 * - `keep`: a real compound (`Counter-`/`Terrorism`, `self-`/`determination`);
 * - `both`: both spellings are standard and nothing decides (`co-`/`operation` with no evidence);
 * - `unsure`: no lexicon for the language and no evidence in the document.
 */
export type HyphenDecision = "join" | "keep" | "both" | "unsure";

export interface HyphenVerdict {
  decision: HyphenDecision;
  /** The evidence, in a few words, for messages and hovers. */
  reason: string;
}

export interface HyphenEvidence {
  /**
   * How often each word (lower case, compounds with their hyphens) occurs elsewhere in the
   * document: `WordCensus.counts`, whose other keys (plain words, after a tab) match no word.
   */
  counts: ReadonlyMap<string, number>;
  lexicon?: Lexicon;
  /** Prefixes written with a hyphen (`self`, `non`), and those usually closed up (`re`, `multi`). */
  hyphenPrefixes: ReadonlySet<string>;
  closedPrefixes: ReadonlySet<string>;
  alwaysClosedPrefixes: ReadonlySet<string>;
  /** Suffixes that are also words (`ship`, `ment`): `member-`/`ship` is one word. */
  suffixes: ReadonlySet<string>;
}

/**
 * What the source of the text knows about one line end (the PDF import: where the line stops on
 * the page). Evidence added to the text's own: the decision stays `decideHyphen`'s.
 */
export interface LineEndEvidence {
  /** The line reaches its column's right edge, as a full line of justified text does. */
  full: boolean;
}

const UPPER_START = lazyPattern(() => /^\p{Lu}/u);
const DIGIT = lazyPattern(() => /\p{N}/u);

/**
 * Decides one line-end hyphen from the halves around it. Pure: the same halves and evidence, the
 * same verdict. `lineEnd`, where the text's source knows it: a line that stops short of its
 * column's edge was not broken by the typesetter, so its hyphen is the text's own.
 */
export function decideHyphen(
  before: string,
  after: string,
  evidence: HyphenEvidence,
  lineEnd?: LineEndEvidence,
): HyphenVerdict {
  if (lineEnd && !lineEnd.full) {
    return { decision: "keep", reason: "the line stops short of its column's edge: no word was split there" };
  }
  if (UPPER_START().test(after)) return { decision: "keep", reason: "the second half is capitalised" };
  if (DIGIT().test(before) || DIGIT().test(after)) return { decision: "keep", reason: "a number" };
  const joinedKey = `${before}${after}`.toLowerCase();
  const hyphenKey = `${before}-${after}`.toLowerCase();
  const joinedCount = evidence.counts.get(joinedKey) ?? 0;
  const hyphenCount = evidence.counts.get(hyphenKey) ?? 0;
  if (joinedCount > hyphenCount) {
    return { decision: "join", reason: `the document writes “${joinedKey}” ${times(joinedCount)}` };
  }
  if (hyphenCount > joinedCount) {
    return { decision: "keep", reason: `the document writes “${hyphenKey}” ${times(hyphenCount)}` };
  }
  if (joinedCount > 0) return { decision: "both", reason: "the document spells it both ways" };
  const lexicon = evidence.lexicon;
  if (!lexicon) return { decision: "unsure", reason: "no lexicon for this language" };
  const lastPart = before.slice(before.lastIndexOf("-") + 1);
  const prefix = lastPart.toLowerCase();
  const joined = `${lastPart}${after}`;
  if (evidence.hyphenPrefixes.has(prefix) && lexicon.has(after)) {
    return { decision: "keep", reason: `“${prefix}-” takes a hyphen` };
  }
  const always = evidence.alwaysClosedPrefixes.has(prefix);
  if (always || evidence.closedPrefixes.has(prefix)) {
    if (/[aeiou]$/.test(prefix) && prefix.at(-1) === after[0]?.toLowerCase()) {
      return { decision: "keep", reason: `“${prefix}-” keeps its hyphen before the same vowel` };
    }
    if (lexicon.has(joined) || (always && lexicon.has(after))) {
      return { decision: "join", reason: `“${prefix}-” is closed up: “${joined}”` };
    }
    return { decision: "keep", reason: `“${joined}” is not a word` };
  }
  const firstIsWord = lexicon.has(lastPart);
  if (firstIsWord && evidence.suffixes.has(after.toLowerCase())) {
    return { decision: "join", reason: `“-${after}” is a suffix: “${joined}”` };
  }
  if (!lexicon.has(joined)) return { decision: "keep", reason: `“${joined}” is not a word` };
  const secondIsWord = lexicon.has(after);
  if (!firstIsWord || !secondIsWord) {
    return { decision: "join", reason: `“${joined}” is a word; “${firstIsWord ? after : lastPart}” alone is not` };
  }
  // A half of three letters or fewer is rarely a compound's element (`in-`/`crease`,
  // `got-`/`ten`), except a particle after a verb (`follow-`/`up`).
  if ((lastPart.length <= 3 || after.length <= 3) && !PARTICLES.has(after.toLowerCase())) {
    return {
      decision: "join",
      reason: `“${joined}” is a word, and “${lastPart.length <= 3 ? lastPart : after}” is too short to be a compound's half`,
    };
  }
  return { decision: "both", reason: `“${lastPart}” and “${after}” are words, and so is “${joined}”` };
}

const PARTICLES = new Set(["up", "in", "out", "off", "on", "down", "over", "by", "back", "away"]);

function times(n: number): string {
  return n === 1 ? "once" : `${n} times`;
}
