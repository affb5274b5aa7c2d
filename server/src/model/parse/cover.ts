import { RECORD_SYMBOL } from "../furniture";
import type { CoverField, CoverPage } from "../types";
import { consumeAgenda, startsBody } from "./body";
import { matchHeader } from "./headers";
import { head, isContent, lineText, type ParseState } from "./state";

const COVER_MAX_LINES = 160;
const COVER_OPENING = new RegExp(
  `^(?:United Nations|Nations Unies|Naciones Unidas|Организация Объединенных Наций)(?:\\s+${RECORD_SYMBOL}|\\s*$)|^${RECORD_SYMBOL}`,
  "u",
);
/** Dot leaders of the cover page's president and members lines: `Mr. Oyarce . . . . (Chile)`. */
const DOT_LEADERS = /(?:\. ?){4,}/u;
const RECORD_SYMBOL_ANYWHERE = new RegExp(RECORD_SYMBOL, "u");

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
  for (let i = 0; i < s.n && seen < 8; i++) {
    if (!isContent(s, i)) continue;
    seen++;
    const h = head(s, i);
    if (seen === 1 && matchHeader(s, i)) return 0;
    if (COVER_OPENING.test(h) || p.organs.has(h)) {
      opening = i;
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
    const h = head(s, i);
    if (p.boilerplateStart.test(h)) {
      const end = consumeBoilerplate(s, i);
      cover.endLine = end;
      s.cover = cover;
      return end + 1;
    }
    // A line with dot leaders (`President: Mr. Oyarce . . . (Chile)`) belongs to the cover even
    // where it has a speaker header's shape; its parenthesis may close on the next line.
    if (DOT_LEADERS.test(h)) {
      let joined = h;
      let end = i;
      if (/\([^)]*$/.test(h) && i + 1 < s.n && isContent(s, i + 1)) {
        joined = `${h} ${head(s, i + 1)}`;
        end = i + 1;
      }
      for (let j = i; j <= end; j++) s.kinds[j] = "cover";
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
    s.kinds[i] = "cover";
    lastField = i;
    const symbol = RECORD_SYMBOL_ANYWHERE.exec(h);
    if (symbol && !cover.symbol) cover.symbol = coverField(s, i, symbol[0]);
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
    if (i > first && startsBody(s, i)) break;
    s.kinds[i] = "boilerplate";
    last = i;
    if (/\)\.\s*$/.test(head(s, i))) break;
  }
  const start = s.lines.starts[first] + (lineText(s, first).length - lineText(s, first).trimStart().length);
  const lines: number[] = [];
  for (let i = first; i <= last; i++) if (s.kinds[i] === "boilerplate") lines.push(i);
  s.boilerplate = { startLine: first, endLine: last, lines, start, end: s.lines.ends[last] };
  return last;
}
