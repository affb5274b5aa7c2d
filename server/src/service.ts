import { Analysis, type FrozenContext } from "./analysis/analysis";
import { loadData, type ServiceData } from "./data";
import {
  acronymActions,
  acronymCompletions,
  acronymDefinition,
  acronymHighlights,
  acronymHover,
  acronymReferences,
  acronymTokens,
} from "./features/acronyms";
import { type ActionContributor, codeActions, safeFixEdits } from "./features/codeActions";
import { dateHover, dateTokens } from "./features/dates";
import { computeDiagnostics, type DiagnosticsResult } from "./features/diagnostics";
import { documentSymbols, workspaceSymbols } from "./features/documentSymbols";
import { exportRecord, type RecordExport, toAkomaNtoso } from "./features/export";
import { foldingRanges } from "./features/folding";
import { type HoverContributor, hover, STRUCTURE_HOVERS } from "./features/hover";
import { documentLinks } from "./features/links";
import {
  encodeSemanticTokens,
  type SemanticToken,
  structureTokens,
  type TokenContributor,
} from "./features/semanticTokens";
import {
  type CodeLens,
  prepareRename,
  renameEdits,
  type SpeakerIndex,
  speakerIndex,
  speechLenses,
} from "./features/speakers";
import { unwrapEdits } from "./features/unwrap";
import { voteHover } from "./features/votes";
import { type BuiltinGlossary, Glossary, type GlossaryEntry, loadBuiltinGlossary } from "./glossary/glossary";
import { builtinStates, type StateList } from "./glossary/states";
import { lexiconFor, readLexiconWhole } from "./lexicon/lexicon";
import { AnalysisMemo, type EditedFrom } from "./model/memo";
import { type OcrWordMark, sameOcrWords } from "./model/ocrWords";
import { type ParsedVersion, parseVersion } from "./model/parse";
import { compileProfile, type LanguageProfile } from "./model/profile";
import type { TranscriptModel } from "./model/types";
import { makeReadIndex, modelFromIndex, type ReadIndex } from "./readIndex";
import type { Rule } from "./rules/registry";
import { DEFAULT_SETTINGS, type VerbatimSettings } from "./settings";
import { applyTextEdits } from "./text/lineIndex";
import type {
  CodeAction,
  CompletionItem,
  Diagnostic,
  DocumentHighlight,
  DocumentLink,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  Position,
  Range,
  TextEdit,
  WorkspaceSymbol,
} from "./types";

/** How an editor's text came from its last version (`TextDocumentLike.editedFrom`). */
export type { EditedFrom };

/** The minimal document the service reads (LSP's TextDocument and the CLI's files both fit). */
export interface TextDocumentLike {
  readonly uri: string;
  readonly version: number;
  getText(): string;
  /** Words an OCR was unsure of (a scan's import, its `NAME.ocr.tsv`): evidence for `ocr-uncertain`. */
  readonly ocrWords?: readonly OcrWordMark[];
  /** How the text came from the version analysed before (an editor's edits), for the parse's memo. */
  readonly editedFrom?: EditedFrom;
}

export interface LanguageServiceOptions {
  data?: ServiceData;
  /** The built-in glossary (tests may pass their own); read from server/data/glossary by default. */
  glossary?: BuiltinGlossary;
  /** Called once per failing feature or rule, with what failed. */
  onError?: (what: string, error: unknown) => void;
  /**
   * Each version of a document is analysed once and no edit follows (the command line): work
   * that only speeds up the analysis of the next version is left out (`AnalysisMemo.oneShot`).
   */
  oneShot?: boolean;
}

export interface LanguageService {
  /** The document's model, parsed once per version. */
  model(doc: TextDocumentLike): TranscriptModel;
  /**
   * The document's analysis: its model under the current context (glossaries, reference date),
   * with what features and rules derive from them; one per version and context generation.
   */
  analysis(doc: TextDocumentLike): Analysis;
  forget(uri: string): void;
  /**
   * Does the work the last analysis of the document left for later (`Analysis.later`): what only
   * readies its next version's analysis. An editor calls it once the diagnostics are out, and
   * before analysing the next version; the command line never needs to.
   */
  settle(uri: string): void;
  /**
   * Readies the first edit of a document analysed once (an editor's, idle after its first
   * diagnostics): the same text is analysed and settled again as a version of its own, an edit
   * that changes nothing, so that the lists and tables each pass and rule takes over from version
   * to version exist, and the code that takes them over has run, before the first keystroke. The
   * model and diagnostics are those of the same text; nothing is done for a document already
   * edited, read from an index, or under `oneShot`.
   */
  prime(uri: string, settings?: VerbatimSettings): void;
  /**
   * Reads the data an analysis in `language` needs (its lexicon, the built-in glossary and the
   * States), so that a first document does not wait for them: for a thread that is idle.
   */
  prepare(language: string): void;
  /**
   * The read index of the document's model (readIndex.ts): what hovers, highlights, definitions,
   * references and workspace symbols need, for another thread to answer them from.
   */
  readIndex(doc: TextDocumentLike): ReadIndex;
  /**
   * Holds a read index in place of the document's model: the reads above are answered from it for
   * the document it returns (its version the index's; other features, which need the text, fail).
   */
  adoptIndex(index: ReadIndex): TextDocumentLike;
  documentSymbols(doc: TextDocumentLike): DocumentSymbol[];
  workspaceSymbols(query: string, docs: Iterable<TextDocumentLike>): WorkspaceSymbol[];
  foldingRanges(doc: TextDocumentLike): FoldingRange[];
  semanticTokens(doc: TextDocumentLike): { data: number[] };
  hover(doc: TextDocumentLike, position: Position): Hover | null;
  documentLinks(doc: TextDocumentLike): DocumentLink[];
  diagnostics(doc: TextDocumentLike, settings?: VerbatimSettings): DiagnosticsResult;
  codeActions(
    doc: TextDocumentLike,
    range: Range,
    context: { diagnostics: Diagnostic[]; only?: string[] },
  ): CodeAction[];
  /** Every safe fix of the document, non-overlapping: "Clean transcript" and fix-on-save. */
  safeFixes(doc: TextDocumentLike): TextEdit[];
  /** Each paragraph on one line, split words joined, compounds kept ("Unwrap paragraphs"). */
  unwrap(doc: TextDocumentLike): TextEdit[];
  definition(doc: TextDocumentLike, position: Position): Location[];
  references(doc: TextDocumentLike, position: Position, includeDeclaration: boolean): Location[];
  documentHighlights(doc: TextDocumentLike, position: Position): DocumentHighlight[];
  completion(doc: TextDocumentLike, position: Position): CompletionItem[];
  /** Replaces the team glossary (from the workspace's glossary file); `file` is shown in hovers. */
  setTeamGlossary(entries: GlossaryEntry[], file: string | undefined): void;
  /** The speakers by delegation, for the Speakers view. */
  speakers(doc: TextDocumentLike): SpeakerIndex;
  /** A lens above each speech: words and speaking time at `wordsPerMinute`. */
  codeLenses(doc: TextDocumentLike, wordsPerMinute: number): CodeLens[];
  prepareRename(doc: TextDocumentLike, position: Position): { range: Range; placeholder: string } | null;
  /** Renames a speaker or delegation in every header; an empty list when the position holds neither. */
  rename(doc: TextDocumentLike, position: Position, newName: string): TextEdit[];
  /** The record as data, from its cleaned text (safe fixes applied, paragraphs unwrapped). */
  exportRecord(doc: TextDocumentLike, file: string): RecordExport;
  /** The same as an Akoma Ntoso debate document. */
  exportAkomaNtoso(doc: TextDocumentLike, file: string): string;
  /** The reference date for records without a cover page (`verbatim.dates.referenceDate`). */
  setReferenceDate(value: string | undefined): void;
  readonly glossary: Glossary;
}

/**
 * The extension points: every feature's contributors are listed here, once. Rules are listed in
 * rules/registry.ts.
 */
export const TOKEN_CONTRIBUTORS: readonly TokenContributor[] = [structureTokens, acronymTokens, dateTokens];
export const HOVER_CONTRIBUTORS: readonly HoverContributor[] = [
  ...STRUCTURE_HOVERS,
  voteHover,
  acronymHover,
  dateHover,
];
export const ACTION_CONTRIBUTORS: readonly ActionContributor[] = [acronymActions];

export function createLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  const data = options.data ?? loadData();
  const profiles: LanguageProfile[] = data.languages.map(compileProfile);
  const onError = options.onError ?? (() => {});
  // The built-in glossary and the tables made of it are read when an analysis first needs them.
  const glossary = new Glossary(options.glossary ?? (() => loadBuiltinGlossary()));
  // The Member States' table is read when a header or a vote first names a State.
  let resolveState: ReturnType<StateList["resolver"]> | undefined;
  const states: ReturnType<StateList["resolver"]> = (printed) => {
    resolveState ??= builtinStates().resolver();
    return resolveState(printed);
  };
  // The context every analysis reads, frozen: a new team glossary or reference date makes a new
  // one (and so new analyses); the glossary's generation is checked too, for a glossary changed
  // through `glossary.setTeam`.
  let referenceDate: string | undefined;
  let context: FrozenContext = Object.freeze({ glossary, states });
  let contextGeneration = glossary.generation;
  const currentContext = (): FrozenContext => {
    if (contextGeneration !== glossary.generation) renewContext();
    return context;
  };
  const renewContext = () => {
    context = Object.freeze({ glossary, states, ...(referenceDate ? { referenceDate } : {}) });
    contextGeneration = glossary.generation;
  };
  const parseOptions = {
    lexicon: (language: string) => lexiconFor(language),
    compoundAcronyms: glossary.lazyBuiltinCompounds(),
    knownExpansions: glossary.lazyKnownExpansions(),
    state: states,
  };

  // Each open document: what its last parse left for the next (model/memo.ts), its latest
  // version as parsed, and that version's analysis under the current context.
  interface OpenDocument {
    memo: AnalysisMemo;
    parsed: ParsedVersion;
    /**
     * Read from an index (readIndex.ts): no text, no memo the next parse could read; it answers the
     * document `adoptIndex` gave back, any other (the same version's text) is parsed.
     */
    indexed?: TextDocumentLike;
    analysis?: Analysis;
    /** The OCR's doubtful words it was parsed with: others for the same version are a new parse. */
    ocrWords?: readonly OcrWordMark[];
  }
  const docs = new Map<string, OpenDocument>();
  const parsed = (doc: TextDocumentLike): OpenDocument => {
    const known = docs.get(doc.uri);
    if (
      known &&
      known.parsed.model.version === doc.version &&
      sameOcrWords(known.ocrWords, doc.ocrWords) &&
      (!known.indexed || known.indexed === doc)
    )
      return known;
    return parse(doc, (!known?.indexed && known?.memo) || new AnalysisMemo(options.oneShot));
  };
  /** A new version of the document, parsed from what `memo` kept of the one before. */
  const parse = (doc: TextDocumentLike, memo: AnalysisMemo): OpenDocument => {
    const input = { uri: doc.uri, version: doc.version, text: doc.getText() };
    const p = parseVersion(doc.editedFrom ? { ...input, editedFrom: doc.editedFrom } : input, profiles, {
      ...parseOptions,
      memo,
      ...(doc.ocrWords?.length ? { ocrWords: doc.ocrWords } : {}),
    });
    const entry: OpenDocument = { memo, parsed: p, ...(doc.ocrWords?.length ? { ocrWords: doc.ocrWords } : {}) };
    docs.set(doc.uri, entry);
    return entry;
  };
  const model = (doc: TextDocumentLike): TranscriptModel => parsed(doc).parsed.model;
  const analysis = (doc: TextDocumentLike): Analysis => {
    const entry = parsed(doc);
    const now = currentContext();
    if (entry.analysis?.context !== now)
      entry.analysis = new Analysis(entry.parsed.model, now, entry.indexed ? undefined : entry.parsed);
    return entry.analysis;
  };

  /** Every feature answers from the model; a failure is reported and answered with `fallback`. */
  const guard = <T>(what: string, fallback: T, f: () => T): T => {
    try {
      return f();
    } catch (error) {
      onError(what, error);
      return fallback;
    }
  };

  /** A position inside the document, as an offset; undefined when out of range. */
  const at = (m: TranscriptModel, position: Position): number | undefined =>
    m.lines.isValidPosition(position) ? m.lines.offsetAt(position) : undefined;

  /**
   * Every safe fix, as one pass that leaves nothing to fix: where the text has two columns side
   * by side, they are put one after the other and the result's own safe fixes applied too, as one
   * edit of the whole document (nothing else is checked on side-by-side columns).
   */
  const cleanEdits = (a: Analysis): TextEdit[] => {
    const edits = safeFixEdits(a);
    const m = a.model;
    if (!m.columns) return edits;
    const once = applyTextEdits(m.text, edits);
    const after = parseVersion({ uri: m.uri, version: m.version, text: once }, profiles, parseOptions);
    const again = safeFixEdits(new Analysis(after.model, a.context, after));
    return [{ range: m.lines.range(0, m.text.length), newText: applyTextEdits(once, again) }];
  };

  /** Safe fixes applied, then each paragraph on one line, parsed as a document of its own. */
  const cleanAnalysis = (doc: TextDocumentLike): Analysis => {
    const fixed = applyTextEdits(doc.getText(), cleanEdits(analysis(doc)));
    const fixedDoc = { uri: `${doc.uri}#cleaned`, version: doc.version, getText: () => fixed };
    const unwrapped = applyTextEdits(fixed, unwrapEdits(model(fixedDoc)));
    docs.delete(fixedDoc.uri);
    const clean = parseVersion({ uri: doc.uri, version: doc.version, text: unwrapped }, profiles, parseOptions);
    return new Analysis(clean.model, currentContext(), clean);
  };
  const exportOf = (doc: TextDocumentLike, file: string) => exportRecord(file, cleanAnalysis(doc));

  return {
    glossary,
    exportRecord: exportOf,
    speakers: (doc) => guard("speakers", { groups: [] }, () => speakerIndex(model(doc))),
    codeLenses: (doc, wpm) => guard("codeLenses", [], () => speechLenses(model(doc), wpm)),
    prepareRename: (doc, position) =>
      guard("prepareRename", null, () => {
        const m = model(doc);
        const offset = at(m, position);
        return offset === undefined ? null : prepareRename(m, offset);
      }),
    rename: (doc, position, newName) =>
      guard("rename", [], () => {
        const m = model(doc);
        const offset = at(m, position);
        return offset === undefined || !newName.trim() ? [] : renameEdits(m, offset, newName);
      }),
    exportAkomaNtoso: (doc, file) => toAkomaNtoso(exportOf(doc, file)),
    setTeamGlossary: (entries, file) => glossary.setTeam(entries, file),
    setReferenceDate: (value) => {
      // The same date again (every settings change sends it) keeps the analyses.
      if ((value || undefined) === referenceDate) return;
      referenceDate = value || undefined;
      renewContext();
    },
    model,
    analysis,
    forget: (uri) => {
      docs.delete(uri);
    },
    settle: (uri) => guard("settle", undefined, () => docs.get(uri)?.analysis?.settle()),
    prime: (uri, settings = DEFAULT_SETTINGS) =>
      guard("prime", undefined, () => {
        const entry = docs.get(uri);
        // Version 1 of the memo: the document's first parse, no edit since.
        if (options.oneShot || !entry || entry.indexed || entry.memo.version !== 1) return;
        entry.analysis?.settle();
        // The same text as a version of its own: an edit that changes nothing (at the text's end,
        // as the memo sees it), after which every list and table the next version takes over exists.
        const { text, version } = entry.parsed.model;
        const doc = { uri, version, getText: () => text, ...(entry.ocrWords ? { ocrWords: entry.ocrWords } : {}) };
        parse(doc, entry.memo);
        computeDiagnostics(analysis(doc), settings, (rule: Rule, error) => onError(`rule ${rule.code}`, error));
        docs.get(uri)?.analysis?.settle();
      }),
    prepare: (language) =>
      guard("prepare", undefined, () => {
        readLexiconWhole(language);
        states("");
        glossary.lookup("");
        parseOptions.compoundAcronyms.has("-");
        parseOptions.knownExpansions.get("");
      }),
    readIndex: (doc) => makeReadIndex(model(doc), profiles),
    adoptIndex: (index) => {
      const m = modelFromIndex(index, profiles);
      const parsedIndex: ParsedVersion = {
        model: m,
        census: () => {
          throw new Error("a read index has no word census");
        },
        derivedTables: () => undefined,
      };
      // The closures name the URI alone: one over `index` would keep its JSON buffer (`parts`,
      // read once above) alive as long as the index is held.
      const { uri, version } = index;
      const reader: TextDocumentLike = {
        uri,
        version,
        getText: () => {
          throw new Error(`${uri}: a read index holds no text`);
        },
      };
      docs.set(uri, { memo: new AnalysisMemo(true), parsed: parsedIndex, indexed: reader });
      return reader;
    },
    documentSymbols: (doc) => guard("documentSymbols", [], () => documentSymbols(model(doc))),
    workspaceSymbols: (query, docs) =>
      guard("workspaceSymbols", [], () =>
        workspaceSymbols(
          query,
          [...docs].map((d) => model(d)),
        ),
      ),
    foldingRanges: (doc) => guard("foldingRanges", [], () => foldingRanges(model(doc))),
    semanticTokens: (doc) =>
      guard("semanticTokens", { data: [] }, () => {
        const a = analysis(doc);
        const tokens: SemanticToken[] = [];
        for (const c of TOKEN_CONTRIBUTORS) c(a, tokens);
        return { data: encodeSemanticTokens(a.model, tokens) };
      }),
    hover: (doc, position) =>
      guard("hover", null, () => {
        const a = analysis(doc);
        const m = a.model;
        if (!m.lines.isValidPosition(position)) return null;
        return hover(a, m.lines.offsetAt(position), HOVER_CONTRIBUTORS);
      }),
    documentLinks: (doc) => guard("documentLinks", [], () => documentLinks(model(doc))),
    diagnostics: (doc, settings = DEFAULT_SETTINGS) =>
      guard("diagnostics", { diagnostics: [], counts: {}, dropped: 0 }, () =>
        computeDiagnostics(analysis(doc), settings, (rule: Rule, error) => onError(`rule ${rule.code}`, error)),
      ),
    codeActions: (doc, range, request) =>
      guard("codeActions", [], () => {
        const a = analysis(doc);
        const m = a.model;
        if (!m.lines.isValidPosition(range.start) || !m.lines.isValidPosition(range.end)) return [];
        return codeActions(a, range, request, ACTION_CONTRIBUTORS, cleanEdits);
      }),
    safeFixes: (doc) => guard("safeFixes", [], () => cleanEdits(analysis(doc))),
    unwrap: (doc) => guard("unwrap", [], () => unwrapEdits(model(doc))),
    definition: (doc, position) =>
      guard("definition", [], () => {
        const a = analysis(doc);
        const offset = at(a.model, position);
        return offset === undefined ? [] : acronymDefinition(a, offset);
      }),
    references: (doc, position, includeDeclaration) =>
      guard("references", [], () => {
        const a = analysis(doc);
        const offset = at(a.model, position);
        return offset === undefined ? [] : acronymReferences(a, offset, includeDeclaration);
      }),
    documentHighlights: (doc, position) =>
      guard("documentHighlights", [], () => {
        const a = analysis(doc);
        const offset = at(a.model, position);
        return offset === undefined ? [] : acronymHighlights(a, offset);
      }),
    completion: (doc, position) =>
      guard("completion", [], () => {
        const a = analysis(doc);
        return at(a.model, position) === undefined ? [] : acronymCompletions(a, position);
      }),
  };
}

export { SEMANTIC_LEGEND } from "./features/semanticLegend";
export type { TranscriptModel } from "./model/types";
