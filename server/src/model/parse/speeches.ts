import { countReaderWords } from "../../text/words";
import { type IntRows, memoKey } from "../memo";
import type { LineKind, Paragraph, ProceduralLine, Speech } from "../types";
import { finalKindsKept, type LinesEdited, lineText, nextContent, type ParseState, sameObjects } from "./state";

/** The words of each line (the parser's memo table). */
const WORD_COUNT = memoKey<IntRows>("word-count");

/** The speeches, their words counted where `counted` (else every `wordCount` is 0: `ParseOptions.wordCounts`). */
export function buildSpeeches(s: ParseState, procAt: ReadonlyMap<number, ProceduralLine>, counted = true): Speech[] {
  const { headers, kinds, paragraphs, lines } = s;
  const speeches: Speech[] = [];
  // Words of whole lines, from the previous version where a line is unchanged.
  const words = s.memo.ints(
    WORD_COUNT,
    1,
    (i) => lineText(s, i),
    (line, values, at) => {
      values[at] = countWords(line);
    },
  );
  const wordsOf = (i: number) => words.values[words.row(i)];
  // Counted where there are speeches to count them for (a record without headers reads no words),
  // and the parse asks for them.
  const paragraphWords = headers.length && counted ? wordsOfParagraphs(s, wordsOf) : undefined;
  const before = speechesBefore(s, counted);
  let pi = 0;
  for (let h = 0; h < headers.length; h++) {
    const header = headers[h];
    // A speech runs to the next header, or to an agenda item or a vote; a stage direction that
    // speech text follows (a change of the Chair, a note) falls inside it and does not end it.
    const stop = h + 1 < headers.length ? headers[h + 1].startLine : s.n;
    const taken = before && walkTaken(before, h, header.startLine, header.endLine, stop, procAt);
    let interruptions: ProceduralLine[] = [];
    let endLine = header.endLine;
    if (taken) {
      endLine = taken.endLine;
      interruptions = taken.interruptions;
    } else
      for (let i = header.endLine + 1; i < stop; i++) {
        const kind = kinds[i];
        if (kind === "text") endLine = i;
        if (kind === "text" || kind === "blank" || kind === "furniture" || kind === "header") continue;
        if (kind !== "procedural") break;
        const proc = procAt.get(i);
        if (!proc || proc.kind === "vote" || proc.kind === "vote-list" || proc.kind === "heading") break;
        const next = nextContent(s, proc.endLine + 1);
        if (next < 0 || next >= stop || kinds[next] !== "text") break;
        interruptions.push(proc);
        i = proc.endLine;
      }
    let wordCount = 0;
    while (pi < paragraphs.length && paragraphs[pi].startLine < header.startLine) pi++;
    const from = pi;
    while (pi < paragraphs.length && paragraphs[pi].startLine <= endLine) {
      if (paragraphWords) wordCount += paragraphWords[pi];
      pi++;
    }
    const end =
      endLine === header.endLine
        ? Math.max(header.span.end, lines.starts[endLine] + lineText(s, endLine).trimEnd().length)
        : lines.starts[endLine] + lineText(s, endLine).trimEnd().length;
    // Before the edit, the previous version's speech itself where all it holds is the same.
    const old = taken?.previous;
    if (
      old &&
      old.index === h &&
      old.header === header &&
      old.endLine === endLine &&
      old.span.end === end &&
      old.wordCount === wordCount &&
      old.interruptions === interruptions &&
      sameObjects(old.paragraphs, paragraphs, from, pi)
    ) {
      speeches.push(old);
      continue;
    }
    speeches.push({
      index: h,
      header,
      startLine: header.startLine,
      endLine,
      span: { start: header.span.start, end },
      paragraphs: paragraphs.slice(from, pi),
      interruptions,
      wordCount,
    });
  }
  if (s.memo.carried) s.memo.hold(SPEECHES_HELD, { speeches, kinds, procedurals: s.procedurals, counted });
  return speeches;
}

/** The speeches of a version and what their walks read besides the lines' text, for the next version. */
const SPEECHES_HELD = memoKey<{
  speeches: readonly Speech[];
  kinds: readonly LineKind[];
  procedurals: readonly ProceduralLine[];
  counted: boolean;
}>("speeches-held");

/** The previous version's speeches, where the walks of those away from the edit can be taken over. */
interface SpeechesBefore {
  speeches: readonly Speech[];
  e: LinesEdited;
  /** The previous version's line count. */
  oldLines: number;
  /** How many more headers the previous version had. */
  more: number;
}

/**
 * The previous version's speeches when a speech's walk over lines outside the edit reads what it
 * read there: the line kinds outside the edit and the procedural lines wholly outside it (their
 * lines and kinds) are the previous version's. Undefined otherwise: every speech is walked.
 */
function speechesBefore(s: ParseState, counted: boolean): SpeechesBefore | undefined {
  const e = s.memo.edited();
  const held = s.memo.previous(SPEECHES_HELD);
  if (!e || !held || held.counted !== counted || !finalKindsKept(s, held.kinds, e).same) return undefined;
  if (!sameProceduralsOutside(held.procedurals, s.procedurals, e)) return undefined;
  return { speeches: held.speeches, e, oldLines: s.n - e.shift, more: held.speeches.length - s.headers.length };
}

/**
 * Whether the procedural lines wholly before the edit and wholly after it are the previous
 * version's, in order (after it at lines `shift` on): their lines and kind, what a speech's walk
 * reads of them.
 */
function sameProceduralsOutside(
  old: readonly ProceduralLine[],
  now: readonly ProceduralLine[],
  { head, tail, shift }: LinesEdited,
): boolean {
  let j = 0;
  let k = 0;
  for (;;) {
    while (j < old.length && !(old[j].endLine < head || old[j].startLine >= tail - shift)) j++;
    while (k < now.length && !(now[k].endLine < head || now[k].startLine >= tail)) k++;
    if (j === old.length || k === now.length) return j === old.length && k === now.length;
    const a = old[j++];
    const b = now[k++];
    const by = b.startLine >= tail ? shift : 0;
    if (a.startLine + by !== b.startLine || a.endLine + by !== b.endLine || a.kind !== b.kind) return false;
  }
}

/**
 * The walk of the speech under header `h` (lines `startLine`…`endLine`, the next header at
 * `stop`) taken from the previous version's, when all it reads (the lines after its header to
 * `stop`, their kinds and procedural lines) lies before the edit or after it: its last line moved,
 * its interruptions this version's procedural lines at the same lines. Undefined otherwise.
 */
function walkTaken(
  b: SpeechesBefore,
  h: number,
  startLine: number,
  endLine: number,
  stop: number,
  procAt: ReadonlyMap<number, ProceduralLine>,
): { endLine: number; interruptions: ProceduralLine[]; previous: Speech } | undefined {
  const { head, tail, shift } = b.e;
  const old = b.speeches;
  let k: number;
  let by: number;
  if (stop < head) {
    k = h;
    by = 0;
  } else if (startLine >= tail) {
    // After the edit, the headers are the previous version's last ones, in order.
    k = h + b.more;
    by = shift;
  } else return undefined;
  const p = old[k];
  if (!p || p.header.startLine + by !== startLine || p.header.endLine + by !== endLine) return undefined;
  const oldStop = k + 1 < old.length ? old[k + 1].header.startLine : b.oldLines;
  if (oldStop + by !== stop) return undefined;
  let same = true;
  const interruptions: ProceduralLine[] = [];
  for (const q of p.interruptions) {
    const x = procAt.get(q.startLine + by);
    if (!x) return undefined;
    if (x !== q) same = false;
    interruptions.push(x);
  }
  return { endLine: p.endLine + by, interruptions: same ? p.interruptions : interruptions, previous: p };
}

/** Each paragraph's words, in the order of `s.paragraphs` (held for the next version). */
const PARAGRAPH_WORDS = memoKey<Int32Array>("paragraph-words");

/**
 * The words of each paragraph (`PARAGRAPH_WORDS`): of its lines, from its start on its first
 * line. The paragraphs the paragraphs' pass took over from the previous version (before the
 * edit as they were, after it moved: the same lines of text, `paragraphsTaken`) keep its counts;
 * only those read again are counted.
 */
function wordsOfParagraphs(s: ParseState, wordsOf: (i: number) => number): Int32Array {
  const { paragraphs, lines } = s;
  const out = new Int32Array(paragraphs.length);
  const count = (p: Paragraph) => {
    let n = 0;
    for (const l of p.lines)
      n += p.start > lines.starts[l] ? countWords(s.text.slice(p.start, lines.ends[l])) : wordsOf(l);
    return n;
  };
  const taken = s.paragraphsTaken;
  const before = taken && s.memo.previous(PARAGRAPH_WORDS);
  if (taken && before && before.length === taken.movedFrom + paragraphs.length - taken.scannedEnd) {
    out.set(before.subarray(0, taken.kept));
    for (let k = taken.kept; k < taken.scannedEnd; k++) out[k] = count(paragraphs[k]);
    out.set(before.subarray(taken.movedFrom), taken.scannedEnd);
  } else for (let k = 0; k < paragraphs.length; k++) out[k] = count(paragraphs[k]);
  s.memo.hold(PARAGRAPH_WORDS, out);
  return out;
}

/** Words as a reader counts them: runs of non-space holding a letter or a digit (`S/2014/123` is one). */
export const countWords = countReaderWords;
