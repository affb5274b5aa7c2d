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
  const counts = new Map<LanguageProfile, number>(profiles.map((p) => [p, 0]));
  // Runs of letters (`/\p{L}+/gu`), by the word tables rather than a Unicode pattern built afresh
  // by every process.
  forEachLetterRun(lower, (start, end) => {
    const word = lower.slice(start, end);
    for (const p of profiles) if (p.stopwords.has(word)) counts.set(p, (counts.get(p) ?? 0) + 1);
  });
  for (const line of sample.split(/\r\n?|\n/)) {
    // The cheap start of a header first (a header matches it): most lines are none, and the
    // full header patterns, compiled on their first use, are then never compiled for the
    // languages a record is not in.
    for (const p of profiles)
      if (p.headerStart.test(line) && p.header.test(line)) counts.set(p, (counts.get(p) ?? 0) + 10);
  }
  let best = profiles[0];
  for (const p of profiles) if ((counts.get(p) ?? 0) > (counts.get(best) ?? 0)) best = p;
  return best;
}

/** Text with NUL bytes, or mostly control characters, is not a transcript. */
export const UNREADABLE_SAMPLE = 65536;

export function unreadableReason(text: string): string | undefined {
  const sample = text.slice(0, UNREADABLE_SAMPLE);
  if (sample.indexOf("\u0000") >= 0) return "The file holds NUL bytes: it looks binary, not a transcript.";
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
  }
  if (sample.length > 64 && control / sample.length > 0.1) {
    return "The file is mostly control characters: it looks binary, not a transcript.";
  }
  return undefined;
}
