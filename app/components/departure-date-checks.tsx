/**
 * The questions and warnings of HR's departure date forms (new departure, dates and status):
 *
 * - UnusualDatesConfirmation: the box that confirms dates outside HR's window of usual dates
 *   ("Yes, the last working day really is Jan 3, 2016."). Its value names the dates it confirms, so
 *   that a box ticked for one date does not confirm another typed afterwards.
 * - OverdueTasksChoice: what becomes of the tasks already due when the last day has passed.
 * - lastDayWarning: the hint under a last working day that falls on a weekend or a holiday.
 *
 * All three are worked out from the fields' current values: with JavaScript they follow what HR
 * types; without it, the server's answer renders them from the values sent.
 */
import { useTranslation } from "react-i18next";
import { isCalendarDay, type CalendarDay } from "~/utils/calendar-days";
import { unusualDatesKey, type UnusualDate } from "~/modules/offboarding/date-window";
import { nonWorkingDay } from "~/modules/offboarding/departure-dates";
import { OVERDUE_TASK_CHOICES } from "~/modules/offboarding/types";
import { Field } from "./field";

/** A field's value as a calendar day, or undefined while it is not one. */
export function dayValue(value: unknown): CalendarDay | undefined {
  return typeof value === "string" && isCalendarDay(value) ? value : undefined;
}

interface ConfirmationProps {
  unusual: readonly UnusualDate[];
  name: string;
  /** What the box sent last time (ticked for these dates when it equals their key). */
  value: unknown;
  errors?: readonly string[];
  locale: string;
}

export function UnusualDatesConfirmation({ unusual, name, value, errors, locale }: ConfirmationProps) {
  const { t } = useTranslation("departures");
  if (unusual.length === 0) return null;
  const key = unusualDatesKey(unusual);
  const items = new Intl.ListFormat(locale, { style: "long", type: "conjunction" }).format(
    unusual.map((date) => t(`dateChecks.confirmItem.${date.field}`, { date: date.date })),
  );
  return (
    <Field
      // A new element when the dates change: the box starts unticked for dates HR has not confirmed.
      key={key}
      className="departure-form__confirm"
      label={t("dateChecks.confirmLabel", { items })}
      errors={errors}
      inputProps={{ type: "checkbox", id: `${name}-box`, name, value: key, defaultChecked: value === key }}
    />
  );
}

interface OverdueChoiceProps {
  name: string;
  value: unknown;
  errors?: readonly string[];
}

export function OverdueTasksChoice({ name, value, errors }: OverdueChoiceProps) {
  const { t } = useTranslation("departures");
  const errorId = `${name}-error`;
  return (
    <fieldset className="fieldset" aria-describedby={errors?.length ? errorId : undefined}>
      <legend>{t("dateChecks.overdue.legend")}</legend>
      <p className="field__hint">{t("dateChecks.overdue.hint")}</p>
      {OVERDUE_TASK_CHOICES.map((choice) => (
        <Field
          key={choice}
          label={t(`dateChecks.overdue.${choice}`)}
          inputProps={{ type: "radio", id: `${name}-${choice}`, name, value: choice, defaultChecked: value === choice }}
        />
      ))}
      {errors?.length ? (
        <p id={errorId} className="field__error">
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}

/** "Jan 3, 2027 is a Sunday. Is it really the last working day?", or null on a working day. */
export function useLastDayWarning(day: unknown, holidays: ReadonlyMap<CalendarDay, string>): string | null {
  const { t } = useTranslation("departures");
  const found = nonWorkingDay(dayValue(day), holidays);
  if (!found) return null;
  return found.kind === "holiday"
    ? t("dateChecks.holiday", { date: found.day, name: found.name })
    : t("dateChecks.weekend", { date: found.day });
}
