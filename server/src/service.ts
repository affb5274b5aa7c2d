import { loadData, type ServiceData } from "./data";
import { codeActions, safeFixEdits } from "./features/codeActions";
import { computeDiagnostics, type DiagnosticsResult } from "./features/diagnostics";
import { documentSymbols, workspaceSymbols } from "./features/documentSymbols";
import { foldingRanges } from "./features/folding";
import { hover } from "./features/hover";
import { documentLinks } from "./features/links";
import {
  encodeSemanticTokens,
  type SemanticToken,
  structureTokens,
  type TokenContributor,
} from "./features/semanticTokens";
import { parseTranscript } from "./model/parse";
import { compileProfile, type LanguageProfile } from "./model/profile";
import type { TranscriptModel } from "./model/types";
import type { Rule } from "./rules/registry";
import { DEFAULT_SETTINGS, type VerbatimSettings } from "./settings";
import type {
  CodeAction,
  Diagnostic,
  DocumentLink,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Position,
  Range,
  TextEdit,
  WorkspaceSymbol,
} from "./types";

/** The minimal document the service reads (LSP's TextDocument and the CLI's files both fit). */
export interface TextDocumentLike {
  readonly uri: string;
  readonly version: number;
  getText(): string;
}

export interface LanguageServiceOptions {
  data?: ServiceData;
  /** Called once per failing feature or rule, with what failed. */
  onError?: (what: string, error: unknown) => void;
}

export interface LanguageService {
  /** The document's model, parsed once per version. */
  model(doc: TextDocumentLike): TranscriptModel;
  forget(uri: string): void;
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
}

/** Token contributors beyond the structure's; features of later issues register here. */
export const TOKEN_CONTRIBUTORS: TokenContributor[] = [structureTokens];

export function createLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  const data = options.data ?? loadData();
  const profiles: LanguageProfile[] = data.languages.map(compileProfile);
  const cache = new Map<string, TranscriptModel>();
  const onError = options.onError ?? (() => {});

  const model = (doc: TextDocumentLike): TranscriptModel => {
    const cached = cache.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    const m = parseTranscript({ uri: doc.uri, version: doc.version, text: doc.getText() }, profiles);
    cache.set(doc.uri, m);
    return m;
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

  return {
    model,
    forget: (uri) => void cache.delete(uri),
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
        const m = model(doc);
        const tokens: SemanticToken[] = [];
        for (const c of TOKEN_CONTRIBUTORS) c(m, tokens);
        return { data: encodeSemanticTokens(m, tokens) };
      }),
    hover: (doc, position) =>
      guard("hover", null, () => {
        const m = model(doc);
        if (!m.lines.isValidPosition(position)) return null;
        return hover(m, m.lines.offsetAt(position));
      }),
    documentLinks: (doc) => guard("documentLinks", [], () => documentLinks(model(doc))),
    diagnostics: (doc, settings = DEFAULT_SETTINGS) =>
      guard("diagnostics", { diagnostics: [], counts: {}, dropped: 0 }, () =>
        computeDiagnostics(model(doc), settings, (rule: Rule, error) => onError(`rule ${rule.code}`, error)),
      ),
    codeActions: (doc, range, context) => guard("codeActions", [], () => codeActions(model(doc), range, context)),
    safeFixes: (doc) => guard("safeFixes", [], () => safeFixEdits(model(doc))),
  };
}

export { SEMANTIC_LEGEND } from "./features/semanticLegend";
export type { TranscriptModel } from "./model/types";
