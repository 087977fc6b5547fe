import { useTranslation } from "react-i18next";
import type { TimelineValue } from "~/modules/offboarding/timeline.server";
import { formatDate, formatDateTime, toIsoString } from "~/utils/format";
import type { DeparturePageData } from "./departure-data";

const DATE_FIELDS = new Set(["notice_date", "last_day", "termination_date", "due_date"]);

/** The departure's history from the audit log: who did what, and what changed. */
export function Timeline({
  entries,
  locale,
  timeZone,
  timelineLimit,
}: { entries: DeparturePageData["timeline"] } & Pick<DeparturePageData, "locale" | "timeZone" | "timelineLimit">) {
  const { t } = useTranslation("departures");

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
