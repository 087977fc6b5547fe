import { getFormProps, getInputProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
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
import { localeFromMatches, translatorFor } from "~/components/page-title";
import { useIsPending } from "~/components/forms/use-is-pending";
import { LanguagePairFields } from "~/components/forms/language-pair-fields";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { readFormData } from "~/modules/auth/http.server";
import { localized } from "~/modules/i18n/localized-text";
import { taskDefinitionSchema } from "~/modules/offboarding/schemas";
import { ruleInWords } from "~/modules/offboarding/settings";
import { requireSettingsAdmin, runSettingsChange } from "~/modules/offboarding/settings.server";
import { addTemplateTask, getTemplate, getTemplateTask, listOwnerOptions, updateTemplateTask } from "~/modules/offboarding/templates.server";
import { TASK_ANCHORS, TASK_CATEGORIES } from "~/modules/offboarding/types";
import { getDb } from "~/utils/db.server";
import { requireIdParam } from "~/utils/ids";
import { notFound } from "~/utils/responses";

/**
 * One task of a checklist template (`…/tasks/new` adds one): what to do, who owns it, and when it
 * is due relative to the departure's dates.
 */

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireSettingsAdmin(request);
  const db = getDb();
  const templateId = requireIdParam(params.templateId);
  const creating = params.taskId === "new";
  const [template, task, owners] = await Promise.all([
    getTemplate(db, templateId),
    creating ? Promise.resolve(undefined) : getTemplateTask(db, templateId, requireIdParam(params.taskId)),
    listOwnerOptions(db),
  ]);
  if (!template || (!creating && !task)) throw notFound();
  // A task may name someone who has since been disabled: keep them selectable so that saving other
  // changes does not silently fail, and say so.
  const people = owners.people.map(({ id, name, email }) => ({ id, name, email }));
  if (task?.owner_user_id && !people.some((person) => person.id === task.owner_user_id)) {
    people.unshift({ id: task.owner_user_id, name: task.owner_user_name ?? "?", email: "" });
  }
  return json({
    template: { id: template.id, name: { en: template.name_en, fr: template.name_fr } },
    task: task
      ? {
          id: task.id,
          title: { en: task.title_en, fr: task.title_fr },
          description: { en: task.description_en, fr: task.description_fr },
          category: task.category,
          ownerUserId: task.owner_user_id,
          ownerTeamId: task.owner_team_id,
          anchor: task.anchor,
          offsetBusinessDays: task.offset_business_days,
          beforeLastDay: task.before_last_day,
        }
      : null,
    people,
    teams: owners.teams,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, locale, tOffboarding } = await requireSettingsAdmin(request);
  const templateId = requireIdParam(params.templateId);
  const creating = params.taskId === "new";
  const taskId = creating ? null : requireIdParam(params.taskId);
  const submission = parseWithZod(await readFormData(request), { schema: taskDefinitionSchema(tOffboarding) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const actor = { actorUserId: user.id };
  const outcome = await runSettingsChange(submission, locale, {}, () =>
    taskId ? updateTemplateTask(templateId, taskId, submission.value, actor) : addTemplateTask(templateId, submission.value, actor),
  );
  if (!outcome.ok) return outcome.response;
  return redirect(`/admin/settings/templates/${templateId}?notice=${creating ? "taskAdded" : "taskSaved"}`);
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  const locale = localeFromMatches(matches);
  const t = translatorFor(locale);
  const page = data?.task ? localized(data.task.title, locale) : t("tasks.newTitle", { ns: "settings" });
  const template = data ? localized(data.template.name, locale) : t("templates.metaTitle", { ns: "settings" });
  return [{ title: `${page} · ${template} · ${t("appName", { ns: "common" })}` }];
};

export default function TemplateTaskPage() {
  const { template, task } = useLoaderData<typeof loader>();
  // Another task: its form starts from its own values.
  return <TemplateTaskPageContent key={`${template.id}:${task?.id ?? "new"}`} />;
}

function TemplateTaskPageContent() {
  const { t, i18n } = useTranslation("settings");
  const { t: tOffboarding } = useTranslation("offboarding");
  const { template, task, people, teams } = useLoaderData<typeof loader>();
  const templateName = localized(template.name, i18n.language);
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined;
  const isPending = useIsPending();
  const [form, fields] = useValidatedForm(() => taskDefinitionSchema(tOffboarding), {
    id: "template-task",
    lastResult: actionData?.result,
    defaultValue: task
      ? {
          titleEn: task.title.en,
          titleFr: task.title.fr,
          descriptionEn: task.description.en,
          descriptionFr: task.description.fr,
          category: task.category,
          ownerUserId: task.ownerUserId ?? "",
          ownerTeamId: task.ownerTeamId ?? "",
          anchor: task.anchor,
          offsetBusinessDays: String(task.offsetBusinessDays),
          beforeLastDay: task.beforeLastDay,
        }
      : { anchor: "last_day", offsetBusinessDays: "0", category: "access" },
  });
  const offset = Number(fields.offsetBusinessDays.value);
  const anchor = (TASK_ANCHORS as readonly string[]).includes(String(fields.anchor.value)) ? (fields.anchor.value as (typeof TASK_ANCHORS)[number]) : null;
  const preview = anchor && Number.isInteger(offset) && Math.abs(offset) <= 260 ? ruleInWords({ anchor, offset_business_days: offset }, t) : null;

  return (
    <>
      <p className="settings-back">
        <Link to={`/admin/settings/templates/${template.id}`}>{t("tasks.backToTemplate", { name: templateName })}</Link>
      </p>
      <PageHeader title={task ? t("tasks.editTitle") : t("tasks.newTitle")} lead={t("tasks.lead", { name: templateName })} />
      <Alert>{t("templates.copiesNote")}</Alert>
      <section className="card narrow-page">
        <Form method="post" {...getFormProps(form)}>
          <FormErrorSummary id={form.errorId} errors={form.errors} />
          <LanguagePairFields
            en={{ label: t("fields.taskTitleEn"), field: fields.titleEn }}
            fr={{ label: t("fields.taskTitleFr"), field: fields.titleFr }}
            inputProps={{ required: true }}
          />
          <LanguagePairFields
            legend={t("fields.description")}
            hint={t("tasks.descriptionHint")}
            hintId="task-description-hint"
            en={{ label: t("fields.descriptionEn"), field: fields.descriptionEn }}
            fr={{ label: t("fields.descriptionFr"), field: fields.descriptionFr }}
            textareaProps={{ rows: 3 }}
          />
          <Field label={t("fields.category")} errors={fields.category.errors} selectProps={getSelectProps(fields.category)}>
            {TASK_CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {t(`categories.${category}`)}
              </option>
            ))}
          </Field>
          <fieldset className="fieldset">
            <legend>{t("fields.owner")}</legend>
            <p className="field__hint">{t("tasks.ownerHint")}</p>
            <Field label={t("fields.ownerTeam")} errors={fields.ownerTeamId.errors} selectProps={getSelectProps(fields.ownerTeamId)}>
              <option value="">{t("tasks.noTeam")}</option>
              {teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </Field>
            <Field label={t("fields.ownerPerson")} errors={fields.ownerUserId.errors} selectProps={getSelectProps(fields.ownerUserId)}>
              <option value="">{t("tasks.noPerson")}</option>
              {people.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.email ? `${person.name} (${person.email})` : person.name}
                </option>
              ))}
            </Field>
          </fieldset>
          <fieldset className="fieldset">
            <legend>{t("fields.due")}</legend>
            <p className="field__hint" id="offset-hint">
              {t("tasks.offsetHint")}
            </p>
            <div className="field-row">
              <Field
                label={t("fields.offset")}
                errors={fields.offsetBusinessDays.errors}
                inputProps={{
                  ...getInputProps(fields.offsetBusinessDays, { type: "number" }),
                  min: -260,
                  max: 260,
                  step: 1,
                  required: true,
                  "aria-describedby": "offset-hint",
                }}
              />
              <Field label={t("fields.anchor")} errors={fields.anchor.errors} selectProps={getSelectProps(fields.anchor)}>
                {TASK_ANCHORS.map((option) => (
                  <option key={option} value={option}>
                    {t(`anchors.${option}`)}
                  </option>
                ))}
              </Field>
            </div>
            {preview ? (
              <p className="field__hint" aria-live="polite">
                {t("tasks.preview", { rule: preview })}
              </p>
            ) : null}
            <Field
              label={t("fields.beforeLastDay")}
              hint={t("tasks.beforeLastDayHint")}
              errors={fields.beforeLastDay.errors}
              inputProps={getInputProps(fields.beforeLastDay, { type: "checkbox" })}
            />
          </fieldset>
          <Button pending={isPending} pendingLabel={t("saving")}>
            {task ? t("tasks.save") : t("tasks.add")}
          </Button>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
