import { lazyPattern } from "../text/regexp";
import { ownCopy } from "../text/strings";
import type { DocumentRef } from "./types";

/**
 * UN document symbols in running text. The series letters are those of the UN's document
 * symbols (A General Assembly, S Security Council, E ECOSOC, ST Secretariat, …); a symbol
 * needs a slash and a digit, so `A/B` or `S/he` never match.
 */
const SYMBOL = lazyPattern(
  () =>
    /(?<![\p{L}\p{N}/])(?:A|S|E|T|ST|DP|TD|HRC|UNEP|CRC|CCPR|CERD|CEDAW|CAT|CRPD|CMW|CED|E\/CN\.\d{1,2})(?:\/(?:[A-Z][A-Za-z]{0,11}\.?\d{0,5}(?:\.\d{1,3})?|\d{1,5}(?:\.\d{1,3})?|[A-Z]{1,4}-\d{1,2}))+(?:[ \u00A0]?\(\d{4}\))?(?![\p{L}\p{N}])/gu,
);

/** `resolution 1373 (2001)`, `resolutions 1267 (1999) and 1373 (2001)`, `resolution 71/145`. */
const RESOLUTIONS = lazyPattern(
  () =>
    /\b[Rr][eé]solu(?:tion|ción|ciones|tions)?s?[ \u00A0]+(?:\d{1,4}[ \u00A0]?\(\d{4}\)|\d{1,2}\/\d{1,3}[A-Z]?)(?:(?:,[ \u00A0]*|,?[ \u00A0]+(?:and|et|y)[ \u00A0]+)(?:\d{1,4}[ \u00A0]?\(\d{4}\)|\d{1,2}\/\d{1,3}[A-Z]?))*/gu,
);
const RESOLUTION_ITEM = lazyPattern(() => /(\d{1,4})[ \u00A0]?\((\d{4})\)|(\d{1,2})\/(\d{1,3}[A-Z]?)/gu);

/** Finds the document references in one line of text that starts at `offset`. */
export function findDocumentRefs(text: string, offset: number, out: DocumentRef[]): void {
  if (text.indexOf("/") < 0 && !/solu/.test(text)) return;
  const found: DocumentRef[] = [];
  for (const m of text.matchAll(SYMBOL())) {
    const raw = m[0];
    if (!/\d/.test(raw)) continue;
    const start = offset + (m.index ?? 0);
    // Copies: a line's references are kept over versions, a slice would keep the version's text.
    const text = ownCopy(raw);
    found.push({ span: { start, end: start + raw.length }, text, symbol: text.replace(/[ \u00A0]/g, "") });
  }
  for (const m of text.matchAll(RESOLUTIONS())) {
    const listStart = m.index ?? 0;
    for (const item of m[0].matchAll(RESOLUTION_ITEM())) {
      const start = offset + listStart + (item.index ?? 0);
      const symbol = item[1] ? `S/RES/${item[1]}(${item[2]})` : `A/RES/${item[3]}/${item[4]}`;
      // `S/RES/2178 (2014)` is already taken whole by SYMBOL; the bare number inside it is not a second ref.
      if (found.some((f) => f.span.start <= start && start < f.span.end)) continue;
      found.push({ span: { start, end: start + item[0].length }, text: ownCopy(item[0]), symbol });
    }
  }
  found.sort((a, b) => a.span.start - b.span.start);
  for (const f of found) out.push(f);
}

/** Where a symbol opens: the UN's official document system, in the record's language. */
export function documentUrl(symbol: string, language: string): string {
  const lang = ["ar", "zh", "en", "fr", "ru", "es"].includes(language) ? language : "en";
  return `https://undocs.org/${lang}/${symbol.split("/").map(encodeURIComponent).join("/")}`;
}
