import type { SerializeFrom } from "@remix-run/node";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { ButtonLink } from "~/components/button";
import { StatusBadge } from "~/components/status-badge";
import type { ExitFlowStatus } from "~/modules/responses/exit-flow-status.server";
import { localized } from "~/modules/i18n/localized-text";
import { formatDate, toIsoString } from "~/utils/format";
import { ALUMNI_TONES, EXIT_FLOW_TONES } from "~/modules/responses/display";

/**
 * The departure page's "exit survey and alumni invitation" card: where the leaver is, the survey
 * and what its confidentiality means, reminders, the link's expiry, the alumni decision and, for a
 * finished confidential survey, the way to the answers (with how often they were read). When the
 * leaver cannot be reached (past the last day, no personal address), it says so first; `children`
 * is the page's way to fix it (the personal address form), shown while the flow is open.
 */
export function ExitFlowSection({
  exitFlow,
  locale,
  timeZone,
  children,
}: {
  exitFlow: SerializeFrom<ExitFlowStatus>;
  locale: string;
  timeZone: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation("responses");
  const { t: td } = useTranslation("departures");
  const day = (value: string | null) => (value ? formatDate(value, locale, { timeZone }) : "");
  const when = (value: string | null) => (value ? <time dateTime={toIsoString(value)}>{day(value)}</time> : null);

  return (
    <section className="card responses-flow" aria-labelledby="exit-flow-title">
      <h2 id="exit-flow-title">{td("detail.exitFlow.title")}</h2>
      <p className="responses-flow__state">
        <span className="visually-hidden">{t("exitFlow.statusLabel")} </span>
        <StatusBadge tone={EXIT_FLOW_TONES[exitFlow.state]}>{t(`exitFlow.states.${exitFlow.state}`)}</StatusBadge>
      </p>
      {exitFlow.state === "not_invited" ? (
        <p className="muted">{exitFlow.activeSurvey ? t("exitFlow.notInvitedBody") : t("exitFlow.noActiveSurvey")}</p>
      ) : null}
      {exitFlow.state === "cancelled" ? <p className="muted">{t("exitFlow.cancelledBody")}</p> : null}
      {exitFlow.unreachable ? (
        <Alert tone="error" title={t("exitFlow.unreachableTitle")} className="responses-flow__unreachable">
          <p>{t("exitFlow.unreachableBody")}</p>
        </Alert>
      ) : null}

      <dl className="details details--compact responses-flow__facts">
        {exitFlow.survey ? (
          <>
            <dt>{t("exitFlow.survey")}</dt>
            <dd>
              {t("exitFlow.surveyLine", { name: localized(exitFlow.survey.name, locale), version: exitFlow.survey.version })}
              <span className="responses-flow__mode">{t(`exitFlow.confidentiality.${exitFlow.survey.confidentiality}`)}</span>
            </dd>
          </>
        ) : null}
        {exitFlow.state === "scheduled" && exitFlow.sendOn ? (
          <>
            <dt>{t("exitFlow.sendOn")}</dt>
            <dd>{when(exitFlow.sendOn)}</dd>
          </>
        ) : null}
        {exitFlow.invitedAt ? (
          <>
            <dt>{t("exitFlow.invitedAt")}</dt>
            <dd>{when(exitFlow.invitedAt)}</dd>
          </>
        ) : null}
        {exitFlow.startedAt ? (
          <>
            <dt>{t("exitFlow.startedAt")}</dt>
            <dd>{when(exitFlow.startedAt)}</dd>
          </>
        ) : null}
        {exitFlow.finishedAt ? (
          <>
            <dt>{t("exitFlow.finishedAt")}</dt>
            {/* The day, never the moment (an anonymous survey keeps only the day). */}
            <dd>{when(exitFlow.finishedAt)}</dd>
          </>
        ) : null}
        {exitFlow.state !== "not_invited" ? (
          <>
            <dt>{t("exitFlow.reminders")}</dt>
            <dd>
              {exitFlow.reminders.count === 0
                ? t("exitFlow.remindersNone")
                : t("exitFlow.remindersSent", { count: exitFlow.reminders.count, date: day(exitFlow.reminders.lastAt) })}
            </dd>
          </>
        ) : null}
        {exitFlow.expiresOn && exitFlow.state !== "finished" && exitFlow.state !== "cancelled" ? (
          <>
            <dt>{t("exitFlow.link")}</dt>
            <dd>
              {exitFlow.linkExpired
                ? t("exitFlow.linkExpired", { date: day(exitFlow.expiresOn) })
                : t("exitFlow.linkValidUntil", { date: day(exitFlow.expiresOn) })}
            </dd>
          </>
        ) : null}
        <dt>{t("exitFlow.alumni")}</dt>
        <dd>
          {exitFlow.alumni ? (
            <StatusBadge tone={ALUMNI_TONES[exitFlow.alumni.state]}>
              {exitFlow.alumni.at
                ? t("exitFlow.alumniSince", { state: t(`exitFlow.alumniStates.${exitFlow.alumni.state}`), date: day(exitFlow.alumni.at) })
                : t(`exitFlow.alumniStates.${exitFlow.alumni.state}`)}
            </StatusBadge>
          ) : (
            <span className="muted">{t("exitFlow.alumniNoAnswer")}</span>
          )}
        </dd>
      </dl>

      {exitFlow.response ? (
        <div className="responses-flow__answers">
          <p>
            <ButtonLink to={`/admin/responses/${exitFlow.response.id}`} size="small">
              {t("exitFlow.readAnswers")}
            </ButtonLink>
          </p>
          <p className="muted responses-flow__views">
            {t("exitFlow.readAnswersHint")}{" "}
            {exitFlow.response.views === 0
              ? t("exitFlow.viewsNone")
              : t("exitFlow.views", {
                  count: exitFlow.response.views,
                  name: exitFlow.response.lastViewedBy ?? t("exitFlow.someone"),
                  date: day(exitFlow.response.lastViewedAt),
                })}
          </p>
        </div>
      ) : null}
      {children}
    </section>
  );
}
