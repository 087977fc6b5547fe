import { addCalendarDays, todayIn, type CalendarDay } from "~/utils/calendar-days";
import { getEnv } from "~/utils/env.server";

/**
 * Dates near the real today, for tests that send dates to code reading the clock (HTTP routes, the
 * CLI, a CSV import) rather than taking a `today`. HR's window of usual dates refuses unconfirmed
 * dates far from the company's today (by default more than 90 days past or 730 ahead), so a fixed
 * date such as 2026-12-18 would start failing a few months after it was written.
 */

/** The company's today, as the app computes it (its time zone, not the machine's). */
export function companyToday(): CalendarDay {
  return todayIn(getEnv().COMPANY_TIME_ZONE);
}

/** The company's today plus `days` calendar days (minus, when negative). */
export function daysFromToday(days: number): CalendarDay {
  return addCalendarDays(companyToday(), days);
}

/** A day as the CSV files of these tests write it: DD/MM/YYYY. */
export function dayFirst(day: CalendarDay): string {
  const [year, month, date] = day.split("-");
  return `${date}/${month}/${year}`;
}

/**
 * The first Monday to Friday from `days` after today on: for expectations that a task due "on" the
 * day is due that very day (a weekend day would move it to the Friday before). The tests install no
 * holidays.
 */
export function weekdayFromToday(days: number): CalendarDay {
  let day = daysFromToday(days);
  while ([0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay())) day = addCalendarDays(day, 1);
  return day;
}
