/**
 * The analytics page's charts, from `readEnpsDashboard`'s data as the loader serialised it: each
 * section maps the read model's figures to a chart's rows (withheld groups stay withheld, missing
 * ones stay missing) and links its CSV download with the page's filters.
 *
 *   <EnpsDashboardSections dashboard={data.dashboard} sort="enps" minGroupSize={5} search={data.search} />
 */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { BarChart, type BarRow } from "~/components/charts/bar-chart";
import { ChartLegend } from "~/components/charts/chart-figure";
import { formatMonthShort } from "~/components/charts/chart-format";
import { ColumnChart } from "~/components/charts/column-chart";
import { DivergingBarChart } from "~/components/charts/diverging-bar-chart";
import { SortLinks } from "~/components/charts/sort-links";
import { SplitBar, type SplitRow } from "~/components/charts/split-bar";
import { TrendChart, type TrendPoint } from "~/components/charts/trend-chart";
import { DASHBOARD_AGGREGATES, exportHref, type DashboardAggregate } from "~/modules/responses/enps-dashboard-export";
import { DEPARTMENT_SORTS, sortGroups, type DepartmentSort } from "~/modules/responses/enps-dashboard-query";
import type { DashboardData, DashboardFigure, DashboardCount } from "~/modules/responses/enps-dashboard-export";

export interface EnpsDashboardSectionsProps {
  dashboard: DashboardData;
  sort: DepartmentSort;
  minGroupSize: number;
  /** The page's query string ("?from=…"), carried to the download links. */
  search: string;
}

const SERIES = ["exit", "pulse"] as const;
/** The drawing width of a chart in a half-width card (the full width is 640). */
const HALF = 480;
const toneOfScore = (score: number) => (score >= 9 ? "promoters" : score >= 7 ? "passives" : "detractors");

function figurePoint(month: string, figure: DashboardFigure | null): TrendPoint {
  if (!figure) return { month, enps: null, margin: null, n: null, suppressed: false };
  if (figure.suppressed) return { month, enps: null, margin: null, n: null, suppressed: true };
  return { month, enps: figure.enps, margin: figure.marginOfError, n: figure.respondents, suppressed: false };
}

function countRow(key: string, label: string, count: DashboardCount | null, tone?: string): BarRow {
  if (count === null) return { key, label, value: null, suppressed: false, tone };
  if (typeof count === "object") return { key, label, value: null, suppressed: true, tone };
  return { key, label, value: count, suppressed: false, tone };
}

export function EnpsDashboardSections({ dashboard, sort, minGroupSize, search }: EnpsDashboardSectionsProps) {
  const { t, i18n } = useTranslation("analytics");
  const locale = i18n.language;
  const k = dashboard.k ?? minGroupSize;
  const seriesLabel = (key: (typeof SERIES)[number]) => t(`series.${key}`);

  const departments = sortGroups(
    dashboard.departments.map((row) => {
      const point = figurePoint("", row.figure);
      return { key: row.departmentId, name: row.name, enps: point.enps, n: point.n, margin: point.margin, suppressed: point.suppressed };
    }),
    sort,
    locale,
  );

  return (
    <>
      <Section id="trend" title={t("sections.trend")} aggregate="trend" search={search}>
        <TrendChart
          id="chart-trend"
          hideCaption
          title={t("sections.trend")}
          months={dashboard.months}
          minGroupSize={k}
          series={SERIES.map((key) => ({
            key,
            label: seriesLabel(key),
            tone: key,
            points: dashboard.trend.map((row) => figurePoint(row.month, row[key])),
          }))}
        />
      </Section>

      <Section id="departments" title={t("sections.departments")} aggregate="departments" search={search}>
        <SortLinks
          param="sort"
          label={t("sort.label")}
          current={sort}
          anchor="departments"
          options={DEPARTMENT_SORTS.map((value) => ({ value, label: t(`sort.${value}`) }))}
        />
        <DivergingBarChart
          id="chart-departments"
          hideCaption
          title={t("sections.departments")}
          domain={[-100, 100]}
          minGroupSize={k}
          rows={departments.map((row) => ({ key: row.key, label: row.name, value: row.enps, margin: row.margin, n: row.n, suppressed: row.suppressed }))}
          columns={{ name: t("columns.department"), value: t("columns.enps"), margin: t("columns.margin"), n: t("columns.n") }}
        />
      </Section>

      <div className="analytics-grid">
        <Section id="distribution" title={t("sections.distribution")} aggregate="distribution" search={search}>
          {SERIES.map((key) => {
            const histogram = dashboard.distribution[key];
            const suppressed = histogram !== null && !Array.isArray(histogram);
            return (
              <ColumnChart
                key={key}
                id={`chart-distribution-${key}`}
                width={HALF}
                title={seriesLabel(key)}
                minGroupSize={k}
                columns={{ name: t("columns.score"), value: t("columns.responses") }}
                note={t("charts.distribution.note")}
                legend={<ChartLegend items={(["detractors", "passives", "promoters"] as const).map((tone) => ({ key: tone, label: t(`charts.classes.${tone}`), tone }))} />}
                columnsData={Array.from({ length: 11 }, (_, score) => ({
                  key: String(score),
                  label: String(score),
                  value: Array.isArray(histogram) ? (histogram[score] ?? 0) : null,
                  suppressed,
                  tone: toneOfScore(score),
                }))}
              />
            );
          })}
        </Section>

        <Section id="split" title={t("sections.split")} aggregate="split" search={search}>
          <SplitBar
            id="chart-split"
            hideCaption
            width={HALF}
            title={t("sections.split")}
            minGroupSize={k}
            rows={SERIES.map((key): SplitRow => {
              const figure = dashboard.split[key];
              if (!figure) return { key, label: seriesLabel(key), counts: null, suppressed: false };
              if (figure.suppressed) return { key, label: seriesLabel(key), counts: null, suppressed: true };
              return { key, label: seriesLabel(key), counts: figure.counts, suppressed: false };
            })}
          />
        </Section>
      </div>

      <div className="analytics-grid">
        <Section id="reasons" title={t("sections.reasons")} aggregate="reasons" search={search}>
          <BarChart
            id="chart-reasons"
            hideCaption
            width={HALF}
            title={t("sections.reasons")}
            minGroupSize={k}
            showShare
            columns={{ name: t("columns.reason"), value: t("columns.responses") }}
            rows={dashboard.reasons.map((row) => countRow(row.code, row.label, row.count))}
          />
        </Section>

        <Section id="regrettable" title={t("sections.regrettable")} aggregate="regrettable" search={search}>
          <BarChart
            id="chart-regrettable"
            hideCaption
            width={HALF}
            title={t("sections.regrettable")}
            minGroupSize={k}
            showShare
            columns={{ name: t("columns.regrettable"), value: t("columns.exits") }}
            rows={(["regrettable", "notRegrettable", "unknown"] as const).map((key) =>
              countRow(key, t(`regrettable.${key}`), dashboard.regrettable[key], key === "regrettable" ? "negative" : key === "unknown" ? "muted" : "primary"),
            )}
          />
        </Section>
      </div>

      <div className="analytics-grid">
        <Section id="themes" title={t("sections.themes")} aggregate="themes" search={search}>
          <DivergingBarChart
            id="chart-themes"
            hideCaption
            width={HALF}
            title={t("sections.themes")}
            domain={[-1, 1]}
            fractionDigits={2}
            minGroupSize={k}
            rows={dashboard.themes.map((row) => {
              const suppressed = typeof row.comments === "object";
              return {
                key: row.theme,
                label: t(`themes.${row.theme}`, { defaultValue: row.theme }),
                value: suppressed ? null : row.averageSentiment,
                n: suppressed ? null : (row.comments as number),
                suppressed,
              };
            })}
            columns={{ name: t("columns.theme"), value: t("columns.sentiment"), n: t("columns.mentions") }}
          />
        </Section>

        <Section id="volume" title={t("sections.volume")} aggregate="volume" search={search}>
          <ColumnChart
            id="chart-volume"
            hideCaption
            width={HALF}
            title={t("sections.volume")}
            minGroupSize={k}
            columns={{ name: t("charts.columns.month"), value: t("columns.exits") }}
            columnsData={dashboard.volume.map((row) => ({
              key: row.month,
              label: formatMonthShort(row.month, locale),
              value: row.exits,
              suppressed: false,
            }))}
          />
        </Section>
      </div>

      <section className="card analytics-exports-section" aria-labelledby="analytics-exports-title">
        <h2 id="analytics-exports-title">{t("page.exportsTitle")}</h2>
        <p className="muted">{t("page.exportsLead", { k })}</p>
        <ul className="analytics-exports">
          {DASHBOARD_AGGREGATES.map((aggregate) => (
            <li key={aggregate}>
              <Link to={exportHref(aggregate, search)} reloadDocument download>
                {t(`sections.${aggregate}`)} (CSV)
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function Section({ id, title, aggregate, search, children }: { id: string; title: string; aggregate: DashboardAggregate; search: string; children: ReactNode }) {
  const { t } = useTranslation("analytics");
  return (
    <section className="card analytics-section" id={id} aria-labelledby={`${id}-title`}>
      <div className="analytics-section__header">
        <h2 id={`${id}-title`}>{title}</h2>
        <Link to={exportHref(aggregate, search)} reloadDocument download className="analytics-export" aria-label={t("page.exportLabel", { chart: title })}>
          {t("page.export")}
        </Link>
      </div>
      {children}
    </section>
  );
}
