import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Button, ButtonLink } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { MoveButtons } from "~/components/move-buttons";
import { pageTitle } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { listErrors, SettingsListPage } from "~/components/settings/settings-list-page";
import { readFormData } from "~/modules/auth/http.server";
import { createReason, deleteReason, listReasons, moveReason, setReasonActive } from "~/modules/offboarding/reasons.server";
import { reasonCreateSchema } from "~/modules/offboarding/settings";
import { noticeFrom, requireSettingsAdmin, runSettingsChange } from "~/modules/offboarding/settings.server";
import { getDb } from "~/utils/db.server";

/** Departure reasons: the list HR picks from and the codes the API and CSV files send. */

const NOTICES = ["created", "saved", "moved", "deactivated", "reactivated", "deleted"] as const;

const reasonIdSchema = z.object({ reasonId: z.uuid() });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSettingsAdmin(request);
  return json({ reasons: await listReasons(getDb()), notice: noticeFrom(request, NOTICES) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, locale, t } = await requireSettingsAdmin(request);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const actor = { actorUserId: user.id };
  const back = (notice: string) => redirect(`/admin/settings/reasons?notice=${notice}`);

  if (intent === "create") {
    const submission = parseWithZod(formData, { schema: reasonCreateSchema(t) });
    if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
    const outcome = await runSettingsChange(submission, locale, { intent }, () => createReason(submission.value, actor));
    return outcome.ok ? back("created") : outcome.response;
  }

  const submission = parseWithZod(formData, { schema: reasonIdSchema.extend({ direction: z.enum(["up", "down"]).optional() }) });
  if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
  const { reasonId, direction } = submission.value;
  switch (intent) {
    case "move": {
      if (!direction) return json({ intent, result: submission.reply({ fieldErrors: { direction: [t("validation.directionInvalid")] } }) }, { status: 400 });
      const outcome = await runSettingsChange(submission, locale, { intent }, () => moveReason(reasonId, direction, actor));
      return outcome.ok ? back("moved") : outcome.response;
    }
    case "deactivate":
    case "reactivate": {
      const active = intent === "reactivate";
      const outcome = await runSettingsChange(submission, locale, { intent }, () => setReasonActive(reasonId, active, actor));
      return outcome.ok ? back(active ? "reactivated" : "deactivated") : outcome.response;
    }
    case "delete": {
      const outcome = await runSettingsChange(submission, locale, { intent }, () => deleteReason(reasonId, actor));
      return outcome.ok ? back("deleted") : outcome.response;
    }
    default:
      return json({ intent, result: { status: "error", error: { intent: [t("validation.unknownAction")] } } }, { status: 400 });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reasons.metaTitle", "settings");

export default function ReasonsPage() {
  const { reasons } = useLoaderData<typeof loader>();
  // After an addition the form starts empty again.
  return <ReasonsPageContent key={String(reasons.length)} />;
}

function ReasonsPageContent() {
  const { t, i18n } = useTranslation("settings");
  const { reasons, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { intent: string; result: SubmissionResult<string[]> } | undefined;
  const isCreatePending = useIsPending({ intent: "create" });
  const [form, fields] = useValidatedForm(() => reasonCreateSchema(t), {
    id: "create-reason",
    lastResult: actionData?.intent === "create" ? actionData.result : undefined,
  });
  const otherErrors = listErrors(actionData, "create");
  const labelOf = (reason: (typeof reasons)[number]) => (i18n.language === "fr" ? reason.label_fr : reason.label_en);

  const addForm = (
    <Form method="post" {...getFormProps(form)} className="narrow-page">
      <input type="hidden" name="intent" value="create" />
      <FormErrorSummary id={form.errorId} errors={form.errors} />
      <Field
        label={t("fields.code")}
        hint={t("reasons.codeHint")}
        errors={fields.code.errors}
        inputProps={{ ...getInputProps(fields.code, { type: "text" }), required: true, autoComplete: "off", spellCheck: false, pattern: "[a-z0-9_]+" }}
      />
      <Field label={t("fields.labelEn")} errors={fields.labelEn.errors} inputProps={{ ...getInputProps(fields.labelEn, { type: "text" }), required: true, lang: "en" }} />
      <Field label={t("fields.labelFr")} errors={fields.labelFr.errors} inputProps={{ ...getInputProps(fields.labelFr, { type: "text" }), required: true, lang: "fr" }} />
      <Button pending={isCreatePending}>{t("reasons.add")}</Button>
    </Form>
  );

  return (
    <SettingsListPage
      section="reasons"
      notice={notice}
      errors={otherErrors}
      list={{ id: "reasons-list-title", title: t("reasons.listTitle", { count: reasons.length }) }}
      isEmpty={reasons.length === 0}
      empty={{ title: t("reasons.emptyTitle"), description: t("reasons.emptyBody") }}
      add={{ id: "add-reason-title", title: t("reasons.addTitle"), form: addForm }}
    >
          <ol className="ordered-items">
            {reasons.map((reason, index) => (
              <li key={reason.id} className={reason.active ? "ordered-item" : "ordered-item ordered-item--inactive"}>
                <div className="ordered-item__main">
                  <h3 className="ordered-item__title">
                    <code>{reason.code}</code>
                  </h3>
                  <p className="ordered-item__meta">
                    <StatusBadge tone={reason.active ? "success" : "neutral"}>{t(reason.active ? "reasons.active" : "reasons.inactive")}</StatusBadge>
                    <span className="muted">{t("reasons.usage", { count: reason.departure_count })}</span>
                  </p>
                  <dl className="details details--compact">
                    <dt>{t("reasons.columns.labelEn")}</dt>
                    <dd lang="en">{reason.label_en}</dd>
                    <dt>{t("reasons.columns.labelFr")}</dt>
                    <dd lang="fr">{reason.label_fr}</dd>
                  </dl>
                </div>
                <div className="ordered-item__actions">
                  <MoveButtons
                    idName="reasonId"
                    id={reason.id}
                    index={index}
                    count={reasons.length}
                    labels={{
                      up: t("moveUp"),
                      down: t("moveDown"),
                      upAria: t("reasons.moveUpLabel", { label: labelOf(reason) }),
                      downAria: t("reasons.moveDownLabel", { label: labelOf(reason) }),
                    }}
                  />
                  <ButtonLink to={`/admin/settings/reasons/${reason.id}`} variant="ghost" size="small">
                    {t("reasons.edit")}
                    <span className="visually-hidden">: {reason.code}</span>
                  </ButtonLink>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="reasonId" value={reason.id} />
                    <Button variant="ghost" size="small" name="intent" value={reason.active ? "deactivate" : "reactivate"}>
                      {t(reason.active ? "reasons.deactivate" : "reasons.reactivate")}
                      <span className="visually-hidden">: {reason.code}</span>
                    </Button>
                    {reason.departure_count === 0 ? (
                      <Button variant="danger" size="small" name="intent" value="delete">
                        {t("reasons.delete")}
                        <span className="visually-hidden">: {reason.code}</span>
                      </Button>
                    ) : null}
                  </Form>
                </div>
              </li>
            ))}
          </ol>
    </SettingsListPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
