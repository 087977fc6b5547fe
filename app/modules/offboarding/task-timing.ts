import { addCalendarDays, type CalendarDay } from "~/utils/calendar-days";

/**
 * When a task is due, relative to the company's today: the inbox's groups and the daily digest's
 * buckets. Pure (calendar days in, labels out) so that tests can fix "today" and the browser agrees.
 */

export const INBOX_GROUPS = ["overdue", "thisWeek", "later"] as const;
export type InboxGroup = (typeof INBOX_GROUPS)[number];

/** "This week" is a rolling week (today and the next six days), so Friday's inbox still shows Monday's work. */
export const THIS_WEEK_DAYS = 7;

/** The last day of the "this week" group. */
export function endOfThisWeek(today: CalendarDay): CalendarDay {
  return addCalendarDays(today, THIS_WEEK_DAYS - 1);
}

export function inboxGroupOf(dueDate: CalendarDay, today: CalendarDay): InboxGroup {
  if (dueDate < today) return "overdue";
  if (dueDate <= endOfThisWeek(today)) return "thisWeek";
  return "later";
}

/** Splits tasks (already sorted by due date) into the inbox's groups, keeping their order. */
export function groupInbox<T extends { dueDate: CalendarDay }>(tasks: readonly T[], today: CalendarDay): Record<InboxGroup, T[]> {
  const groups: Record<InboxGroup, T[]> = { overdue: [], thisWeek: [], later: [] };
  for (const task of tasks) groups[inboxGroupOf(task.dueDate, today)].push(task);
  return groups;
}

export const DIGEST_BUCKETS = ["overdue", "inTwoDays", "inSevenDays"] as const;
export type DigestBucket = (typeof DIGEST_BUCKETS)[number];

/**
 * The days on which an open task is mentioned in its owner's daily digest: a week ahead, two days
 * ahead, and every day once it is overdue. Other days stay quiet so that the digest means something.
 */
export const DIGEST_LEAD_DAYS = { inTwoDays: 2, inSevenDays: 7 } as const;

export function digestDates(today: CalendarDay) {
  return {
    inTwoDays: addCalendarDays(today, DIGEST_LEAD_DAYS.inTwoDays),
    inSevenDays: addCalendarDays(today, DIGEST_LEAD_DAYS.inSevenDays),
  };
}

/** The digest bucket of a task due on `dueDate`, or null when the digest does not mention it today. */
export function digestBucketOf(dueDate: CalendarDay, today: CalendarDay): DigestBucket | null {
  if (dueDate < today) return "overdue";
  const { inTwoDays, inSevenDays } = digestDates(today);
  if (dueDate === inTwoDays) return "inTwoDays";
  if (dueDate === inSevenDays) return "inSevenDays";
  return null;
}
