import type { Span } from "../../types";
import { memoKey } from "../memo";
import type { Furniture, ProceduralLine } from "../types";
import { matchHeader } from "./headers";
import {
  ENDS_SENTENCE,
  HEAD_AGENDA_ITEM,
  HEAD_INTERRUPTS,
  HEAD_VOTE_LABEL,
  head,
  isContent,
  lineText,
  nextContent,
  type ParseState,
  shape,
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

export function consumeAgenda(s: ParseState, first: number, label: string): number {
  const titleLines: number[] = [];
  let last = first;
  for (let i = first + 1; i < s.n && titleLines.length < MAX_TITLE_LINES; i++) {
    if (s.kinds[i] === "furniture") continue;
    if (s.kinds[i] === "blank") {
      if (titleLines.length === 0) continue;
      // A text with a blank line between paragraphs (an import) gives each title line its own
      // paragraph: the title goes on over a blank line to a line that reads as a title too.
      const next = nextContent(s, i);
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
    label,
    // The title lines whole (a line's head is only what structure reads).
    title: titleLines
      .map((l) => lineText(s, l).trim())
      .join(" ")
      .replace(/\s+/g, " "),
    span: { start: labelStart, end: s.lines.ends[last] },
    labelSpan: { start: labelStart, end: labelStart + label.length },
  });
  return last;
}

export function scanBody(s: ParseState, bodyStart: number): void {
  const titles = agendaTitleLines(s);
  // A header, an agenda item or a procedural line starts only where a sentence may start.
  let boundary = true;
  // The last line with content was procedural or a heading: a heading may follow.
  let afterStructure = true;
  for (let i = bodyStart; i < s.n; i++) {
    const kind = s.kinds[i];
    if (kind === "furniture") continue;
    if (kind === "blank") {
      boundary = true;
      continue;
    }
    const footer = pageOneFooter(s, i);
    if (footer >= 0) {
      i = footer;
      continue;
    }
    const header = boundary || interrupts(s, i) ? matchHeader(s, i) : undefined;
    if (header && (boundary || !header.name)) {
      s.headers.push(header);
      for (let j = header.startLine; j <= header.endLine; j++) if (isContent(s, j)) s.kinds[j] = "header";
      i = header.endLine;
      // The speech's first sentence may end on the header's line; a colon ending the line does not end one.
      const rest = s.text.slice(header.span.end, s.lines.ends[i]);
      boundary = rest.trim() !== "" && ENDS_SENTENCE.test(rest);
      afterStructure = false;
      continue;
    }
    if (boundary) {
      if (s.signsOf(i) & HEAD_AGENDA_ITEM) {
        i = consumeAgenda(s, i, head(s, i));
        boundary = true;
        afterStructure = true;
        continue;
      }
      const proc = matchProcedural(s, i);
      if (proc) {
        s.procedurals.push(proc);
        for (let j = proc.startLine; j <= proc.endLine; j++) if (isContent(s, j)) s.kinds[j] = "procedural";
        i = proc.endLine;
        boundary = true;
        afterStructure = true;
        continue;
      }
    }
    // The agenda item's title printed again as a heading where its discussion opens (after `The
    // agenda was adopted.`): a header may follow it on the next line, with no sentence end between.
    if (afterStructure && titles.has(squashed(head(s, i)))) {
      s.kinds[i] = "agenda";
      boundary = true;
      continue;
    }
    afterStructure = false;
    boundary = shape(s, i).lineEnds;
  }
}

/** Page 1's footer lies within the document's first lines (two columns of about 60 lines each). */
const PAGE_ONE_LINES = 300;
/** The correction notice runs to page 1's job number within this many lines. */
const FOOTER_LINES = 16;
/** The distribution lines after it (1990s): `Distr. GENERAL`, the date of issue, the language. */
/** The distribution lines' first (`Distr. GENERAL`), which may open the footer (an import sets it first). */
const DISTRIBUTION_START = /^Distr\.[ \u00A0]+\p{Lu}+$/u;
const DISTRIBUTION =
  /^(?:Distr\.[ \u00A0]+\p{Lu}+|\d{1,2}[ \u00A0]+\p{Lu}\p{Ll}+[ \u00A0]+\d{4}|\p{Lu}{4,}|\p{Lu}+:[ \u00A0]+\p{Lu}+)$/u;

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
  if (!s.profile.boilerplateStart.test(first) && !DISTRIBUTION_START.test(first)) return -1;
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
    if (!DISTRIBUTION.test(h) && !end?.test(h)) break;
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
export function matchProcedural(s: ParseState, i: number): ProceduralLine | undefined {
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
  return { start: starts[first] + shape(s, first).lead, end: starts[last] + shape(s, last).width };
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
      if (ENDS_CLAUSE.test(h) && !(joined.startsWith("[") && !joined.includes("]"))) break;
    }
    return { value: undefined, last: Math.min(j, s.n - 1) };
  });
  return found && { last: i + found.lines, kind: found.kind, text: found.text };
}

/** A bracketed note (`[Subsequently the delegation of … advised …]`) may run over this many lines. */
const MAX_NOTE_LINES = 12;

/** A line ending in a point or a colon: a procedural sentence stops there. */
const ENDS_CLAUSE = /[.:]$/;

/** The lines' whole text (not only their heads), furniture left out, on one line. */
export function joinedText(s: ParseState, first: number, last: number): string {
  const parts: string[] = [];
  for (let j = first; j <= last; j++) if (isContent(s, j)) parts.push(lineText(s, j).trim());
  return parts.join(" ").replace(/\s+/g, " ");
}
