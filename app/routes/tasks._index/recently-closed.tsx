import { useTranslation } from "react-i18next";
import { StatusBadge } from "~/components/status-badge";
import { formatDate } from "~/utils/format";

export interface ClosedTaskView {
  id: string;
  title: string;
  departureName: string;
  status: string;
  closedByName: string | null;
  /** ISO instant. */
  closedAt: string;
}

/** The tasks of the person and their teams closed in the last `days` days, newest first. */
export function RecentlyClosed({
  tasks,
  days,
  timeZone,
}: {
  tasks: ClosedTaskView[];
  days: number;
  timeZone: string;
}) {
  const { t, i18n } = useTranslation("tasks");
  return (
    <section className="card" aria-labelledby="recent-title">
      <h2 id="recent-title">{t("recent.title")}</h2>
      <p className="muted">{t("recent.lead", { count: days })}</p>
      {tasks.length === 0 ? (
        <p>{t("recent.empty")}</p>
      ) : (
        <ul className="task-recent">
          {tasks.map((task) => (
            <li key={task.id}>
              <span className="task-recent__title">{`${task.title} — ${task.departureName}`}</span>{" "}
              <StatusBadge
                tone={task.status === "done" ? "success" : "neutral"}
              >
                {task.status === "done"
                  ? t("recent.done")
                  : t("recent.notApplicable")}
              </StatusBadge>
              <span className="muted task-recent__meta">
                {t("recent.closedBy", {
                  name: task.closedByName ?? "—",
                  date: formatDate(task.closedAt, i18n.language, { timeZone }),
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
