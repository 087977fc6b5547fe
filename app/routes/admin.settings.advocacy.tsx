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
import { advocacySettingsFormSchema, minorToAmount } from "~/modules/advocacy/forms";
import { getAdvocacySettings, updateAdvocacySettings } from "~/modules/advocacy/settings.server";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { readFormData } from "~/modules/auth/http.server";
import { failureReply, failureStatus } from "~/modules/i18n/failure-reply.server";
import { getDb } from "~/utils/db.server";
import { isDomainFailure } from "~/utils/failures";

/**
 * HR's points rules, leaderboard switch and earned-media-value rates (ADR 021). Rates are typed in
 * major units with two decimals and stored in minor units.
 */

export async function loader({ request }: LoaderFunctionArgs) {
  await requireHrAdmin(request, "feeds");
  const settings = await getAdvocacySettings(getDb());
  return json({ settings, saved: new URL(request.url).searchParams.get("notice") === "saved" });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, locale, t } = await requireHrAdmin(request, "feeds");
  const submission = parseWithZod(await readFormData(request), { schema: advocacySettingsFormSchema(t) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  try {
    await updateAdvocacySettings(getDb(), submission.value, { userId: user.id });
  } catch (error) {
    // The domain also knows which currency codes exist: "ABC" passes the form and fails here.
    if (!isDomainFailure(error)) throw error;
    return json({ result: failureReply(submission, error, locale) }, { status: failureStatus(error) });
  }
  return redirect("/admin/settings/advocacy?notice=saved");
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "advocacySettings.metaTitle", "feeds");

export default function AdvocacySettingsPage() {
  const { t } = useTranslation("feeds");
  const { settings, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useValidatedForm(() => advocacySettingsFormSchema(t), {
    id: "advocacy-settings",
    lastResult: actionData?.result,
    defaultValue: {
      leaderboardEnabled: settings.leaderboardEnabled ? "on" : undefined,
      pointsPerShare: String(settings.points.pointsPerShare),
      pointsPerClick: String(settings.points.pointsPerClick),
      dailyCap: String(settings.points.dailyCap),
      currency: settings.emv.currency,
      cpm: minorToAmount(settings.emv.cpmMinor),
      cpc: minorToAmount(settings.emv.cpcMinor),
      impressionsPerShare: String(settings.emv.impressionsPerShare),
    },
  });
  const whole = (max: number) => ({ min: 0, max, step: 1, inputMode: "numeric" as const, required: true });
  const money = { inputMode: "decimal" as const, required: true, pattern: "\\d{1,6}([.,]\\d{1,2})?", autoComplete: "off" };
  return (
    <SingleFormPage
      title={t("advocacySettings.title")}
      lead={t("advocacySettings.lead")}
      saved={saved ? t("advocacySettings.saved") : null}
      form={form}
      submit={{ label: t("advocacySettings.save"), pendingLabel: t("advocacySettings.saving") }}
      back={{ to: "/admin/settings/feed", label: t("advocacySettings.back") }}
    >
      <fieldset className="fieldset">
        <legend>{t("advocacySettings.pointsTitle")}</legend>
        <p className="muted">{t("advocacySettings.pointsNote")}</p>
        <Field
          label={t("advocacySettings.fields.leaderboardEnabled")}
          hint={t("advocacySettings.fields.leaderboardEnabledHint")}
          errors={fields.leaderboardEnabled.errors}
          inputProps={getInputProps(fields.leaderboardEnabled, { type: "checkbox" })}
        />
        <Field label={t("advocacySettings.fields.pointsPerShare")} errors={fields.pointsPerShare.errors} inputProps={{ ...getInputProps(fields.pointsPerShare, { type: "number" }), ...whole(1000) }} />
        <Field
          label={t("advocacySettings.fields.pointsPerClick")}
          hint={t("advocacySettings.fields.pointsPerClickHint")}
          errors={fields.pointsPerClick.errors}
          inputProps={{ ...getInputProps(fields.pointsPerClick, { type: "number" }), ...whole(1000) }}
        />
        <Field
          label={t("advocacySettings.fields.dailyCap")}
          hint={t("advocacySettings.fields.dailyCapHint")}
          errors={fields.dailyCap.errors}
          inputProps={{ ...getInputProps(fields.dailyCap, { type: "number" }), ...whole(100_000) }}
        />
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t("advocacySettings.emvTitle")}</legend>
        <p className="muted">{t("advocacySettings.emvNote")}</p>
        <Field
          label={t("advocacySettings.fields.currency")}
          hint={t("advocacySettings.fields.currencyHint")}
          errors={fields.currency.errors}
          inputProps={{ ...getInputProps(fields.currency, { type: "text" }), maxLength: 3, autoCapitalize: "characters", spellCheck: false, required: true }}
        />
        <Field label={t("advocacySettings.fields.cpm")} hint={t("advocacySettings.fields.rateHint")} errors={fields.cpm.errors} inputProps={{ ...getInputProps(fields.cpm, { type: "text" }), ...money }} />
        <Field label={t("advocacySettings.fields.cpc")} hint={t("advocacySettings.fields.rateHint")} errors={fields.cpc.errors} inputProps={{ ...getInputProps(fields.cpc, { type: "text" }), ...money }} />
        <Field
          label={t("advocacySettings.fields.impressionsPerShare")}
          hint={t("advocacySettings.fields.impressionsPerShareHint")}
          errors={fields.impressionsPerShare.errors}
          inputProps={{ ...getInputProps(fields.impressionsPerShare, { type: "number" }), ...whole(1_000_000) }}
        />
      </fieldset>
    </SingleFormPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
