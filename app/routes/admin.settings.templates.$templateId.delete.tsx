import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ConfirmDangerForm } from "~/components/confirm-danger-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { readFormData } from "~/modules/auth/http.server";
import { requireSettingsAdmin, runSettingsChange } from "~/modules/offboarding/settings.server";
import { localized } from "~/modules/i18n/localized-text";
import { deleteTemplate, getTemplate } from "~/modules/offboarding/templates.server";
import { getDb } from "~/utils/db.server";
import { requireIdParam } from "~/utils/ids";
import { notFound } from "~/utils/responses";

/** "Delete this template?": a page of its own so that deleting takes a second, deliberate click, with or without JavaScript. */

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireSettingsAdmin(request);
  const template = await getTemplate(getDb(), requireIdParam(params.templateId));
  if (!template) throw notFound();
  return json({
    template: { id: template.id, name: { en: template.name_en, fr: template.name_fr }, taskCount: template.tasks.length, departureCount: template.departure_count },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, locale } = await requireSettingsAdmin(request);
  const templateId = requireIdParam(params.templateId);
  const submission = parseWithZod(await readFormData(request), { schema: z.object({ confirm: z.literal("yes") }) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = await runSettingsChange(submission, locale, {}, () => deleteTemplate(templateId, { actorUserId: user.id }));
  if (!outcome.ok) return outcome.response;
  return redirect("/admin/settings/templates?notice=deleted");
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "templates.deleteTitle", "settings");

export default function DeleteTemplatePage() {
  const { t, i18n } = useTranslation("settings");
  const { template } = useLoaderData<typeof loader>();
  const name = localized(template.name, i18n.language);
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined;
  const errors = Object.values(actionData?.result.error ?? {}).flat() as string[];
  return (
    <>
      <p className="settings-back">
        <Link to={`/admin/settings/templates/${template.id}`}>{t("tasks.backToTemplate", { name })}</Link>
      </p>
      <PageHeader title={t("templates.deleteTitle")} />
      <section className="card narrow-page">
        <FormErrorSummary errors={errors} />
        {template.departureCount > 0 ? (
          <p>{t("templates.deleteRefused", { count: template.departureCount })}</p>
        ) : (
          <>
            <p>{t("templates.deleteConfirm", { name, count: template.taskCount })}</p>
            <ConfirmDangerForm submitLabel={t("templates.deleteSubmit")} cancelTo={`/admin/settings/templates/${template.id}`} cancelLabel={t("cancel")}>
              <input type="hidden" name="confirm" value="yes" />
            </ConfirmDangerForm>
          </>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
