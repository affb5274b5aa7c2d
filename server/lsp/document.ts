// The server's open documents: vscode-languageserver-textdocument's TextDocument, except that a
// change does not copy the text. TextDocument builds each version's text at once, a copy of the
// whole (a 10 MB record: 20 MB, tens of milliseconds to a tenth of a second on the thread that
// reads messages, at every keystroke). Here a change is kept as an edit and the line starts are
// updated around it; the text is built only when asked for (when an analyst needs it whole), or
// once many edits have piled up. Lines, positions and offsets are TextDocument's: lines end at
// LF, CRLF or CR, and an offset is never placed inside a line break. Once the server is idle, the
// text is held compactly (compactText.ts: one byte a character where the text allows), the whole
// string built again only when asked for.

import type { TextDocumentContentChangeEvent } from "vscode-languageserver/node";
import type { Position, Range, TextDocument } from "vscode-languageserver-textdocument";
import { CompactText, utf16Of } from "./compactText";
import { applyEdits, type Edit } from "./stale";

const LF = 10;
const CR = 13;
const isEol = (c: number) => c === LF || c === CR;

/** Edits kept before the text is built again: each character read walks through them. */
const MAX_PENDING = 256;

/** The line starts of `text`, shifted by `offset`, after its first (that one is the caller's). */
function lineBreaks(text: { length: number; charCodeAt(i: number): number }, offset: number, out: number[]): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isEol(c)) continue;
    if (c === CR && i + 1 < text.length && text.charCodeAt(i + 1) === LF) i++;
    out.push(offset + i + 1);
  }
}

export class LazyTextDocument implements TextDocument {
  /** The text is `base` with `pending` applied, in order. */
  private base: string | CompactText;
  /** `base` is a string that was found too wide to compact: not tried again until it changes. */
  private wide = false;
  private pending: Edit[] = [];
  /**
   * The line starts, counted when first asked for (`starts`): not while a record just opened waits
   * for its analysis, which needs only the text. Counted in the constructor, they held the analyst
   * back by the main thread's 17 ms for a 1 MB record, 83 for 10 MB (the shared 2-core machine,
   * load 11). The requests that come with didOpen (the outline) name no position.
   */
  private lineStarts: number[] | undefined;
  private length: number;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    text: string,
  ) {
    this.base = text;
    this.length = text.length;
  }

  private get starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      // Counted before any edit is kept (`apply` reads them first), from the text as it is.
      lineBreaks(this.pending.length ? this.whole() : this.base, 0, starts);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  private set starts(starts: number[]) {
    this.lineStarts = starts;
  }

  /** The text's length (UTF-16 code units), without counting its lines. */
  get textLength(): number {
    return this.length;
  }

  /** For TextDocuments: how documents are made and changed. */
  static readonly configuration = {
    create: (uri: string, languageId: string, version: number, content: string) =>
      new LazyTextDocument(uri, languageId, version, content),
    update: (document: LazyTextDocument, changes: TextDocumentContentChangeEvent[], version: number) => {
      for (const change of changes) document.apply(change);
      document.version = version;
      return document;
    },
  };

  get lineCount(): number {
    return this.starts.length;
  }

  getText(range?: Range): string {
    if (!range) return this.whole();
    const start = this.offsetAt(range.start);
    const end = this.offsetAt(range.end);
    if (!this.pending.length) return this.base.slice(start, end);
    return this.whole().slice(start, end);
  }

  /**
   * The whole text as UTF-16 code units (little-endian) in a buffer of its own, to hand to an
   * analyst: from the compact form without a string of the whole text when there is one.
   */
  utf16(): Buffer {
    if (!this.pending.length && this.base instanceof CompactText) return this.base.utf16();
    return utf16Of(this.whole());
  }

  /**
   * The text held compactly from now on (the server is idle: compactText.ts), the pending edits
   * left as they are. Nothing changes in what the document reads.
   */
  compact(): void {
    if (typeof this.base !== "string" || this.wide) return;
    const compact = CompactText.from(this.base);
    if (compact) this.base = compact;
    else this.wide = true;
  }

  /** The whole current text; kept as a string (until the next `compact`). */
  private whole(): string {
    if (this.base instanceof CompactText) this.base = this.base.slice(0, this.base.length);
    if (this.pending.length) {
      this.base = applyEdits(this.base, this.pending);
      this.pending = [];
      this.wide = false;
    }
    return this.base;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.length));
    const line = this.lineAt(o);
    return { line, character: this.beforeEol(o, this.starts[line]) - this.starts[line] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.length;
    if (position.line < 0) return 0;
    const start = this.starts[position.line];
    if (position.character <= 0) return start;
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.length;
    return this.beforeEol(Math.min(start + position.character, next), start);
  }

  getLineRange(line: number): Range {
    if (line >= this.starts.length) {
      const last = this.starts.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.length - this.starts[last] } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const start = this.starts[line];
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.length;
    return { start: { line, character: 0 }, end: { line, character: this.beforeEol(next, start) - start } };
  }

  getEOLCharacters(line: number): string {
    if (line < 0 || line >= this.starts.length) return "";
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.length;
    return this.slice(this.beforeEol(next, this.starts[line]), next);
  }

  private lineAt(offset: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private beforeEol(offset: number, lineStart: number): number {
    let o = offset;
    while (o > lineStart && isEol(this.charAt(o - 1))) o--;
    return o;
  }

  /** The character code at an offset of the current text, read through the pending edits. */
  private charAt(offset: number): number {
    let o = offset;
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const e = this.pending[i];
      if (o < e.start) continue;
      if (o < e.start + e.text.length) return e.text.charCodeAt(o - e.start);
      o = o - e.text.length + (e.end - e.start);
    }
    return this.base.charCodeAt(o);
  }

  /** A piece of the current text: read through the edits if short, else from the text built. */
  private slice(start: number, end: number): string {
    if (end - start > 4096) return this.whole().slice(start, end);
    let out = "";
    for (let o = start; o < end; o++) out += String.fromCharCode(this.charAt(o));
    return out;
  }

  private apply(change: TextDocumentContentChangeEvent): void {
    if (!("range" in change)) {
      this.base = change.text;
      this.wide = false;
      this.pending = [];
      this.length = change.text.length;
      this.lineStarts = undefined;
      return;
    }
    const a = this.offsetAt(change.range.start);
    const b = this.offsetAt(change.range.end);
    const start = Math.min(a, b);
    const end = Math.max(a, b);
    const delta = change.text.length - (end - start);
    // The lines read again: from the line before the change's (a CR ending it may meet an LF the
    // change brings) to the start of the second line after the change's end (the line breaks
    // around the change's end may join or part); outside them, line starts stay or shift.
    const first = Math.max(0, this.lineAt(start) - 1);
    const lastLine = this.lineAt(end);
    const after = lastLine + 2 < this.starts.length ? lastLine + 2 : this.starts.length;
    const from = this.starts[first];
    const to = after < this.starts.length ? this.starts[after] : this.length;
    // The text from `from` to `to` as it will be. The line start at `to` stays: the line break
    // before it is after the change's end, untouched.
    const region = this.slice(from, start) + change.text + this.slice(end, to);
    this.pending.push({ start, end, text: change.text });
    this.length += delta;
    const inside: number[] = [];
    lineBreaks(region, from, inside);
    if (after < this.starts.length) inside.pop();
    // In place: a typed character moves the line starts after it, and that is all.
    const starts = this.starts;
    if (inside.length < 1000) starts.splice(first + 1, after - first - 1, ...inside);
    else this.starts = starts.slice(0, first + 1).concat(inside, starts.slice(after));
    for (let i = first + 1 + inside.length; i < this.starts.length; i++) this.starts[i] += delta;
    if (this.pending.length > MAX_PENDING) this.whole();
  }
}
