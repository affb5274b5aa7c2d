import type { DateExpression } from "./dates";

/** Calendar arithmetic, and what is wrong with a date as written: functions of the text alone. */

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** ISO weekday (1 Monday … 7 Sunday) of a calendar date. */
export function isoWeekday(year: number, month: number, day: number): number {
  const d = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return d === 0 ? 7 : d;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** What is wrong with a date as written, if anything: an impossible day, a weekday that does not fit. */
export function dateProblem(e: DateExpression): string | undefined {
  const p = e.start;
  if (!p?.month) return undefined;
  if (p.month > 12) return `there is no month ${p.month}`;
  if (!p.day) return undefined;
  const year = p.year ?? 2000; // any leap year for a date without one
  if (p.day < 1 || p.day > daysInMonth(year, p.month)) {
    return `${e.text.trim()} does not exist: ${MONTHS[p.month - 1]} has ${daysInMonth(year, p.month)} days${p.year ? ` in ${p.year}` : ""}`;
  }
  if (p.weekday && p.year) {
    const actual = isoWeekday(p.year, p.month, p.day);
    if (actual !== p.weekday)
      return `${p.day} ${MONTHS[p.month - 1]} ${p.year} was a ${WEEKDAYS[actual - 1]}, not a ${WEEKDAYS[p.weekday - 1]}`;
  }
  return undefined;
}

export const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
