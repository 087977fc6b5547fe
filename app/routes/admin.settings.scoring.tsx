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
import { FIELD_LIMITS, scoringSettingsFormSchema, type ScoringFieldName } from "~/modules/scoring/settings-form";
import { getScoringSettings, settingsToFields, updateScoringSettings } from "~/modules/scoring/settings.server";
import { getDb } from "~/utils/db.server";
import { isDomainFailure } from "~/utils/failures";

/** HR's advocacy-score formula: weights, segment thresholds, half-lives and engagement points (ADR 029). */

export async function loader({ request }: LoaderFunctionArgs) {
  await requireHrAdmin(request, "scoring");
  const { settings } = await getScoringSettings(getDb());
  return json({ fields: settingsToFields(settings), saved: new URL(request.url).searchParams.get("notice") === "saved" });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, locale, t } = await requireHrAdmin(request, "scoring");
  const submission = parseWithZod(await readFormData(request), { schema: scoringSettingsFormSchema(t) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  try {
    await updateScoringSettings(getDb(), submission.value, { userId: user.id });
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    return json({ result: failureReply(submission, error, locale) }, { status: failureStatus(error) });
  }
  return redirect("/admin/settings/scoring?notice=saved");
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settings.metaTitle", "scoring");

const GROUPS: { key: "weights" | "thresholds" | "halfLives" | "points"; fields: ScoringFieldName[] }[] = [
  { key: "weights", fields: ["npsWeight", "sentimentWeight", "engagementWeight"] },
  { key: "thresholds", fields: ["promoterMin", "detractorMax"] },
  { key: "halfLives", fields: ["npsHalfLifeDays", "commentHalfLifeDays", "engagementHalfLifeDays"] },
  { key: "points", fields: ["sharePoints", "earnedClickPoints", "newsletterClickPoints", "fullPoints", "reasonWindowDays"] },
];

export default function ScoringSettingsPage() {
  const { t } = useTranslation("scoring");
  const { fields: values, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useValidatedForm(() => scoringSettingsFormSchema(t), {
    id: "scoring-settings",
    lastResult: actionData?.result,
    defaultValue: Object.fromEntries(Object.entries(values).map(([name, value]) => [name, String(value)])),
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
      <p className="muted">{t("settings.formula")}</p>
      {GROUPS.map((group) => (
        <fieldset className="fieldset" key={group.key}>
          <legend>{t(`settings.${group.key}Title`)}</legend>
          <p className="muted">{t(`settings.${group.key}Note`)}</p>
          {group.fields.map((name) => (
            <Field
              key={name}
              label={t(`settings.fields.${name}`)}
              errors={fields[name].errors}
              inputProps={{
                ...getInputProps(fields[name], { type: "number" }),
                min: FIELD_LIMITS[name].min,
                max: FIELD_LIMITS[name].max,
                step: 1,
                required: true,
              }}
            />
          ))}
        </fieldset>
      ))}
    </SingleFormPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
