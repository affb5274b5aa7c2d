// The words an OCR read with little confidence, as evidence about a text from its source (the
// scan's import, server/src/pdf/ocr/): where each is and how sure the engine was. Like the import's
// line-end evidence, it reaches the parser as an option (`ParseOptions.ocrWords`); the model keeps
// those that are still in the text as written (an edited word is no longer doubtful).

/** A word the OCR was unsure of: 0-based line, UTF-16 offsets in that line, the word, 0–100. */
export interface OcrWordMark {
  line: number;
  start: number;
  end: number;
  word: string;
  confidence: number;
}

/** A doubtful word of the model: as `OcrWordMark`, checked against the text. */
export type OcrDoubt = OcrWordMark;

/** Whether two lists of marks are the same marks, in order (a document's doubts changed or not). */
export function sameOcrWords(a: readonly OcrWordMark[] = [], b: readonly OcrWordMark[] = []): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.line !== y.line || x.start !== y.start || x.end !== y.end || x.word !== y.word) return false;
    if (x.confidence !== y.confidence) return false;
  }
  return true;
}

/** How far (lines) a word is looked for above and below its line when lines were added or removed. */
const DRIFT = 3;

/**
 * The marks that still name a word of the text: at their place, else the same word once on its
 * line or a line near it (lines added or removed above). Linear in the marks and the lines seen.
 */
export function resolveOcrWords(
  marks: readonly OcrWordMark[],
  lineText: (line: number) => string | undefined,
): OcrDoubt[] {
  const out: OcrDoubt[] = [];
  const isWord = (s: string, at: number, word: string) =>
    s.startsWith(word, at) &&
    !/[\p{L}\p{N}]/u.test(s[at - 1] ?? "") &&
    !/[\p{L}\p{N}]/u.test(s[at + word.length] ?? "");
  for (const m of marks) {
    if (!m.word || m.word.length > 200) continue;
    const here = lineText(m.line);
    if (here !== undefined && isWord(here, m.start, m.word)) {
      out.push({ ...m, end: m.start + m.word.length });
      continue;
    }
    for (let d = 0; d <= DRIFT; d++) {
      let placed = false;
      for (const line of d ? [m.line - d, m.line + d] : [m.line]) {
        const s = lineText(line);
        if (s === undefined) continue;
        const at = s.indexOf(m.word);
        if (at >= 0 && s.indexOf(m.word, at + 1) < 0 && isWord(s, at, m.word)) {
          out.push({ ...m, line, start: at, end: at + m.word.length });
          placed = true;
          break;
        }
      }
      if (placed) break;
    }
  }
  return out.sort((a, b) => a.line - b.line || a.start - b.start);
}
