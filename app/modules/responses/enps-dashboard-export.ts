import { localized } from "~/modules/i18n/localized-text";
import type { EnpsDashboard, EnpsFigure, ThemeFigure } from "./enps-dashboard";

/**
 * The dashboard's aggregates as tables for CSV downloads (`/admin/analytics/export/<name>.csv`):
 * one table per chart, the figures of the same read model the page draws, and a withheld group
 * written as the page writes it ("fewer than 5 responses") in each of its cells, never as a count
 * or a zero. Pure: the route passes the texts in the reader's language (`CsvTexts`) and writes CSV.
 */

export const DASHBOARD_AGGREGATES = ["trend", "departments", "distribution", "split", "themes", "reasons", "regrettable", "volume"] as const;
export type DashboardAggregate = (typeof DASHBOARD_AGGREGATES)[number];

/** The download's address: the aggregate's file, with the page's filters (and its department order). */
export function exportHref(aggregate: DashboardAggregate, search: string): string {
  const params = new URLSearchParams(search);
  return `/admin/analytics/export/${aggregate}.csv${params.size > 0 ? `?${params.toString()}` : ""}`;
}

/** "trend.csv" → "trend"; anything else → null. */
export function aggregateOfFile(file: string): DashboardAggregate | null {
  const name = /^([a-z]+)\.csv$/.exec(file)?.[1];
  return name && (DASHBOARD_AGGREGATES as readonly string[]).includes(name) ? (name as DashboardAggregate) : null;
}

export interface CsvTexts {
  locale: string;
  /** "fewer than 5 responses". */
  suppressed: string;
  series: Record<"exit" | "pulse", string>;
  columns: Record<
    | "month"
    | "series"
    | "department"
    | "enps"
    | "margin"
    | "n"
    | "promoters"
    | "passives"
    | "detractors"
    | "score"
    | "responses"
    | "reason"
    | "regrettable"
    | "exits"
    | "theme"
    | "mentions"
    | "sentiment",
    string
  >;
  regrettable: Record<"regrettable" | "notRegrettable" | "unknown", string>;
  theme: (code: string) => string;
  /** A department bar's name as the page writes it ("Engineering", "Engineering (own)", "No department"). */
  department: (bar: EnpsDashboard["byDepartment"][number]) => string;
  /** A reason without a label (departures recorded without one). */
  noReason: string;
}

export type CsvCell = string | number;
export interface CsvTable {
  header: string[];
  rows: CsvCell[][];
}

const SERIES = ["exit", "pulse"] as const;

/**
 * Exits per month over the whole period shown: a month without departures is a 0 (departure records
 * are HR's own counts, never withheld), not a month left out.
 */
export function volumeByMonth(dashboard: EnpsDashboard): { month: string; count: number }[] {
  const counts = new Map(dashboard.departures.volumeByMonth.map((row) => [row.month.slice(0, 7), row.count]));
  const months = [...new Set([...dashboard.overTime.map((row) => row.month.slice(0, 7)), ...counts.keys()])].sort();
  return months.map((month) => ({ month: `${month}-01`, count: counts.get(month) ?? 0 }));
}

/** A figure's cells: eNPS, margin, n, promoters, passives, detractors — or the marker in each. */
function figureCells(figure: EnpsFigure, texts: CsvTexts): CsvCell[] {
  if (figure.suppressed) return Array.from({ length: 6 }, () => texts.suppressed);
  if (figure.respondents === 0) return ["", "", 0, 0, 0, 0];
  return [figure.enps ?? "", figure.marginOfError ?? "", figure.respondents, figure.counts.promoters, figure.counts.passives, figure.counts.detractors];
}

function themeCells(figure: ThemeFigure, texts: CsvTexts): CsvCell[] {
  return figure.suppressed ? [texts.suppressed, texts.suppressed] : [figure.comments, figure.averageSentiment];
}

/** One table per aggregate. `departmentOrder` puts the department bars in the page's order. */
export function aggregateTable(
  dashboard: EnpsDashboard,
  aggregate: DashboardAggregate,
  texts: CsvTexts,
  departmentOrder: (bars: EnpsDashboard["byDepartment"]) => EnpsDashboard["byDepartment"] = (bars) => bars,
): CsvTable {
  const c = texts.columns;
  const figureHeader = [c.enps, c.margin, c.n, c.promoters, c.passives, c.detractors];
  switch (aggregate) {
    case "trend":
      return {
        header: [c.month, c.series, ...figureHeader],
        rows: dashboard.overTime.flatMap((row) => SERIES.map((key) => [row.month.slice(0, 7), texts.series[key], ...figureCells(row[key], texts)])),
      };
    case "departments":
      return {
        header: [c.department, c.series, ...figureHeader],
        rows: departmentOrder(dashboard.byDepartment).flatMap((bar) => SERIES.map((key) => [texts.department(bar), texts.series[key], ...figureCells(bar[key], texts)])),
      };
    case "split":
      return { header: [c.series, ...figureHeader], rows: SERIES.map((key) => [texts.series[key], ...figureCells(dashboard.totals[key], texts)]) };
    case "distribution":
      return {
        header: [c.series, c.score, c.responses],
        rows: SERIES.flatMap((key) => {
          const figure = dashboard.totals[key];
          return Array.from({ length: 11 }, (_, score) => [texts.series[key], score, figure.suppressed ? texts.suppressed : (figure.histogram[score] ?? 0)]);
        }),
      };
    case "themes":
      return { header: [c.theme, c.mentions, c.sentiment], rows: dashboard.themes.map((row) => [texts.theme(row.theme), ...themeCells(row.figure, texts)]) };
    case "reasons":
      return {
        header: [c.reason, c.exits],
        rows: dashboard.departures.reasons.map((row) => [row.label ? localized(row.label, texts.locale) : texts.noReason, row.count]),
      };
    case "regrettable":
      return {
        header: [c.regrettable, c.exits],
        rows: (["regrettable", "notRegrettable", "unknown"] as const).map((key) => [texts.regrettable[key], dashboard.departures.regrettable[key]]),
      };
    case "volume":
      return { header: [c.month, c.exits], rows: volumeByMonth(dashboard).map((row) => [row.month.slice(0, 7), row.count]) };
  }
}
