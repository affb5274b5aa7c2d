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
}
