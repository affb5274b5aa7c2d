import type { Analysis } from "../analysis/analysis";
import type { Range, Severity, TextEdit } from "../types";

/** What a rule reports: where, what, and the fix when it has one. */
export interface Finding {
  range: Range;
  message: string;
  /** Other places the message speaks of (LSP's related information, in this document). */
  related?: { range: Range; message: string }[];
  fix?: { title: string; edits: TextEdit[]; safe: boolean };
}

/**
 * A diagnostic rule. Codes are stable strings (they are what users switch off in settings and
 * what code actions match on); rules are listed once, in RULES (registry.ts).
 */
export interface Rule {
  code: string;
  /** One line for the settings UI and the README. */
  description: string;
  defaultSeverity: Severity;
  /** Cleaning rules are published before checks when problems are capped. */
  category: "cleaning" | "check" | "document";
  /**
   * The findings in one analysis: reads its model, its frozen context and what it derives (a
   * rule keeps nothing of its own between analyses).
   */
  check(analysis: Analysis): Finding[];
  /**
   * Optional: the first `wanted` of `check`'s findings, in its order, and how many it finds,
   * without building the findings past `wanted` (the diagnostics convert only what the cap keeps
   * and count the rest). A rule that has it is made by `firstThenAll`, which makes its `check` of it: the two agree.
   */
  first?(analysis: Analysis, wanted: number): FirstFindings;
}

/** A rule's first findings and how many it has in all (`Rule.first`). */
export interface FirstFindings {
  findings: Finding[];
  count: number;
}

/**
 * The findings of a rule that makes one finding of each of `items`, in order: `build` runs on the
 * first `wanted` only.
 */
export function builtFirst<T>(items: readonly T[], wanted: number, build: (item: T) => Finding): FirstFindings {
  const findings: Finding[] = [];
  for (let k = 0; k < items.length && k < wanted; k++) findings.push(build(items[k]));
  return { findings, count: items.length };
}

/** A rule whose `check` is its `first` asked for every finding. */
export function firstThenAll(rule: Omit<Rule, "check" | "first"> & Required<Pick<Rule, "first">>): Rule {
  return { ...rule, check: (analysis) => rule.first(analysis, Number.POSITIVE_INFINITY).findings };
}
