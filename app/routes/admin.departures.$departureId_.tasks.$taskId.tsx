import { getFormProps, getInputProps } from "@conform-to/react";
import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { useTranslation } from "react-i18next";
import { Button, ButtonLink } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { TaskDefinitionFields } from "~/components/task-definition-fields";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { readFormData } from "~/modules/auth/http.server";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { findUserById } from "~/modules/auth/users.server";
import type { AppLocale } from "~/modules/i18n/config";
import { localized } from "~/modules/i18n/localized-text";
import { translator } from "~/modules/i18n/translator";
import { TASK_STATUS_TONES } from "~/modules/offboarding/departure-display";
import { confirmationSchema, ownerValue, taskFormSchema } from "~/modules/offboarding/departure-forms";
import { findDepartureTask, handleTaskIntent, listTaskOwnerOptions } from "~/modules/offboarding/departure-tasks-admin.server";
import { findDeparture } from "~/modules/offboarding/departures.server";
import { getDb } from "~/utils/db.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { isDomainFailure } from "~/utils/failures";
import { isUuid } from "~/utils/ids";
import { notFound } from "~/utils/responses";

/** /admin/departures/:departureId/tasks/:taskId — edit or remove one task of one departure. */

const NO_SUCH_TASK = "There is no such task on this departure.";

async function loadTask(params: { departureId?: string; taskId?: string }) {
  const { departureId, taskId } = params;
  if (!isUuid(departureId) || !isUuid(taskId)) throw notFound(NO_SUCH_TASK);
  const db = getDb();
  const [departure, task] = await Promise.all([findDeparture(db, departureId), findDepartureTask(db, departureId, taskId)]);
  if (!departure || !task) throw notFound(NO_SUCH_TASK);
  return { departure, task };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale } = await requireHrAdmin(request, "departures");
  const { departure, task } = await loadTask(params);
  const db = getDb();
  const [owners, closedBy] = await Promise.all([
    listTaskOwnerOptions(db),
    task.completed_by ? findUserById(db, task.completed_by) : Promise.resolve(undefined),
  ]);
  return json({
    locale,
    departure: { id: departure.id, name: departure.employee_name },
    task: {
      id: task.id,
      title: { en: task.title_en, fr: task.title_fr },
      description: { en: task.description_en, fr: task.description_fr },
      category: task.category,
      owner: task.owner_user_id
        ? ({ kind: "user", id: task.owner_user_id } as const)
        : task.owner_team_id
          ? ({ kind: "team", id: task.owner_team_id } as const)
          : null,
      anchor: task.anchor,
      offsetBusinessDays: task.offset_business_days,
      beforeLastDay: task.before_last_day,
      dueDate: task.due_date,
      status: task.status,
      // What was written when the task was closed (by its owner, or HR): shown, not edited here.
      closedByName: closedBy?.name ?? null,
      closedAt: task.completed_at,
      completionNote: task.completion_note,
      evidenceUrl: task.evidence_url && /^https?:\/\//i.test(task.evidence_url) ? task.evidence_url : null,
      notApplicableReason: task.not_applicable_reason,
    },
    owners,
  });
}

const intentSchema = z.enum(["editTask", "removeTask"]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user: admin, locale } = await requireHrAdmin(request, "departures");
  const { departure, task } = await loadTask(params);
  const formData = await readFormData(request);
  const intent = intentSchema.safeParse(formData.get("intent"));
  if (!intent.success) {
    // Not a submission of either form (a tampered or truncated body): say so above the edit form.
    const result: SubmissionResult<string[]> = { status: "error", error: { "": [translator(locale, "departures")("taskEdit.unknownAction")] } };
    return json({ intent: "editTask" as const, result }, { status: 400 });
  }
  // The address names the task; a taskId in the body cannot point the change elsewhere.
  formData.set("taskId", task.id);
  try {
    const outcome = await handleTaskIntent(intent.data, formData, { departureId: departure.id, actorUserId: admin.id, locale });
    if (!outcome.ok) return json({ intent: intent.data, result: outcome.result }, { status: 400 });
    const anchor = outcome.notice === "taskRemoved" ? "#checklist" : `#task-${task.id}`;
    return redirect(`/admin/departures/${departure.id}?notice=${outcome.notice}${anchor}`);
  } catch (error) {
    // Removed by someone else since the page was loaded.
    if (isDomainFailure(error) && error.kind === "notFound") throw notFound(NO_SUCH_TASK);
    throw error;
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "taskEdit.metaTitle", "departures");

export default function EditDepartureTask() {
  const { departure, task, owners, locale } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const isEditTaskPending = useIsPending({ intent: "editTask" });
  const { t } = useTranslation("departures");
  const { t: tv } = useTranslation("offboarding");
  const [form, fields] = useValidatedForm(() => taskFormSchema(tv), {
    id: "edit-task",
    lastResult: actionData?.intent === "editTask" ? actionData.result : undefined,
    defaultValue: {
      titleEn: task.title.en,
      titleFr: task.title.fr,
      descriptionEn: task.description.en,
      descriptionFr: task.description.fr,
      category: task.category,
      owner: ownerValue(task.owner),
      anchor: task.anchor,
      offsetBusinessDays: String(task.offsetBusinessDays),
      beforeLastDay: task.beforeLastDay ? "on" : undefined,
    },
  });
  const [removeForm, removeFields] = useValidatedForm(() => confirmationSchema(t("taskEdit.removeConfirmRequired")), {
    id: "remove-task",
    lastResult: actionData?.intent === "removeTask" ? actionData.result : undefined,
    shouldValidate: "onSubmit",
  });
  const back = `/admin/departures/${departure.id}#task-${task.id}`;
  const title = localized(task.title, locale);

  return (
    <div className="stack narrow-page">
      <p className="departure-breadcrumb">
        <Link to={back}>← {t("taskEdit.back")}</Link>
      </p>
      <PageHeader title={t("taskEdit.title")} lead={t("taskEdit.lead", { name: departure.name })} />
      <section className="card" aria-labelledby="edit-task-title">
        <h2 id="edit-task-title">{title}</h2>
        <p>
          <StatusBadge tone={TASK_STATUS_TONES[task.status]}>{t(`taskStatuses.${task.status}`)}</StatusBadge>{" "}
          {t("taskEdit.currentDue", { date: formatDate(task.dueDate, locale) })}
        </p>
        <TaskOutcome task={task} locale={locale} />
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="editTask" />
          <FormErrorSummary id={form.errorId} errors={form.errors} />
          <TaskDefinitionFields fields={fields} owners={owners} />
          <div className="departure-form__actions">
            <Button pending={isEditTaskPending} pendingLabel={t("taskEdit.saving")}>
              {t("taskEdit.submit")}
            </Button>
            <ButtonLink to={back} variant="ghost">
              {t("taskEdit.back")}
            </ButtonLink>
          </div>
        </Form>
      </section>

      <section className="card departure-danger" aria-labelledby="remove-task-title">
        <h2 id="remove-task-title">{t("taskEdit.removeTitle")}</h2>
        <p>{t("taskEdit.removeLead")}</p>
        <Form method="post" {...getFormProps(removeForm)}>
          <input type="hidden" name="intent" value="removeTask" />
          <Field
            label={t("taskEdit.removeConfirm", { title })}
            errors={removeFields.confirm.errors}
            inputProps={getInputProps(removeFields.confirm, { type: "checkbox" })}
          />
          <Button variant="danger">{t("taskEdit.removeSubmit")}</Button>
        </Form>
      </section>
    </div>
  );
}

type LoaderTask = ReturnType<typeof useLoaderData<typeof loader>>["task"];

/** Who closed the task and when, with the note, the reason or the evidence link they gave. */
function TaskOutcome({ task, locale }: { task: LoaderTask; locale: AppLocale }) {
  const { t } = useTranslation("departures");
  if (task.status === "open") return null;
  return (
    <dl className="details">
      {task.closedByName || task.closedAt ? (
        <>
          <dt>{t("taskEdit.outcome.closed")}</dt>
          <dd>
            {[task.closedByName, task.closedAt ? formatDateTime(task.closedAt, locale) : null].filter(Boolean).join(" · ")}
          </dd>
        </>
      ) : null}
      {task.status === "done" ? (
        <>
          <dt>{t("taskEdit.outcome.note")}</dt>
          <dd className="task-note">{task.completionNote ?? t("taskEdit.outcome.noNote")}</dd>
        </>
      ) : null}
      {task.notApplicableReason ? (
        <>
          <dt>{t("taskEdit.outcome.reason")}</dt>
          <dd className="task-note">{task.notApplicableReason}</dd>
        </>
      ) : null}
      {task.evidenceUrl ? (
        <>
          <dt>{t("taskEdit.outcome.evidence")}</dt>
          <dd>
            <a href={task.evidenceUrl} rel="noopener noreferrer nofollow" target="_blank">
              {task.evidenceUrl}
            </a>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
