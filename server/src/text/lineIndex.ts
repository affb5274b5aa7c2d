import type { Position, Range, Span } from "../types";

/**
 * The one line index every feature uses. Lines end by the Language Server Protocol's rules
 * alone: LF, CRLF or a lone CR. A form feed, U+2028 or U+2029 is not a line end.
 * Offsets and characters count UTF-16 code units, as LSP positions do.
 */
export class LineIndex {
  /**
   * Offset of the first character of each line. Typed arrays: their contents live outside the JS
   * heap, so the collector neither scans nor copies them, and an edit's version copies them with
   * a memcpy (bench/HISTORY.md, *Per-line tables outside the heap*).
   */
  readonly starts: Int32Array;
  /** Offset just past each line's content, before its line terminator. */
  readonly ends: Int32Array;

  constructor(
    readonly text: string,
    lines?: { starts: Int32Array; ends: Int32Array },
  ) {
    if (lines) {
      this.starts = lines.starts;
      this.ends = lines.ends;
      return;
    }
    const starts = [0];
    const ends: number[] = [];
    scanLines(text, 0, starts, ends, false, () => false);
    this.starts = Int32Array.from(starts);
    this.ends = Int32Array.from(ends);
  }

  /**
   * The index of `text`, an edited version of `previous.text` that shares its first `prefix` and
   * last `suffix` characters with it: the lines before the edit are taken as they were, the text
   * is read from the start of the edit's first line until a line starts inside the shared
   * suffix where the previous version had one too, and the rest is the previous lines shifted.
   * Equal to `new LineIndex(text)` (test/unit/lineIndex.test.ts).
   */
  static edited(previous: LineIndex, text: string, prefix: number, suffix: number): LineIndex {
    const delta = text.length - previous.text.length;
    // The line holding the last shared character before the edit: its start and every line
    // break before it are decided by shared characters alone.
    const first = prefix > 0 ? previous.lineAt(prefix - 1) : 0;
    const old = previous.starts;
    const oldEnds = previous.ends;
    // The edit's lines, read again: their starts after `first`'s, and their ends from `first`'s.
    const starts: number[] = [old[first]];
    const ends: number[] = [];
    const shared = text.length - suffix;
    let resumed = -1;
    scanLines(text, old[first], starts, ends, true, (start) => {
      // A line starting inside the shared suffix, where the previous version had a line start
      // too: from here on both texts are the same characters read from the same state.
      if (start < shared) return false;
      const k = previous.lineAt(start - delta);
      if (old[k] !== start - delta) return false;
      resumed = k;
      return true;
    });
    // Read to the text's end: every line after `first` is new.
    const keptStarts = resumed < 0 ? 0 : old.length - (resumed + 1);
    const keptEnds = resumed < 0 ? 0 : oldEnds.length - resumed;
    const allStarts = new Int32Array(first + starts.length + keptStarts);
    const allEnds = new Int32Array(first + ends.length + keptEnds);
    // Before the edit: the previous lines as they were (a memcpy); the edit's lines; after it,
    // the previous lines copied and moved by the edit's length.
    allStarts.set(old.subarray(0, first));
    allEnds.set(oldEnds.subarray(0, first));
    for (let k = 0; k < starts.length; k++) allStarts[first + k] = starts[k];
    for (let k = 0; k < ends.length; k++) allEnds[first + k] = ends[k];
    if (resumed >= 0) {
      const s0 = first + starts.length;
      const e0 = first + ends.length;
      allStarts.set(old.subarray(resumed + 1), s0);
      allEnds.set(oldEnds.subarray(resumed), e0);
      if (delta !== 0) {
        for (let k = s0; k < allStarts.length; k++) allStarts[k] += delta;
        for (let k = e0; k < allEnds.length; k++) allEnds[k] += delta;
      }
    }
    return new LineIndex(text, { starts: allStarts, ends: allEnds });
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The text of a line without its terminator ("" outside the document). */
  line(i: number): string {
    if (i < 0 || i >= this.starts.length) return "";
    return this.text.slice(this.starts[i], this.ends[i]);
  }

  /** The line holding an offset (an offset inside a CRLF belongs to the line it ends). */
  lineAt(offset: number): number {
    const starts = this.starts;
    if (offset <= 0) return 0;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The text's length in UTF-16 units (a read index's lines know it without the text). */
  protected textLength(): number {
    return this.text.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.textLength()));
    const line = this.lineAt(o);
    return { line, character: Math.min(o, this.ends[line]) - this.starts[line] };
  }

  /** Clamps out-of-range positions into the document, as LSP asks servers to. */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.textLength();
    const start = this.starts[position.line];
    const end = this.ends[position.line];
    return Math.max(start, Math.min(start + Math.max(0, position.character), end));
  }

  range(start: number, end: number): Range {
    const from = this.positionAt(start);
    return { start: from, end: this.positionFrom(from.line, end) };
  }

  /**
   * `positionAt(offset)` for an offset on line `line` or after it: found by walking from that
   * line (a range's end is most often on its start's line or the next), the binary search only
   * past a few lines. The same position as `positionAt`.
   */
  private positionFrom(line: number, offset: number): Position {
    const { starts, ends } = this;
    const o = Math.max(0, Math.min(offset, this.textLength()));
    // Before the line (an end before its start), or not a number: searched as positionAt does.
    if (!(o >= starts[line])) return this.positionAt(offset);
    let l = line;
    const stop = Math.min(starts.length - 1, line + 4);
    while (l < stop && starts[l + 1] <= o) l++;
    if (l === stop && l < starts.length - 1 && starts[l + 1] <= o) l = this.lineAt(o);
    return { line: l, character: Math.min(o, ends[l]) - starts[l] };
  }

  /** The position of line `line`'s start (`positionAt(starts[line])`, without a search). */
  private lineStart(line: number): Position {
    return { line, character: 0 };
  }

  /** The position of line `line`'s end, before its terminator (`positionAt(ends[line])`, without a search). */
  private lineEnd(line: number): Position {
    return { line, character: this.ends[line] - this.starts[line] };
  }

  spanRange(span: Span): Range {
    return this.range(span.start, span.end);
  }

  /** Range of whole lines first..last, from the start of first to the end of last's content. */
  linesRange(first: number, last: number): Range {
    if (!this.isLine(first) || !this.isLine(last)) return this.range(this.starts[first], this.ends[last]);
    return { start: this.lineStart(first), end: this.lineEnd(last) };
  }

  /** Range of whole lines first..last including last's terminator: what deleting the lines removes. */
  fullLinesRange(first: number, last: number): Range {
    if (!this.isLine(first) || !this.isLine(last)) {
      const end = last + 1 < this.starts.length ? this.starts[last + 1] : this.ends[last];
      return this.range(this.starts[first], end);
    }
    // Lines' starts are distinct and ascending: line i's start and end lie on line i.
    const end = last + 1 < this.starts.length ? this.lineStart(last + 1) : this.lineEnd(last);
    return { start: this.lineStart(first), end };
  }

  private isLine(i: number): boolean {
    return Number.isInteger(i) && i >= 0 && i < this.starts.length;
  }

  isValidPosition(position: Position): boolean {
    return (
      Number.isInteger(position.line) &&
      Number.isInteger(position.character) &&
      position.line >= 0 &&
      position.line < this.starts.length &&
      position.character >= 0 &&
      position.character <= this.ends[position.line] - this.starts[position.line]
    );
  }
}

/**
 * Reads line breaks from `from` (a line start), pushing each line's end and the next line's
 * start, until the text ends (the last line's end pushed) or `stop(start)` says to stop at a
 * start it was given (that start is pushed, its line's end is not). `bounded`: the scan is
 * expected to stop after a few lines (an edit's), so a CR is looked for only up to the next LF —
 * a text without CRs is not searched to its end for one.
 */
function scanLines(
  text: string,
  from: number,
  starts: number[],
  ends: number[],
  bounded: boolean,
  stop: (start: number) => boolean,
): void {
  const n = text.length;
  // The next LF and the next CR, found by indexOf (a fresh process reads a record before its
  // code is compiled: a loop over every character cost ten times as much). Functions of the
  // module, not closures over `text`: optimised code of this function compiled on the stack kept
  // a closure's context, and with it an edited record's previous text, alive
  // (test/unit/versionMemory.test.ts failed one run in three to seven; a heap snapshot showed
  // the text held by that code's deoptimisation data).
  let lf = nextOf(text, "\n", from);
  let cr = bounded ? crBefore(text, from, lf) : nextOf(text, "\r", from);
  for (;;) {
    const at = lf < cr ? lf : cr;
    if (at >= n) break;
    ends.push(at);
    let start = at + 1;
    if (at === cr && start < n && text.charCodeAt(start) === 10 /* \n */) start++;
    starts.push(start);
    if (stop(start)) return;
    if (lf < start) lf = nextOf(text, "\n", start);
    if (bounded) {
      // n stood for "none before the LF": past that LF, the next line is searched.
      if (cr < start || cr === n) cr = crBefore(text, start, lf);
    } else if (cr < start) cr = nextOf(text, "\r", start);
  }
  ends.push(n);
}

/** The next `c` in `text` from `at`, or the text's length for none. */
function nextOf(text: string, c: string, at: number): number {
  const k = text.indexOf(c, at);
  return k < 0 ? text.length : k;
}

/** The first CR of `text` from `at` before `limit` (the next LF), or the text's length for none there. */
function crBefore(text: string, at: number, limit: number): number {
  const k = text.slice(at, limit).indexOf("\r");
  return k < 0 ? text.length : at + k;
}

/** Applies LSP content changes in order, as a client sends them with incremental sync. */
export function applyContentChanges(text: string, changes: readonly { range?: Range; text: string }[]): string {
  let current = text;
  for (const change of changes) {
    if (!change.range) {
      current = change.text;
      continue;
    }
    const index = new LineIndex(current);
    let start = index.offsetAt(change.range.start);
    let end = index.offsetAt(change.range.end);
    if (end < start) [start, end] = [end, start];
    current = current.slice(0, start) + change.text + current.slice(end);
  }
  return current;
}

/**
 * Applies LSP TextEdits, all stated against the original text (as in a WorkspaceEdit).
 * Overlapping edits are an error: the caller must not combine them.
 */
export function applyTextEdits(text: string, edits: readonly { range: Range; newText: string }[]): string {
  const index = new LineIndex(text);
  const spans = edits
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let out = "";
  let at = 0;
  for (const s of spans) {
    if (s.start < at) throw new Error("overlapping edits");
    out += text.slice(at, s.start) + s.newText;
    at = s.end;
  }
  return out + text.slice(at);
}
