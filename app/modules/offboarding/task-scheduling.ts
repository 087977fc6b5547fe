import { addBusinessDays, type CalendarDay } from "~/utils/calendar-days";
import { terminationDateOf } from "./departure-dates";
import type { TaskAnchor } from "./types";

/** The three dates a task can be anchored to. */
export interface DepartureDates {
  notice_date: CalendarDay;
  last_day: CalendarDay;
  /** Null: the same as the last day (terminationDateOf). */
  termination_date: CalendarDay | null;
}

export interface SchedulableTask {
  anchor: TaskAnchor;
  offset_business_days: number;
  before_last_day: boolean;
}

/**
 * A task's due date: its anchor moved by its offset in business days. A task that must be done
 * before the last day is never due after it (a template offset of +3 from the notice date would
 * otherwise overshoot a short notice period).
 */
export function dueDateFor(task: SchedulableTask, dates: DepartureDates, holidays: ReadonlySet<CalendarDay>): CalendarDay {
  const anchor = task.anchor === "termination_date" ? terminationDateOf(dates) : dates[task.anchor];
  const due = addBusinessDays(anchor, task.offset_business_days, holidays);
  if (task.before_last_day) {
    const latest = addBusinessDays(dates.last_day, 0, holidays);
    if (due > latest) return latest;
  }
  return due;
}

export interface DatedTask extends SchedulableTask {
  id: string;
  status: "open" | "done" | "not_applicable";
  due_date: CalendarDay;
}

/**
 * After a departure's dates change: the new due date of every open task whose date moves. Done
 * and not-applicable tasks keep the date they had: they record what happened.
 */
export function redateOpenTasks(
  tasks: readonly DatedTask[],
  dates: DepartureDates,
  holidays: ReadonlySet<CalendarDay>,
): { id: string; due_date: CalendarDay }[] {
  return tasks.flatMap((task) => {
    if (task.status !== "open") return [];
    const due = dueDateFor(task, dates, holidays);
    return due === task.due_date ? [] : [{ id: task.id, due_date: due }];
  });
}
