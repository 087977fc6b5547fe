import { parseISO } from "date-fns";
import { isCalendarDay, type CalendarDay } from "~/utils/calendar-days";

/**
 * Facts about a departure's dates that every reader must agree on. Pure: pages, the export, the
 * API and task scheduling share them.
 */

/**
 * The termination date in effect. Null in the database means "not given: the same as the last
 * day", and it then moves with the last day; a date HR or the HR system gave stays put.
 */
export function terminationDateOf(departure: { last_day: CalendarDay; termination_date: CalendarDay | null }): CalendarDay {
  return departure.termination_date ?? departure.last_day;
}

/** Why a day is not a working day: a Saturday or Sunday, or one of the company's holidays (by name). */
export type NonWorkingDay = { kind: "weekend"; day: CalendarDay } | { kind: "holiday"; day: CalendarDay; name: string };

/**
 * Says so when a last working day is not a working day, for a warning (not a refusal: a contract
 * may well end on a Sunday). `holidays` maps the company's holidays to their names.
 */
export function nonWorkingDay(day: CalendarDay | null | undefined, holidays: ReadonlyMap<CalendarDay, string>): NonWorkingDay | null {
  if (!day || !isCalendarDay(day)) return null;
  const name = holidays.get(day);
  if (name !== undefined) return { kind: "holiday", day, name };
  const weekday = parseISO(day).getDay();
  return weekday === 0 || weekday === 6 ? { kind: "weekend", day } : null;
}
