// The map from an imported transcript's words to where the PDF prints them, for a view of the PDF
// beside the text: the page of a line and the boxes of its words, and the word under a point of a
// page. Boxes are in PDF points from the page's top-left corner, y downwards (multiply by the
// rendering scale to place them on a page drawn by pdf.js at that scale).

import type { PageBox, PageSize } from "../../../shared/constants";
import type { SourceWord } from "./transcript";

export type { PageSize } from "../../../shared/constants";

export class TextSource {
  /** The words by page, for `wordAt`. */
  private byPage: Map<number, number[]> | undefined;

  constructor(
    readonly pages: readonly PageSize[],
    /** Every word of the transcript with its boxes, in text order (line, then offset). */
    readonly words: readonly SourceWord[],
    /** The text the words are in (to carry the map over to another text: align.ts). */
    readonly text: string,
  ) {}

  /** A word as it is written in the text. */
  wordText(w: SourceWord): string {
    this.lines ??= this.text.split(/\r\n|\r|\n/);
    return this.lines[w.line]?.slice(w.start, w.end) ?? "";
  }
  private lines: string[] | undefined;

  /** The words on a transcript line, in order (none for a blank line or a line past the end). */
  wordsOnLine(line: number): SourceWord[] {
    let lo = 0;
    let hi = this.words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.words[mid].line < line) lo = mid + 1;
      else hi = mid;
    }
    const out: SourceWord[] = [];
    for (let k = lo; k < this.words.length && this.words[k].line === line; k++) out.push(this.words[k]);
    return out;
  }

  /** The page a transcript line starts on (its first word with a box), or undefined for a line with none. */
  pageOfLine(line: number): number | undefined {
    return this.wordsOnLine(line).find((w) => w.boxes.length)?.boxes[0].page;
  }

  /** The boxes of a line's words on one page (a paragraph may run over two pages). */
  boxesOfLine(line: number, page?: number): PageBox[] {
    const on = page ?? this.pageOfLine(line);
    return this.wordsOnLine(line).flatMap((w) => w.boxes.filter((b) => b.page === on));
  }

  /** The word printed at a point of a page, or the nearest on its text line within three points (between two words). */
  wordAt(page: number, x: number, y: number): SourceWord | undefined {
    const k = this.wordIndexAt(page, x, y);
    return k < 0 ? undefined : this.words[k];
  }

  /** `wordAt`'s word as an index into `words`, or -1. */
  wordIndexAt(page: number, x: number, y: number): number {
    if (!this.byPage) {
      this.byPage = new Map();
      this.words.forEach((w, k) => {
        for (const b of w.boxes) {
          const list = this.byPage?.get(b.page) ?? [];
          if (list[list.length - 1] !== k) list.push(k);
          this.byPage?.set(b.page, list);
        }
      });
    }
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const k of this.byPage.get(page) ?? []) {
      for (const b of this.words[k].boxes) {
        if (b.page !== page) continue;
        const dx = x < b.x ? b.x - x : x > b.x + b.width ? x - b.x - b.width : 0;
        const dy = y < b.y ? b.y - y : y > b.y + b.height ? y - b.y - b.height : 0;
        // On the same text line, the nearest word; a point between lines goes to neither.
        if (dy > 2) continue;
        const d = dx + dy * 10;
        if (d < bestDistance) {
          best = k;
          bestDistance = d;
        }
      }
    }
    return bestDistance <= 3 ? best : -1;
  }

  /** Plain data (a webview's message): the pages and the words with their boxes. */
  toJSON(): { pages: readonly PageSize[]; words: readonly SourceWord[] } {
    return { pages: this.pages, words: this.words };
  }
}
