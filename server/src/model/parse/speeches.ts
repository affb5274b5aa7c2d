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
    while (pi < paragraphs.length && paragraphs[pi].startLine < header.startLine) pi++;
    while (pi < paragraphs.length && paragraphs[pi].startLine <= endLine) own.push(paragraphs[pi++]);
    let wordCount = 0;
    if (counted)
      for (const p of own) {
        for (const l of p.lines) {
          wordCount += p.start > lines.starts[l] ? countWords(s.text.slice(p.start, lines.ends[l])) : wordsOf(l);
        }
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

/** Words as a reader counts them: runs of non-space holding a letter or a digit (`S/2014/123` is one). */
export const countWords = countReaderWords;
