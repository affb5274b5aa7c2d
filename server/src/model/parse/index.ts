import type { Lexicon } from "../../lexicon/lexicon";
import { LineIndex } from "../../text/lineIndex";
import type { LineEndEvidence } from "../hyphenation";
import { type AnalysisMemo, attachMemo, memoOf } from "../memo";
import { type OcrWordMark, resolveOcrWords } from "../ocrWords";
import type { LanguageProfile } from "../profile";
import type { LineKind, Proceeding, Speech, TranscriptModel } from "../types";
import { scanBody } from "./body";
import { parseCover } from "./cover";
import { detectLanguage, LANGUAGE_SAMPLE, UNREADABLE_SAMPLE, unreadableReason } from "./document";
import { detectColumns, detectRawLayout } from "./layout";
import { classifyLines } from "./lines";
import { buildPages } from "./pages";
import { buildParagraphs } from "./paragraphs";
import { buildProceedings } from "./proceedings";
import { buildSpeeches } from "./speeches";
import { createState } from "./state";
import { buildTokens } from "./tokens";
import { buildVotes, type StateResolver } from "./votes";

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
 * 5. body.ts — the body scan: speaker headers (headers.ts), agenda items, procedural lines;
 * 6. paragraphs.ts — runs of text between blank lines and structure, furniture skipped;
 * 7. votes.ts — each vote: its opening sentence, lists and names, outcome and notes;
 * 8. speeches.ts — each header with its paragraphs, the stage directions inside it, its word count;
 * 9. proceedings.ts — the record after its cover as ordered elements, every line of content in one;
 * 10. pages.ts — pages from page numbers (or form feeds);
 * 11. tokens.ts — document symbols, line-end hyphens with their decision, acronyms and their
 *    definitions, dates.
 */

export { detectLanguage } from "./document";
export { countWords } from "./speeches";
export type { StateResolver } from "./votes";

export interface ParseInput {
  uri: string;
  version: number;
  text: string;
}

/** Static knowledge the parser may use besides the text (the model stays a function of the text). */
export interface ParseOptions {
  /** The spelling lexicon of a language, where there is one. */
  lexicon?: (language: string) => Lexicon | undefined;
  /** Compound acronyms with lowercase parts (`UN-Women`), from the built-in glossary. */
  compoundAcronyms?: ReadonlySet<string>;
  /** The built-in glossary's long forms per acronym, for definitions whose letters are out of order. */
  knownExpansions?: ReadonlyMap<string, readonly string[]>;
  /** What the analysis of the document's previous version left (see memo.ts); none: all is computed. */
  memo?: AnalysisMemo;
  /**
   * What the text's source knows about each line's end (the PDF import, which parses its own
   * text with it): evidence `decideHyphen` weighs with the text's. Editors' documents have none.
   */
  lineEndEvidence?: (line: number) => LineEndEvidence | undefined;
  /** The State a name of a vote list names (the Member State data); none: names stay unresolved. */
  state?: StateResolver;
  /** Words an OCR read with little confidence (a scan's import, its `.ocr.tsv`): `model.ocrDoubts`. */
  ocrWords?: readonly OcrWordMark[];
}

/** Parses a document's text into its transcript model. A pure function of its input. */
export function parseTranscript(
  input: ParseInput,
  profiles: readonly LanguageProfile[],
  options: ParseOptions = {},
): TranscriptModel {
  const memo = options.memo ?? memoOf({});
  // Read from the text's first 64 KB: the same start, the same answer.
  const unreadable = memo.last("unreadable", input.text.slice(0, UNREADABLE_SAMPLE), () =>
    unreadableReason(input.text),
  );
  // The language is read from the start of the text: the same start, the same language.
  const profile = unreadable
    ? profiles[0]
    : memo.last("language", input.text.slice(0, LANGUAGE_SAMPLE), () => detectLanguage(input.text, profiles));
  const s = createState(unreadable ? "" : input.text, profile, memo, options.state);
  let speeches: Speech[] = [];
  let proceedings: Proceeding[] = [];
  if (!unreadable) {
    classifyLines(s);
    s.raw = detectRawLayout(s);
    s.columns = detectColumns(s);
    s.bodyStart = parseCover(s);
    scanBody(s, s.bodyStart);
    buildParagraphs(s, s.bodyStart);
    // The procedural line that starts on each line, for the votes' and the speeches' passes.
    const procAt = new Map(s.procedurals.map((p) => [p.startLine, p]));
    buildVotes(s, options.state, procAt);
    speeches = buildSpeeches(s, procAt);
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
    tokens: unreadable
      ? { documentRefs: [], hyphenBreaks: [], acronyms: [], acronymDefinitions: [], dates: [] }
      : buildTokens(s, options),
  };
  attachMemo(model, memo);
  return model;
}
