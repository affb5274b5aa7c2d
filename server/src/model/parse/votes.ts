import type { VotePosition } from "../../data";
import { lazyPattern } from "../../text/regexp";
import type { ProceduralLine, StateRef, Vote, VotedName, VoteList, VoteOutcome } from "../types";
import { matchHeader } from "./headers";
import { head, isContent, lineText, nextContent, type ParseState } from "./state";

/**
 * Votes: the lists' extent while the body is scanned (`voteListEnd`), then (`buildVotes`, once
 * paragraphs are known) each vote put together from its procedural lines — the sentence that opens
 * it, the three lists and their names, the outcome (a sentence of its own in the General Assembly,
 * the President's next paragraph in the Security Council) and the notes after it.
 */

/** Finds the State a printed name names (the Member State data, given by the service). */
export type StateResolver = (printed: string) => StateRef | undefined;

/** A list's names, read from its text: where no resolver is given, each name is unresolved. */
export interface ListReading {
  names: VotedName[];
  none: boolean;
}

const LIST_SEPARATOR = lazyPattern(() => /[,;]/g);

/**
 * The last line of the vote list whose label is on line `first`. The names run on the label's
 * line or from the next line of content (blank lines may come between), over lines, columns and
 * pages (furniture is skipped), until a blank line after names, another label, a speaker header or
 * a procedural sentence — or, where States can be resolved, until a line ends a complete name with
 * no comma after it (a raw text has no blank line to stop at).
 */
export function voteListEnd(
  s: ParseState,
  first: number,
  afterLabel: string,
  resolve: StateResolver | undefined,
  isSentence: (i: number) => boolean,
  seen?: { line: number },
): number {
  let last = first;
  let pending = afterLabel.trim() === "";
  let tail = pending ? "" : afterLabel;
  // No comma yet: the list may give one name a line.
  let oneALine = !/[,;]/.test(afterLabel);
  for (let j = first + 1; j < s.n; j++) {
    // The furthest line read, for the body scan's splice (body.ts).
    if (seen) seen.line = j;
    if (s.kinds[j] === "furniture") continue;
    if (s.kinds[j] === "blank") {
      if (pending) continue;
      // A list left open (its last line ends with a comma, or in the middle of a name) goes on
      // over a page or column break's blank lines, where the next line reads as names.
      if (!resolve || complete(tail, s, resolve)) break;
      const next = nextContent(s, j + 1);
      if (seen) seen.line = next < 0 ? s.n - 1 : next;
      if (next < 0 || !looksLikeNames(s, head(s, next), resolve) || s.profile.voteLabel.test(head(s, next))) break;
      j = next - 1;
      continue;
    }
    const h = head(s, j);
    // After a complete name a list goes on where the next line goes on with that name (`and …`,
    // `of America`) or, in a list of one name a line, where it is a name (or the start of one).
    if (
      !pending &&
      resolve &&
      complete(tail, s, resolve) &&
      !andFirst(s, h) &&
      !(oneALine && !/[,;]/.test(h) && startsName(s, j, h, resolve))
    )
      break;
    if (s.profile.voteLabel.test(h) || matchHeader(s, j) || isSentence(j)) break;
    if (!pending && resolve && !looksLikeNames(s, h, resolve)) break;
    last = j;
    pending = false;
    const line = lineText(s, j).trim();
    const comma = Math.max(line.lastIndexOf(","), line.lastIndexOf(";"));
    if (comma >= 0) oneALine = false;
    tail =
      comma >= 0 ? line.slice(comma + 1) : oneALine && resolve && complete(tail, s, resolve) ? line : `${tail} ${line}`;
    if (tail.length > 400) tail = tail.slice(-400);
  }
  return last;
}

/**
 * A line that goes on with the name before it: it starts with the list's `and` (`and United States
 * of America`) or with a lower-case letter or a parenthesis (`of America` after `United States`, `(Islamic
 * Republic of)` after `Iran`: names of their own).
 */
function andFirst(s: ParseState, h: string): boolean {
  const and = s.profile.data.votes.and;
  return (h.startsWith(`${and} `) && h.length > and.length + 1) || /^[\p{Ll}(]/u.test(h);
}

/**
 * A line that may go on a list of names: the names it holds whole (between two of its commas) include
 * a State, or it holds none whole and no part of it is longer than a name (a sentence that follows
 * the list in a text without blank lines, or a scan's other column, is not).
 */
function looksLikeNames(s: ParseState, h: string, resolve: StateResolver): boolean {
  const and = `${s.profile.data.votes.and} `;
  const parts = h.split(/[,;]/);
  const whole = parts.slice(1, -1).map((p) => {
    const name = p.trim();
    return name.startsWith(and) ? name.slice(and.length) : name;
  });
  if (whole.length) return whole.some((p) => resolve(p) !== undefined);
  // Words of one letter are not counted: a justified line may print a name letter-spaced.
  return parts.every((p) => p.split(/\s+/).filter((w) => w.length > 1).length <= MAX_NAME_WORDS);
}

/** The most words a State's name has (`United Kingdom of Great Britain and Northern Ireland`: 8) and some. */
const MAX_NAME_WORDS = 10;

/** Line `j` (head `h`) is a name, or the start of one that the next line of content ends. */
function startsName(s: ParseState, j: number, h: string, resolve: StateResolver): boolean {
  const line = h.replace(/\.$/, "");
  if (resolve(line)) return true;
  for (let k = j + 1; k < s.n; k++) {
    if (s.kinds[k] === "furniture") continue;
    if (s.kinds[k] === "blank") return false;
    return resolve(`${line} ${head(s, k).replace(/\.$/, "")}`) !== undefined;
  }
  return false;
}

/** The text after a list's last comma reads as whole names (or `None`), with nothing left open. */
function complete(tail: string, s: ParseState, resolve: StateResolver): boolean {
  const t = tail.replace(/\s+/g, " ").trim().replace(/\.$/, "");
  if (!t) return false;
  if (s.profile.voteNone.test(t)) return true;
  if (/[-‐]$/.test(t)) return false;
  return splitAnd(t, s.profile.data.votes.and, resolve) !== undefined;
}

/** `A and B` read as names the resolver knows: the whole, or split at an `and` (the last names of a list). */
function splitAnd(t: string, and: string, resolve: StateResolver): string[] | undefined {
  const sep = ` ${and} `;
  const out: string[] = [];
  let pos = t.startsWith(`${and} `) ? and.length + 1 : 0;
  // Name by name from the start, each the longest that the resolver knows (`Trinidad and Tobago`
  // before `Trinidad`); no name is longer than MAX_NAME_LENGTH, so each step reads a bounded part.
  while (pos < t.length) {
    if (t.length - pos <= MAX_NAME_LENGTH && resolve(t.slice(pos))) {
      out.push(t.slice(pos));
      return out;
    }
    const ends: number[] = [];
    for (let k = t.indexOf(sep, pos); k > pos && k - pos <= MAX_NAME_LENGTH; k = t.indexOf(sep, k + 1)) ends.push(k);
    let next = -1;
    for (let e = ends.length - 1; e >= 0 && next < 0; e--)
      if (resolve(t.slice(pos, ends[e]))) {
        out.push(t.slice(pos, ends[e]));
        next = ends[e] + sep.length;
      }
    if (next < 0) return undefined;
    pos = next;
  }
  return out.length ? out : undefined;
}

/** The longest a State's name is, printed (`United Kingdom of Great Britain and Northern Ireland`: 52), and some. */
const MAX_NAME_LENGTH = 120;

/** A name as printed on one line: a hyphen that breaks a word at a line end joined, spaces single. */
function printed(raw: string): string {
  return raw
    .replace(/([\p{L}])[-‐][ \t]*\r?\n[ \t]*(?=\p{Ll})/gu, "$1")
    .replace(/([\p{L}][-‐])[ \t]*\r?\n[ \t]*/gu, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

/** The pieces of `text` between separators, with their offsets, trimmed (a final point left out). */
function pieces(text: string, base: number, separator: RegExp): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let from = 0;
  const push = (to: number) => {
    let a = from;
    let b = to;
    while (a < b && /\s/.test(text[a])) a++;
    while (b > a && /[\s.]/.test(text[b - 1])) b--;
    if (b > a) out.push({ text: text.slice(a, b), start: base + a });
  };
  separator.lastIndex = 0;
  for (let m = separator.exec(text); m; m = separator.exec(text)) {
    push(m.index);
    from = m.index + m[0].length;
  }
  push(text.length);
  return out;
}

/**
 * The names of a list whose names are the text `text` at offset `base` (page furniture already
 * left out by the caller, as spaces). Names are parted by commas; where a list has none, by lines
 * (a long name wrapped over two lines is joined where the resolver knows the whole). The last
 * names, parted by `and`, are split where the resolver knows both parts.
 */
export function readList(text: string, base: number, s: ParseState, resolve: StateResolver | undefined): ListReading {
  const and = s.profile.data.votes.and;
  const hasComma = /[,;]/.test(text);
  let parts = pieces(text, base, hasComma ? LIST_SEPARATOR() : /\r?\n/g);
  if (parts.length === 1 && s.profile.voteNone.test(printed(parts[0].text))) return { names: [], none: true };
  if (!hasComma && resolve) {
    // One name a line: a line the resolver does not know, joined with the next, may be one it does.
    const joined: { text: string; start: number }[] = [];
    for (let k = 0; k < parts.length; k++) {
      const p = parts[k];
      const next = parts[k + 1];
      if (next && !resolve(printed(p.text))) {
        const both = text.slice(p.start - base, next.start - base + next.text.length);
        if (resolve(printed(both))) {
          joined.push({ text: both, start: p.start });
          k++;
          continue;
        }
      }
      joined.push(p);
    }
    parts = joined;
  }
  const names: VotedName[] = [];
  const name = (raw: string, start: number) => {
    const shown = printed(raw);
    const state = resolve?.(shown);
    names.push({ printed: shown, span: { start, end: start + raw.length }, ...(state ? { state } : {}) });
  };
  for (const p of parts) {
    let raw = p.text;
    let start = p.start;
    const lead = new RegExp(`^${and}\\s+`, "u").exec(raw);
    if (lead) {
      raw = raw.slice(lead[0].length);
      start += lead[0].length;
    }
    if (!resolve || resolve(printed(raw))) {
      name(raw, start);
      continue;
    }
    const split = splitAnd(printed(raw), and, resolve);
    if (!split || split.length < 2) {
      name(raw, start);
      continue;
    }
    // Find each part of the split in the raw text (its spaces may be line breaks), from where the
    // part before it ended.
    let at = 0;
    for (const part of split) {
      const re = new RegExp(
        part
          .split(" ")
          .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
          .join("\\s+"),
        "gu",
      );
      re.lastIndex = at;
      const m = re.exec(raw);
      if (!m) {
        name(raw.slice(at), start + at);
        break;
      }
      name(m[0], start + m.index);
      at = m.index + m[0].length;
    }
  }
  return { names, none: false };
}

/** A count as printed: digits or a number's word (`three`, `none`). */
function count(s: ParseState, word: string | undefined): number | null {
  if (word === undefined) return null;
  if (/^\d+$/.test(word)) return Number(word);
  const n = s.profile.data.votes.numbers[word.toLowerCase()];
  return n === undefined ? null : n;
}

/** The outcome a text gives, where one of the language's outcome sentences is in it. */
export function readOutcome(s: ParseState, text: string): Omit<VoteOutcome, "span" | "line" | "text"> | undefined {
  const flat = text.replace(/\s+/g, " ").trim();
  const out: Omit<VoteOutcome, "span" | "line" | "text"> = {
    subject: null,
    result: null,
    yes: null,
    no: null,
    abstain: null,
    act: null,
  };
  let found = false;
  for (const re of s.profile.voteOutcomes) {
    const g = re.exec(flat)?.groups;
    if (!g) continue;
    found = true;
    out.subject ??= g.subject ?? null;
    out.result ??= g.result ? resultOf(s, g.result) : null;
    if (out.yes === null && g.yes !== undefined) {
      out.yes = count(s, g.yes);
      out.no = count(s, g.no);
      out.abstain = count(s, g.abstain);
    }
    out.act ??= g.act ?? null;
  }
  return found ? out : undefined;
}

function resultOf(s: ParseState, printedResult: string): string {
  const key = printedResult.toLowerCase();
  for (const [result, phrases] of Object.entries(s.profile.data.votes.results))
    if (phrases.some((p) => p.toLowerCase() === key)) return result;
  return key;
}

/** A document symbol of a draft (`A/48/L.13 and Corr.1`, `S/2020/24`). */
const DRAFT_SYMBOL = lazyPattern(
  () => /\b[ASE]\/(?:[A-Z0-9.-]+\/)*[A-Z0-9.-]*[A-Z0-9](?:\s+and\s+(?:Corr|Add)\.\s?\d+)?/u,
);
const DRAFT_SYMBOL_ALL = lazyPattern(() => new RegExp(DRAFT_SYMBOL().source, "gu"));

/**
 * Puts each vote together from the procedural lines the body scan found, in order: an opening
 * sentence starts a vote; lists join the current vote (a list of a position it already has starts
 * another); an outcome sentence right after its lists ends it; bracketed notes right after a vote
 * join it. A vote whose outcome is not a sentence of its own takes it from the next paragraph that
 * gives one (the President's, in the Security Council).
 */
export function buildVotes(
  s: ParseState,
  resolve: StateResolver | undefined,
  at: ReadonlyMap<number, ProceduralLine>,
): void {
  const p = s.profile;
  let current: Vote | undefined;
  let last: Vote | undefined;
  const close = () => {
    if (current) s.votes.push(current);
    last = current;
    current = undefined;
  };
  const open = (first: ProceduralLine, method: Vote["method"], taken?: ProceduralLine): Vote => ({
    index: s.votes.length,
    method,
    startLine: first.startLine,
    endLine: first.endLine,
    ...(taken ? { taken } : {}),
    lists: [],
    draft: null,
    notes: [],
    parts: [],
  });
  const add = (v: Vote, proc: ProceduralLine) => {
    v.parts.push(proc);
    v.endLine = Math.max(v.endLine, proc.endLine);
  };
  let previousEnd = -1;
  for (const proc of s.procedurals) {
    // Anything of content between the last part and this one ends a vote.
    const adjacent = previousEnd >= 0 && onlyGapBetween(s, previousEnd, proc.startLine);
    previousEnd = proc.endLine;
    if (proc.kind === "vote-list") {
      const label = p.voteLabel.exec(head(s, proc.startLine));
      const position = p.votePositions.get((label?.groups?.label ?? "").toLowerCase()) ?? "yes";
      if (!current || !adjacent || current.lists.some((l) => l.position === position) || current.outcome) {
        close();
        current = open(proc, "unspecified");
      }
      current.lists.push(listOf(s, proc, position, resolve));
      add(current, proc);
      continue;
    }
    if (proc.kind === "vote" && p.voteTaken.test(proc.text)) {
      close();
      const method = p.showOfHands.test(proc.text)
        ? "show-of-hands"
        : p.recordedVote.test(proc.text)
          ? "recorded"
          : "unspecified";
      current = open(proc, method, proc);
      add(current, proc);
      continue;
    }
    if (proc.kind === "vote" && current && adjacent && current.lists.length && !current.outcome) {
      const outcome = readOutcome(s, proc.text);
      if (outcome) {
        current.outcome = { ...outcome, span: proc.span, line: proc.startLine, text: proc.text };
        add(current, proc);
        continue;
      }
    }
    if (proc.kind === "note" && adjacent) {
      const v = current ?? last;
      if (v && v.endLine < proc.startLine && (current || v === s.votes[s.votes.length - 1])) {
        v.notes.push(proc);
        add(v, proc);
        continue;
      }
    }
    close();
    last = undefined;
    // An outcome with counts but no lists (a vote not recorded): a vote of its own.
    if (proc.kind === "vote") {
      const outcome = readOutcome(s, proc.text);
      if (outcome && outcome.yes !== null) {
        const v = open(proc, "unspecified");
        v.outcome = { ...outcome, span: proc.span, line: proc.startLine, text: proc.text };
        add(v, proc);
        current = v;
        close();
      }
    }
  }
  close();
  for (const v of s.votes) {
    if (!v.outcome) v.outcome = outcomeAfter(s, v, at);
    v.draft = draftOf(s, v);
  }
}

/** Only blank lines and furniture between line `from` (a part's last line) and line `to`. */
function onlyGapBetween(s: ParseState, from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) if (isContent(s, i)) return false;
  return true;
}

function listOf(
  s: ParseState,
  proc: ProceduralLine,
  position: VotePosition,
  resolve: StateResolver | undefined,
): VoteList {
  const firstLine = lineText(s, proc.startLine);
  const label = s.profile.voteLabel.exec(firstLine);
  const labelStart = s.lines.starts[proc.startLine] + (label ? label[0].length - label[0].trimStart().length : 0);
  const labelEnd = s.lines.starts[proc.startLine] + (label ? label[0].length : 0);
  // The names' text: from the label's colon to the list's end, furniture lines blanked out.
  let text = "";
  for (let i = proc.startLine; i <= proc.endLine; i++) {
    const from = i === proc.startLine ? labelEnd : s.lines.starts[i];
    const line = s.text.slice(from, s.lines.ends[i]);
    text += isContent(s, i) ? line : " ".repeat(line.length);
    if (i < proc.endLine) text += s.text.slice(s.lines.ends[i], s.lines.starts[i + 1]);
  }
  const reading = readList(text, labelEnd, s, resolve);
  return {
    position,
    startLine: proc.startLine,
    endLine: proc.endLine,
    label: { start: labelStart, end: labelEnd },
    span: proc.span,
    names: reading.names,
    none: reading.none,
  };
}

/**
 * The outcome of a vote printed in the next paragraph (the President: `The draft resolution
 * received 13 votes in favour, none against and 2 abstentions. …`), looked for in the first
 * paragraph after the vote, before any other procedural line.
 */
function outcomeAfter(s: ParseState, v: Vote, at: ReadonlyMap<number, ProceduralLine>): VoteOutcome | undefined {
  // The first paragraph after the vote (paragraphs are in order: a binary search).
  let lo = 0;
  let hi = s.paragraphs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s.paragraphs[mid].startLine <= v.endLine) lo = mid + 1;
    else hi = mid;
  }
  const para = s.paragraphs[lo];
  if (!para) return undefined;
  for (let i = v.endLine + 1; i < para.startLine; i++) if (at.has(i)) return undefined;
  // Only the paragraph's start is read: the outcome opens the President's words.
  const text = s.text.slice(para.start, Math.min(para.end, para.start + OUTCOME_WINDOW));
  const outcome = readOutcome(s, text);
  if (!outcome || (outcome.yes === null && outcome.result === null)) return undefined;
  return {
    ...outcome,
    span: { start: para.start, end: para.end },
    line: para.startLine,
    text: squash(s.text.slice(para.start, para.end)),
  };
}

/** How much of the paragraph after a vote is read for its outcome. */
const OUTCOME_WINDOW = 1000;

const squash = (t: string) => t.replace(/\s+/g, " ").trim();

/**
 * The draft the vote is on (for a vote on a paragraph or an amendment, the draft it belongs to): the
 * symbol its outcome names, else the last one named in the 4,000 characters before the vote (`I
 * shall now put to the vote the draft resolution contained in document S/2020/24`).
 */
function draftOf(s: ParseState, v: Vote): string | null {
  const own = v.outcome?.subject ? DRAFT_SYMBOL().exec(v.outcome.subject) : null;
  if (own) return squash(own[0]);
  const end = s.lines.starts[v.startLine];
  const before = s.text.slice(Math.max(0, end - 4000), end);
  let found: string | null = null;
  DRAFT_SYMBOL_ALL().lastIndex = 0;
  for (let m = DRAFT_SYMBOL_ALL().exec(before); m; m = DRAFT_SYMBOL_ALL().exec(before)) {
    if (/\/(?:L\.|\d{4}\/)/.test(m[0])) found = squash(m[0]);
  }
  return found;
}
