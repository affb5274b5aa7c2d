import { REFERENCE_DATE, type Reference } from "../analysis/referenceDate";
import { dateProblem, daysInMonth, isoWeekday, WEEKDAYS } from "../model/calendar";
import type { DateExpression, DateParts } from "../model/dates";
import type { TranscriptModel } from "../model/types";
import type { HoverContributor } from "./hover";
import type { TokenContributor } from "./semanticTokens";

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function iso(p: DateParts, year: number | undefined): string {
  const y = year === undefined ? "XXXX" : pad(year, 4);
  if (p.month && p.day) return `${y}-${pad(p.month)}-${pad(p.day)}`;
  if (p.month) return `${y}-${pad(p.month)}`;
  return y;
}

export interface Resolved {
  /** ISO 8601: `2016-12-13`, `2017-04`, `2023`, `15:05`, `2019/2023`, `2017-H2`, `199X`, `P5Y`. */
  value: string;
  weekday?: string;
  /** What a relative expression was read against. */
  relativeTo?: string;
  /** Why no value could be given. */
  unresolved?: string;
  detail?: string;
}

/** Shifts a reference by whole units; weeks and days need its day. */
function shift(ref: Reference, unit: "day" | "week" | "month" | "year", offset: number): string | undefined {
  if (unit === "year") return pad(ref.year + offset, 4);
  if (!ref.month) return undefined;
  if (unit === "month") {
    const total = ref.year * 12 + (ref.month - 1) + offset;
    return `${pad(Math.floor(total / 12), 4)}-${pad((total % 12) + 1)}`;
  }
  if (!ref.day) return undefined;
  const d = new Date(Date.UTC(ref.year, ref.month - 1, ref.day + (unit === "week" ? 7 * offset : offset)));
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (unit === "day") return date;
  // The ISO week of that day.
  const thursday = new Date(d);
  thursday.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((thursday.getTime() - yearStart) / 86400000 + 1) / 7);
  return `${thursday.getUTCFullYear()}-W${pad(week)}`;
}

function describeReference(ref: Reference): string {
  const when =
    ref.day && ref.month
      ? `${pad(ref.year, 4)}-${pad(ref.month)}-${pad(ref.day)}`
      : ref.month
        ? `${ref.year}-${pad(ref.month)}`
        : String(ref.year);
  return `${when} (${ref.source})`;
}

/** The value of an expression, read against the reference where it needs one. */
export function resolveDate(e: DateExpression, ref: Reference | undefined): Resolved {
  switch (e.kind) {
    case "time":
      return { value: `${pad(e.time?.hour ?? 0)}:${pad(e.time?.minute ?? 0)}` };
    case "duration":
      return { value: e.duration ?? "", ...(ref ? { relativeTo: `the period up to ${describeReference(ref)}` } : {}) };
    case "range":
      if (e.endsAtReference) {
        if (!ref) return { value: "", unresolved: "it ends at the meeting's date, which this document does not give" };
        return { value: `${e.start?.year}/${ref.year}`, relativeTo: describeReference(ref) };
      }
      if (e.start?.month) {
        const year = e.start.year ?? (e.needsYear ? ref?.year : undefined);
        return {
          value: `${iso(e.start, year)}/${iso(e.end ?? {}, e.end?.year ?? year)}`,
          ...(e.needsYear && ref ? { relativeTo: `the year of ${describeReference(ref)}` } : {}),
        };
      }
      return { value: `${e.start?.year}/${e.end?.year}` };
    case "period": {
      const p = e.start ?? {};
      if (e.sessionOffset !== undefined) {
        const current = ref && sessionOf(ref);
        if (!ref || current === undefined)
          return { value: "", unresolved: "relative to the meeting's session, which this document does not give" };
        const n = current + e.sessionOffset;
        return {
          value: `${1945 + n}/${1946 + n}`,
          relativeTo: describeReference(ref),
          detail: `session ${n} of the General Assembly, September ${1945 + n} to September ${1946 + n}`,
        };
      }
      if (e.session)
        return {
          value: `${e.start?.year}/${e.end?.year}`,
          detail: `session ${e.session} of the General Assembly, September ${e.start?.year} to September ${e.end?.year}`,
        };
      if (p.half) return { value: `${p.year}-H${p.half}` };
      if (p.millennium) return { value: `${p.millennium - 1}XXX` };
      if (p.decade) return { value: `${String(p.decade).slice(0, 3)}X` };
      if (p.century)
        return { value: `${p.century - 1}XX`, detail: `the years ${(p.century - 1) * 100 + 1}–${p.century * 100}` };
      return { value: iso(p, p.year) };
    }
    case "relative": {
      if (!ref) return { value: "", unresolved: "relative to the meeting's date, which this document does not give" };
      const relativeTo = describeReference(ref);
      if (e.nearest) return nearest(e, ref, relativeTo);
      if (e.relativeCentury) {
        const { unit, offset } = e.relativeCentury;
        const size = unit === "century" ? 100 : 1000;
        const n = Math.floor((ref.year - 1) / size) + 1 + offset;
        return { value: `${n - 1}${unit === "century" ? "XX" : "XXX"}`, relativeTo };
      }
      // `this winter` in January: the winter that began in December.
      if (e.season) {
        const year = ref.month && e.season === seasonOfMonth(ref.month) ? seasonYear(ref.year, ref.month) : ref.year;
        return { value: `${pad(year, 4)}-${SEASON_CODES[e.season - 1]}`, relativeTo };
      }
      const r = e.relative;
      if (!r) return { value: "", unresolved: "it gives no exact time (`a few years ago`)", relativeTo };
      if (e.monthOfRelativeYear)
        return {
          value: `${pad(ref.year + r.offset, 4)}-${pad(e.monthOfRelativeYear)}${e.start?.day ? `-${pad(e.start.day)}` : ""}`,
          relativeTo,
        };
      const value = shift(ref, r.unit, r.offset);
      if (!value)
        return {
          value: "",
          unresolved: `relative to ${relativeTo}, which gives no ${r.unit === "month" ? "month" : "day"}`,
          relativeTo,
        };
      const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value.split("-").map(Number) : undefined;
      return { value, relativeTo, ...(day ? { weekday: WEEKDAYS[isoWeekday(day[0], day[1], day[2]) - 1] } : {}) };
    }
    default: {
      const p = e.start ?? {};
      const year = p.year ?? (e.needsYear ? ref?.year : undefined);
      const value = iso(p, year);
      const weekday =
        year && p.month && p.day && p.day <= daysInMonth(year, p.month)
          ? WEEKDAYS[isoWeekday(year, p.month, p.day) - 1]
          : undefined;
      return {
        value,
        ...(weekday ? { weekday } : {}),
        ...(e.needsYear && ref ? { relativeTo: `the year of ${describeReference(ref)}` } : {}),
      };
    }
  }
}

const SEASON_CODES = ["SP", "SU", "FA", "WI"];

/** The season (1 spring … 4 winter) a month falls in. */
const seasonOfMonth = (month: number): number =>
  month >= 3 && month <= 5 ? 1 : month <= 8 && month >= 6 ? 2 : month >= 9 && month <= 11 ? 3 : 4;
/** A winter is named by the year it begins in: January and February belong to the year before's. */
const seasonYear = (year: number, month: number): number => (month <= 2 ? year - 1 : year);

/** The General Assembly session of a reference: given, or from its date (a session opens in September). */
function sessionOf(ref: Reference): number | undefined {
  if (ref.session) return ref.session;
  if (!ref.month) return undefined;
  // A regular session opens in the third week of September: before the 15th, the last one runs.
  const opened = ref.month > 9 || (ref.month === 9 && (ref.day ?? 15) >= 15);
  return ref.year - (opened ? 1945 : 1946);
}

/** `last July`, `next spring`, `24 October last`: the nearest one before or after the reference. */
function nearest(e: DateExpression, ref: Reference, relativeTo: string): Resolved {
  if (!ref.month)
    return {
      value: "",
      unresolved: `the nearest one ${e.nearest === "last" ? "before" : "after"} ${relativeTo}, which gives no month`,
      relativeTo,
    };
  const before = e.nearest === "last";
  if (e.season) {
    // Seasons in order within a season-year (spring … winter, the winter running into January).
    const now = seasonOfMonth(ref.month);
    const current = seasonYear(ref.year, ref.month);
    const year = before ? (e.season < now ? current : current - 1) : e.season > now ? current : current + 1;
    return { value: `${pad(year, 4)}-${SEASON_CODES[e.season - 1]}`, relativeTo };
  }
  const month = e.start?.month ?? 1;
  const day = e.start?.day;
  // `3 June last` in June, against a reference without its day: either side of it.
  if (day && !ref.day && month === ref.month)
    return { value: "", unresolved: `${relativeTo} gives no day to tell which side it falls on`, relativeTo };
  // Compared as month and day: the same day as the reference's is not "last" or "next".
  const key = month * 100 + (day ?? 0);
  const refKey = ref.month * 100 + (day ? (ref.day ?? 0) : 0);
  const year = before ? (key < refKey ? ref.year : ref.year - 1) : key > refKey ? ref.year : ref.year + 1;
  const value = day ? `${pad(year, 4)}-${pad(month)}-${pad(day)}` : `${pad(year, 4)}-${pad(month)}`;
  return {
    value,
    relativeTo,
    ...(day && day <= daysInMonth(year, month) ? { weekday: WEEKDAYS[isoWeekday(year, month, day) - 1] } : {}),
  };
}

export function dateAt(model: TranscriptModel, offset: number): DateExpression | undefined {
  return model.tokens.dates.find((d) => d.span.start <= offset && offset < d.span.end);
}

export const dateHover: HoverContributor = (analysis, offset) => {
  const { model } = analysis;
  const e = dateAt(model, offset);
  if (!e) return undefined;
  const r = resolveDate(e, analysis.get(REFERENCE_DATE));
  const what = {
    date: "Date",
    time: "Time",
    range: "Range",
    period: "Period",
    relative: "Relative date",
    duration: "Duration",
  }[e.kind];
  const lines = [r.value ? `**${what}:** \`${r.value}\`${r.weekday ? ` (${r.weekday})` : ""}` : `**${what}**`];
  if (r.detail) lines.push(r.detail);
  if (r.relativeTo) lines.push(`Read against ${r.relativeTo}`);
  if (r.unresolved) lines.push(`Not resolved: ${r.unresolved}`);
  const problem = dateProblem(e);
  if (problem) lines.push(`⚠ ${problem}`);
  return { span: e.span, markdown: lines.join("\n\n") };
};

export const dateTokens: TokenContributor = ({ model }, out) => {
  for (const e of model.tokens.dates) {
    out.push({
      span: e.span,
      type: e.kind === "time" ? "time" : "date",
      ...(e.kind === "relative" || e.needsYear ? { modifiers: ["relative" as const] } : {}),
    });
  }
};
