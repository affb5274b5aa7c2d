import type { Furniture, Page } from "../types";
import { isContent, type ParseState } from "./state";

export function buildPages(s: ParseState): Page[] {
  // A page ends with its page number; page 1 ends with its job number and barcode instead. A
  // running head that prints its page number (the 1990s' `2 General Assembly - …`) starts its page.
  const isEnd = (f: Furniture, k: number, all: readonly Furniture[]) =>
    f.kind === "page-number" || f.kind === "barcode" || (f.kind === "job-number" && all[k + 1]?.kind !== "barcode");
  const isHead = (f: Furniture) => f.kind === "running-header" && f.page !== undefined;
  const marks = s.furniture.filter((f, k, all) => isEnd(f, k, all) || isHead(f));
  const pages: Page[] = [];
  let start = 0;
  let number = 1;
  const hasContent = (from: number, to: number) => {
    for (let i = from; i <= to; i++) if (isContent(s, i)) return true;
    return false;
  };
  if (marks.length === 0) {
    const feeds = s.furniture.filter((f) => f.formFeed !== undefined).map((f) => f.line);
    for (const line of feeds) {
      if (line > start) pages.push({ number: number++, startLine: start, endLine: line - 1 });
      start = line;
    }
  } else {
    for (const f of marks) {
      if (isHead(f)) {
        if (hasContent(start, f.line - 1)) pages.push({ number, startLine: start, endLine: f.line - 1 });
        number = f.page ?? number;
        start = f.line;
        continue;
      }
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
