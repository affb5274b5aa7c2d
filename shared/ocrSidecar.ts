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

/**
 * The marks carried through a change of the text (an editor's edit before the transcript is
 * saved): those after it moved, those it touches dropped (a word edited is no longer the OCR's;
 * letters typed against a word make another word). Linear in the marks.
 */
export function shiftOcrWords(marks: readonly OcrWordMark[], change: LineChange): OcrWordMark[] {
  const { start, end, text } = change;
  const lines = text.split(/\r\n|\r|\n/);
  const added = lines.length - 1;
  const lastLength = lines[added].length;
  const cmp = (l1: number, c1: number, l2: number, c2: number) => l1 - l2 || c1 - c2;
  const letter = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
  const out: OcrWordMark[] = [];
  for (const m of marks) {
    const after = cmp(m.line, m.start, end.line, end.character);
    const before = cmp(m.line, m.end, start.line, start.character);
    if (before < 0 || (before === 0 && !letter(text[0]))) out.push(m);
    else if (after > 0 || (after === 0 && !letter(text[text.length - 1]))) {
      const line = m.line + added - (end.line - start.line);
      if (m.line !== end.line) out.push({ ...m, line });
      else {
        const shift = (added ? lastLength : start.character + lastLength) - end.character;
        out.push({ ...m, line, start: m.start + shift, end: m.end + shift });
      }
    }
  }
  return out;
}
