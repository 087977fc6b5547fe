import type { CalendarDay } from "./calendar-days";
import { cachedDateTimeFormat } from "./format";

/** The offset of a time zone from UTC at an instant, in milliseconds (positive east of Greenwich). */
function offsetMs(timeZone: string, at: Date): number {
  const parts = cachedDateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(value("year"), value("month") - 1, value("day"), value("hour"), value("minute"), value("second"));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant the clocks of a time zone show `time` ("HH:MM", 24-hour) on `day`. A wall time skipped
 * when the clocks go forward lands on the instant after the gap; one shown twice when they go back
 * is its first showing.
 */
export function instantAtWallTime(day: CalendarDay, time: string, timeZone: string): Date {
  const wallAsUtc = Date.parse(`${day}T${time}:00Z`);
  const first = wallAsUtc - offsetMs(timeZone, new Date(wallAsUtc));
  // Around a change of offset the first guess lands on the other side of it: correct once.
  const second = wallAsUtc - offsetMs(timeZone, new Date(first));
  return new Date(second);
}

/** The calendar day and "HH:MM" an instant shows on the clocks of a time zone. */
export function wallTimeOf(at: Date, timeZone: string): { day: CalendarDay; time: string } {
  const parts = cachedDateTimeFormat("en-CA", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).formatToParts(at);
  const value = (type: string) => parts.find((part) => part.type === type)?.value ?? "00";
  return { day: `${value("year")}-${value("month")}-${value("day")}`, time: `${value("hour")}:${value("minute")}` };
}
