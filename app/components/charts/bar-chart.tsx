/**
 * Horizontal bars of counts, one row per category: reasons for leaving, regrettable or not, themes'
 * mentions. A category under k draws no bar and says "fewer than k responses" (never a count), in
 * the picture and in the table. Each row may carry a share of the total, written beside its count.
 *
 *   <BarChart id="reasons" title="…" minGroupSize={5} columns={{ name: "Reason", value: "Responses" }}
 *             rows={[{ key: "pay", label: "Pay", value: 12, suppressed: false }]} />
 */
import { scaleBand, scaleLinear } from "d3-scale";
import { useTranslation } from "react-i18next";
import { ChartEmpty, ChartFigure, type ChartCommonProps, ChartTable, clip } from "./chart-figure";
import { formatCount } from "./chart-format";
import { formatPercent } from "~/utils/format";

export interface BarRow {
  key: string;
  label: string;
  /** null when withheld (see `suppressed`). */
  value: number | null;
  suppressed: boolean;
  /** A class for the bar's colour (chart__bar--<tone>); the default is the primary colour. */
  tone?: string;
}

export interface BarChartProps extends ChartCommonProps {
  rows: readonly BarRow[];
  minGroupSize: number;
  columns: { name: string; value: string };
  /** Write each count's share of the shown total beside it ("12 · 30 %"). */
  showShare?: boolean;
}

const ROW = 28;
const MARGIN = { top: 8, right: 110, bottom: 8 };
/** About the width of one character of a label, in the viewBox's units: names longer than the room are shortened. */
const CHAR_WIDTH = 6.6;

export function BarChart({ id, title, rows, minGroupSize, columns, showShare = false, width: WIDTH = 640, hideCaption }: BarChartProps) {
  const { t, i18n } = useTranslation("analytics");
  const locale = i18n.language;
  if (rows.length === 0) return <ChartEmpty title={title} message={t("charts.noData")} hideCaption={hideCaption} />;

  const shown = rows.filter((row) => !row.suppressed && row.value !== null).map((row) => row.value as number);
  const total = shown.reduce((sum, value) => sum + value, 0);
  // The names take about 30 % of the width: a narrow chart keeps room for its bars.
  const left = Math.round(WIDTH * 0.3);
  const nameChars = Math.floor((left - 8) / CHAR_WIDTH);
  const height = MARGIN.top + rows.length * ROW + MARGIN.bottom;
  const x = scaleLinear()
    .domain([0, Math.max(1, ...shown)])
    .nice()
    .range([left, WIDTH - MARGIN.right]);
  const y = scaleBand<string>()
    .domain(rows.map((row) => row.key))
    .range([MARGIN.top, height - MARGIN.bottom])
    .paddingInner(0.25);
  const suppressed = t("charts.suppressed", { count: minGroupSize });
  const figure = (row: BarRow) => {
    if (row.suppressed) return suppressed;
    if (row.value === null) return t("charts.noResponses");
    const count = formatCount(row.value, locale);
    return showShare && total > 0 ? `${count} · ${formatPercent(row.value / total, locale, { maximumFractionDigits: 0 })}` : count;
  };

  return (
    <ChartFigure
      id={id}
      title={title}
      description={rows.map((row) => `${row.label}: ${figure(row)}.`).join(" ")}
      width={WIDTH}
      hideCaption={hideCaption}
      height={height}
      table={
        <ChartTable
          caption={title}
          columns={[{ key: "name", label: columns.name }, { key: "value", label: columns.value, numeric: true }]}
          rows={rows.map((row) => ({ key: row.key, label: row.label, cells: [figure(row)] }))}
        />
      }
    >
      <line className="chart__axis" x1={x(0)} x2={x(0)} y1={MARGIN.top} y2={height - MARGIN.bottom} aria-hidden="true" />
      {rows.map((row) => {
        const top = y(row.key) ?? 0;
        const middle = top + y.bandwidth() / 2;
        const drawn = !row.suppressed && row.value !== null;
        return (
          <g key={row.key} className="chart__row" data-row={row.key} data-value={drawn ? row.value : undefined} data-suppressed={row.suppressed || undefined}>
            <title>{`${row.label}: ${figure(row)}`}</title>
            <text x={left - 8} y={middle} dy="0.32em" textAnchor="end" className="chart__label">
              {clip(row.label, nameChars)}
            </text>
            {drawn ? (
              <>
                <rect
                  x={x(0)}
                  y={top}
                  width={Math.max(0, x(row.value as number) - x(0))}
                  height={y.bandwidth()}
                  className={`chart__bar chart__bar--${row.tone ?? "primary"}`}
                />
                <text x={x(row.value as number) + 6} y={middle} dy="0.32em" className="chart__value">
                  {figure(row)}
                </text>
              </>
            ) : (
              <text x={x(0) + 6} y={middle} dy="0.32em" className="chart__withheld">
                {figure(row)}
              </text>
            )}
          </g>
        );
      })}
    </ChartFigure>
  );
}
