import { isUtf8 } from "node:buffer";
import { LineIndex, type TextEdit } from "../src/index";

/** The encodings the CLI reads and writes back: UTF-8 (with or without a BOM) and UTF-16 with a BOM. */
export type Encoding = "utf-8" | "utf-8 with BOM" | "utf-16le" | "utf-16be";

const BOMS: Record<Encoding, Buffer> = {
  "utf-8": Buffer.alloc(0),
  "utf-8 with BOM": Buffer.from([0xef, 0xbb, 0xbf]),
  "utf-16le": Buffer.from([0xff, 0xfe]),
  "utf-16be": Buffer.from([0xfe, 0xff]),
};

/**
 * A stretch of a file's text. `raw` is set on a line that is not valid UTF-8: the line's bytes
 * as they were (its text holds U+FFFD where the service saw them), written back unchanged.
 */
interface Piece {
  text: string;
  raw?: Buffer;
  /** The line of the file (zero-based) that a `raw` piece is. */
  line?: number;
}

/** Why a file is not read as text; the message is the caller's to phrase. */
export class NotText extends Error {}

/**
 * A file's text as the language service sees it, with what it takes to write it back as it was
 * encoded: the encoding, and the bytes of every line that is not valid UTF-8. Edits change
 * stretches of plain text only; an edit touching a line kept as bytes is refused, so that no byte
 * the user did not ask to change is replaced by a U+FFFD.
 */
export class SourceText {
  readonly text: string;

  private constructor(
    readonly encoding: Encoding,
    private readonly pieces: readonly Piece[],
  ) {
    this.text = pieces.map((p) => p.text).join("");
  }

  /** Decodes a file's bytes; throws `NotText` for binary data. */
  static decode(bytes: Buffer): SourceText {
    const encoding = encodingOf(bytes);
    const body = bytes.subarray(BOMS[encoding].length);
    if (encoding === "utf-16le" || encoding === "utf-16be") {
      if (body.length % 2) throw new NotText("UTF-16 with an odd number of bytes");
      // Code unit for code unit: lone surrogates too are read and written back as they were.
      const le = encoding === "utf-16le" ? body : Buffer.from(body).swap16();
      return new SourceText(encoding, [{ text: le.toString("utf16le") }]);
    }
    if (body.subarray(0, 65536).includes(0)) throw new NotText("binary file (NUL bytes)");
    if (isUtf8(body)) return new SourceText(encoding, [{ text: body.toString("utf8") }]);
    return new SourceText(encoding, utf8Lines(body));
  }

  /** Lines (zero-based) kept as bytes because they are not valid UTF-8. */
  get invalidLines(): number[] {
    return this.pieces.flatMap((p) => (p.raw && p.line !== undefined ? [p.line] : []));
  }

  /**
   * The line kept as bytes that an edit changes, or undefined. An edit changes a line when its
   * range reaches into the line's content or to its end (a join with the next line), or ends at
   * its start without leaving a line break before it (a join with the line before); removing or
   * inserting whole lines before it leaves it alone.
   */
  invalidLineTouched(edit: TextEdit): number | undefined {
    if (!this.pieces.some((p) => p.raw)) return undefined;
    this.index ??= new LineIndex(this.text);
    const start = this.index.offsetAt(edit.range.start);
    const end = this.index.offsetAt(edit.range.end);
    const breakKept =
      /[\r\n]$/.test(edit.newText) || (edit.newText === "" && (start === 0 || /[\r\n]/.test(this.text[start - 1])));
    let at = 0;
    for (const p of this.pieces) {
      const next = at + p.text.length;
      if (p.raw && start <= next && end >= at && !(end === at && breakKept)) return p.line;
      at = next;
    }
    return undefined;
  }

  private index: LineIndex | undefined;

  /** The text with the edits applied (all stated against this text, none touching a raw line). */
  apply(edits: readonly TextEdit[]): SourceText {
    const index = new LineIndex(this.text);
    const spans = edits
      .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText }))
      .sort((a, b) => a.start - b.start || a.end - b.end);
    const out = new Pieces();
    let at = 0;
    for (const s of spans) {
      if (s.start < at) throw new Error("overlapping edits");
      this.copy(at, s.start, out);
      out.add({ text: s.text });
      at = s.end;
    }
    this.copy(at, this.text.length, out);
    return new SourceText(this.encoding, out.list);
  }

  /** The bytes to write: the BOM read, plain text encoded, raw lines as they were. */
  encode(): Buffer {
    if (this.encoding === "utf-16le" || this.encoding === "utf-16be") {
      const le = Buffer.from(this.text, "utf16le");
      return Buffer.concat([BOMS[this.encoding], this.encoding === "utf-16be" ? le.swap16() : le]);
    }
    return Buffer.concat([BOMS[this.encoding], ...this.pieces.map((p) => p.raw ?? Buffer.from(p.text, "utf8"))]);
  }

  /** Copies the text from `from` to `to` into `out`, raw pieces whole. */
  private copy(from: number, to: number, out: Pieces): void {
    let at = 0;
    for (const p of this.pieces) {
      const next = at + p.text.length;
      if (next > from && at < to) {
        if (p.raw) {
          if (at < from || next > to) throw new Error("an edit cuts a line kept as bytes");
          out.add(p);
        } else out.add({ text: p.text.slice(Math.max(0, from - at), to - at) });
      }
      at = next;
    }
  }
}

/** Builds a piece list, joining neighbouring plain text. */
class Pieces {
  readonly list: Piece[] = [];
  add(p: Piece): void {
    const last = this.list[this.list.length - 1];
    if (!p.raw && last && !last.raw) last.text += p.text;
    else if (p.raw || p.text) this.list.push(p.raw ? p : { text: p.text });
  }
}

function encodingOf(bytes: Buffer): Encoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8 with BOM";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    // FF FE 00 00 opens UTF-32LE, which no editor of these records writes.
    if (bytes[2] === 0 && bytes[3] === 0) throw new NotText("UTF-32 text is not read");
    return "utf-16le";
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return "utf-8";
}

/**
 * UTF-8 bytes with invalid sequences, line by line (line ends as LineIndex reads them: LF, CRLF,
 * a lone CR; ASCII bytes, which end any invalid sequence, so that decoding line by line reads what
 * decoding the whole would). A valid line is plain text; an invalid one keeps its bytes.
 */
function utf8Lines(body: Buffer): Piece[] {
  const out = new Pieces();
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  let start = 0;
  let line = 0;
  while (start <= body.length) {
    let end = start;
    while (end < body.length && body[end] !== 0x0a && body[end] !== 0x0d) end++;
    const content = body.subarray(start, end);
    if (isUtf8(content)) out.add({ text: content.toString("utf8") });
    else out.add({ text: decoder.decode(content), raw: content, line });
    if (end >= body.length) break;
    const eol = body[end] === 0x0d && body[end + 1] === 0x0a ? 2 : 1;
    out.add({ text: body.subarray(end, end + eol).toString("latin1") });
    start = end + eol;
    line++;
  }
  return out.list;
}
