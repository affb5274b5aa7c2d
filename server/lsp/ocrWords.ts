// The words an OCR was unsure of in each open transcript (its `NAME.ocr.tsv`, sent by the client:
// MESSAGES.ocrWords), kept beside the document and moved with its edits. Each change moves the
// marks after it (lines added or removed above, characters before on the same line) and drops the
// marks it touches: a word edited is no longer what the OCR doubted (typing a letter at either end
// of a word makes another word; a space or a line break typed next to it does not). The analysts
// get the marks of the version they analyse as the parser's `ocrWords` option, which checks each
// against the text again (model/ocrWords.ts): a mark that no longer names its word is left out.

import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from "vscode-languageserver/node";
import type { Position } from "vscode-languageserver-textdocument";
import { OCR_WORDS_MAX_BYTES } from "../../shared/constants";
import { type OcrWordMark, parseOcrSidecar, sameOcrWords } from "../src/index";

/** At most this many marks a document (a hostile sidecar is not read past them). */
export const OCR_MARKS_MAX = 500_000;

const WORD_CHAR = /[\p{L}\p{N}]/u;
const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);

/**
 * The marks after one change of the text (`range` replaced by `text`; no range: the whole text
 * replaced, the marks kept for the parser to check). The marks are in text order (line, then
 * column): those on lines before the change are found by a binary search and left as they are;
 * the others are moved in place and those the change touches dropped. Linear in the marks from the
 * change's line on and in the change's text.
 */
export function moveMarks(marks: OcrWordMark[], change: TextDocumentContentChangeEvent): OcrWordMark[] {
  if (!("range" in change) || !change.range) return marks;
  let { start, end } = change.range;
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
  const growsEnd = text.length > 0 && WORD_CHAR.test(text[0]);
  const growsStart = text.length > 0 && WORD_CHAR.test(text[text.length - 1]);
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

/** The OCR's marks of each transcript the client sent them for (open, or about to be). */
export class OcrWords {
  private readonly marks = new Map<string, OcrWordMark[]>();

  /**
   * A transcript's sidecar (its text, or null: none): true when the marks changed. A text larger
   * than OCR_WORDS_MAX_BYTES is refused (`tooLarge`), the marks kept as they were.
   */
  set(uri: string, tsv: string | null): "changed" | "same" | "tooLarge" {
    if (tsv !== null && tsv.length > OCR_WORDS_MAX_BYTES) return "tooLarge";
    // In text order, as moveMarks reads them (a sidecar written by hand may not be).
    const marks =
      tsv === null ? [] : parseOcrSidecar(tsv, OCR_MARKS_MAX).sort((a, b) => a.line - b.line || a.start - b.start);
    const had = this.marks.get(uri) ?? [];
    if (!marks.length) this.marks.delete(uri);
    else this.marks.set(uri, marks);
    return sameOcrWords(had, marks) ? "same" : "changed";
  }

  /** The marks of a transcript's current text (none: undefined). */
  get(uri: string): readonly OcrWordMark[] | undefined {
    return this.marks.get(uri);
  }

  forget(uri: string): void {
    this.marks.delete(uri);
  }

  /** A documents configuration (for TextDocuments) that moves the marks with each change it applies. */
  moving<T extends { uri: string }>(base: TextDocumentsConfiguration<T>): TextDocumentsConfiguration<T> {
    return {
      create: base.create,
      update: (document, changes, version) => {
        // Applied first: a change refused (validate.ts) moves nothing.
        const doc = base.update(document, changes, version);
        let marks = this.marks.get(document.uri);
        if (marks) {
          for (const change of changes) marks = moveMarks(marks, change);
          if (marks.length) this.marks.set(document.uri, marks);
          else this.marks.delete(document.uri);
        }
        return doc;
      },
    };
  }
}
