import type { Rule } from "./rule";

export type { Finding, FirstFindings, Rule } from "./rule";

import { acronymBeforeDefinition, conflictingAcronymDefinition, undefinedAcronym } from "./acronyms";
import { brokenHyphenation } from "./brokenHyphenation";
import { characterDamage } from "./characterDamage";
import { dateMismatch } from "./dateMismatch";
import { fusedWords, lostHyphen } from "./fusedWords";
import { notChecked } from "./notChecked";
import { ocrUncertain } from "./ocrUncertain";
import { pageArtifact } from "./pageArtifact";
import { boldHeader, headerFormat, speakerInconsistent, unknownState } from "./speakers";
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
  boldHeader,
  speakerInconsistent,
  unknownState,
  voteCount,
  notChecked,
];

export function ruleByCode(code: string): Rule | undefined {
  return RULES.find((r) => r.code === code);
}
