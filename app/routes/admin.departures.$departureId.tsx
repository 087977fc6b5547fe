import { getFormProps, getInputProps, getSelectProps } from "@conform-to/react";
import { parseWithZod, type SubmissionResult } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { dayValue, UnusualDatesConfirmation, useLastDayWarning } from "~/components/departure-date-checks";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageHeader } from "~/components/page-header";
import { pageTitle, translatorFor, localeFromMatches } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { TableScroll } from "~/components/table-scroll";
import { TaskDefinitionFields } from "~/components/task-definition-fields";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { readFormData } from "~/modules/auth/http.server";
import { requireUser } from "~/modules/auth/session.server";
import { resolveLocale } from "~/modules/i18n/i18n.server";
import { failureText } from "~/modules/i18n/failure-text";
import { translator } from "~/modules/i18n/translator";
import { addCalendarDays, todayIn } from "~/utils/calendar-days";
import { unusualDates } from "~/modules/offboarding/date-window";
import { getDateWindow } from "~/modules/offboarding/date-window.server";
import { DEPARTURE_STATUS_TONES, TASK_STATUS_TONES } from "~/modules/offboarding/departure-display";
import {
  confirmationSchema,
  DEPARTURE_PAGE_INTENTS,
  departureDatesFormSchema,
  taskFormSchema,
} from "~/modules/offboarding/departure-forms";
import {
  findDepartureDetail,
  groupTasksByCategory,
  listDepartureTaskViews,
  summariseTasks,
} from "~/modules/offboarding/departure-queries.server";
import { handleTaskIntent, listTaskOwnerOptions } from "~/modules/offboarding/departure-tasks-admin.server";
import { departureFormReply } from "~/modules/offboarding/departure-form-reply.server";
import { cancelDeparture, findDeparture, updateDeparture, updateDeparturePersonalEmail } from "~/modules/offboarding/departures.server";
import { exitFlowStatus } from "~/modules/responses/exit-flow-status.server";
import { listHolidaysBetween } from "~/modules/offboarding/holidays.server";
import { personalEmailFormSchema } from "~/modules/offboarding/personal-email";
import { ExitFlowSection } from "~/components/responses/exit-flow-section";
import { listDepartureTimeline, TIMELINE_LIMIT, type TimelineValue } from "~/modules/offboarding/timeline.server";
import { DEPARTURE_STATUSES, type DepartureStatus } from "~/modules/offboarding/types";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatDate, formatDateTime, toIsoString } from "~/utils/format";
import { isDomainFailure, type Failure } from "~/utils/failures";
import { isUuid } from "~/utils/ids";

/** What the page says after a change (the action redirects here with ?notice=…, no resubmission on reload). */
const noticeSchema = z.object({
  notice: z.enum(["created", "existed", "updated", "cancelled", "taskAdded", "taskUpdated", "taskRemoved", "personalEmailSaved", "personalEmailRemoved"]),
  redated: z.coerce.number().int().min(0).max(100_000).optional(),
});

function notFound(): never {
  throw new Response("There is no departure with this id.", { status: 404, statusText: "Not Found" });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "hr_admin" });
  const locale = await resolveLocale(request, user.locale);
  const db = getDb();
  const departure = await findDepartureDetail(db, params.departureId ?? "", locale);
  if (!departure) notFound();
  const timeZone = getEnv().COMPANY_TIME_ZONE;
  const today = todayIn(timeZone);
  const { pastDays, futureDays } = await getDateWindow(db);
  const window = { pastDays, futureDays };
  const [tasks, timeline, exitFlow, owners, holidays] = await Promise.all([
    listDepartureTaskViews(db, departure, today, locale),
    listDepartureTimeline(db, departure.id, { locale }),
    exitFlowStatus(db, departure.id, today),
    listTaskOwnerOptions(db),
    // For the "not a working day" warning: the recorded last day and any usual one HR may move it to.
    listHolidaysBetween(
      db,
      [departure.lastDay, addCalendarDays(today, -pastDays)].sort()[0]!,
      [departure.lastDay, addCalendarDays(today, futureDays)].sort()[1]!,
    ),
  ]);
  const url = new URL(request.url);
  const notice = noticeSchema.safeParse({
    notice: url.searchParams.get("notice") ?? undefined,
    redated: url.searchParams.get("redated") ?? undefined,
  });
  return json({
    locale,
    timeZone,
    dateContext: { today, window },
    holidays,
    departure,
    progress: summariseTasks(tasks),
    groups: groupTasksByCategory(tasks),
    timeline,
    // Sent with the data: a .server module's constants do not exist in the browser.
    timelineLimit: TIMELINE_LIMIT,
    exitFlow,
    owners,
    notice: notice.success ? notice.data : null,
  });
}

type ActionReply = { intent: (typeof DEPARTURE_PAGE_INTENTS)[number] | null; result: SubmissionResult<string[]> | null; formError?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireUser(request, { role: "hr_admin" });
  const locale = await resolveLocale(request, admin.locale);
  const tv = translator(locale, "offboarding");
  const td = translator(locale, "departures");
  const departureId = params.departureId ?? "";
  if (!isUuid(departureId)) notFound();
  const departure = await findDeparture(getDb(), departureId);
  if (!departure) notFound();
  const formData = await readFormData(request);
  const intent = z.enum(DEPARTURE_PAGE_INTENTS).safeParse(formData.get("intent"));
  if (!intent.success) {
    return json<ActionReply>({ intent: null, result: null, formError: td("detail.errors.intent") }, { status: 400 });
  }
  const here = `/admin/departures/${departureId}`;
  const badRequest = (result: SubmissionResult<string[]>) => json<ActionReply>({ intent: intent.data, result }, { status: 400 });

  try {
    switch (intent.data) {
      case "update": {
        const { pastDays, futureDays } = await getDateWindow(getDb());
        const context = {
          today: todayIn(getEnv().COMPANY_TIME_ZONE),
          window: { pastDays, futureDays },
          current: { noticeDate: departure.notice_date, lastDay: departure.last_day, terminationDate: departure.termination_date },
        };
        const submission = parseWithZod(formData, { schema: departureDatesFormSchema(tv, context) });
        if (submission.status !== "success") return badRequest(submission.reply());
        const { confirmUnusualDates, ...patch } = submission.value;
        try {
          const { redated } = await updateDeparture(departureId, patch, { actorUserId: admin.id, confirmUnusualDates });
          return redirect(`${here}?${new URLSearchParams({ notice: "updated", redated: String(redated) })}`);
        } catch (error) {
          if (!isDomainFailure(error) || error.kind === "notFound") throw error;
          // The code names statuses by their ids: the page says them with the labels it shows.
          const to = submission.value.status;
          const wording = (failure: Failure) =>
            failure.code === "departure.statusTransition" && to
              ? td("detail.errors.statusTransition", { from: td(`statuses.${departure.status}`), to: td(`statuses.${to}`) })
              : undefined;
          return badRequest(departureFormReply(submission, error, locale, wording));
        }
      }
      case "cancel": {
        const submission = parseWithZod(formData, { schema: confirmationSchema(td("detail.cancel.confirmRequired")) });
        if (submission.status !== "success") return badRequest(submission.reply());
        try {
          await cancelDeparture(departureId, { actorUserId: admin.id });
          return redirect(`${here}?notice=cancelled`);
        } catch (error) {
          if (!isDomainFailure(error) || error.kind !== "refused") throw error;
          const message = td("detail.cancel.notAllowed", { status: td(`statuses.${departure.status}`) });
          return badRequest(submission.reply({ fieldErrors: { confirm: [message] } }));
        }
      }
      case "personalEmail": {
        const submission = parseWithZod(formData, { schema: personalEmailFormSchema(tv, departure.employee_email) });
        if (submission.status !== "success") return badRequest(submission.reply());
        const personalEmail = submission.value.personalEmail ?? null;
        await updateDeparturePersonalEmail(departureId, personalEmail, { actorUserId: admin.id });
        return redirect(`${here}?notice=${personalEmail ? "personalEmailSaved" : "personalEmailRemoved"}#exit-flow-title`);
      }
      case "addTask":
      case "editTask":
      case "removeTask": {
        const outcome = await handleTaskIntent(intent.data, formData, { departureId, actorUserId: admin.id, locale });
        if (!outcome.ok) return badRequest(outcome.result);
        const anchor = outcome.notice === "taskRemoved" ? "#checklist" : `#task-${outcome.taskId}`;
        return redirect(`${here}?notice=${outcome.notice}${anchor}`);
      }
    }
  } catch (error) {
    // Removed or cancelled by someone else meanwhile, or an id that was never on this departure.
    if (isDomainFailure(error) && error.code === "departure.notFound") notFound();
    if (isDomainFailure(error) && error.code === "departureTask.notFound") {
      return json<ActionReply>({ intent: intent.data, result: null, formError: failureText(error.failures[0]!, locale) }, { status: 404 });
    }
    throw error;
  }
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  if (!data) return pageTitle(matches, "detail.metaTitle", "departures");
  const t = translatorFor(localeFromMatches(matches));
  return [{ title: `${data.departure.employeeName} · ${t("detail.metaTitle", { ns: "departures" })} · ${t("appName", { ns: "common" })}` }];
};

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function DeparturePage() {
  const data = useLoaderData<typeof loader>();
  const { departure, progress, groups, timeline, exitFlow, owners, notice, locale } = data;
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("departures");
  const date = (day: string | null) => (day ? formatDate(day, locale) : "—");
  const lastDayWarning = useLastDayWarning(departure.lastDay, new Map(data.holidays.map((holiday) => [holiday.day, holiday.name])));

  return (
    <div className="stack departure-page">
      <p className="departure-breadcrumb">
        <Link to="/admin/departures">← {t("detail.backToList")}</Link>
      </p>
      <PageHeader
        title={departure.employeeName}
        lead={[departure.jobTitle, departure.departmentPath].filter(Boolean).join(" · ")}
        actions={<StatusBadge tone={DEPARTURE_STATUS_TONES[departure.status]}>{t(`statuses.${departure.status}`)}</StatusBadge>}
      />
      {notice ? (
        <Alert tone={notice.notice === "existed" ? "info" : "success"}>
          <p>
            {notice.notice === "updated" && notice.redated
              ? t("detail.notices.redated", { count: notice.redated })
              : t(`detail.notices.${notice.notice}`)}
          </p>
        </Alert>
      ) : null}
      {actionData?.formError ? (
        <Alert tone="error">
          <p>{actionData.formError}</p>
        </Alert>
      ) : null}

      <div className="grid departure-summary">
        <section className="card" aria-labelledby="facts-title">
          <h2 id="facts-title">{t("detail.person")}</h2>
          <dl className="details">
            <dt>{t("fields.employeeEmail")}</dt>
            <dd>{departure.employeeEmail}</dd>
            <dt>{t("detail.department")}</dt>
            <dd>{departure.departmentPath}</dd>
            <dt>{t("detail.typeAndReason")}</dt>
            <dd>
              {t(`types.${departure.type}`)} · {departure.reasonLabel ?? t("detail.noReason")}
            </dd>
            <dt>{t("fields.noticeDate")}</dt>
            <dd>{date(departure.noticeDate)}</dd>
            <dt>{t("fields.lastDay")}</dt>
            <dd>
              <strong>{date(departure.lastDay)}</strong>
              {lastDayWarning ? <span className="date-warning">{lastDayWarning}</span> : null}
            </dd>
            <dt>{t("fields.terminationDate")}</dt>
            <dd>
              {date(departure.terminationDate)}
              {departure.terminationDateFollowsLastDay ? <span className="muted"> ({t("detail.followsLastDay")})</span> : null}
            </dd>
            {departure.externalId ? (
              <>
                <dt>{t("detail.externalId")}</dt>
                <dd>{departure.externalId}</dd>
              </>
            ) : null}
            <dt>{t("detail.source")}</dt>
            <dd>{t(`detail.sources.${departure.source}`)}</dd>
            <dt>{t("detail.language")}</dt>
            <dd>{t(`languages.${departure.language}`)}</dd>
          </dl>
        </section>

        <div className="stack">
          <section className="card" aria-labelledby="progress-title">
            <h2 id="progress-title">{t("detail.progress.title")}</h2>
            {progress.total === 0 ? (
              <p className="muted">{t("detail.progress.noTasks")}</p>
            ) : (
              <>
                {/* A native <progress>: announced as a progress bar, and no inline style (the CSP forbids them). */}
                <progress className="departure-progress" aria-label={t("detail.progress.label")} value={progress.finished} max={progress.total}>
                  {progress.percent}%
                </progress>
                <p className="departure-progress__summary">
                  {t("detail.progress.summary", {
                    completed: progress.finished,
                    total: progress.total,
                    done: progress.done,
                    notApplicable: progress.notApplicable,
                  })}
                </p>
                <p>
                  {progress.overdue > 0 ? (
                    <StatusBadge tone="danger">{t("detail.progress.overdue", { count: progress.overdue })}</StatusBadge>
                  ) : (
                    <StatusBadge tone="success">{t("detail.progress.noneOverdue")}</StatusBadge>
                  )}
                </p>
              </>
            )}
          </section>

          <ExitFlowSection exitFlow={exitFlow} locale={locale} timeZone={data.timeZone}>
            {exitFlow.open ? (
              <PersonalEmailForm
                personalEmail={exitFlow.personalEmail}
                workEmail={departure.employeeEmail}
                highlight={exitFlow.unreachable}
                actionData={actionData}
              />
            ) : null}
          </ExitFlowSection>
        </div>
      </div>

      <section className="card" aria-labelledby="checklist-title" id="checklist">
        <h2 id="checklist-title">{t("detail.tasks.title")}</h2>
        {groups.length === 0 ? (
          <EmptyState headingLevel={3} title={t("detail.progress.noTasks")} />
        ) : (
          groups.map((group) => (
            <div key={group.category} className="departure-tasks__group">
              <h3>{t(`categories.${group.category}`)}</h3>
              <TableScroll label={t("detail.tasks.tableLabel", { category: t(`categories.${group.category}`) })}>
                <table className="table departure-tasks__table">
                  <thead>
                    <tr>
                      <th scope="col" className="departure-tasks__col-task">
                        {t("detail.tasks.columns.task")}
                      </th>
                      <th scope="col">{t("detail.tasks.columns.owner")}</th>
                      <th scope="col">{t("detail.tasks.columns.due")}</th>
                      <th scope="col">{t("detail.tasks.columns.status")}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t("detail.tasks.edit")}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {group.tasks.map((task) => (
                      <tr key={task.id} id={`task-${task.id}`} className={task.overdue ? "departure-tasks__row--overdue" : undefined}>
                        <td>
                          <span className="departure-tasks__title">{task.title}</span>
                          {task.beforeLastDay || task.overdue ? (
                            <span className="departure-tasks__flags">
                              {task.overdue ? <StatusBadge tone="danger">{t("detail.tasks.overdue")}</StatusBadge> : null}
                              {task.beforeLastDay ? <StatusBadge tone="warning">{t("detail.tasks.beforeLastDay")}</StatusBadge> : null}
                            </span>
                          ) : null}
                          {task.description ? <span className="departure-tasks__description">{task.description}</span> : null}
                        </td>
                        <td data-label={t("detail.tasks.columns.owner")}>
                          {task.owner?.name ?? <span className="muted">{t("detail.tasks.noOwner")}</span>}
                          {task.needsNewOwner ? (
                            <span className="departure-tasks__flags">
                              <StatusBadge tone="warning">{t("detail.tasks.ownerGone")}</StatusBadge>
                              <Link to={`/admin/departures/${departure.id}/tasks/${task.id}`} aria-label={t("detail.tasks.reassignLabel", { title: task.title })}>
                                {t("detail.tasks.reassign")}
                              </Link>
                            </span>
                          ) : null}
                        </td>
                        <td className="departure-tasks__date" data-label={t("detail.tasks.columns.due")}>
                          <time dateTime={task.dueDate}>{date(task.dueDate)}</time>
                        </td>
                        <td data-label={t("detail.tasks.columns.status")}>
                          <StatusBadge tone={TASK_STATUS_TONES[task.status]}>{t(`taskStatuses.${task.status}`)}</StatusBadge>
                          <TaskOutcome task={task} />
                        </td>
                        <td className="departure-tasks__edit">
                          <Link to={`/admin/departures/${departure.id}/tasks/${task.id}`} aria-label={t("detail.tasks.editLabel", { title: task.title })}>
                            {t("detail.tasks.edit")}
                          </Link>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </div>
          ))
        )}
      </section>

      <div className="grid departure-forms">
        <DatesForm departure={departure} actionData={actionData} />
        <AddTaskForm owners={owners} actionData={actionData} taskCount={progress.total} />
      </div>

      <Timeline entries={timeline} />

      {departure.status === "planned" || departure.status === "in_progress" ? (
        <CancelForm name={departure.employeeName} actionData={actionData} />
      ) : null}
    </div>
  );
}

type TaskView = LoaderData["groups"][number]["tasks"][number];

/** Who finished the task, with the note, the evidence link or the reason given. */
function TaskOutcome({ task }: { task: TaskView }) {
  const { t } = useTranslation("departures");
  if (task.status === "open") return null;
  return (
    <span className="departure-tasks__outcome">
      {task.completedByName ? <span>{t("detail.tasks.completedBy", { name: task.completedByName })}</span> : null}
      {task.completionNote ? <span>{t("detail.tasks.note", { note: task.completionNote })}</span> : null}
      {task.notApplicableReason ? <span>{t("detail.tasks.notApplicableReason", { reason: task.notApplicableReason })}</span> : null}
      {task.evidenceUrl && /^https?:\/\//i.test(task.evidenceUrl) ? (
        <a href={task.evidenceUrl} rel="noopener noreferrer nofollow" target="_blank">
          {t("detail.tasks.evidence")}
        </a>
      ) : null}
    </span>
  );
}

type ActionData = ReturnType<typeof useActionData<typeof action>>;

function resultFor(actionData: ActionData, intent: string) {
  return actionData && actionData.intent === intent ? (actionData.result ?? undefined) : undefined;
}

function DatesForm({ departure, actionData }: { departure: LoaderData["departure"]; actionData: ActionData }) {
  const { t } = useTranslation("departures");
  const { t: tv } = useTranslation("offboarding");
  const isUpdatePending = useIsPending({ intent: "update" });
  const { locale, dateContext, holidays } = useLoaderData<typeof loader>();
  // Not given: the field stays empty (the date follows the last day), as it was entered.
  const terminationDate = departure.terminationDateFollowsLastDay ? null : departure.terminationDate;
  const context = {
    ...dateContext,
    current: { noticeDate: departure.noticeDate, lastDay: departure.lastDay, terminationDate },
  };
  const current = departure.status as DepartureStatus;
  // Cancelling has its own form with a confirmation; a cancelled departure can only be planned again.
  const choices = DEPARTURE_STATUSES.filter((status) => status !== "cancelled" || current === "cancelled");
  const [form, fields] = useValidatedForm(departureDatesFormSchema(tv, context), {
    // A new id after each saved change: the fields then show the saved values.
    id: `dates-${departure.noticeDate}-${departure.lastDay}-${terminationDate ?? "follows"}-${departure.status}`,
    lastResult: resultFor(actionData, "update"),
    defaultValue: {
      noticeDate: departure.noticeDate,
      lastDay: departure.lastDay,
      terminationDate: terminationDate ?? "",
      status: departure.status,
    },
  });
  const changed = (before: string | null, value: unknown) => {
    const day = dayValue(value);
    return day !== undefined && day !== before ? day : undefined;
  };
  const unusual = unusualDates(
    {
      noticeDate: changed(departure.noticeDate, fields.noticeDate.value),
      lastDay: changed(departure.lastDay, fields.lastDay.value),
      terminationDate: changed(terminationDate, fields.terminationDate.value),
    },
    dateContext.window,
    dateContext.today,
  );
  const lastDayWarning = useLastDayWarning(fields.lastDay.value, new Map(holidays.map((holiday) => [holiday.day, holiday.name])));
  return (
    <section className="card" aria-labelledby="dates-title">
      <h2 id="dates-title">{t("detail.dates.title")}</h2>
      <p className="muted">{t("detail.dates.lead")}</p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="update" />
        <FormErrorSummary id={form.errorId} errors={form.errors} />
        <Field label={t("fields.noticeDate")} errors={fields.noticeDate.errors} inputProps={getInputProps(fields.noticeDate, { type: "date" })} />
        <Field
          label={t("fields.lastDay")}
          hint={lastDayWarning ? <span className="date-warning">{lastDayWarning}</span> : undefined}
          errors={fields.lastDay.errors}
          inputProps={getInputProps(fields.lastDay, { type: "date" })}
        />
        <Field
          label={t("fields.terminationDate")}
          hint={t("detail.dates.terminationHint")}
          errors={fields.terminationDate.errors}
          inputProps={getInputProps(fields.terminationDate, { type: "date" })}
        />
        <UnusualDatesConfirmation
          unusual={unusual}
          name={fields.confirmUnusualDates.name}
          value={fields.confirmUnusualDates.value}
          errors={fields.confirmUnusualDates.errors}
          locale={locale}
        />
        <Field label={t("fields.status")} errors={fields.status.errors} selectProps={getSelectProps(fields.status)}>
          {choices.map((status) => (
            <option key={status} value={status}>
              {t(`statuses.${status}`)}
            </option>
          ))}
        </Field>
        <Button pending={isUpdatePending} pendingLabel={t("detail.dates.saving")}>
          {t("detail.dates.submit")}
        </Button>
      </Form>
    </section>
  );
}

/** The departure's personal address, where the exit flow's emails go once the work mailbox is closed. */
function PersonalEmailForm({
  personalEmail,
  workEmail,
  highlight,
  actionData,
}: {
  personalEmail: string | null;
  workEmail: string;
  highlight: boolean;
  actionData: ActionData;
}) {
  const { t } = useTranslation("responses");
  const { t: tv } = useTranslation("offboarding");
  const isPersonalEmailPending = useIsPending({ intent: "personalEmail" });
  const [form, fields] = useValidatedForm(personalEmailFormSchema(tv, workEmail), {
    // A new id once saved: the field then shows the saved value.
    id: `personal-email-${personalEmail ?? ""}`,
    lastResult: resultFor(actionData, "personalEmail"),
    defaultValue: { personalEmail: personalEmail ?? "" },
  });
  return (
    <Form method="post" {...getFormProps(form)} className="responses-flow__fix">
      <input type="hidden" name="intent" value="personalEmail" />
      <FormErrorSummary id={form.errorId} errors={form.errors} />
      <Field
        label={t("exitFlow.personalEmail.label")}
        hint={t("exitFlow.personalEmail.hint")}
        errors={fields.personalEmail.errors}
        inputProps={{ ...getInputProps(fields.personalEmail, { type: "email" }), autoComplete: "off", spellCheck: false }}
      />
      <Button
        size="small"
        variant={highlight ? "primary" : "ghost"}
        pending={isPersonalEmailPending}
        pendingLabel={t("exitFlow.personalEmail.saving")}
      >
        {t("exitFlow.personalEmail.submit")}
      </Button>
    </Form>
  );
}

function AddTaskForm({ owners, actionData, taskCount }: { owners: LoaderData["owners"]; actionData: ActionData; taskCount: number }) {
  const { t } = useTranslation("departures");
  const { t: tv } = useTranslation("offboarding");
  const isAddTaskPending = useIsPending({ intent: "addTask" });
  const lastResult = resultFor(actionData, "addTask");
  const [form, fields] = useValidatedForm(taskFormSchema(tv), {
    // A fresh, empty form once a task has been added.
    id: `add-task-${taskCount}`,
    lastResult,
    defaultValue: { category: "other", anchor: "last_day", offsetBusinessDays: "0" },
  });
  return (
    <section className="card" aria-labelledby="add-task-title">
      <h2 id="add-task-title">{t("detail.addTask.title")}</h2>
      <p className="muted">{t("detail.addTask.lead")}</p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="addTask" />
        <FormErrorSummary id={form.errorId} errors={form.errors} />
        <TaskDefinitionFields fields={fields} owners={owners} />
        <Button pending={isAddTaskPending} pendingLabel={t("detail.addTask.saving")}>
          {t("detail.addTask.submit")}
        </Button>
      </Form>
    </section>
  );
}

function CancelForm({ name, actionData }: { name: string; actionData: ActionData }) {
  const { t } = useTranslation("departures");
  const [form, fields] = useValidatedForm(confirmationSchema(t("detail.cancel.confirmRequired")), {
    id: "cancel-departure",
    lastResult: resultFor(actionData, "cancel"),
    shouldValidate: "onSubmit",
  });
  return (
    <section className="card departure-danger" aria-labelledby="cancel-title">
      <h2 id="cancel-title">{t("detail.cancel.title")}</h2>
      <p>{t("detail.cancel.lead")}</p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="cancel" />
        <Field label={t("detail.cancel.confirm", { name })} errors={fields.confirm.errors} inputProps={getInputProps(fields.confirm, { type: "checkbox" })} />
        <Button variant="danger">{t("detail.cancel.submit")}</Button>
      </Form>
    </section>
  );
}

const DATE_FIELDS = new Set(["notice_date", "last_day", "termination_date", "due_date"]);

function Timeline({ entries }: { entries: LoaderData["timeline"] }) {
  const { t } = useTranslation("departures");
  const { locale, timeZone, timelineLimit } = useLoaderData<typeof loader>();

  const value = (field: string, raw: TimelineValue) => {
    // A termination date that is not set is the last day.
    if (raw === null && field === "termination_date") return t("timeline.sameAsLastDay");
    if (raw === null || raw === "") return t("timeline.empty");
    if (typeof raw === "boolean") return t(raw ? "timeline.yes" : "timeline.no");
    if (typeof raw === "string" && DATE_FIELDS.has(field)) return formatDate(raw, locale) || raw;
    if (field === "status") return t(`statuses.${raw}`, { defaultValue: String(raw) });
    if (field === "category") return t(`categories.${raw}`, { defaultValue: String(raw) });
    if (field === "anchor") return t(`anchors.${raw}`, { defaultValue: String(raw) });
    return String(raw);
  };

  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t("detail.timeline.title")}</h2>
      <p className="muted">{t("detail.timeline.lead", { count: timelineLimit })}</p>
      {entries.length === 0 ? (
        <p>{t("detail.timeline.empty")}</p>
      ) : (
        <ol className="departure-timeline">
          {entries.map((entry) => {
            const actor =
              entry.actor.kind === "user"
                ? entry.via
                  ? `${entry.actor.name} (${t(`timeline.actors.${entry.via}`)})`
                  : entry.actor.name
                : t(`timeline.actors.${entry.actor.kind}`);
            // "departure.task_added" → key "departure_task_added" (a dot would nest the key).
            const what = t(`timeline.actions.${entry.action.replace(/\./g, "_")}`, {
              title: entry.taskTitle ?? t("timeline.aTask"),
              count: entry.taskCount ?? 0,
              defaultValue: t("timeline.actions.other", { action: entry.action }),
            });
            return (
              <li key={entry.id} className="departure-timeline__entry">
                <p className="departure-timeline__what">
                  <strong>{actor}</strong> {what}
                </p>
                {entry.changes.length > 0 || entry.redatedTasks ? (
                  <ul className="departure-timeline__changes">
                    {entry.changes.map((change) => (
                      <li key={change.field}>
                        {t("timeline.changeLine", {
                          field: t(`timeline.changeFields.${change.field}`, { defaultValue: change.field }),
                          value:
                            "changed" in change
                              ? t("timeline.changed")
                              : change.from === null && entry.action === "departure.task_added"
                                ? value(change.field, change.to)
                                : t("timeline.changeFromTo", { from: value(change.field, change.from), to: value(change.field, change.to) }),
                        })}
                      </li>
                    ))}
                    {entry.redatedTasks ? <li>{t("timeline.redated", { count: entry.redatedTasks })}</li> : null}
                  </ul>
                ) : null}
                <time className="departure-timeline__when" dateTime={toIsoString(entry.at)}>
                  {formatDateTime(entry.at, locale, { timeZone })}
                </time>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
