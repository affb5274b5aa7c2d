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

/**
 * Finds the document references in one line of text that starts at `offset`. A symbol holds a
 * slash and a list of resolutions the letters `solu`: each pattern is run only on a line that
 * holds what it needs (most lines of a record hold neither; many hold one), by `exec` from the
 * start, which finds what `matchAll` finds without a copy of the pattern a line.
 */
export function findDocumentRefs(text: string, offset: number, out: DocumentRef[]): void {
  const slash = text.indexOf("/") >= 0;
  const solu = text.indexOf("solu") >= 0;
  if (!slash && !solu) return;
  const found: DocumentRef[] = [];
  if (slash) {
    const symbols = SYMBOL();
    symbols.lastIndex = 0;
    for (let m = symbols.exec(text); m; m = symbols.exec(text)) {
      const raw = m[0];
      if (!/\d/.test(raw)) continue;
      const start = offset + m.index;
      // Copies: a line's references are kept over versions, a slice would keep the version's text.
      const text = ownCopy(raw);
      found.push({ span: { start, end: start + raw.length }, text, symbol: text.replace(/[ \u00A0]/g, "") });
    }
  }
  if (solu) {
    const lists = RESOLUTIONS();
    lists.lastIndex = 0;
    for (let m = lists.exec(text); m; m = lists.exec(text)) {
      const listStart = m.index;
      const items = RESOLUTION_ITEM();
      items.lastIndex = 0;
      for (let item = items.exec(m[0]); item; item = items.exec(m[0])) {
        const start = offset + listStart + item.index;
        const symbol = item[1] ? `S/RES/${item[1]}(${item[2]})` : `A/RES/${item[3]}/${item[4]}`;
        // `S/RES/2178 (2014)` is already taken whole by SYMBOL; the bare number inside it is not a second ref.
        if (found.some((f) => f.span.start <= start && start < f.span.end)) continue;
        found.push({ span: { start, end: start + item[0].length }, text: ownCopy(item[0]), symbol });
      }
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
