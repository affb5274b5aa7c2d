import type { Lexicon } from "../../lexicon/lexicon";
import type { LineEndEvidence } from "../hyphenation";
import type { AnalysisMemo, EditedFrom } from "../memo";
import type { OcrWordMark } from "../ocrWords";
import type { StateResolver } from "./votes";

// What `parseTranscript` (index.ts) takes, in a module of its own: the passes read it too, and
// import it from here rather than from the entry point that imports them.

export interface ParseInput {
  uri: string;
  version: number;
  text: string;
  /** How the text came from the version the memo last read, where the caller knows (`EditedFrom`). */
  editedFrom?: EditedFrom;
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
  /**
   * Lines the text's source sets as a paragraph opening in bold up to a colon (the PDF import):
   * a speaker header there may have a title the language data lacks. Editors' documents have none.
   */
  boldOpening?: (line: number) => boolean;
  /** Words an OCR read with little confidence (a scan's import, its `.ocr.tsv`): `model.ocrDoubts`. */
  ocrWords?: readonly OcrWordMark[];
  /**
   * Which of `model.tokens` to find: all (the default); only the line-end hyphens and their
   * decisions; none (every list empty). The PDF import reads only the draft's hyphen decisions and
   * none of its final text's tokens: finding the dates, acronyms and symbols of a record it throws
   * away was a tenth of a batch import's processor time.
   */
  tokens?: "all" | "line-end-hyphens" | "none";
  /**
   * Whether each speech's words are counted (`Speech.wordCount`): yes unless `false`, where every
   * count is 0. The PDF import's two parses read no word count; counting each line's words was
   * a fiftieth of a batch import's processor time.
   */
  wordCounts?: boolean;
}
