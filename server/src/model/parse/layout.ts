import { type ColumnPage, findColumnPages, resumePositions } from "../columns";
import { memoKey } from "../memo";
import type { LineKind } from "../types";
import { lineText, type ParseState } from "./state";

const NO_GAPS: readonly number[] = [];
/** Where a gap resumes in each line (the parser's memo table). */
const COLUMN_GAPS = memoKey<readonly number[]>("column-gaps");

/** Pages of two columns side by side (`pdftotext -layout`); where a gap resumes, kept per line. */
export function detectColumns(s: ParseState): ColumnPage[] {
  const gaps = s.memo.lines(COLUMN_GAPS, (i) => lineText(s, i), resumePositions);
  // Only a line holding two spaces together has a gap: those lines are found in the text (most
  // records have few), the others are not cut out to be read.
  const spaced = new Uint8Array(s.n);
  for (let at = s.text.indexOf("  "); at >= 0; ) {
    const line = s.lines.lineAt(at);
    spaced[line] = 1;
    at = s.text.indexOf("  ", s.lines.ends[line]);
  }
  const resumes = (i: number) => (spaced[i] ? gaps(i) : NO_GAPS);
  // The lines with a form feed, from the text (not every line cut out to be searched).
  const formFeeds: number[] = [];
  for (let at = s.text.indexOf("\f"); at >= 0; at = s.text.indexOf("\f", at + 1)) {
    const line = s.lines.lineAt(at);
    if (formFeeds[formFeeds.length - 1] !== line) formFeeds.push(line);
  }
  return findColumnPages(s.n, (i) => lineText(s, i), resumes, formFeeds);
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
