import { isAscii } from "node:buffer";
import { join } from "node:path";
import nspell from "nspell";
import { defaultDataDir, openDataFile, readDataBytes } from "../data";
import { ownCopy } from "../text/strings";
import { type PreparedSource, readPrepared, textOf } from "./prepared";

/**
 * A spelling lexicon: which words a language has. English is the union of Hunspell's en_US and
 * en_GB dictionaries (SCOWL, wordlist.aspell.net, via the npm packages dictionary-en and
 * dictionary-en-gb), which together accept UN (Oxford) spelling: `organization`, `programme`,
 * `centre`, `labour`. Spanish: Hunspell's es dictionary (RLA-ES, npm dictionary-es; about 1.3 s to
 * load, once). Words are checked as written and in lower case.
 *
 * English is read from the form table prepared at build time (`lexicon/en.words`, made by
 * nspell: scripts/lexicon.mjs), in milliseconds; where it is missing (the sources run before a
 * build), and for Spanish, nspell reads the Hunspell files, which takes half a second or more.
 */
export interface Lexicon {
  readonly language: string;
  has(word: string): boolean;
}

interface Speller {
  correct(word: string): boolean;
}

/** Where each dictionary's files are: next to the bundle (copied by esbuild.mjs) or in node_modules. */
const DICTIONARIES: Record<string, { file: string; pkg: string }[]> = {
  en: [
    { file: "en-US", pkg: "dictionary-en" },
    { file: "en-GB", pkg: "dictionary-en-gb" },
  ],
  // French: nspell takes about 7 s to read Dicollecte's dictionary (its affix rules expand into
  // millions of forms), too long to block a language server; left out until a faster reader.
  es: [{ file: "es", pkg: "dictionary-es" }],
};

function readDictionary(dataDir: string, file: string, pkg: string): { aff: Buffer; dic: Buffer } | undefined {
  const candidates = [join(dataDir, "lexicon", file), join(dataDir, "..", "..", "node_modules", pkg, "index")];
  for (const base of candidates) {
    const aff = readDataBytes(`${base}.aff`);
    const dic = aff && readDataBytes(`${base}.dic`);
    if (aff && dic) return { aff, dic };
  }
  return undefined;
}

/**
 * Groups read one at a time before the rest of the table is read at once: a one-line check asks
 * a handful (a few kB instead of the file's 1.25 MB, 600 page faults fewer); a record asks
 * hundreds, which one read serves faster than as many.
 */
const GROUPS_BEFORE_WHOLE = 32;

/**
 * A prepared file read as it is asked (`PreparedSource`): its first line now, each group of forms
 * when first looked up, and after `groupsBeforeWhole` groups the whole table at once. Every range
 * comes from the one file opened here (closed once it is read whole), even if the build replaces it meanwhile.
 */
export function preparedFile(
  file: string,
  groupsBeforeWhole = GROUPS_BEFORE_WHOLE,
): (PreparedSource & { readAll(): void }) | undefined {
  const data = openDataFile(file);
  if (!data) return undefined;
  // The first line, at most 1 MB (English's, with its index, is 17 kB).
  let head = data.read(0, 32768);
  let eol = head.indexOf(10);
  while (eol === -1 && head.length < data.size && head.length < 1 << 20) {
    head = Buffer.concat([head, data.read(head.length, head.length * 2)]);
    eol = head.indexOf(10);
  }
  if (eol === -1) {
    data.close();
    return { header: "", read: () => "", readAll: () => {} };
  }
  const from = eol + 1;
  let reads = 0;
  // The table once read whole: as text where it is ASCII (a range's offsets are then its
  // characters'), else as bytes.
  let whole: string | Buffer | undefined;
  const readWhole = () => {
    const bytes = data.read(from, data.size);
    data.close();
    whole = isAscii(bytes) ? bytes.toString("latin1") : bytes;
  };
  return {
    header: head.toString("utf8", 0, eol),
    read(start, end) {
      if (whole === undefined && ++reads > groupsBeforeWhole) readWhole();
      if (whole === undefined) return textOf(data.read(from + start, from + end));
      return typeof whole === "string" ? whole.slice(start, end) : textOf(whole.subarray(start, end));
    },
    readAll() {
      if (whole === undefined) readWhole();
    },
  };
}

/** A language's prepared form table, if the build made one (`<dataDir>/lexicon/<language>.words`). */
function readPreparedFile(dataDir: string, language: string): { spellers: Speller[]; readAll(): void } | undefined {
  const file = join(dataDir, "lexicon", `${language}.words`);
  const source = preparedFile(file);
  if (!source) return undefined;
  const spellers = readPrepared(source);
  if ("error" in spellers) throw new Error(`Verbatim: the lexicon ${file} cannot be read: ${spellers.error}`);
  return { spellers, readAll: source.readAll };
}

class HunspellLexicon implements Lexicon {
  private readonly memo = new Map<string, boolean>();
  constructor(
    readonly language: string,
    private readonly spellers: Speller[],
    /** Reads the whole of a prepared table now (an idle server's `prepare`). */
    readonly readAll: () => void = () => {},
  ) {}

  has(word: string): boolean {
    const known = this.memo.get(word);
    if (known !== undefined) return known;
    const lower = word.toLowerCase();
    const result = this.spellers.some((s) => s.correct(word) || (lower !== word && s.correct(lower)));
    if (this.memo.size > 200_000) this.memo.clear();
    this.memo.set(ownCopy(word), result);
    return result;
  }
}

const loaded = new Map<string, HunspellLexicon | null>();

/**
 * The lexicon of a language, loaded once per process on first use (a few milliseconds for
 * English's prepared table), or undefined where the language has none: rules that need one then stay silent.
 */
export function lexiconFor(language: string, dataDir: string = defaultDataDir()): Lexicon | undefined {
  const key = `${language}\u0000${dataDir}`;
  const cached = loaded.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const sources = DICTIONARIES[language];
  let lexicon: HunspellLexicon | null = null;
  const prepared = sources ? readPreparedFile(dataDir, language) : undefined;
  if (prepared) lexicon = new HunspellLexicon(language, prepared.spellers, prepared.readAll);
  else if (sources) {
    const spellers: Speller[] = [];
    for (const s of sources) {
      const files = readDictionary(dataDir, s.file, s.pkg);
      if (files) spellers.push(nspell(files));
    }
    if (spellers.length) lexicon = new HunspellLexicon(language, spellers);
  }
  loaded.set(key, lexicon);
  return lexicon ?? undefined;
}

/**
 * Reads the whole of a language's lexicon now, where a look-up would read it group by group
 * (an idle server, before its first analysis asks hundreds of groups).
 */
export function readLexiconWhole(language: string, dataDir: string = defaultDataDir()): void {
  lexiconFor(language, dataDir);
  loaded.get(`${language}\u0000${dataDir}`)?.readAll();
}
