// The language service's public face: what the LSP server, the CLI and the tests import.

export type { Analysis, Derived } from "./analysis/analysis";
export { ADD_TO_GLOSSARY_COMMAND } from "./features/acronyms";
export { FIX_ALL_KIND, QUICK_FIX, safeFixEdits } from "./features/codeActions";
export {
  EXPORT_SCHEMA_VERSION,
  type RecordExport,
  SPEECHES_CSV_COLUMNS,
  toCsv,
  VOTES_CSV_COLUMNS,
} from "./features/export";
export { SEMANTIC_LEGEND, TOKEN_MODIFIERS, TOKEN_TYPES } from "./features/semanticLegend";
export type { SpeakerIndex } from "./features/speakers";
export { voteDetail, voteName } from "./features/votes";
export {
  addToTeamGlossary,
  type GlossaryEdit,
  type GlossaryEntry,
  parseTeamGlossary,
} from "./glossary/glossary";
export { GLOSSARY_MAX_BYTES, readTeamGlossaryFile, type TeamGlossaryFile } from "./glossary/teamFile";
export { type OcrWordMark, sameOcrWords } from "./model/ocrWords";
export { parseTranscript } from "./model/parse";
export type * from "./model/types";
export {
  type Alignment,
  alignText,
  type ImportedRecord,
  type ImportOptions,
  type ImportRefusal,
  type ImportResult,
  importPdf,
  type PageBox,
  type PageSize,
  PDF_LIMITS,
  PDF_MAX_BYTES,
  type RefusalKind,
  type SourceWord,
  TextLink,
  TextSource,
} from "./pdf";
export {
  formatOcrSidecar,
  importScan,
  OCR_SECONDS_A_PAGE,
  type OcrImportResult,
  type OcrReport,
  planScan,
  type ScanPlan,
} from "./pdf/ocr";
export { parseOcrSidecar } from "./pdf/ocr/sidecar";
export { indexBuffers, type ReadIndex } from "./readIndex";
export { FIRST_ANALYSES, FIRST_ANALYSES_MAX_HELD, firstAnalysis, REHEARSAL_URI, rehearsal } from "./rehearsal";
export { RULES, type Rule } from "./rules/registry";
export {
  ACTION_CONTRIBUTORS,
  createLanguageService,
  type EditedFrom,
  HOVER_CONTRIBUTORS,
  type LanguageService,
  type TextDocumentLike,
  TOKEN_CONTRIBUTORS,
} from "./service";
export { DEFAULT_GLOSSARY_PATH, DEFAULT_SETTINGS, normalizeSettings, type VerbatimSettings } from "./settings";
export { applyContentChanges, applyTextEdits, LineIndex } from "./text/lineIndex";
export type * from "./types";
