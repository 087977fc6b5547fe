import { getFormProps, getInputProps } from "@conform-to/react";
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
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { readFormData } from "~/modules/auth/http.server";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { requireSettingsAdmin } from "~/modules/offboarding/settings.server";
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
  const { admin, t } = await requireSettingsAdmin(request);
  const submission = parseWithZod(await readFormData(request), { schema: anonymitySettingsSchema(t) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  await updateAnonymitySettings(getDb(), { ...submission.value, actorUserId: admin.id });
  return redirect("/admin/settings/anonymity?saved=1");
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "anonymity.metaTitle", "settings");

export default function AnonymitySettingsPage() {
  const { settings, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const isPending = useIsPending();
  const { t } = useTranslation("settings");
  const [form, fields] = useValidatedForm(anonymitySettingsSchema(t as Translate), {
    id: "anonymity-settings",
    lastResult: actionData?.result,
    defaultValue: { minBlockSize: String(settings.minBlockSize), releaseDelayDays: String(settings.releaseDelayDays) },
  });
  return (
    <div className="narrow-page">
      <PageHeader title={t("anonymity.title")} lead={t("anonymity.lead")} />
      {saved ? <Alert tone="success">{t("anonymity.saved")}</Alert> : null}
      <section className="card">
        <Form method="post" {...getFormProps(form)}>
          <FormErrorSummary id={form.errorId} errors={form.errors} />
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
          <div className="form-actions">
            <Button pending={isPending} pendingLabel={t("saving")}>
              {t("anonymity.submit")}
            </Button>
            <Link to="/admin/settings">{t("backToSettings")}</Link>
          </div>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
