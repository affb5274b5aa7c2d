import type { AnalysisContext } from "../context";
import type { TranscriptModel } from "../model/types";
import { derived } from "./analysis";

/** The date relative expressions are read against, and where it comes from. */
export interface Reference {
  year: number;
  month?: number;
  day?: number;
  /** The session of the General Assembly the reference falls in, where known. */
  session?: number;
  source: string;
}

/**
 * The reference date: the meeting's date on the cover page; else the setting
 * `verbatim.dates.referenceDate`; else the year of a corpus file name (`AFG_50_1995.txt`).
 */
export function referenceDate(model: TranscriptModel, context: AnalysisContext): Reference | undefined {
  let ref: Reference | undefined;
  const cover = model.cover?.date;
  if (cover) {
    const d = model.tokens.dates.find(
      (e) =>
        e.span.start < cover.span.end && e.span.end > cover.span.start && e.start?.year && e.start.month && e.start.day,
    );
    if (d?.start?.year)
      ref = {
        year: d.start.year,
        month: d.start.month,
        day: d.start.day,
        source: "the meeting's date on the cover page",
      };
  }
  if (!ref && context.referenceDate) {
    const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(context.referenceDate);
    if (m)
      ref = {
        year: Number(m[1]),
        ...(m[2] ? { month: Number(m[2]) } : {}),
        ...(m[3] ? { day: Number(m[3]) } : {}),
        source: "the setting verbatim.dates.referenceDate",
      };
  }
  if (!ref) {
    const m = /(?:^|[/\\])[A-Z]{3}_(\d{1,3})_((?:19|20)\d\d)\.txt$/.exec(decodeURIComponent(model.uri));
    if (m) ref = { year: Number(m[2]), session: Number(m[1]), source: "the year in the file name" };
  }
  return ref;
}

/** The reference date of an analysis: its model under its context, found once. */
export const REFERENCE_DATE = derived<Reference | undefined>("referenceDate", (a) => referenceDate(a.model, a.context));
