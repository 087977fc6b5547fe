import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { pageTitle } from "~/components/page-title";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { listErrors, SettingsListPage } from "~/components/settings/settings-list-page";
import { readFormData } from "~/modules/auth/http.server";
import { isCalendarDay, todayIn } from "~/utils/calendar-days";
import { addHoliday, listHolidays, listHolidayYears, removeHoliday } from "~/modules/offboarding/holidays-admin.server";
import { holidaySchema } from "~/modules/offboarding/settings";
import { noticeFrom, requireSettingsAdmin, runSettingsChange } from "~/modules/offboarding/settings.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatDate } from "~/utils/format";

/** Company holidays, one year at a time: business-day offsets skip them when tasks are dated. */

const NOTICES = ["added", "removed"] as const;

function yearParam(request: Request, fallback: number): number {
  const value = new URL(request.url).searchParams.get("year");
  const year = value && /^\d{4}$/.test(value) ? Number(value) : fallback;
  return year >= 1900 && year <= 2999 ? year : fallback;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSettingsAdmin(request);
  const db = getDb();
  const thisYear = Number(todayIn(getEnv().COMPANY_TIME_ZONE).slice(0, 4));
  const year = yearParam(request, thisYear);
  const [holidays, years] = await Promise.all([listHolidays(db, year), listHolidayYears(db)]);
  // The navigation always offers this year, next year and the year shown, even when they are empty.
  const shownYears = [...new Set([...years.map((y) => y.year), thisYear, thisYear + 1, year])].sort((a, b) => b - a);
  return json({ year, years: shownYears, holidays, notice: noticeFrom(request, NOTICES) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, locale, t } = await requireSettingsAdmin(request);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const actor = { actorUserId: user.id };
  if (intent === "add") {
    const submission = parseWithZod(formData, { schema: holidaySchema(t) });
    if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
    const outcome = await runSettingsChange(submission, locale, { intent }, () => addHoliday(submission.value, actor));
    return outcome.ok ? redirect(`/admin/settings/holidays?year=${submission.value.day.slice(0, 4)}&notice=added`) : outcome.response;
  }
  if (intent === "remove") {
    const submission = parseWithZod(formData, { schema: z.object({ day: z.string().refine(isCalendarDay, { error: t("validation.dateInvalid") }) }) });
    if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
    const outcome = await runSettingsChange(submission, locale, { intent }, () => removeHoliday(submission.value.day, actor));
    return outcome.ok ? redirect(`/admin/settings/holidays?year=${submission.value.day.slice(0, 4)}&notice=removed`) : outcome.response;
  }
  return json({ intent, result: { status: "error", error: { intent: [t("validation.unknownAction")] } } }, { status: 400 });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "holidays.metaTitle", "settings");

export default function HolidaysPage() {
  const { year, holidays } = useLoaderData<typeof loader>();
  // After an addition, or on another year, the form starts empty again.
  return <HolidaysPageContent key={`${year}-${holidays.length}`} />;
}

function HolidaysPageContent() {
  const { t, i18n } = useTranslation("settings");
  const { year, years, holidays, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { intent: string; result: SubmissionResult<string[]> } | undefined;
  const isAddPending = useIsPending({ intent: "add" });
  const [form, fields] = useValidatedForm(() => holidaySchema(t), {
    id: "add-holiday",
    lastResult: actionData?.intent === "add" ? actionData.result : undefined,
  });
  const otherErrors = listErrors(actionData, "add");

  const addForm = (
    <Form method="post" {...getFormProps(form)} className="narrow-page">
      <input type="hidden" name="intent" value="add" />
      <FormErrorSummary id={form.errorId} errors={form.errors} />
      <Field label={t("fields.day")} errors={fields.day.errors} inputProps={{ ...getInputProps(fields.day, { type: "date" }), required: true }} />
      <Field label={t("fields.holidayName")} errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: "text" }), required: true }} />
      <Button pending={isAddPending}>{t("holidays.add")}</Button>
    </Form>
  );
  const intro = (
    <>
      <Alert>{t("holidays.datedTasksNote")}</Alert>
      <nav aria-label={t("holidays.yearsLabel")} className="year-nav">
        <ul>
          {years.map((option) => (
            <li key={option}>
              <Link to={`/admin/settings/holidays?year=${option}`} aria-current={option === year ? "page" : undefined}>
                {option}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );

  return (
    <SettingsListPage
      section="holidays"
      notice={notice}
      errors={otherErrors}
      intro={intro}
      list={{ id: "holidays-year-title", title: t("holidays.yearTitle", { year, count: holidays.length }) }}
      isEmpty={holidays.length === 0}
      empty={{ title: t("holidays.emptyTitle", { year }), description: t("holidays.emptyBody") }}
      add={{ id: "add-holiday-title", title: t("holidays.addTitle"), form: addForm }}
    >
          <ul className="holiday-list">
            {holidays.map((holiday) => (
              <li key={holiday.day} className="holiday-list__item">
                <span>
                  <time dateTime={holiday.day} className="holiday-list__date">
                    {formatDate(holiday.day, i18n.language)}
                  </time>{" "}
                  {holiday.name}
                </span>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="day" value={holiday.day} />
                  <Button variant="ghost" size="small" aria-label={t("holidays.removeLabel", { name: holiday.name, date: formatDate(holiday.day, i18n.language) })}>
                    {t("holidays.remove")}
                  </Button>
                </Form>
              </li>
            ))}
          </ul>
    </SettingsListPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
