import { getFormProps, getInputProps, getSelectProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "~/components/button";
import { dayValue, UnusualDatesConfirmation, useLastDayWarning } from "~/components/departure-date-checks";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { unusualDates } from "~/modules/offboarding/date-window";
import { departureDatesFormSchema } from "~/modules/offboarding/departure-forms";
import { DEPARTURE_STATUSES, type DepartureStatus } from "~/modules/offboarding/types";
import { FormCard } from "./form-card";
import { resultFor, type DepartureActionData, type DeparturePageData } from "./departure-data";

/**
 * The dates and status, with the checks the new-departure form makes (unusual dates, a last day that
 * is not a working day). The form is drawn when opened (FormOnDemand): the facts card shows the dates.
 */
export function DatesForm(props: DatesFormProps) {
  return (
    <FormCard id="dates" keys="dates" intent="update" actionData={props.actionData}>
      {() => <DatesFormFields {...props} />}
    </FormCard>
  );
}

type DatesFormProps = Pick<DeparturePageData, "departure" | "locale" | "dateContext" | "holidays"> & { actionData: DepartureActionData };

function DatesFormFields({
  departure,
  locale,
  dateContext,
  holidays,
  actionData,
}: DatesFormProps) {
  const { t } = useTranslation("departures");
  const { t: tv } = useTranslation("offboarding");
  const isUpdatePending = useIsPending({ intent: "update" });
  // Not given: the field stays empty (the date follows the last day), as it was entered.
  const terminationDate = departure.terminationDateFollowsLastDay ? null : departure.terminationDate;
  const context = {
    ...dateContext,
    current: { noticeDate: departure.noticeDate, lastDay: departure.lastDay, terminationDate },
  };
  const current = departure.status as DepartureStatus;
  // Cancelling has its own form with a confirmation; a cancelled departure can only be planned again.
  const choices = DEPARTURE_STATUSES.filter((status) => status !== "cancelled" || current === "cancelled");
  const [form, fields] = useValidatedForm(() => departureDatesFormSchema(tv, context), {
    // A new id after each saved change: the fields then show the saved values.
    id: `dates-${departure.noticeDate}-${departure.lastDay}-${terminationDate ?? "follows"}-${departure.status}`,
    lastResult: resultFor(actionData, "update"),
    defaultValue: {
      noticeDate: departure.noticeDate,
      lastDay: departure.lastDay,
      terminationDate: terminationDate ?? "",
      status: departure.status,
    },
  });
  const changed = (before: string | null, value: unknown) => {
    const day = dayValue(value);
    return day !== undefined && day !== before ? day : undefined;
  };
  const unusual = unusualDates(
    {
      noticeDate: changed(departure.noticeDate, fields.noticeDate.value),
      lastDay: changed(departure.lastDay, fields.lastDay.value),
      terminationDate: changed(terminationDate, fields.terminationDate.value),
    },
    dateContext.window,
    dateContext.today,
  );
  const lastDayWarning = useLastDayWarning(fields.lastDay.value, new Map(holidays.map((holiday) => [holiday.day, holiday.name])));
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="update" />
      <FormErrorSummary id={form.errorId} errors={form.errors} />
      <Field label={t("fields.noticeDate")} errors={fields.noticeDate.errors} inputProps={getInputProps(fields.noticeDate, { type: "date" })} />
      <Field
        label={t("fields.lastDay")}
        hint={lastDayWarning ? <span className="date-warning">{lastDayWarning}</span> : undefined}
        errors={fields.lastDay.errors}
        inputProps={getInputProps(fields.lastDay, { type: "date" })}
      />
      <Field
        label={t("fields.terminationDate")}
        hint={t("detail.dates.terminationHint")}
        errors={fields.terminationDate.errors}
        inputProps={getInputProps(fields.terminationDate, { type: "date" })}
      />
      <UnusualDatesConfirmation
        unusual={unusual}
        name={fields.confirmUnusualDates.name}
        value={fields.confirmUnusualDates.value}
        errors={fields.confirmUnusualDates.errors}
        locale={locale}
      />
      <Field label={t("fields.status")} errors={fields.status.errors} selectProps={getSelectProps(fields.status)}>
        {choices.map((status) => (
          <option key={status} value={status}>
            {t(`statuses.${status}`)}
          </option>
        ))}
      </Field>
      <Button pending={isUpdatePending} pendingLabel={t("detail.dates.saving")}>
        {t("detail.dates.submit")}
      </Button>
    </Form>
  );
}
