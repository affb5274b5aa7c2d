import { Glossary } from "./glossary/glossary";
import type { StateRef } from "./model/types";

/**
 * What an analysis knows besides the document: the glossaries (team and built-in), the reference
 * date setting, the Member State data. Each analysis (analysis/analysis.ts) holds one, frozen; the
 * language service makes a new one, and so new analyses, whenever a setting in it changes.
 */
export interface AnalysisContext {
  glossary: Glossary;
  /** `verbatim.dates.referenceDate` (YYYY, YYYY-MM or YYYY-MM-DD): for records without a cover page. */
  referenceDate?: string;
  /** The State a printed name names (the Member State data), where the service has the data. */
  states?: (printed: string) => StateRef | undefined;
}

export function emptyContext(): AnalysisContext {
  return { glossary: new Glossary() };
}
