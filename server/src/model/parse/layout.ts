import { type ColumnPage, findColumnPages, resumePositions } from "../columns";
import { memoKey } from "../memo";
import type { LineKind } from "../types";
import { formFeedLines, lineText, type ParseState, spacedLines } from "./state";

const NO_GAPS: readonly number[] = [];
/** Where a gap resumes in each line (the parser's memo table). */
const COLUMN_GAPS = memoKey<readonly number[]>("column-gaps");

/** Pages of two columns side by side (`pdftotext -layout`); where a gap resumes, kept per line. */
export function detectColumns(s: ParseState): ColumnPage[] {
  const gaps = s.memo.lines(COLUMN_GAPS, (i) => lineText(s, i), resumePositions);
  // Only a line holding two spaces together has a gap: those lines are found in the text (most
  // records have few), the others are not cut out to be read.
  // After an edit, both are searched for in the lines it changed only (memo.ts, `linesHolding`).
  const spaced = new Uint8Array(s.n);
  for (const line of spacedLines(s)) spaced[line] = 1;
  const resumes = (i: number) => (spaced[i] ? gaps(i) : NO_GAPS);
  // The lines with a form feed, from the text (not every line cut out to be searched).
  return findColumnPages(s.n, (i) => lineText(s, i), resumes, formFeedLines(s));
}

/**
 * A record without blank lines between paragraphs (`pdftotext -raw`): blank lines are rare and
 * stand beside page furniture, not between paragraphs of text.
 */
export function detectRawLayout(s: ParseState): boolean {
  let textLines = 0;
  let separators = 0;
  let prev: LineKind | undefined;
  for (let i = 0; i < s.n; i++) {
    const k = s.kinds[i];
    if (k === "text") {
      textLines++;
      if (prev === "blank") separators++;
    }
    if (k === "blank" && prev === "furniture") continue;
    if (k !== "blank" || prev !== "blank") prev = k === "furniture" ? "furniture" : k;
  }
  return textLines >= 30 && separators / textLines < 0.03;
}
