import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { EmptyState } from "~/components/empty-state";
import { Field } from "~/components/field";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { TableScroll } from "~/components/table-scroll";
import { shareAnalytics } from "~/modules/advocacy/analytics.server";
import { analyticsQuerySchema } from "~/modules/advocacy/forms";
import { ANALYTICS_PERIODS, DEFAULT_ANALYTICS_PERIOD } from "~/modules/advocacy/rules";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { getDb } from "~/utils/db.server";
import { formatMoney, formatNumber } from "~/utils/format";
import { parseQuery } from "~/utils/query-params";

/**
 * HR's share analytics (issue 11, ADR 021): per item, per source, the advocates on the leaderboard
 * and the earned media value, over the last 7, 30 or 90 days. Everything is aggregated in SQL by
 * advocacy/analytics.server.ts in a fixed number of queries.
 */

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await requireHrAdmin(request, "feeds");
  const url = new URL(request.url);
  const query = parseQuery(analyticsQuerySchema(t), { days: url.searchParams.get("days") || undefined });
  const period = query.success ? query.data.days : DEFAULT_ANALYTICS_PERIOD;
  const analytics = await shareAnalytics(getDb(), { period });
  return json({ periodError: query.success ? null : (Object.values(query.errors)[0]?.[0] ?? null), analytics }, { status: query.success ? 200 : 400 });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "analytics.metaTitle", "feeds");

export default function ShareAnalyticsPage() {
  const { t, i18n } = useTranslation("feeds");
  const { analytics, periodError } = useLoaderData<typeof loader>();
  const { totals, settings, period } = analytics;
  const locale = i18n.language;
  const number = (value: number) => formatNumber(value, locale, { maximumFractionDigits: 0 });
  const ratio = (value: number | null) => (value === null ? t("analytics.none") : formatNumber(value, locale, { maximumFractionDigits: 2 }));
  const money = (minor: number) => formatMoney(minor, analytics.emv.currency, locale);

  return (
    <div className="stack">
      <PageHeader
        title={t("analytics.title")}
        lead={t("analytics.lead", { days: period })}
        actions={<Link to="/admin/feed">{t("analytics.back")}</Link>}
      />
      {periodError ? (
        <Alert tone="error">
          <p>{periodError}</p>
        </Alert>
      ) : null}

      <Form method="get" className="analytics-period">
        <Field label={t("analytics.period")} errors={periodError ? [periodError] : undefined} selectProps={{ id: "analytics-days", name: "days", defaultValue: String(period) }}>
          {ANALYTICS_PERIODS.map((days) => (
            <option key={days} value={days}>
              {t("analytics.periodOption", { days })}
            </option>
          ))}
        </Field>
        <Button variant="ghost">{t("analytics.show")}</Button>
      </Form>

      <section className="card" aria-labelledby="analytics-summary-title">
        <h2 id="analytics-summary-title">{t("analytics.summaryTitle")}</h2>
        <dl className="stat-list">
          {(
            [
              ["shares", number(totals.shares)],
              ["clicks", number(totals.clicks)],
              ["clicksPerShare", ratio(totals.clicksPerShare)],
              ["items", number(totals.items)],
            ] as const
          ).map(([key, value]) => (
            <div key={key} className="stat-list__row">
              <dt>{t(`analytics.summary.${key}`)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <p className="muted">{t("analytics.counting")}</p>
      </section>

      <section className="card" aria-labelledby="analytics-emv-title">
        <h2 id="analytics-emv-title">{t("analytics.emvTitle")}</h2>
        <p className="analytics-emv">
          <strong>{money(analytics.emv.minor)}</strong>
        </p>
        <p>
          {t("analytics.emvFormula", {
            impressions: number(settings.emv.impressionsPerShare),
            cpm: money(settings.emv.cpmMinor),
            cpc: money(settings.emv.cpcMinor),
          })}
        </p>
        <p className="muted">{t("analytics.emvAssumption")}</p>
        <p>
          <Link to="/admin/settings/advocacy">{t("analytics.emvRatesLink")}</Link>
        </p>
      </section>

      <section className="card" aria-labelledby="analytics-items-title">
        <h2 id="analytics-items-title">{t("analytics.itemsTitle")}</h2>
        {analytics.items.length === 0 ? (
          <EmptyState headingLevel={3} title={t("analytics.itemsEmpty")} />
        ) : (
          <>
            {totals.items > analytics.items.length ? <p className="muted">{t("analytics.itemsCapped", { shown: analytics.items.length, total: totals.items })}</p> : null}
            <TableScroll label={t("analytics.itemsTitle")}>
              <table className="table analytics-table">
                <thead>
                  <tr>
                    <th scope="col">{t("analytics.columns.title")}</th>
                    <th scope="col">{t("analytics.columns.kind")}</th>
                    <th scope="col">{t("analytics.columns.source")}</th>
                    {(["linkedin", "x", "facebook", "shares", "clicks", "clicksPerShare"] as const).map((column) => (
                      <th key={column} scope="col" className="analytics-table__number">
                        {t(`analytics.columns.${column}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {analytics.items.map((item) => (
                    <tr key={item.id}>
                      <th scope="row">
                        <Link to={`/admin/feed/${item.id}`}>{item.title}</Link>
                      </th>
                      <td data-label={t("analytics.columns.kind")}>{t(`analytics.kind.${item.kind}`)}</td>
                      <td data-label={t("analytics.columns.source")}>{item.sourceName ?? t("analytics.companyPosts")}</td>
                      {(["linkedin", "x", "facebook", "shares", "clicks"] as const).map((column) => (
                        <td key={column} className="analytics-table__number" data-label={t(`analytics.columns.${column}`)}>
                          {number(item[column])}
                        </td>
                      ))}
                      <td className="analytics-table__number" data-label={t("analytics.columns.clicksPerShare")}>
                        {ratio(item.clicksPerShare)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="analytics-sources-title">
        <h2 id="analytics-sources-title">{t("analytics.sourcesTitle")}</h2>
        {analytics.sources.length === 0 ? (
          <EmptyState headingLevel={3} title={t("analytics.sourcesEmpty")} />
        ) : (
          <TableScroll label={t("analytics.sourcesTitle")}>
            <table className="table analytics-table">
              <thead>
                <tr>
                  <th scope="col">{t("analytics.columns.source")}</th>
                  <th scope="col" className="analytics-table__number">
                    {t("analytics.columns.shares")}
                  </th>
                  <th scope="col" className="analytics-table__number">
                    {t("analytics.columns.clicks")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {analytics.sources.map((source) => (
                  <tr key={source.sourceId ?? "company"}>
                    <th scope="row">{source.name ?? t("analytics.companyPosts")}</th>
                    <td className="analytics-table__number" data-label={t("analytics.columns.shares")}>
                      {number(source.shares)}
                    </td>
                    <td className="analytics-table__number" data-label={t("analytics.columns.clicks")}>
                      {number(source.clicks)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      <section className="card" aria-labelledby="analytics-advocates-title">
        <h2 id="analytics-advocates-title">{t("analytics.advocatesTitle")}</h2>
        {analytics.advocates === null ? (
          <p className="muted">{t("analytics.advocatesOff")}</p>
        ) : analytics.advocates.length === 0 ? (
          <EmptyState headingLevel={3} title={t("analytics.advocatesEmpty")} />
        ) : (
          <>
            <p className="muted">{t("analytics.advocatesLead")}</p>
            <TableScroll label={t("analytics.advocatesTitle")}>
              <table className="table analytics-table">
                <thead>
                  <tr>
                    <th scope="col">{t("analytics.columns.name")}</th>
                    {(["points", "shares", "clicks"] as const).map((column) => (
                      <th key={column} scope="col" className="analytics-table__number">
                        {t(`analytics.columns.${column}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {analytics.advocates.map((advocate) => (
                    <tr key={advocate.userId}>
                      <th scope="row">{advocate.name}</th>
                      {(["points", "shares", "clicks"] as const).map((column) => (
                        <td key={column} className="analytics-table__number" data-label={t(`analytics.columns.${column}`)}>
                          {number(advocate[column])}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
