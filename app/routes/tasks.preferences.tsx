import { getSelectProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { pageTitle } from "~/components/page-title";
import { SingleFormPage } from "~/components/forms/single-form-page";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { readFormData } from "~/modules/auth/http.server";
import { requireRole } from "~/modules/auth/guards.server";
import { SUPPORTED_LOCALES } from "~/modules/i18n/config";
import { serializeLocaleCookie } from "~/modules/i18n/i18n.server";
import type { Translate } from "~/modules/i18n/translator";
import { INBOX_ROLES } from "~/modules/offboarding/inbox.server";
import { getReminderPreferences, updateReminderPreferences } from "~/modules/offboarding/reminder-preferences.server";
import { REMINDER_HOURS, reminderPreferencesSchema } from "~/modules/offboarding/task-action-schemas";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { notFound } from "~/utils/responses";

/**
 * A task owner chooses when the daily digest arrives (an hour in the company's time zone) and its
 * language. HR admins who belong to a team get the digest too, so they may set it here as well.
 */

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, INBOX_ROLES, "tasks");
  const preferences = await getReminderPreferences(getDb(), user.id);
  if (!preferences) throw notFound("No reminder settings for this account.");
  return json({
    preferences,
    timeZone: getEnv().COMPANY_TIME_ZONE,
    saved: new URL(request.url).searchParams.get("saved") === "1",
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, t } = await requireRole(request, INBOX_ROLES, "tasks");
  const submission = parseWithZod(await readFormData(request), { schema: reminderPreferencesSchema(t) });
  if (submission.status !== "success") {
    return json({ result: submission.reply() }, { status: 400 });
  }
  await updateReminderPreferences(user.id, submission.value);
  // The cookie follows too, so that the pages stay in this language after signing out.
  return redirect("/tasks/preferences?saved=1", {
    headers: { "Set-Cookie": await serializeLocaleCookie(submission.value.locale) },
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "preferences.title", "tasks");

function hourLabel(hour: number) {
  return `${String(hour).padStart(2, "0")}:00`;
}

export default function ReminderPreferencesPage() {
  const { preferences, timeZone, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("tasks");
  const { t: tCommon } = useTranslation("common");
  const [form, fields] = useValidatedForm(() => reminderPreferencesSchema(t as Translate), {
    id: "reminder-preferences",
    lastResult: actionData?.result,
    defaultValue: { reminderHour: String(preferences.reminderHour), locale: preferences.locale },
  });
  return (
    <SingleFormPage
      title={t("preferences.title")}
      lead={t("preferences.lead")}
      saved={saved ? t("preferences.saved") : null}
      form={form}
      submit={{ label: t("preferences.submit"), pendingLabel: t("saving") }}
      back={{ to: "/tasks", label: t("preferences.back") }}
    >
      <Field
        label={t("preferences.hour")}
        hint={t("preferences.hourHint", { timeZone })}
        errors={fields.reminderHour.errors}
        selectProps={getSelectProps(fields.reminderHour)}
      >
        {REMINDER_HOURS.map((hour) => (
          <option key={hour} value={hour}>
            {hourLabel(hour)}
          </option>
        ))}
      </Field>
      <Field
        label={t("preferences.language")}
        hint={t("preferences.languageHint")}
        errors={fields.locale.errors}
        selectProps={getSelectProps(fields.locale)}
      >
        {SUPPORTED_LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {tCommon(`language.${locale}`)}
          </option>
        ))}
      </Field>
    </SingleFormPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
