import type { AcronymDefinition, AcronymToken, TranscriptModel } from "../model/types";
import type { TextEdit } from "../types";
import { derived } from "./analysis";

/** The acronyms of one model, grouped. */
export interface AcronymIndex {
  uses: Map<string, AcronymToken[]>;
  definitions: Map<string, AcronymDefinition[]>;
}

/** The acronym index of an analysis: built once per analysis, on first use. */
export const ACRONYM_INDEX = derived<AcronymIndex>("acronymIndex", (analysis) => acronymIndex(analysis.model));

/** Builds the acronym index of a model (`ACRONYM_INDEX` keeps it for an analysis). */
export function acronymIndex(model: TranscriptModel): AcronymIndex {
  const uses = new Map<string, AcronymToken[]>();
  for (const t of model.tokens.acronyms) {
    const list = uses.get(t.text);
    if (list) list.push(t);
    else uses.set(t.text, [t]);
  }
  const definitions = new Map<string, AcronymDefinition[]>();
  for (const d of model.tokens.acronymDefinitions) {
    const list = definitions.get(d.acronym);
    if (list) list.push(d);
    else definitions.set(d.acronym, [d]);
  }
  return { uses, definitions };
}

/** Two long forms are the same when case, a leading article, hyphens, plural `s` and -ise/-ize aside they are. */
export function sameExpansion(a: string, b: string): boolean {
  return norm(a) === norm(b);
}

/**
 * `sameExpansion`'s comparison key of a long form, each distinct long form normalised once for
 * the pass that made it: a record defines a hundred long forms some thousand times.
 */
export function expansionKeys(): (expansion: string) => string {
  const known = new Map<string, string>();
  return (expansion) => {
    let key = known.get(expansion);
    if (key === undefined) {
      key = norm(expansion);
      known.set(expansion, key);
    }
    return key;
  };
}

function norm(s: string): string {
  return s
    .toLowerCase()
    .replace(/^the /, "")
    .replace(/[-‐\s]+/g, " ")
    .replace(/s\b/g, "")
    .replace(/isation|ization/g, "ization")
    .trim();
}

/** The edit that writes the long form at an acronym's use: `Collective Security Treaty Organization (CSTO)`. */
export function expandEdit(model: TranscriptModel, token: AcronymToken, expansion: string): TextEdit {
  const written = model.text.slice(token.span.start, token.span.end);
  return { range: model.lines.spanRange(token.span), newText: `${expansion} (${written})` };
}
