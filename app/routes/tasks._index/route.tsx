import { parseWithZod } from "@conform-to/zod/v4";
import type {
  ActionFunctionArgs,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Alert } from "~/components/alert";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { requireRole } from "~/modules/auth/guards.server";
import { readFormData } from "~/modules/auth/http.server";
import type { AppLocale } from "~/modules/i18n/config";
import { failureReply } from "~/modules/i18n/failure-reply.server";
import {
  INBOX_ROLES,
  inboxPage,
  LATER_PREVIEW,
  listInbox,
  listRecentlyClosed,
  recentlyClosedSince,
  RECENTLY_DONE_DAYS,
} from "~/modules/offboarding/inbox.server";
import { loadInboxContext } from "~/modules/offboarding/inbox-context.server";
import {
  bulkCompleteSchema,
  completeTaskSchema,
  notApplicableSchema,
  reassignTaskSchema,
} from "~/modules/offboarding/task-action-schemas";
import {
  bulkComplete,
  completeTask,
  markNotApplicable,
  reassignTask,
} from "~/modules/offboarding/task-actions.server";
import { endOfThisWeek, INBOX_GROUPS } from "~/modules/offboarding/task-timing";
import { todayIn } from "~/utils/calendar-days";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { isDomainFailure } from "~/utils/failures";
import { notFound } from "~/utils/responses";
import { inboxNoticeUrl, readInboxQuery, type Notice } from "./inbox-query";
import { NoticeAlert } from "./notice-alert";
import { RecentlyClosed } from "./recently-closed";
import { BulkCompleteForm, taskFormId, type ActionData } from "./task-forms";
import { TaskGroup } from "./task-group";
import { unknownIntent } from "~/utils/hidden-fields.server";

/**
 * The task owner's inbox: their own and their teams' open tasks grouped overdue / this week / later,
 * each with the minimum of its departure, and forms to complete, mark not applicable, reassign, or
 * complete several at once. Every form posts here and works without JavaScript.
 */

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, locale } = await requireRole(request, INBOX_ROLES, "tasks");
  const db = getDb();
  const now = new Date();
  const timeZone = getEnv().COMPANY_TIME_ZONE;
  const today = todayIn(timeZone, now);
  const { allLater, notice } = readInboxQuery(new URL(request.url));
  const [inbox, recentlyClosed, { teams, assignees, reminderHour }] =
    await Promise.all([
      listInbox(db, user.id, { locale }),
      listRecentlyClosed(db, user.id, { since: recentlyClosedSince(now), locale }),
      loadInboxContext(db, user.id),
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
    reminderHour,
    recentDays: RECENTLY_DONE_DAYS,
    recentlyClosed: recentlyClosed.map((task) => ({
      ...task,
      closedAt: task.closedAt.toISOString(),
    })),
    notice,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, locale, t } = await requireRole(request, INBOX_ROLES, "tasks");
  const options = { actor: { id: user.id, role: user.role } };
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  // Echoed back only so that the page shows errors beside the form that was sent.
  const taskId = String(formData.get("taskId") ?? "").slice(0, 64);
  const { allLater } = readInboxQuery(new URL(request.url));
  const noticeRedirect = (
    kind: Notice,
    counts: { count?: number; skipped?: number } = {},
  ) => redirect(inboxNoticeUrl(kind, { ...counts, allLater }));

  switch (intent) {
    case "complete":
      return perform(
        formData,
        completeTaskSchema(t),
        taskFormId(intent, taskId),
        locale,
        async (value) =>
          noticeRedirect((await completeTask(value, options)).outcome),
      );
    case "notApplicable":
      return perform(
        formData,
        notApplicableSchema(t),
        taskFormId(intent, taskId),
        locale,
        async (value) =>
          noticeRedirect((await markNotApplicable(value, options)).outcome),
      );
    case "reassign":
      return perform(
        formData,
        reassignTaskSchema(t),
        taskFormId(intent, taskId),
        locale,
        async (value) =>
          noticeRedirect((await reassignTask(value, options)).outcome),
      );
    case "bulkComplete":
      return perform(
        formData,
        bulkCompleteSchema(t),
        "bulk",
        locale,
        async (value) => {
          const result = await bulkComplete(value, options);
          return noticeRedirect("bulk", {
            count: result.completed,
            skipped: result.alreadyClosed,
          });
        },
      );
    default:
      throw unknownIntent(intent);
  }
}

/**
 * Validates one form, runs the action and maps its refusals (ADR 013): invalid input → 400 beside
 * the field, a cancelled departure → 409 on the form, someone else's (or no) task → 404.
 */
async function perform<Schema extends z.ZodType>(
  formData: FormData,
  schema: Schema,
  formId: string,
  locale: AppLocale,
  run: (value: z.output<Schema>) => Promise<Response>,
) {
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") {
    return json({ formId, result: submission.reply() } satisfies ActionData, {
      status: 400,
    });
  }
  try {
    return await run(submission.value);
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    if (error.kind === "notFound") throw notFound("Task not found");
    // A refusal by the departure's state is not the form's fault: 409, as the API answers it.
    const status = error.kind === "invalid" ? 400 : 409;
    return json(
      {
        formId,
        result: failureReply(submission, error, locale),
      } satisfies ActionData,
      { status },
    );
  }
}

export const meta: MetaFunction = ({ matches }) =>
  pageTitle(matches, "inbox.title", "tasks");

function hourLabel(hour: number) {
  return `${String(hour).padStart(2, "0")}:00`;
}

export default function TasksInbox() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("tasks");

  return (
    <div className="stack tasks-inbox">
      <PageHeader
        title={t("inbox.title")}
        lead={
          data.teams.length > 0
            ? t("inbox.leadTeams", { teams: data.teams.join(", ") })
            : t("inbox.lead")
        }
        actions={
          <Link to="/tasks/preferences" className="button button--ghost">
            {t("inbox.preferencesLink")}
          </Link>
        }
      />
      {data.reminderHour !== null ? (
        <p className="muted">
          {t("inbox.reminderAt", { time: hourLabel(data.reminderHour) })}
        </p>
      ) : null}
      {data.notice ? <NoticeAlert notice={data.notice} /> : null}
      {data.truncated ? (
        <Alert>{t("inbox.truncated", { count: data.total })}</Alert>
      ) : null}

      {data.total === 0 ? (
        <section className="card">
          <EmptyState
            title={t("inbox.emptyTitle")}
            description={t("inbox.emptyBody")}
          />
        </section>
      ) : (
        <>
          {INBOX_GROUPS.map((group) => (
            <TaskGroup
              key={group}
              group={group}
              tasks={data.groups[group]}
              data={data}
            />
          ))}
          <BulkCompleteForm />
        </>
      )}

      <RecentlyClosed
        tasks={data.recentlyClosed}
        days={data.recentDays}
        timeZone={data.timeZone}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
