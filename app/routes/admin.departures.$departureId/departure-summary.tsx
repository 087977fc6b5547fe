import { useTranslation } from "react-i18next";
import { useLastDayWarning } from "~/components/departure-date-checks";
import { StatusBadge } from "~/components/status-badge";
import { formatDate } from "~/utils/format";
import type { DeparturePageData } from "./departure-data";

/** Who is leaving, when and why: the facts HR recorded. */
export function FactsCard({ departure, locale, holidays }: Pick<DeparturePageData, "departure" | "locale" | "holidays">) {
  const { t } = useTranslation("departures");
  const date = (day: string | null) => (day ? formatDate(day, locale) : "—");
  const lastDayWarning = useLastDayWarning(departure.lastDay, new Map(holidays.map((holiday) => [holiday.day, holiday.name])));
  return (
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
  );
}

/** How far the checklist is: finished tasks out of all, and those overdue. */
export function ProgressCard({ progress }: Pick<DeparturePageData, "progress">) {
  const { t } = useTranslation("departures");
  return (
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
  );
}
