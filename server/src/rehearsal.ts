// A rehearsal of the edit path: a throwaway copy of the start of a record, analysed, then edited
// the ways a user edits (a letter, a diacritic, an astral character, Enter, a join, a deletion),
// each version analysed and settled as an editor's analyst does. The incremental passes (the
// splices, the census's corrections, the lists taken over) run for the first time at a first edit,
// and V8 compiles them then: a server's first edits of a 1 MB record cost 3 to 6 times a later
// one's (bench/HISTORY.md, "What an edit waited for besides its analysis"). A thread that is idle
// after its first analysis rehearses once, in steps, so that the first keystroke finds the code
// compiled. The document the rehearsal edits is its own (`REHEARSAL_URI`) and forgotten after.

import type { LanguageService, TextDocumentLike } from "./service";
import type { VerbatimSettings } from "./settings";
import { ownCopy } from "./text/strings";

/** The rehearsal's own document: a URI no editor sends (its scheme is none of a file's). */
export const REHEARSAL_URI = "verbatim-rehearsal:edit-path";

/**
 * How much of the record the rehearsal copies (UTF-16 units, cut at a line's end): enough for a
 * cover page and some speeches, an analysis of some tens of milliseconds a step.
 */
export const REHEARSAL_CHARS = 80_000;

/**
 * Below this length a record is too short to rehearse on (too few lines of each kind to run the
 * passes' splices): the thread waits for a longer one.
 */
export const REHEARSAL_MIN_CHARS = 20_000;

/**
 * Fresh first analyses of the sample a thread makes once, in its idle time, after the edit path's
 * rehearsal (`firstAnalyses`): some 1 MB of text in all. V8 optimises a function once it has run
 * enough; a fresh server's first analyses of a 1 MB record cost 3 to 4 times a later one's while
 * it does (parse and rules, 617+160 ms of CPU for the first, 376+78 for the second, some 200 from
 * the seventh: bench/RESULTS.md, "The editor's waits"). Analysed in idle time instead, the next
 * record opened finds the code optimised.
 */
export const FIRST_ANALYSES = 12;

/**
 * The first analyses are made only while the thread holds less text than this (UTF-16 units): a
 * thread that has analysed a longer record has run the parse and the rules over more text than
 * the first analyses would (FIRST_ANALYSES × REHEARSAL_CHARS, some 1 MB), and what they leave in
 * the old generation would be collected later with a long record's model (a 10 MB record's first
 * edit already costs 640–1,320 ms of CPU, a major collection among it).
 */
export const FIRST_ANALYSES_MAX_HELD = 2_000_000;

/**
 * One fresh first analysis of a copy of the start of `text` (REHEARSAL_CHARS, as the rehearsal's),
 * under `REHEARSAL_URI`, forgotten after: a step of the idle work, some tens of milliseconds.
 * Undefined when the text is too short to stand for a record.
 */
export function firstAnalysis(
  service: LanguageService,
  text: string,
  settings: VerbatimSettings | undefined,
): (() => void) | undefined {
  const sample = sampleOf(text);
  if (sample === undefined) return undefined;
  return () => {
    service.forget(REHEARSAL_URI);
    service.diagnostics({ uri: REHEARSAL_URI, version: 0, getText: () => sample }, settings);
    service.forget(REHEARSAL_URI);
  };
}

/** One edit of the rehearsal: `remove` characters at `at` (from the chosen line's middle) replaced by `insert`. */
interface Step {
  readonly at: number;
  readonly remove: number;
  readonly insert: string;
}

// Typing, a diacritic, an astral character (a surrogate pair), Backspace, Enter (a line split),
// the join of the two lines again, a blank line (a paragraph split) and its removal, a word pasted.
const STEPS: readonly Step[] = [
  { at: 0, remove: 0, insert: "x" },
  { at: 1, remove: 0, insert: "é" },
  { at: 2, remove: 0, insert: "\u{1D400}" },
  { at: 2, remove: 2, insert: "" },
  { at: 0, remove: 2, insert: "" },
  { at: 0, remove: 0, insert: "\n" },
  { at: 0, remove: 1, insert: "" },
  { at: 0, remove: 0, insert: "\n\n" },
  { at: 0, remove: 2, insert: "" },
  { at: 0, remove: 0, insert: " Committee " },
  { at: 0, remove: 11, insert: "" },
];

/**
 * The rehearsal on `text` (a record the thread holds) as steps: each call of the function returned
 * runs one (the first analysis, then one edit and its analysis) and says whether more are left.
 * Undefined when the text is too short. The caller runs the steps while it is idle, one per turn of
 * its event loop, and stops them when work comes; `service.forget(REHEARSAL_URI)` ends it early.
 */
export function rehearsal(
  service: LanguageService,
  text: string,
  settings: VerbatimSettings | undefined,
): (() => boolean) | undefined {
  const first = sampleOf(text);
  if (first === undefined) return undefined;
  let sample = first;
  // The edits are made in the middle of a line of some length past the sample's middle (a line
  // of a speech, most likely), so that each pass's splice has lines before and after it.
  const middle = lineMiddle(sample);
  if (middle < 0) return undefined;
  let version = 0;
  const analyse = () => {
    const doc: TextDocumentLike = { uri: REHEARSAL_URI, version, getText: () => sample };
    service.diagnostics(doc, settings);
    service.settle(REHEARSAL_URI);
  };
  return () => {
    if (version > 0) {
      const step = STEPS[version - 1];
      const at = middle + step.at;
      sample = sample.slice(0, at) + step.insert + sample.slice(at + step.remove);
    }
    analyse();
    version++;
    if (version <= STEPS.length) return true;
    service.forget(REHEARSAL_URI);
    return false;
  };
}

/**
 * The start of `text` the rehearsal and the first analyses work on: up to REHEARSAL_CHARS, ended
 * at a line's end, as a copy (a slice would keep the record's whole text alive). Undefined when the
 * text is too short to stand for a record.
 */
function sampleOf(text: string): string | undefined {
  if (text.length < REHEARSAL_MIN_CHARS) return undefined;
  const end = text.lastIndexOf("\n", REHEARSAL_CHARS);
  return ownCopy(text.slice(0, end > 0 ? end + 1 : REHEARSAL_CHARS));
}

/** The middle of the first line of 40 characters or more after the text's middle, or -1. */
function lineMiddle(text: string): number {
  let start = text.indexOf("\n", text.length >> 1) + 1;
  while (start > 0 && start < text.length) {
    const end = text.indexOf("\n", start);
    const stop = end < 0 ? text.length : end;
    if (stop - start >= 40) {
      const at = start + ((stop - start) >> 1);
      // Not between the two halves of a surrogate pair.
      return (text.charCodeAt(at) & 0xfc00) === 0xdc00 ? at + 1 : at;
    }
    start = end + 1;
  }
  return -1;
}
