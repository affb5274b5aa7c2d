import { lazyPattern } from "../text/regexp";
import { trimmedLength } from "../text/words";
import type { Furniture } from "./types";

/**
 * Page furniture: what the PDF prints around the speeches on every page. Recognised line by
 * line (a furniture line holds nothing else); see docs/record-format.md § Page furniture.
 */

/**
 * Record symbols of verbatim records: S/PV.7351, A/71/PV.62, A/C.1/71/PV.5, A/ES-10/PV.37
 * (pdftotext may put a space after the point: `S/PV. 8700`).
 */
export const RECORD_SYMBOL =
  "(?:S/PV\\. ?\\d{1,5}|A/(?:(?:C\\.\\d|ES-\\d{1,2})/)?\\d{1,2}/PV\\. ?\\d{1,4})(?:[ \\u00A0]?\\((?:Resumption|Part) \\d{1,2}\\))?";
const DATE = "\\d{2}/\\d{2}/\\d{4}";
const JOB = "\\d{2}-\\d{5}";

const RUNNING_HEADER = lazyPattern(
  () => new RegExp(`^(?<symbol>${RECORD_SYMBOL})(?:\\s+.{0,200}?)?\\s+(?<date>${DATE})$`, "u"),
);
const RUNNING_HEADER_DATE_FIRST = lazyPattern(
  () => new RegExp(`^(?<date>${DATE})\\s+(?:.{0,200}?\\s+)?(?<symbol>${RECORD_SYMBOL})$`, "u"),
);
const PAGE_PATTERNS: RegExp[] = [
  new RegExp(`^(?<page>\\d{1,3})/(?<count>\\d{1,3})\\s+${JOB}(?:\\s*\\([A-Z]\\))?$`),
  new RegExp(`^${JOB}(?:\\s*\\([A-Z]\\))?\\s+(?<page>\\d{1,3})/(?<count>\\d{1,3})$`),
  // `16-433753/17`: the job number and `3/17` fused by extraction.
  new RegExp(`^${JOB}(?<page>\\d{1,3})/(?<count>\\d{1,3})$`),
  new RegExp(`^(?<page>\\d{1,3})\\s+${JOB}$`),
  new RegExp(`^${JOB}\\s+(?<page>\\d{1,3})$`),
  /^(?<page>\d{1,3})\/(?<count>\d{1,3})$/,
  /^(?<page>\d{1,3})$/,
];
// The running head's parts on lines of their own (pdftotext without -raw puts the symbol and the
// date between the columns, the title apart): a symbol or a date alone; a job number alone.
const SYMBOL_ALONE = lazyPattern(() => new RegExp(`^(?<symbol>${RECORD_SYMBOL})$`, "u"));
const DATE_ALONE = lazyPattern(() => new RegExp(`^(?<date>${DATE})$`));
const JOB_ALONE = lazyPattern(() => new RegExp(`^${JOB}$`));
const JOB_NUMBER = lazyPattern(() => new RegExp(`^${JOB}\\s*\\([A-Z]\\)(?:\\s+\\d{6}){0,2}$`));
// pdf.js runs the page number and the job number together, without the page count:
// `06-371212` (job 06-37121, page 2), `306-37121` (page 3), `3/326-01225` (page 3 of 3).
const JOB_FUSED: RegExp[] = [
  new RegExp(`^${JOB}(?<page>\\d{1,3})$`),
  new RegExp(`^(?<page>\\d{1,3})${JOB}$`),
  new RegExp(`^(?<page>\\d{1,3})/(?<count>\\d{1,3})${JOB}$`),
];
/**
 * Running heads of the 1990s, title and page number on one line (the number outside, at the
 * page's edge): `2 General Assembly - Forty-eighth session`, `46th meeting - Monday, 1 November 1993 3`;
 * the Security Council's give the meeting and the year on two lines (`Security Council - 3400th
 * meeting`, `Forty-ninth year - 1 August 1994`); also without the number (pdftotext without -raw
 * prints it apart). An organ or a date is required: the cover's `46th meeting` or `Forty-eighth
 * session` alone is no head. A session or year is a number word: a line without digits is tried
 * when it ends with one.
 */
const ORGAN_HEAD =
  "(?:General\\s+Assembly|Security\\s+Council|Economic\\s+and\\s+Social\\s+Council|Trusteeship\\s+Council)";
const SEP = "(?:\\s+[-\u2013\u2014])?\\s+";
const PERIOD_HEAD = "\\p{Lu}\\p{Ll}+(?:-\\p{Ll}+)?\\s+(?:(?:emergency\\s+)?special\\s+session|session|year)";
const MEETING_HEAD = "\\d{1,5}(?:st|nd|rd|th)\\s+(?:plenary\\s+)?meeting";
const DATE_HEAD = "(?:\\p{Lu}\\p{Ll}+,\\s+)?\\d{1,2}\\s+\\p{Lu}\\p{Ll}+\\s+\\d{4}";
const OLD_HEAD = lazyPattern(
  () =>
    new RegExp(
      `^(?:(?<before>\\d{1,3})\\s+)?(?:${ORGAN_HEAD}${SEP}(?:${PERIOD_HEAD}|${MEETING_HEAD})(?:${SEP}${DATE_HEAD})?|(?:${PERIOD_HEAD}|${MEETING_HEAD})${SEP}${DATE_HEAD})(?:\\s+(?<after>\\d{1,3}))?$`,
      "u",
    ),
);
/**
 * Whether a line ends in `session` or `year` before its trailing white space, as
 * `/(?:session|year)\s*$/` finds: read from the line's end (`test/unit/lineTails.test.ts`), not by a
 * pattern tried at every position of every line without a digit.
 */
export function endsInPeriodWord(text: string): boolean {
  const end = trimmedLength(text);
  return text.endsWith("session", end) || text.endsWith("year", end);
}
/** Every 1990s head holds one of these words: most lines are answered without the pattern. */
const HEAD_WORD = lazyPattern(() => /meeting|session|year/);
const PAGE_OR_FUSED = [...PAGE_PATTERNS, ...JOB_FUSED];
const BARCODE = lazyPattern(() => /^\*\d{7,10}\*$/);

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters separate the parts of a page-number line
const CONTROL = lazyPattern(() => /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/g);

/** Lines longer than this are never furniture (and are not run through these patterns). */
const MAX_FURNITURE_LENGTH = 240;

/** An ASCII digit, which every furniture pattern above requires. */
const DIGIT = lazyPattern(() => /[0-9]/);

export function classifyFurniture(text: string, line: number, lineStart: number): Furniture | undefined {
  if (text.length > MAX_FURNITURE_LENGTH) return undefined;
  const ff = text.indexOf("\f");
  // Every pattern but the form feed's and a 1990s head's needs a digit: most lines are answered
  // without running them.
  if (ff < 0 && !DIGIT().test(text) && !endsInPeriodWord(text)) return undefined;
  // A form feed starts a page; the furniture test reads the line without it. Other control
  // characters separate like a space: pdftotext puts a backspace between the page number and the
  // job number of modern records (`2/12<U+0008> 20-00806`, `20-00806<U+0008>3/12`).
  const content = (ff >= 0 ? text.replace(/\f/g, "") : text).replace(CONTROL(), " ").trim();
  const lead = text.length - text.trimStart().length;
  const span = { start: lineStart + lead, end: lineStart + text.trimEnd().length };
  const base = { line, span, ...(ff >= 0 ? { formFeed: lineStart + ff } : {}) };
  if (content === "") return ff >= 0 ? { kind: "form-feed", ...base } : undefined;
  const header = RUNNING_HEADER().exec(content) ?? RUNNING_HEADER_DATE_FIRST().exec(content);
  if (header?.groups) {
    return { kind: "running-header", ...base, symbol: header.groups.symbol, date: header.groups.date };
  }
  const old = HEAD_WORD().test(content) ? OLD_HEAD().exec(content) : null;
  if (old?.groups && !(old.groups.before && old.groups.after)) {
    const page = Number(old.groups.before ?? old.groups.after ?? 0);
    return { kind: "running-header", ...base, ...(page ? { page } : {}) };
  }
  for (const re of PAGE_OR_FUSED) {
    const m = re.exec(content);
    if (m?.groups) {
      const page = Number(m.groups.page);
      if (page === 0) return undefined;
      return {
        kind: "page-number",
        ...base,
        page,
        ...(m.groups.count ? { pageCount: Number(m.groups.count) } : {}),
      };
    }
  }
  if (JOB_NUMBER().test(content) || JOB_ALONE().test(content)) return { kind: "job-number", ...base };
  const part = SYMBOL_ALONE().exec(content) ?? DATE_ALONE().exec(content);
  if (part?.groups) return { kind: "running-header", ...base, part: true, ...part.groups };
  if (BARCODE().test(content)) return { kind: "barcode", ...base };
  return undefined;
}
