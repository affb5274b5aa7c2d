// The server's features as one table: for each, the LSP method it answers, what `initialize`
// advertises of it, the freshness of the model it needs, its answer when the document is not
// open, how the request's parameters become the analyst's and the analyst's result the client's,
// and the analyst's side — the answer from a model. The capabilities (capabilities.ts), the
// handlers (dispatch.ts) and the analysts' dispatch (analyst.ts) are all derived from it, so a
// feature is added here, once. The keys are the analysts' methods (shared/threads.ts,
// `AnalystRequests`): one name a feature in every table.
//
// Loaded by the analyst threads too: nothing here may load vscode-languageserver at run time
// (its types only).

import type {
  CodeActionParams,
  CodeLensParams,
  CompletionParams,
  DefinitionParams,
  DocumentHighlightParams,
  DocumentLinkParams,
  DocumentSymbolParams,
  FoldingRangeParams,
  HoverParams,
  PrepareRenameParams,
  ReferenceParams,
  RenameParams,
  SemanticTokensParams,
  ServerCapabilities,
  WorkspaceSymbolParams,
} from "vscode-languageserver/node";
import { MESSAGES } from "../../shared/protocol";
import type { AnalystMethod, AnalystParams, AnalystResult } from "../../shared/threads";
import {
  type CodeAction,
  FIX_ALL_KIND,
  type LanguageService,
  SEMANTIC_LEGEND,
  type TextDocumentLike,
  type TextEdit,
  type VerbatimSettings,
} from "../src/index";
import { fromLspDiagnostic, toLspCodeAction } from "./convert";
import { isDiagnostic, isObject, isPosition, isRange } from "./validate";

/** "exact": the model of the version the request is about; "recent": the most recent model. */
export type Freshness = "exact" | "recent";

/** Verbatim's own requests name the document by `uri` (shared/protocol.ts). */
interface UriParams {
  uri: string;
}

/** The parameters of each feature's request, as the client sends them. */
interface LspParams {
  hover: HoverParams;
  documentHighlight: DocumentHighlightParams;
  definition: DefinitionParams;
  references: ReferenceParams;
  completion: CompletionParams;
  prepareRename: PrepareRenameParams;
  rename: RenameParams;
  documentSymbol: DocumentSymbolParams;
  foldingRange: FoldingRangeParams;
  documentLink: DocumentLinkParams;
  semanticTokens: SemanticTokensParams;
  codeAction: CodeActionParams;
  codeLens: CodeLensParams;
  speakers: UriParams;
  safeFixes: UriParams;
  unwrap: UriParams;
  workspaceSymbol: WorkspaceSymbolParams;
}

export interface Feature<M extends AnalystMethod> {
  /** The method of the request (LSP's, or Verbatim's own from shared/protocol.ts). */
  lsp: string;
  /** What `initialize` says of it (empty for Verbatim's own requests). */
  capability: ServerCapabilities;
  /**
   * Which document the request is about: `textDocument.uri` (LSP's requests), `uri` (Verbatim's
   * own), or none, the whole workspace (answered by a handler of the server's: workspaceSymbols.ts).
   */
  target: "textDocument" | "uri" | "workspace";
  freshness: Freshness;
  /** The answer about a document the client has not opened. */
  empty: unknown;
  /** What is wrong with the parameters beyond the document's URI (always checked), if anything. */
  check?(p: Record<string, unknown>): string | undefined;
  /** The analyst's parameters, from the request's and the settings. */
  params(p: LspParams[M], settings: VerbatimSettings): AnalystParams<M>;
  /** The client's answer from the analyst's result (the result itself when absent). */
  read?(result: AnalystResult<M>, uri: string): unknown;
  /** The analyst's side: the answer from the model of `doc`. */
  answer(service: LanguageService, doc: TextDocumentLike, p: AnalystParams<M>): AnalystResult<M>;
}

export type Features = { [M in AnalystMethod]: Feature<M> };

const none = () => ({});
const at = (p: { position: { line: number; character: number } }) => ({ position: p.position });
const positioned = (p: Record<string, unknown>) =>
  isPosition(p.position) ? undefined : "no position of non-negative integers line and character";
/** The common parts of a request about one position, answered from the most recent model. */
const recentAt = {
  target: "textDocument",
  freshness: "recent",
  check: positioned,
  params: at,
} as const;
/** The common parts of a request about a whole document, answered from its version's model. */
const whole = { target: "textDocument", freshness: "exact", params: none } as const;
/** Verbatim's own requests about a whole document (shared/protocol.ts). */
const own = (lsp: string) => ({ lsp, capability: {}, target: "uri", freshness: "exact", params: none }) as const;

function codeActionProblem(p: Record<string, unknown>): string | undefined {
  if (!isRange(p.range)) return "no range";
  const context = p.context;
  if (!isObject(context) || !Array.isArray(context.diagnostics) || !context.diagnostics.every(isDiagnostic))
    return "no context with a list of diagnostics";
  if (context.only !== undefined && !(Array.isArray(context.only) && context.only.every((k) => typeof k === "string")))
    return "context.only is no list of kinds";
  return undefined;
}

export const FEATURES: Features = {
  hover: {
    ...recentAt,
    lsp: "textDocument/hover",
    capability: { hoverProvider: true },
    empty: null,
    answer: (s, doc, p) => s.hover(doc, p.position),
  },
  documentHighlight: {
    ...recentAt,
    lsp: "textDocument/documentHighlight",
    capability: { documentHighlightProvider: true },
    empty: [],
    answer: (s, doc, p) => s.documentHighlights(doc, p.position),
  },
  definition: {
    ...recentAt,
    lsp: "textDocument/definition",
    capability: { definitionProvider: true },
    empty: [],
    answer: (s, doc, p) => s.definition(doc, p.position),
  },
  references: {
    ...recentAt,
    lsp: "textDocument/references",
    capability: { referencesProvider: true },
    empty: [],
    check: (p) => positioned(p) ?? (isObject(p.context) ? undefined : "no context"),
    params: (p) => ({ position: p.position, includeDeclaration: p.context.includeDeclaration === true }),
    answer: (s, doc, p) => s.references(doc, p.position, p.includeDeclaration),
  },
  completion: {
    ...recentAt,
    freshness: "exact",
    lsp: "textDocument/completion",
    capability: { completionProvider: { triggerCharacters: [], resolveProvider: false } },
    empty: [],
    answer: (s, doc, p) => s.completion(doc, p.position),
  },
  prepareRename: {
    ...recentAt,
    freshness: "exact",
    lsp: "textDocument/prepareRename",
    capability: {},
    empty: null,
    answer: (s, doc, p) => s.prepareRename(doc, p.position),
  },
  rename: {
    ...recentAt,
    freshness: "exact",
    lsp: "textDocument/rename",
    capability: { renameProvider: { prepareProvider: true } },
    empty: null,
    check: (p) => positioned(p) ?? (typeof p.newName === "string" ? undefined : "newName is no string"),
    params: (p) => ({ position: p.position, newName: p.newName }),
    read: (edits: TextEdit[], uri) => (edits.length ? { changes: { [uri]: edits } } : null),
    answer: (s, doc, p) => s.rename(doc, p.position, p.newName),
  },
  documentSymbol: {
    ...whole,
    lsp: "textDocument/documentSymbol",
    capability: { documentSymbolProvider: { label: "Verbatim" } },
    empty: [],
    answer: (s, doc) => s.documentSymbols(doc),
  },
  foldingRange: {
    ...whole,
    lsp: "textDocument/foldingRange",
    capability: { foldingRangeProvider: true },
    empty: [],
    answer: (s, doc) => s.foldingRanges(doc),
  },
  documentLink: {
    ...whole,
    lsp: "textDocument/documentLink",
    capability: { documentLinkProvider: { resolveProvider: false } },
    empty: [],
    answer: (s, doc) => s.documentLinks(doc),
  },
  semanticTokens: {
    ...whole,
    lsp: "textDocument/semanticTokens/full",
    capability: { semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: true, range: false } },
    empty: { data: [] },
    answer: (s, doc) => s.semanticTokens(doc),
  },
  codeAction: {
    ...whole,
    lsp: "textDocument/codeAction",
    // LSP's CodeActionKind.QuickFix and RefactorRewrite, and the service's fix-all kind.
    capability: {
      codeActionProvider: { codeActionKinds: ["quickfix", "refactor.rewrite", FIX_ALL_KIND], resolveProvider: false },
    },
    empty: [],
    check: codeActionProblem,
    params: (p) => ({
      range: p.range,
      context: {
        diagnostics: p.context.diagnostics.map(fromLspDiagnostic),
        ...(p.context.only ? { only: p.context.only } : {}),
      },
    }),
    read: (actions: CodeAction[]) => actions.map(toLspCodeAction),
    answer: (s, doc, p) => s.codeActions(doc, p.range, p.context),
  },
  codeLens: {
    ...whole,
    lsp: "textDocument/codeLens",
    capability: { codeLensProvider: { resolveProvider: false } },
    empty: [],
    params: (_p, settings) => ({ wordsPerMinute: settings.wordsPerMinute }),
    answer: (s, doc, p) => s.codeLenses(doc, p.wordsPerMinute),
  },
  speakers: { ...own(MESSAGES.speakers.method), empty: { groups: [] }, answer: (s, doc) => s.speakers(doc) },
  safeFixes: { ...own(MESSAGES.safeFixes.method), empty: [], answer: (s, doc) => s.safeFixes(doc) },
  unwrap: { ...own(MESSAGES.unwrap.method), empty: [], answer: (s, doc) => s.unwrap(doc) },
  workspaceSymbol: {
    lsp: "workspace/symbol",
    capability: { workspaceSymbolProvider: true },
    target: "workspace",
    freshness: "recent",
    empty: [],
    check: (p) => (typeof p.query === "string" ? undefined : "no query string"),
    params: (p) => ({ query: p.query }),
    answer: (s, doc, p) => s.workspaceSymbols(p.query, [doc]),
  },
};

/** The table's entries, each with its method's types. */
export function features(): [AnalystMethod, Feature<AnalystMethod>][] {
  return Object.entries(FEATURES) as [AnalystMethod, Feature<AnalystMethod>][];
}
