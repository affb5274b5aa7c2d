import { lazyPattern } from "../../text/regexp";
import { ownCopy } from "../../text/strings";
import type { Span } from "../../types";
import { memoKey } from "../memo";
import { firstAtLeast } from "../sorted";
import type { AgendaItem, Furniture, LineKind, ProceduralLine, SpeakerHeader } from "../types";
import { MAX_HEADER_LINES, matchHeader } from "./headers";
import {
  codesInto,
  copyMoved,
  ENDS_SENTENCE,
  HEAD_AGENDA_ITEM,
  HEAD_INTERRUPTS,
  HEAD_VOTE_LABEL,
  head,
  isContent,
  KINDS_BY_CODE,
  kindCodes,
  leadOf,
  lineText,
  nextContent,
  type ParseState,
  sameKindCodes,
  shape,
  widthOf,
} from "./state";
import { voteListEnd } from "./votes";

/** Does line i begin the record's body: a speaker header, a procedural line or an agenda item? */
export function startsBody(s: ParseState, i: number): boolean {
  const h = head(s, i);
  return (
    (s.signsOf(i) & HEAD_AGENDA_ITEM) !== 0 ||
    s.profile.procedural.some((p) => p.kind === "opening" && p.re.test(h)) ||
    matchHeader(s, i) !== undefined
  );
}

/** An agenda item's title and sub-items may run over this many lines. */
const MAX_TITLE_LINES = 8;

/** A title line: short, and not ending as a sentence does (a point, a colon). */
const titleLike = (h: string) => h.length <= 300 && !/[.:;!?]["”’]?$/u.test(h);

export function consumeAgenda(s: ParseState, first: number, label: string, seen?: { line: number }): number {
  const titleLines: number[] = [];
  let last = first;
  for (let i = first + 1; i < s.n && titleLines.length < MAX_TITLE_LINES; i++) {
    // The furthest line read, for the body scan's splice.
    if (seen && i > seen.line) seen.line = i;
    if (s.kinds[i] === "furniture") continue;
    if (s.kinds[i] === "blank") {
      if (titleLines.length === 0) continue;
      // A text with a blank line between paragraphs (an import) gives each title line its own
      // paragraph: the title goes on over a blank line to a line that reads as a title too.
      const next = nextContent(s, i);
      if (seen) seen.line = Math.max(seen.line, next < 0 ? s.n - 1 : next);
      if (next < 0 || !titleLike(head(s, next))) break;
      continue;
    }
    const h = head(s, i);
    if (s.profile.boilerplateStart.test(h) || startsBody(s, i) || s.profile.agendaHeading.test(h)) break;
    if (titleLines.length > 0 && s.profile.procedural.some((p) => p.re.test(h))) break;
    titleLines.push(i);
    last = i;
    if (/[.]$/.test(h) && !/\)\.$/.test(h)) break;
  }
  for (let i = first; i <= last; i++) if (s.kinds[i] !== "furniture" && s.kinds[i] !== "blank") s.kinds[i] = "agenda";
  const labelStart = s.lines.starts[first] + (lineText(s, first).length - lineText(s, first).trimStart().length);
  s.agendaItems.push({
    startLine: first,
    endLine: last,
    // Copies: an agenda item is kept over versions, a slice would keep this version's text.
    label: ownCopy(label),
    // The title lines whole (a line's head is only what structure reads).
    title: ownCopy(
      titleLines
        .map((l) => lineText(s, l).trim())
        .join(" ")
        .replace(/\s+/g, " "),
    ),
    span: { start: labelStart, end: s.lines.ends[last] },
    labelSpan: { start: labelStart, end: labelStart + label.length },
  });
  return last;
}

/**
 * The body scan: speaker headers, agenda items, procedural lines and page 1's footer, line by
 * line from the body's start, in a state (a sentence may start here; the last line of content
 * was structure) carried from line to line. What the loop does from a line on reads only that
 * state, that line and the lines after it (never one before), so after an edit the previous
 * version's scan is taken over (`spliced`): before the edit up to the last line where the loop
 * began whose earlier steps read nothing of the edit, and after it from the first line where the
 * loop begins again in the state the previous version had there. Only the stretch between is
 * scanned, unless what the scan reads besides the lines changed (the kinds outside the edit, the
 * body's start, the agenda titles of the cover, the layout's source).
 */
export function scanBody(s: ParseState, bodyStart: number): void {
  const titles = agendaTitleLines(s);
  // What the next version needs to take this scan over: an editor's document only.
  const carried = s.memo.carried && s.boldOpening === undefined;
  const rec: ScanRecord | undefined = carried ? { state: new Uint8Array(s.n), reach: new Int32Array(s.n) } : undefined;
  const input = carried ? kindCodes(s.kinds) : undefined;
  const titlesKey = carried ? [...titles].join("\n") : "";
  const first = { headers: s.headers.length, procedurals: s.procedurals.length, agenda: s.agendaItems.length };
  const taken = rec && input ? spliced(s, bodyStart, titles, titlesKey, input, rec, first) : undefined;
  if (!taken) scanLines(s, bodyStart, top(true, true), titles, rec, () => false);
  if (rec && input) {
    const output = taken ? codesAfterSplice(s, taken) : kindCodes(s.kinds);
    // No pass after the scan writes a kind: what `finalKindsKept` will be asked is known from
    // the stretch scanned again, the rest being the previous version's codes.
    if (taken) s.kindsCompared = keptAfterSplice(output, taken);
    s.memo.hold(SCAN_HELD, {
      bodyStart,
      titles: titlesKey,
      boilerplate: s.boilerplate !== undefined,
      resolve: s.resolveState,
      input,
      output,
      changed: taken ? changedAfterSplice(input, output, taken) : changedLines(input, output),
      far: taken ? farAfterSplice(rec, taken) : farSteps(rec, 0, s.n, []),
      kinds: s.kinds,
      ...rec,
      headers: s.headers.slice(first.headers),
      procedurals: s.procedurals.slice(first.procedurals),
      agenda: s.agendaItems.slice(first.agenda),
    });
  }
}

/**
 * What `spliced` took over of the previous version's scan: its steps on lines `from`…`restart`
 * as they were, and from `resumed` on moved by `shift` lines; the previous version's kinds after
 * its scan (`output`, `kindCodes`).
 */
interface Taken {
  from: number;
  restart: number;
  resumed: number;
  /** The previous version's `far` (`SCAN_HELD`). */
  far: Int32Array;
  /** The edit's lines (`LinesEdited`). */
  head: number;
  tail: number;
  shift: number;
  output: Uint8Array;
  /** The previous version's `changed` and its final kinds (`SCAN_HELD`). */
  changed: Int32Array;
  kinds: readonly LineKind[];
}

/** The lines whose code in `output` is not the one in `input` (the scan changed their kind), ascending. */
function changedLines(input: Uint8Array, output: Uint8Array): Int32Array {
  const out: number[] = [];
  for (let k = 0; k < input.length; k++) if (input[k] !== output[k]) out.push(k);
  return Int32Array.from(out);
}

/**
 * `changedLines` after a spliced scan: compared where it scanned (and on page 1's lines before
 * `from`), the previous version's where its steps were taken over (those after the edit moved by
 * it: their kinds before and after the scan are the previous version's there).
 */
function changedAfterSplice(input: Uint8Array, output: Uint8Array, t: Taken): Int32Array {
  const out: number[] = [];
  for (let k = 0; k < t.from; k++) if (input[k] !== output[k]) out.push(k);
  for (let x = firstAtLeast(t.changed, t.from); x < t.changed.length && t.changed[x] < t.restart; x++)
    out.push(t.changed[x]);
  const scanned = Math.min(t.resumed, input.length);
  for (let k = t.restart; k < scanned; k++) if (input[k] !== output[k]) out.push(k);
  if (scanned < input.length)
    for (let x = firstAtLeast(t.changed, scanned - t.shift); x < t.changed.length; x++)
      out.push(t.changed[x] + t.shift);
  return Int32Array.from(out);
}

/** A step that reads at most this many lines on (a header, a procedural sentence or note) is near. */
const NEAR_REACH = 16;

/** The lines `from`…`to` where the loop began a step reading more than `NEAR_REACH` lines on, added to `out`. */
function farSteps(rec: ScanRecord, from: number, to: number, out: number[]): Int32Array {
  for (let k = from; k < to; k++) if (rec.state[k] && rec.reach[k] > NEAR_REACH) out.push(k);
  return Int32Array.from(out);
}

/** `farSteps` after a spliced scan: read where it scanned, the previous version's where its steps were taken over. */
function farAfterSplice(rec: ScanRecord, t: Taken): Int32Array {
  const out: number[] = [];
  const n = rec.state.length;
  for (let k = 0; k < t.from; k++) if (rec.state[k] && rec.reach[k] > NEAR_REACH) out.push(k);
  for (let x = firstAtLeast(t.far, t.from); x < t.far.length && t.far[x] < t.restart; x++) out.push(t.far[x]);
  const scanned = Math.min(t.resumed, n);
  for (let k = t.restart; k < scanned; k++) if (rec.state[k] && rec.reach[k] > NEAR_REACH) out.push(k);
  if (scanned < n)
    for (let x = firstAtLeast(t.far, scanned - t.shift); x < t.far.length; x++) out.push(t.far[x] + t.shift);
  return Int32Array.from(out);
}

/**
 * Where the splice scans again from: the first line (from `bodyStart` on) where the previous
 * version's loop began a step that read the edit's first line `head` or beyond, else the last
 * line before it where the loop began; -1 for none. As a walk from the body's start would find
 * it, keeping the furthest line read: a step that reads that far is one of the `far` steps or
 * begins within `NEAR_REACH` lines of the edit, so only those are read (not every line from the
 * body's start).
 */
function restartBefore(before: ScanRecord & { far: Int32Array }, bodyStart: number, head: number): number {
  const { state, reach, far } = before;
  let first = -1;
  for (let x = firstAtLeast(far, bodyStart); x < far.length && far[x] < head; x++)
    if (far[x] + reach[far[x]] >= head) {
      first = far[x];
      break;
    }
  const near = Math.max(bodyStart, head - NEAR_REACH);
  for (let k = near; k < head && (first < 0 || k < first); k++)
    if (state[k] && k + reach[k] >= head) {
      first = k;
      break;
    }
  if (first >= 0) return first;
  for (let k = head - 1; k >= bodyStart; k--) if (state[k]) return k;
  return -1;
}

/**
 * `finalKindsKept`'s answer for the previous version's final kinds after a spliced scan: the
 * codes before the stretch scanned again (`from`…`restart`) and after it are the previous
 * version's, copied; page 1's lines before `from` and the stretch are compared, the edit's own
 * lines aside.
 */
function keptAfterSplice(output: Uint8Array, t: Taken): NonNullable<ParseState["kindsCompared"]> {
  const old = t.output;
  let same = old.length === output.length - t.shift;
  let blanks = true;
  const compare = (a: number, b: number) => {
    if (a === b) return;
    same = false;
    if ((a === BLANK_CODE) !== (b === BLANK_CODE)) blanks = false;
  };
  for (let k = 0; k < t.from; k++) compare(old[k], output[k]);
  const scanned = Math.min(t.resumed, output.length);
  for (let k = t.restart; k < scanned; k++)
    if (k < t.head) compare(old[k], output[k]);
    else if (k >= t.tail) compare(old[k - t.shift], output[k]);
  return { old: t.kinds, head: t.head, tail: t.tail, shift: t.shift, same: same && blanks, blanks };
}

/** The code of a blank line (`KINDS_BY_CODE`). */
const BLANK_CODE = KINDS_BY_CODE.indexOf("blank");

/**
 * The kinds after a spliced scan as codes (`kindCodes`): where the previous version's steps were
 * taken over, its codes copied (the kinds were set from them); read from the kinds elsewhere.
 */
function codesAfterSplice(s: ParseState, t: Taken): Uint8Array {
  const out = new Uint8Array(s.n);
  const scanned = Math.min(t.resumed, s.n);
  codesInto(s.kinds, 0, t.from, out);
  out.set(t.output.subarray(t.from, t.restart), t.from);
  codesInto(s.kinds, t.restart, scanned, out);
  if (scanned < s.n) out.set(t.output.subarray(scanned - t.shift, s.n - t.shift), scanned);
  return out;
}

/** Where the body scan's loop began on each line and what each step read (`scanLines`). */
interface ScanRecord {
  /** At a line where the loop began: 1 + 1 if a sentence may start + 2 if after structure (`top`); 0 elsewhere. */
  state: Uint8Array;
  /** At a line where the loop began: how many lines after it that step read (at most). */
  reach: Int32Array;
}

/** The body scan of a version, kept for the next version's `spliced`. */
const SCAN_HELD = memoKey<
  ScanRecord & {
    bodyStart: number;
    titles: string;
    boilerplate: boolean;
    resolve: unknown;
    /** The line kinds before the scan, and after it (`kindCodes`). */
    input: Uint8Array;
    output: Uint8Array;
    /** The lines whose kind the scan changed (`input` and `output` differ there), ascending. */
    changed: Int32Array;
    /** The lines where the loop began a step that read more than `NEAR_REACH` lines on, ascending. */
    far: Int32Array;
    /** The parse's final kinds (no pass after the scan writes one), for `finalKindsKept`. */
    kinds: readonly LineKind[];
    /** What the scan found (not what the cover's pass found before it). */
    headers: readonly SpeakerHeader[];
    procedurals: readonly ProceduralLine[];
    agenda: readonly AgendaItem[];
  }
>("body-scan-held");

const top = (boundary: boolean, afterStructure: boolean) => 1 + (boundary ? 1 : 0) + (afterStructure ? 2 : 0);

/**
 * The previous version's scan taken over around the scan of the edit's stretch (see `scanBody`),
 * and what of it was taken; undefined, with nothing changed, where it cannot be.
 */
function spliced(
  s: ParseState,
  bodyStart: number,
  titles: ReadonlySet<string>,
  titlesKey: string,
  input: Uint8Array,
  rec: ScanRecord,
  first: { headers: number; procedurals: number; agenda: number },
): Taken | undefined {
  const e = s.memo.edited();
  const before = s.memo.previous(SCAN_HELD);
  if (
    !e ||
    !before ||
    before.bodyStart !== bodyStart ||
    bodyStart >= e.head ||
    before.titles !== titlesKey ||
    before.boilerplate !== (s.boilerplate !== undefined) ||
    before.resolve !== s.resolveState ||
    !sameKindCodes(before.input, input, e)
  )
    return undefined;
  const restart = restartBefore(before, bodyStart, e.head);
  if (restart < 0) return undefined;
  const furniture = s.furniture.slice();
  // Page 1's footer rewrites the furniture list: the first lines, where it may be found, are
  // scanned again as they were, to the first line past them where the loop began.
  let from = bodyStart;
  let code = top(true, true);
  if (from <= PAGE_ONE_LINES && from < restart) {
    const stop = scanLines(s, bodyStart, code, titles, rec, (i) => i > PAGE_ONE_LINES || i >= restart);
    from = stop.line;
    code = stop.code;
    if (from > restart || before.state[from] !== code) {
      // Not the previous version's scan (it cannot be: the same lines were read): scanned whole.
      // Put back element by element: a spread of every line's kind would overflow the call's
      // arguments on a long record.
      for (let k = 0; k < s.n; k++) s.kinds[k] = KINDS_BY_CODE[input[k]];
      s.furniture.length = 0;
      for (const f of furniture) s.furniture.push(f);
      s.headers.length = first.headers;
      s.procedurals.length = first.procedurals;
      s.agendaItems.length = first.agenda;
      rec.state.fill(0);
      rec.reach.fill(0);
      return undefined;
    }
  }
  // The previous version's steps from there to the restart, as they were. Each line's kind is
  // already the one it had before the scan (the same as the previous version's, outside the
  // edit): only the lines the previous scan changed are written, not every line.
  const changed = before.changed;
  for (let x = firstAtLeast(changed, from); x < changed.length && changed[x] < restart; x++)
    s.kinds[changed[x]] = KINDS_BY_CODE[before.output[changed[x]]];
  rec.state.set(before.state.subarray(from, restart), from);
  rec.reach.set(before.reach.subarray(from, restart), from);
  const within = (x: { startLine: number }) => x.startLine >= from && x.startLine < restart;
  for (const h of before.headers) if (within(h)) s.headers.push(h);
  for (const p of before.procedurals) if (within(p)) s.procedurals.push(p);
  for (const a of before.agenda) if (within(a)) s.agendaItems.push(a);
  // The edit's stretch, until the loop begins on a line after it in the state it had there.
  const { shift, delta } = e;
  const resumed = scanLines(
    s,
    restart,
    before.state[restart],
    titles,
    rec,
    (i, c) => i >= e.tail && i > PAGE_ONE_LINES && i - shift > PAGE_ONE_LINES && before.state[i - shift] === c,
  ).line;
  const taken: Taken = {
    from,
    restart,
    resumed,
    far: before.far,
    head: e.head,
    tail: e.tail,
    shift,
    output: before.output,
    changed,
    kinds: before.kinds,
  };
  if (resumed >= s.n) return taken;
  // The previous version's steps after it, moved by the edit (a step writes only the lines it
  // took: none begun before `resumed` wrote one after it), again only the lines they changed.
  for (let x = firstAtLeast(changed, resumed - shift); x < changed.length; x++)
    s.kinds[changed[x] + shift] = KINDS_BY_CODE[before.output[changed[x]]];
  rec.state.set(before.state.subarray(resumed - shift), resumed);
  rec.reach.set(before.reach.subarray(resumed - shift), resumed);
  const after = (x: { startLine: number }) => x.startLine >= resumed - shift;
  const span = (x: Span): Span => ({ start: x.start + delta, end: x.end + delta });
  const same = shift === 0 && delta === 0;
  // Copied, then the moved fields set (a spread with the fields in it gives slower shapes version
  // after version: `copyMoved`).
  const moved = <T extends { startLine: number; endLine: number; span: Span }>(x: T): T => {
    const c = copyMoved(x);
    c.startLine = x.startLine + shift;
    c.endLine = x.endLine + shift;
    c.span = span(x.span);
    return c;
  };
  for (const h of before.headers)
    if (after(h)) {
      if (same) s.headers.push(h);
      else {
        const c = moved(h);
        c.parts = h.parts.map((p) => ({ kind: p.kind, span: span(p.span) }));
        s.headers.push(c);
      }
    }
  for (const p of before.procedurals) if (after(p)) s.procedurals.push(same ? p : moved(p));
  for (const a of before.agenda)
    if (after(a)) {
      if (same) s.agendaItems.push(a);
      else {
        const c = moved(a);
        c.labelSpan = span(a.labelSpan);
        s.agendaItems.push(c);
      }
    }
  return taken;
}

/**
 * The furthest line a match joined over up to `count` lines from line i reads: the count-th line
 * that is not furniture, or the first blank line before it (the furniture between read too).
 */
function joinReach(s: ParseState, i: number, count: number): number {
  let j = i;
  for (let c = 1; c < count; c++) {
    j++;
    while (j < s.n && s.kinds[j] === "furniture") j++;
    if (j >= s.n) return s.n - 1;
    if (s.kinds[j] === "blank") return j;
  }
  return j;
}

/**
 * The body scan's loop from line `from` in the state `code` (`top`), to the end or to the first
 * line where it begins and `stop` holds (that line and the state there returned). Each line where
 * it began, its state and the furthest line its step read are written to `rec`.
 */
function scanLines(
  s: ParseState,
  from: number,
  code: number,
  titles: ReadonlySet<string>,
  rec: ScanRecord | undefined,
  stop: (i: number, code: number) => boolean,
): { line: number; code: number } {
  // A header, an agenda item or a procedural line starts only where a sentence may start.
  let boundary = ((code - 1) & 1) !== 0;
  // The last line with content was procedural or a heading: a heading may follow.
  let afterStructure = ((code - 1) & 2) !== 0;
  const seen = { line: 0 };
  for (let i = from; i < s.n; i++) {
    const c = top(boundary, afterStructure);
    if (stop(i, c)) return { line: i, code: c };
    const start = i;
    let reach = i;
    const kind = s.kinds[i];
    if (kind === "furniture") {
      // The loop's state goes on unchanged.
    } else if (kind === "blank") {
      boundary = true;
    } else {
      // Page 1's footer reads up to its job number and the lines after it.
      if (rec && i <= PAGE_ONE_LINES) reach = Math.min(s.n - 1, i + FOOTER_LINES + 9);
      const footer = pageOneFooter(s, i);
      if (footer >= 0) i = footer;
      else {
        const tryHeader = boundary || interrupts(s, i);
        if (rec && tryHeader) reach = Math.max(reach, joinReach(s, i, MAX_HEADER_LINES));
        const header = tryHeader ? matchHeader(s, i) : undefined;
        if (header && (boundary || !header.name)) {
          s.headers.push(header);
          for (let j = header.startLine; j <= header.endLine; j++) if (isContent(s, j)) s.kinds[j] = "header";
          i = header.endLine;
          // The speech's first sentence may end on the header's line; a colon ending the line does not end one.
          const rest = s.text.slice(header.span.end, s.lines.ends[i]);
          boundary = rest.trim() !== "" && ENDS_SENTENCE.test(rest);
          afterStructure = false;
        } else {
          let structure = false;
          if (boundary) {
            // A procedural sentence reads up to twelve lines of content (a bracketed note).
            if (rec) reach = Math.max(reach, joinReach(s, i, MAX_NOTE_LINES));
            if (s.signsOf(i) & HEAD_AGENDA_ITEM) {
              seen.line = i;
              i = consumeAgenda(s, i, head(s, i), seen);
              if (rec) reach = Math.max(reach, joinReach(s, seen.line, MAX_HEADER_LINES));
              boundary = true;
              afterStructure = true;
              structure = true;
            } else {
              seen.line = i;
              const proc = matchProcedural(s, i, seen);
              if (rec) reach = Math.max(reach, joinReach(s, seen.line, MAX_NOTE_LINES));
              if (proc) {
                s.procedurals.push(proc);
                for (let j = proc.startLine; j <= proc.endLine; j++) if (isContent(s, j)) s.kinds[j] = "procedural";
                i = proc.endLine;
                boundary = true;
                afterStructure = true;
                structure = true;
              }
            }
          }
          if (!structure) {
            // The agenda item's title printed again as a heading where its discussion opens (after
            // `The agenda was adopted.`): a header may follow it on the next line, with no sentence end between.
            if (afterStructure && titles.has(squashed(head(s, i)))) {
              s.kinds[i] = "agenda";
              boundary = true;
            } else {
              afterStructure = false;
              boundary = shape(s, i).lineEnds;
            }
          }
        }
      }
    }
    if (rec) {
      rec.state[start] = c;
      rec.reach[start] = Math.max(reach, i) - start;
    }
  }
  return { line: s.n, code: top(boundary, afterStructure) };
}

/** Page 1's footer lies within the document's first lines (two columns of about 60 lines each). */
const PAGE_ONE_LINES = 300;
/** The correction notice runs to page 1's job number within this many lines. */
const FOOTER_LINES = 16;
/** The distribution lines after it (1990s): `Distr. GENERAL`, the date of issue, the language. */
/** The distribution lines' first (`Distr. GENERAL`), which may open the footer (an import sets it first). */
const DISTRIBUTION_START = lazyPattern(() => /^Distr\.[ \u00A0]+\p{Lu}+$/u);
const DISTRIBUTION = lazyPattern(
  () =>
    /^(?:Distr\.[ \u00A0]+\p{Lu}+|\d{1,2}[ \u00A0]+\p{Lu}\p{Ll}+[ \u00A0]+\d{4}|\p{Lu}{4,}|\p{Lu}+:[ \u00A0]+\p{Lu}+)$/u,
);

/**
 * Page 1's footer where the body starts on page 1 (General Assembly records): the correction
 * notice (`This record contains the text of speeches …`, `This record is subject to correction.`)
 * and, in the 1990s, the distribution lines, printed below speech text that goes on on page 2 —
 * page furniture there, not the cover's boilerplate. From line i to the job number and the
 * distribution lines after it; the last line taken, or -1.
 */
function pageOneFooter(s: ParseState, i: number): number {
  if (s.boilerplate || i > PAGE_ONE_LINES) return -1;
  const first = head(s, i);
  if (!s.profile.boilerplateStart.test(first) && !DISTRIBUTION_START().test(first)) return -1;
  const end = s.profile.boilerplateEnd;
  let last = -1;
  for (let j = i + 1; j < s.n && j <= i + FOOTER_LINES; j++) {
    if (s.kinds[j] !== "furniture") continue;
    const f = s.furniture.find((x) => x.line === j);
    if (f?.kind === "job-number") {
      last = j;
      break;
    }
    // A symbol alone may stand before it; a page's head or number may not.
    if (!(f?.part && f.symbol)) break;
  }
  if (last < 0) {
    // No job number below it (a PDF import leaves it out): the notice's own last line ends it,
    // or the end of its paragraph where a blank line sets it apart.
    for (let j = i; j < s.n && j <= i + FOOTER_LINES && last < 0; j++) {
      if (s.kinds[j] === "blank") {
        if (j === i) return -1;
        last = j - 1;
      } else if (s.kinds[j] !== "furniture" && end?.test(head(s, j))) last = j;
    }
    if (last < 0) return -1;
  }
  // After it: the barcode, the distribution lines, a second notice line (1993's `Corrections
  // will be issued … corrigendum.`), a symbol alone; a page's head or number ends the footer.
  for (let j = last + 1; j < s.n && j <= last + 8; j++) {
    if (s.kinds[j] === "blank") continue;
    if (s.kinds[j] === "furniture") {
      const f = s.furniture.find((x) => x.line === j);
      if (f && f.kind !== "barcode" && !(f.part && f.symbol)) break;
      continue;
    }
    const h = head(s, j);
    if (!DISTRIBUTION().test(h) && !end?.test(h)) break;
    last = j;
  }
  return markFooter(s, i, last);
}

/** Lines first to last, but blank lines and furniture, as page 1's footer; returns last. */
function markFooter(s: ParseState, first: number, last: number): number {
  const added: Furniture[] = [];
  for (let j = first; j <= last; j++) {
    if (s.kinds[j] === "blank" || s.kinds[j] === "furniture") continue;
    const text = lineText(s, j);
    const lead = text.length - text.trimStart().length;
    const start = s.lines.starts[j];
    s.kinds[j] = "furniture";
    added.push({ kind: "footer", line: j, span: { start: start + lead, end: start + text.trimEnd().length } });
  }
  // The record's symbol alone among the distribution lines is one of them, not a running head.
  const all = [...s.furniture, ...added]
    .sort((a, b) => a.line - b.line)
    .map((f) =>
      f.line >= first && f.line <= last && f.kind === "running-header" && f.part && f.symbol
        ? {
            kind: "footer" as const,
            line: f.line,
            span: f.span,
            ...(f.formFeed !== undefined ? { formFeed: f.formFeed } : {}),
          }
        : f,
    );
  s.furniture.length = 0;
  s.furniture.push(...all);
  return last;
}

/**
 * The presiding officer may cut into a speech the record leaves unfinished (`… it will continue
 * to defend those` / `The President: I wish to remind all speakers …`): an office's header (no
 * name) that ends on its own line and is followed by a capital, where no sentence ended before.
 */
function interrupts(s: ParseState, i: number): boolean {
  // Read once per line (state.ts, `headSigns`).
  return (s.signsOf(i) & HEAD_INTERRUPTS) !== 0;
}

const squashed = (h: string) => h.replace(/\s+/g, " ");

/** The lines of the agenda items' titles read so far (on the cover page), as the body may repeat them. */
function agendaTitleLines(s: ParseState): Set<string> {
  const out = new Set<string>();
  for (const a of s.agendaItems)
    for (let i = a.startLine + 1; i <= a.endLine; i++) if (s.kinds[i] === "agenda") out.add(squashed(head(s, i)));
  return out;
}

/** A procedural sentence starting at line i (joined over up to four lines), or a vote's country list. */
export function matchProcedural(s: ParseState, i: number, seen?: { line: number }): ProceduralLine | undefined {
  const p = s.profile;
  // Most lines open with no vote's label: the head is cut out only for those that do.
  const label = s.signsOf(i) & HEAD_VOTE_LABEL ? p.voteLabel.exec(head(s, i)) : null;
  if (label) {
    const last = voteListEnd(
      s,
      i,
      label.input.slice(label[0].length),
      s.resolveState,
      (j) => matchSentence(s, j) !== undefined,
      seen,
    );
    return {
      startLine: i,
      endLine: last,
      kind: "vote-list",
      span: linesSpan(s, i, last),
      text: joinedText(s, i, last),
    };
  }
  const sentence = matchSentence(s, i);
  if (!sentence) return undefined;
  return {
    startLine: i,
    endLine: sentence.last,
    kind: sentence.kind,
    span: linesSpan(s, i, sentence.last),
    text: sentence.text,
  };
}

/** Lines first…last without the first's leading and the last's trailing white space. */
function linesSpan(s: ParseState, first: number, last: number): Span {
  const { starts } = s.lines;
  return { start: starts[first] + leadOf(s, first), end: starts[last] + widthOf(s, last) };
}

/**
 * A procedural sentence starting at line i, joined over up to four lines. A function of those
 * lines' text alone (later lines still have the kinds their own text gives), so unchanged lines
 * keep the previous version's answer.
 */
/** The procedural sentence starting at a line (the parser's memo table). */
const PROCEDURAL_SENTENCE = memoKey<{ lines: number; kind: string; text: string } | undefined>("procedural-sentence");

export function matchSentence(s: ParseState, i: number): { last: number; kind: string; text: string } | undefined {
  const found = s.memo.range(PROCEDURAL_SENTENCE, i, () => {
    let joined = "";
    let last = i;
    let count = 0;
    let j = i;
    for (; j < s.n && (count < 4 || (count < MAX_NOTE_LINES && joined.startsWith("[") && !joined.includes("]"))); j++) {
      if (s.kinds[j] === "furniture") continue;
      if (s.kinds[j] === "blank") break;
      const h = head(s, j);
      joined = joined ? (joined.endsWith("-") ? joined + h : `${joined} ${h}`) : h;
      last = j;
      count++;
      if (s.profile.anyProcedural.test(joined))
        for (const { kind, re } of s.profile.procedural)
          if (re.test(joined)) return { value: { lines: last - i, kind, text: s.memo.keep(joined) }, last: j };
      if (ENDS_CLAUSE().test(h) && !(joined.startsWith("[") && !joined.includes("]"))) break;
    }
    return { value: undefined, last: Math.min(j, s.n - 1) };
  });
  return found && { last: i + found.lines, kind: found.kind, text: found.text };
}

/** A bracketed note (`[Subsequently the delegation of … advised …]`) may run over this many lines. */
const MAX_NOTE_LINES = 12;

/** A line ending in a point or a colon: a procedural sentence stops there. */
const ENDS_CLAUSE = lazyPattern(() => /[.:]$/);

/** The lines' whole text (not only their heads), furniture left out, on one line. */
export function joinedText(s: ParseState, first: number, last: number): string {
  const parts: string[] = [];
  for (let j = first; j <= last; j++) if (isContent(s, j)) parts.push(lineText(s, j).trim());
  return parts.join(" ").replace(/\s+/g, " ");
}
