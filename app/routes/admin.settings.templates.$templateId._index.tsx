import { getCollectionProps, getFormProps, getInputProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Alert } from "~/components/alert";
import { Button, ButtonLink } from "~/components/button";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { MoveButtons } from "~/components/move-buttons";
import { PageHeader } from "~/components/page-header";
import { localeFromMatches, translatorFor } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { usePendingFormData } from "~/components/forms/use-is-pending";
import { LanguagePairFields } from "~/components/forms/language-pair-fields";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { readFormData } from "~/modules/auth/http.server";
import { localized } from "~/modules/i18n/localized-text";
import { listDepartmentTree } from "~/modules/offboarding/departments.server";
import { ruleInWords, templateFormSchema } from "~/modules/offboarding/settings";
import { noticeFrom, requireSettingsAdmin, runSettingsChange } from "~/modules/offboarding/settings.server";
import {
  createTemplate,
  getTemplate,
  moveTemplateTask,
  removeTemplateTask,
  setTemplateActive,
  updateTemplate,
} from "~/modules/offboarding/templates.server";
import { DEPARTURE_TYPES } from "~/modules/offboarding/types";
import { getDb } from "~/utils/db.server";
import { requireIdParam } from "~/utils/ids";
import { notFound } from "~/utils/responses";

/**
 * One checklist template: its name, conditions and tasks. `/admin/settings/templates/new` shows the
 * same form empty and creates the template; its tasks are added once it exists.
 */

const NOTICES = ["created", "saved", "taskAdded", "taskSaved", "taskRemoved", "taskMoved", "activated", "deactivated"] as const;

function taskActionSchema() {
  return z.object({ taskId: z.uuid(), direction: z.enum(["up", "down"]).optional() });
}
function activeSchema() {
  return z.object({ active: z.enum(["true", "false"]) });
}

function isNew(params: { templateId?: string }) {
  return params.templateId === "new";
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireSettingsAdmin(request);
  const db = getDb();
  const departments = (await listDepartmentTree(db)).map(({ id, name, depth }) => ({ id, name, depth }));
  if (isNew(params)) return json({ template: null, departments, notice: null });
  const template = await getTemplate(db, requireIdParam(params.templateId));
  if (!template) throw notFound();
  return json({
    departments,
    notice: noticeFrom(request, NOTICES),
    template: {
      id: template.id,
      name: { en: template.name_en, fr: template.name_fr },
      description: { en: template.description_en, fr: template.description_fr },
      active: template.active,
      departureTypes: template.departure_types,
      departmentId: template.department_id,
      locations: template.locations,
      updatedAt: template.updated_at,
      departureCount: template.departure_count,
      tasks: template.tasks.map((task) => ({
        id: task.id,
        title: { en: task.title_en, fr: task.title_fr },
        description: { en: task.description_en, fr: task.description_fr },
        category: task.category,
        ownerName: task.owner_team_name ?? task.owner_user_name,
        ownerIsTeam: task.owner_team_id !== null,
        anchor: task.anchor,
        offset_business_days: task.offset_business_days,
        before_last_day: task.before_last_day,
      })),
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, locale, t } = await requireSettingsAdmin(request);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "save");
  const actor = { actorUserId: user.id };

  if (isNew(params)) {
    const submission = parseWithZod(formData, { schema: templateFormSchema(t) });
    if (submission.status !== "success") return json({ intent: "save", result: submission.reply() }, { status: 400 });
    const outcome = await runSettingsChange(submission, locale, { intent: "save" }, () => createTemplate(submission.value, actor));
    if (!outcome.ok) return outcome.response;
    return redirect(`/admin/settings/templates/${outcome.value.id}?notice=created`);
  }

  const templateId = requireIdParam(params.templateId);
  const back = (notice: string) => redirect(`/admin/settings/templates/${templateId}?notice=${notice}`);
  switch (intent) {
    case "save": {
      const submission = parseWithZod(formData, { schema: templateFormSchema(t) });
      if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
      const outcome = await runSettingsChange(submission, locale, { intent }, () => updateTemplate(templateId, submission.value, actor));
      return outcome.ok ? back("saved") : outcome.response;
    }
    case "set-active": {
      const submission = parseWithZod(formData, { schema: activeSchema() });
      if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
      const outcome = await runSettingsChange(submission, locale, { intent }, () =>
        setTemplateActive(templateId, submission.value.active === "true", actor),
      );
      if (!outcome.ok) return outcome.response;
      return back(outcome.value.active ? "activated" : "deactivated");
    }
    case "move":
    case "remove-task": {
      const submission = parseWithZod(formData, { schema: taskActionSchema() });
      if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
      const { taskId, direction } = submission.value;
      if (intent === "move") {
        if (!direction) return json({ intent, result: submission.reply({ fieldErrors: { direction: [t("validation.directionInvalid")] } }) }, { status: 400 });
        const outcome = await runSettingsChange(submission, locale, { intent }, () => moveTemplateTask(templateId, taskId, direction, actor));
        return outcome.ok ? back("taskMoved") : outcome.response;
      }
      const outcome = await runSettingsChange(submission, locale, { intent }, () => removeTemplateTask(templateId, taskId, actor));
      return outcome.ok ? back("taskRemoved") : outcome.response;
    }
    default:
      return json({ intent, result: { status: "error", error: { intent: [t("validation.unknownAction")] } } }, { status: 400 });
  }
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  const locale = localeFromMatches(matches);
  const t = translatorFor(locale);
  const page = data?.template ? localized(data.template.name, locale) : t("templates.newTitle", { ns: "settings" });
  return [{ title: `${page} · ${t("templates.metaTitle", { ns: "settings" })} · ${t("appName", { ns: "common" })}` }];
};

interface ActionData {
  intent: string;
  result: SubmissionResult<string[]>;
}

export default function TemplatePage() {
  const { t, i18n } = useTranslation("settings");
  const locale = i18n.language;
  const { template, departments, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const pendingForm = usePendingFormData();
  const submittingIntent = pendingForm ? String(pendingForm.get("intent") ?? "save") : null;

  const otherErrors = actionData && actionData.intent !== "save" ? Object.values(actionData.result.error ?? {}).flat() : [];

  return (
    <>
      <p className="settings-back">
        <Link to="/admin/settings/templates">{t("templates.backToList")}</Link>
      </p>
      <PageHeader
        title={template ? localized(template.name, locale) : t("templates.newTitle")}
        lead={template ? undefined : t("templates.newLead")}
        actions={
          template ? (
            <StatusBadge tone={template.active ? "success" : "neutral"}>
              {t(template.active ? "templates.active" : "templates.inactive")}
            </StatusBadge>
          ) : undefined
        }
      />
      {notice ? <Alert tone="success">{t(`templates.notices.${notice}`)}</Alert> : null}
      <FormErrorSummary errors={otherErrors as string[]} />
      <Alert>{t("templates.copiesNote")}</Alert>

      {/* Keyed by the saved version: after a save the form starts again from what was stored. */}
      <TemplateDetailsForm
        key={template ? `${template.id}:${template.updatedAt}` : "new"}
        template={template}
        departments={departments}
        lastResult={actionData?.intent === "save" ? actionData.result : undefined}
        pending={submittingIntent === "save"}
      />

      {template ? (
        <>
          <section className="card" aria-labelledby="template-tasks-title">
            <div className="section-header">
              <h2 id="template-tasks-title">{t("templates.tasksTitle", { count: template.tasks.length })}</h2>
              <ButtonLink to={`/admin/settings/templates/${template.id}/tasks/new`} size="small">
                {t("templates.addTask")}
              </ButtonLink>
            </div>
            {template.tasks.length === 0 ? (
              <EmptyState headingLevel={3} title={t("templates.noTasksTitle")} description={t("templates.noTasksBody")} />
            ) : (
              <ol className="ordered-items">
                {template.tasks.map((task, index) => {
                  const title = localized(task.title, locale);
                  const description = localized(task.description, locale);
                  return (
                    <li key={task.id} className="ordered-item">
                      <div className="ordered-item__main">
                        <h3 className="ordered-item__title">{title}</h3>
                        <p className="ordered-item__meta">
                          <StatusBadge tone="info">{t(`categories.${task.category}`)}</StatusBadge>{" "}
                          {task.before_last_day ? <StatusBadge tone="warning">{t("templates.beforeLastDayBadge")}</StatusBadge> : null}
                          {frenchMissing(task.title, task.description) ? (
                            <StatusBadge tone="neutral">{t("templates.frenchMissing")}</StatusBadge>
                          ) : null}
                        </p>
                        <dl className="details details--compact">
                          <dt>{t("templates.due")}</dt>
                          <dd>{ruleInWords(task, t)}</dd>
                          <dt>{t("templates.owner")}</dt>
                          <dd>
                            {task.ownerName
                              ? t(task.ownerIsTeam ? "templates.ownerTeam" : "templates.ownerPerson", { name: task.ownerName })
                              : t("templates.ownerMissing")}
                          </dd>
                        </dl>
                        {description ? <p className="muted ordered-item__description">{description}</p> : null}
                      </div>
                      <div className="ordered-item__actions">
                        <ButtonLink to={`/admin/settings/templates/${template.id}/tasks/${task.id}`} variant="ghost" size="small">
                          {t("templates.editTask")}
                          <span className="visually-hidden">: {title}</span>
                        </ButtonLink>
                        <MoveButtons
                          idName="taskId"
                          id={task.id}
                          index={index}
                          count={template.tasks.length}
                          labels={{
                            up: t("moveUp"),
                            down: t("moveDown"),
                            upAria: t("templates.moveUpLabel", { title }),
                            downAria: t("templates.moveDownLabel", { title }),
                          }}
                        />
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="remove-task" />
                          <input type="hidden" name="taskId" value={task.id} />
                          <Button variant="danger" size="small" aria-label={t("templates.removeTaskLabel", { title })}>
                            {t("templates.removeTask")}
                          </Button>
                        </Form>
                      </div>
                    </li>
                  );
                })}
              </ol>
            )}
          </section>

          <section className="card" aria-labelledby="template-lifecycle-title">
            <h2 id="template-lifecycle-title">{t("templates.lifecycleTitle")}</h2>
            {template.departureCount > 0 ? (
              <p>{t("templates.usedBy", { count: template.departureCount })}</p>
            ) : (
              <p>{t("templates.unused")}</p>
            )}
            <div className="button-row">
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="set-active" />
                <input type="hidden" name="active" value={template.active ? "false" : "true"} />
                <Button variant="ghost" pending={submittingIntent === "set-active"}>
                  {t(template.active ? "templates.deactivate" : "templates.activate")}
                </Button>
              </Form>
              {template.departureCount === 0 ? (
                <ButtonLink to={`/admin/settings/templates/${template.id}/delete`} variant="danger">
                  {t("templates.delete")}
                </ButtonLink>
              ) : null}
            </div>
          </section>
        </>
      ) : null}
    </>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function TemplateDetailsForm({
  template,
  departments,
  lastResult,
  pending,
}: {
  template: LoaderData["template"];
  departments: LoaderData["departments"];
  lastResult: SubmissionResult<string[]> | undefined;
  pending: boolean;
}) {
  const { t } = useTranslation("settings");
  const [form, fields] = useValidatedForm(() => templateFormSchema(t), {
    id: "template",
    lastResult,
    defaultValue: template
      ? {
          nameEn: template.name.en,
          nameFr: template.name.fr,
          descriptionEn: template.description.en,
          descriptionFr: template.description.fr,
          active: template.active,
          departureTypes: template.departureTypes,
          departmentId: template.departmentId ?? "",
          locations: template.locations.join(", "),
        }
      : { active: true },
  });
  return (
    <section className="card" aria-labelledby="template-details-title">
      <h2 id="template-details-title">{t("templates.detailsTitle")}</h2>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="save" />
        <FormErrorSummary id={form.errorId} errors={form.errors} />
        <LanguagePairFields
          en={{ label: t("fields.templateNameEn"), field: fields.nameEn }}
          fr={{ label: t("fields.templateNameFr"), field: fields.nameFr }}
          inputProps={{ required: true }}
        />
        <LanguagePairFields
          legend={t("fields.description")}
          hint={t("templates.descriptionHint")}
          hintId="template-description-hint"
          en={{ label: t("fields.descriptionEn"), field: fields.descriptionEn }}
          fr={{ label: t("fields.descriptionFr"), field: fields.descriptionFr }}
          textareaProps={{ rows: 3 }}
        />
        <Field
          label={t("fields.active")}
          hint={t("templates.activeHint")}
          errors={fields.active.errors}
          inputProps={getInputProps(fields.active, { type: "checkbox" })}
        />
        <fieldset className="fieldset">
          <legend>{t("fields.departureTypes")}</legend>
          <p className="field__hint">{t("templates.typesHint")}</p>
          <div className="checkbox-grid">
            {getCollectionProps(fields.departureTypes, { type: "checkbox", options: [...DEPARTURE_TYPES] }).map((props) => (
              <Field key={props.value} label={t(`types.${props.value}`)} inputProps={props} />
            ))}
          </div>
          {fields.departureTypes.errors ? (
            <p className="field__error" id={`${fields.departureTypes.id}-error`}>
              {fields.departureTypes.errors.join(" ")}
            </p>
          ) : null}
        </fieldset>
        <Field label={t("fields.department")} hint={t("templates.departmentHint")} errors={fields.departmentId.errors} selectProps={getSelectProps(fields.departmentId)}>
          <option value="">{t("templates.anyDepartment")}</option>
          {departments.map((department) => (
            <option key={department.id} value={department.id}>
              {"\u00a0\u00a0\u00a0".repeat(department.depth)}
              {department.name}
            </option>
          ))}
        </Field>
        <Field
          label={t("fields.locations")}
          hint={t("templates.locationsHint")}
          errors={fields.locations.errors}
          inputProps={getInputProps(fields.locations, { type: "text" })}
        />
        <Button pending={pending} pendingLabel={t("saving")}>
          {template ? t("templates.save") : t("templates.create")}
        </Button>
      </Form>
    </section>
  );
}

/** A French page would show this task's English text: the French one was never written. */
function frenchMissing(...texts: { en: string; fr: string }[]): boolean {
  return texts.some((text) => text.en.trim() !== "" && text.fr.trim() === "");
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
