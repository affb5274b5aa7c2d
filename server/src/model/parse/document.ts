import { lazyPattern } from "../../text/regexp";
import { forEachLetterRun } from "../../text/words";
import type { LanguageProfile } from "../profile";

/**
 * Picks the language whose function words are most frequent near the start of the text; a line
 * in that language's speaker-header shape counts as much as ten function words, so that a short
 * excerpt (`Председатель: …`) is still recognised.
 */
export const LANGUAGE_SAMPLE = 20000;

export function detectLanguage(text: string, profiles: readonly LanguageProfile[]): LanguageProfile {
  const sample = text.slice(0, LANGUAGE_SAMPLE);
  const lower = sample.toLowerCase();
  // Runs of letters (`/\p{L}+/gu`), by the word tables rather than a Unicode pattern built afresh
  // by every process; each word looked up once, in a table of the languages whose function word
  // it is (a batch of small records spent more here than in some rules).
  // Looked up in place, by the hash of the run (no string cut out per word): only runs of a
  // length some function word has are hashed at all.
  const table = stopwordTable(profiles);
  const counts = profiles.map(() => 0);
  forEachLetterRun(lower, (start, end) => {
    const length = end - start;
    if (length >= table.lengths.length || table.lengths[length] === 0) return;
    let h = 0x811c9dc5;
    for (let k = start; k < end; k++) h = Math.imul(h ^ lower.charCodeAt(k), 0x01000193);
    const bucket = table.byHash.get(h);
    if (bucket === undefined) return;
    for (const { word, languages } of bucket)
      if (word.length === length && lower.startsWith(word, start))
        for (let k = 0; k < languages.length; k++) counts[languages[k]]++;
  });
  const lines = sample.split(/\r\n?|\n/);
  profiles.forEach((p, k) => {
    // The cheap start of a header first (a header matches it): most lines are none, and the
    // full header patterns, compiled on their first use, are then never compiled for the
    // languages a record is not in.
    for (let i = 0; i < lines.length; i++) if (p.headerStart.test(lines[i]) && p.header.test(lines[i])) counts[k] += 10;
  });
  let best = 0;
  for (let k = 1; k < profiles.length; k++) if (counts[k] > counts[best]) best = k;
  return profiles[best];
}

/** The function words of the profiles, found by the hash of a run of letters. */
interface StopwordTable {
  /** FNV-1a hash of a word (as `SpellingTable` hashes it) → the words with it, and the indices of the profiles that have each. */
  byHash: Map<number, { word: string; languages: number[] }[]>;
  /** Non-zero at the lengths some function word has. */
  lengths: Uint8Array;
}

/** The last set of profiles' table (a service has one set): language data, not a document's. */
let stopwordsOf: { profiles: readonly LanguageProfile[]; table: StopwordTable } | undefined;

/** Each function word of the profiles, with the indices of the profiles that have it. */
function stopwordTable(profiles: readonly LanguageProfile[]): StopwordTable {
  if (stopwordsOf?.profiles === profiles) return stopwordsOf.table;
  const byWord = new Map<string, number[]>();
  for (let k = 0; k < profiles.length; k++)
    for (const w of profiles[k].stopwords) {
      const languages = byWord.get(w);
      if (languages) languages.push(k);
      else byWord.set(w, [k]);
    }
  const byHash = new Map<number, { word: string; languages: number[] }[]>();
  let longest = 0;
  for (const word of byWord.keys()) longest = Math.max(longest, word.length);
  const lengths = new Uint8Array(longest + 1);
  for (const [word, languages] of byWord) {
    let h = 0x811c9dc5;
    for (let k = 0; k < word.length; k++) h = Math.imul(h ^ word.charCodeAt(k), 0x01000193);
    const bucket = byHash.get(h);
    if (bucket) bucket.push({ word, languages });
    else byHash.set(h, [{ word, languages }]);
    lengths[word.length] = 1;
  }
  const table = { byHash, lengths };
  stopwordsOf = { profiles, table };
  return table;
}

/** Text with NUL bytes, or mostly control characters, is not a transcript. */
export const UNREADABLE_SAMPLE = 65536;

// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters of binary data are what it counts
const CONTROL = lazyPattern(() => /[\u0000-\u0008\u000B\u000E-\u001F]/g);

export function unreadableReason(text: string): string | undefined {
  const sample = text.slice(0, UNREADABLE_SAMPLE);
  if (sample.indexOf("\u0000") >= 0) return "The file holds NUL bytes: it looks binary, not a transcript.";
  // Control characters but tab, line feed, form feed and carriage return.
  const control = sample.match(CONTROL())?.length ?? 0;
  if (sample.length > 64 && control / sample.length > 0.1) {
    return "The file is mostly control characters: it looks binary, not a transcript.";
  }
  return undefined;
}
