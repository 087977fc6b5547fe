import { z } from "zod";
import { addCalendarDays, type CalendarDay } from "~/utils/calendar-days";
import type { Translate } from "~/modules/i18n/translator";

/**
 * The window of usual departure dates. A notice date from 2015 or a last day in 2037 is nearly
 * always a typo, and recording it silently fills task owners' inboxes with years-overdue work: a
 * date further than `pastDays` before the company's today, or `futureDays` after it, is recorded
 * only once someone confirms it. HR sets the window (Settings → Departure dates). Pure: the form
 * checks it in the browser as HR types, the domain again before writing.
 */

export interface DateWindow {
  pastDays: number;
  futureDays: number;
}

export const DEFAULT_DATE_WINDOW: DateWindow = { pastDays: 90, futureDays: 730 };

/** What HR may choose (the database checks the same bounds). */
export const DATE_WINDOW_RANGES = {
  pastDays: { min: 1, max: 3650 },
  futureDays: { min: 30, max: 3650 },
} as const;

/** The departure dates the window applies to (the hire date is years ago by nature). */
export const WINDOW_FIELDS = ["noticeDate", "lastDay", "terminationDate"] as const;
export type WindowField = (typeof WINDOW_FIELDS)[number];

export interface UnusualDate {
  field: WindowField;
  date: CalendarDay;
  /** Before the window (more than pastDays ago) or after it. */
  side: "past" | "future";
  /** The window's size on that side, in days (for the message). */
  days: number;
}

/** The dates of `dates` outside the window around `today`, in the order of WINDOW_FIELDS. */
export function unusualDates(
  dates: Partial<Record<WindowField, CalendarDay | null | undefined>>,
  window: DateWindow,
  today: CalendarDay,
): UnusualDate[] {
  const earliest = addCalendarDays(today, -window.pastDays);
  const latest = addCalendarDays(today, window.futureDays);
  return WINDOW_FIELDS.flatMap((field): UnusualDate[] => {
    const date = dates[field];
    if (!date) return [];
    if (date < earliest) return [{ field, date, side: "past", days: window.pastDays }];
    if (date > latest) return [{ field, date, side: "future", days: window.futureDays }];
    return [];
  });
}

/**
 * What a confirmation confirms: "lastDay=2016-01-03 noticeDate=2015-12-24". The form's box carries
 * it as its value, so that a box ticked for one date does not confirm another typed afterwards.
 */
export function unusualDatesKey(dates: readonly UnusualDate[]): string {
  return dates.map((unusual) => `${unusual.field}=${unusual.date}`).join(" ");
}

/**
 * Whether `confirmation` covers every unusual date: true confirms anything (the API's
 * confirmUnusualDates, a CSV preview HR confirmed), a string only these very dates (the form's box).
 */
export function isConfirmed(dates: readonly UnusualDate[], confirmation: boolean | string | undefined): boolean {
  if (dates.length === 0 || confirmation === true) return true;
  return typeof confirmation === "string" && confirmation === unusualDatesKey(dates);
}

/** The settings form (`settings` namespace). */
export function dateWindowSchema(t: Translate) {
  const days = (range: { min: number; max: number }, message: string) =>
    z.coerce.number({ error: message }).int({ error: message }).min(range.min, { error: message }).max(range.max, { error: message });
  return z.object({
    pastDays: days(DATE_WINDOW_RANGES.pastDays, t("departureDates.errors.pastDays", DATE_WINDOW_RANGES.pastDays)),
    futureDays: days(DATE_WINDOW_RANGES.futureDays, t("departureDates.errors.futureDays", DATE_WINDOW_RANGES.futureDays)),
  });
}
