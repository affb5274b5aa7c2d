import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";

/** One language's header grammar and record vocabulary, as stored in server/data/languages/*.json. */
export interface LanguageData {
  language: string;
  name: string;
  source: string;
  stopwords: string[];
  /** Words an acronym's long form may skip (`of`, `the`, `and`). */
  functionWords: string[];
  /** Prefixes written with a hyphen (`self-`, `non-`). */
  hyphenPrefixes: { source: string; words: string[] };
  /** Prefixes closed up before any word (`re`, `bi`, `over`). */
  alwaysClosedPrefixes: { source: string; words: string[] };
  /** Second parts written after a hyphen in compound adjectives (`Syrian-led`, `security-related`). */
  hyphenSuffixes: { source: string; words: string[] };
  /** Prefixes usually closed up (`re`, `multi`, `inter`), except before the same vowel. */
  closedPrefixes: { source: string; words: string[] };
  /** Prefixes and suffixes that are also words: a split there is a derivation, not a fusion. */
  boundParts: { source: string; prefixes: string[]; suffixes: string[] };
  /** Common words of one to four letters that a fusion may hold (`has|become`). */
  shortWords: { source: string; words: string[] };
  /** Words of UN usage the lexicon lacks (`peacebuilding`, `hotspot`, `modus`). */
  extraWords: { source: string; words: string[] };
  titles: string[];
  /**
   * Titles with which a header may give a name alone, with no delegation (a briefer:
   * `Mr. Griffiths:`); a subset of `titles` (not `President`, `Minister`, `General`, …).
   */
  nameOnlyTitles: string[];
  /**
   * Honorifics printed after the name (`Mahmoud FAWZI Bey (Egypt):`): a header with one of them
   * and a delegation reads without a title before the name.
   */
  titlesAfter?: { source: string; words: string[] };
  offices: string[];
  /**
   * How a reader groups a record's speakers (the Speakers view, the hover): the offices that
   * preside and those of the Secretariat (every office in one of the two), and words of a
   * header's delegation or role that make its speaker a UN official (`Special Envoy`).
   */
  speakerGroups: { source: string; presiding: string[]; secretariat: string[]; officialTitles: string[] };
  /** English only: the first words of names written with `the` in running text (`Russian Federation`). */
  namesWithThe?: { source: string; names: string[] };
  note: string;
  nameParticles: string[];
  organs: string[];
  period: string;
  meeting: string;
  /** The six official languages' names as the interpretation notes write them, by ISO 639-1 code. */
  officialLanguages: { source: string; names: Record<string, string> };
  /** Expressions of time relative to the day of speaking (`l'année dernière`: year −1), by language. */
  relativeDates: {
    source: string;
    phrases: { text: string; unit: "day" | "week" | "month" | "year"; offset: number }[];
  };
  weekdays: string[];
  /** Month names as dates write them (Russian: the genitive, `апреля`). */
  months: string[];
  places: string[];
  /** Words that name a body, not a State, in a header's delegation (`Office`, `Union`). */
  entityWords: { source: string; words: string[] };
  statuses: string[];
  presidentLabels: string[];
  membersLabel: string;
  agendaHeading: string;
  agendaItem: string;
  boilerplateStart: string;
  /**
   * The last line of the correction notice as the records print it, where page 1's footer must be
   * told apart from the speech around it without the job number below it (a PDF import).
   */
  boilerplateEnd?: string;
  procedural: { kind: string; pattern: string }[];
  /** How the language's records print a vote: its lists' labels, the sentences around it, its counts. */
  votes: VoteData;
}

export type VotePosition = "yes" | "no" | "abstain";

export interface VoteData {
  source: string;
  /** The labels of the three lists, without their colon (`In favour`, `Abstaining`, `Abstentions`). */
  lists: Record<VotePosition, string[]>;
  /** What an empty list says (`None`). */
  none: string[];
  /** The word joining the last two names of a list (`China and Russian Federation`). */
  and: string;
  /** The sentence that opens a vote (`A recorded vote was taken.`), and what tells its method. */
  taken: string;
  showOfHands: string;
  recorded: string;
  /**
   * Patterns of the sentences that give a vote's outcome, with the named groups `subject`,
   * `result`, `yes`, `no`, `abstain` and `act` (the resolution or decision adopted), each optional.
   */
  outcomes: string[];
  /** The result each printed phrase means (`has not been adopted` → `not-adopted`). */
  results: Record<string, string[]>;
  /** Counts printed in words (`three votes in favour`, `none against`). */
  numbers: Record<string, number>;
}

export interface ServiceData {
  languages: LanguageData[];
}

export const LANGUAGE_FILES = ["en", "fr", "es", "ru"] as const;

/**
 * The data folder sits next to the bundle: server/out/server.js reads server/data, and so does
 * server/src/*.ts under tests (both are one level below server/).
 */
export function defaultDataDir(): string {
  return join(__dirname, "..", "data");
}

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch (error) {
    throw new Error(`Verbatim: cannot read data file ${path}: ${(error as Error).message}`);
  }
}

let cached: { dir: string; data: ServiceData } | undefined;

/** Loads (once per folder) every data file the language service needs. */
export function loadData(dir: string = defaultDataDir()): ServiceData {
  if (cached?.dir === dir) return cached.data;
  const languages = LANGUAGE_FILES.map((code) => readJson<LanguageData>(join(dir, "languages", `${code}.json`)));
  const data = { languages };
  cached = { dir, data };
  return data;
}

// The files of server/data (and the dictionaries' packages) are read here and nowhere else in the
// service: the lexicon, the glossaries, the Member States and the look-alike table take their
// text or bytes from these. (The team glossary, a workspace's file, is read as untrusted input by
// glossary/teamFile.ts; PDF.js's own modules by pdf/read.ts.)

/** A data file's text, or undefined where there is no such file. */
export function readDataText(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

/** A data file's bytes, or undefined where there is no such file. */
export function readDataBytes(file: string): Buffer | undefined {
  return existsSync(file) ? readFileSync(file) : undefined;
}

/** A data file open for reading by ranges (a lexicon's table), until closed. */
export interface DataFile {
  readonly size: number;
  /** The bytes from `start` to `end` (fewer where the file ends first). */
  read(start: number, end: number): Buffer;
  close(): void;
}

/** A data file opened to be read by ranges; undefined when it is not there. */
export function openDataFile(file: string): DataFile | undefined {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return undefined;
  }
  let open = true;
  const size = fstatSync(fd).size;
  return {
    size,
    read(start, end) {
      if (!open) throw new Error(`${file}: read after it was closed`);
      const bytes = Buffer.allocUnsafe(Math.max(0, Math.min(end, size) - start));
      let at = 0;
      while (at < bytes.length) {
        const n = readSync(fd, bytes, at, bytes.length - at, start + at);
        if (n <= 0) break;
        at += n;
      }
      return at === bytes.length ? bytes : bytes.subarray(0, at);
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}
