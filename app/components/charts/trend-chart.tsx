/**
 * eNPS over time: one line per series (exit, alumni pulse) with its 95 % margin of error as a band,
 * on months. A month whose group is under k, or that has no answers, is a gap in the line and the
 * band — never a zero — and the table says which ("fewer than k responses" or "no responses").
 * Scales, ticks, the line and the band come from d3-scale and d3-shape.
 *
 *   <TrendChart id="enps-trend" title="…" months={["2026-01-01", …]} minGroupSize={5}
 *               series={[{ key: "exit", label: "Exit", tone: "exit", points: [{ month, enps, margin, n, suppressed }] }]} />
 */
import { scaleLinear, scalePoint } from "d3-scale";
import { area, line } from "d3-shape";
import { useTranslation } from "react-i18next";
import { ChartEmpty, ChartFigure, type ChartCommonProps, ChartLegend, ChartTable, type TableColumn, type TableRow } from "./chart-figure";
import { formatCount, formatMargin, formatMonthShort, formatSigned } from "./chart-format";

export interface TrendPoint {
  /** "YYYY-MM-01" (or "YYYY-MM"). */
  month: string;
  /** null: no answers that month, or withheld (see `suppressed`). */
  enps: number | null;
  margin: number | null;
  /** Respondents; null when withheld. */
  n: number | null;
  /** The group is under k: the figure is withheld, and the chart leaves a gap. */
  suppressed: boolean;
}

export interface TrendSeries {
  key: string;
  label: string;
  /** The colour class of the line, band and legend swatch (exit, pulse). */
  tone: string;
  points: readonly TrendPoint[];
}

export interface TrendChartProps extends ChartCommonProps {
  /** Every month of the period, in order: the x axis, with gaps where a series has nothing. */
  months: readonly string[];
  series: readonly TrendSeries[];
  minGroupSize: number;
}

const HEIGHT = 280;
const MARGIN = { top: 16, right: 20, bottom: 40, left: 44 };
/** The room a month label needs on the axis ("Sept 2026"); the table has every month. */
const MONTH_LABEL_WIDTH = 72;

type Drawn = TrendPoint & { enps: number };
const isDrawn = (point: TrendPoint): point is Drawn => !point.suppressed && point.enps !== null;

export function TrendChart({ id, title, months, series, minGroupSize, width: WIDTH = 640, hideCaption }: TrendChartProps) {
  const { t, i18n } = useTranslation("analytics");
  const locale = i18n.language;
  const drawn = series.flatMap((s) => s.points.filter(isDrawn));
  if (months.length === 0 || drawn.length === 0) {
    const withheld = series.some((s) => s.points.some((p) => p.suppressed));
    return <ChartEmpty title={title} message={withheld ? t("charts.suppressedAll", { count: minGroupSize }) : t("charts.noData")} hideCaption={hideCaption} />;
  }

  const monthKey = (month: string) => month.slice(0, 7);
  const x = scalePoint<string>()
    .domain(months.map(monthKey))
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .padding(0.5);
  // The band's ends, clamped to the scale's −100…+100; zero always shows.
  const low = (p: Drawn) => Math.max(-100, p.enps - (p.margin ?? 0));
  const high = (p: Drawn) => Math.min(100, p.enps + (p.margin ?? 0));
  const y = scaleLinear()
    .domain([Math.min(0, ...drawn.map(low)), Math.max(0, ...drawn.map(high))])
    .nice()
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const [yMin, yMax] = y.domain() as [number, number];
  if (yMin === yMax) y.domain([yMin - 10, yMax + 10]);

  const xOf = (p: TrendPoint) => x(monthKey(p.month)) ?? 0;
  const pathOf = line<TrendPoint>()
    .defined(isDrawn)
    .x(xOf)
    .y((p) => y((p as Drawn).enps));
  const bandOf = area<TrendPoint>()
    .defined(isDrawn)
    .x(xOf)
    .y0((p) => y(low(p as Drawn)))
    .y1((p) => y(high(p as Drawn)));

  // Each series on every month of the axis, in order: a month it has no point for is a gap too,
  // not a line drawn straight across it.
  const aligned = (s: TrendSeries): TrendPoint[] =>
    months.map((month) => s.points.find((p) => monthKey(p.month) === monthKey(month)) ?? { month, enps: null, margin: null, n: null, suppressed: false });

  const labelEvery = Math.ceil(months.length / Math.max(1, Math.floor((WIDTH - MARGIN.left - MARGIN.right) / MONTH_LABEL_WIDTH)));
  const suppressed = t("charts.suppressed", { count: minGroupSize });
  const figure = (p: TrendPoint | undefined) =>
    !p ? t("charts.noResponses") : p.suppressed ? suppressed : p.enps === null ? t("charts.noResponses") : formatSigned(p.enps, locale);
  const pointTitle = (s: TrendSeries, p: Drawn) =>
    t("charts.trend.pointTitle", {
      series: s.label,
      month: formatMonthShort(p.month, locale),
      enps: formatSigned(p.enps, locale),
      margin: p.margin === null ? "" : formatMargin(p.margin, locale),
      n: formatCount(p.n ?? 0, locale),
    });

  const columns: TableColumn[] = [
    { key: "month", label: t("charts.columns.month") },
    ...series.flatMap((s) => [
      { key: `${s.key}-enps`, label: t("charts.columns.seriesEnps", { series: s.label }), numeric: true },
      { key: `${s.key}-margin`, label: t("charts.columns.seriesMargin", { series: s.label }), numeric: true },
      { key: `${s.key}-n`, label: t("charts.columns.seriesN", { series: s.label }), numeric: true },
    ]),
  ];
  const rows: TableRow[] = months.map((month) => ({
    key: month,
    label: formatMonthShort(month, locale),
    cells: series.flatMap((s) => {
      const point = s.points.find((p) => monthKey(p.month) === monthKey(month));
      const shown = point && isDrawn(point);
      return [
        figure(point),
        shown && point.margin !== null ? formatMargin(point.margin, locale) : "",
        shown && point.n !== null ? formatCount(point.n, locale) : "",
      ];
    }),
  }));

  const description = series
    .map((s) => {
      const points = s.points.filter(isDrawn);
      const first = points[0];
      const last = points[points.length - 1];
      if (!first || !last) return t("charts.trend.seriesEmpty", { series: s.label });
      return t("charts.trend.seriesSummary", {
        series: s.label,
        first: formatSigned(first.enps, locale),
        firstMonth: formatMonthShort(first.month, locale),
        last: formatSigned(last.enps, locale),
        lastMonth: formatMonthShort(last.month, locale),
        margin: last.margin === null ? "" : formatMargin(last.margin, locale),
        n: formatCount(last.n ?? 0, locale),
      });
    })
    .join(" ");

  return (
    <ChartFigure
      id={id}
      title={title}
      description={description}
      width={WIDTH}
      hideCaption={hideCaption}
      height={HEIGHT}
      legend={<ChartLegend items={series.map((s) => ({ key: s.key, label: s.label, tone: s.tone }))} />}
      note={t("charts.trend.note", { count: minGroupSize })}
      table={<ChartTable caption={title} columns={columns} rows={rows} />}
    >
      <g className="chart__grid" aria-hidden="true">
        {y.ticks(5).map((tick) => (
          <g key={tick}>
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} className={tick === 0 ? "chart__zero" : undefined} />
            <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end" className="chart__tick">
              {formatSigned(tick, locale)}
            </text>
          </g>
        ))}
        {months.map((month, index) =>
          index % labelEvery === 0 ? (
            <text key={month} x={x(monthKey(month))} y={HEIGHT - MARGIN.bottom + 18} textAnchor="middle" className="chart__tick">
              {formatMonthShort(month, locale)}
            </text>
          ) : null,
        )}
      </g>
      {series.map((s) => (
        <g key={s.key} className={`chart__series chart__series--${s.tone}`} data-series={s.key}>
          <path d={bandOf(aligned(s)) ?? undefined} className="chart__band" />
          <path d={pathOf(aligned(s)) ?? undefined} className="chart__line" />
          {s.points.filter(isDrawn).map((p) => (
            <circle key={p.month} cx={xOf(p)} cy={y(p.enps)} r={3.5} className="chart__point" data-month={monthKey(p.month)} data-value={p.enps}>
              <title>{pointTitle(s, p)}</title>
            </circle>
          ))}
        </g>
      ))}
    </ChartFigure>
  );
}
