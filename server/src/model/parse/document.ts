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
  // by every process; then each language's count in a loop of its own (quicker before the code
  // is compiled than every language asked for every word).
  const words: string[] = [];
  forEachLetterRun(lower, (start, end) => {
    words.push(lower.slice(start, end));
  });
  const lines = sample.split(/\r\n?|\n/);
  const counts = profiles.map((p) => {
    let count = 0;
    for (let k = 0; k < words.length; k++) if (p.stopwords.has(words[k])) count++;
    // The cheap start of a header first (a header matches it): most lines are none, and the
    // full header patterns, compiled on their first use, are then never compiled for the
    // languages a record is not in.
    for (let k = 0; k < lines.length; k++) if (p.headerStart.test(lines[k]) && p.header.test(lines[k])) count += 10;
    return count;
  });
  let best = 0;
  for (let k = 1; k < profiles.length; k++) if (counts[k] > counts[best]) best = k;
  return profiles[best];
}

/** Text with NUL bytes, or mostly control characters, is not a transcript. */
export const UNREADABLE_SAMPLE = 65536;

// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters of binary data are what it counts
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F]/g;

export function unreadableReason(text: string): string | undefined {
  const sample = text.slice(0, UNREADABLE_SAMPLE);
  if (sample.indexOf("\u0000") >= 0) return "The file holds NUL bytes: it looks binary, not a transcript.";
  // Control characters but tab, line feed, form feed and carriage return.
  const control = sample.match(CONTROL)?.length ?? 0;
  if (sample.length > 64 && control / sample.length > 0.1) {
    return "The file is mostly control characters: it looks binary, not a transcript.";
  }
  return undefined;
}
