import type { LineIndex } from "../../text/lineIndex";
import { isSpace, trimmedLength } from "../../text/words";
import type { ColumnPage } from "../columns";
import { type AnalysisMemo, type EditedFrom, type IntRows, memoKey, variantOf } from "../memo";
import type { LanguageProfile } from "../profile";
import type {
  AgendaItem,
  CoverPage,
  Furniture,
  LineKind,
  Paragraph,
  ProceduralLine,
  SpeakerHeader,
  StateRef,
  Vote,
} from "../types";

/**
 * The shared state of one parse: what the passes read and fill, in order (see index.ts). Lines
 * start as "text"; each pass gives some of them their kind and adds what it found.
 */
export interface ParseState {
  readonly text: string;
  readonly profile: LanguageProfile;
  readonly memo: AnalysisMemo;
  readonly lines: LineIndex;
  /** The number of lines. */
  readonly n: number;
  /** What each line is; filled by the passes. */
  readonly kinds: LineKind[];
  readonly furniture: Furniture[];
  readonly procedurals: ProceduralLine[];
  readonly agendaItems: AgendaItem[];
  readonly headers: SpeakerHeader[];
  readonly paragraphs: Paragraph[];
  readonly votes: Vote[];
  /** The State a printed name names (the Member State data the service gives); none: names stay unresolved. */
  readonly resolveState: ((printed: string) => StateRef | undefined) | undefined;
  cover: CoverPage | undefined;
  boilerplate: Paragraph | undefined;
  /** No blank lines between paragraphs (`pdftotext -raw`). */
  raw: boolean;
  /** Pages of two columns side by side (`pdftotext -layout`). */
  columns: ColumnPage[];
  /** The first line after the cover page and its boilerplate. */
  bodyStart: number;
  /**
   * Each line's shape, computed once (and taken over from the previous version where unchanged):
   * two integers a line, read by `shape`.
   */
  readonly shapes: IntRows;
  /** The text's source says line i opens a paragraph in bold up to a colon (the PDF import); none in an editor. */
  readonly boldOpening: ((i: number) => boolean) | undefined;
  /** Which structures line i's head may open (`HEAD_*` bits), computed once per line and language. */
  readonly signsOf: (i: number) => number;
  /**
   * What `buildParagraphs` took over of the previous version's paragraphs: this version's first
   * `kept` are the previous version's first; those from `scannedEnd` on are the previous version's
   * from `movedFrom` on, moved by the edit; those between were read again. Undefined where all
   * were read.
   */
  paragraphsTaken?: { kept: number; scannedEnd: number; movedFrom: number };
  /**
   * The lines `classifyLines` found blank or furniture on their own, ascending (every other line is
   * text until a pass says otherwise): what the passes that look for few kinds of line walk.
   */
  plainLines?: readonly number[];
  /** The last answer of `finalKindsKept`, for the passes after it that ask the same. */
  kindsCompared?: {
    old: readonly LineKind[];
    head: number;
    tail: number;
    shift: number;
    same: boolean;
    blanks: boolean;
  };
}

/** Only the start of a very long line is read for structure: no header or procedural line is this long. */
export const STRUCTURE_PREFIX = 600;
export const BLANK = /^[ \t\u00A0\u200B]*$/;
export const ENDS_SENTENCE = /[.!?:;…"”’»)\]]["”’»)]*[ \t\u00A0]*$/u;

/** What the structure passes read of every line, computed once per line. */
interface LineShape {
  /** Leading white space (as `trimStart` takes it). */
  lead: number;
  /** Length without trailing white space (as `trimEnd` leaves it). */
  width: number;
  /** The whole line, trimmed, ends a sentence. */
  lineEnds: boolean;
}

/** The line's head (as `head` cuts it) matches the language's agenda item pattern. */
export const HEAD_AGENDA_ITEM = 1;
/** The head opens with an office's header that `interrupts` a speech (see body.ts). */
export const HEAD_INTERRUPTS = 2;
/** The head opens with a vote's label (`In favour:`). */
export const HEAD_VOTE_LABEL = 4;
/** The line's first STRUCTURE_PREFIX characters open as a speaker header may (`headerStart`). */
export const HEAD_HEADER_START = 8;

/**
 * What the body scan tests on every line's head, by the language's patterns: a function of the
 * line's text alone, so that an edit tests only the lines it changed (the parser's memo table,
 * one per language).
 */
const HEAD_SIGNS = memoKey<IntRows>("head-signs");

function signsOf(memo: AnalysisMemo, profile: LanguageProfile, lines: LineIndex): (i: number) => number {
  const signs = memo.ints(
    variantOf(HEAD_SIGNS, profile.code),
    1,
    (i) => lines.line(i),
    (line, values, at) => {
      values[at] = headSigns(profile, line);
    },
  );
  const { values } = signs;
  return (i) => values[signs.row(i)];
}

function headSigns(profile: LanguageProfile, line: string): number {
  const prefix = line.length > STRUCTURE_PREFIX ? line.slice(0, STRUCTURE_PREFIX) : line;
  const h = prefix.trim();
  let signs = 0;
  if (profile.agendaItem.test(h)) signs |= HEAD_AGENDA_ITEM;
  const office = profile.officeHeader.exec(h);
  if (office !== null && /^\s*(?:$|["“‘«(\p{Lu}])/u.test(h.slice(office[0].length))) signs |= HEAD_INTERRUPTS;
  if (profile.voteLabel.test(h)) signs |= HEAD_VOTE_LABEL;
  if (profile.headerStart.test(prefix)) signs |= HEAD_HEADER_START;
  return signs;
}

/**
 * Each line's shape (the parser's memo table), two integers a line: the leading white space, and
 * the width without trailing white space times two plus 1 when the line ends a sentence.
 */
const LINE_SHAPE = memoKey<IntRows>("line-shape");

/**
 * A line's shape as `trimStart`, `trimEnd` and ENDS_SENTENCE read it, from its characters: no
 * trimmed copy and no pattern a line (every line of a record is read once). ENDS_SENTENCE finds
 * a line's trimmed end in its first class whenever it finds it at all (its closers are in that
 * class too), so the last character before the trailing white space decides
 * (`test/unit/lineTails.test.ts`).
 */
export function lineShape(line: string, values: Int32Array, at: number): void {
  const end = trimmedLength(line);
  let lead = 0;
  while (lead < end && isSpace(line.charCodeAt(lead))) lead++;
  values[at] = end === 0 ? line.length : lead;
  values[at + 1] = end * 2 + (end > 0 && endsSentenceAt(line.charCodeAt(end - 1)) ? 1 : 0);
}

/** Whether a sentence ends with this character: ENDS_SENTENCE's first class. */
function endsSentenceAt(code: number): boolean {
  switch (code) {
    case 0x2e: // .
    case 0x21: // !
    case 0x3f: // ?
    case 0x3a: // :
    case 0x3b: // ;
    case 0x2026: // …
    case 0x22: // "
    case 0x201d: // ”
    case 0x2019: // ’
    case 0xbb: // »
    case 0x29: // )
    case 0x5d: // ]
      return true;
    default:
      return false;
  }
}

export function createState(
  text: string,
  profile: LanguageProfile,
  memo: AnalysisMemo,
  resolveState?: (printed: string) => StateRef | undefined,
  boldOpening?: (i: number) => boolean,
  editedFrom?: EditedFrom,
): ParseState {
  const lines = memo.nextVersion(text, editedFrom);
  const n = lines.lineCount;
  return {
    text,
    profile,
    memo,
    lines,
    n,
    kinds: memo.turnArray(LINE_KINDS, n, "text"),
    furniture: [],
    procedurals: [],
    agendaItems: [],
    headers: [],
    paragraphs: [],
    votes: [],
    resolveState,
    cover: undefined,
    boilerplate: undefined,
    raw: false,
    columns: [],
    bodyStart: 0,
    shapes: memo.ints(LINE_SHAPE, 2, (i) => lines.line(i), lineShape),
    boldOpening,
    signsOf: signsOf(memo, profile, lines),
  };
}

/** The line kinds' arrays, two taking turns (`AnalysisMemo.turnArray`). */
const LINE_KINDS = memoKey<LineKind[]>("line-kinds");

/** The lines holding a form feed (the parser's memo table). */
const FORM_FEED_LINES = memoKey<readonly number[]>("form-feed-lines");
/** The lines holding two spaces together (the parser's memo table). */
const SPACED_LINES = memoKey<readonly number[]>("spaced-lines");

/** The lines holding a form feed, ascending: after an edit, searched for in the lines it changed only. */
export function formFeedLines(s: ParseState): readonly number[] {
  return s.memo.linesHolding(FORM_FEED_LINES, "\f");
}

/** The lines holding two spaces together (a column's gap may lie there), ascending, as `formFeedLines`. */
export function spacedLines(s: ParseState): readonly number[] {
  return s.memo.linesHolding(SPACED_LINES, "  ");
}

/**
 * The lines that are not text once `classifyLines` is done (blank lines and furniture), ascending:
 * `plainLines` with the furniture's lines, those made text again left out. Every line before
 * `classifyLines` has run.
 */
export function notTextLines(s: ParseState): number[] {
  const { kinds, furniture } = s;
  const out: number[] = [];
  const plain = s.plainLines;
  if (!plain) {
    for (let i = 0; i < s.n; i++) if (kinds[i] !== "text") out.push(i);
    return out;
  }
  for (let a = 0, b = 0; a < plain.length || b < furniture.length; ) {
    const x = a < plain.length ? plain[a] : s.n;
    const y = b < furniture.length ? furniture[b].line : s.n;
    const i = x < y ? x : y;
    if (x === i) a++;
    if (y === i) b++;
    if (kinds[i] !== "text" && out[out.length - 1] !== i) out.push(i);
  }
  return out;
}

export function lineText(s: ParseState, i: number): string {
  return s.lines.line(i);
}

/** The part of a line the structure patterns read: trimmed, NBSP-tolerant, at most STRUCTURE_PREFIX long. */
export function head(s: ParseState, i: number): string {
  const { text, starts, ends } = s.lines;
  return text.slice(starts[i], Math.min(ends[i], starts[i] + STRUCTURE_PREFIX)).trim();
}

export function isContent(s: ParseState, i: number): boolean {
  return s.kinds[i] !== "blank" && s.kinds[i] !== "furniture";
}

/** The next line of content at or after `i` (blank lines and furniture skipped), or -1. */
export function nextContent(s: ParseState, i: number): number {
  for (let j = i; j < s.n; j++) if (isContent(s, j)) return j;
  return -1;
}

/** Next line at or after `i` that is not furniture (blank lines count), or -1. */
export function nextNonFurniture(s: ParseState, i: number): number {
  for (let j = i; j < s.n; j++) if (s.kinds[j] !== "furniture") return j;
  return -1;
}

/** The shape of a line: where its text starts and ends, and whether it ends a sentence. */
export function shape(s: ParseState, i: number): LineShape {
  const { values } = s.shapes;
  const at = s.shapes.row(i);
  const packed = values[at + 1];
  return { lead: values[at], width: packed >>> 1, lineEnds: (packed & 1) === 1 };
}

/** A line's leading white space (`shape(s, i).lead` without the object). */
export function leadOf(s: ParseState, i: number): number {
  return s.shapes.values[s.shapes.row(i)];
}

/** A line's width without trailing white space (`shape(s, i).width` without the object). */
export function widthOf(s: ParseState, i: number): number {
  return s.shapes.values[s.shapes.row(i) + 1] >>> 1;
}

/** Each line kind's code in a `kindCodes` array. */
export const KINDS_BY_CODE: readonly LineKind[] = [
  "text",
  "blank",
  "furniture",
  "header",
  "procedural",
  "agenda",
  "cover",
  "boilerplate",
];

function codeOf(k: LineKind): number {
  // Compared in order of frequency: the kinds are interned strings, each comparison one pointer's.
  if (k === "text") return 0;
  if (k === "blank") return 1;
  if (k === "furniture") return 2;
  if (k === "header") return 3;
  if (k === "procedural") return 4;
  if (k === "agenda") return 5;
  if (k === "cover") return 6;
  return 7;
}

/**
 * The line kinds as one byte a line (`KINDS_BY_CODE`): a copy kept for a next version that lives
 * outside the JS heap and takes an eighth of an array's room (bench/HISTORY.md, *Per-line tables
 * outside the heap*).
 */
export function kindCodes(kinds: readonly LineKind[]): Uint8Array {
  const out = new Uint8Array(kinds.length);
  codesInto(kinds, 0, kinds.length, out);
  return out;
}

/** Writes the codes of `kinds[from…to)` into `out` at the same lines. */
export function codesInto(kinds: readonly LineKind[], from: number, to: number, out: Uint8Array): void {
  for (let i = from; i < to; i++) out[i] = codeOf(kinds[i]);
}

/** `sameKinds` for kinds kept as codes (`kindCodes`). */
export function sameKindCodes(old: Uint8Array, codes: Uint8Array, e: LinesEdited): boolean {
  return sameOutside(old, codes, e);
}

/** Whether `items` are `list[from…to)`, the same objects in order (by default the whole list). */
export function sameObjects<T>(items: readonly T[], list: readonly T[], from = 0, to = list.length): boolean {
  if (items.length !== to - from) return false;
  for (let k = 0; k < items.length; k++) if (items[k] !== list[from + k]) return false;
  return true;
}

/** Whether the kinds of the lines outside an edit are the previous version's. */
export function sameKinds(old: readonly LineKind[], kinds: readonly LineKind[], e: LinesEdited): boolean {
  return sameOutside(old, kinds, e);
}

/** Whether each line's entry outside an edit (lines `head`…`tail` new, `shift` lines more after) is the previous version's. */
function sameOutside<T>(old: ArrayLike<T>, now: ArrayLike<T>, { head, tail, shift }: LinesEdited): boolean {
  if (old.length !== now.length - shift) return false;
  for (let i = 0; i < head; i++) if (old[i] !== now[i]) return false;
  for (let i = tail; i < now.length; i++) if (old[i - shift] !== now[i]) return false;
  return true;
}

/**
 * `sameKinds` and `sameBlanks` of the parse's final kinds (`s.kinds` once the body scan is done:
 * no later pass writes a kind) against a previous version's, compared once for every pass that
 * asks — the dates, the line-end breaks, the acronyms and the paragraphs each hold the previous
 * version's final kinds, the same array, and each compared it with the new one line by line.
 */
export function finalKindsKept(
  s: ParseState,
  old: readonly LineKind[],
  e: LinesEdited,
): { same: boolean; blanks: boolean } {
  const known = s.kindsCompared;
  if (known && known.old === old && known.head === e.head && known.tail === e.tail && known.shift === e.shift) {
    // The census and the passes that follow the edit (`AnalysisMemo.follow`) compare the same two
    // arrays, the model's kinds: told, they do not walk them again.
    if (known.same) s.memo.unchangedOutside(s.kinds);
    return known;
  }
  const { kinds } = s;
  let same = old.length === kinds.length - e.shift;
  let blanks = true;
  const differ = (a: LineKind, b: LineKind) => {
    if (a === b) return false;
    same = false;
    return (a === "blank") !== (b === "blank");
  };
  for (let i = 0; i < e.head && blanks; i++) if (differ(old[i], kinds[i])) blanks = false;
  for (let i = e.tail; i < kinds.length && blanks; i++) if (differ(old[i - e.shift], kinds[i])) blanks = false;
  const answer = { old, head: e.head, tail: e.tail, shift: e.shift, same: same && blanks, blanks };
  s.kindsCompared = answer;
  if (answer.same) s.memo.unchangedOutside(kinds);
  return answer;
}

/**
 * A copy of an element of the previous version whose offsets and lines the caller then sets
 * (`c.span = …`). Not `{ ...x, span }`: V8 defines the spread's extra fields anew on the copy's
 * shape, and copies of such copies, version after version, fall to slow shapes — 17,000
 * paragraphs moved in 12 ms instead of 0.3 (bench/HISTORY.md, *Moved elements keep their shapes*).
 */
export function copyMoved<T extends object>(x: T): T {
  return { ...x };
}

/**
 * The objects a version's moved elements were copied from: `list[from + j]` is a copy of
 * `objects[j]` at other offsets (undefined where it is not), neither sharing a mutable part with
 * the other. The next version may move the element into `objects[j]`: the model that held it is
 * two versions old (model/types.ts, `TranscriptModel`).
 */
export interface Spares<T> {
  from: number;
  objects: (T | undefined)[];
}

/**
 * The previous version's elements `old[k…]`, all after the edit, added to `out` moved by it
 * (`still`: the edit moved nothing): each by `move(t, into)` into the object it was copied from a
 * version before where there is one (`before`), else into a new copy (`into` undefined). The two
 * copies of an element take turns, version after version: an edit allocates no element after it
 * and leaves none to the collector. What the next version may reuse is returned.
 */
export function movedTail<T extends object>(
  old: readonly T[],
  k: number,
  before: Spares<T> | undefined,
  still: boolean,
  out: T[],
  move: (t: T, into: T | undefined) => T,
): Spares<T> {
  const from = out.length;
  const objects: (T | undefined)[] = [];
  for (; k < old.length; k++) {
    const t = old[k];
    const j = before ? k - before.from : -1;
    const spare = before && j >= 0 && j < before.objects.length ? before.objects[j] : undefined;
    if (still) {
      // Not moved: the object it was copied from stays free for a later version.
      out.push(t);
      objects.push(spare);
    } else {
      out.push(move(t, spare !== t ? spare : undefined));
      objects.push(t);
    }
  }
  return { from, objects };
}

/** The lines an edit made: `head`…`tail` of the new version new, later ones `shift` lines on. */
export interface LinesEdited {
  head: number;
  tail: number;
  shift: number;
}
