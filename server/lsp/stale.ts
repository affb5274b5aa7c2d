// The changes each open document went through, as offsets. The server records every change as it
// applies it (where it started and ended, its new text). The analysts are sent these edits rather
// than the whole text (copying a 10 MB text to a thread costs the main thread a tenth of a second),
// and answers from an older version's model are carried over to the current text through them: a
// position in the current text is taken back to the model's text, and the ranges of the answer are
// brought forward. Whatever touches changed text is dropped rather than guessed.

import type { Position, Range, TextDocumentsConfiguration } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Edit } from "../../shared/threads";
import { changeProblem, openProblem } from "./validate";

/** One change, in offsets of the text it was applied to: [start, end) became `text`. */
export type { Edit };

/**
 * A text with edits applied, each against the text the previous ones left. The text is kept as
 * pieces (slices of the text and the edits' new texts) and joined once at the end: a string built
 * edit by edit would be copied whole at every edit.
 */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  if (edits.length === 0) return text;
  let pieces = [text];
  let length = text.length;
  /** The pieces covering [from, to) of the current text. */
  const take = (from: number, to: number): string[] => {
    const out: string[] = [];
    let pos = 0;
    for (const p of pieces) {
      const end = pos + p.length;
      if (end > from && pos < to) out.push(p.slice(Math.max(0, from - pos), Math.min(p.length, to - pos)));
      pos = end;
      if (pos >= to) break;
    }
    return out;
  };
  for (const e of edits) {
    pieces = [...take(0, e.start), e.text, ...take(e.end, length)].filter((p) => p.length > 0);
    length += e.text.length - (e.end - e.start);
  }
  return pieces.join("");
}

/**
 * How much of a text of `length` characters `edits` (as `applyEdits` takes them) leave as it was:
 * its first `prefix` and last `suffix` characters, at least (the parse's memo compares the two
 * texts only between them, `EditedFrom`).
 */
export function keptAround(length: number, edits: readonly Edit[]): { prefix: number; suffix: number } {
  let prefix = length;
  let suffix = length;
  let now = length;
  for (const e of edits) {
    prefix = Math.min(prefix, e.start);
    suffix = Math.min(suffix, now - e.end);
    now += e.text.length - (e.end - e.start);
  }
  return { prefix, suffix };
}

/** The changes that made each version of each open document from the one before. */
export class ChangeLog {
  private readonly log = new Map<string, { version: number; edits: Edit[] }[]>();

  /** A documents configuration (for TextDocuments) that records the changes it applies. */
  recording(base: TextDocumentsConfiguration<TextDocument>): TextDocumentsConfiguration<TextDocument> {
    return {
      // A document or a change of the wrong shape is refused whole, before anything changes: the
      // error thrown is logged by the connection (server/lsp/validate.ts).
      create: (uri, languageId, version, content) => {
        const problem = openProblem(uri, languageId, version, content);
        if (problem) throw new Error(`textDocument/didOpen ignored: ${problem}`);
        this.log.set(uri, []);
        return base.create(uri, languageId, version, content);
      },
      update: (document, given, version) => {
        const problem = changeProblem(document.uri, given, version);
        if (problem) throw new Error(`textDocument/didChange ignored: ${problem}`);
        // A change with `range: undefined` is one of the whole text.
        const changes = given.map((c) => ("range" in c && c.range ? c : { text: c.text }));
        const edits: Edit[] = [];
        let doc = document;
        // One change at a time: each is stated against the text the previous ones left.
        for (const change of changes) {
          const a = "range" in change ? doc.offsetAt(change.range.start) : Number.NaN;
          const b = "range" in change ? doc.offsetAt(change.range.end) : Number.NaN;
          if (Number.isInteger(a) && Number.isInteger(b)) {
            edits.push({ start: Math.min(a, b), end: Math.max(a, b), text: change.text });
          } else {
            // The whole text, or positions that are not numbers: as if everything changed.
            edits.push({ start: 0, end: doc.offsetAt({ line: doc.lineCount, character: 0 }), text: change.text });
          }
          doc = base.update(doc, [change], version);
        }
        this.log.get(document.uri)?.push({ version, edits });
        return doc;
      },
    };
  }

  forget(uri: string): void {
    this.log.delete(uri);
    this.pins.delete(uri);
    this.pruned.delete(uri);
  }

  /** Versions whose changes since must be kept for another reader (the PDF linker), by URI. */
  private readonly pins = new Map<string, number>();
  /** The version up to which each document's changes were let go. */
  private readonly pruned = new Map<string, number>();

  /** Keeps the changes after `version` of a document (until `unpin`), whatever `prune` is asked. */
  pin(uri: string, version: number): void {
    this.pins.set(uri, version);
  }

  unpin(uri: string): void {
    this.pins.delete(uri);
  }

  /** Keeps only the changes after `version` (and a pinned one): no older model will be asked about any more. */
  prune(uri: string, version: number): void {
    const entries = this.log.get(uri);
    if (!entries) return;
    const pin = this.pins.get(uri);
    const upTo = pin === undefined ? version : Math.min(version, pin);
    const keep = entries.findIndex((e) => e.version > upTo);
    const gone = keep < 0 ? entries.length : keep;
    if (gone)
      this.pruned.set(uri, Math.max(this.pruned.get(uri) ?? Number.NEGATIVE_INFINITY, entries[gone - 1].version));
    entries.splice(0, gone);
  }

  /** The edits from version `from` to `to` when all are still kept, else undefined. */
  editsSince(uri: string, from: number, to: number): Edit[] | undefined {
    if ((this.pruned.get(uri) ?? Number.NEGATIVE_INFINITY) > from) return undefined;
    return this.edits(uri, from, to);
  }

  /** The edits from version `from` to `to`, in order; undefined when the document is not known. */
  edits(uri: string, from: number, to: number): Edit[] | undefined {
    const entries = this.log.get(uri)?.filter((e) => e.version > from && e.version <= to);
    if (!entries) return undefined;
    return entries.flatMap((e) => e.edits);
  }

  /** An offset of version `to` in version `from`; undefined inside text changed in between. */
  olderOffset(uri: string, from: number, to: number, offset: number): number | undefined {
    const edits = this.edits(uri, from, to);
    if (!edits) return undefined;
    let o: number | undefined = offset;
    for (let i = edits.length - 1; i >= 0 && o !== undefined; i--) {
      const e = edits[i];
      if (o >= e.start + e.text.length) o = o - e.text.length + (e.end - e.start);
      else if (o >= e.start) o = undefined;
    }
    return o;
  }

  /**
   * A range of version `from` in version `to`; undefined when it touches text changed in between
   * (a word that ends where a change starts may have grown).
   */
  newerSpan(uri: string, from: number, to: number, start: number, end: number): [number, number] | undefined {
    const edits = this.edits(uri, from, to);
    if (!edits) return undefined;
    let span: [number, number] | undefined = [start, end];
    for (const e of edits) {
      if (!span) break;
      const shift = e.text.length - (e.end - e.start);
      if (span[0] > e.end) span = [span[0] + shift, span[1] + shift];
      else if (span[1] >= e.start) span = undefined;
    }
    return span;
  }
}

/** A range carried as offsets between the analyst and the server (see `rangesToOffsets`). */
export interface OffsetRange {
  startOffset: number;
  endOffset: number;
}

const isRange = (v: unknown): v is Range =>
  typeof v === "object" && v !== null && typeof (v as Range).start?.line === "number";
const isOffsetRange = (v: unknown): v is OffsetRange =>
  typeof v === "object" && v !== null && typeof (v as OffsetRange).startOffset === "number";

/**
 * An answer with every `range` turned into offsets of the text it was computed on (the analyst,
 * which has that text's line index, does this).
 */
export function rangesToOffsets(value: unknown, offsetAt: (p: Position) => number): unknown {
  if (Array.isArray(value)) return value.map((v) => rangesToOffsets(v, offsetAt));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] =
      key === "range" && isRange(v)
        ? { startOffset: offsetAt(v.start), endOffset: offsetAt(v.end) }
        : rangesToOffsets(v, offsetAt);
  }
  return out;
}

const DROP = Symbol("drop");

/**
 * The answer back with ranges of the newer text: `toRange` maps offsets, or gives undefined, and
 * then the item of a list that holds the range is left out (a highlight, a location), or the whole
 * answer when it is not in a list (a hover): `empty` is returned.
 */
export function offsetsToRanges<T>(value: unknown, toRange: (r: OffsetRange) => Range | undefined, empty: T): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk).filter((x) => x !== DROP);
    if (typeof v !== "object" || v === null) return v;
    const out: Record<string, unknown> = {};
    for (const [key, x] of Object.entries(v)) {
      if (key === "range" && isOffsetRange(x)) {
        const r = toRange(x);
        if (!r) return DROP;
        out[key] = r;
      } else {
        const y = walk(x);
        if (y === DROP) return DROP;
        out[key] = y;
      }
    }
    return out;
  };
  const result = walk(value);
  return result === DROP ? empty : (result as T);
}
