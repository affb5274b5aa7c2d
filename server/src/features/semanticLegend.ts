/**
 * The one semantic token legend of Verbatim. The client contributes the same types (with a
 * standard superType and a TextMate scope each) in package.json; a test keeps them in step.
 */
export const TOKEN_TYPES = [
  "speakerTitle",
  "speaker",
  "delegation",
  "role",
  "interpretation",
  "procedural",
  "pageFurniture",
  "documentSymbol",
  "agenda",
  "acronym",
  "date",
  "time",
  "coverField",
] as const;

export const TOKEN_MODIFIERS = ["declaration", "defined", "glossary", "unknown", "relative"] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export const SEMANTIC_LEGEND = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };
