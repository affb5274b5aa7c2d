import type { Page } from "../types";
import { isContent, type ParseState } from "./state";

export function buildPages(s: ParseState): Page[] {
  // A page ends with its page number; page 1 ends with its job number and barcode instead.
  const ends = s.furniture.filter(
    (f, k, all) =>
      f.kind === "page-number" || f.kind === "barcode" || (f.kind === "job-number" && all[k + 1]?.kind !== "barcode"),
  );
  const pages: Page[] = [];
  let start = 0;
  let number = 1;
  if (ends.length === 0) {
    const feeds = s.furniture.filter((f) => f.formFeed !== undefined).map((f) => f.line);
    for (const line of feeds) {
      if (line > start) pages.push({ number: number++, startLine: start, endLine: line - 1 });
      start = line;
    }
  } else {
    for (const f of ends) {
      number = f.page ?? number;
      pages.push({ number, startLine: start, endLine: f.line });
      number++;
      start = f.line + 1;
    }
  }
  let tail = false;
  for (let i = start; i < s.n; i++) if (isContent(s, i)) tail = true;
  if (tail || pages.length === 0) pages.push({ number, startLine: start, endLine: s.n - 1 });
  return pages;
}
