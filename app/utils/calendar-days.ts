import { addDays, format, isWeekend, parseISO } from "date-fns";
import { cachedDateTimeFormat } from "./format";

/**
 * Calendar days ("YYYY-MM-DD") and business-day arithmetic on them: Saturdays, Sundays and the
 * company's holidays are not business days. Pure and time-zone free (the zone is always an argument),
 * so server and browser agree. A basic every domain uses (offboarding's due dates, the exit flow's
 * send and expiry days, the anonymous pool's months, the alumni transition's "after the last day"),
 * so it lives below them all.
 */
export type CalendarDay = string;

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function isCalendarDay(value: unknown): value is CalendarDay {
  if (typeof value !== "string" || !DAY_PATTERN.test(value)) return false;
  const parsed = parseISO(value);
  return !Number.isNaN(parsed.getTime()) && format(parsed, "yyyy-MM-dd") === value;
}

function toDay(date: Date): CalendarDay {
  return format(date, "yyyy-MM-dd");
}

export function isBusinessDay(day: CalendarDay, holidays: ReadonlySet<CalendarDay>): boolean {
  return !isWeekend(parseISO(day)) && !holidays.has(day);
}

/**
 * The day `offset` business days after (or, negative, before) `anchor`. Offset 0 is the anchor
 * itself when it is a business day, otherwise the business day before it: a task due "on the last
 * day" that falls on a Saturday must be done by Friday.
 */
export function addBusinessDays(anchor: CalendarDay, offset: number, holidays: ReadonlySet<CalendarDay> = new Set()): CalendarDay {
  if (!isCalendarDay(anchor)) throw new RangeError(`Not a calendar day: ${anchor}`);
  if (!Number.isInteger(offset)) throw new RangeError(`Offset must be a whole number of business days: ${offset}`);
  let date = parseISO(anchor);
  if (offset === 0) {
    while (!isBusinessDay(toDay(date), holidays)) date = addDays(date, -1);
    return toDay(date);
  }
  const step = offset > 0 ? 1 : -1;
  let remaining = Math.abs(offset);
  while (remaining > 0) {
    date = addDays(date, step);
    if (isBusinessDay(toDay(date), holidays)) remaining -= 1;
  }
  return toDay(date);
}

/** Today in a time zone, as a calendar day (the company's "today", not the server's). */
export function todayIn(timeZone: string, now: Date = new Date()): CalendarDay {
  return cachedDateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `day` plus `days` calendar days. Plain UTC arithmetic on the day's midnight (a calendar day has no
 * time zone): pages call it for every row, and date-fns' parse and format cost 20 times more.
 */
export function addCalendarDays(day: CalendarDay, days: number): CalendarDay {
  const midnight = DAY_PATTERN.test(day) ? Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) : Number.NaN;
  // Date.UTC rolls 2026-02-30 over to March: a day that does not come back unchanged does not exist.
  if (Number.isNaN(midnight) || new Date(midnight).toISOString().slice(0, 10) !== day) throw new RangeError(`Not a calendar day: ${day}`);
  if (!Number.isFinite(days)) throw new RangeError(`Not a number of days: ${days}`);
  return new Date(midnight + Math.trunc(days) * DAY_MS).toISOString().slice(0, 10);
}

/** The hour (0–23) of an instant on the clocks of a time zone. */
export function hourIn(timeZone: string, now: Date = new Date()): number {
  const hour = cachedDateTimeFormat("en-GB", { timeZone, hour: "2-digit", hourCycle: "h23" }).format(now);
  return Number(hour);
}

/** "YYYY-MM-01" of a calendar day ("YYYY-MM-DD"). */
export function monthOf(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** The first day of the month after `month` ("YYYY-MM-01"), for half-open ranges over dates. */
export function nextMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const index = Number(month.slice(5, 7));
  return index === 12 ? `${year + 1}-01-01` : `${year}-${String(index + 1).padStart(2, "0")}-01`;
}
