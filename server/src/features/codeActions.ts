import { type Analysis, derived } from "../analysis/analysis";
import type { TranscriptModel } from "../model/types";
import { DEFAULT_SETTINGS } from "../settings";
import type { CodeAction, Diagnostic, Range, TextEdit } from "../types";
import { computeDiagnostics } from "./diagnostics";

export const QUICK_FIX = "quickfix";
export const FIX_ALL_KIND = "source.fixAll.verbatim";

const overlaps = (a: Range, b: Range) =>
  !(
    a.end.line < b.start.line ||
    (a.end.line === b.start.line && a.end.character < b.start.character) ||
    b.end.line < a.start.line ||
    (b.end.line === a.start.line && b.end.character < a.start.character)
  );

const sameRange = (a: Range, b: Range) =>
  a.start.line === b.start.line &&
  a.start.character === b.start.character &&
  a.end.line === b.end.line &&
  a.end.character === b.end.character;

/**
 * The fix of a diagnostic: from its `data` when that was computed for this version, otherwise
 * recomputed from the model (diagnostics from another client, or an older version, carry none).
 */
function fixOf(model: TranscriptModel, d: Diagnostic, fresh: Diagnostic[]): Diagnostic["data"] | undefined {
  if (d.data && d.data.version === model.version && Array.isArray(d.data.edits)) return d.data;
  return fresh.find((f) => f.code === d.code && sameRange(f.range, d.range))?.data;
}

/** Drops edits that overlap an earlier one, so that a combined edit is always valid. */
export function nonOverlapping(edits: TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const prev = out[out.length - 1];
    if (
      prev &&
      !(
        prev.range.end.line < e.range.start.line ||
        (prev.range.end.line === e.range.start.line && prev.range.end.character <= e.range.start.character)
      )
    )
      continue;
    out.push(e);
  }
  return out;
}

/** All safe fixes of the document as one edit: what "Clean transcript" and fix-on-save apply. */
export function safeFixEdits(analysis: Analysis, diagnostics?: Diagnostic[]): TextEdit[] {
  const list = diagnostics ?? analysis.get(ALL_DIAGNOSTICS);
  return nonOverlapping(list.filter((d) => d.data?.safe).flatMap((d) => d.data?.edits ?? []));
}

/**
 * Every diagnostic with default settings and no cap: what fixes are recomputed from. Kept in the
 * analysis: an editor asks for code actions at every move of the cursor, and they would otherwise
 * run every rule again on an unchanged document; a new glossary or reference date is a new
 * analysis.
 */
export const ALL_DIAGNOSTICS = derived<Diagnostic[]>(
  "allDiagnostics",
  (analysis) => computeDiagnostics(analysis, { ...DEFAULT_SETTINGS, maxProblems: Number.MAX_SAFE_INTEGER }).diagnostics,
);

/** Code actions beyond quick fixes (refactorings at the cursor); features register here. */
export type ActionContributor = (analysis: Analysis, range: Range, diagnostics: Diagnostic[]) => CodeAction[];

export function codeActions(
  analysis: Analysis,
  range: Range,
  context: { diagnostics: Diagnostic[]; only?: string[] },
  contributors: readonly ActionContributor[] = [],
  /** Every safe fix as one pass (the service's `safeFixes`); by default the safe fixes' edits. */
  cleanEdits: (analysis: Analysis) => TextEdit[] = (a) => safeFixEdits(a),
): CodeAction[] {
  const { model } = analysis;
  const wants = (kind: string) => !context.only || context.only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = [];
  const all = analysis.get(ALL_DIAGNOSTICS);
  if (wants(QUICK_FIX)) {
    const seenCodes = new Set<string>();
    for (const d of context.diagnostics) {
      if (d.source !== "verbatim" || !overlaps(d.range, range)) continue;
      const data = fixOf(model, d, all);
      if (!data) continue;
      actions.push({
        title: data.title,
        kind: QUICK_FIX,
        diagnostics: [d],
        isPreferred: data.safe,
        edit: { changes: { [model.uri]: data.edits } },
      });
      const code = String(d.code);
      const same = all.filter((x) => x.code === code && x.data);
      if (!seenCodes.has(code) && same.length > 1) {
        seenCodes.add(code);
        actions.push({
          title: `Fix all ${same.length} ${code} problems in this file`,
          kind: QUICK_FIX,
          diagnostics: same,
          edit: { changes: { [model.uri]: nonOverlapping(same.flatMap((x) => x.data?.edits ?? [])) } },
        });
      }
    }
  }
  for (const contribute of contributors) {
    for (const action of contribute(analysis, range, context.diagnostics)) if (wants(action.kind)) actions.push(action);
  }
  if (context.only && wants(FIX_ALL_KIND)) {
    const edits = cleanEdits(analysis);
    if (edits.length)
      actions.push({
        title: "Verbatim: apply all safe fixes",
        kind: FIX_ALL_KIND,
        edit: { changes: { [model.uri]: edits } },
      });
  }
  return actions;
}
