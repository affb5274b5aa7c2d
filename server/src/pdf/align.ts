// The map of an imported transcript carried over to another text of the same record: the text
// after edits, or one extracted by another tool (pdftotext, copy and paste). Words are matched,
// not offsets: each text is cut into its runs of letters and digits (`Secretary-General` is
// `secretary` `general`, whether or not the hyphen ended a line; a word of punctuation only, such
// as a dash, is its own run), the two sequences are aligned
// (a diff), and each word of the text gets the boxes of the source words its runs matched.
import { diffArrays } from "diff";
import { TextSource } from "./source";
import type { SourceWord } from "./transcript";
import type { PageBox } from "./types";

const UNIT = /[\p{L}\p{N}]+/gu;

interface Unit {
  key: string;
  /** The word it belongs to (an index into the words of its side). */
  word: number;
}

function unitsOf(words: readonly string[]): Unit[] {
  const out: Unit[] = [];
  words.forEach((w, k) => {
    const at = out.length;
    for (const m of w.normalize("NFC").matchAll(UNIT)) out.push({ key: m[0].toLowerCase(), word: k });
    // A word of punctuation only (a dash, a leader dot) is its own unit.
    if (out.length === at) out.push({ key: w.normalize("NFC"), word: k });
  });
  return out;
}

/** The words of a text, as `SourceWord`s without boxes: runs of non-space characters, line by line. */
function wordsOfText(text: string): SourceWord[] {
  const words: SourceWord[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, n) => {
    for (const m of line.matchAll(/\S+/g)) {
      const start = m.index ?? 0;
      words.push({ line: n, start, end: start + m[0].length, boxes: [] });
    }
  });
  return words;
}

export interface Alignment {
  /** The text's words with the boxes of the words they matched (none for a word the source lacks). */
  source: TextSource;
  /** How many of the text's words have boxes, of how many. */
  matched: number;
  words: number;
}

/**
 * Carries a source map over to another text of the same record. Gives up (no word matched) when
 * the two texts differ so much that aligning them would take more than `timeoutMs`.
 */
export function alignText(text: string, from: TextSource, timeoutMs = 3000): Alignment {
  const lines = text.split(/\r\n|\r|\n/);
  const words = wordsOfText(text);
  const theirs = unitsOf(from.words.map((w) => from.wordText(w)));
  const ours = unitsOf(words.map((w) => lines[w.line].slice(w.start, w.end)));
  const changes = diffArrays(
    theirs.map((u) => u.key),
    ours.map((u) => u.key),
    { timeout: timeoutMs },
  );
  const boxes = words.map(() => new Map<string, PageBox>());
  if (changes) {
    let a = 0;
    let b = 0;
    for (const c of changes) {
      const n = c.count ?? c.value.length;
      if (c.removed) a += n;
      else if (c.added) b += n;
      else
        for (let k = 0; k < n; k++, a++, b++) {
          for (const box of from.words[theirs[a].word].boxes)
            boxes[ours[b].word].set(`${box.page}:${box.x}:${box.y}`, box);
        }
    }
  }
  let matched = 0;
  words.forEach((w, k) => {
    w.boxes = [...boxes[k].values()];
    if (w.boxes.length) matched++;
  });
  return { source: new TextSource(from.pages, words, text), matched, words: words.length };
}
