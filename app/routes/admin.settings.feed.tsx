import { getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { SingleFormPage } from "~/components/forms/single-form-page";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { pageTitle } from "~/components/page-title";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { readFormData } from "~/modules/auth/http.server";
import { feedSettingsFormSchema } from "~/modules/feeds/forms";
import { getFeedSettings, updateFeedSettings } from "~/modules/feeds/settings.server";
import { failureReply, failureStatus } from "~/modules/i18n/failure-reply.server";
import { getDb } from "~/utils/db.server";
import { isDomainFailure } from "~/utils/failures";

/** The share feed's settings: the disclosure line of each language, and the mix rule's limit. */

export async function loader({ request }: LoaderFunctionArgs) {
  await requireHrAdmin(request, "feeds");
  const settings = await getFeedSettings(getDb());
  return json({ settings, saved: new URL(request.url).searchParams.get("notice") === "saved" });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, locale, t } = await requireHrAdmin(request, "feeds");
  const submission = parseWithZod(await readFormData(request), { schema: feedSettingsFormSchema(t) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  try {
    await updateFeedSettings(getDb(), submission.value, { userId: user.id });
  } catch (error) {
    // The domain also weighs the line as X does (an emoji counts twice): a line can pass the form and fail here.
    if (!isDomainFailure(error)) throw error;
    return json({ result: failureReply(submission, error, locale) }, { status: failureStatus(error) });
  }
  return redirect("/admin/settings/feed?notice=saved");
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settings.metaTitle", "feeds");

export default function FeedSettingsPage() {
  const { t } = useTranslation("feeds");
  const { settings, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useValidatedForm(() => feedSettingsFormSchema(t), {
    id: "feed-settings",
    lastResult: actionData?.result,
    defaultValue: { disclosureEn: settings.disclosures.en, disclosureFr: settings.disclosures.fr, promotionalMaxPercent: String(settings.promotionalMaxPercent) },
  });
  return (
    <SingleFormPage
      title={t("settings.title")}
      lead={t("settings.lead")}
      saved={saved ? t("settings.saved") : null}
      form={form}
      submit={{ label: t("settings.save"), pendingLabel: t("settings.saving") }}
      back={{ to: "/admin/feed", label: t("settings.back") }}
    >
      <Field label={t("settings.fields.disclosureEn")} hint={t("settings.fields.disclosureHint")} errors={fields.disclosureEn.errors} inputProps={{ ...getInputProps(fields.disclosureEn, { type: "text" }), maxLength: 100, lang: "en" }} />
      <Field label={t("settings.fields.disclosureFr")} hint={t("settings.fields.disclosureHint")} errors={fields.disclosureFr.errors} inputProps={{ ...getInputProps(fields.disclosureFr, { type: "text" }), maxLength: 100, lang: "fr" }} />
      <Field
        label={t("settings.fields.promotionalMaxPercent")}
        hint={t("settings.fields.promotionalMaxPercentHint")}
        errors={fields.promotionalMaxPercent.errors}
        inputProps={{ ...getInputProps(fields.promotionalMaxPercent, { type: "number" }), min: 0, max: 100, step: 1, inputMode: "numeric", required: true }}
      />
      <p>
        <Link to="/admin/settings/advocacy">{t("settings.advocacyLink")}</Link>
      </p>
    </SingleFormPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
