import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { StatusBadge } from "~/components/status-badge";
import type { InboxTask } from "~/modules/offboarding/inbox.server";
import type { AssigneeOptions } from "~/modules/offboarding/task-actions.server";
import type { InboxGroup } from "~/modules/offboarding/task-timing";
import { addCalendarDays } from "~/utils/calendar-days";
import { formatDate } from "~/utils/format";
import { CompleteForm, NotApplicableForm, ReassignForm } from "./task-forms";

/** What a group needs from the page's data. */
export interface GroupContext {
  today: string;
  endOfWeek: string;
  laterTotal: number;
  laterPreview: number;
  allLater: boolean;
  assignees: AssigneeOptions;
}

export function TaskGroup({
  group,
  tasks,
  data,
}: {
  group: InboxGroup;
  tasks: InboxTask[];
  data: GroupContext;
}) {
  const { t, i18n } = useTranslation("tasks");
  const headingId = `group-${group}`;
  const count = group === "later" ? data.laterTotal : tasks.length;
  const lead =
    group === "overdue"
      ? t("inbox.groupLead.overdue")
      : t(`inbox.groupLead.${group}`, {
          date: formatDate(data.endOfWeek, i18n.language),
        });
  return (
    <section
      className={`card task-group task-group--${group}${tasks.length > 0 ? " task-group--has-tasks" : ""}`}
      aria-labelledby={headingId}
    >
      <h2 id={headingId}>
        {t(`inbox.groups.${group}`)}{" "}
        <span className="task-group__count">{`(${t("inbox.count", { count })})`}</span>
      </h2>
      <p className="muted">{lead}</p>
      {tasks.length === 0 ? (
        <p>{t(`inbox.groupEmpty.${group}`)}</p>
      ) : (
        <ul className="task-list">
          {tasks.map((task) => (
            <TaskItem
              key={task.id}
              task={task}
              today={data.today}
              assignees={data.assignees}
            />
          ))}
        </ul>
      )}
      {group === "later" ? (
        <LaterToggle data={data} shown={tasks.length} />
      ) : null}
    </section>
  );
}

/** A plain link (no JavaScript needed) between the first LATER_PREVIEW later tasks and all of them. */
function LaterToggle({ data, shown }: { data: GroupContext; shown: number }) {
  const { t } = useTranslation("tasks");
  if (data.laterTotal <= data.laterPreview) return null;
  return (
    <p className="task-group__more">
      {data.allLater ? (
        <Link to="/tasks#group-later">
          {t("inbox.showFirstLater", { count: data.laterPreview })}
        </Link>
      ) : (
        <>
          <span className="muted">
            {t("inbox.laterShown", { shown, count: data.laterTotal })}
          </span>{" "}
          <Link to="/tasks?later=all#group-later">
            {t("inbox.showAllLater", { count: data.laterTotal })}
          </Link>
        </>
      )}
    </p>
  );
}

function daysBetween(from: string, to: string) {
  return Math.round(
    (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) /
      (24 * 60 * 60 * 1000),
  );
}

function DueBadge({ dueDate, today }: { dueDate: string; today: string }) {
  const { t, i18n } = useTranslation("tasks");
  if (dueDate < today) {
    return (
      <StatusBadge tone="danger">
        {t("inbox.overdueBy", { count: daysBetween(dueDate, today) })}
      </StatusBadge>
    );
  }
  if (dueDate === today)
    return <StatusBadge tone="warning">{t("inbox.dueToday")}</StatusBadge>;
  return (
    <StatusBadge
      tone={dueDate <= addCalendarDays(today, 2) ? "warning" : "neutral"}
    >
      {t("inbox.due", { date: formatDate(dueDate, i18n.language) })}
    </StatusBadge>
  );
}

function TaskItem({
  task,
  today,
  assignees,
}: {
  task: InboxTask;
  today: string;
  assignees: AssigneeOptions;
}) {
  const { t, i18n } = useTranslation("tasks");
  const locale = i18n.language;
  const titleId = `task-${task.id}-title`;
  return (
    <li className="task" aria-labelledby={titleId}>
      <div className="task__head">
        {/* The label makes the box a 44 px target on phones; the box keeps its own name. */}
        <label className="task__select-target">
          <input
            type="checkbox"
            className="task__select"
            name="taskIds"
            value={task.id}
            // Belongs to the bulk form further down the page: no nested forms, no JavaScript needed.
            form="bulk"
            aria-label={t("inbox.selectTask", {
              title: task.title,
              name: task.departure.name,
            })}
          />
        </label>
        <div className="task__heading">
          <h3 id={titleId} className="task__title">
            {task.title}
          </h3>
          <p className="task__meta">
            {[
              t(`categories.${task.category}`),
              task.teamName
                ? t("inbox.team", { team: task.teamName })
                : t("inbox.yours"),
            ].join(" · ")}
          </p>
        </div>
        <DueBadge dueDate={task.dueDate} today={today} />
      </div>
      {task.description ? (
        <p className="task__description">{task.description}</p>
      ) : null}
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
      <div
        className="task__actions"
        role="group"
        aria-label={t("inbox.actionsLabel", { title: task.title })}
      >
        <CompleteForm taskId={task.id} />
        <NotApplicableForm taskId={task.id} />
        <ReassignForm taskId={task.id} assignees={assignees} />
      </div>
    </li>
  );
}
