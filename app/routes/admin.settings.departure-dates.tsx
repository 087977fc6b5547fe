import { getInputProps } from "@conform-to/react";
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
import { DATE_WINDOW_RANGES, dateWindowSchema } from "~/modules/offboarding/date-window";
import { getDateWindow, updateDateWindow } from "~/modules/offboarding/date-window.server";
import type { Translate } from "~/modules/i18n/translator";
import { noticeFrom, requireSettingsAdmin } from "~/modules/offboarding/settings.server";
import { getDb } from "~/utils/db.server";

/** HR sets the window of usual departure dates; dates outside it need a confirmation (date-window.ts). */

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSettingsAdmin(request);
  const { pastDays, futureDays } = await getDateWindow(getDb());
  return json({ settings: { pastDays, futureDays }, notice: noticeFrom(request, ["saved"]) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, t } = await requireSettingsAdmin(request);
  const submission = parseWithZod(await readFormData(request), { schema: dateWindowSchema(t) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  await updateDateWindow(getDb(), { ...submission.value, actorUserId: user.id });
  return redirect("/admin/settings/departure-dates?notice=saved");
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "departureDates.metaTitle", "settings");

export default function DepartureDateSettingsPage() {
  const { settings, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("settings");
  const [form, fields] = useValidatedForm(() => dateWindowSchema(t as Translate), {
    id: "departure-date-settings",
    lastResult: actionData?.result,
    defaultValue: { pastDays: String(settings.pastDays), futureDays: String(settings.futureDays) },
  });
  return (
    <SingleFormPage
      title={t("departureDates.title")}
      lead={t("departureDates.lead")}
      saved={notice ? t("departureDates.saved") : null}
      form={form}
      submit={{ label: t("departureDates.submit"), pendingLabel: t("saving") }}
      back={{ to: "/admin/settings", label: t("backToSettings") }}
    >
      <Field
        label={t("departureDates.pastDays")}
        hint={t("departureDates.pastDaysHint", DATE_WINDOW_RANGES.pastDays)}
        errors={fields.pastDays.errors}
        inputProps={{ ...getInputProps(fields.pastDays, { type: "number" }), ...DATE_WINDOW_RANGES.pastDays, step: 1, inputMode: "numeric" }}
      />
      <Field
        label={t("departureDates.futureDays")}
        hint={t("departureDates.futureDaysHint", DATE_WINDOW_RANGES.futureDays)}
        errors={fields.futureDays.errors}
        inputProps={{ ...getInputProps(fields.futureDays, { type: "number" }), ...DATE_WINDOW_RANGES.futureDays, step: 1, inputMode: "numeric" }}
      />
    </SingleFormPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
