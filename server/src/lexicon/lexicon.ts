import { isAscii } from "node:buffer";
import { join } from "node:path";
import nspell from "nspell";
import { defaultDataDir, readDataBytes } from "../data";
import { ownCopy } from "../text/strings";
import { readPrepared } from "./prepared";

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

/** A language's prepared form table, if the build made one (`<dataDir>/lexicon/<language>.words`). */
function readPreparedFile(dataDir: string, language: string): Speller[] | undefined {
  const file = join(dataDir, "lexicon", `${language}.words`);
  const bytes = readDataBytes(file);
  if (!bytes) return undefined;
  // ASCII read as Latin-1 is the same text, and Node makes it ten times faster than UTF-8.
  const spellers = readPrepared(isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8"));
  if ("error" in spellers) throw new Error(`Verbatim: the lexicon ${file} cannot be read: ${spellers.error}`);
  return spellers;
}

class HunspellLexicon implements Lexicon {
  private readonly memo = new Map<string, boolean>();
  constructor(
    readonly language: string,
    private readonly spellers: Speller[],
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

const loaded = new Map<string, Lexicon | null>();

/**
 * The lexicon of a language, loaded once per process on first use (a few milliseconds for
 * English's prepared table), or undefined where the language has none: rules that need one then stay silent.
 */
export function lexiconFor(language: string, dataDir: string = defaultDataDir()): Lexicon | undefined {
  const key = `${language}\u0000${dataDir}`;
  const cached = loaded.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const sources = DICTIONARIES[language];
  let lexicon: Lexicon | null = null;
  const prepared = sources ? readPreparedFile(dataDir, language) : undefined;
  if (prepared) lexicon = new HunspellLexicon(language, prepared);
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
