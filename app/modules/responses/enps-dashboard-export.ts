import type { EnpsDashboard, Figure, Suppressed } from "./enps-dashboard.server";

/**
 * The dashboard's aggregates as tables for CSV downloads (`/admin/analytics/export/<name>.csv`):
 * one table per chart, the same figures the page shows, and a withheld group written as the page
 * writes it ("fewer than 5 responses"), never as a count or a zero. Pure: the route passes the
 * texts in the reader's language (`CsvTexts`) and writes the CSV.
 */

export const DASHBOARD_AGGREGATES = ["trend", "departments", "distribution", "split", "reasons", "regrettable", "themes", "volume"] as const;
export type DashboardAggregate = (typeof DASHBOARD_AGGREGATES)[number];

export type DashboardData = EnpsDashboard;
export type DashboardFigure = Figure;
export type DashboardCount = number | Suppressed;

/** The download's address: the aggregate's file, with the page's filters. */
export function exportHref(aggregate: DashboardAggregate, search: string): string {
  const params = new URLSearchParams(search);
  // The department chart's order is the page's; the department file keeps it too.
  return `/admin/analytics/export/${aggregate}.csv${params.size > 0 ? `?${params.toString()}` : ""}`;
}

/** "trend.csv" → "trend"; anything else → null. */
export function aggregateOfFile(file: string): DashboardAggregate | null {
  const match = /^([a-z]+)\.csv$/.exec(file);
  const name = match?.[1];
  return name && (DASHBOARD_AGGREGATES as readonly string[]).includes(name) ? (name as DashboardAggregate) : null;
}

export interface CsvTexts {
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
}

export type CsvCell = string | number;
export interface CsvTable {
  header: string[];
  rows: CsvCell[][];
}

const SERIES = ["exit", "pulse"] as const;

/** A figure's cells: eNPS, margin, n, promoters, passives, detractors — or the marker in each. */
function figureCells(figure: Figure | null, texts: CsvTexts): CsvCell[] {
  if (!figure) return ["", "", "", "", "", ""];
  if (figure.suppressed) return Array.from({ length: 6 }, () => texts.suppressed);
  return [
    figure.enps ?? "",
    figure.marginOfError ?? "",
    figure.respondents,
    figure.counts.promoters,
    figure.counts.passives,
    figure.counts.detractors,
  ];
}

const countCell = (count: DashboardCount | null, texts: CsvTexts): CsvCell => (count === null ? "" : typeof count === "object" ? texts.suppressed : count);

/** One table per aggregate. `departmentOrder` is the page's order of the department chart. */
export function aggregateTable(
  dashboard: EnpsDashboard,
  aggregate: DashboardAggregate,
  texts: CsvTexts,
  departmentOrder: (rows: EnpsDashboard["departments"]) => EnpsDashboard["departments"] = (rows) => rows,
): CsvTable {
  const c = texts.columns;
  const figureHeader = [c.enps, c.margin, c.n, c.promoters, c.passives, c.detractors];
  switch (aggregate) {
    case "trend":
      return {
        header: [c.month, c.series, ...figureHeader],
        rows: dashboard.trend.flatMap((row) => SERIES.map((key) => [row.month.slice(0, 7), texts.series[key], ...figureCells(row[key], texts)])),
      };
    case "departments":
      return {
        header: [c.department, ...figureHeader],
        rows: departmentOrder(dashboard.departments).map((row) => [row.name, ...figureCells(row.figure, texts)]),
      };
    case "split":
      return {
        header: [c.series, ...figureHeader],
        rows: SERIES.map((key) => [texts.series[key], ...figureCells(dashboard.split[key], texts)]),
      };
    case "distribution":
      return {
        header: [c.series, c.score, c.responses],
        rows: SERIES.flatMap((key) => {
          const histogram = dashboard.distribution[key];
          return Array.from({ length: 11 }, (_, score) => [
            texts.series[key],
            score,
            histogram === null ? "" : Array.isArray(histogram) ? (histogram[score] ?? 0) : texts.suppressed,
          ]);
        }),
      };
    case "reasons":
      return { header: [c.reason, c.responses], rows: dashboard.reasons.map((row) => [row.label, countCell(row.count, texts)]) };
    case "regrettable":
      return {
        header: [c.regrettable, c.exits],
        rows: (["regrettable", "notRegrettable", "unknown"] as const).map((key) => [texts.regrettable[key], countCell(dashboard.regrettable[key], texts)]),
      };
    case "themes":
      return {
        header: [c.theme, c.mentions, c.sentiment],
        rows: dashboard.themes.map((row) =>
          typeof row.comments === "object"
            ? [texts.theme(row.theme), texts.suppressed, texts.suppressed]
            : [texts.theme(row.theme), row.comments, row.averageSentiment ?? ""],
        ),
      };
    case "volume":
      return { header: [c.month, c.exits], rows: dashboard.volume.map((row) => [row.month.slice(0, 7), row.exits]) };
  }
}
