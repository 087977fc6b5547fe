import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ButtonLink } from "~/components/button";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { TableScroll } from "~/components/table-scroll";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { localized } from "~/modules/i18n/localized-text";
import { listOpenings } from "~/modules/openings/openings.server";
import { referralCountsByOpening } from "~/modules/openings/referrals.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatDate, formatNumber } from "~/utils/format";

/**
 * HR's openings (issue 14): every opening, open ones first, with how many alumni took a referral
 * link for it and how many clicks those links had; the way to post one, and to the boomerang pool.
 */

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await requireHrAdmin(request, "openings");
  const db = getDb();
  const openings = await listOpenings(db);
  const counts = await referralCountsByOpening(
    db,
    openings.map((opening) => opening.id),
  );
  return json({
    locale,
    timeZone: getEnv().COMPANY_TIME_ZONE,
    openings: openings.map((opening) => ({
      id: opening.id,
      title: opening.title,
      department: opening.department,
      location: opening.location,
      status: opening.status,
      createdAt: opening.createdAt.toISOString(),
      referrers: counts.get(opening.id)?.referrers ?? 0,
      clicks: counts.get(opening.id)?.clicks ?? 0,
    })),
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.listTitle", "openings");

export default function OpeningsPage() {
  const { t } = useTranslation("openings");
  const { openings, locale, timeZone } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <PageHeader
        title={t("admin.listTitle")}
        lead={t("admin.listLead")}
        actions={
          <>
            <ButtonLink to="/admin/openings/boomerang" variant="ghost">
              {t("admin.poolLink")}
            </ButtonLink>
            <ButtonLink to="/admin/openings/new">{t("admin.newTitle")}</ButtonLink>
          </>
        }
      />
      {openings.length === 0 ? (
        <EmptyState title={t("admin.empty")} description={t("admin.emptyHint")} />
      ) : (
        <section className="card">
          <TableScroll label={t("admin.listTitle")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("admin.columns.title")}</th>
                  <th scope="col">{t("admin.columns.department")}</th>
                  <th scope="col">{t("admin.columns.location")}</th>
                  <th scope="col">{t("admin.columns.status")}</th>
                  <th scope="col">{t("admin.columns.posted")}</th>
                  <th scope="col">{t("admin.columns.referrers")}</th>
                  <th scope="col">{t("admin.columns.clicks")}</th>
                </tr>
              </thead>
              <tbody>
                {openings.map((opening) => (
                  <tr key={opening.id}>
                    <th scope="row">
                      <Link to={`/admin/openings/${opening.id}`}>{localized(opening.title, locale)}</Link>
                    </th>
                    <td data-label={t("admin.columns.department")}>{opening.department ?? "—"}</td>
                    <td data-label={t("admin.columns.location")}>{opening.location}</td>
                    <td data-label={t("admin.columns.status")}>
                      <StatusBadge tone={opening.status === "open" ? "success" : "neutral"}>{t(`status.${opening.status}`)}</StatusBadge>
                    </td>
                    <td data-label={t("admin.columns.posted")}>{formatDate(opening.createdAt, locale, { timeZone })}</td>
                    <td data-label={t("admin.columns.referrers")}>{formatNumber(opening.referrers, locale)}</td>
                    <td data-label={t("admin.columns.clicks")}>{formatNumber(opening.clicks, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
