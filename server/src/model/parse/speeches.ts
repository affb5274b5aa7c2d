import { countReaderWords } from "../../text/words";
import { type IntRows, memoKey } from "../memo";
import type { Paragraph, ProceduralLine, Speech } from "../types";
import { lineText, nextContent, type ParseState } from "./state";

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
  let pi = 0;
  for (let h = 0; h < headers.length; h++) {
    const header = headers[h];
    // A speech runs to the next header, or to an agenda item or a vote; a stage direction that
    // speech text follows (a change of the Chair, a note) falls inside it and does not end it.
    const stop = h + 1 < headers.length ? headers[h + 1].startLine : s.n;
    const interruptions: ProceduralLine[] = [];
    let endLine = header.endLine;
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
    const own: Paragraph[] = [];
    let wordCount = 0;
    while (pi < paragraphs.length && paragraphs[pi].startLine < header.startLine) pi++;
    while (pi < paragraphs.length && paragraphs[pi].startLine <= endLine) {
      if (paragraphWords) wordCount += paragraphWords[pi];
      own.push(paragraphs[pi++]);
    }
    const end =
      endLine === header.endLine
        ? Math.max(header.span.end, lines.starts[endLine] + lineText(s, endLine).trimEnd().length)
        : lines.starts[endLine] + lineText(s, endLine).trimEnd().length;
    speeches.push({
      index: h,
      header,
      startLine: header.startLine,
      endLine,
      span: { start: header.span.start, end },
      paragraphs: own,
      interruptions,
      wordCount,
    });
  }
  return speeches;
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
