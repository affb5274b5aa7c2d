// The words an OCR was unsure of in each open transcript (its `NAME.ocr.tsv`, sent by the client:
// MESSAGES.ocrWords), kept beside the document and moved with its edits. Each change moves the
// marks after it (lines added or removed above, characters before on the same line) and drops the
// marks it touches: a word edited is no longer what the OCR doubted (typing a letter at either end
// of a word makes another word; a space or a line break typed next to it does not). The analysts
// get the marks of the version they analyse as the parser's `ocrWords` option, which checks each
// against the text again (model/ocrWords.ts): a mark that no longer names its word is left out.

import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from "vscode-languageserver/node";
import { OCR_WORDS_MAX_BYTES } from "../../shared/constants";
import { moveMarks as moveInText } from "../../shared/ocrSidecar";
import { type OcrWordMark, parseOcrSidecar, sameOcrWords } from "../src/index";

/** The marks after one change (no range: the whole text replaced, the marks kept for the parser to check). */
export function moveMarks(marks: OcrWordMark[], change: TextDocumentContentChangeEvent): OcrWordMark[] {
  if (!("range" in change) || !change.range) return marks;
  return moveInText(marks, { ...change.range, text: change.text });
}

/** At most this many marks a document (a hostile sidecar is not read past them). */
export const OCR_MARKS_MAX = 500_000;

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
