/**
 * The promoter / passive / detractor split as one 100 % bar per series (exit, alumni pulse), stacked
 * with d3-shape's `stack` (expand offset), each segment labelled with its share. A series whose group
 * is under k draws no bar: "fewer than k responses".
 *
 *   <SplitBar id="enps-split" title="…" minGroupSize={5}
 *             rows={[{ key: "exit", label: "Exit", counts: { promoters: 20, passives: 12, detractors: 8 }, suppressed: false }]} />
 */
import { scaleBand, scaleLinear } from "d3-scale";
import { stack, stackOffsetExpand } from "d3-shape";
import { useTranslation } from "react-i18next";
import { ChartEmpty, ChartFigure, type ChartCommonProps, ChartLegend, ChartTable } from "./chart-figure";
import { formatCount } from "./chart-format";
import { formatPercent } from "~/utils/format";

export const ENPS_CLASSES = ["detractors", "passives", "promoters"] as const;
export type EnpsClass = (typeof ENPS_CLASSES)[number];
export type ClassCounts = Record<EnpsClass, number>;

export interface SplitRow {
  key: string;
  label: string;
  /** null: no answers, or withheld (see `suppressed`). */
  counts: ClassCounts | null;
  suppressed: boolean;
}

export interface SplitBarProps extends ChartCommonProps {
  rows: readonly SplitRow[];
  minGroupSize: number;
}

const ROW = 40;
const MARGIN = { top: 8, right: 12, bottom: 8, left: 120 };
/** A segment narrower than this (in the viewBox's units) keeps its share for the table and the tooltip. */
const MIN_LABEL_WIDTH = 44;

export function SplitBar({ id, title, rows, minGroupSize, width: WIDTH = 640, hideCaption }: SplitBarProps) {
  const { t, i18n } = useTranslation("analytics");
  const locale = i18n.language;
  if (rows.length === 0) return <ChartEmpty title={title} message={t("charts.noData")} hideCaption={hideCaption} />;

  const height = MARGIN.top + rows.length * ROW + MARGIN.bottom;
  const x = scaleLinear().domain([0, 1]).range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = scaleBand<string>()
    .domain(rows.map((row) => row.key))
    .range([MARGIN.top, height - MARGIN.bottom])
    .paddingInner(0.3);
  const drawn = rows.filter((row): row is SplitRow & { counts: ClassCounts } => !row.suppressed && row.counts !== null && total(row.counts) > 0);
  const layers = stack<SplitRow & { counts: ClassCounts }, EnpsClass>()
    .keys(ENPS_CLASSES)
    .value((row, key) => row.counts[key])
    .offset(stackOffsetExpand)(drawn);
  const suppressed = t("charts.suppressed", { count: minGroupSize });
  const share = (count: number, of: number) => formatPercent(count / of, locale, { maximumFractionDigits: 0 });
  const classText = (row: SplitRow) => {
    if (row.suppressed) return suppressed;
    if (!row.counts || total(row.counts) === 0) return t("charts.noResponses");
    const counts = row.counts;
    return ENPS_CLASSES.map((key) => `${t(`charts.classes.${key}`)} ${share(counts[key], total(counts))}`).join(", ");
  };
  const cell = (row: SplitRow, key: EnpsClass) => {
    if (row.suppressed) return suppressed;
    if (!row.counts || total(row.counts) === 0) return t("charts.noResponses");
    return `${formatCount(row.counts[key], locale)} (${share(row.counts[key], total(row.counts))})`;
  };

  return (
    <ChartFigure
      id={id}
      title={title}
      description={rows.map((row) => `${row.label}: ${classText(row)}.`).join(" ")}
      width={WIDTH}
      hideCaption={hideCaption}
      height={height}
      legend={<ChartLegend items={ENPS_CLASSES.map((key) => ({ key, label: t(`charts.classes.${key}`), tone: key }))} />}
      table={
        <ChartTable
          caption={title}
          columns={[
            { key: "series", label: t("charts.columns.series") },
            ...[...ENPS_CLASSES].reverse().map((key) => ({ key, label: t(`charts.classes.${key}`), numeric: true })),
          ]}
          rows={rows.map((row) => ({ key: row.key, label: row.label, cells: [...ENPS_CLASSES].reverse().map((key) => cell(row, key)) }))}
        />
      }
    >
      {rows.map((row) => {
        const top = y(row.key) ?? 0;
        const middle = top + y.bandwidth() / 2;
        const index = drawn.indexOf(row as SplitRow & { counts: ClassCounts });
        return (
          <g key={row.key} className="chart__row" data-row={row.key} data-suppressed={row.suppressed || undefined}>
            <title>{`${row.label}: ${classText(row)}`}</title>
            <text x={MARGIN.left - 8} y={middle} dy="0.32em" textAnchor="end" className="chart__label">
              {row.label}
            </text>
            {index === -1 ? (
              <text x={MARGIN.left + 6} y={middle} dy="0.32em" className="chart__withheld">
                {classText(row)}
              </text>
            ) : (
              layers.map((layer) => {
                const [start, end] = layer[index] ?? [0, 0];
                const width = x(end) - x(start);
                const counts = (row as SplitRow & { counts: ClassCounts }).counts;
                return (
                  <g key={layer.key} data-class={layer.key} data-share={end - start}>
                    <rect x={x(start)} y={top} width={Math.max(0, width)} height={y.bandwidth()} className={`chart__bar chart__bar--${layer.key}`} />
                    {width >= MIN_LABEL_WIDTH ? (
                      <text x={x(start) + width / 2} y={middle} dy="0.32em" textAnchor="middle" className="chart__segment-label">
                        {share(counts[layer.key], total(counts))}
                      </text>
                    ) : null}
                  </g>
                );
              })
            )}
          </g>
        );
      })}
    </ChartFigure>
  );
}

function total(counts: ClassCounts): number {
  return counts.promoters + counts.passives + counts.detractors;
}
