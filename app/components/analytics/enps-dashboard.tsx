/**
 * The analytics page's charts, from `readEnpsDashboard`'s data as the loader serialised it: each
 * section maps the read model's figures to a chart's rows (withheld groups stay withheld, missing
 * ones stay missing) and links its CSV download with the page's filters.
 *
 *   <EnpsDashboardSections dashboard={data.dashboard} sort="enps" search={data.search} />
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
import { localized } from "~/modules/i18n/localized-text";
import type { EnpsDashboard, EnpsFigure } from "~/modules/responses/enps-dashboard";
import { DASHBOARD_AGGREGATES, exportHref, volumeByMonth, type DashboardAggregate } from "~/modules/responses/enps-dashboard-export";
import { DEPARTMENT_SORTS, sortGroups, type DepartmentSort } from "~/modules/responses/enps-dashboard-query";

export interface EnpsDashboardSectionsProps {
  dashboard: EnpsDashboard;
  sort: DepartmentSort;
  /** The page's query string ("?from=…"), carried to the download links. */
  search: string;
}

const SERIES = ["exit", "pulse"] as const;
/** The drawing width of a chart in a half-width card (the full width is 640). */
const HALF = 480;
const toneOfScore = (score: number) => (score >= 9 ? "promoters" : score >= 7 ? "passives" : "detractors");

/** A figure as a chart point: withheld stays withheld; no respondents is no figure (a gap), never 0. */
export function figurePoint(month: string, figure: EnpsFigure): TrendPoint {
  if (figure.suppressed) return { month, enps: null, margin: null, n: null, suppressed: true };
  if (figure.respondents === 0 || figure.enps === null) return { month, enps: null, margin: null, n: null, suppressed: false };
  return { month, enps: figure.enps, margin: figure.marginOfError, n: figure.respondents, suppressed: false };
}

/** A department bar's name as the page and its CSV write it. */
export function departmentBarName(bar: EnpsDashboard["byDepartment"][number], t: (key: string, values?: Record<string, unknown>) => string): string {
  if (bar.scope === "unassigned" || bar.name === null) return t("departments.unassigned");
  return bar.scope === "own" ? t("departments.own", { name: bar.name }) : bar.name;
}

/** Departure records are HR's own (not answers in confidence): their counts are never withheld. */
function countRow(key: string, label: string, count: number, tone?: string): BarRow {
  return { key, label, value: count, suppressed: false, tone };
}

export function EnpsDashboardSections({ dashboard, sort, search }: EnpsDashboardSectionsProps) {
  const { t, i18n } = useTranslation("analytics");
  const locale = i18n.language;
  const k = dashboard.k;
  const seriesLabel = (key: (typeof SERIES)[number]) => t(`series.${key}`);
  const months = dashboard.overTime.map((row) => row.month);

  // The department chart draws the exit survey's eNPS of each bar (pulse answers come from alumni,
  // whose department is the one they left: the trend and the split show them beside exit).
  const departments = sortGroups(
    dashboard.byDepartment.map((bar) => {
      const point = figurePoint("", bar.exit);
      return { key: bar.departmentId ?? `unassigned-${bar.scope}`, name: departmentBarName(bar, t), enps: point.enps, n: point.n, margin: point.margin, suppressed: point.suppressed };
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
          months={months}
          minGroupSize={k}
          series={SERIES.map((key) => ({
            key,
            label: seriesLabel(key),
            tone: key,
            points: dashboard.overTime.map((row) => figurePoint(row.month, row[key])),
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
        {dashboard.anonymous.blocksLeftOut > 0 ? <p className="muted">{t("departments.blocksLeftOut", { count: dashboard.anonymous.blocksLeftOut })}</p> : null}
      </Section>

      <div className="analytics-grid">
        <Section id="distribution" title={t("sections.distribution")} aggregate="distribution" search={search}>
          {SERIES.map((key) => {
            const figure = dashboard.totals[key];
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
                  // Nobody answered: no bars of zero, the chart says there are no responses.
                  value: figure.suppressed || figure.respondents === 0 ? null : (figure.histogram[score] ?? 0),
                  suppressed: figure.suppressed,
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
              const figure = dashboard.totals[key];
              if (figure.suppressed) return { key, label: seriesLabel(key), counts: null, suppressed: true };
              return { key, label: seriesLabel(key), counts: figure.respondents > 0 ? figure.counts : null, suppressed: false };
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
            rows={dashboard.departures.reasons.map((row) => countRow(row.reasonId ?? "none", row.label ? localized(row.label, locale) : t("departments.noReason"), row.count))}
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
              countRow(key, t(`regrettable.${key}`), dashboard.departures.regrettable[key], key === "regrettable" ? "negative" : key === "unknown" ? "muted" : "primary"),
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
            rows={dashboard.themes.map(({ theme, figure }) => ({
              key: theme,
              label: t(`themes.${theme}`, { defaultValue: theme }),
              value: figure.suppressed ? null : figure.averageSentiment,
              n: figure.suppressed ? null : figure.comments,
              suppressed: figure.suppressed,
            }))}
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
            columnsData={volumeByMonth(dashboard).map((row) => ({
              key: row.month,
              label: formatMonthShort(row.month, locale),
              value: row.count,
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
