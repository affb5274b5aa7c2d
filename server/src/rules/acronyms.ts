import { ACRONYM_INDEX, expandEdit, expansionKeys } from "../analysis/acronymIndex";
import { acronymParts, isNumeralPart } from "../model/acronyms";
import type { Finding, Rule } from "./rule";

/** `undefined-acronym`: an acronym that neither the document nor any glossary defines; once, at its first use. */
export const undefinedAcronym: Rule = {
  code: "undefined-acronym",
  description:
    "An acronym that neither the document nor the team or built-in glossary defines (reported at its first use).",
  defaultSeverity: "information",
  category: "check",
  check(analysis) {
    const { model, context } = analysis;
    const { uses, definitions } = analysis.get(ACRONYM_INDEX);
    const out: Finding[] = [];
    const known = (key: string) => definitions.has(key) || context.glossary.lookup(key, model.language) !== undefined;
    for (const [key, list] of uses) {
      if (known(key)) continue;
      // A short form of several tokens is known where each is (`UN OCHA`; `START II`, its numeral aside).
      const parts = acronymParts(key);
      if (parts.length > 1 && parts.every((p) => isNumeralPart(p) || known(p))) continue;
      const n = list.length;
      out.push({
        range: model.lines.spanRange(list[0].span),
        message: `“${key}” is not defined in this document or in any glossary${n > 1 ? ` (used ${n} times)` : ""}.`,
      });
    }
    return out.sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    );
  },
};

/** `acronym-before-definition`: used before the document defines it; the fix writes the long form at the first use. */
export const acronymBeforeDefinition: Rule = {
  code: "acronym-before-definition",
  description: "An acronym used before the document defines it.",
  defaultSeverity: "information",
  category: "check",
  check(analysis) {
    const { model } = analysis;
    const { uses, definitions } = analysis.get(ACRONYM_INDEX);
    const out: Finding[] = [];
    for (const [key, defs] of definitions) {
      const first = uses.get(key)?.[0];
      const def = defs[0];
      // The definition's span holds both forms, whichever comes first (`CSTO (Collective …)`).
      if (!first || first.span.start >= Math.min(def.span.start, def.long.start, def.short.start)) continue;
      out.push({
        range: model.lines.spanRange(first.span),
        message: `“${key}” is used here before the document defines it on line ${def.line + 1} (${def.expansion}).`,
        fix: {
          title: `Expand ${key} here: ${def.expansion} (${key})`,
          edits: [expandEdit(model, first, def.expansion)],
          safe: false,
        },
      });
    }
    return out;
  },
};

/** `conflicting-acronym-definition`: the document defines one acronym twice, differently. */
export const conflictingAcronymDefinition: Rule = {
  code: "conflicting-acronym-definition",
  description: "An acronym the document defines twice with different long forms.",
  defaultSeverity: "information",
  category: "check",
  check(analysis) {
    const { model } = analysis;
    const out: Finding[] = [];
    // `sameExpansion`, each long form normalised once.
    const keyOf = expansionKeys();
    for (const [key, defs] of analysis.get(ACRONYM_INDEX).definitions) {
      const first = defs[0];
      const firstKey = keyOf(first.expansion);
      for (const d of defs.slice(1)) {
        if (keyOf(d.expansion) === firstKey) continue;
        out.push({
          range: model.lines.spanRange(d.span),
          message: `“${key}” is defined here as “${d.expansion}”, but on line ${first.line + 1} as “${first.expansion}”.`,
        });
      }
    }
    return out;
  },
};
