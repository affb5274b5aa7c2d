import type { HeaderPart, HeaderPartKind, SpeakerHeader } from "../types";
import { HEAD_HEADER_START, lineText, nextNonFurniture, type ParseState, STRUCTURE_PREFIX } from "./state";

export const MAX_HEADER_LINES = 3;
/** A name-only header names one person: at most this many words (`Mr. Ruiz Massieu`). */
const NAME_ONLY_WORDS = 4;

/**
 * A header with a name and no delegation (`Mr. Griffiths:`, `Mrs. Robinson:` — briefers, often
 * after "I give the floor to Mr. Griffiths."): on one line, with a personal title, a short name
 * that is no office (`Mr. President:` is an address), and only where a header may start (the
 * body scan asks at paragraph boundaries only).
 */
function nameOnly(s: ParseState, title: string | undefined, name: string): boolean {
  if (!title || !s.profile.nameOnlyTitles.has(title)) return false;
  const words = name.trim().split(/[ \u00A0]+/);
  return words.length <= NAME_ONLY_WORDS && !words.some((w) => s.profile.officeWords.has(w.toLowerCase()));
}

/**
 * The speaker header starting on line i, over up to three lines, or undefined. Where the text's
 * source says the line opens a paragraph in bold up to a colon, a header whose title the language
 * data lacks (`Professor Halvorsen (Norway):`), marked `fromBold`.
 */
export function matchHeader(s: ParseState, i: number): SpeakerHeader | undefined {
  const header = matchTextHeader(s, i);
  if (header || !s.boldOpening?.(i)) return header;
  const bold = matchJoined(s, i, s.profile.boldHeader);
  // A delegation, not a document's symbol or a number (`Draft resolution (A/76/L.86):`).
  return bold && !/[\p{N}/]/u.test(bold.entity ?? "") ? { ...bold, fromBold: true } : undefined;
}

/** A header of the bold grammar over up to three joined lines (the text's colon ends it). */
function matchJoined(s: ParseState, i: number, re: RegExp): SpeakerHeader | undefined {
  return joinHeaderLines(s, i, (joined) => {
    const m = re.exec(joined);
    return m?.indices ? (m as HeaderMatch) : undefined;
  });
}

function matchTextHeader(s: ParseState, i: number): SpeakerHeader | undefined {
  const p = s.profile;
  // `headerStart` on the line's first STRUCTURE_PREFIX characters, read once per line.
  if (!(s.signsOf(i) & HEAD_HEADER_START)) return undefined;
  return joinHeaderLines(s, i, (joined, count) => {
    const m = p.header.exec(joined);
    if (!m?.groups || !m.indices?.groups) return undefined;
    const g = m.groups;
    if (g.role && !g.entity) return null;
    // A name with its honorific after it (`Mahmoud FAWZI Bey`) is a header with its delegation only.
    if (g.afterName && !g.entity) return null;
    if (g.name && !g.entity && !g.note && !g.preNote && !(count === 0 && nameOnly(s, g.title, g.name))) return null;
    return m as HeaderMatch;
  });
}

type HeaderMatch = RegExpExecArray & { indices: RegExpIndicesArray };

/**
 * Joins a header's lines from line `i`, up to MAX_HEADER_LINES (one space between them, none after
 * a line-end hyphen), keeping where each piece came from, and asks `accept` of the text so far: a
 * match makes the header, null means no header, undefined reads the next line. A colon that did
 * not close a header, or a finished sentence, means this is no header.
 */
function joinHeaderLines(
  s: ParseState,
  i: number,
  accept: (joined: string, count: number) => HeaderMatch | null | undefined,
): SpeakerHeader | undefined {
  const segments: { joined: number; doc: number; length: number }[] = [];
  let joined = "";
  let j = i;
  for (let count = 0; count < MAX_HEADER_LINES && j < s.n; count++) {
    if (count > 0) {
      j = nextNonFurniture(s, j + 1);
      if (j < 0 || s.kinds[j] === "blank") break;
    }
    const raw = lineText(s, j).slice(0, STRUCTURE_PREFIX);
    const lead = count === 0 ? 0 : raw.length - raw.trimStart().length;
    const piece = raw.slice(lead).trimEnd();
    if (count > 0 && !/[-‐]$/.test(joined)) joined += " ";
    segments.push({ joined: joined.length, doc: s.lines.starts[j] + lead, length: piece.length });
    joined += piece;
    const m = accept(joined, count);
    if (m === null) return undefined;
    if (m) return buildHeader(i, j, m, segments);
    if (piece.includes(":") || /[.;!?]$/.test(piece)) return undefined;
  }
  return undefined;
}

function buildHeader(
  first: number,
  last: number,
  m: HeaderMatch,
  segments: { joined: number; doc: number; length: number }[],
): SpeakerHeader {
  const toDoc = (k: number): number => {
    for (let k2 = segments.length - 1; k2 >= 0; k2--) {
      const seg = segments[k2];
      if (k >= seg.joined) return seg.doc + Math.min(k - seg.joined, seg.length);
    }
    return segments[0].doc;
  };
  const parts: HeaderPart[] = [];
  const addPart = (kind: HeaderPartKind, range: [number, number] | undefined) => {
    if (!range) return;
    const [a, b] = range;
    // One piece per line: a part cut by the line break is given on each line.
    for (const seg of segments) {
      const s = Math.max(a, seg.joined);
      const e = Math.min(b, seg.joined + seg.length);
      if (s < e) parts.push({ kind, span: { start: seg.doc + (s - seg.joined), end: seg.doc + (e - seg.joined) } });
    }
  };
  const gi = m.indices.groups ?? {};
  const g = m.groups ?? {};
  addPart("office", gi.office);
  addPart("title", gi.title);
  addPart("name", gi.name);
  addPart("name", gi.afterName);
  addPart("title", gi.afterTitle);
  // The parentheses around the entity and the note belong to them.
  if (gi.preNote) addPart("note", [gi.preNote[0] - 1, gi.preNote[1] + 1]);
  if (gi.entity) addPart("entity", [gi.entity[0] - 1, gi.entity[1] + 1]);
  addPart("role", gi.role);
  if (gi.note) addPart("note", [gi.note[0] - 1, gi.note[1] + 1]);
  const colonAt = m[0].length - 1;
  addPart("colon", [colonAt, colonAt + 1]);
  const clean = (s: string | undefined): string | null => (s ? s.replace(/[\s\u00A0]+/g, " ").trim() : null);
  const office = clean(g.office);
  const title = clean(g.title ?? g.afterTitle);
  const name = clean(g.name ?? g.afterName);
  const entity = clean(g.entity);
  const role = clean(g.role);
  const display =
    [office ?? (g.afterTitle ? `${name} ${title}` : `${title} ${name}`), entity ? `(${entity})` : ""]
      .filter(Boolean)
      .join(" ") + (role ? `, ${role}` : "");
  const startIdx = m[0].length - m[0].trimStart().length;
  return {
    startLine: first,
    endLine: last,
    span: { start: toDoc(startIdx), end: toDoc(colonAt) + 1 },
    title,
    name,
    entity,
    role: role ?? office,
    note: clean(g.note ?? g.preNote),
    display,
    parts,
  };
}
