// The words an OCR was unsure of, kept beside the transcript (`NAME.ocr.tsv` beside `NAME.txt`):
// one a line, `line	start	end	confidence	word` (0-based line, UTF-16 offsets in it, 0–100), after a
// header line. The import writes it (the command line's `import --ocr`, VS Code's Import PDF… once
// the transcript is saved), the service reads it back as the parser's `ocrWords`
// (server/src/model/ocrWords.ts); a bad line is skipped. Declared here, once, for the three of them.

/**
 * A row: a word the OCR was unsure of, 0-based line, UTF-16 offsets in it, the word, 0–100. The
 * service's `OcrWordMark` (server/src/model/ocrWords.ts) has this shape.
 */
export interface OcrWordMark {
  line: number;
  start: number;
  end: number;
  word: string;
  confidence: number;
}

const HEADER = "line\tstart\tend\tconfidence\tword";

export function formatOcrSidecar(marks: readonly OcrWordMark[]): string {
  const rows = marks.map(
    (m) => `${m.line}\t${m.start}\t${m.end}\t${Math.round(m.confidence)}\t${m.word.replace(/[\t\r\n]/g, " ")}`,
  );
  return `${[HEADER, ...rows].join("\n")}\n`;
}

/** The marks of a sidecar's text; at most `limit` (a hostile file is not read past it). */
export function parseOcrSidecar(text: string, limit = 1_000_000): OcrWordMark[] {
  const out: OcrWordMark[] = [];
  for (const line of text.split("\n")) {
    if (out.length >= limit) break;
    const f = line.replace(/\r$/, "").split("\t");
    if (f.length !== 5 || f[0] === "line") continue;
    const [l, s, e, c] = f.slice(0, 4).map(Number);
    const word = f[4];
    if (![l, s, e, c].every(Number.isInteger) || l < 0 || s < 0 || e <= s || !word) continue;
    out.push({ line: l, start: s, end: e, confidence: c, word });
  }
  return out;
}

/** The sidecar of a transcript: `NAME.ocr.tsv` beside `NAME.txt`. */
export function ocrSidecarPath(transcript: string): string {
  return `${transcript.replace(/\.[^./\\]*$/, "")}.ocr.tsv`;
}

/** A change of a text: the range replaced (0-based lines, UTF-16 columns) and its new text. */
export interface LineChange {
  start: { line: number; character: number };
  end: { line: number; character: number };
  text: string;
}

/** A letter or digit: made on first use (a \p{…} pattern costs every process its parse). */
let wordChar: RegExp | undefined;
const WORD_CHAR = () => {
  if (wordChar === undefined) wordChar = /[\p{L}\p{N}]/u;
  return wordChar;
};
const before = (a: LineChange["start"], b: LineChange["start"]) =>
  a.line < b.line || (a.line === b.line && a.character < b.character);

/**
 * The marks after one change of the text (`start`–`end` replaced by `text`), for the server as
 * for the client that keeps an import's marks until it is saved. The marks are in text order (line, then
 * column): those on lines before the change are found by a binary search and left as they are;
 * the others are moved in place and those the change touches dropped. Linear in the marks from the
 * change's line on and in the change's text.
 */
export function moveMarks(marks: OcrWordMark[], change: LineChange): OcrWordMark[] {
  let { start, end } = change;
  if (before(end, start)) [start, end] = [end, start];
  const text = change.text;
  let breaks = 0;
  let lastLine = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 || c === 10) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      breaks++;
      lastLine = i + 1;
    }
  }
  const tail = text.length - lastLine;
  const lineDelta = breaks - (end.line - start.line);
  // A word typed against a word's start or end makes it another word.
  const growsEnd = text.length > 0 && WORD_CHAR().test(text[0]);
  const growsStart = text.length > 0 && WORD_CHAR().test(text[text.length - 1]);
  // The first mark on the change's line or after it.
  let lo = 0;
  let hi = marks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (marks[mid].line < start.line) lo = mid + 1;
    else hi = mid;
  }
  let kept = lo;
  for (let k = lo; k < marks.length; k++) {
    const m = marks[k];
    if (m.line === start.line && m.end <= start.character) {
      // Before the change on its line; one typed right after the word may lengthen it.
      if (!(m.end === start.character && growsEnd)) marks[kept++] = m;
      continue;
    }
    if (m.line > end.line || (m.line === end.line && m.start >= end.character)) {
      if (m.line === end.line && m.start === end.character && growsStart) continue;
      if (m.line === end.line) {
        const column = (breaks ? tail : start.character + tail) + (m.start - end.character);
        m.end = column + (m.end - m.start);
        m.start = column;
        m.line = start.line + breaks;
      } else if (lineDelta === 0 && kept === k) {
        // Nothing moves or goes from here on: a keystroke inside a line.
        return marks;
      } else m.line += lineDelta;
      marks[kept++] = m;
    }
    // Else the change is inside the word, or over it: gone.
  }
  marks.length = kept;
  return marks;
}
