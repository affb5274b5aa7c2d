// A scanned record's cover put right where Tesseract misreads what the cover prints in large type
// or as pictures. A cover (page 1) opens with `United Nations` and the record's symbol in large
// type at the right (`S/PV.8699`, a large `S` before small capitals), which Tesseract reads as
// `Spv.10100`, `S/pv.s699` or drops; the meeting number beside the emblem in large type
// (`8699th meeting`) as `1 0 1 00:` or `869 Din`; the emblem left of the title block as letters
// (`\)`, `YARN`, `wy`). Without its symbol the parser does not see a cover, and takes the cover's
// note for page 1's footer. What is put right comes from the same scan, never invented:
//
// - the symbol: the one the running heads of the other pages print (`S/PV.8699 … 10/01/2020`), put
//   in place of a doubtful reading of the cover's symbol that could be it (`couldBe`), else the
//   reading with its slash and case put back where only they differ (`Spv.10100` → `S/PV.10100`);
// - the meeting number: the number of that symbol (a record's symbol carries its meeting's
//   number: S/PV.8699 is the 8699th meeting, A/76/PV.102 the 102nd plenary meeting) in place of a
//   reading of it within two digits, in English (`8699th`: the suffix is the language's);
// - the emblem's letters: words on the cover left of the title block (`United Nations`' left
//   edge) above the first label read with confidence there (`President:`).
//
// - the foot's pictures: the lines of the page's last tenth from the top of the first picture
//   read as letters (a word half as tall again as the page's usual word, read with doubt or
//   with fewer than three letters: the barcode, a logo, `{NINA`, `®`) down: the barcode and the
//   logos with their words (`Accessible document`, `Please recycle`), which the text PDF prints as
//   pictures. The job number above them stays (where it shares their row, it goes with them:
//   the text import takes it for page furniture all the same).
//
// A word put right keeps the confidence of its reading, 50 at most: it is marked doubtful
// (`ocr-uncertain`), for the editor to check against the page.
import { RECORD_SYMBOL } from "../../model/furniture";
import { editDistance } from "./headers";
import type { OcrLine, OcrWord } from "./tsv";

/** A page's lines, as the OCR import holds them. */
export interface CoverPage {
  page: number;
  size: { width: number; height: number };
  lines: OcrLine[];
}

/** How the covers open (the parser's COVER_OPENING), in the six languages' Latin and Cyrillic forms. */
const OPENINGS = [
  ["United", "Nations"],
  ["Nations", "Unies"],
  ["Naciones", "Unidas"],
];
const SYMBOL = new RegExp(RECORD_SYMBOL, "gu");
const SYMBOL_WHOLE = new RegExp(`^${RECORD_SYMBOL}$`, "u");
/**
 * The most confidence a word put right keeps: below the import's DOUBT_BELOW (60), so that it is
 * marked doubtful (`ocr-uncertain`) and the editor checks it against the page.
 */
const PUT_RIGHT = 50;
/** Below this confidence a word is read with doubt (as reread.ts reads again). */
const SURE = 80;

/**
 * The record's symbol as the running heads print it: the symbol found most often on lines in the
 * top or bottom eighth of pages 2 and after (a cover's own footer left out).
 */
export function symbolOfHeads(pages: readonly CoverPage[]): string | undefined {
  const count = new Map<string, number>();
  for (const p of pages) {
    if (p.page === 1) continue;
    for (const l of p.lines) {
      if (!(l.baseline < p.size.height / 8 || l.baseline > (7 * p.size.height) / 8)) continue;
      const text = l.words.map((w) => w.text).join(" ");
      for (const m of text.matchAll(SYMBOL)) count.set(m[0], (count.get(m[0]) ?? 0) + 1);
    }
  }
  let best: string | undefined;
  let most = 0;
  for (const [symbol, n] of count) if (n > most) [best, most] = [symbol, n];
  return best;
}

/**
 * Letters folded to capitals, marks but the stop left out, and the characters Tesseract takes for
 * one another in a symbol's type folded together (`8`/`S`/`5`, `0`/`O`/`D`, `1`/`I`/`l`, `V`/`Y`):
 * `S/pv.s699` → `SPV.S699`, `S/PV.8699` → `SPV.S699`.
 */
const folded = (s: string) =>
  s
    .toUpperCase()
    .replace(/[^\p{L}\p{N}.]/gu, "")
    .replace(/[85$]/gu, "S")
    .replace(/[0QD]/gu, "O")
    .replace(/[1IL|!]/gu, "1")
    .replace(/Y/gu, "V");

/**
 * A doubtful reading of the symbol that could be it: within two of it, folded (`Spv.s422`,
 * `S:pv.s609`, `Avorv.ss` for A/60/PV.85), or opening with its letter and ending with its last
 * two, of about its length (`Aveapy.i21` for A/64/PV.121).
 */
function couldBe(read: string, symbol: string, confidence: number): boolean {
  const a = folded(read);
  const b = folded(symbol);
  if (a.length < 3) return false;
  if (editDistance(a, b, 2) <= 2) return true;
  return confidence < 60 && a[0] === b[0] && a.slice(-2) === b.slice(-2) && Math.abs(a.length - b.length) <= 3;
}

/** A symbol's reading with only its slash and case wrong: `Spv.10100` → `S/PV.10100`; else undefined. */
function shapeFixed(text: string): string | undefined {
  const m = /^([AS])\/?((?:\d{1,2}\/)?)[pP][vV]\.(\d{1,5})$/u.exec(text);
  if (!m) return undefined;
  const fixed = `${m[1]}/${m[2]}PV.${m[3]}`;
  return SYMBOL_WHOLE.test(fixed) ? fixed : undefined;
}

/**
 * One word in place of several of a line (`from` to `to`, inclusive): their box, their lowest
 * confidence, `cap` at most (a word put right is doubtful; one only put together is not).
 */
function replace(line: OcrLine, from: number, to: number, text: string, cap = PUT_RIGHT): void {
  const ws = line.words.slice(from, to + 1);
  const x0 = Math.min(...ws.map((w) => w.box.x));
  const y0 = Math.min(...ws.map((w) => w.box.y));
  const x1 = Math.max(...ws.map((w) => w.box.x + w.box.width));
  const y1 = Math.max(...ws.map((w) => w.box.y + w.box.height));
  const word: OcrWord = {
    text,
    box: { page: ws[0].box.page, x: x0, y: y0, width: x1 - x0, height: y1 - y0 },
    confidence: Math.min(cap, ...ws.map((w) => w.confidence)),
  };
  line.words.splice(from, to - from + 1, word);
}

/** The index of the word after a cover's opening name on a line (`United Nations`), or -1. */
function afterOpening(line: OcrLine): number {
  const t = line.words.map((w) => w.text);
  for (const name of OPENINGS)
    for (let k = 0; k + name.length <= Math.min(t.length, 3); k++)
      if (name.every((n, j) => t[k + j] === n)) return k + name.length;
  return -1;
}

/** English ordinal suffix: 1st, 2nd, 3rd, 11th, 8699th. */
function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${["th", "st", "nd", "rd"][n % 10] ?? "th"}`;
}

/** Puts page 1's cover right (see the module's comment); `language` the record's (ISO 639-1). */
export function repairCover(pages: readonly CoverPage[], language: string): void {
  const first = pages.find((p) => p.page === 1);
  if (!first) return;
  const top = first.size.height / 5;
  const ordered = [...first.lines].sort((a, b) => a.baseline - b.baseline);
  const opening = ordered.find((l) => l.baseline < top && afterOpening(l) >= 0);
  if (!opening) return;
  // The symbol at the right, read as a block of its own: one line with the opening again.
  const end = opening.words[opening.words.length - 1].box;
  const beside = ordered.filter(
    (l) =>
      l !== opening &&
      Math.abs(l.baseline - opening.baseline) < 0.6 * opening.size &&
      l.words[0].box.x > end.x + end.width,
  );
  if (beside.length) {
    opening.words.push(...beside.flatMap((l) => l.words).sort((a, b) => a.box.x - b.box.x));
    first.lines = first.lines.filter((l) => !beside.includes(l));
  }
  dropEmblem(first, ordered, opening);
  dropFootPictures(first);
  const heads = symbolOfHeads(pages);
  const symbol = coverSymbol(opening, heads);
  const number = Number(/(\d+)(?:\D*)$/u.exec((symbol ?? "").replace(/\s*\(.*$/u, ""))?.[1] ?? Number.NaN);
  if (language === "en" && Number.isFinite(number) && number > 0) meetingNumber(ordered, opening, number, top * 2);
}

/** The cover's symbol put right from the running heads' (`heads`), or its shape; the symbol read. */
function coverSymbol(opening: OcrLine, heads: string | undefined): string | undefined {
  const from = afterOpening(opening);
  let to = from;
  // The symbol's words: those after the opening name, up to a parenthesis (`(Resumption 1)`).
  while (to < opening.words.length && !opening.words[to].text.startsWith("(")) to++;
  if (to === from) return heads;
  const read = opening.words
    .slice(from, to)
    .map((w) => w.text)
    .join("");
  if (SYMBOL_WHOLE.test(read)) return read;
  const bare = heads?.replace(/\s*\(.*$/u, "");
  const doubt = Math.min(...opening.words.slice(from, to).map((w) => w.confidence));
  if (bare && couldBe(read, bare, doubt)) {
    replace(opening, from, to - 1, bare);
    return heads;
  }
  const shaped = shapeFixed(read);
  if (shaped) {
    replace(opening, from, to - 1, shaped);
    return shaped;
  }
  return heads;
}

/**
 * The meeting's number in large type (`869 Din meeting`) put right from the symbol's: the words
 * before `meeting` (or `plenary meeting`) on a line of the cover's top, whose digits are within
 * two of the number's (`1 0 1 00:`, `842214`, `869`).
 */
function meetingNumber(ordered: readonly OcrLine[], opening: OcrLine, number: number, bottom: number): void {
  const want = ordinal(number);
  for (const line of ordered) {
    if (line.baseline <= opening.baseline || line.baseline > bottom) continue;
    const t = line.words.map((w) => w.text.toLowerCase());
    let end = t.indexOf("meeting");
    if (end < 1) continue;
    if (t[end - 1] === "plenary") end--;
    if (end < 1) continue;
    const read = line.words
      .slice(0, end)
      .map((w) => w.text)
      .join("");
    // Read right but in pieces (`1 02 nd`): one word, as printed.
    if (read === want) {
      if (end > 1) replace(line, 0, end - 1, want, 100);
      return;
    }
    const digits = read.replace(/\D/gu, "");
    if (digits.length < 1 || editDistance(digits, String(number), 2) > 2) return;
    replace(line, 0, end - 1, want);
    return;
  }
}

/**
 * The emblem's letters: words wholly left of the title block (the left edge of the opening's
 * `United`), from the opening down to the first line with a word of three letters or more read
 * with confidence there (a label: `President:`), in the page's top third.
 */
function dropEmblem(page: CoverPage, ordered: readonly OcrLine[], opening: OcrLine): void {
  const edge = opening.words[afterOpening(opening) - 2].box.x;
  const limit = page.size.height / 3;
  const gone = new Set<OcrLine>();
  for (const line of ordered) {
    if (line.baseline <= opening.baseline - opening.size) continue;
    if (line.baseline > limit) break;
    const left = line.words.filter((w) => w.box.x + w.box.width < edge);
    if (left.some((w) => w.confidence >= SURE && /\p{L}{3}/u.test(w.text))) break;
    if (!left.length) continue;
    line.words = line.words.filter((w) => !left.includes(w));
    if (!line.words.length) gone.add(line);
  }
  if (gone.size) page.lines = page.lines.filter((l) => !gone.has(l));
}

/** See the module's comment: the cover's foot from its first picture on. */
function dropFootPictures(page: CoverPage): void {
  const words = page.lines.flatMap((l) => l.words);
  const sure = words.filter((w) => w.confidence >= 60).map((w) => w.box.height);
  const usual = [...sure].sort((a, b) => a - b)[sure.length >> 1];
  if (!usual) return;
  const foot = (l: OcrLine) => l.baseline > (9 * page.size.height) / 10;
  const picture = (w: OcrWord) =>
    w.box.height >= 1.5 * usual && (w.confidence < 60 || !/[\p{L}\p{N}]{3}/u.test(w.text));
  const from = Math.min(...page.lines.filter(foot).flatMap((l) => l.words.filter(picture).map((w) => w.box.y)));
  if (!Number.isFinite(from)) return;
  page.lines = page.lines.filter((l) => !(foot(l) && l.baseline >= from));
}
