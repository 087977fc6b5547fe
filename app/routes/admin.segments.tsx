import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Alert } from "~/components/alert";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageNav } from "~/components/list-filters";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { TableScroll } from "~/components/table-scroll";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { SEGMENTS } from "~/modules/scoring/formula";
import { reasonText } from "~/modules/scoring/reason";
import { segmentCounts, segmentPage } from "~/modules/scoring/segments.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatDateTime, formatNumber } from "~/utils/format";
import { invariantResponse, lastPageRedirect } from "~/utils/responses";

/**
 * HR's segments (issue 13, ADR 029): how many leavers and alumni are promoters, passives,
 * detractors or unknown, one segment's people a page at a time (name, score, reason, when it was
 * computed), and the segment as CSV. Showing names is audited (segments.server.ts).
 */

const querySchema = z.object({
  segment: z.enum(SEGMENTS).default("promoter"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, locale, t } = await requireHrAdmin(request, "scoring");
  const url = new URL(request.url);
  const db = getDb();
  const parsed = querySchema.safeParse({ segment: url.searchParams.get("segment") ?? undefined, page: url.searchParams.get("page") ?? undefined });
  const base = { locale, timeZone: getEnv().COMPANY_TIME_ZONE };
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? "segment");
    const error = field === "page" ? t("segmentsPage.badPage") : t("segmentsPage.badSegment");
    return json({ ...base, error, counts: await segmentCounts(db), list: null }, { status: 400 });
  }
  const list = await segmentPage(db, parsed.data.segment, parsed.data.page, { userId: user.id });
  invariantResponse(list.page <= list.pageCount, () => lastPageRedirect(url, list.pageCount));
  return json({
    ...base,
    error: null,
    counts: list.counts,
    list: {
      ...list,
      rows: list.rows.map((row) => ({
        userId: row.userId,
        name: row.name,
        score: row.score,
        departureId: row.departureId,
        reason: reasonText(t, { code: row.reasonCode, values: row.reasonValues }),
        computedAt: row.computedAt.toISOString(),
      })),
    },
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "segmentsPage.metaTitle", "scoring");

export default function SegmentsPage() {
  const { counts, list, error, locale, timeZone } = useLoaderData<typeof loader>();
  const { t } = useTranslation("scoring");
  const current = list?.segment ?? null;
  return (
    <div className="stack">
      <PageHeader title={t("segmentsPage.title")} lead={t("segmentsPage.lead")} actions={<Link to="/admin/settings/scoring">{t("segmentsPage.settingsLink")}</Link>} />
      {error ? <Alert tone="error">{error}</Alert> : null}
      <nav className="tabs" aria-label={t("segmentsPage.countsLabel")}>
        <ul>
          {SEGMENTS.map((segment) => (
            <li key={segment}>
              <Link
                to={`/admin/segments?segment=${segment}`}
                className={segment === current ? "tabs__link tabs__link--active" : "tabs__link"}
                aria-current={segment === current ? "page" : undefined}
              >
                {t(`segments.${segment}`)} <span className="muted">({formatNumber(counts[segment], locale)})</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {list ? (
        <section className="card" aria-labelledby="segment-title">
          <h2 id="segment-title">{t("segmentsPage.listTitle", { segment: t(`segments.${list.segment}`) })}</h2>
          {list.rows.length === 0 ? (
            <EmptyState headingLevel={3} title={t("segmentsPage.empty")} description={t("segmentsPage.emptyHint")} />
          ) : (
            <>
              <p>
                <a href={`/admin/segments/export.csv?segment=${list.segment}`} download>
                  {t("segmentsPage.export", { segment: t(`segments.${list.segment}`).toLowerCase() })}
                </a>
              </p>
              <TableScroll label={t("segmentsPage.tableLabel")}>
                <table className="table responses-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("segmentsPage.columns.name")}</th>
                      <th scope="col" className="responses-table__number">
                        {t("segmentsPage.columns.score")}
                      </th>
                      <th scope="col">{t("segmentsPage.columns.reason")}</th>
                      <th scope="col">{t("segmentsPage.columns.computedAt")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.rows.map((row) => (
                      <tr key={row.userId}>
                        <th scope="row" className="responses-table__name">
                          {row.departureId ? <Link to={`/admin/departures/${row.departureId}`}>{row.name}</Link> : row.name}
                        </th>
                        <td className="responses-table__number" data-label={t("segmentsPage.columns.score")}>
                          {formatNumber(row.score, locale)}
                        </td>
                        <td data-label={t("segmentsPage.columns.reason")}>{row.reason}</td>
                        <td data-label={t("segmentsPage.columns.computedAt")}>
                          <time dateTime={row.computedAt}>{formatDateTime(row.computedAt, locale, { timeZone })}</time>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
              <PageNav
                path="/admin/segments"
                page={list.page}
                pageCount={list.pageCount}
                className="responses-pagination"
                labels={{
                  nav: t("segmentsPage.pageNav"),
                  previous: t("segmentsPage.previous"),
                  next: t("segmentsPage.next"),
                  status: t("segmentsPage.pageStatus", { page: list.page, pageCount: list.pageCount }),
                }}
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
