// A text held in one byte a character where its characters allow. V8 keeps a string with any
// character beyond Latin-1 (a curly quote, a dash: every verbatim record has them) in two bytes a
// character, so the main thread's copy of a 10 MB record took 20 MiB of its heap, for the few
// moments an analyst needs the text whole (bench/RESULTS.md, "The editor's waits"). Here the low
// byte of each character is kept in a buffer and the characters beyond Latin-1 apart, by offset
// (sorted): 10 MiB for such a record, and every character, position and offset as before (UTF-16).

import { endianness } from "node:os";

/** The byte that stands for a character beyond Latin-1 (looked up by offset when read). */
const MARK = 0x1a;
/** Beyond this share of characters outside Latin-1, the string is as small as its compact form. */
const MAX_WIDE_SHARE = 1 / 8;
const WIDE = /[\u0100-\uffff]/g;

/**
 * V8 keeps the subject of a thread's last successful match (for RegExp.lastMatch): after a scan of
 * a whole text, the text, were it not replaced by a match on a string of one character.
 */
function forgetSubject(): void {
  WIDE.lastIndex = 0;
  WIDE.exec("\u0100");
  WIDE.lastIndex = 0;
}

/** `text` as UTF-16 code units, little-endian, in a buffer of its own (to transfer). */
export function utf16Of(text: string): Buffer {
  const out = Buffer.allocUnsafeSlow(text.length * 2);
  out.write(text, "utf16le");
  return out;
}

export class CompactText {
  private constructor(
    readonly length: number,
    private readonly bytes: Buffer,
    /** The offsets of the characters beyond Latin-1, ascending, and their codes. */
    private readonly wideAt: Int32Array,
    private readonly wideCode: Uint16Array,
  ) {}

  /** The text's compact form; undefined when too many of its characters are beyond Latin-1. */
  static from(text: string): CompactText | undefined {
    const at: number[] = [];
    const limit = Math.floor(text.length * MAX_WIDE_SHARE);
    WIDE.lastIndex = 0;
    for (let m = WIDE.exec(text); m; m = WIDE.exec(text)) {
      if (at.length >= limit) {
        forgetSubject();
        return undefined;
      }
      at.push(m.index);
    }
    forgetSubject();
    // "latin1" writes each character's low byte; the wide ones are marked over.
    const bytes = Buffer.from(text, "latin1");
    const code = new Uint16Array(at.length);
    for (let i = 0; i < at.length; i++) {
      code[i] = text.charCodeAt(at[i]);
      bytes[at[i]] = MARK;
    }
    return new CompactText(text.length, bytes, Int32Array.from(at), code);
  }

  /** The number of characters beyond Latin-1 (for tests and figures). */
  get wide(): number {
    return this.wideAt.length;
  }

  charCodeAt(offset: number): number {
    const b = this.bytes[offset];
    if (b === undefined) return Number.NaN;
    if (b !== MARK) return b;
    const i = this.firstWideFrom(offset);
    return this.wideAt[i] === offset ? this.wideCode[i] : MARK;
  }

  /** The characters from `start` to `end` (clamped to the text), as a string. */
  slice(start: number, end: number): string {
    const from = Math.max(0, Math.min(start, this.length));
    const to = Math.max(from, Math.min(end, this.length));
    let out = "";
    let pos = from;
    for (let i = this.firstWideFrom(from); i < this.wideAt.length && this.wideAt[i] < to; i++) {
      out += this.bytes.toString("latin1", pos, this.wideAt[i]) + String.fromCharCode(this.wideCode[i]);
      pos = this.wideAt[i] + 1;
    }
    return out + this.bytes.toString("latin1", pos, to);
  }

  /** The whole text as UTF-16 code units, little-endian, in a buffer of its own (to transfer). */
  utf16(): Buffer {
    if (endianness() !== "LE") return utf16Of(this.slice(0, this.length));
    const out = Buffer.allocUnsafeSlow(this.length * 2);
    const units = new Uint16Array(out.buffer, out.byteOffset, this.length);
    units.set(this.bytes);
    for (let i = 0; i < this.wideAt.length; i++) units[this.wideAt[i]] = this.wideCode[i];
    return out;
  }

  /** The index of the first character beyond Latin-1 at or after `offset`. */
  private firstWideFrom(offset: number): number {
    let lo = 0;
    let hi = this.wideAt.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.wideAt[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
