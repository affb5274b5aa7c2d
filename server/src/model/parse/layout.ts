import { type ColumnPage, findColumnPages, resumePositions } from "../columns";
import { memoKey } from "../memo";
import type { LineKind } from "../types";
import { formFeedLines, lineText, notTextLines, type ParseState, spacedLines } from "./state";

/** Where a gap resumes in each line (the parser's memo table). */
const COLUMN_GAPS = memoKey<readonly number[]>("column-gaps");

/** Pages of two columns side by side (`pdftotext -layout`); where a gap resumes, kept per line. */
export function detectColumns(s: ParseState): ColumnPage[] {
  const gaps = s.memo.lines(COLUMN_GAPS, (i) => lineText(s, i), resumePositions);
  // Only a line holding two spaces together has a gap: those lines are found in the text (most
  // records have few), the others are neither cut out to be read nor walked over.
  // After an edit, both are searched for in the lines it changed only (memo.ts, `linesHolding`).
  // The lines with a form feed, from the text (not every line cut out to be searched).
  return findColumnPages(s.n, (i) => lineText(s, i), gaps, formFeedLines(s), spacedLines(s));
}

/**
 * A record without blank lines between paragraphs (`pdftotext -raw`): blank lines are rare and
 * stand beside page furniture, not between paragraphs of text. Read from the lines that are not
 * text (`notTextLines`), each run of text lines between them counted at once: the same count as a
 * walk over every line, in a walk as long as the blank lines and the furniture.
 */
export function detectRawLayout(s: ParseState): boolean {
  let textLines = 0;
  let separators = 0;
  let prev: LineKind | undefined;
  // A run of `count` text lines: the first after a blank line (not one after furniture) separates.
  const text = (count: number) => {
    if (count <= 0) return;
    textLines += count;
    if (prev === "blank") separators++;
    prev = "text";
  };
  let at = 0;
  for (const i of notTextLines(s)) {
    text(i - at);
    at = i + 1;
    const k = s.kinds[i];
    if (k === "blank" && prev === "furniture") continue;
    if (k !== "blank" || prev !== "blank") prev = k === "furniture" ? "furniture" : k;
  }
  text(s.n - at);
  return textLines >= 30 && separators / textLines < 0.03;
}
