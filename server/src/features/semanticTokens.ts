import type { Analysis } from "../analysis/analysis";
import type { HeaderPartKind, TranscriptModel } from "../model/types";
import type { Span } from "../types";
import { TOKEN_MODIFIERS, TOKEN_TYPES, type TokenModifier, type TokenType } from "./semanticLegend";

export interface SemanticToken {
  span: Span;
  type: TokenType;
  modifiers?: TokenModifier[];
}

/** Contributors of semantic tokens, one per kind of thing in the model; later features add theirs. */
export type TokenContributor = (analysis: Analysis, out: SemanticToken[]) => void;

const HEADER_TYPES: Record<HeaderPartKind, TokenType | undefined> = {
  title: "speakerTitle",
  name: "speaker",
  office: "speaker",
  entity: "delegation",
  role: "role",
  note: "interpretation",
  colon: undefined,
};

export const structureTokens: TokenContributor = ({ model }, out) => {
  for (const speech of model.speeches) {
    for (const part of speech.header.parts) {
      const type = HEADER_TYPES[part.kind];
      if (type) out.push({ span: part.span, type, modifiers: ["declaration"] });
    }
  }
  for (const p of model.procedurals) out.push({ span: p.span, type: "procedural" });
  for (const f of model.furniture) if (f.span.end > f.span.start) out.push({ span: f.span, type: "pageFurniture" });
  for (const a of model.agendaItems) out.push({ span: a.labelSpan, type: "agenda" });
  for (const r of model.tokens.documentRefs) out.push({ span: r.span, type: "documentSymbol" });
};

/**
 * Encodes tokens as LSP's relative integers. Tokens are cut at line ends (LSP tokens may not span
 * lines) and overlaps are dropped, the earlier-starting token winning.
 */
export function encodeSemanticTokens(model: TranscriptModel, tokens: SemanticToken[]): number[] {
  const { lines } = model;
  const pieces: { line: number; char: number; length: number; type: number; mods: number }[] = [];
  tokens.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  let covered = 0;
  for (const t of tokens) {
    if (t.span.start < covered || t.span.end <= t.span.start) continue;
    covered = t.span.end;
    const type = TOKEN_TYPES.indexOf(t.type);
    let mods = 0;
    for (const m of t.modifiers ?? []) mods |= 1 << TOKEN_MODIFIERS.indexOf(m);
    let line = lines.lineAt(t.span.start);
    let start = t.span.start;
    while (start < t.span.end && line < lines.lineCount) {
      const end = Math.min(t.span.end, lines.ends[line]);
      if (end > start) pieces.push({ line, char: start - lines.starts[line], length: end - start, type, mods });
      line++;
      start = line < lines.lineCount ? Math.max(start, lines.starts[line]) : t.span.end;
    }
  }
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  for (const p of pieces) {
    const dl = p.line - prevLine;
    data.push(dl, dl === 0 ? p.char - prevChar : p.char, p.length, p.type, p.mods);
    prevLine = p.line;
    prevChar = p.char;
  }
  return data;
}
