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
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { anonymitySettingsSchema, MIN_BLOCK_SIZE_RANGE, RELEASE_DELAY_RANGE } from "~/modules/responses/anonymity-settings";
import { getAnonymitySettings, updateAnonymitySettings } from "~/modules/responses/anonymity-settings.server";
import { getDb } from "~/utils/db.server";
import type { Translate } from "~/modules/i18n/translator";

/** HR sets k and the release delay of anonymous surveys (docs/decisions/008). */

export async function loader({ request }: LoaderFunctionArgs) {
  await requireHrAdmin(request, "settings");
  const settings = await getAnonymitySettings(getDb());
  return json({
    settings: { minBlockSize: settings.minBlockSize, releaseDelayDays: settings.releaseDelayDays },
    saved: new URL(request.url).searchParams.get("saved") === "1",
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, t } = await requireHrAdmin(request, "settings");
  const submission = parseWithZod(await readFormData(request), { schema: anonymitySettingsSchema(t) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  await updateAnonymitySettings(getDb(), { ...submission.value, actorUserId: user.id });
  return redirect("/admin/settings/anonymity?saved=1");
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "anonymity.metaTitle", "settings");

export default function AnonymitySettingsPage() {
  const { settings, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("settings");
  const [form, fields] = useValidatedForm(() => anonymitySettingsSchema(t as Translate), {
    id: "anonymity-settings",
    lastResult: actionData?.result,
    defaultValue: { minBlockSize: String(settings.minBlockSize), releaseDelayDays: String(settings.releaseDelayDays) },
  });
  return (
    <SingleFormPage
      title={t("anonymity.title")}
      lead={t("anonymity.lead")}
      saved={saved ? t("anonymity.saved") : null}
      form={form}
      submit={{ label: t("anonymity.submit"), pendingLabel: t("saving") }}
      back={{ to: "/admin/settings", label: t("backToSettings") }}
    >
      <Field
        label={t("anonymity.minBlockSize")}
        hint={t("anonymity.minBlockSizeHint", MIN_BLOCK_SIZE_RANGE)}
        errors={fields.minBlockSize.errors}
        inputProps={{ ...getInputProps(fields.minBlockSize, { type: "number" }), ...MIN_BLOCK_SIZE_RANGE, step: 1, inputMode: "numeric" }}
      />
      <Field
        label={t("anonymity.releaseDelayDays")}
        hint={t("anonymity.releaseDelayDaysHint", RELEASE_DELAY_RANGE)}
        errors={fields.releaseDelayDays.errors}
        inputProps={{ ...getInputProps(fields.releaseDelayDays, { type: "number" }), ...RELEASE_DELAY_RANGE, step: 1, inputMode: "numeric" }}
      />
      <p className="muted">{t("anonymity.futureOnly")}</p>
    </SingleFormPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
