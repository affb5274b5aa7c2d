// The words an OCR was unsure of, kept beside the transcript (`NAME.ocr.tsv` beside `NAME.txt`):
// one a line, `line	start	end	confidence	word` (0-based line, UTF-16 offsets in it, 0–100), after a
// header line. Read back as the parser's `ocrWords` (model/ocrWords.ts); a bad line is skipped.
import type { OcrWordMark } from "../../model/ocrWords";

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
