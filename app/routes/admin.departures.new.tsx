import { getFormProps, getInputProps, getSelectProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button, ButtonLink } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { dayValue, OverdueTasksChoice, UnusualDatesConfirmation, useLastDayWarning } from "~/components/departure-date-checks";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { readFormData } from "~/modules/auth/http.server";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { SUPPORTED_LOCALES } from "~/modules/i18n/config";
import { failureStatus } from "~/modules/i18n/failure-reply.server";
import { todayIn } from "~/utils/calendar-days";
import { unusualDates } from "~/modules/offboarding/date-window";
import { getDateWindow, loadDateContext } from "~/modules/offboarding/date-window.server";
import { newDepartureFormSchema, type DateContext } from "~/modules/offboarding/departure-forms";
import { listActiveReasons, listDepartmentOptions } from "~/modules/offboarding/departure-queries.server";
import { departureFormReply } from "~/modules/offboarding/departure-form-reply.server";
import { createDeparture } from "~/modules/offboarding/departures.server";
import { DEPARTURE_TYPES } from "~/modules/offboarding/types";
import { getDb, type DB } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { isDomainFailure } from "~/utils/failures";

/** The company's today and HR's window: what the form judges dates against, here and in the browser. */
async function dateContext(db: DB): Promise<DateContext> {
  const { pastDays, futureDays } = await getDateWindow(db);
  return { today: todayIn(getEnv().COMPANY_TIME_ZONE), window: { pastDays, futureDays } };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await requireHrAdmin(request, "departures");
  const db = getDb();
  const today = todayIn(getEnv().COMPANY_TIME_ZONE);
  const [departments, reasons, { window, holidays }] = await Promise.all([
    listDepartmentOptions(db),
    listActiveReasons(db, locale),
    // HR's window, and the holidays a usual last day can fall on (the "not a working day" warning).
    loadDateContext(db, today),
  ]);
  const context: DateContext = { today, window };
  return json({
    departments: departments.map(({ id, name, depth }) => ({ id, name, depth })),
    reasons,
    companyLocale: getEnv().COMPANY_LOCALE,
    locale,
    context,
    holidays,
  });
}

/** The form's yes/no boxes: an unticked box sends nothing, and for HR that means "no", not "unknown". */
const CHECKBOXES = ["regrettable", "eligibleForRehire"] as const;

export async function action({ request }: ActionFunctionArgs) {
  const { user: admin, locale, t } = await requireHrAdmin(request, "offboarding");
  const formData = await readFormData(request);
  for (const name of CHECKBOXES) if (!formData.has(name)) formData.set(name, "no");
  const submission = parseWithZod(formData, { schema: newDepartureFormSchema(t, await dateContext(getDb())) });
  if (submission.status !== "success") {
    return json({ result: submission.reply() }, { status: 400 });
  }
  const { confirmUnusualDates, overdueTasks, ...input } = submission.value;
  try {
    const { departure, created } = await createDeparture(input, {
      actorUserId: admin.id,
      source: "web",
      noteLocale: locale,
      confirmUnusualDates,
      overdueTasks: overdueTasks ?? "open",
    });
    return redirect(`/admin/departures/${departure.id}?notice=${created ? "created" : "existed"}`);
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    return json({ result: departureFormReply(submission, error, locale) }, { status: failureStatus(error) });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "form.title", "departures");

export default function NewDeparture() {
  const { departments, reasons, companyLocale, locale, context, holidays } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const isPending = useIsPending();
  const { t } = useTranslation("departures");
  const { t: tv } = useTranslation("offboarding");
  const [form, fields] = useValidatedForm(() => newDepartureFormSchema(tv, context), {
    id: "new-departure",
    lastResult: actionData?.result,
    defaultValue: { type: "voluntary", language: companyLocale },
  });
  const text = (name: keyof typeof fields, type: "text" | "email" | "date" = "text") => getInputProps(fields[name], { type });
  const lastDay = dayValue(fields.lastDay.value);
  const unusual = unusualDates(
    { noticeDate: dayValue(fields.noticeDate.value), lastDay, terminationDate: dayValue(fields.terminationDate.value) },
    context.window,
    context.today,
  );
  const lastDayWarning = useLastDayWarning(lastDay, new Map(holidays.map((holiday) => [holiday.day, holiday.name])));

  return (
    <div className="stack narrow-page">
      <PageHeader title={t("form.title")} lead={t("form.lead")} />
      <Form method="post" {...getFormProps(form)} className="card departure-form">
        <FormErrorSummary id={form.errorId} errors={form.errors} />
        <fieldset className="departure-form__section">
          <legend>{t("form.personSection")}</legend>
          <div className="departure-form__grid">
            <Field
              label={t("fields.employeeName")}
              errors={fields.employeeName.errors}
              inputProps={{ ...text("employeeName"), autoComplete: "off", required: true }}
            />
            <Field
              label={t("fields.employeeEmail")}
              errors={fields.employeeEmail.errors}
              inputProps={{ ...text("employeeEmail", "email"), autoComplete: "off", required: true }}
            />
            <Field
              label={t("fields.departmentId")}
              errors={[...(fields.departmentId.errors ?? []), ...(fields.departmentName.errors ?? [])]}
              selectProps={{ ...getSelectProps(fields.departmentId), required: true }}
            >
              <option value="">—</option>
              {departments.map((department) => (
                <option key={department.id} value={department.id}>
                  {"\u00a0\u00a0\u00a0".repeat(department.depth)}
                  {department.name}
                </option>
              ))}
            </Field>
            <Field label={t("fields.jobTitle")} errors={fields.jobTitle.errors} inputProps={text("jobTitle")} />
            <Field
              label={t("fields.managerEmail")}
              errors={fields.managerEmail.errors}
              inputProps={{ ...text("managerEmail", "email"), autoComplete: "off" }}
            />
            <Field
              label={t("fields.personalEmail")}
              hint={t("form.personalEmailHint")}
              errors={fields.personalEmail.errors}
              inputProps={{ ...text("personalEmail", "email"), autoComplete: "off" }}
            />
            <Field label={t("fields.location")} errors={fields.location.errors} inputProps={text("location")} />
            <Field label={t("fields.hireDate")} errors={fields.hireDate.errors} inputProps={text("hireDate", "date")} />
            <Field
              label={t("fields.language")}
              hint={t("form.languageHint")}
              errors={fields.language.errors}
              selectProps={getSelectProps(fields.language)}
            >
              {SUPPORTED_LOCALES.map((language) => (
                <option key={language} value={language}>
                  {t(`languages.${language}`)}
                </option>
              ))}
            </Field>
          </div>
        </fieldset>

        <fieldset className="departure-form__section">
          <legend>{t("form.datesSection")}</legend>
          <div className="departure-form__grid">
            <Field
              label={t("fields.noticeDate")}
              hint={t("form.noticeDateHint")}
              errors={fields.noticeDate.errors}
              inputProps={text("noticeDate", "date")}
            />
            <Field
              label={t("fields.lastDay")}
              hint={lastDayWarning ? <span className="date-warning">{lastDayWarning}</span> : undefined}
              errors={fields.lastDay.errors}
              inputProps={{ ...text("lastDay", "date"), required: true }}
            />
            <Field
              label={t("fields.terminationDate")}
              hint={t("form.terminationDateHint")}
              errors={fields.terminationDate.errors}
              inputProps={text("terminationDate", "date")}
            />
          </div>
          <UnusualDatesConfirmation
            unusual={unusual}
            name={fields.confirmUnusualDates.name}
            value={fields.confirmUnusualDates.value}
            errors={fields.confirmUnusualDates.errors}
            locale={locale}
          />
          {lastDay && lastDay < context.today ? (
            <OverdueTasksChoice name={fields.overdueTasks.name} value={fields.overdueTasks.value} errors={fields.overdueTasks.errors} />
          ) : null}
        </fieldset>

        <fieldset className="departure-form__section">
          <legend>{t("form.departureSection")}</legend>
          <div className="departure-form__grid">
            <Field label={t("fields.type")} errors={fields.type.errors} selectProps={getSelectProps(fields.type)}>
              {DEPARTURE_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`types.${type}`)}
                </option>
              ))}
            </Field>
            <Field label={t("fields.reasonCode")} errors={fields.reasonCode.errors} selectProps={getSelectProps(fields.reasonCode)}>
              <option value="">{t("form.noReason")}</option>
              {reasons.map((reason) => (
                <option key={reason.code} value={reason.code}>
                  {reason.label}
                </option>
              ))}
            </Field>
            <Field
              label={t("fields.externalId")}
              hint={t("form.externalIdHint")}
              errors={fields.externalId.errors}
              inputProps={{ ...text("externalId"), autoComplete: "off" }}
            />
          </div>
          <Field
            label={t("fields.regrettable")}
            errors={fields.regrettable.errors}
            inputProps={getInputProps(fields.regrettable, { type: "checkbox" })}
          />
          <Field
            label={t("fields.eligibleForRehire")}
            errors={fields.eligibleForRehire.errors}
            inputProps={getInputProps(fields.eligibleForRehire, { type: "checkbox" })}
          />
        </fieldset>

        <div className="departure-form__actions">
          <Button pending={isPending} pendingLabel={t("form.saving")}>
            {t("form.submit")}
          </Button>
          <ButtonLink to="/admin/departures" variant="ghost">
            {t("form.cancel")}
          </ButtonLink>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
