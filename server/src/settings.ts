import type { Severity } from "./types";

/** Settings under `verbatim.*` (package.json `contributes.configuration` documents them). */
export interface VerbatimSettings {
  /** Per rule code: a severity, or "off". Missing codes use the rule's default. */
  rules: Record<string, Severity | "off">;
  /** At most this many problems are published per document (VS Code shows about 1000). */
  maxProblems: number;
  /** The team glossary file, relative to the workspace folder (or absolute). */
  glossaryPath: string;
  /** The date relative expressions are read against where a record has no cover page. */
  referenceDate?: string;
  /** Words a minute for the speaking-time estimate of each speech's code lens. */
  wordsPerMinute: number;
}

export const DEFAULT_GLOSSARY_PATH = ".verbatim/glossary.json";

export const DEFAULT_SETTINGS: VerbatimSettings = {
  rules: {},
  maxProblems: 1000,
  glossaryPath: DEFAULT_GLOSSARY_PATH,
  wordsPerMinute: 120,
};

const SEVERITIES = new Set(["error", "warning", "information", "hint", "off"]);

/**
 * Settings arrive as untrusted JSON (from a client, or a file): keep what is well formed, report
 * the rest, never throw.
 */
export function normalizeSettings(raw: unknown): { settings: VerbatimSettings; problems: string[] } {
  const problems: string[] = [];
  const settings: VerbatimSettings = { ...DEFAULT_SETTINGS, rules: {} };
  if (raw === undefined || raw === null) return { settings, problems };
  if (typeof raw !== "object") return { settings, problems: ["verbatim settings must be an object"] };
  const r = raw as Record<string, unknown>;
  if (r.rules !== undefined) {
    if (typeof r.rules === "object" && r.rules !== null && !Array.isArray(r.rules)) {
      for (const [code, value] of Object.entries(r.rules)) {
        if (typeof value === "string" && SEVERITIES.has(value)) settings.rules[code] = value as Severity | "off";
        else problems.push(`verbatim.rules.${code}: expected one of error, warning, information, hint, off`);
      }
    } else problems.push("verbatim.rules must be an object of rule codes");
  }
  if (r.maxProblems !== undefined) {
    if (typeof r.maxProblems === "number" && Number.isInteger(r.maxProblems) && r.maxProblems >= 1) {
      settings.maxProblems = r.maxProblems;
    } else problems.push("verbatim.maxProblems must be a whole number of at least 1");
  }
  const speeches = r.speeches as { wordsPerMinute?: unknown } | undefined;
  if (speeches?.wordsPerMinute !== undefined) {
    const w = speeches.wordsPerMinute;
    if (typeof w === "number" && w >= 40 && w <= 300) settings.wordsPerMinute = w;
    else problems.push("verbatim.speeches.wordsPerMinute must be a number from 40 to 300");
  }
  const dates = r.dates as { referenceDate?: unknown } | undefined;
  if (dates?.referenceDate !== undefined && dates.referenceDate !== "") {
    if (typeof dates.referenceDate === "string" && /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/.test(dates.referenceDate)) {
      settings.referenceDate = dates.referenceDate;
    } else problems.push("verbatim.dates.referenceDate must be a date: YYYY, YYYY-MM or YYYY-MM-DD");
  }
  const glossary = r.glossary as { path?: unknown } | undefined;
  if (glossary !== undefined) {
    if (
      typeof glossary === "object" &&
      glossary !== null &&
      typeof glossary.path === "string" &&
      glossary.path.trim()
    ) {
      settings.glossaryPath = glossary.path.trim();
    } else if (typeof glossary !== "object" || glossary === null || glossary.path !== undefined) {
      problems.push("verbatim.glossary.path must be a file path");
    }
  }
  return { settings, problems };
}
