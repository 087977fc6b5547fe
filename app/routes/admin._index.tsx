import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "~/components/empty-state";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { getAdminOverview, type AdminOverview } from "~/modules/admin/overview.server";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { HOME_UPCOMING_DAYS } from "~/modules/offboarding/departure-queries.server";
import { getDb } from "~/utils/db.server";
import { formatNumber } from "~/utils/format";

/** HR's home: what the portal holds today, and where the later parts will report. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireHrAdmin(request);
  const overview = await getAdminOverview(getDb());
  return json({ name: user.name, overview, upcomingDays: HOME_UPCOMING_DAYS });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "adminHome.title");

export default function AdminHome() {
  const { name, overview } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("common");
  const number = (value: number) => formatNumber(value, i18n.language);
  return (
    <>
      <PageHeader title={t("adminHome.title")} lead={t("adminHome.lead", { name })} />
      <div className="grid">
        <section className="card" aria-labelledby="people-title">
          <h2 id="people-title">{t("adminHome.people.title")}</h2>
          <p className="stat-figure">
            {t("adminHome.people.total", { count: overview.totalPeople, formatted: number(overview.totalPeople) })}
          </p>
          <h3 className="card__subtitle">{t("adminHome.people.byRole")}</h3>
          <dl className="stat-list">
            {/* In ROLES order: the loader builds the object that way and JSON keeps it. */}
            {Object.entries(overview.peopleByRole).map(([role, count]) => (
              <div key={role} className="stat-list__row">
                <dt>{t(`roles.${role}`)}</dt>
                <dd>{number(count)}</dd>
              </div>
            ))}
          </dl>
          <p className="card__footer">
            <Link to="/admin/people">{t("adminHome.people.manage")}</Link>
          </p>
        </section>

        <section className="card" aria-labelledby="email-title">
          <h2 id="email-title">{t("adminHome.email.title")}</h2>
          <h3 className="card__subtitle">{t("adminHome.email.window", { count: overview.emailWindowDays })}</h3>
          <dl className="stat-list">
            <div className="stat-list__row">
              <dt>{t("adminHome.email.sent")}</dt>
              <dd>{number(overview.emailsInWindow)}</dd>
            </div>
            <div className="stat-list__row">
              <dt>{t("adminHome.email.failed")}</dt>
              <dd>
                {overview.failedEmailsInWindow > 0 ? (
                  <StatusBadge tone="danger">{number(overview.failedEmailsInWindow)}</StatusBadge>
                ) : (
                  <StatusBadge tone="success">{t("adminHome.email.noneFailed")}</StatusBadge>
                )}
              </dd>
            </div>
          </dl>
          <p className="card__footer">
            <Link to="/admin/outbox">{t("adminHome.email.open")}</Link>
          </p>
        </section>
      </div>

      <div className="grid">
        {overview.departures.total > 0 ? <DeparturesCard figures={overview.departures} /> : null}
        {(overview.departures.total > 0 ? (["surveys", "newsletter"] as const) : (["departures", "surveys", "newsletter"] as const)).map((area) => (
          <section key={area} className="card" aria-labelledby={`${area}-title`}>
            <h2 id={`${area}-title`}>{t(`adminHome.${area}.title`)}</h2>
            <EmptyState
              headingLevel={3}
              title={t(`adminHome.${area}.emptyTitle`)}
              description={t(`adminHome.${area}.emptyBody`)}
            />
          </section>
        ))}
      </div>
    </>
  );
}

/** Departures at a glance once there are some; each figure links to the matching filtered list. */
function DeparturesCard({ figures }: { figures: AdminOverview["departures"] }) {
  const { upcomingDays } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("departures");
  const { t: tc } = useTranslation("common");
  const number = (value: number) => formatNumber(value, i18n.language);
  const active = "status=planned&status=in_progress";
  return (
    <section className="card" aria-labelledby="departures-title">
      <h2 id="departures-title">{tc("adminHome.departures.title")}</h2>
      <dl className="stat-list">
        <div className="stat-list__row">
          <dt>
            <Link to="/admin/departures?status=in_progress">{t("home.inProgress")}</Link>
          </dt>
          <dd>{number(figures.inProgress)}</dd>
        </div>
        <div className="stat-list__row">
          <dt>
            <Link to={`/admin/departures?${active}&upcoming=${upcomingDays}&sort=last_day_asc`}>
              {t("home.lastDaysSoon", { count: upcomingDays })}
            </Link>
          </dt>
          <dd>{number(figures.lastDaysSoon)}</dd>
        </div>
        <div className="stat-list__row">
          <dt>
            <Link to="/admin/departures?overdue=1">{t("home.overdueTasks")}</Link>
          </dt>
          <dd>
            {figures.overdueTasks > 0 ? (
              <StatusBadge tone="danger">{number(figures.overdueTasks)}</StatusBadge>
            ) : (
              <StatusBadge tone="success">{t("home.noneOverdue")}</StatusBadge>
            )}
          </dd>
        </div>
      </dl>
      <p className="card__footer">
        <Link to="/admin/departures">{t("home.openList")}</Link>
      </p>
    </section>
  );
}
