import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { readFormData } from "~/modules/auth/http.server";
import { getReason, updateReasonLabels } from "~/modules/offboarding/reasons.server";
import { reasonLabelsSchema } from "~/modules/offboarding/settings";
import { requireSettingsAdmin, runSettingsChange } from "~/modules/offboarding/settings.server";
import { getDb } from "~/utils/db.server";
import { requireIdParam } from "~/utils/ids";
import { notFound } from "~/utils/responses";

/** A reason's labels in both languages. Its code stays: HR systems already send it. */

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireSettingsAdmin(request);
  const reason = await getReason(getDb(), requireIdParam(params.reasonId));
  if (!reason) throw notFound();
  return json({ reason });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, locale, t } = await requireSettingsAdmin(request);
  const id = requireIdParam(params.reasonId);
  const submission = parseWithZod(await readFormData(request), { schema: reasonLabelsSchema(t) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = await runSettingsChange(submission, locale, {}, () => updateReasonLabels(id, submission.value, { actorUserId: user.id }));
  return outcome.ok ? redirect("/admin/settings/reasons?notice=saved") : outcome.response;
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reasons.editTitle", "settings");

export default function ReasonPage() {
  const { reason } = useLoaderData<typeof loader>();
  // Another reason: its form starts from its own labels.
  return <ReasonPageContent key={reason.id} />;
}

function ReasonPageContent() {
  const { t } = useTranslation("settings");
  const { reason } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined;
  const isPending = useIsPending();
  const [form, fields] = useValidatedForm(() => reasonLabelsSchema(t), {
    id: "reason-labels",
    lastResult: actionData?.result,
    defaultValue: { labelEn: reason.label_en, labelFr: reason.label_fr },
  });
  return (
    <>
      <p className="settings-back">
        <Link to="/admin/settings/reasons">{t("reasons.backToList")}</Link>
      </p>
      <PageHeader title={t("reasons.editTitle")} lead={t("reasons.editLead", { code: reason.code })} />
      <section className="card narrow-page">
        <Form method="post" {...getFormProps(form)}>
          <FormErrorSummary id={form.errorId} errors={form.errors} />
          <Field label={t("fields.labelEn")} errors={fields.labelEn.errors} inputProps={{ ...getInputProps(fields.labelEn, { type: "text" }), required: true, lang: "en" }} />
          <Field label={t("fields.labelFr")} errors={fields.labelFr.errors} inputProps={{ ...getInputProps(fields.labelFr, { type: "text" }), required: true, lang: "fr" }} />
          <Button pending={isPending} pendingLabel={t("saving")}>
            {t("reasons.save")}
          </Button>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
