import { addDays, format, isWeekend, parseISO } from "date-fns";

/**
 * Business-day arithmetic on calendar days ("YYYY-MM-DD"): Saturdays, Sundays and the company's
 * holidays are not business days. Pure and time-zone free, so server and browser agree.
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
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** `day` plus `days` calendar days. */
export function addCalendarDays(day: CalendarDay, days: number): CalendarDay {
  return toDay(addDays(parseISO(day), days));
}
