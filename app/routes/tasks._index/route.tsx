import { getFormProps, getSelectProps, getTextareaProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Alert } from "~/components/alert";
import { Button, type ButtonVariant } from "~/components/button";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { useIsPending, usePendingFormData } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { readFormData } from "~/modules/auth/http.server";
import { requireUser } from "~/modules/auth/session.server";
import { resolveLocale } from "~/modules/i18n/i18n.server";
import { translator, type Translate } from "~/modules/i18n/translator";
import { addCalendarDays, todayIn } from "~/utils/calendar-days";
import {
  INBOX_ROLES,
  inboxPage,
  LATER_PREVIEW,
  listInbox,
  listRecentlyClosed,
  listTeamsOf,
  recentlyClosedSince,
  RECENTLY_DONE_DAYS,
} from "~/modules/offboarding/inbox.server";
import { getReminderPreferences } from "~/modules/offboarding/reminder-preferences.server";
import {
  bulkCompleteSchema,
  completeTaskSchema,
  NOTE_MAX,
  notApplicableSchema,
  reassignTaskSchema,
} from "~/modules/offboarding/task-action-schemas";
import {
  bulkComplete,
  completeTask,
  listAssignees,
  markNotApplicable,
  reassignTask,
  TaskActionRefusedError,
  TaskActionValidationError,
  TaskNotFoundError,
  type AssigneeOptions,
} from "~/modules/offboarding/task-actions.server";
import { endOfThisWeek, INBOX_GROUPS, type InboxGroup } from "~/modules/offboarding/task-timing";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatDate } from "~/utils/format";

/**
 * The task owner's inbox: their own and their teams' open tasks grouped overdue / this week / later,
 * each with the minimum of its departure, and forms to complete, mark not applicable, reassign, or
 * complete several at once. Every form posts here and works without JavaScript.
 */

/** Each task's forms: the page matches the action's errors to the form that was sent by this id. */
const TASK_FORM_PREFIXES = { complete: "complete", notApplicable: "na", reassign: "reassign" } as const;
type TaskIntent = keyof typeof TASK_FORM_PREFIXES;

function taskFormId(intent: TaskIntent, taskId: string) {
  return `${TASK_FORM_PREFIXES[intent]}-${taskId}`;
}

const NOTICES = ["completed", "notApplicable", "reassigned", "unchanged", "alreadyClosed", "bulk"] as const;
type Notice = (typeof NOTICES)[number];

/** `?later=all` shows every later task; forms post to the page's address, so it survives an action. */
function showsAllLater(url: URL): boolean {
  return url.searchParams.get("later") === "all";
}

function readNotice(url: URL): { kind: Notice; count: number; skipped: number } | null {
  const kind = url.searchParams.get("done");
  if (!kind || !(NOTICES as readonly string[]).includes(kind)) return null;
  const number = (name: string) => {
    const value = Number(url.searchParams.get(name) ?? 0);
    return Number.isInteger(value) && value >= 0 ? value : 0;
  };
  return { kind: kind as Notice, count: number("count"), skipped: number("skipped") };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: INBOX_ROLES });
  const db = getDb();
  const now = new Date();
  const timeZone = getEnv().COMPANY_TIME_ZONE;
  const today = todayIn(timeZone, now);
  const url = new URL(request.url);
  const allLater = showsAllLater(url);
  const [inbox, recentlyClosed, teams, assignees, preferences] = await Promise.all([
    listInbox(db, user.id),
    listRecentlyClosed(db, user.id, { since: recentlyClosedSince(now) }),
    listTeamsOf(db, user.id),
    listAssignees(db),
    getReminderPreferences(db, user.id),
  ]);
  const { groups, laterTotal } = inboxPage(inbox.tasks, today, { allLater });
  return json({
    today,
    timeZone,
    endOfWeek: endOfThisWeek(today),
    groups,
    laterTotal,
    allLater,
    // Sent with the data: a constant of a .server module is not in the browser's bundle.
    laterPreview: LATER_PREVIEW,
    total: inbox.tasks.length,
    truncated: inbox.truncated,
    teams,
    assignees,
    reminderHour: preferences?.reminderHour ?? null,
    recentDays: RECENTLY_DONE_DAYS,
    recentlyClosed: recentlyClosed.map((task) => ({ ...task, closedAt: task.closedAt.toISOString() })),
    notice: readNotice(url),
  });
}

type ActionData = { formId: string; result: SubmissionResult<string[]> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: INBOX_ROLES });
  const t = translator(await resolveLocale(request, user.locale), "tasks");
  const options = { actor: { id: user.id, role: user.role }, t };
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  // Echoed back only so that the page shows errors beside the form that was sent.
  const taskId = String(formData.get("taskId") ?? "").slice(0, 64);
  const allLater = showsAllLater(new URL(request.url));
  const noticeRedirect = (kind: Notice, counts: { count?: number; skipped?: number } = {}) => redirectWithNotice(kind, { ...counts, allLater });

  switch (intent) {
    case "complete":
      return perform(formData, completeTaskSchema(t), taskFormId(intent, taskId), async (value) =>
        noticeRedirect((await completeTask(value, options)).outcome),
      );
    case "notApplicable":
      return perform(formData, notApplicableSchema(t), taskFormId(intent, taskId), async (value) =>
        noticeRedirect((await markNotApplicable(value, options)).outcome),
      );
    case "reassign":
      return perform(formData, reassignTaskSchema(t), taskFormId(intent, taskId), async (value) =>
        noticeRedirect((await reassignTask(value, options)).outcome),
      );
    case "bulkComplete":
      return perform(formData, bulkCompleteSchema(t), "bulk", async (value) => {
        const result = await bulkComplete(value, options);
        return noticeRedirect("bulk", { count: result.completed, skipped: result.alreadyClosed });
      });
    default:
      return json({ formId: "", result: { status: "error", error: { "": [t("errors.unknownAction")] } } } satisfies ActionData, {
        status: 400,
      });
  }
}

function redirectWithNotice(kind: Notice, options: { count?: number; skipped?: number; allLater: boolean }) {
  const query = new URLSearchParams({ done: kind });
  if (options.count !== undefined) query.set("count", String(options.count));
  if (options.skipped) query.set("skipped", String(options.skipped));
  if (options.allLater) query.set("later", "all");
  return redirect(`/tasks?${query}`);
}

/**
 * Validates one form, runs the action and maps its refusals: invalid input → 400 beside the field,
 * a cancelled departure → 409 on the form, someone else's (or no) task → 404.
 */
async function perform<Schema extends z.ZodType>(
  formData: FormData,
  schema: Schema,
  formId: string,
  run: (value: z.output<Schema>) => Promise<Response>,
) {
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") {
    return json({ formId, result: submission.reply() } satisfies ActionData, { status: 400 });
  }
  try {
    return await run(submission.value);
  } catch (error) {
    if (error instanceof TaskNotFoundError) throw new Response("Task not found", { status: 404 });
    if (error instanceof TaskActionValidationError) {
      return json({ formId, result: submission.reply({ fieldErrors: error.fieldErrors }) } satisfies ActionData, { status: 400 });
    }
    if (error instanceof TaskActionRefusedError) {
      return json({ formId, result: submission.reply({ formErrors: [error.message] }) } satisfies ActionData, { status: 409 });
    }
    throw error;
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "inbox.title", "tasks");

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type TaskView = LoaderData["groups"]["overdue"][number];

function useFormResult(formId: string) {
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  return actionData?.formId === formId ? actionData.result : undefined;
}

function hourLabel(hour: number) {
  return `${String(hour).padStart(2, "0")}:00`;
}

export default function TasksInbox() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("tasks");
  const locale = i18n.language;
  const bulkResult = useFormResult("bulk");
  const isBulkCompletePending = useIsPending({ intent: "bulkComplete" });
  const [bulkForm, bulkFields] = useValidatedForm(bulkCompleteSchema(t as Translate), {
    id: "bulk",
    lastResult: bulkResult,
  });

  return (
    <div className="stack tasks-inbox">
      <PageHeader
        title={t("inbox.title")}
        lead={data.teams.length > 0 ? t("inbox.leadTeams", { teams: data.teams.join(", ") }) : t("inbox.lead")}
        actions={
          <Link to="/tasks/preferences" className="button button--ghost">
            {t("inbox.preferencesLink")}
          </Link>
        }
      />
      {data.reminderHour !== null ? <p className="muted">{t("inbox.reminderAt", { time: hourLabel(data.reminderHour) })}</p> : null}
      {data.notice ? <NoticeAlert notice={data.notice} /> : null}
      {data.truncated ? <Alert>{t("inbox.truncated", { count: data.total })}</Alert> : null}

      {data.total === 0 ? (
        <section className="card">
          <EmptyState title={t("inbox.emptyTitle")} description={t("inbox.emptyBody")} />
        </section>
      ) : (
        <>
          {INBOX_GROUPS.map((group) => (
            <TaskGroup key={group} group={group} tasks={data.groups[group]} data={data} />
          ))}
          <section className="card" aria-labelledby="bulk-title">
            <h2 id="bulk-title">{t("bulk.title")}</h2>
            <p className="muted">{t("bulk.lead")}</p>
            <Form method="post" {...getFormProps(bulkForm)}>
              <input type="hidden" name="intent" value="bulkComplete" />
              <FormErrorSummary id={bulkForm.errorId} errors={[...(bulkForm.errors ?? []), ...(bulkFields.taskIds.errors ?? [])]} />
              <Field
                label={t("bulk.note")}
                hint={t("complete.noteHint", { max: NOTE_MAX })}
                errors={bulkFields.note.errors}
                textareaProps={{ ...getTextareaProps(bulkFields.note), rows: 2 }}
              />
              <Button pending={isBulkCompletePending} pendingLabel={t("saving")}>
                {t("bulk.submit")}
              </Button>
            </Form>
          </section>
        </>
      )}

      <section className="card" aria-labelledby="recent-title">
        <h2 id="recent-title">{t("recent.title")}</h2>
        <p className="muted">{t("recent.lead", { count: data.recentDays })}</p>
        {data.recentlyClosed.length === 0 ? (
          <p>{t("recent.empty")}</p>
        ) : (
          <ul className="task-recent">
            {data.recentlyClosed.map((task) => (
              <li key={task.id}>
                <span className="task-recent__title">{`${task.title} — ${task.departureName}`}</span>{" "}
                <StatusBadge tone={task.status === "done" ? "success" : "neutral"}>
                  {task.status === "done" ? t("recent.done") : t("recent.notApplicable")}
                </StatusBadge>
                <span className="muted task-recent__meta">
                  {t("recent.closedBy", { name: task.closedByName ?? "—", date: formatDate(task.closedAt, locale, { timeZone: data.timeZone }) })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function NoticeAlert({ notice }: { notice: NonNullable<LoaderData["notice"]> }) {
  const { t } = useTranslation("tasks");
  if (notice.kind === "bulk") {
    return (
      <Alert tone="success">
        <p>{t("notices.bulk", { count: notice.count })}</p>
        {notice.skipped > 0 ? <p>{t("notices.bulkSkipped", { count: notice.skipped })}</p> : null}
      </Alert>
    );
  }
  return (
    <Alert tone={notice.kind === "alreadyClosed" || notice.kind === "unchanged" ? "info" : "success"}>
      <p>{t(`notices.${notice.kind}`)}</p>
    </Alert>
  );
}

function TaskGroup({ group, tasks, data }: { group: InboxGroup; tasks: TaskView[]; data: LoaderData }) {
  const { t, i18n } = useTranslation("tasks");
  const headingId = `group-${group}`;
  const count = group === "later" ? data.laterTotal : tasks.length;
  const lead =
    group === "overdue"
      ? t("inbox.groupLead.overdue")
      : t(`inbox.groupLead.${group}`, { date: formatDate(data.endOfWeek, i18n.language) });
  return (
    <section className={`card task-group task-group--${group}${tasks.length > 0 ? " task-group--has-tasks" : ""}`} aria-labelledby={headingId}>
      <h2 id={headingId}>
        {t(`inbox.groups.${group}`)} <span className="task-group__count">{`(${t("inbox.count", { count })})`}</span>
      </h2>
      <p className="muted">{lead}</p>
      {tasks.length === 0 ? (
        <p>{t(`inbox.groupEmpty.${group}`)}</p>
      ) : (
        <ul className="task-list">
          {tasks.map((task) => (
            <TaskItem key={task.id} task={task} today={data.today} assignees={data.assignees} />
          ))}
        </ul>
      )}
      {group === "later" ? <LaterToggle data={data} shown={tasks.length} /> : null}
    </section>
  );
}

/** A plain link (no JavaScript needed) between the first LATER_PREVIEW later tasks and all of them. */
function LaterToggle({ data, shown }: { data: LoaderData; shown: number }) {
  const { t } = useTranslation("tasks");
  if (data.laterTotal <= data.laterPreview) return null;
  return (
    <p className="task-group__more">
      {data.allLater ? (
        <Link to="/tasks#group-later">{t("inbox.showFirstLater", { count: data.laterPreview })}</Link>
      ) : (
        <>
          <span className="muted">{t("inbox.laterShown", { shown, count: data.laterTotal })}</span>{" "}
          <Link to="/tasks?later=all#group-later">{t("inbox.showAllLater", { count: data.laterTotal })}</Link>
        </>
      )}
    </p>
  );
}

function daysBetween(from: string, to: string) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / (24 * 60 * 60 * 1000));
}

function DueBadge({ dueDate, today }: { dueDate: string; today: string }) {
  const { t, i18n } = useTranslation("tasks");
  if (dueDate < today) {
    return <StatusBadge tone="danger">{t("inbox.overdueBy", { count: daysBetween(dueDate, today) })}</StatusBadge>;
  }
  if (dueDate === today) return <StatusBadge tone="warning">{t("inbox.dueToday")}</StatusBadge>;
  return <StatusBadge tone={dueDate <= addCalendarDays(today, 2) ? "warning" : "neutral"}>{t("inbox.due", { date: formatDate(dueDate, i18n.language) })}</StatusBadge>;
}

function TaskItem({ task, today, assignees }: { task: TaskView; today: string; assignees: AssigneeOptions }) {
  const { t, i18n } = useTranslation("tasks");
  const locale = i18n.language;
  const titleId = `task-${task.id}-title`;
  return (
    <li className="task" aria-labelledby={titleId}>
      <div className="task__head">
        <input
          type="checkbox"
          className="task__select"
          name="taskIds"
          value={task.id}
          // Belongs to the bulk form further down the page: no nested forms, no JavaScript needed.
          form="bulk"
          aria-label={t("inbox.selectTask", { title: task.title, name: task.departure.name })}
        />
        <div className="task__heading">
          <h3 id={titleId} className="task__title">
            {task.title}
          </h3>
          <p className="task__meta">
            {[t(`categories.${task.category}`), task.teamName ? t("inbox.team", { team: task.teamName }) : t("inbox.yours")].join(" · ")}
          </p>
        </div>
        <DueBadge dueDate={task.dueDate} today={today} />
      </div>
      {task.description ? <p className="task__description">{task.description}</p> : null}
      <dl className="task__departure">
        <div>
          <dt>{t("inbox.leaving")}</dt>
          <dd>{`${task.departure.name} (${task.departure.department})`}</dd>
        </div>
        <div>
          <dt>{t("inbox.noticeDate")}</dt>
          <dd>{formatDate(task.departure.noticeDate, locale)}</dd>
        </div>
        <div>
          <dt>{t("inbox.lastDay")}</dt>
          <dd>{formatDate(task.departure.lastDay, locale)}</dd>
        </div>
        <div>
          <dt>{t("inbox.terminationDate")}</dt>
          <dd>{formatDate(task.departure.terminationDate, locale)}</dd>
        </div>
      </dl>
      <div className="task__actions" role="group" aria-label={t("inbox.actionsLabel", { title: task.title })}>
        <CompleteForm taskId={task.id} />
        <NotApplicableForm taskId={task.id} />
        <ReassignForm taskId={task.id} assignees={assignees} />
      </div>
    </li>
  );
}

/** A disclosure that opens by itself when its form came back with errors. */
function ActionDisclosure({ summary, open, children }: { summary: string; open: boolean; children: React.ReactNode }) {
  return (
    <details className="task-action" open={open || undefined}>
      <summary className="button button--small button--ghost">{summary}</summary>
      <div className="task-action__body">{children}</div>
    </details>
  );
}

function usePending(formId: string) {
  return usePendingFormData()?.get("formId") === formId;
}

type TaskFields<Schema extends z.ZodObject> = ReturnType<typeof useValidatedForm<Schema>>[1];

/**
 * One action on one task: a disclosure with a form that posts `intent`, `formId` and `taskId`,
 * validates with the same schema as the action, and shows the action's errors beside its fields.
 */
function TaskActionForm<Schema extends z.ZodObject>({
  intent,
  taskId,
  schema,
  summary,
  submitLabel,
  variant,
  children,
}: {
  intent: TaskIntent;
  taskId: string;
  schema: (t: Translate) => Schema;
  summary: string;
  submitLabel: string;
  variant?: ButtonVariant;
  children: (fields: TaskFields<Schema>) => React.ReactNode;
}) {
  const { t } = useTranslation("tasks");
  const formId = taskFormId(intent, taskId);
  const lastResult = useFormResult(formId);
  const [form, fields] = useValidatedForm(schema(t as Translate), { id: formId, lastResult });
  return (
    <ActionDisclosure summary={summary} open={Boolean(lastResult)}>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="formId" value={formId} />
        <input type="hidden" name="taskId" value={taskId} />
        <FormErrorSummary id={form.errorId} errors={form.errors} />
        {children(fields)}
        <Button size="small" variant={variant} pending={usePending(formId)} pendingLabel={t("saving")}>
          {submitLabel}
        </Button>
      </Form>
    </ActionDisclosure>
  );
}

function CompleteForm({ taskId }: { taskId: string }) {
  const { t } = useTranslation("tasks");
  return (
    <TaskActionForm intent="complete" taskId={taskId} schema={completeTaskSchema} summary={t("complete.summary")} submitLabel={t("complete.submit")}>
      {(fields) => (
        <>
          <Field
            label={t("complete.note")}
            hint={t("complete.noteHint", { max: NOTE_MAX })}
            errors={fields.note.errors}
            textareaProps={{ ...getTextareaProps(fields.note), rows: 3 }}
          />
          <Field
            label={t("complete.evidence")}
            hint={t("complete.evidenceHint")}
            errors={fields.evidenceUrl.errors}
            inputProps={{ ...getInputProps(fields.evidenceUrl, { type: "url" }), inputMode: "url", autoComplete: "off", placeholder: "https://" }}
          />
        </>
      )}
    </TaskActionForm>
  );
}

function NotApplicableForm({ taskId }: { taskId: string }) {
  const { t } = useTranslation("tasks");
  return (
    <TaskActionForm
      intent="notApplicable"
      taskId={taskId}
      schema={notApplicableSchema}
      summary={t("notApplicable.summary")}
      submitLabel={t("notApplicable.submit")}
      variant="ghost"
    >
      {(fields) => (
        <Field
          label={t("notApplicable.reason")}
          hint={t("notApplicable.reasonHint")}
          errors={fields.reason.errors}
          textareaProps={{ ...getTextareaProps(fields.reason), rows: 2, required: true }}
        />
      )}
    </TaskActionForm>
  );
}

function ReassignForm({ taskId, assignees }: { taskId: string; assignees: AssigneeOptions }) {
  const { t } = useTranslation("tasks");
  return (
    <TaskActionForm
      intent="reassign"
      taskId={taskId}
      schema={reassignTaskSchema}
      summary={t("reassign.summary")}
      submitLabel={t("reassign.submit")}
      variant="ghost"
    >
      {(fields) => (
        <Field label={t("reassign.assignee")} errors={fields.assignee.errors} selectProps={{ ...getSelectProps(fields.assignee), required: true }}>
          <option value="">{t("reassign.choose")}</option>
          <optgroup label={t("reassign.teams")}>
            {assignees.teams.map((team) => (
              <option key={team.id} value={`team:${team.id}`}>
                {team.name}
              </option>
            ))}
          </optgroup>
          <optgroup label={t("reassign.people")}>
            {assignees.people.map((person) => (
              <option key={person.id} value={`user:${person.id}`}>
                {person.name}
              </option>
            ))}
          </optgroup>
        </Field>
      )}
    </TaskActionForm>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
