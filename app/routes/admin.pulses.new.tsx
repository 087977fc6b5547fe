import { getFormProps, getInputProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { readFormData } from "~/modules/auth/http.server";
import { failureReply, failureStatus } from "~/modules/i18n/failure-reply.server";
import { localized } from "~/modules/i18n/localized-text";
import { schedulePulseSchema } from "~/modules/pulse/forms";
import { PULSE_MAX_OPEN_DAYS, pulseSurveyChoices, schedulePulse } from "~/modules/pulse/pulses.server";
import { countPulseAudience } from "~/modules/pulse/send.server";
import { addCalendarDays } from "~/utils/calendar-days";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { isDomainFailure } from "~/utils/failures";
import { formatNumber } from "~/utils/format";
import { instantAtWallTime, wallTimeOf } from "~/utils/time-zones";

/**
 * Schedule an alumni pulse (HR admins): a published pulse survey, the sending day and time in the
 * company's time zone, and the last day answers are taken. The audience is counted now for HR's
 * information; the recipients are taken when the pulse is sent.
 */

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await requireHrAdmin(request, "pulse");
  const db = getDb();
  const timeZone = getEnv().COMPANY_TIME_ZONE;
  const [surveys, audience] = await Promise.all([pulseSurveyChoices(db), countPulseAudience(db)]);
  // Suggestions: an hour from now, open for two weeks.
  const suggestion = wallTimeOf(new Date(Date.now() + 60 * 60 * 1000), timeZone);
  return json({ surveys, audience, locale, timeZone, suggestion, closesOn: addCalendarDays(suggestion.day, 14) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, locale, t } = await requireHrAdmin(request, "pulse");
  const submission = parseWithZod(await readFormData(request), { schema: schedulePulseSchema(t) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const timeZone = getEnv().COMPANY_TIME_ZONE;
  const { surveyId, day, time, closesOn } = submission.value;
  try {
    const { pulseId } = await schedulePulse(getDb(), { surveyId, sendAt: instantAtWallTime(day, time, timeZone), closesOn, actorUserId: user.id, timeZone });
    return redirect(`/admin/pulses/${pulseId}?done=scheduled`);
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    return json({ result: failureReply(submission, error, locale) }, { status: failureStatus(error) });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.newTitle", "pulse");

export default function NewPulsePage() {
  const { t } = useTranslation("pulse");
  const { surveys, audience, locale, timeZone, suggestion, closesOn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined;
  const isPending = useIsPending();
  const ready = surveys.filter((survey) => survey.ready);
  const [form, fields] = useValidatedForm(() => schedulePulseSchema(t), {
    id: "new-pulse",
    lastResult: actionData?.result,
    defaultValue: { surveyId: ready[0]?.surveyId ?? "", day: suggestion.day, time: suggestion.time, closesOn },
  });
  return (
    <div className="stack narrow-page">
      <p>
        <Link to="/admin/pulses">{t("admin.back")}</Link>
      </p>
      <PageHeader title={t("admin.newTitle")} lead={t("admin.newLead", { count: audience, formatted: formatNumber(audience, locale) })} />
      {ready.length === 0 ? (
        <Alert tone="info">
          <p>{t("admin.noSurvey")}</p>
        </Alert>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack card">
        <FormErrorSummary id={form.errorId} errors={form.errors} />
        <Field label={t("admin.survey")} hint={t("admin.surveyHint")} errors={fields.surveyId.errors} selectProps={{ ...getSelectProps(fields.surveyId), required: true }}>
          {surveys.map((survey) => (
            <option key={survey.surveyId} value={survey.surveyId} disabled={!survey.ready}>
              {survey.ready
                ? `${localized(survey.name, locale)} · ${t(`admin.confidentiality.${survey.confidentiality}`)}`
                : t("admin.surveyNotReady", { name: localized(survey.name, locale) })}
            </option>
          ))}
        </Field>
        <Field label={t("admin.day")} errors={fields.day.errors} inputProps={{ ...getInputProps(fields.day, { type: "date" }), required: true }} />
        <Field label={t("admin.time")} hint={t("admin.timeHint", { timeZone })} errors={fields.time.errors} inputProps={{ ...getInputProps(fields.time, { type: "time" }), required: true }} />
        <Field
          label={t("admin.closesOn")}
          hint={t("admin.closesOnHint", { max: PULSE_MAX_OPEN_DAYS })}
          errors={fields.closesOn.errors}
          inputProps={{ ...getInputProps(fields.closesOn, { type: "date" }), required: true }}
        />
        <Button pending={isPending} disabled={ready.length === 0}>
          {t("admin.submit")}
        </Button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
