import { day, DomainFailure, type Failure } from "~/utils/failures";
import { WINDOW_FIELDS, type UnusualDate, type WindowField } from "./date-window";

/**
 * Unconfirmed unusual dates as coded failures (ADR 013): one failure per date, code
 * `departure.unusualDate.past` or `.future`, on the date's field, with the day and the window's size.
 *
 * They are ordinary `invalid` failures, so an edge that only lists errors needs nothing special. The
 * edges that must *ask* for a confirmation (the departure forms' box, the API's `unusual-dates`
 * problem, the CSV preview) recognise them by code with `unusualDatesIn`, which gives the dates back.
 * No subclass: the failures are plain data, and a CSV import stores them as they are.
 */
const CODES = { past: "departure.unusualDate.past", future: "departure.unusualDate.future" } as const;

export function unusualDateFailures(dates: readonly UnusualDate[]): Failure[] {
  // `field` is also a value: the message names the field ("Check the notice date: …").
  return dates.map((unusual) => ({
    code: CODES[unusual.side],
    field: unusual.field,
    values: { field: unusual.field, date: day(unusual.date), count: unusual.days },
  }));
}

export function unusualDatesFailure(dates: readonly UnusualDate[]): DomainFailure {
  return new DomainFailure("invalid", unusualDateFailures(dates));
}

export function isUnusualDateFailure(failure: Failure): boolean {
  return failure.code === CODES.past || failure.code === CODES.future;
}

/** The unusual dates a refusal is about (none when it is about something else). */
export function unusualDatesIn(failures: readonly Failure[]): UnusualDate[] {
  return failures.filter(isUnusualDateFailure).flatMap((failure): UnusualDate[] => {
    const field = failure.field as WindowField;
    const date = failure.values?.date;
    const days = failure.values?.count;
    if (!WINDOW_FIELDS.includes(field) || typeof date !== "object" || typeof days !== "number") return [];
    return [{ field, date: date.day, side: failure.code === CODES.past ? "past" : "future", days }];
  });
}
