import { ownCopy } from "../text/strings";

/**
 * A lexicon prepared at build time (scripts/lexicon.mjs): the word forms nspell expands from the
 * Hunspell dictionaries, read back in milliseconds instead of expanded again in every process.
 * `correct` is nspell's own algorithm (lib/util/form.js and exact.js of nspell 2.1) over that
 * table, so a prepared lexicon accepts exactly the words nspell accepts (test/unit/lexicon.test.ts
 * checks it over the corpus). The file's format is described in scripts/lexicon.mjs.
 */

export const PREPARED_FORMAT = "verbatim-lexicon/1";

interface DictionaryHeader {
  name: string;
  compoundMin: number;
  compoundRules: { source: string; flags: string }[];
  conversion: { source: string; flags: string; to: string }[];
}

interface Header {
  format: string;
  source: string;
  dictionaries: DictionaryHeader[];
}

/**
 * The sorted forms, kept as the file's text: a lookup is a binary search over the text itself,
 * each step finding the line around a middle offset and comparing character codes in place, so
 * that nothing is built when the file is read (126 000 lines for English).
 */
class FormTable {
  constructor(
    private readonly text: string,
    /** Where the first form's line starts. */
    private readonly from: number,
  ) {}

  /** The end of the form on the line starting at `start`: before its tab or its line break. */
  private formEnd(start: number): number {
    const text = this.text;
    let eol = text.indexOf("\n", start);
    if (eol === -1) eol = text.length;
    // The tab searched natively and in the line alone: a loop of ours here, run a few hundred
    // times by a one-line check, was the one function V8 optimised in it (1.3 ms of its compiler).
    const tab = text.slice(start, eol).indexOf("\t");
    return tab === -1 ? eol : start + tab;
  }

  /**
   * The last few look-ups: a lexicon's spellers ask for the same forms one after the other (the
   * word, then its lower case, in each dictionary).
   */
  private readonly recentWords: string[] = ["", "", "", ""];
  private readonly recentAt: number[] = [-1, -1, -1, -1];
  private next = 0;

  /** The offset of the line holding `word`, or -1. */
  find(word: string): number {
    for (let k = 0; k < 4; k++) if (this.recentWords[k] === word) return this.recentAt[k];
    const at = this.search(word);
    this.recentWords[this.next] = ownCopy(word);
    this.recentAt[this.next] = at;
    this.next = (this.next + 1) & 3;
    return at;
  }

  /**
   * Where the forms starting with each two-character prefix met so far lie: a look-up searches
   * those lines only (a third of the steps over the whole table, each step paid in full while
   * the code is not yet compiled, as in a fresh process).
   */
  private readonly prefixes = new Map<string, [number, number]>();

  /** The offset of the first line whose form is not below `key` (in [lo, hi]), all of them sorted. */
  private lowerBound(key: string, lo: number, hi: number): number {
    const text = this.text;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      let start = text.lastIndexOf("\n", mid - 1) + 1;
      if (start < lo) start = lo;
      const end = this.formEnd(start);
      let cmp = 0;
      const n = Math.min(key.length, end - start);
      for (let i = 0; i < n && cmp === 0; i++) cmp = key.charCodeAt(i) - text.charCodeAt(start + i);
      if (cmp === 0) cmp = key.length - (end - start);
      if (cmp <= 0) hi = start;
      else {
        const eol = text.indexOf("\n", end);
        lo = eol === -1 ? text.length : eol + 1;
      }
    }
    return lo;
  }

  private search(word: string): number {
    if (word === "") return -1;
    const text = this.text;
    const prefix = word.slice(0, 2);
    let range = this.prefixes.get(prefix);
    if (!range) {
      // Forms with this prefix: from the first not below it to the first not below the prefix
      // with its last character's code one higher.
      const first = this.lowerBound(prefix, this.from, text.length);
      const next = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
      range = [
        first,
        prefix.charCodeAt(prefix.length - 1) === 0xffff ? text.length : this.lowerBound(next, first, text.length),
      ];
      this.prefixes.set(prefix, range);
    }
    // The first form not below the word, among those with its prefix: the word's line if it is there.
    const at = this.lowerBound(word, range[0], range[1]);
    return at < range[1] && this.formEnd(at) - at === word.length && text.startsWith(word, at) ? at : -1;
  }

  /** The code of the line at `start` for one dictionary: `+` (in its table, no flag), `-` (absent) or flag letters. */
  code(start: number, dictionary: number): string {
    const end = this.formEnd(start);
    if (this.text.charCodeAt(end) !== 9) return "+";
    const eol = this.text.indexOf("\n", end);
    return this.text.slice(end + 1, eol === -1 ? undefined : eol).split(",")[dictionary] ?? "-";
  }
}

/** One dictionary of a prepared lexicon: nspell's `correct`, over the shared table. */
export class PreparedSpeller {
  private readonly rules: RegExp[];
  /** ICONV: pattern, replacement, and the pattern's text when it is a plain string (tested first). */
  private readonly conversion: [RegExp, string, string | undefined][];
  private readonly compoundMin: number;

  constructor(
    private readonly table: FormTable,
    private readonly index: number,
    header: DictionaryHeader,
  ) {
    this.rules = header.compoundRules.map((r) => new RegExp(r.source, r.flags));
    this.conversion = header.conversion.map((c) => [
      new RegExp(c.source, c.flags),
      c.to,
      /[\\^$.*+?()[\]{}|]/.test(c.source) ? undefined : c.source,
    ]);
    this.compoundMin = header.compoundMin;
  }

  /** The form's code in this dictionary, or undefined when its table lacks it. */
  private entry(value: string): string | undefined {
    const at = this.table.find(value);
    if (at < 0) return undefined;
    const code = this.table.code(at, this.index);
    return code === "-" ? undefined : code;
  }

  /** nspell's `exact` (`code`: the value's entry): in the table and not only-in-compound; else a compound rule. */
  private exact(value: string, code: string | undefined): boolean {
    if (code !== undefined) return !code.includes("o");
    if (value.length >= this.compoundMin) for (const rule of this.rules) if (rule.test(value)) return true;
    return false;
  }

  /** nspell's `ignore`: a case variant that must not be taken (kept case, forbidden). */
  private static ignore(code: string | undefined): boolean {
    return code !== undefined && (code.includes("k") || code.includes("f"));
  }

  /** nspell's `correct` (`form`): as written, in sentence case if in capitals, in lower case. */
  correct(value: string): boolean {
    let normal = value.trim();
    if (!normal) return false;
    for (const [pattern, to, literal] of this.conversion)
      if (literal === undefined || normal.includes(literal)) normal = normal.replace(pattern, to);
    const code = this.entry(normal);
    if (this.exact(normal, code)) return !(code ?? "").includes("f");
    if (normal.toUpperCase() === normal) {
      const sentence = normal.charAt(0) + normal.slice(1).toLowerCase();
      const sentenceCode = this.entry(sentence);
      if (PreparedSpeller.ignore(sentenceCode)) return false;
      if (this.exact(sentence, sentenceCode)) return true;
    }
    const lower = normal.toLowerCase();
    if (lower !== normal) {
      const lowerCode = this.entry(lower);
      if (PreparedSpeller.ignore(lowerCode)) return false;
      if (this.exact(lower, lowerCode)) return true;
    }
    return false;
  }
}

/** The spellers of a prepared lexicon file's text, one per dictionary, or an error. */
export function readPrepared(text: string): PreparedSpeller[] | { error: string } {
  const eol = text.indexOf("\n");
  let header: Header;
  try {
    header = JSON.parse(text.slice(0, eol)) as Header;
  } catch {
    return { error: "its first line is not JSON" };
  }
  if (header.format !== PREPARED_FORMAT) return { error: `format ${String(header.format)}, not ${PREPARED_FORMAT}` };
  const table = new FormTable(text, eol + 1);
  return header.dictionaries.map((d, i) => new PreparedSpeller(table, i, d));
}
