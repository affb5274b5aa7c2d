import { isAscii } from "node:buffer";
import { ownCopy } from "../text/strings";

/**
 * A lexicon prepared at build time (scripts/lexicon.mjs): the word forms nspell expands from the
 * Hunspell dictionaries, read back in milliseconds instead of expanded again in every process.
 * `correct` is nspell's own algorithm (lib/util/form.js and exact.js of nspell 2.1) over that
 * table, so a prepared lexicon accepts exactly the words nspell accepts (test/unit/lexicon.test.ts
 * checks it over the corpus). The file's format is described in scripts/lexicon.mjs.
 */

export const PREPARED_FORMAT = "verbatim-lexicon/2";

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
  /**
   * The groups: their keys (their forms' first two UTF-16 units), in order, joined by line
   * breaks, and the byte offset of each one's first line.
   */
  index: { keys: string; starts: number[] };
  /** The table's length in bytes: the end of the last group. */
  length: number;
}

/**
 * A prepared file as read: its first line, then byte ranges of the table after it, each the
 * lines of one group of forms (whole lines: a range never cuts a character).
 */
export interface PreparedSource {
  /** The first line's text, without its line break. */
  readonly header: string;
  /** The text of the table's bytes from `start` to `end` (offsets from the table's first byte). */
  read(start: number, end: number): string;
}

/** A prepared file held whole: its header, and its table's ranges decoded as they are asked. */
export function wholePrepared(bytes: Buffer): PreparedSource {
  const eol = bytes.indexOf(10);
  const from = eol + 1;
  return {
    header: bytes.toString("utf8", 0, eol === -1 ? bytes.length : eol),
    read: (start, end) => textOf(bytes.subarray(from + start, from + end)),
  };
}

/** Bytes of the table as text: ASCII read as Latin-1 is the same text, and Node decodes it faster. */
export function textOf(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
}

/**
 * The sorted forms, read a group at a time: a look-up reads the lines of its word's key (its
 * first two characters) once, then searches them in place — a binary search over the group's
 * text, each step finding the line around a middle offset and comparing character codes — so
 * that nothing is built from what is read (126 000 lines for English, in 1,194 groups, the
 * largest 48 kB). The group is what the search ran among when the whole file was read: the
 * forms from the key to the key with its last character one higher.
 */
class FormTable {
  /** The groups' keys, in order (found by a binary search: no table is built when the file is read). */
  private readonly keys: string[];
  /** Each group read so far, as text. */
  private readonly groups = new Map<string, string>();

  constructor(
    private readonly source: PreparedSource,
    keys: string,
    /** Each group's first byte; the last group ends at `length`. */
    private readonly starts: readonly number[],
    private readonly length: number,
  ) {
    this.keys = keys.split("\n");
  }

  /** The number of the group of `key`, or -1. */
  private group(key: string): number {
    const keys = this.keys;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo < keys.length && keys[lo] === key ? lo : -1;
  }

  /** The end of the form on the line of `text` starting at `start`: before its tab or its line break. */
  private static formEnd(text: string, start: number): number {
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
  private readonly recentCodes: (string | undefined)[] = [undefined, undefined, undefined, undefined];
  private next = 0;

  /**
   * What the line of `word` holds after the form: `""` for a bare form, else its codes (after
   * the tab); undefined when the table lacks the word.
   */
  find(word: string): string | undefined {
    for (let k = 0; k < 4; k++) if (this.recentWords[k] === word) return this.recentCodes[k];
    const codes = this.search(word);
    this.recentWords[this.next] = ownCopy(word);
    this.recentCodes[this.next] = codes;
    this.next = (this.next + 1) & 3;
    return codes;
  }

  /** The offset of the first line of `text` whose form is not below `key`, all of them sorted. */
  private static lowerBound(text: string, key: string): number {
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      let start = text.lastIndexOf("\n", mid - 1) + 1;
      if (start < lo) start = lo;
      const end = FormTable.formEnd(text, start);
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

  private search(word: string): string | undefined {
    if (word === "") return undefined;
    const key = word.slice(0, 2);
    let text = this.groups.get(key);
    if (text === undefined) {
      const k = this.group(key);
      // No form starts with these characters.
      if (k === -1) return undefined;
      text = this.source.read(this.starts[k], k + 1 < this.starts.length ? this.starts[k + 1] : this.length);
      this.groups.set(ownCopy(key), text);
    }
    // The first form not below the word: the word's line if it is there.
    const at = FormTable.lowerBound(text, word);
    if (at >= text.length) return undefined;
    const end = FormTable.formEnd(text, at);
    if (end - at !== word.length || !text.startsWith(word, at)) return undefined;
    if (text.charCodeAt(end) !== 9) return "";
    const eol = text.indexOf("\n", end);
    return text.slice(end + 1, eol === -1 ? undefined : eol);
  }
}

/** One dictionary of a prepared lexicon: nspell's `correct`, over the shared table. */
export class PreparedSpeller {
  /** The compound rules' patterns, made when a word the table lacks is first asked. */
  private rulesMade: RegExp[] | undefined;
  /** ICONV: pattern, replacement, and the pattern's text when it is a plain string (tested first). */
  private readonly conversion: [RegExp, string, string | undefined][];
  private readonly compoundMin: number;

  constructor(
    private readonly table: FormTable,
    private readonly index: number,
    private readonly header: DictionaryHeader,
  ) {
    this.conversion = header.conversion.map((c) => [
      new RegExp(c.source, c.flags),
      c.to,
      /[\\^$.*+?()[\]{}|]/.test(c.source) ? undefined : c.source,
    ]);
    this.compoundMin = header.compoundMin;
  }

  /** The form's code in this dictionary, or undefined when its table lacks it. */
  private entry(value: string): string | undefined {
    const codes = this.table.find(value);
    if (codes === undefined) return undefined;
    // `+` (in its table, no flag), `-` (absent) or flag letters, per dictionary.
    const code = codes === "" ? "+" : (codes.split(",")[this.index] ?? "-");
    return code === "-" ? undefined : code;
  }

  /** nspell's `exact` (`code`: the value's entry): in the table and not only-in-compound; else a compound rule. */
  private exact(value: string, code: string | undefined): boolean {
    if (code !== undefined) return !code.includes("o");
    if (value.length >= this.compoundMin) {
      this.rulesMade ??= this.header.compoundRules.map((r) => new RegExp(r.source, r.flags));
      for (const rule of this.rulesMade) if (rule.test(value)) return true;
    }
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

/** The spellers of a prepared lexicon (its file whole, or read as it is asked), one per dictionary, or an error. */
export function readPrepared(file: PreparedSource | Buffer): PreparedSpeller[] | { error: string } {
  const source = Buffer.isBuffer(file) ? wholePrepared(file) : file;
  let header: Header;
  try {
    header = JSON.parse(source.header) as Header;
  } catch {
    return { error: "its first line is not JSON" };
  }
  if (header.format !== PREPARED_FORMAT) return { error: `format ${String(header.format)}, not ${PREPARED_FORMAT}` };
  const index = header.index;
  if (typeof index?.keys !== "string" || !Array.isArray(index.starts) || typeof header.length !== "number")
    return { error: "its header has no index" };
  const table = new FormTable(source, index.keys, index.starts, header.length);
  return header.dictionaries.map((d, i) => new PreparedSpeller(table, i, d));
}
