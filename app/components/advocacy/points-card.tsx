import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { AlumniPointsView } from "~/modules/advocacy/rules";
import { formatNumber } from "~/utils/format";

/**
 * An alumnus's points on the alumni home (issue 11): today and the last 30 days, their shares and
 * the visits these brought, and the leaderboard when HR has it on (their own row highlighted; a
 * way to appear on it when they are hidden). Takes `alumniPointsView`'s result as the loader
 * serialised it.
 *
 *   <PointsCard view={data.points} />
 */

export interface PointsCardProps {
  view: AlumniPointsView;
}

export function PointsCard({ view }: PointsCardProps) {
  const { t, i18n } = useTranslation("alumni");
  const number = (value: number) => formatNumber(value, i18n.language, { maximumFractionDigits: 0 });
  const stats = [
    { key: "today", value: view.points.today },
    { key: "last30Days", value: view.points.last30Days },
    { key: "shares", value: view.shares },
    { key: "clicks", value: view.clicks },
  ] as const;
  return (
    <section className="card points-card" aria-labelledby="points-card-title">
      <h2 id="points-card-title">{t("points.title")}</h2>
      <p className="muted">{t("points.lead", { cap: number(view.dailyCap) })}</p>
      <dl className="stat-list">
        {stats.map((stat) => (
          <div key={stat.key} className="stat-list__row">
            <dt>{t(`points.${stat.key}`)}</dt>
            <dd>{number(stat.value)}</dd>
          </div>
        ))}
      </dl>
      {view.leaderboard ? (
        <>
          <h3 id="points-card-leaderboard">{t("points.leaderboardTitle")}</h3>
          {view.leaderboard.rows.length === 0 ? (
            <p className="muted">{t("points.leaderboardEmpty")}</p>
          ) : (
            <ol className="points-card__leaderboard" aria-labelledby="points-card-leaderboard">
              {view.leaderboard.rows.map((row) => (
                <li key={`${row.rank}-${row.name}-${row.isYou}`} className={row.isYou ? "points-card__row points-card__row--you" : "points-card__row"} aria-current={row.isYou ? "true" : undefined}>
                  <span className="points-card__rank">{t("points.rank", { rank: row.rank })}</span>{" "}
                  <span className="points-card__name">
                    {row.name}
                    {row.isYou ? ` ${t("points.you")}` : null}
                  </span>{" "}
                  <span className="points-card__points">{t("points.pointsCount", { count: row.points, formatted: number(row.points) })}</span>
                </li>
              ))}
            </ol>
          )}
          {view.leaderboard.optedIn ? null : (
            <p>
              {t("points.hiddenNote")} <Link to="/alumni/preferences#leaderboard">{t("points.showMe")}</Link>
            </p>
          )}
        </>
      ) : null}
    </section>
  );
}
