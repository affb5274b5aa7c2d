// Plain data shapes of the language service. They mirror the Language Server Protocol's
// (positions in UTF-16 code units, zero-based lines) so the LSP layer passes them through
// unchanged, but they are declared here so that the service imports no editor or LSP package.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A half-open span of UTF-16 offsets into a document's text. */
export interface Span {
  start: number;
  end: number;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** An edit as a text change event gives it: a range, or none for a whole-document replacement. */
export interface ContentChange {
  range?: Range;
  text: string;
}

export enum SymbolKind {
  File = 1,
  Module = 2,
  Namespace = 3,
  Package = 4,
  Class = 5,
  Method = 6,
  Property = 7,
  Field = 8,
  Constructor = 9,
  Enum = 10,
  Interface = 11,
  Function = 12,
  Variable = 13,
  Constant = 14,
  String = 15,
  Number = 16,
  Boolean = 17,
  Array = 18,
  Object = 19,
  Key = 20,
  Null = 21,
  EnumMember = 22,
  Struct = 23,
  Event = 24,
  Operator = 25,
  TypeParameter = 26,
}

export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  range: Range;
  selectionRange: Range;
  children?: DocumentSymbol[];
}

export interface WorkspaceSymbol {
  name: string;
  kind: SymbolKind;
  containerName?: string;
  location: { uri: string; range: Range };
}

export interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: "comment" | "imports" | "region";
}

export interface DocumentLink {
  range: Range;
  target: string;
  tooltip?: string;
}

export interface Hover {
  contents: { kind: "markdown" | "plaintext"; value: string };
  range?: Range;
}

export type Severity = "error" | "warning" | "information" | "hint";

export interface Diagnostic {
  range: Range;
  severity: Severity;
  code: string;
  message: string;
  source: "verbatim";
  /** Other places the message speaks of: where a cut sentence goes on (LSP's shape). */
  relatedInformation?: { location: { uri: string; range: Range }; message: string }[];
  /** The fix travels with the diagnostic; code actions read it back (see rules/registry.ts). */
  data?: DiagnosticData;
}

export interface DiagnosticData {
  /** Document version the fix was computed for. */
  version: number;
  /** Title of the quick fix. */
  title: string;
  edits: TextEdit[];
  /** True when the rule is sure: the fix may be applied by "fix all" and "clean". */
  safe: boolean;
}

export interface Command {
  title: string;
  command: string;
  arguments?: unknown[];
}

export interface CodeAction {
  title: string;
  kind: string;
  diagnostics?: Diagnostic[];
  isPreferred?: boolean;
  edit?: { changes: Record<string, TextEdit[]> };
  command?: Command;
}

export interface Location {
  uri: string;
  range: Range;
}

/** LSP's DocumentHighlightKind: 1 text, 2 read, 3 write. */
export interface DocumentHighlight {
  range: Range;
  kind: 1 | 2 | 3;
}

/** LSP's CompletionItemKind values used here. */
export enum CompletionItemKind {
  Text = 1,
  Constant = 21,
  Reference = 18,
}

export interface CompletionItem {
  label: string;
  kind: CompletionItemKind;
  detail?: string;
  documentation?: { kind: "markdown" | "plaintext"; value: string };
  filterText?: string;
  sortText?: string;
  textEdit: TextEdit;
}
