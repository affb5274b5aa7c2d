import type { LineIndex } from "../text/lineIndex";
import type { Span } from "../types";
import type { ColumnPage } from "./columns";
import type { DateExpression } from "./dates";
import type { HyphenDecision } from "./hyphenation";
import type { OcrDoubt } from "./ocrWords";
import type { LanguageProfile } from "./profile";

/** What the parser decided each line is. Every line gets exactly one kind. */
export type LineKind = "blank" | "furniture" | "cover" | "boilerplate" | "agenda" | "procedural" | "header" | "text";

/** `footer`: page 1's correction notice and distribution lines below speech text (General Assembly). */
export type FurnitureKind = "running-header" | "page-number" | "job-number" | "barcode" | "form-feed" | "footer";

/** A line of page furniture: not part of anything said. */
export interface Furniture {
  kind: FurnitureKind;
  line: number;
  /** The furniture's own characters on that line (the whole line's content). */
  span: Span;
  /** `2/17` → page 2 of 17. */
  page?: number;
  pageCount?: number;
  /** Running headers: the record symbol and the date as printed (`19/12/2014`). */
  symbol?: string;
  date?: string;
  /** A part of a running header on a line of its own: its symbol, its date or its title. */
  part?: true;
  /** Offset of a form feed character on the line, if any. */
  formFeed?: number;
}

export interface Page {
  number: number;
  startLine: number;
  endLine: number;
}

export interface CoverField {
  text: string;
  line: number;
  span: Span;
}

export interface CoverPage {
  startLine: number;
  endLine: number;
  symbol?: CoverField;
  organ?: CoverField;
  /** `Sixty-ninth year`, `Seventy-first session`. */
  period?: CoverField;
  meeting?: CoverField & { number: number };
  weekday?: CoverField;
  date?: CoverField;
  time?: CoverField;
  place?: CoverField;
  status?: CoverField;
  president?: CoverField & { name: string; entity: string };
  members: (CoverField & { country: string; representative: string })[];
}

/** A line range in a document, both ends inclusive. */
export interface LineSpan {
  startLine: number;
  endLine: number;
}

export interface Paragraph extends LineSpan {
  /** The lines holding the paragraph's text, in order (furniture lines inside are left out). */
  lines: number[];
  /** Offset where its text starts (after a speaker header's colon for a speech's first paragraph). */
  start: number;
  end: number;
}

export type HeaderPartKind = "title" | "name" | "office" | "entity" | "role" | "note" | "colon";

export interface HeaderPart {
  kind: HeaderPartKind;
  span: Span;
}

export interface SpeakerHeader extends LineSpan {
  /** From the header's first character to just after its colon. */
  span: Span;
  title: string | null;
  name: string | null;
  entity: string | null;
  role: string | null;
  note: string | null;
  /** The speaker as written, on one line, with single spaces, without the note and colon. */
  display: string;
  /** Pieces for highlighting; a piece cut by a line break is given once per line. */
  parts: HeaderPart[];
  /**
   * Read only because the text's source (the PDF import) says the paragraph opens in bold up to
   * a colon: the text alone does not read it (its title is none of the language's). `bold-header`.
   */
  fromBold?: true;
}

export interface Speech extends LineSpan {
  index: number;
  header: SpeakerHeader;
  /** From the header's first character to the end of the speech's last line of text. */
  span: Span;
  paragraphs: Paragraph[];
  /**
   * Stage directions that fall inside the speech, the speech going on after them (`Mr. X
   * (Country), Vice-President, took the Chair.`): not the speaker's words, but not its end.
   */
  interruptions: ProceduralLine[];
  wordCount: number;
}

export interface ProceduralLine extends LineSpan {
  kind: string;
  span: Span;
  text: string;
}

export type VotePosition = "yes" | "no" | "abstain";

/** A State as the Member State data knows it. */
export interface StateRef {
  /** ISO 3166-1 alpha-3. */
  iso3: string;
  /** The UN short name in English. */
  name: string;
  /** `former`: a State that is no longer a Member (Yugoslavia, Czechoslovakia), in older records. */
  status: "member" | "observer" | "former";
}

/** One name of a vote list, as printed, with the State it names where it names one. */
export interface VotedName {
  /** On one line, single spaces. */
  printed: string;
  span: Span;
  state?: StateRef;
}

/** `In favour: Afghanistan, Albania, …`: a label, then names (on its line or the next ones). */
export interface VoteList extends LineSpan {
  position: VotePosition;
  /** The label, its colon included. */
  label: Span;
  span: Span;
  names: VotedName[];
  /** The list says `None`. */
  none: boolean;
}

/** What the record prints of a vote's result: `… was adopted by 88 votes to 2, with 59 abstentions (resolution 48/16).` */
export interface VoteOutcome {
  /** The sentence (a procedural line) or the paragraph (the President's, in the Security Council). */
  span: Span;
  line: number;
  text: string;
  /** What was voted on, as the sentence names it (`Draft resolution A/48/L.15`). */
  subject: string | null;
  /** `adopted`, `rejected`, `not-adopted`, `retained`, `deleted`. */
  result: string | null;
  yes: number | null;
  no: number | null;
  abstain: number | null;
  /** The resolution or decision adopted, as printed (`resolution 48/16`, `2504 (2020)`). */
  act: string | null;
}

/** A vote: the sentence that opens it, its lists, its outcome and the notes after it. */
export interface Vote extends LineSpan {
  index: number;
  method: "recorded" | "show-of-hands" | "unspecified";
  /** `A recorded vote was taken.` */
  taken?: ProceduralLine;
  lists: VoteList[];
  outcome?: VoteOutcome;
  /** The draft voted on (`A/48/L.13 and Corr.1`, `S/2020/24`), from the outcome or the text before the vote. */
  draft: string | null;
  /** `[Subsequently the delegation of … advised the Secretariat …]` */
  notes: ProceduralLine[];
  /** The procedural lines it is made of, in order (the opening sentence, the lists, the outcome line, the notes). */
  parts: ProceduralLine[];
}

/** What one element of the proceedings is. */
export type ProceedingKind = "agenda" | "heading" | "speech" | "direction" | "decision" | "vote" | "text";

/**
 * An element of the proceedings, in the record's order: every line of content after the cover
 * page belongs to exactly one (a stage direction inside a speech belongs to the speech).
 */
export interface Proceeding extends LineSpan {
  kind: ProceedingKind;
  span: Span;
  /**
   * Where its detail is: an index into `agendaItems` (agenda), `speeches` (speech), `votes`
   * (vote), `procedurals` (direction, decision) or `paragraphs` (text); -1 for a heading.
   */
  index: number;
}

export interface AgendaItem extends LineSpan {
  /** `Agenda item 8`, `Agenda`. */
  label: string;
  title: string;
  span: Span;
  labelSpan: Span;
}

/** A UN document reference: `S/2014/123`, `A/RES/60/288`, `resolution 1373 (2001)`. */
export interface DocumentRef {
  span: Span;
  text: string;
  /** The official symbol it names (`S/RES/1373(2001)`). */
  symbol: string;
}

/** A hyphen ending a line of text, with the word halves around it. */
export interface HyphenBreak {
  line: number;
  /** The hyphen's offset. */
  hyphen: number;
  /** The word before the hyphen (`transna`) and after the break (`tional`). */
  before: Span;
  after: Span;
  /** Join the word, keep the compound, or leave it (see model/hyphenation.ts), with the evidence. */
  decision: HyphenDecision;
  reason: string;
}

/** An acronym as used: `NATO`, `NGOs` (text `NGO`, plural), `P5+1`, `UN-Women`. */
export interface AcronymToken {
  span: Span;
  /** As written, without a plural `s`. */
  text: string;
  plural: boolean;
  line: number;
}

/** An acronym defined in the document: `the Shanghai Cooperation Organization (SCO)`. */
export interface AcronymDefinition {
  acronym: string;
  /** The long form given back clean: single spaces, split words joined. */
  expansion: string;
  /** The long form as it stands in the text (it may cross lines). */
  long: Span;
  /** The short form's token. */
  short: Span;
  /** Both, with the parentheses. */
  span: Span;
  shape: "long-short" | "short-long";
  /** The line where the definition starts. */
  line: number;
}

/**
 * One version of a record as the parser read it. In an editor (a memo that expects edits) an edit
 * reuses what a model two versions old holds: its line kinds' array is filled again
 * (`AnalysisMemo.turnArray`), and its paragraphs, dates and acronyms after the edit are moved
 * (`movedTail`, parse/state.ts). A model is therefore whole while its version or the next is the
 * document's latest parse; to keep one longer, copy it (the read index does, readIndex.ts).
 */
export interface TranscriptModel {
  uri: string;
  version: number;
  text: string;
  lines: LineIndex;
  /** What each line is (in an editor, filled again two versions on: see above). */
  lineKinds: LineKind[];
  language: string;
  profile: LanguageProfile;
  /** True when no blank lines separate paragraphs (as `pdftotext -raw` gives). */
  raw: boolean;
  /** The pages whose lines hold the PDF's two columns side by side (`pdftotext -layout`), if any. */
  columns?: ColumnPage[];
  /** Set when the text is not a transcript the service can read (binary data). */
  unreadable?: string;
  cover?: CoverPage;
  boilerplate?: Paragraph;
  furniture: Furniture[];
  pages: Page[];
  paragraphs: Paragraph[];
  procedurals: ProceduralLine[];
  agendaItems: AgendaItem[];
  speeches: Speech[];
  votes: Vote[];
  /** The first line after the cover page and its boilerplate. */
  bodyStart: number;
  /** The record after its cover, in order: every line of content in exactly one element. */
  proceedings: Proceeding[];
  /** Words an OCR was unsure of and that are still in the text (`ParseOptions.ocrWords`). */
  ocrDoubts?: OcrDoubt[];
  tokens: {
    documentRefs: DocumentRef[];
    hyphenBreaks: HyphenBreak[];
    acronyms: AcronymToken[];
    acronymDefinitions: AcronymDefinition[];
    dates: DateExpression[];
  };
}
