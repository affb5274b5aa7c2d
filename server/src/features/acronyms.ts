import { COMMANDS } from "../../../shared/constants";
import { ACRONYM_INDEX, expandEdit, sameExpansion } from "../analysis/acronymIndex";
import type { Analysis, FrozenContext } from "../analysis/analysis";
import type { GlossaryHit } from "../glossary/glossary";
import { acronymParts, isNumeralPart } from "../model/acronyms";
import type { AcronymDefinition, AcronymToken, TranscriptModel } from "../model/types";
import type { CodeAction, CompletionItem, DocumentHighlight, Location, Position, Range } from "../types";
import { CompletionItemKind } from "../types";
import type { ActionContributor } from "./codeActions";
import type { HoverContributor } from "./hover";
import type { TokenContributor } from "./semanticTokens";

/** Where an acronym's expansion comes from; the nearest source wins. */
export type Resolution =
  | { source: "document"; expansion: string; definition: AcronymDefinition; glossary?: GlossaryHit }
  | { source: "team" | "builtin"; expansion: string; glossary: GlossaryHit }
  | { source: "unknown" };

/**
 * Resolves an acronym at an offset: the document's own definition (the nearest one before the
 * offset, else the first), then the team glossary, then the built-in one.
 */
export function resolveAcronym(analysis: Analysis, acronym: string, offset = Number.MAX_SAFE_INTEGER): Resolution {
  const { model, context } = analysis;
  const defs = analysis.get(ACRONYM_INDEX).definitions.get(acronym);
  const glossary = glossaryHit(context, acronym, model.language);
  if (defs?.length) {
    const before = defs.filter((d) => d.span.start <= offset);
    const definition = before.length ? before[before.length - 1] : defs[0];
    return { source: "document", expansion: definition.expansion, definition, ...(glossary ? { glossary } : {}) };
  }
  if (glossary) return { source: glossary.origin, expansion: glossary.expansion, glossary };
  return { source: "unknown" };
}

/** The glossaries' entry of an acronym, or of its base where it has a Roman numeral (`START II`: `START`). */
function glossaryHit(context: FrozenContext, acronym: string, language: string): GlossaryHit | undefined {
  const hit = context.glossary.lookup(acronym, language);
  if (hit || !acronym.includes(" ")) return hit;
  const base = acronymParts(acronym).filter((p) => !isNumeralPart(p));
  return base.length === 1 ? context.glossary.lookup(base[0], language) : undefined;
}

export function acronymAt(model: TranscriptModel, offset: number): AcronymToken | undefined {
  const tokens = model.tokens.acronyms;
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tokens[mid];
    if (offset < t.span.start) hi = mid - 1;
    else if (offset > t.span.end) lo = mid + 1;
    else return t;
  }
  return undefined;
}

const plainLine = (s: string) => s.replace(/\s+/g, " ").trim();
/** Escapes markdown only where it would act: a word's letters stay as they are. */
const mdText = (s: string) =>
  plainLine(s).replace(/([\\`*<>[\]|])|(^|\s)([_#])/g, (_m, a, sp, b) => (a ? `\\${a}` : `${sp}\\${b}`));

function sourceLine(context: FrozenContext, r: Resolution): string {
  switch (r.source) {
    case "document":
      return `Defined in this document on line ${r.definition.line + 1}`;
    case "team":
      return `From the team glossary${r.glossary.file ? ` (${mdText(shortPath(r.glossary.file))})` : ""}${category(context, r.glossary)}`;
    case "builtin":
      return `From the built-in UN glossary${category(context, r.glossary)}`;
    default:
      return "";
  }
}

function category(context: FrozenContext, hit: GlossaryHit): string {
  const name = context.glossary.categoryName(hit.entry.category);
  return name ? ` · ${mdText(name)}` : "";
}

function shortPath(file: string): string {
  const m = /([^/\\]+[/\\][^/\\]+)$/.exec(file.replace(/^file:\/\//, ""));
  return m ? m[1] : file;
}

export const acronymHover: HoverContributor = (analysis, offset) => {
  const { model, context } = analysis;
  const token = acronymAt(model, offset);
  if (!token) return undefined;
  const r = resolveAcronym(analysis, token.text, offset);
  const uses = analysis.get(ACRONYM_INDEX).uses.get(token.text) ?? [token];
  const written = token.plural ? `${token.text}s` : token.text;
  const lines: string[] = [];
  if (r.source === "unknown") {
    lines.push(`**${mdText(written)}** — not defined in this document or any glossary`);
  } else {
    const expansion = token.plural && r.source !== "document" ? pluralize(r.expansion, model.language) : r.expansion;
    lines.push(`**${mdText(written)}** — ${mdText(expansion)}`);
    lines.push(sourceLine(context, r));
    if (r.source === "document" && r.glossary && !sameExpansion(r.glossary.expansion, r.expansion)) {
      lines.push(
        `The ${r.glossary.origin === "team" ? "team" : "built-in"} glossary has: ${mdText(r.glossary.expansion)}`,
      );
    }
  }
  const first = uses[0];
  lines.push(
    `Used ${uses.length === 1 ? "once" : `${uses.length} times`} in this document` +
      `; first use on line ${first.line + 1}`,
  );
  return { span: token.span, markdown: lines.filter(Boolean).join("\n\n") };
};

/**
 * The plural of a glossary's singular long form, for a plural use (`LDCs`: least developed
 * countries). English only; other languages keep the singular.
 */
export function pluralize(expansion: string, language: string): string {
  if (language !== "en") return expansion;
  // The head noun is the last word, or the word before `of`/`for`/`on` (`Sustainable Development Goal`).
  const m = /^(.*?)(\p{L}+)((?:\s+(?:of|for|on|in)\s.*)?)$/u.exec(expansion);
  if (!m) return expansion;
  const [, head, noun, tail] = m;
  if (/s$/.test(noun)) return expansion;
  const plural = /[^aeiou]y$/.test(noun)
    ? `${noun.slice(0, -1)}ies`
    : /(?:s|x|z|ch|sh)$/.test(noun)
      ? `${noun}es`
      : `${noun}s`;
  return `${head}${plural}${tail}`;
}

export const acronymTokens: TokenContributor = (analysis, out) => {
  const { model, context } = analysis;
  const defs = analysis.get(ACRONYM_INDEX).definitions;
  const known = new Map<string, "defined" | "glossary" | "unknown">();
  const declared = new Set(model.tokens.acronymDefinitions.map((d) => d.short.start));
  for (const t of model.tokens.acronyms) {
    let kind = known.get(t.text);
    if (!kind) {
      kind = defs.has(t.text) ? "defined" : glossaryHit(context, t.text, model.language) ? "glossary" : "unknown";
      known.set(t.text, kind);
    }
    out.push({
      span: t.span,
      type: "acronym",
      modifiers: declared.has(t.span.start) ? [kind, "declaration"] : [kind],
    });
  }
};

export function acronymDefinition(analysis: Analysis, offset: number): Location[] {
  const { model } = analysis;
  const token = acronymAt(model, offset);
  if (!token) return [];
  const r = resolveAcronym(analysis, token.text, offset);
  if (r.source !== "document") return [];
  return [{ uri: model.uri, range: model.lines.spanRange(r.definition.span) }];
}

export function acronymReferences(analysis: Analysis, offset: number, includeDeclaration: boolean): Location[] {
  const { model } = analysis;
  const token = acronymAt(model, offset);
  if (!token) return [];
  const declared = new Set((analysis.get(ACRONYM_INDEX).definitions.get(token.text) ?? []).map((d) => d.short.start));
  return (analysis.get(ACRONYM_INDEX).uses.get(token.text) ?? [])
    .filter((t) => includeDeclaration || !declared.has(t.span.start))
    .map((t) => ({ uri: model.uri, range: model.lines.spanRange(t.span) }));
}

export function acronymHighlights(analysis: Analysis, offset: number): DocumentHighlight[] {
  const { model } = analysis;
  const token = acronymAt(model, offset);
  if (!token) return [];
  const declared = new Set((analysis.get(ACRONYM_INDEX).definitions.get(token.text) ?? []).map((d) => d.short.start));
  return (analysis.get(ACRONYM_INDEX).uses.get(token.text) ?? []).map((t) => ({
    range: model.lines.spanRange(t.span),
    kind: declared.has(t.span.start) ? 3 : 2,
  }));
}

/** The client's command that the quick fix of `undefined-acronym` runs (shared/constants.ts). */
export const ADD_TO_GLOSSARY_COMMAND = COMMANDS.addToGlossary;

/**
 * Quick fixes of acronym diagnostics and a refactoring at the cursor: add an undefined acronym to
 * the team glossary (a client command: it asks for the expansion), expand at first use.
 */
export const acronymActions: ActionContributor = (analysis, range, diagnostics) => {
  const { model } = analysis;
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== "verbatim" || d.code !== "undefined-acronym") continue;
    const offset = model.lines.offsetAt(d.range.start);
    const token = acronymAt(model, offset);
    if (!token) continue;
    actions.push({
      title: `Add ${token.text} to the team glossary…`,
      kind: "quickfix",
      diagnostics: [d],
      command: {
        title: `Add ${token.text} to the team glossary`,
        command: ADD_TO_GLOSSARY_COMMAND,
        arguments: [{ acronym: token.text, uri: model.uri }],
      },
    });
  }
  // Expand at first use, for the acronym under the cursor, when its first use is not a definition.
  const token = acronymAt(model, model.lines.offsetAt(range.start));
  if (token) {
    const r = resolveAcronym(analysis, token.text);
    const first = analysis.get(ACRONYM_INDEX).uses.get(token.text)?.[0];
    const definedAtFirst =
      r.source === "document" && first && r.definition.short.start === first.span.start && first === token;
    if (r.source !== "unknown" && first && !definedAtFirst && !isDefinitionShort(model, first)) {
      actions.push({
        title: `Expand ${token.text} at its first use (line ${first.line + 1})`,
        kind: "refactor.rewrite",
        edit: { changes: { [model.uri]: [expandEdit(model, first, r.expansion)] } },
      });
    }
  }
  return actions;
};

function isDefinitionShort(model: TranscriptModel, token: AcronymToken): boolean {
  return model.tokens.acronymDefinitions.some((d) => d.short.start === token.span.start);
}

/**
 * Completion: after an acronym's first letters, the glossary's acronyms; after the opening words
 * of a known long form, the long form with its acronym in parentheses.
 */
export function acronymCompletions(analysis: Analysis, position: Position): CompletionItem[] {
  const { model, context } = analysis;
  const { lines } = model;
  const lineText = lines.line(position.line).slice(0, position.character);
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const known = new Map<string, { expansion: string; detail: string }>();
  for (const [key, defs] of analysis.get(ACRONYM_INDEX).definitions) {
    known.set(key, { expansion: defs[0].expansion, detail: `defined on line ${defs[0].line + 1}` });
  }
  for (const { entry, origin } of context.glossary.entries()) {
    if (known.has(entry.acronym)) continue;
    const hit = context.glossary.lookup(entry.acronym, model.language);
    known.set(entry.acronym, {
      expansion: hit?.expansion ?? entry.expansion,
      detail: origin === "team" ? "team glossary" : "built-in UN glossary",
    });
  }
  // An acronym being typed: capitals (two at least) at the cursor.
  const acr = /(?<![\p{L}\p{N}])(\p{Lu}[\p{Lu}\p{N}]+)$/u.exec(lineText);
  if (acr) {
    const prefix = acr[1];
    const range: Range = {
      start: { line: position.line, character: position.character - prefix.length },
      end: position,
    };
    for (const [key, k] of known) {
      if (!key.startsWith(prefix) || seen.has(key)) continue;
      seen.add(key);
      items.push({
        label: key,
        kind: CompletionItemKind.Constant,
        detail: `${k.expansion} — ${k.detail}`,
        sortText: `0${key}`,
        textEdit: { range, newText: key },
      });
      items.push({
        label: `${k.expansion} (${key})`,
        kind: CompletionItemKind.Text,
        detail: k.detail,
        filterText: key,
        sortText: `1${key}`,
        textEdit: { range, newText: `${k.expansion} (${key})` },
      });
      if (items.length > 100) break;
    }
  }
  // The opening words of a long form (three letters at least): offer the whole of it. The longest
  // run of the last few words that opens some long form decides where the replacement starts.
  const tail = /(?:\p{L}[\p{L}\p{M}'’-]*\s+){0,4}\p{L}[\p{L}\p{M}'’-]*$/u.exec(lineText);
  if (tail) {
    const ws = [...tail[0].matchAll(/\p{L}[\p{L}\p{M}'’-]*/gu)];
    for (let k = 0; k < ws.length; k++) {
      const from = tail.index + (ws[k].index ?? 0);
      const typed = lineText.slice(from).replace(/\s+/g, " ");
      if (typed.length < 3) break;
      const lower = typed.toLowerCase();
      const matches = [...known].filter(
        ([, v]) => v.expansion.toLowerCase().startsWith(lower) && v.expansion.length > typed.length,
      );
      if (!matches.length) continue;
      const range: Range = { start: { line: position.line, character: from }, end: position };
      for (const [key, k2] of matches.slice(0, 100)) {
        items.push({
          label: `${k2.expansion} (${key})`,
          kind: CompletionItemKind.Text,
          detail: k2.detail,
          filterText: typed,
          sortText: `2${k2.expansion}`,
          textEdit: { range, newText: `${k2.expansion} (${key})` },
        });
      }
      break;
    }
  }
  return items;
}
