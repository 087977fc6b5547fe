import { getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { SingleFormPage } from "~/components/forms/single-form-page";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { pageTitle } from "~/components/page-title";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { readFormData } from "~/modules/auth/http.server";
import { failureReply, failureStatus } from "~/modules/i18n/failure-reply.server";
import { getRetentionSettings, updateRetentionSettings } from "~/modules/privacy/privacy-settings.server";
import { RETENTION_FIELD_NAMES, RETENTION_LIMITS, retentionSettingsFormSchema } from "~/modules/privacy/retention-settings";
import { getDb } from "~/utils/db.server";
import { isDomainFailure } from "~/utils/failures";

/** HR's retention periods, enforced every night by the `privacy.retention` job (docs/decisions/031). */

export async function loader({ request }: LoaderFunctionArgs) {
  await requireHrAdmin(request, "data");
  const settings = await getRetentionSettings(getDb());
  return json({ settings, saved: new URL(request.url).searchParams.get("notice") === "saved" });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, locale, t } = await requireHrAdmin(request, "data");
  const submission = parseWithZod(await readFormData(request), { schema: retentionSettingsFormSchema(t) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  try {
    await updateRetentionSettings(getDb(), submission.value, { userId: user.id });
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    return json({ result: failureReply(submission, error, locale) }, { status: failureStatus(error) });
  }
  return redirect("/admin/settings/privacy?notice=saved");
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settings.metaTitle", "data");

export default function PrivacySettingsPage() {
  const { t } = useTranslation("data");
  const { settings, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useValidatedForm(() => retentionSettingsFormSchema(t), {
    id: "privacy-settings",
    lastResult: actionData?.result,
    defaultValue: Object.fromEntries(Object.entries(settings).map(([name, value]) => [name, String(value)])),
  });
  return (
    <SingleFormPage
      title={t("settings.title")}
      lead={t("settings.lead")}
      saved={saved ? t("settings.saved") : null}
      form={form}
      submit={{ label: t("settings.save"), pendingLabel: t("settings.saving") }}
      back={{ to: "/admin/settings", label: t("settings.back") }}
    >
      {RETENTION_FIELD_NAMES.map((name) => (
        <Field
          key={name}
          label={t(`settings.fields.${name}`)}
          hint={t(`settings.hints.${name}`, RETENTION_LIMITS[name])}
          errors={fields[name].errors}
          inputProps={{
            ...getInputProps(fields[name], { type: "number" }),
            min: RETENTION_LIMITS[name].min,
            max: RETENTION_LIMITS[name].max,
            step: 1,
            required: true,
          }}
        />
      ))}
    </SingleFormPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
