import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DepartmentFilter, FilterPanel, PageNav } from "~/components/list-filters";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { TableScroll } from "~/components/table-scroll";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { listDepartmentOptions } from "~/modules/offboarding/departure-queries.server";
import { REHIRE_FILTERS } from "~/modules/openings/forms";
import { boomerangPoolPage } from "~/modules/openings/pool.server";
import { parsePoolQuery } from "~/modules/openings/pool-query";
import { SEGMENTS } from "~/modules/scoring/formula";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatDate, formatNumber } from "~/utils/format";
import { invariantResponse, lastPageRedirect } from "~/utils/responses";

/**
 * HR's boomerang pool (issue 14, ADR 034): alumni who said they would consider coming back, with the
 * department and last day of their latest departure, rehire eligibility and advocacy segment;
 * filtered by department, segment and eligibility, 50 a page, and as CSV. Showing it is audited.
 */

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, locale, t } = await requireHrAdmin(request, "openings");
  const url = new URL(request.url);
  const db = getDb();
  const departments = await listDepartmentOptions(db);
  const base = { locale, timeZone: getEnv().COMPANY_TIME_ZONE, departments };
  const query = parsePoolQuery(url.searchParams);
  if (!query.ok) {
    const errors = Object.fromEntries(query.fields.map((field) => [field, [t(`pool.errors.${field}`)]]));
    return json({ ...base, errors, submitted: { department: "", segment: "", rehire: "" }, pool: null }, { status: 400 });
  }
  const pool = await boomerangPoolPage(db, query.filters, query.page, { userId: user.id });
  invariantResponse(pool.page <= pool.pageCount, () => lastPageRedirect(url, pool.pageCount));
  return json({
    ...base,
    errors: null,
    submitted: query.submitted,
    pool: { ...pool, rows: pool.rows.map((row) => ({ ...row, since: row.since.toISOString() })) },
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "pool.title", "openings");

export default function BoomerangPoolPage() {
  const { t } = useTranslation("openings");
  const { pool, errors, submitted, departments, locale, timeZone } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const exportQuery = new URLSearchParams(search);
  exportQuery.delete("page");
  const exportHref = `/admin/openings/boomerang/export.csv${exportQuery.size > 0 ? `?${exportQuery}` : ""}`;
  return (
    <div className="stack">
      <p>
        <Link to="/admin/openings">{t("admin.back")}</Link>
      </p>
      <PageHeader title={t("pool.title")} lead={t("pool.lead")} />
      <FilterPanel namespace="openings" errors={errors} clearTo="/admin/openings/boomerang" formClassName="responses-filters" actionsClassName="responses-filters__actions">
        <DepartmentFilter namespace="openings" departments={departments} defaultValue={submitted.department} invalid={Boolean(errors?.department)} />
        <div className="field">
          <label htmlFor="filter-segment">{t("filters.segment")}</label>
          <select id="filter-segment" name="segment" defaultValue={submitted.segment} aria-invalid={errors?.segment ? true : undefined}>
            <option value="">{t("filters.anySegment")}</option>
            {SEGMENTS.map((segment) => (
              <option key={segment} value={segment}>
                {t(`pool.segments.${segment}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-rehire">{t("filters.rehire")}</label>
          <select id="filter-rehire" name="rehire" defaultValue={submitted.rehire} aria-invalid={errors?.rehire ? true : undefined}>
            <option value="">{t("filters.anyRehire")}</option>
            {REHIRE_FILTERS.map((value) => (
              <option key={value} value={value}>
                {t(`pool.rehire.${value}`)}
              </option>
            ))}
          </select>
        </div>
      </FilterPanel>
      {pool ? (
        <section className="card stack" aria-labelledby="pool-list-title">
          <h2 id="pool-list-title">{t("pool.count", { count: pool.total, formatted: formatNumber(pool.total, locale) })}</h2>
          {pool.rows.length === 0 ? (
            <EmptyState headingLevel={3} title={t("pool.empty")} description={t("pool.emptyHint")} />
          ) : (
            <>
              <p>
                <a href={exportHref} download>
                  {t("pool.export.link")}
                </a>
              </p>
              <TableScroll label={t("pool.title")}>
                <table className="table responses-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("pool.columns.name")}</th>
                      <th scope="col">{t("pool.columns.department")}</th>
                      <th scope="col">{t("pool.columns.lastDay")}</th>
                      <th scope="col">{t("pool.columns.rehire")}</th>
                      <th scope="col">{t("pool.columns.segment")}</th>
                      <th scope="col">{t("pool.columns.since")}</th>
                      <th scope="col">{t("pool.columns.note")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {pool.rows.map((row) => (
                      <tr key={row.userId}>
                        <th scope="row" className="responses-table__name">
                          {row.departureId ? <Link to={`/admin/departures/${row.departureId}`}>{row.name}</Link> : row.name}
                          <br />
                          <span className="muted">{row.personalEmail}</span>
                        </th>
                        <td data-label={t("pool.columns.department")}>{row.department ?? "—"}</td>
                        <td data-label={t("pool.columns.lastDay")}>{row.lastDay ? formatDate(row.lastDay, locale) : "—"}</td>
                        <td data-label={t("pool.columns.rehire")}>{t(`pool.rehire.${row.eligibleForRehire === null ? "unknown" : row.eligibleForRehire ? "yes" : "no"}`)}</td>
                        <td data-label={t("pool.columns.segment")}>{t(`pool.segments.${row.segment}`)}</td>
                        <td data-label={t("pool.columns.since")}>{formatDate(row.since, locale, { timeZone })}</td>
                        <td data-label={t("pool.columns.note")}>{row.note ?? ""}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
              <PageNav
                path="/admin/openings/boomerang"
                page={pool.page}
                pageCount={pool.pageCount}
                className="responses-pagination"
                labels={{ nav: t("pool.pageNav"), previous: t("pool.previous"), next: t("pool.next"), status: t("pool.pageStatus", { page: pool.page, pageCount: pool.pageCount }) }}
              />
            </>
          )}
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
