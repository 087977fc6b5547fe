import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "~/components/empty-state";
import { StatusBadge } from "~/components/status-badge";
import { TableScroll } from "~/components/table-scroll";
import { TASK_STATUS_TONES } from "~/modules/offboarding/departure-display";
import { formatDate } from "~/utils/format";
import type { DeparturePageData, TaskView } from "./departure-data";

/** The departure's checklist, by category: each task with its owner, due date, status and a link to edit it. */
export function TasksPanel({ departure, groups, locale }: Pick<DeparturePageData, "departure" | "groups" | "locale">) {
  const { t } = useTranslation("departures");
  const date = (day: string | null) => (day ? formatDate(day, locale) : "—");
  return (
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
  );
}

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
