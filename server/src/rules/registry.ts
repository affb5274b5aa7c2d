import type { AnalysisContext } from "../context";
import type { TranscriptModel } from "../model/types";
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
 * what code actions match on); rules are listed once, in RULES below.
 */
export interface Rule {
  code: string;
  /** One line for the settings UI and the README. */
  description: string;
  defaultSeverity: Severity;
  /** Cleaning rules are published before checks when problems are capped. */
  category: "cleaning" | "check" | "document";
  check(model: TranscriptModel, context: AnalysisContext): Finding[];
}

import { acronymBeforeDefinition, conflictingAcronymDefinition, undefinedAcronym } from "./acronyms";
import { brokenHyphenation } from "./brokenHyphenation";
import { characterDamage } from "./characterDamage";
import { dateMismatch } from "./dateMismatch";
import { fusedWords, lostHyphen } from "./fusedWords";
import { notChecked } from "./notChecked";
import { ocrUncertain } from "./ocrUncertain";
import { pageArtifact } from "./pageArtifact";
import { headerFormat, speakerInconsistent, unknownState } from "./speakers";
import { splitParagraph } from "./splitParagraph";
import { twoColumnLayout } from "./twoColumns";
import { unreadableDocument } from "./unreadable";
import { voteCount } from "./votes";

export const RULES: readonly Rule[] = [
  unreadableDocument,
  twoColumnLayout,
  pageArtifact,
  brokenHyphenation,
  splitParagraph,
  fusedWords,
  lostHyphen,
  characterDamage,
  ocrUncertain,
  undefinedAcronym,
  acronymBeforeDefinition,
  conflictingAcronymDefinition,
  dateMismatch,
  headerFormat,
  speakerInconsistent,
  unknownState,
  voteCount,
  notChecked,
];

export function ruleByCode(code: string): Rule | undefined {
  return RULES.find((r) => r.code === code);
}
