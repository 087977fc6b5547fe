/**
 * Vertical bars over ordered categories: the 0–10 distribution of scores (each bar coloured by its
 * class: detractor, passive, promoter) or exits per month. A category under k draws no bar (a
 * marker "< k" stands at its foot) and the table says "fewer than k responses": never a zero.
 *
 *   <ColumnChart id="enps-distribution" title="…" minGroupSize={5} columns={{ name: "Score", value: "Responses" }}
 *                legend={…} columnsData={[{ key: "0", label: "0", value: 3, suppressed: false, tone: "detractor" }]} />
 */
import { scaleBand, scaleLinear } from "d3-scale";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ChartEmpty, ChartFigure, type ChartCommonProps, ChartTable } from "./chart-figure";
import { formatCount } from "./chart-format";

export interface Column {
  key: string;
  /** The axis label (short: "7", "Jan 2026"); the table uses `tableLabel` when given. */
  label: string;
  tableLabel?: string;
  value: number | null;
  suppressed: boolean;
  tone?: string;
}

export interface ColumnChartProps extends ChartCommonProps {
  columnsData: readonly Column[];
  minGroupSize: number;
  columns: { name: string; value: string };
  legend?: ReactNode;
  note?: ReactNode;
}

const HEIGHT = 240;
const MARGIN = { top: 20, right: 12, bottom: 36, left: 44 };
/** The room an axis label needs ("Sept 2026"); a chart with more columns labels every other one, or fewer. */
const LABEL_WIDTH = 72;
/** Counts above the bars only while the bars are wide enough for them. */
const MIN_BAR_FOR_VALUE = 22;

export function ColumnChart({ id, title, columnsData, minGroupSize, columns, legend, note, width: WIDTH = 640, hideCaption }: ColumnChartProps) {
  const { t, i18n } = useTranslation("analytics");
  const locale = i18n.language;
  const shown = columnsData.filter((c) => !c.suppressed && c.value !== null).map((c) => c.value as number);
  if (columnsData.length === 0 || shown.length === 0) {
    const withheld = columnsData.some((c) => c.suppressed);
    return <ChartEmpty title={title} message={withheld ? t("charts.suppressedAll", { count: minGroupSize }) : t("charts.noData")} hideCaption={hideCaption} />;
  }

  const x = scaleBand<string>()
    .domain(columnsData.map((c) => c.key))
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .paddingInner(0.2)
    .paddingOuter(0.1);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...shown)])
    .nice()
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const widestLabel = Math.max(...columnsData.map((c) => c.label.length));
  const labelRoom = widestLabel <= 3 ? 24 : LABEL_WIDTH;
  const labelEvery = Math.ceil(columnsData.length / Math.max(1, Math.floor((WIDTH - MARGIN.left - MARGIN.right) / labelRoom)));
  const suppressed = t("charts.suppressed", { count: minGroupSize });
  const figure = (c: Column) => (c.suppressed ? suppressed : c.value === null ? t("charts.noResponses") : formatCount(c.value, locale));
  // Whole numbers only: a count axis has no half responses.
  const ticks = y.ticks(4).filter((tick) => Number.isInteger(tick));
  const base = y(0);

  return (
    <ChartFigure
      id={id}
      title={title}
      description={columnsData.map((c) => `${c.tableLabel ?? c.label}: ${figure(c)}.`).join(" ")}
      width={WIDTH}
      hideCaption={hideCaption}
      height={HEIGHT}
      legend={legend}
      note={note}
      table={
        <ChartTable
          caption={title}
          columns={[{ key: "name", label: columns.name }, { key: "value", label: columns.value, numeric: true }]}
          rows={columnsData.map((c) => ({ key: c.key, label: c.tableLabel ?? c.label, cells: [figure(c)] }))}
        />
      }
    >
      <g className="chart__grid" aria-hidden="true">
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} className={tick === 0 ? "chart__zero" : undefined} />
            <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end" className="chart__tick">
              {formatCount(tick, locale)}
            </text>
          </g>
        ))}
      </g>
      {columnsData.map((c, index) => {
        const left = x(c.key) ?? 0;
        const centre = left + x.bandwidth() / 2;
        const drawn = !c.suppressed && c.value !== null;
        return (
          <g key={c.key} className="chart__column" data-column={c.key} data-value={drawn ? c.value : undefined} data-suppressed={c.suppressed || undefined}>
            <title>{`${c.tableLabel ?? c.label}: ${figure(c)}`}</title>
            {drawn ? (
              <>
                <rect x={left} y={y(c.value as number)} width={x.bandwidth()} height={Math.max(0, base - y(c.value as number))} className={`chart__bar chart__bar--${c.tone ?? "primary"}`} />
                {x.bandwidth() >= MIN_BAR_FOR_VALUE ? (
                  <text x={centre} y={y(c.value as number) - 4} textAnchor="middle" className="chart__value">
                    {formatCount(c.value as number, locale)}
                  </text>
                ) : null}
              </>
            ) : c.suppressed ? (
              <text x={centre} y={base - 4} textAnchor="middle" className="chart__withheld">
                {`<${formatCount(minGroupSize, locale)}`}
              </text>
            ) : null}
            {index % labelEvery === 0 ? (
              <text x={centre} y={HEIGHT - MARGIN.bottom + 16} textAnchor="middle" className="chart__tick">
                {c.label}
              </text>
            ) : null}
          </g>
        );
      })}
    </ChartFigure>
  );
}
