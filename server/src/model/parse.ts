import type { Lexicon } from "../lexicon/lexicon";
import { LineIndex } from "../text/lineIndex";
import type { Span } from "../types";
import { findAcronyms, findDefinitions, lineAcronyms } from "./acronyms";
import { type DateExpression, findDates } from "./dates";
import { findDocumentRefs } from "./documentRefs";
import { classifyFurniture, RECORD_SYMBOL } from "./furniture";
import { countWords as countWordKeys, decideHyphen, wordKeys } from "./hyphenation";
import { type AnalysisMemo, attachMemo, memoOf } from "./memo";
import type { LanguageProfile } from "./profile";
import type {
  AcronymDefinition,
  AgendaItem,
  CoverField,
  CoverPage,
  DocumentRef,
  Furniture,
  HeaderPart,
  HeaderPartKind,
  HyphenBreak,
  LineKind,
  Page,
  Paragraph,
  ProceduralLine,
  SpeakerHeader,
  Speech,
  TranscriptModel,
} from "./types";

export interface ParseInput {
  uri: string;
  version: number;
  text: string;
}

/** Static knowledge the parser may use besides the text (the model stays a function of the text). */
export interface ParseOptions {
  /** The spelling lexicon of a language, where there is one. */
  lexicon?: (language: string) => Lexicon | undefined;
  /** Compound acronyms with lowercase parts (`UN-Women`), from the built-in glossary. */
  compoundAcronyms?: ReadonlySet<string>;
  /** The built-in glossary's long forms per acronym, for definitions whose letters are out of order. */
  knownExpansions?: ReadonlyMap<string, readonly string[]>;
  /** What the analysis of the document's previous version left (see memo.ts); none: all is computed. */
  memo?: AnalysisMemo;
}

/** Only the start of a very long line is read for structure: no header or procedural line is this long. */
const STRUCTURE_PREFIX = 600;
const MAX_HEADER_LINES = 3;
/** Line widths below this are counted in a table to find the typical width. */
const WIDTH_BINS = 1024;
const COVER_MAX_LINES = 160;

const BLANK = /^[ \t\u00A0\u200B]*$/;
const ENDS_SENTENCE = /[.!?:;…"”’»)\]]["”’»)]*[ \t\u00A0]*$/u;
const STARTS_PARAGRAPH = /^[ \t]*["“‘«(\p{Lu}\p{N}]/u;
const COVER_OPENING = new RegExp(
  `^(?:United Nations|Nations Unies|Naciones Unidas|Организация Объединенных Наций)(?:\\s+${RECORD_SYMBOL}|\\s*$)|^${RECORD_SYMBOL}`,
  "u",
);
/** Dot leaders of the cover page's president and members lines: `Mr. Oyarce . . . . (Chile)`. */
const DOT_LEADERS = /(?:\. ?){4,}/u;
const RECORD_SYMBOL_ANYWHERE = new RegExp(RECORD_SYMBOL, "u");

/**
 * Picks the language whose function words are most frequent near the start of the text; a line
 * in that language's speaker-header shape counts as much as ten function words, so that a short
 * excerpt (`Председатель: …`) is still recognised.
 */
const LANGUAGE_SAMPLE = 20000;

export function detectLanguage(text: string, profiles: readonly LanguageProfile[]): LanguageProfile {
  const sample = text.slice(0, LANGUAGE_SAMPLE);
  const lower = sample.toLowerCase();
  const counts = new Map<LanguageProfile, number>(profiles.map((p) => [p, 0]));
  for (const m of lower.matchAll(/\p{L}+/gu)) {
    for (const p of profiles) if (p.stopwords.has(m[0])) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  for (const line of sample.split(/\r\n?|\n/)) {
    for (const p of profiles) if (p.header.test(line)) counts.set(p, (counts.get(p) ?? 0) + 10);
  }
  let best = profiles[0];
  for (const p of profiles) if ((counts.get(p) ?? 0) > (counts.get(best) ?? 0)) best = p;
  return best;
}

/** Text with NUL bytes, or mostly control characters, is not a transcript. */
const UNREADABLE_SAMPLE = 65536;

function unreadableReason(text: string): string | undefined {
  const sample = text.slice(0, UNREADABLE_SAMPLE);
  if (sample.indexOf("\u0000") >= 0) return "The file holds NUL bytes: it looks binary, not a transcript.";
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
  }
  if (sample.length > 64 && control / sample.length > 0.1) {
    return "The file is mostly control characters: it looks binary, not a transcript.";
  }
  return undefined;
}

/** What the structure passes read of every line, computed once per line. */
interface LineShape {
  /** Leading white space (as `trimStart` takes it). */
  lead: number;
  /** Length without trailing white space (as `trimEnd` leaves it). */
  width: number;
  /** The line's head (its first STRUCTURE_PREFIX characters, trimmed) ends a sentence. */
  headEnds: boolean;
  /** The whole line, trimmed, ends a sentence. */
  lineEnds: boolean;
}

function lineShape(line: string): LineShape {
  const width = line.trimEnd().length;
  const headEnds = ENDS_SENTENCE.test(line.slice(0, STRUCTURE_PREFIX).trim());
  return {
    lead: line.length - line.trimStart().length,
    width,
    headEnds,
    lineEnds: line.length <= STRUCTURE_PREFIX ? headEnds : ENDS_SENTENCE.test(line.trimEnd()),
  };
}

class Parser {
  readonly lines: LineIndex;
  readonly n: number;
  readonly kinds: LineKind[];
  readonly furniture: Furniture[] = [];
  readonly procedurals: ProceduralLine[] = [];
  readonly agendaItems: AgendaItem[] = [];
  readonly headers: SpeakerHeader[] = [];
  readonly paragraphs: Paragraph[] = [];
  cover: CoverPage | undefined;
  boilerplate: Paragraph | undefined;
  raw = false;
  private readonly shapeOf: (i: number) => LineShape;

  constructor(
    readonly text: string,
    readonly profile: LanguageProfile,
    readonly memo: AnalysisMemo,
  ) {
    this.lines = memo.nextVersion(text);
    this.n = this.lines.lineCount;
    this.kinds = new Array<LineKind>(this.n).fill("text");
    this.shapeOf = memo.lines("line-shape", (i) => this.line(i), lineShape);
  }

  line(i: number): string {
    return this.lines.line(i);
  }

  /** The part of a line the structure patterns read: trimmed, NBSP-tolerant, at most STRUCTURE_PREFIX long. */
  head(i: number): string {
    const s = this.lines.text.slice(
      this.lines.starts[i],
      Math.min(this.lines.ends[i], this.lines.starts[i] + STRUCTURE_PREFIX),
    );
    return s.trim();
  }

  isContent(i: number): boolean {
    return this.kinds[i] !== "blank" && this.kinds[i] !== "furniture";
  }

  /** Next line at or after `i` that is not furniture (blank lines count), or -1. */
  nextNonFurniture(i: number): number {
    for (let j = i; j < this.n; j++) if (this.kinds[j] !== "furniture") return j;
    return -1;
  }

  run(): void {
    this.classifyBlankAndFurniture();
    this.raw = this.detectRaw();
    const bodyStart = this.parseCover();
    this.scanBody(bodyStart);
    this.buildParagraphs(bodyStart);
  }

  private classifyBlankAndFurniture(): void {
    const { lines } = this;
    // Each line read as if it stood at the start of the document, then placed here; unchanged
    // lines keep what the previous version found.
    const classify = this.memo.lines(
      "furniture",
      (i) => lines.line(i),
      (text) => {
        const f = classifyFurniture(text, 0, 0);
        return f ? { f } : BLANK.test(text) ? "blank" : "text";
      },
    );
    for (let i = 0; i < this.n; i++) {
      const found = classify(i);
      if (found === "text") continue;
      if (found === "blank") this.kinds[i] = "blank";
      else {
        const start = lines.starts[i];
        const { f } = found;
        this.kinds[i] = "furniture";
        this.furniture.push({
          ...f,
          line: i,
          span: { start: f.span.start + start, end: f.span.end + start },
          ...(f.formFeed !== undefined ? { formFeed: f.formFeed + start } : {}),
        });
      }
    }
  }

  /**
   * A record without blank lines between paragraphs (`pdftotext -raw`): blank lines are rare and
   * stand beside page furniture, not between paragraphs of text.
   */
  private detectRaw(): boolean {
    let textLines = 0;
    let separators = 0;
    let prev: LineKind | undefined;
    for (let i = 0; i < this.n; i++) {
      const k = this.kinds[i];
      if (k === "text") {
        textLines++;
        if (prev === "blank") separators++;
      }
      if (k === "blank" && prev === "furniture") continue;
      if (k !== "blank" || prev !== "blank") prev = k === "furniture" ? "furniture" : k;
    }
    return textLines >= 30 && separators / textLines < 0.03;
  }

  private field(i: number, text: string, offsetInLine = 0): CoverField {
    const lineText = this.line(i);
    const at = Math.max(0, lineText.indexOf(text, offsetInLine));
    const start = this.lines.starts[i] + at;
    return { text, line: i, span: { start, end: start + text.length } };
  }

  /** Recognises the cover page and its boilerplate paragraph; returns the first line of the body. */
  private parseCover(): number {
    const p = this.profile;
    // A cover page opens with `United Nations S/PV.…` or an organ's name within its first lines.
    let opening = -1;
    let seen = 0;
    for (let i = 0; i < this.n && seen < 8; i++) {
      if (!this.isContent(i)) continue;
      seen++;
      const h = this.head(i);
      if (seen === 1 && this.matchHeader(i)) return 0;
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
    for (; i < this.n && i < opening + COVER_MAX_LINES; i++) {
      if (!this.isContent(i)) {
        if (this.kinds[i] === "blank") inMembers = false;
        continue;
      }
      const h = this.head(i);
      if (p.boilerplateStart.test(h)) {
        const end = this.consumeBoilerplate(i);
        cover.endLine = end;
        this.cover = cover;
        return end + 1;
      }
      // A line with dot leaders (`President: Mr. Oyarce . . . (Chile)`) belongs to the cover even
      // where it has a speaker header's shape; its parenthesis may close on the next line.
      if (DOT_LEADERS.test(h)) {
        let joined = h;
        let end = i;
        if (/\([^)]*$/.test(h) && i + 1 < this.n && this.isContent(i + 1)) {
          joined = `${h} ${this.head(i + 1)}`;
          end = i + 1;
        }
        for (let j = i; j <= end; j++) this.kinds[j] = "cover";
        this.coverLine(cover, i, h, inMembers, joined);
        if (h.startsWith(`${p.data.membersLabel}:`)) inMembers = true;
        lastField = end;
        i = end;
        continue;
      }
      if (this.startsBody(i)) break;
      if (p.agendaHeading.test(h)) {
        const end = this.consumeAgenda(i, h);
        lastField = end;
        i = end;
        inMembers = false;
        continue;
      }
      this.kinds[i] = "cover";
      lastField = i;
      const symbol = RECORD_SYMBOL_ANYWHERE.exec(h);
      if (symbol && !cover.symbol) cover.symbol = this.field(i, symbol[0]);
      if (!cover.organ) {
        for (const organ of p.organs) {
          if (h === organ || h.endsWith(` ${organ}`) || h.startsWith(`${organ} `)) {
            cover.organ = this.field(i, organ);
            // `Security Council Provisional`: the status shares the organ's line.
            const rest = h.startsWith(`${organ} `) ? h.slice(organ.length + 1).trim() : "";
            if (rest && p.statuses.has(rest) && !cover.status) cover.status = this.field(i, rest, organ.length);
            break;
          }
        }
      }
      this.coverLine(cover, i, h, inMembers);
      if (h.startsWith(`${p.data.membersLabel}:`)) inMembers = true;
    }
    // No boilerplate: the cover ends with its last recognised line.
    cover.endLine = lastField;
    for (let j = lastField + 1; j < i; j++) if (this.kinds[j] === "cover") this.kinds[j] = "text";
    this.cover = cover;
    return lastField + 1;
  }

  /** Reads one cover line into the field it holds, if any. */
  /** Reads one cover line; `joined` is the line with its continuation, where a parenthesis wraps. */
  private coverLine(cover: CoverPage, i: number, h: string, inMembers: boolean, joined = h): void {
    const p = this.profile;
    if (p.period.test(h)) {
      cover.period = this.field(i, h);
      return;
    }
    const meeting = p.meeting.exec(h);
    if (meeting) {
      cover.meeting = { ...this.field(i, h), number: Number(meeting[1]) };
      return;
    }
    const date = p.dateLine.exec(h)?.groups;
    if (date) {
      cover.weekday = this.field(i, date.weekday);
      cover.date = this.field(i, date.date.trim(), date.weekday.length);
      cover.time = this.field(i, date.time.trim(), date.weekday.length + date.date.length);
      return;
    }
    if (p.places.has(h)) {
      cover.place = this.field(i, h);
      return;
    }
    if (p.statuses.has(h)) {
      cover.status = this.field(i, h);
      return;
    }
    const president = p.presidentLine.exec(joined)?.groups;
    if (president) {
      cover.president = { ...this.field(i, h), name: president.name.trim(), entity: president.entity.trim() };
      return;
    }
    const label = `${p.data.membersLabel}:`;
    if (h.startsWith(label)) {
      const rest = h.slice(label.length).trim();
      if (rest) this.addMember(cover, i, rest);
    } else if (inMembers) {
      this.addMember(cover, i, h);
    }
  }

  private addMember(cover: CoverPage, i: number, h: string): void {
    const m = this.profile.membersLine.exec(h);
    if (!m?.groups) return;
    cover.members.push({ ...this.field(i, h), country: m.groups.country.trim(), representative: m.groups.rep.trim() });
  }

  /** The boilerplate paragraph runs to a blank line, a structure line, or its closing `(http://…).`. */
  private consumeBoilerplate(first: number): number {
    let last = first;
    for (let i = first; i < this.n && i < first + 16; i++) {
      if (this.kinds[i] === "blank") break;
      if (this.kinds[i] === "furniture") continue;
      if (i > first && this.startsBody(i)) break;
      this.kinds[i] = "boilerplate";
      last = i;
      if (/\)\.\s*$/.test(this.head(i))) break;
    }
    const start = this.lines.starts[first] + (this.line(first).length - this.line(first).trimStart().length);
    const lines: number[] = [];
    for (let i = first; i <= last; i++) if (this.kinds[i] === "boilerplate") lines.push(i);
    this.boilerplate = { startLine: first, endLine: last, lines, start, end: this.lines.ends[last] };
    return last;
  }

  /** Does line i begin the record's body: a speaker header, a procedural line or an agenda item? */
  private startsBody(i: number): boolean {
    const h = this.head(i);
    return (
      this.profile.agendaItem.test(h) ||
      this.profile.procedural.some((p) => p.kind === "opening" && p.re.test(h)) ||
      this.matchHeader(i) !== undefined
    );
  }

  private consumeAgenda(first: number, label: string): number {
    const titleLines: number[] = [];
    let last = first;
    for (let i = first + 1; i < this.n && titleLines.length < 4; i++) {
      if (this.kinds[i] === "furniture") continue;
      if (this.kinds[i] === "blank") {
        if (titleLines.length === 0) continue;
        break;
      }
      const h = this.head(i);
      if (this.profile.boilerplateStart.test(h) || this.startsBody(i) || this.profile.agendaHeading.test(h)) break;
      if (titleLines.length > 0 && this.profile.procedural.some((p) => p.re.test(h))) break;
      titleLines.push(i);
      last = i;
      if (/[.]$/.test(h) && !/\)\.$/.test(h)) break;
    }
    for (let i = first; i <= last; i++)
      if (this.kinds[i] !== "furniture" && this.kinds[i] !== "blank") this.kinds[i] = "agenda";
    const labelStart = this.lines.starts[first] + (this.line(first).length - this.line(first).trimStart().length);
    this.agendaItems.push({
      startLine: first,
      endLine: last,
      label,
      title: titleLines
        .map((l) => this.head(l))
        .join(" ")
        .replace(/\s+/g, " "),
      span: { start: labelStart, end: this.lines.ends[last] },
      labelSpan: { start: labelStart, end: labelStart + label.length },
    });
    return last;
  }

  private scanBody(bodyStart: number): void {
    const p = this.profile;
    let boundary = true;
    for (let i = bodyStart; i < this.n; i++) {
      const kind = this.kinds[i];
      if (kind === "furniture") continue;
      if (kind === "blank") {
        boundary = true;
        continue;
      }
      if (boundary) {
        const h = this.head(i);
        const header = this.matchHeader(i);
        if (header) {
          this.headers.push(header);
          for (let j = header.startLine; j <= header.endLine; j++) if (this.isContent(j)) this.kinds[j] = "header";
          i = header.endLine;
          // The speech's first sentence may end on the header's line; a colon ending the line does not end one.
          const rest = this.text.slice(header.span.end, this.lines.ends[i]);
          boundary = rest.trim() !== "" && ENDS_SENTENCE.test(rest);
          continue;
        }
        if (p.agendaItem.test(h)) {
          i = this.consumeAgenda(i, h);
          boundary = true;
          continue;
        }
        const proc = this.matchProcedural(i);
        if (proc) {
          this.procedurals.push(proc);
          for (let j = proc.startLine; j <= proc.endLine; j++) if (this.isContent(j)) this.kinds[j] = "procedural";
          i = proc.endLine;
          boundary = true;
          continue;
        }
      }
      boundary = this.shape(i).headEnds;
    }
  }

  /** A procedural sentence starting at line i (joined over up to four lines), or a vote's country list. */
  private matchProcedural(i: number): ProceduralLine | undefined {
    const p = this.profile;
    const first = this.head(i);
    const span = (last: number): Span => ({
      start: this.lines.starts[i] + (this.line(i).length - this.line(i).trimStart().length),
      end: this.lines.starts[last] + this.line(last).trimEnd().length,
    });
    if (p.proceduralLists.some((re) => re.test(first))) {
      let last = i;
      for (let j = i + 1; j < this.n && j < i + 80; j++) {
        if (this.kinds[j] === "furniture") continue;
        if (this.kinds[j] === "blank") break;
        const h = this.head(j);
        if (p.proceduralLists.some((re) => re.test(h)) || this.matchHeader(j) || this.matchSentence(j)) break;
        last = j;
      }
      return { startLine: i, endLine: last, kind: "vote-list", span: span(last), text: this.joinedText(i, last) };
    }
    const sentence = this.matchSentence(i);
    if (!sentence) return undefined;
    return {
      startLine: i,
      endLine: sentence.last,
      kind: sentence.kind,
      span: span(sentence.last),
      text: sentence.text,
    };
  }

  /**
   * A procedural sentence starting at line i, joined over up to four lines. A function of those
   * lines' text alone (later lines still have the kinds their own text gives), so unchanged lines
   * keep the previous version's answer.
   */
  private matchSentence(i: number): { last: number; kind: string; text: string } | undefined {
    const found = this.memo.range("procedural-sentence", i, () => {
      let joined = "";
      let last = i;
      let count = 0;
      let j = i;
      for (; j < this.n && count < 4; j++) {
        if (this.kinds[j] === "furniture") continue;
        if (this.kinds[j] === "blank") break;
        const h = this.head(j);
        joined = joined ? (joined.endsWith("-") ? joined + h : `${joined} ${h}`) : h;
        last = j;
        count++;
        for (const { kind, re } of this.profile.procedural)
          if (re.test(joined)) return { value: { lines: last - i, kind, text: this.memo.keep(joined) }, last: j };
        if (/[.:]$/.test(h)) break;
      }
      return { value: undefined, last: Math.min(j, this.n - 1) };
    });
    return found && { last: i + found.lines, kind: found.kind, text: found.text };
  }

  /** The shape of a line: where its text starts and ends, and whether its head ends a sentence. */
  shape(i: number): LineShape {
    return this.shapeOf(i);
  }

  private joinedText(first: number, last: number): string {
    const parts: string[] = [];
    for (let j = first; j <= last; j++) if (this.isContent(j)) parts.push(this.head(j));
    return parts.join(" ").replace(/\s+/g, " ");
  }

  /** The speaker header starting on line i, over up to three lines, or undefined. */
  matchHeader(i: number): SpeakerHeader | undefined {
    const p = this.profile;
    const firstText = this.line(i).slice(0, STRUCTURE_PREFIX);
    if (!p.headerStart.test(firstText)) return undefined;
    // Join the lines with one space (none after a line-end hyphen), keeping where each piece came from.
    const segments: { joined: number; doc: number; length: number }[] = [];
    let joined = "";
    let j = i;
    for (let count = 0; count < MAX_HEADER_LINES && j < this.n; count++) {
      if (count > 0) {
        j = this.nextNonFurniture(j + 1);
        if (j < 0 || this.kinds[j] === "blank") break;
      }
      const raw = this.line(j).slice(0, STRUCTURE_PREFIX);
      const lead = count === 0 ? 0 : raw.length - raw.trimStart().length;
      const piece = raw.slice(lead).trimEnd();
      if (count > 0 && !/[-‐]$/.test(joined)) joined += " ";
      segments.push({ joined: joined.length, doc: this.lines.starts[j] + lead, length: piece.length });
      joined += piece;
      const m = p.header.exec(joined);
      if (m?.groups && m.indices?.groups) {
        const g = m.groups;
        if (g.role && !g.entity) return undefined;
        if (g.name && !g.entity && !g.note) return undefined;
        return this.buildHeader(i, j, m as RegExpExecArray & { indices: RegExpIndicesArray }, segments);
      }
      // A colon that did not close a header, or a finished sentence, means this is no header.
      if (piece.includes(":") || /[.;!?]$/.test(piece)) return undefined;
    }
    return undefined;
  }

  private buildHeader(
    first: number,
    last: number,
    m: RegExpExecArray & { indices: RegExpIndicesArray },
    segments: { joined: number; doc: number; length: number }[],
  ): SpeakerHeader {
    const toDoc = (k: number): number => {
      for (let s = segments.length - 1; s >= 0; s--) {
        const seg = segments[s];
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
    // The parentheses around the entity and the note belong to them.
    if (gi.entity) addPart("entity", [gi.entity[0] - 1, gi.entity[1] + 1]);
    addPart("role", gi.role);
    if (gi.note) addPart("note", [gi.note[0] - 1, gi.note[1] + 1]);
    const colonAt = m[0].length - 1;
    addPart("colon", [colonAt, colonAt + 1]);
    const clean = (s: string | undefined): string | null => (s ? s.replace(/[\s\u00A0]+/g, " ").trim() : null);
    const office = clean(g.office);
    const title = clean(g.title);
    const name = clean(g.name);
    const entity = clean(g.entity);
    const role = clean(g.role);
    const display =
      [office ?? `${title} ${name}`, entity ? `(${entity})` : ""].filter(Boolean).join(" ") + (role ? `, ${role}` : "");
    const startIdx = m[0].length - m[0].trimStart().length;
    return {
      startLine: first,
      endLine: last,
      span: { start: toDoc(startIdx), end: toDoc(colonAt) + 1 },
      title,
      name,
      entity,
      role: role ?? office,
      note: clean(g.note),
      display,
      parts,
    };
  }

  /**
   * The width of a full line of text: the 75th percentile of the text lines' widths (counted by
   * width rather than sorted, as the widths are small numbers).
   */
  private typicalWidth(bodyStart: number): number {
    const counts = new Uint32Array(WIDTH_BINS);
    const wide: number[] = [];
    let total = 0;
    for (let i = bodyStart; i < this.n; i++) {
      if (this.kinds[i] !== "text") continue;
      const w = this.shape(i).width;
      if (w < WIDTH_BINS) counts[w]++;
      else wide.push(w);
      total++;
    }
    if (!total) return 0;
    let rank = Math.floor(total * 0.75);
    for (let w = 0; w < WIDTH_BINS; w++) {
      if (rank < counts[w]) return w;
      rank -= counts[w];
    }
    return wide.sort((a, b) => a - b)[rank];
  }

  /** Paragraphs: runs of text separated by blank lines and structure; furniture inside is skipped. */
  private buildParagraphs(bodyStart: number): void {
    const typical = this.typicalWidth(bodyStart);
    const headerEnds = new Map(this.headers.map((h) => [h.endLine, h]));
    const headerStarts = new Set(this.headers.map((h) => h.startLine));
    let current: Paragraph | undefined;
    const close = () => {
      if (current) this.paragraphs.push(current);
      current = undefined;
    };
    const add = (i: number, start: number) => {
      if (!current) current = { startLine: i, endLine: i, lines: [], start, end: start };
      current.endLine = i;
      current.lines.push(i);
      current.end = this.lines.starts[i] + this.shape(i).width;
    };
    for (let i = bodyStart; i < this.n; i++) {
      const kind = this.kinds[i];
      if (kind === "furniture") continue;
      if (kind === "header") {
        const h = headerEnds.get(i);
        if (headerStarts.has(i)) close();
        if (h) {
          // The speech's text starts after the header's colon, on the same line or the next.
          const after = this.text.slice(h.span.end, this.lines.ends[i]);
          const lead = after.length - after.trimStart().length;
          if (after.trim()) add(i, h.span.end + lead);
        }
        continue;
      }
      if (kind !== "text") {
        close();
        continue;
      }
      if (current && this.raw) {
        const prev = this.shape(current.endLine);
        if (prev.lineEnds && prev.width < typical * 0.85 && STARTS_PARAGRAPH.test(this.line(i))) close();
      }
      add(i, this.lines.starts[i] + this.shape(i).lead);
    }
    close();
  }
}

function buildSpeeches(parser: Parser): Speech[] {
  const { headers, kinds, paragraphs, lines } = parser;
  const speeches: Speech[] = [];
  // Words of whole lines, from the previous version where a line is unchanged.
  const wordsOf = parser.memo.lines("word-count", (i) => parser.line(i), countWords);
  let pi = 0;
  for (let h = 0; h < headers.length; h++) {
    const header = headers[h];
    // A speech runs to the next header or to a procedural line or agenda item.
    let stop = h + 1 < headers.length ? headers[h + 1].startLine : parser.n;
    for (let i = header.endLine + 1; i < stop; i++) {
      if (kinds[i] === "procedural" || kinds[i] === "agenda" || kinds[i] === "cover" || kinds[i] === "boilerplate") {
        stop = i;
        break;
      }
    }
    let endLine = header.endLine;
    for (let i = stop - 1; i > header.endLine; i--) {
      if (kinds[i] === "text") {
        endLine = i;
        break;
      }
    }
    const own: Paragraph[] = [];
    while (pi < paragraphs.length && paragraphs[pi].startLine < header.startLine) pi++;
    while (pi < paragraphs.length && paragraphs[pi].startLine <= endLine) own.push(paragraphs[pi++]);
    let wordCount = 0;
    for (const p of own) {
      for (const l of p.lines) {
        wordCount += p.start > lines.starts[l] ? countWords(parser.text.slice(p.start, lines.ends[l])) : wordsOf(l);
      }
    }
    const end =
      endLine === header.endLine
        ? Math.max(header.span.end, lines.starts[endLine] + parser.line(endLine).trimEnd().length)
        : lines.starts[endLine] + parser.line(endLine).trimEnd().length;
    speeches.push({
      index: h,
      header,
      startLine: header.startLine,
      endLine,
      span: { start: header.span.start, end },
      paragraphs: own,
      wordCount,
    });
  }
  return speeches;
}

/** Words as a reader counts them: runs of non-space holding a letter or a digit (`S/2014/123` is one). */
export function countWords(s: string): number {
  let n = 0;
  for (const _ of s.matchAll(/[^\s\p{L}\p{N}]*[\p{L}\p{N}]\S*/gu)) n++;
  return n;
}

function buildPages(parser: Parser): Page[] {
  // A page ends with its page number; page 1 ends with its job number and barcode instead.
  const ends = parser.furniture.filter(
    (f, k, all) =>
      f.kind === "page-number" || f.kind === "barcode" || (f.kind === "job-number" && all[k + 1]?.kind !== "barcode"),
  );
  const pages: Page[] = [];
  let start = 0;
  let number = 1;
  if (ends.length === 0) {
    const feeds = parser.furniture.filter((f) => f.formFeed !== undefined).map((f) => f.line);
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
  for (let i = start; i < parser.n; i++) if (parser.isContent(i)) tail = true;
  if (tail || pages.length === 0) pages.push({ number, startLine: start, endLine: parser.n - 1 });
  return pages;
}

const LINE_END_HYPHEN = /([\p{L}\p{M}'’-]*[\p{L}\p{M}])([-\u00AD\u2010\u2011])[ \t]*$/u;
const LINE_START_WORD = /^[ \t]*([\p{L}\p{M}][\p{L}\p{M}'’-]*[\p{L}\p{M}]|[\p{L}\p{M}])/u;

function buildTokens(parser: Parser, options: ParseOptions): TranscriptModel["tokens"] {
  const { lines, kinds } = parser;
  const documentRefs: DocumentRef[] = [];
  const hyphenBreaks: HyphenBreak[] = [];
  const found: { line: number; before: Span; after: Span; hyphen: number }[] = [];
  // Document symbols line by line; unchanged lines keep what the previous version found.
  const refsOf = parser.memo.lines(
    "document-refs",
    (i) => parser.line(i),
    (own) => {
      const found: DocumentRef[] = [];
      findDocumentRefs(own, 0, found);
      return found.length ? found : NO_REFS;
    },
  );
  // The word before a line-end hyphen, and the word starting a line: where they are in the line.
  const lineEndHyphen = parser.memo.lines(
    "line-end-hyphen",
    (i) => parser.line(i),
    (text) => {
      const m = LINE_END_HYPHEN.exec(text.length > 80 ? text.slice(-80) : text);
      return m ? { at: (text.length > 80 ? text.length - 80 : 0) + (m.index ?? 0), length: m[1].length } : null;
    },
  );
  const lineStartWord = parser.memo.lines(
    "line-start-word",
    (i) => parser.line(i),
    (text) => {
      const w = LINE_START_WORD.exec(text);
      return w ? { at: w[0].length - w[1].length, length: w[1].length } : null;
    },
  );
  for (let i = 0; i < parser.n; i++) {
    const kind = kinds[i];
    if (kind === "blank" || kind === "furniture") continue;
    const lineStart = lines.starts[i];
    for (const r of refsOf(i))
      documentRefs.push({ ...r, span: { start: r.span.start + lineStart, end: r.span.end + lineStart } });
    if (kind !== "text" && kind !== "header") continue;
    // Most lines do not end in a hyphen: look at the last character before running the pattern,
    // and run it on the line's tail only (a word is never 80 characters long).
    const last = lastVisible(parser.text, lineStart, lines.ends[i]);
    if (last !== "-" && last !== "\u00AD" && last !== "\u2010" && last !== "\u2011") continue;
    const end = lineEndHyphen(i);
    if (!end) continue;
    let next = -1;
    for (let j = i + 1; j < parser.n; j++) {
      if (kinds[j] === "furniture" || kinds[j] === "blank") continue;
      next = kinds[j] === "text" ? j : -1;
      break;
    }
    if (next < 0) continue;
    const start = lineStartWord(next);
    if (!start) continue;
    const beforeStart = lines.starts[i] + end.at;
    const hyphen = beforeStart + end.length;
    const afterStart = lines.starts[next] + start.at;
    found.push({
      line: i,
      hyphen,
      before: { start: beforeStart, end: hyphen },
      after: { start: afterStart, end: afterStart + start.length },
    });
  }
  if (found.length) {
    const evidence = {
      counts: parser.memo.census(
        "hyphen-words",
        (i) => kinds[i] === "text" || kinds[i] === "header",
        (i) => parser.line(i),
        wordKeys,
        (pairs) =>
          countWordKeys(
            (function* () {
              for (const [, line] of pairs) yield line;
            })(),
          ),
      ),
      lexicon: options.lexicon?.(parser.profile.code),
      hyphenPrefixes: parser.profile.hyphenPrefixes,
      closedPrefixes: parser.profile.closedPrefixes,
      alwaysClosedPrefixes: parser.profile.alwaysClosedPrefixes,
      suffixes: parser.profile.boundSuffixes,
    };
    for (const f of found) {
      const before = parser.text.slice(f.before.start, f.before.end);
      const after = parser.text.slice(f.after.start, f.after.end);
      const verdict = parser.text[f.hyphen] === "\u00AD" ? softHyphen() : decideHyphen(before, after, evidence);
      hyphenBreaks.push({ ...f, decision: verdict.decision, reason: verdict.reason });
    }
  }
  const acronymInput = {
    text: parser.text,
    lineStarts: lines.starts,
    lineEnds: lines.ends,
    kinds,
    excluded: documentRefs.map((r) => r.span),
    breaks: new Map(hyphenBreaks.map((b) => [b.line, b])),
    lineAt: (offset: number) => lines.lineAt(offset),
    functionWords: parser.profile.functionWords,
    compounds: options.compoundAcronyms ?? new Set<string>(),
    ...(options.knownExpansions ? { known: options.knownExpansions } : {}),
  };
  const compounds = acronymInput.compounds;
  const acronymsOf = parser.memo.lines(
    "acronyms",
    (i) => parser.line(i),
    (own) => lineAcronyms(own, compounds),
  );
  const acronyms = findAcronyms(acronymInput, (i) => acronymsOf(i));
  // A definition reads a few lines around its short form, their kinds and hyphen decisions:
  // unchanged, the previous version's definitions for that line are taken over.
  parser.memo.context("kinds", kinds);
  parser.memo.sparseContext(
    "hyphen-decisions",
    hyphenBreaks.map((b) => b.line),
    hyphenBreaks.map((b) => b.decision),
  );
  const acronymDefinitions = findDefinitions(acronymInput, acronyms, (line, compute) => {
    const start = lines.starts[line];
    const placed = parser.memo.window("acronym-definitions", line, () => {
      const r = compute();
      return { value: r.definitions.map((d) => placeDefinition(d, -start, -line)), first: r.first, last: r.last };
    });
    return placed.map((d) => placeDefinition(d, start, line));
  });
  const dates = datesByBlock(parser, documentRefs);
  return { documentRefs, hyphenBreaks, acronyms, acronymDefinitions, dates };
}

/**
 * The dates of the text, found block by block: no expression runs over a blank line, so each
 * run of lines between blank lines is read on its own (and, unchanged, comes from the memo).
 * Years inside document symbols are no dates.
 */
function datesByBlock(parser: Parser, documentRefs: readonly DocumentRef[]): DateExpression[] {
  const { lines, kinds, profile } = parser;
  const out: DateExpression[] = [];
  let ex = 0;
  for (let first = 0; first < parser.n; first++) {
    if (kinds[first] === "blank") continue;
    let last = first;
    while (last + 1 < parser.n && kinds[last + 1] !== "blank") last++;
    const start = lines.starts[first];
    const blockText = () => parser.text.slice(start, lines.ends[last]);
    // Placed at this version's offsets, without the years of document symbols; a block before
    // the edit keeps the previous version's placed dates as they are.
    const found = parser.memo.block(`dates:${profile.code}`, first, last, blockText, (block) => {
      const local = new LineIndex(block);
      return findDates(block, profile, [], (offset) => local.lineAt(offset));
    });
    const placed = parser.memo.placedBlock(`dates-placed:${profile.code}`, first, last, () => {
      const own: DateExpression[] = [];
      for (const d of found) {
        const span = { start: d.span.start + start, end: d.span.end + start };
        while (ex < documentRefs.length && documentRefs[ex].span.end <= span.start) ex++;
        if (ex < documentRefs.length && documentRefs[ex].span.start < span.end) continue;
        own.push({ ...d, span, line: d.line + first });
      }
      return own;
    });
    for (const d of placed) out.push(d);
    first = last;
  }
  return out;
}

const NO_REFS: DocumentRef[] = [];

/** A definition moved by `offset` characters and `lineShift` lines. */
function placeDefinition(d: AcronymDefinition, offset: number, lineShift: number): AcronymDefinition {
  return {
    ...d,
    long: { start: d.long.start + offset, end: d.long.end + offset },
    short: { start: d.short.start + offset, end: d.short.end + offset },
    span: { start: d.span.start + offset, end: d.span.end + offset },
    line: d.line + lineShift,
  };
}

/** The last character of a line that is not white space (as `trimEnd` sees it), or "". */
function lastVisible(text: string, start: number, end: number): string {
  for (let k = end - 1; k >= start; k--) {
    const c = text[k];
    if (c !== " " && c !== "\t" && !/\s/.test(c)) return c;
  }
  return "";
}

/** A soft hyphen at a line end is the typesetter's mark of a split word: the word joins. */
function softHyphen() {
  return { decision: "join" as const, reason: "a soft hyphen marks a split word" };
}

/** Parses a document's text into its transcript model. A pure function of its input. */
export function parseTranscript(
  input: ParseInput,
  profiles: readonly LanguageProfile[],
  options: ParseOptions = {},
): TranscriptModel {
  const memo = options.memo ?? memoOf({});
  // Read from the text's first 64 KB: the same start, the same answer.
  const unreadable = memo.last("unreadable", input.text.slice(0, UNREADABLE_SAMPLE), () =>
    unreadableReason(input.text),
  );
  // The language is read from the start of the text: the same start, the same language.
  const profile = unreadable
    ? profiles[0]
    : memo.last("language", input.text.slice(0, LANGUAGE_SAMPLE), () => detectLanguage(input.text, profiles));
  const parser = new Parser(unreadable ? "" : input.text, profile, memo);
  if (!unreadable) parser.run();
  const lines = unreadable ? new LineIndex(input.text) : parser.lines;
  const model: TranscriptModel = {
    uri: input.uri,
    version: input.version,
    text: input.text,
    lines,
    lineKinds: unreadable ? new Array<LineKind>(lines.lineCount).fill("text") : parser.kinds,
    language: profile.code,
    profile,
    raw: parser.raw,
    ...(unreadable ? { unreadable } : {}),
    ...(parser.cover ? { cover: parser.cover } : {}),
    ...(parser.boilerplate ? { boilerplate: parser.boilerplate } : {}),
    furniture: parser.furniture,
    pages: unreadable ? [] : buildPages(parser),
    paragraphs: parser.paragraphs,
    procedurals: parser.procedurals,
    agendaItems: parser.agendaItems,
    speeches: unreadable ? [] : buildSpeeches(parser),
    tokens: unreadable
      ? { documentRefs: [], hyphenBreaks: [], acronyms: [], acronymDefinitions: [], dates: [] }
      : buildTokens(parser, options),
  };
  attachMemo(model, memo);
  return model;
}
