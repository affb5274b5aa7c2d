import type { Analysis } from "../analysis/analysis";
import type { TranscriptModel } from "../model/types";
import { type Finding, type FirstFindings, RULES, type Rule } from "../rules/registry";
import type { VerbatimSettings } from "../settings";
import type { Diagnostic, Severity } from "../types";

export interface DiagnosticsResult {
  diagnostics: Diagnostic[];
  /** Findings per code before the cap, so that nothing is dropped silently. */
  counts: Record<string, number>;
  /** How many were left out by `maxProblems`. */
  dropped: number;
}

const CATEGORY_ORDER: Record<Rule["category"], number> = { document: 0, cleaning: 1, check: 2 };

function toDiagnostic(model: TranscriptModel, rule: Rule, severity: Severity, f: Finding): Diagnostic {
  return {
    range: f.range,
    severity,
    code: rule.code,
    message: f.message,
    source: "verbatim",
    ...(f.related?.length
      ? {
          relatedInformation: f.related.map((r) => ({
            location: { uri: model.uri, range: r.range },
            message: r.message,
          })),
        }
      : {}),
    ...(f.fix ? { data: { version: model.version, title: f.fix.title, edits: f.fix.edits, safe: f.fix.safe } } : {}),
  };
}

/**
 * Runs every enabled rule. A rule that throws is reported once through `onError` and skipped:
 * one broken rule never hides the others. Cleaning comes first when the cap applies.
 */
export function computeDiagnostics(
  analysis: Analysis,
  settings: VerbatimSettings,
  onError: (rule: Rule, error: unknown) => void = () => {},
  rules: readonly Rule[] = RULES,
): DiagnosticsResult {
  const { model } = analysis;
  const ordered = [...rules].sort((a, b) => CATEGORY_ORDER[a.category] - CATEGORY_ORDER[b.category]);
  const max = Math.max(1, settings.maxProblems);
  // Only what the cap keeps is converted (a 10 MB record has thousands of findings past it); every
  // finding is counted.
  const kept: Diagnostic[] = [];
  let found = 0;
  const counts: Record<string, number> = {};
  for (const rule of ordered) {
    const severity = settings.rules[rule.code] ?? rule.defaultSeverity;
    if (severity === "off") continue;
    // Binary data, and columns side by side, get their one message and nothing else.
    if ((model.unreadable || model.columns) && rule.category !== "document") continue;
    let ruleFound: FirstFindings;
    try {
      // A rule that can stop building findings past the cap does (`Rule.first`): it counts them.
      if (rule.first) ruleFound = rule.first(analysis, max - kept.length);
      else {
        const findings = rule.check(analysis);
        ruleFound = { findings, count: findings.length };
      }
    } catch (error) {
      onError(rule, error);
      continue;
    }
    const { findings, count } = ruleFound;
    if (count) counts[rule.code] = count;
    for (let k = 0; k < findings.length && kept.length < max; k++)
      kept.push(toDiagnostic(model, rule, severity, findings[k]));
    found += count;
  }
  return { diagnostics: kept, counts, dropped: Math.max(0, found - max) };
}
