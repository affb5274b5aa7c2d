import { REFERENCE_DATE } from "../analysis/referenceDate";
import { dateProblem } from "../model/calendar";
import type { Finding, Rule } from "./rule";

/**
 * `date-mismatch`: a weekday that does not fit its date (`Tuesday, 14 December 2016`), a date
 * that does not exist (`31 April`), a running header dated otherwise than the cover page.
 */
export const dateMismatch: Rule = {
  code: "date-mismatch",
  description:
    "A weekday that does not fit its date, an impossible date, or a page header dated otherwise than the meeting.",
  defaultSeverity: "warning",
  category: "check",
  check(analysis) {
    const { model } = analysis;
    const out: Finding[] = [];
    for (const e of model.tokens.dates) {
      const problem = dateProblem(e);
      if (problem)
        out.push({ range: model.lines.spanRange(e.span), message: `${problem[0].toUpperCase()}${problem.slice(1)}.` });
    }
    const ref = model.cover?.date ? analysis.get(REFERENCE_DATE) : undefined;
    if (ref?.month && ref.day) {
      const meeting = `${String(ref.day).padStart(2, "0")}/${String(ref.month).padStart(2, "0")}/${ref.year}`;
      for (const f of model.furniture) {
        if (f.kind !== "running-header" || !f.date || f.date === meeting) continue;
        const at = model.text.indexOf(f.date, f.span.start);
        out.push({
          range: model.lines.range(at, at + f.date.length),
          message: `This page header is dated ${f.date}, but the meeting was on ${meeting} (cover page).`,
        });
      }
    }
    return out.sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    );
  },
};
