import { Glossary } from "./glossary/glossary";

/**
 * What an analysis knows besides the document: the glossaries (team and built-in). Every rule,
 * hover and token contributor receives it; the language service owns one and keeps it current.
 */
export interface AnalysisContext {
  glossary: Glossary;
  /** `verbatim.dates.referenceDate` (YYYY, YYYY-MM or YYYY-MM-DD): for records without a cover page. */
  referenceDate?: string;
}

export function emptyContext(): AnalysisContext {
  return { glossary: new Glossary() };
}
