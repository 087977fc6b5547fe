import { addCalendarDays, type CalendarDay } from "~/utils/calendar-days";
import { instantAtWallTime } from "~/utils/time-zones";

/**
 * The calendar of an exit invitation, as pure functions of calendar days so that tests fix "today":
 * when the first email goes, until when the links work, and which day each reminder is due.
 */

/** The exit flow stays open this many days after the last day (the leaver may answer from home). */
export const OPEN_DAYS_AFTER_LAST_DAY = 30;

/** Reminders go this many days after the invitation, while it is unfinished: at most two. */
export const REMINDER_DAYS = [3, 7] as const;

/** A link sent from the "this link has expired" page works this many days. */
export const NEW_LINK_DAYS = 7;

/**
 * The first email goes when the departure is recorded, or `daysBefore` calendar days before the last
 * day when the survey says so; never on a day already past.
 */
export function sendOnFor(input: { lastDay: CalendarDay; daysBefore: number | null; today: CalendarDay }): CalendarDay {
  if (input.daysBefore === null) return input.today;
  const planned = addCalendarDays(input.lastDay, -input.daysBefore);
  return planned > input.today ? planned : input.today;
}

/** The last day the invitation's links work. */
export function expiresOnFor(lastDay: CalendarDay): CalendarDay {
  return addCalendarDays(lastDay, OPEN_DAYS_AFTER_LAST_DAY);
}

/**
 * Whether reminder number `remindersSent + 1` is due today. Each reminder keeps its distance from the
 * previous one, so a worker that was down for a week sends one reminder now and the next one days
 * later, never two in a row.
 */
export function reminderDue(input: {
  invitedOn: CalendarDay;
  lastRemindedOn: CalendarDay | null;
  remindersSent: number;
  today: CalendarDay;
}): boolean {
  const next = REMINDER_DAYS[input.remindersSent];
  if (next === undefined) return false;
  if (input.today < addCalendarDays(input.invitedOn, next)) return false;
  if (input.remindersSent === 0 || input.lastRemindedOn === null) return true;
  const gap = next - REMINDER_DAYS[input.remindersSent - 1]!;
  return input.today >= addCalendarDays(input.lastRemindedOn, gap);
}

/**
 * A rough, honest duration for the email ("about 5 minutes"): half a minute a question, plus a
 * minute for the alumni step, rounded up.
 */
export function estimatedMinutes(questionCount: number): number {
  return Math.min(30, Math.max(2, Math.ceil(questionCount / 2) + 1));
}

/** The instant a calendar day begins on the clocks of a time zone. */
export function startOfDayIn(day: CalendarDay, timeZone: string): Date {
  return instantAtWallTime(day, "00:00", timeZone);
}

/** The instant a calendar day ends (the next one begins) in a time zone: a link "works until" that day. */
export function endOfDayIn(day: CalendarDay, timeZone: string): Date {
  return startOfDayIn(addCalendarDays(day, 1), timeZone);
}
