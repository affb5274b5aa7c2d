import { LineIndex } from "../../text/lineIndex";
import { AnalysisMemo, type LineTables, memoKey } from "../memo";
import { resolveOcrWords } from "../ocrWords";
import type { LanguageProfile } from "../profile";
import type { LineKind, Proceeding, Speech, TranscriptModel } from "../types";
import { type WordCensus, wordCensus } from "../wordCensus";
import { scanBody } from "./body";
import { parseCover, symbolInFooter } from "./cover";
import { detectLanguage, LANGUAGE_SAMPLE, UNREADABLE_SAMPLE, unreadableReason } from "./document";
import { detectColumns, detectRawLayout } from "./layout";
import { classifyLines } from "./lines";
import type { ParseInput, ParseOptions } from "./options";
import { buildPages } from "./pages";
import { buildParagraphs } from "./paragraphs";
import { buildProceedings } from "./proceedings";
import { buildSpeeches } from "./speeches";
import { createState } from "./state";
import { buildTokens } from "./tokens";
import { buildVotes } from "./votes";

/**
 * `parseTranscript`, the one entry point of the parser: text → TranscriptModel. The passes, one
 * file each, read and fill one `ParseState` (state.ts) in this order:
 *
 * 1. document.ts — is the text readable at all, and in which language (from its start);
 * 2. lines.ts — blank lines and page furniture;
 * 3. layout.ts — raw layout: no blank lines between paragraphs (`pdftotext -raw`); pages of two
 *    columns side by side (`pdftotext -layout`, columns.ts);
 * 4. cover.ts — the cover page and its boilerplate paragraph (using headers.ts and body.ts to see
 *    where the body starts);
 * 5. body.ts — the body scan: speaker headers (headers.ts), agenda items, procedural lines,
 *    page 1's footer (and from it the cover's symbol where the cover prints none);
 * 6. paragraphs.ts — runs of text between blank lines and structure, furniture skipped;
 * 7. votes.ts — each vote: its opening sentence, lists and names, outcome and notes;
 * 8. speeches.ts — each header with its paragraphs, the stage directions inside it, its word count;
 * 9. proceedings.ts — the record after its cover as ordered elements, every line of content in one;
 * 10. pages.ts — pages from page numbers (or form feeds);
 * 11. tokens.ts — document symbols, line-end hyphens with their decision, acronyms and their
 *    definitions, dates.
 */

export { detectLanguage } from "./document";
export type { ParseInput, ParseOptions } from "./options";
export { countWords } from "./speeches";
export type { StateResolver } from "./votes";

// The parser's answers for the whole text, by the start of the text they read (model/memo.ts).
const UNREADABLE = memoKey<string | undefined>("unreadable");
const LANGUAGE = memoKey<LanguageProfile>("language");

/** Parses a document's text into its transcript model. A pure function of its input. */
export function parseTranscript(
  input: ParseInput,
  profiles: readonly LanguageProfile[],
  options: ParseOptions = {},
): TranscriptModel {
  return parseVersion(input, profiles, options).model;
}

/**
 * One version of a document as the parser left it: the model, and what the analysis of this
 * version may read of the parser's memo, typed (the memo itself stays the parser's).
 */
export interface ParsedVersion {
  readonly model: TranscriptModel;
  /** The word census of this version (model/wordCensus.ts), counted on first use. */
  census(): WordCensus;
  /**
   * The per-line tables of what is derived from this version, carried to the next version
   * (`AnalysisMemo.derived`); undefined once the memo has read a later version.
   */
  derivedTables(): LineTables | undefined;
}

/** `parseTranscript`, with the handle its analysis reads. */
export function parseVersion(
  input: ParseInput,
  profiles: readonly LanguageProfile[],
  options: ParseOptions = {},
): ParsedVersion {
  const memo = options.memo ?? new AnalysisMemo();
  // The closures below read the text, not `input`: the version's closures share one context, and
  // `input` would keep its `editedFrom` — the previous version's whole text — as long as the model.
  const { text } = input;
  // Read from the text's first 64 KB: the same start, the same answer.
  const unreadable = memo.last(UNREADABLE, text.slice(0, UNREADABLE_SAMPLE), () => unreadableReason(text));
  // The language is read from the start of the text: the same start, the same language.
  const profile = unreadable
    ? profiles[0]
    : memo.last(LANGUAGE, text.slice(0, LANGUAGE_SAMPLE), () => detectLanguage(text, profiles));
  const s = createState(unreadable ? "" : text, profile, memo, options.state, options.boldOpening, input.editedFrom);
  let speeches: Speech[] = [];
  let proceedings: Proceeding[] = [];
  if (!unreadable) {
    classifyLines(s);
    s.raw = detectRawLayout(s);
    s.columns = detectColumns(s);
    s.bodyStart = parseCover(s);
    scanBody(s, s.bodyStart);
    symbolInFooter(s);
    buildParagraphs(s, s.bodyStart);
    // The procedural line that starts on each line, for the votes' and the speeches' passes.
    const procAt = new Map(s.procedurals.map((p) => [p.startLine, p]));
    buildVotes(s, options.state, procAt);
    speeches = buildSpeeches(s, procAt, options.wordCounts !== false);
    proceedings = buildProceedings(s, speeches);
  }
  const lines = unreadable ? new LineIndex(input.text) : s.lines;
  const model: TranscriptModel = {
    uri: input.uri,
    version: input.version,
    text: input.text,
    lines,
    lineKinds: unreadable ? new Array<LineKind>(lines.lineCount).fill("text") : s.kinds,
    language: profile.code,
    profile,
    raw: s.raw,
    ...(s.columns.length ? { columns: s.columns } : {}),
    ...(unreadable ? { unreadable } : {}),
    ...(s.cover ? { cover: s.cover } : {}),
    ...(s.boilerplate ? { boilerplate: s.boilerplate } : {}),
    furniture: s.furniture,
    pages: unreadable ? [] : buildPages(s),
    paragraphs: s.paragraphs,
    procedurals: s.procedurals,
    agendaItems: s.agendaItems,
    speeches,
    votes: s.votes,
    bodyStart: s.bodyStart,
    proceedings,
    ...(options.ocrWords?.length && !unreadable
      ? {
          ocrDoubts: resolveOcrWords(options.ocrWords, (line) =>
            line >= 0 && line < lines.lineCount ? lines.line(line) : undefined,
          ),
        }
      : {}),
    tokens:
      unreadable || options.tokens === "none"
        ? { documentRefs: [], hyphenBreaks: [], acronyms: [], acronymDefinitions: [], dates: [] }
        : buildTokens(s, options),
  };
  // The memo holds this version's tables until it reads the next one.
  const version = memo.version;
  const current = () => memo.version === version && !unreadable;
  return {
    model,
    census: () => {
      if (current()) return wordCensus(memo, model.lineKinds, model.lines);
      const fresh = new AnalysisMemo(memo.oneShot);
      return wordCensus(fresh, model.lineKinds, fresh.nextVersion(model.text));
    },
    derivedTables: () => (current() ? memo.derived : undefined),
  };
}
