// A read index: what the reads answered while a record is being analysed (hover, highlights,
// definition, references, workspace symbols) need of a version's model, and nothing else — no
// text, no paragraphs, no line kinds, no memo, no rules' tables. The thread that analyses makes it
// from its model once the version is analysed; the other thread, which only reads, keeps it in
// place of a model of its own (server/lsp/analysts.ts), so that one full model, memo and
// analysis of a record exist in the server, not two (issue 28's memory, bench/RESULTS.md).
//
// The line starts and ends are typed arrays and the elements one UTF-8 JSON buffer: all of it
// handed from thread to thread without a copy (the buffers are transferred). Read back, it is a
// `TranscriptModel` whose features answer as the full model's do (test/unit/readIndex.test.ts
// compares every read on real records); reading its text throws, so a feature that would need
// the text fails loudly rather than answering differently.

import type { LanguageProfile } from "./model/profile";
import type { Speech, TranscriptModel } from "./model/types";
import { LineIndex } from "./text/lineIndex";

/** A version's read index, as it crosses threads: plain data and transferable buffers. */
export interface ReadIndex {
  uri: string;
  version: number;
  /** The index of the model's language profile among the service's (both threads load the same data). */
  profile: number;
  /** The text's length (UTF-16 code units). */
  length: number;
  starts: Int32Array;
  ends: Int32Array;
  /** The model's elements the reads need, as UTF-8 JSON (`IndexedParts`). */
  parts: Uint8Array;
}

/** What of the model the index keeps beside the line index. */
type IndexedParts = Pick<
  TranscriptModel,
  "language" | "raw" | "unreadable" | "cover" | "furniture" | "pages" | "speeches" | "votes" | "bodyStart"
> & { tokens: Pick<TranscriptModel["tokens"], "documentRefs" | "acronyms" | "acronymDefinitions" | "dates"> };

/** The buffers of an index, for a `postMessage`'s transfer list. */
export function indexBuffers(index: ReadIndex): ArrayBuffer[] {
  return [index.starts.buffer, index.ends.buffer, index.parts.buffer] as ArrayBuffer[];
}

/** The read index of a model (`profiles`: the service's, to name its profile by position). */
export function makeReadIndex(model: TranscriptModel, profiles: readonly LanguageProfile[]): ReadIndex {
  const { lines } = model;
  const parts: IndexedParts = {
    language: model.language,
    raw: model.raw,
    ...(model.unreadable !== undefined ? { unreadable: model.unreadable } : {}),
    ...(model.cover ? { cover: model.cover } : {}),
    furniture: model.furniture,
    pages: model.pages,
    // A speech's paragraphs are its text's lines: no read answered from an index shows them.
    speeches: model.speeches.map((s): Speech => ({ ...s, paragraphs: [] })),
    votes: model.votes,
    bodyStart: model.bodyStart,
    tokens: {
      documentRefs: model.tokens.documentRefs,
      acronyms: model.tokens.acronyms,
      acronymDefinitions: model.tokens.acronymDefinitions,
      dates: model.tokens.dates,
    },
  };
  return {
    uri: model.uri,
    version: model.version,
    profile: Math.max(0, profiles.indexOf(model.profile)),
    length: model.text.length,
    starts: lines.starts.slice(),
    ends: lines.ends.slice(),
    parts: new TextEncoder().encode(JSON.stringify(parts)),
  };
}

/**
 * The model an index stands for, with what it keeps: the elements the reads need, the line index;
 * no text (reading `text` throws), no paragraphs, procedurals, agenda items or hyphen breaks.
 */
export function modelFromIndex(index: ReadIndex, profiles: readonly LanguageProfile[]): TranscriptModel {
  const parts = JSON.parse(new TextDecoder().decode(index.parts)) as IndexedParts;
  const model: Omit<TranscriptModel, "text"> = {
    ...parts,
    uri: index.uri,
    version: index.version,
    lines: new IndexedLines(index.starts, index.ends, index.length),
    lineKinds: [],
    profile: profiles[index.profile] ?? profiles[0],
    paragraphs: [],
    procedurals: [],
    agendaItems: [],
    proceedings: [],
    tokens: { ...parts.tokens, hyphenBreaks: [] },
  };
  // The getter names the URI alone: a closure over `index` would keep its JSON buffer alive.
  const uri = index.uri;
  return Object.defineProperty(model, "text", {
    get() {
      throw new Error(`${uri}: a read index holds no text`);
    },
  }) as TranscriptModel;
}

/**
 * A line index without its text: the line starts and ends (typed arrays) and the text's length,
 * which is all that offsets and positions need.
 */
class IndexedLines extends LineIndex {
  constructor(
    starts: Int32Array,
    ends: Int32Array,
    private readonly length: number,
  ) {
    super("", { starts, ends });
  }

  protected override textLength(): number {
    return this.length;
  }

  override line(): string {
    throw new Error("a read index holds no text");
  }
}
