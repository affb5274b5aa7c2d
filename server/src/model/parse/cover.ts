import { lazyPattern } from "../../text/regexp";
import { RECORD_SYMBOL } from "../furniture";
import type { CoverField, CoverPage } from "../types";
import { consumeAgenda, startsBody } from "./body";
import { matchHeader } from "./headers";
import { head, isContent, lineText, type ParseState } from "./state";

const COVER_MAX_LINES = 160;
const COVER_OPENING = lazyPattern(
  () =>
    new RegExp(
      `^(?:United Nations|Nations Unies|Naciones Unidas|Организация Объединенных Наций)(?:\\s+${RECORD_SYMBOL}|\\s*$)|^${RECORD_SYMBOL}`,
      "u",
    ),
);
/** Dot leaders of the cover page's president and members lines: `Mr. Oyarce . . . . (Chile)`. */
const DOT_LEADERS = lazyPattern(() => /(?:\. ?){4,}/u);
const RECORD_SYMBOL_ANYWHERE = lazyPattern(() => new RegExp(RECORD_SYMBOL, "u"));

export function coverField(s: ParseState, i: number, text: string, offsetInLine = 0): CoverField {
  const own = lineText(s, i);
  const at = Math.max(0, own.indexOf(text, offsetInLine));
  const start = s.lines.starts[i] + at;
  return { text, line: i, span: { start, end: start + text.length } };
}

/** Recognises the cover page and its boilerplate paragraph; returns the first line of the body. */
export function parseCover(s: ParseState): number {
  const p = s.profile;
  // A cover page opens with `United Nations S/PV.…` or an organ's name within its first lines.
  let opening = -1;
  let seen = 0;
  // `pdftotext -layout` of a cover in two halves: `United Nations          46th`.
  let sideBySide = false;
  for (let i = 0; i < s.n && seen < 8; i++) {
    if (!isContent(s, i)) continue;
    seen++;
    const h = head(s, i);
    if (seen === 1 && matchHeader(s, i)) return 0;
    if (COVER_OPENING().test(h.replace(SPACED_SYMBOL(), "$1")) || p.organs.has(h)) {
      opening = i;
      break;
    }
    const left = h.split(WIDE_GAP())[0];
    if (left !== h && (COVER_OPENING().test(left) || p.organs.has(left))) {
      opening = i;
      sideBySide = true;
      break;
    }
  }
  if (opening < 0) return 0;
  const cover: CoverPage = { startLine: opening, endLine: opening, members: [] };
  let lastField = opening;
  let inMembers = false;
  let i = opening;
  for (; i < s.n && i < opening + COVER_MAX_LINES; i++) {
    if (!isContent(s, i)) {
      if (s.kinds[i] === "blank") inMembers = false;
      continue;
    }
    if (sideBySide && i === opening) {
      lastField = readSideBySide(s, cover, i);
      i = lastField;
      continue;
    }
    const h = sideBySide ? leftColumn(s, i) : head(s, i);
    if (p.boilerplateStart.test(h)) {
      const end = consumeBoilerplate(s, i);
      // An extractor that reads the page by blocks can give the boilerplate (at the page's foot)
      // before the President's and members' lines (`pdftotext -raw` of a Word or PDFMaker record):
      // the cover goes on where a line with dot leaders follows, page 1's footer between.
      let next = end + 1;
      while (next < s.n && !isContent(s, next)) next++;
      if (next < s.n && DOT_LEADERS().test(head(s, next)) && !startsBody(s, next)) {
        lastField = end;
        i = next - 1;
        continue;
      }
      cover.endLine = end;
      s.cover = cover;
      return end + 1;
    }
    // A line with dot leaders (`President: Mr. Oyarce . . . (Chile)`) belongs to the cover even
    // where it has a speaker header's shape; its parenthesis may close on the next line.
    if (DOT_LEADERS().test(h)) {
      let joined = h;
      let end = i;
      if (/\([^)]*$/.test(h) && i + 1 < s.n && isContent(s, i + 1)) {
        joined = `${h} ${head(s, i + 1)}`;
        end = i + 1;
      } else if (!h.includes(":")) {
        // `pdftotext` with no option sets the label, the name and the State's parenthesis apart:
        // `President:` / `Mr. X . . . .` / `(Country)`, blank lines between; or the label apart
        // from the rest (`President:` / `Mr. X . . . . (Country)`).
        const before = nearContent(s, i, -1);
        const after = nearContent(s, i, 1);
        const label = before >= 0 ? head(s, before) : "";
        if (label.endsWith(":") && p.data.presidentLabels.includes(label.slice(0, -1).trim())) {
          joined = `${label} ${h}`;
          if (!/\)$/.test(h) && after >= 0 && /^\([^()]+\)$/.test(head(s, after))) {
            joined += ` ${head(s, after)}`;
            end = after;
          }
        }
      }
      for (let j = i; j <= end; j++) if (isContent(s, j)) s.kinds[j] = "cover";
      coverLine(s, cover, i, h, inMembers, joined);
      if (h.startsWith(`${p.data.membersLabel}:`)) inMembers = true;
      lastField = end;
      i = end;
      continue;
    }
    if (startsBody(s, i)) break;
    if (p.agendaHeading.test(h)) {
      const end = consumeAgenda(s, i, h);
      lastField = end;
      i = end;
      inMembers = false;
      continue;
    }
    // A field set over two lines (`46th` / `PLENARY MEETING`, `President: Mr. X` / `(Country)`).
    const two = twoLineField(s, cover, i, h, sideBySide);
    if (two !== undefined) {
      for (let j = i; j <= two; j++) if (isContent(s, j)) s.kinds[j] = "cover";
      lastField = two;
      i = two;
      continue;
    }
    s.kinds[i] = "cover";
    lastField = i;
    const symbol = RECORD_SYMBOL_ANYWHERE().exec(h) ?? RECORD_SYMBOL_ANYWHERE().exec(h.replace(SPACED_SYMBOL(), "$1"));
    if (symbol && !cover.symbol)
      cover.symbol = symbol.input === h ? coverField(s, i, symbol[0]) : { ...coverField(s, i, h), text: symbol[0] };
    if (!cover.organ) {
      for (const organ of p.organs) {
        if (h === organ || h.endsWith(` ${organ}`) || h.startsWith(`${organ} `)) {
          cover.organ = coverField(s, i, organ);
          // `Security Council Provisional`: the status shares the organ's line.
          const rest = h.startsWith(`${organ} `) ? h.slice(organ.length + 1).trim() : "";
          if (rest && p.statuses.has(rest) && !cover.status) cover.status = coverField(s, i, rest, organ.length);
          break;
        }
      }
    }
    coverLine(s, cover, i, h, inMembers);
    if (h.startsWith(`${p.data.membersLabel}:`)) inMembers = true;
  }
  // No boilerplate: the cover ends with its last recognised line.
  cover.endLine = lastField;
  for (let j = lastField + 1; j < i; j++) if (s.kinds[j] === "cover") s.kinds[j] = "text";
  s.cover = cover;
  return lastField + 1;
}

const SYMBOL_ALONE = lazyPattern(() => new RegExp(`^${RECORD_SYMBOL}$`, "u"));

/**
 * A cover that prints no symbol (the 1990s: `United Nations` / `GENERAL ASSEMBLY`) gives it in page
 * 1's footer, a line of its own under `Distr. GENERAL`: the symbol of the first page's footer,
 * before the first page break. Run after the body scan, which finds that footer.
 */
export function symbolInFooter(s: ParseState): void {
  const cover = s.cover;
  if (!cover || cover.symbol) return;
  for (const f of s.furniture) {
    if (f.formFeed !== undefined || (f.page !== undefined && f.page > 1) || f.kind === "running-header") return;
    if (f.kind !== "footer") continue;
    const h = head(s, f.line);
    if (SYMBOL_ALONE().test(h)) {
      cover.symbol = coverField(s, f.line, h);
      return;
    }
  }
}

/** Two pieces of a line set apart by four spaces or more: columns side by side (`pdftotext -layout`). */
const WIDE_GAP = lazyPattern(() => / {4,}/u);
/** A line's pieces: words a space or three apart. */
const PIECE = lazyPattern(() => /[^ \t]+(?:[ \t]{1,3}[^ \t]+)*/gu);
/** `A /76/PV.102`: `pdftotext -layout` sets a kerned symbol's letter apart from its slash. */
const SPACED_SYMBOL = lazyPattern(() => /(?<![\p{L}\p{N}])([AS]) (?=\/)/gu);

interface CoverPiece {
  line: number;
  /** Where the piece starts in its line. */
  at: number;
  text: string;
}

/**
 * The top of a cover that `pdftotext -layout` gives in two halves side by side (`United Nations
 * … 46th`, `GENERAL … PLENARY MEETING`): the lines from the opening to two blank lines, a line
 * with dot leaders, the boilerplate or the body; each half read down as a column of its own, a
 * field set over two of its lines joined. Returns the block's last line.
 */
function readSideBySide(s: ParseState, cover: CoverPage, first: number): number {
  const p = s.profile;
  const rows: CoverPiece[][] = [];
  let blanks = 0;
  let last = first;
  let width = 0;
  for (let i = first; i < s.n && i < first + 16; i++) {
    if (!isContent(s, i)) {
      if (s.kinds[i] === "blank" && ++blanks >= 2) break;
      continue;
    }
    blanks = 0;
    const h = head(s, i);
    if (DOT_LEADERS().test(h) || p.boilerplateStart.test(h) || (i > first && startsBody(s, i))) break;
    const pieces: CoverPiece[] = [];
    for (const m of lineText(s, i).matchAll(PIECE())) pieces.push({ line: i, at: m.index, text: m[0] });
    for (const x of pieces) width = Math.max(width, x.at + x.text.length);
    rows.push(pieces);
    last = i;
  }
  // A piece is in the right half where it starts past the middle of the block's width.
  const halves: CoverPiece[][] = [[], []];
  for (const pieces of rows) {
    for (const side of [0, 1]) {
      const own = pieces.filter((x) => (x.at >= width / 2 ? 1 : 0) === side);
      if (!own.length) continue;
      const text = own.map((x) => x.text).join(" ");
      halves[side].push({ line: own[0].line, at: own[0].at, text });
    }
  }
  for (const half of halves) {
    for (let k = 0; k < half.length; k++) {
      const a = half[k];
      s.kinds[a.line] = "cover";
      const symbol = RECORD_SYMBOL_ANYWHERE().exec(a.text.replace(SPACED_SYMBOL(), "$1"));
      if (symbol) {
        cover.symbol ??= { ...coverField(s, a.line, a.text, a.at), text: symbol[0] };
        continue;
      }
      if (p.statuses.has(a.text)) {
        cover.status ??= coverField(s, a.line, a.text, a.at);
        continue;
      }
      const probe: CoverPage = { startLine: 0, endLine: 0, members: [] };
      if (setField(s, probe, a.line, normalCase(a.text))) {
        setField(s, cover, a.line, normalCase(a.text));
        continue;
      }
      const b = half[k + 1];
      if (!b || setField(s, probe, b.line, normalCase(b.text))) continue;
      const one = normalCase(a.text);
      const two = normalCase(b.text);
      for (const joined of [normalCase(`${a.text} ${b.text}`), `${one} ${two}`, `${one}, ${two}`])
        if (setField(s, probe, a.line, joined, b.line)) {
          setField(s, cover, a.line, joined, b.line);
          s.kinds[b.line] = "cover";
          k++;
          break;
        }
    }
  }
  return last;
}

/**
 * A cover line of a page whose body is set in two columns side by side (`President: Mr. X`, the
 * first speech beside it): its left column's part; a line with dot leaders, which runs across, whole.
 */
function leftColumn(s: ParseState, i: number): string {
  const h = head(s, i);
  if (DOT_LEADERS().test(h)) return h;
  const page = s.columns.find((c) => c.startLine <= i && i <= c.endLine);
  return page ? lineText(s, i).slice(0, page.gutter).trim() : h;
}

/** The nearest content line before (step -1) or after (step 1) line i, blank lines between; -1 if none. */
function nearContent(s: ParseState, i: number, step: 1 | -1): number {
  for (let j = i + step, k = 0; j >= 0 && j < s.n && k < 3; j += step, k++) {
    if (isContent(s, j)) return j;
    if (s.kinds[j] !== "blank") return -1;
  }
  return -1;
}

/** Reads one cover line into the field it holds, if any. */
/** Reads one cover line; `joined` is the line with its continuation, where a parenthesis wraps. */
export function coverLine(s: ParseState, cover: CoverPage, i: number, h: string, inMembers: boolean, joined = h): void {
  const p = s.profile;
  if (p.period.test(h)) {
    cover.period = coverField(s, i, h);
    return;
  }
  const meeting = p.meeting.exec(h);
  if (meeting) {
    cover.meeting = { ...coverField(s, i, h), number: Number(meeting[1]) };
    return;
  }
  const date = p.dateLine.exec(h)?.groups;
  if (date) {
    cover.weekday = coverField(s, i, date.weekday);
    cover.date = coverField(s, i, date.date.trim(), date.weekday.length);
    cover.time = coverField(s, i, date.time.trim(), date.weekday.length + date.date.length);
    return;
  }
  if (p.places.has(h)) {
    cover.place = coverField(s, i, h);
    return;
  }
  if (p.statuses.has(h)) {
    cover.status = coverField(s, i, h);
    return;
  }
  const president = p.presidentLine.exec(joined)?.groups;
  if (president) {
    cover.president = { ...coverField(s, i, h), name: president.name.trim(), entity: president.entity.trim() };
    return;
  }
  const label = `${p.data.membersLabel}:`;
  if (h.startsWith(label)) {
    const rest = h.slice(label.length).trim();
    if (rest) addMember(s, cover, i, rest);
  } else if (inMembers) {
    addMember(s, cover, i, h);
  } else if (!setField(s, cover, i, normalCase(h))) {
    coverPieces(s, cover, i, h);
  }
}

/**
 * A cover line as the fields' patterns read it: letters set apart (`G E N E R A L`) put together,
 * a line in capitals (`FORTY-EIGHTH SESSION`) in sentence case.
 */
export function normalCase(h: string): string {
  const joined = h.replace(/(?<![\p{L}\p{N}])\p{L}(?: \p{L}(?![\p{L}\p{N}]))+/gu, (m) => m.replace(/ /g, ""));
  if (/\p{Ll}/u.test(joined) || !/\p{Lu}.*\p{Lu}/u.test(joined)) return joined;
  const lower = joined.toLowerCase();
  const first = lower.search(/\p{L}|\p{N}/u);
  return first < 0 || /\p{N}/u.test(lower[first])
    ? lower
    : lower.slice(0, first) + lower[first].toUpperCase() + lower.slice(first + 1);
}

const ORDINAL_APART = lazyPattern(() => /^(\p{N}+) +(?=\p{Ll})/u);

/** Sets the cover field a whole (normalised) text is, if it is one not read yet; false if it is none. */
function setField(s: ParseState, cover: CoverPage, i: number, text: string, end = i): boolean {
  const p = s.profile;
  const field = { ...coverField(s, i, text), ...(end > i ? { text } : {}) };
  const folded = text.toLowerCase();
  for (const organ of p.organs)
    if (organ.toLowerCase() === folded) {
      cover.organ ??= { ...field, text: organ };
      return true;
    }
  for (const place of p.places)
    if (place.toLowerCase() === folded) {
      cover.place ??= { ...field, text: place };
      return true;
    }
  if (p.period.test(text)) {
    cover.period ??= field;
    return true;
  }
  // `46th PLENARY MEETING`: the number's suffix in lower case, the words in capitals; `85  th
  // plenary meeting` (pdftotext -layout): the suffix, set in superscript, apart from its number.
  const meeting =
    p.meeting.exec(text) ?? p.meeting.exec(text.toLowerCase()) ?? p.meeting.exec(text.replace(ORDINAL_APART(), "$1"));
  if (meeting) {
    cover.meeting ??= { ...field, number: Number(meeting[1]) };
    return true;
  }
  const date = p.dateLine.exec(text)?.groups;
  if (date) {
    if (!cover.date) {
      cover.weekday = coverField(s, i, date.weekday);
      cover.date = coverField(s, i, date.date.trim(), date.weekday.length);
      // `at 3 p.m.` on a line of its own under the date: the time is what follows the word.
      const time = date.time.trim().replace(/^\p{Ll}+ (?=\p{N})/u, "");
      cover.time =
        end > i
          ? { ...coverField(s, end, time), text: time }
          : coverField(s, i, time, date.weekday.length + date.date.length);
    }
    return true;
  }
  const president = p.presidentLine.exec(text)?.groups;
  if (president) {
    cover.president ??= { ...field, name: president.name.trim(), entity: president.entity.trim() };
    return true;
  }
  return false;
}

/**
 * A field the cover sets over two lines, neither a field alone: the number of a meeting and its
 * words, a letter-spaced organ's two words, a date and its time, the President's name and the
 * parenthesis of the State. Returns the second line, or undefined.
 */
function twoLineField(s: ParseState, cover: CoverPage, i: number, h: string, sideBySide = false): number | undefined {
  let j = i + 1;
  while (j < s.n && j <= i + 2 && !isContent(s, j)) j++;
  if (j >= s.n || !isContent(s, j) || startsBody(s, j) || DOT_LEADERS().test(head(s, j))) return undefined;
  const next = sideBySide ? leftColumn(s, j) : head(s, j);
  const first = normalCase(h);
  const second = normalCase(next);
  const probe: CoverPage = { startLine: 0, endLine: 0, members: [] };
  if (setField(s, probe, i, first) || setField(s, probe, j, second)) return undefined;
  if (RECORD_SYMBOL_ANYWHERE().test(h) || s.profile.statuses.has(h)) return undefined;
  const joins = [normalCase(`${h} ${next}`), `${first} ${second}`, `${first}, ${second}`];
  // `85` / `th plenary meeting`: a number set apart from its ordinal suffix (set in superscript).
  if (/^\p{N}+$/u.test(h)) joins.push(`${h}${second}`);
  for (const joined of joins)
    if (setField(s, probe, i, joined, j)) {
      setField(s, cover, i, joined, j);
      return j;
    }
  return undefined;
}

type PieceKind = "organ" | "status" | "period" | "meeting" | "date" | "place";
interface Piece {
  kind: PieceKind;
  text: string;
  /** Where the piece starts in the line. */
  at: number;
}

/** The cover field a whole string is, if any. */
function pieceKind(s: ParseState, text: string): PieceKind | undefined {
  const p = s.profile;
  if (p.organs.has(text)) return "organ";
  if (p.statuses.has(text)) return "status";
  if (p.places.has(text)) return "place";
  if (p.period.test(text)) return "period";
  if (p.meeting.test(text)) return "meeting";
  if (p.dateLine.test(text)) return "date";
  return undefined;
}

/**
 * A line that is several cover fields side by side, as a PDF's cover sets them on one row and an
 * extractor (the import among them) gives them on one line: `Security Council Provisional
 * Eighty-first year`, `10100th meeting Friday, 30 January 2026, 3 p.m. New York`. The line cut at
 * spaces into whole fields, the cut with the most pieces kept (the place is a piece of its own, not
 * the end of the time); nothing where no cut makes every piece a field.
 */
function coverPieces(s: ParseState, cover: CoverPage, i: number, h: string): void {
  const best = new Map<number, Piece[] | undefined>();
  const cut = (from: number): Piece[] | undefined => {
    if (best.has(from)) return best.get(from);
    let found: Piece[] | undefined;
    for (let k = from; k <= h.length; k++) {
      if (k < h.length && h[k] !== " ") continue;
      const text = h.slice(from, k);
      const kind = pieceKind(s, text);
      if (!kind) continue;
      const rest = k === h.length ? [] : cut(k + 1);
      if (rest && (!found || rest.length + 1 > found.length)) found = [{ kind, text, at: from }, ...rest];
    }
    best.set(from, found);
    return found;
  };
  const pieces = cut(0);
  if (!pieces || pieces.length < 2) return;
  const p = s.profile;
  for (const piece of pieces) {
    const field = coverField(s, i, piece.text, piece.at);
    if (piece.kind === "organ") cover.organ ??= field;
    else if (piece.kind === "status") cover.status ??= field;
    else if (piece.kind === "place") cover.place ??= field;
    else if (piece.kind === "period") cover.period ??= field;
    else if (piece.kind === "meeting") {
      const n = p.meeting.exec(piece.text);
      if (n && !cover.meeting) cover.meeting = { ...field, number: Number(n[1]) };
    } else if (!cover.date) {
      const date = p.dateLine.exec(piece.text)?.groups;
      if (!date) continue;
      cover.weekday = coverField(s, i, date.weekday, piece.at);
      cover.date = coverField(s, i, date.date.trim(), piece.at + date.weekday.length);
      cover.time = coverField(s, i, date.time.trim(), piece.at + date.weekday.length + date.date.length);
    }
  }
}

export function addMember(s: ParseState, cover: CoverPage, i: number, h: string): void {
  const m = s.profile.membersLine.exec(h);
  if (!m?.groups) return;
  cover.members.push({ ...coverField(s, i, h), country: m.groups.country.trim(), representative: m.groups.rep.trim() });
}

/** The boilerplate paragraph runs to a blank line, a structure line, or its closing `(http://…).`. */
export function consumeBoilerplate(s: ParseState, first: number): number {
  let last = first;
  for (let i = first; i < s.n && i < first + 16; i++) {
    if (s.kinds[i] === "blank") break;
    if (s.kinds[i] === "furniture") continue;
    if (i > first && (startsBody(s, i) || DOT_LEADERS().test(head(s, i)))) break;
    s.kinds[i] = "boilerplate";
    last = i;
    if (/\)\.\s*$/.test(head(s, i)) || s.profile.boilerplateEnd?.test(head(s, i))) break;
  }
  const start = s.lines.starts[first] + (lineText(s, first).length - lineText(s, first).trimStart().length);
  const lines: number[] = [];
  for (let i = first; i <= last; i++) if (s.kinds[i] === "boilerplate") lines.push(i);
  s.boilerplate = { startLine: first, endLine: last, lines, start, end: s.lines.ends[last] };
  return last;
}
