/**
 * Horizontal bars on a scale around zero, one row per group: eNPS by department (−100…+100, with its
 * margin of error as a whisker) or average sentiment per theme (−1…+1). A group under k draws no
 * bar: its row says "fewer than k responses" instead, in the picture and in the table. Rows are
 * drawn in the order given (the page sorts them: see SortLinks).
 *
 *   <DivergingBarChart id="enps-departments" title="…" domain={[-100, 100]} minGroupSize={5}
 *                      rows={[{ key, label, value: 12, margin: 8, n: 40, suppressed: false }]}
 *                      columns={{ value: "eNPS", margin: "±", n: "Respondents" }} />
 */
import { scaleBand, scaleLinear } from "d3-scale";
import { useTranslation } from "react-i18next";
import { ChartEmpty, ChartFigure, type ChartCommonProps, ChartTable, clip, type TableColumn } from "./chart-figure";
import { formatCount, formatMargin, formatSigned } from "./chart-format";

export interface DivergingRow {
  key: string;
  label: string;
  /** null: no answers (or withheld, see `suppressed`). */
  value: number | null;
  /** ± the same units as the value; omitted where the chart has none. */
  margin?: number | null;
  /** Respondents (or mentions); null when withheld. */
  n: number | null;
  suppressed: boolean;
}

export interface DivergingBarChartProps extends ChartCommonProps {
  rows: readonly DivergingRow[];
  /** The value axis, symmetric around zero: [-100, 100] for eNPS, [-1, 1] for sentiment. */
  domain: readonly [number, number];
  /** Decimals of the values (eNPS: 0; sentiment: 2). */
  fractionDigits?: number;
  minGroupSize: number;
  /** Table headings (the first column takes `name`). */
  columns: { name: string; value: string; margin?: string; n: string };
}

const ROW = 28;
const MARGIN = { top: 24, right: 140, bottom: 8 };
/** About the width of one character of a label, in the viewBox's units: names longer than the room are shortened. */
const CHAR_WIDTH = 6.6;

export function DivergingBarChart({ id, title, rows, domain, fractionDigits = 0, minGroupSize, columns, width: WIDTH = 640, hideCaption }: DivergingBarChartProps) {
  const { t, i18n } = useTranslation("analytics");
  const locale = i18n.language;
  if (rows.length === 0) return <ChartEmpty title={title} message={t("charts.noData")} hideCaption={hideCaption} />;

  // The names take about 30 % of the width: a narrow chart keeps room for its bars.
  const left = Math.round(WIDTH * 0.3);
  const nameChars = Math.floor((left - 8) / CHAR_WIDTH);
  const height = MARGIN.top + rows.length * ROW + MARGIN.bottom;
  const x = scaleLinear()
    .domain([domain[0], domain[1]])
    .range([left, WIDTH - MARGIN.right])
    .clamp(true);
  const y = scaleBand<string>()
    .domain(rows.map((row) => row.key))
    .range([MARGIN.top, height - MARGIN.bottom])
    .paddingInner(0.25);
  const suppressed = t("charts.suppressed", { count: minGroupSize });
  const value = (v: number) => formatSigned(v, locale, fractionDigits);
  const withMargin = (row: DivergingRow) => (row.margin === undefined || row.margin === null ? "" : ` ${formatMargin(row.margin, locale)}`);
  const rowText = (row: DivergingRow) =>
    row.suppressed
      ? suppressed
      : row.value === null
        ? t("charts.noResponses")
        : `${value(row.value)}${withMargin(row)} · ${t("charts.n", { n: formatCount(row.n ?? 0, locale) })}`;

  const hasMargin = columns.margin !== undefined;
  const tableColumns: TableColumn[] = [
    { key: "name", label: columns.name },
    { key: "value", label: columns.value, numeric: true },
    ...(hasMargin ? [{ key: "margin", label: columns.margin ?? "", numeric: true }] : []),
    { key: "n", label: columns.n, numeric: true },
  ];
  const tableRows = rows.map((row) => {
    const shown = !row.suppressed && row.value !== null;
    return {
      key: row.key,
      label: row.label,
      cells: [
        row.suppressed ? suppressed : row.value === null ? t("charts.noResponses") : value(row.value),
        ...(hasMargin ? [shown && row.margin !== undefined && row.margin !== null ? formatMargin(row.margin, locale) : ""] : []),
        shown && row.n !== null ? formatCount(row.n, locale) : "",
      ],
    };
  });
  const description = rows.map((row) => `${row.label}: ${rowText(row)}.`).join(" ");
  const zero = x(0);

  return (
    <ChartFigure
      id={id}
      title={title}
      description={description}
      width={WIDTH}
      hideCaption={hideCaption}
      height={height}
      table={<ChartTable caption={title} columns={tableColumns} rows={tableRows} />}
    >
      <g className="chart__grid" aria-hidden="true">
        {x.ticks(4).map((tick) => (
          <g key={tick}>
            <line x1={x(tick)} x2={x(tick)} y1={MARGIN.top - 4} y2={height - MARGIN.bottom} className={tick === 0 ? "chart__zero" : undefined} />
            <text x={x(tick)} y={MARGIN.top - 10} textAnchor="middle" className="chart__tick">
              {value(tick)}
            </text>
          </g>
        ))}
      </g>
      {rows.map((row) => {
        const top = y(row.key) ?? 0;
        const middle = top + y.bandwidth() / 2;
        const drawn = !row.suppressed && row.value !== null;
        const end = drawn ? x(row.value as number) : zero;
        return (
          <g key={row.key} className="chart__row" data-row={row.key} data-value={drawn ? row.value : undefined} data-suppressed={row.suppressed || undefined}>
            <title>{`${row.label}: ${rowText(row)}`}</title>
            <text x={left - 8} y={middle} dy="0.32em" textAnchor="end" className="chart__label">
              {clip(row.label, nameChars)}
            </text>
            {drawn ? (
              <>
                <rect
                  x={Math.min(zero, end)}
                  y={top}
                  width={Math.max(1, Math.abs(end - zero))}
                  height={y.bandwidth()}
                  className={`chart__bar ${(row.value as number) < 0 ? "chart__bar--negative" : "chart__bar--positive"}`}
                />
                {row.margin ? (
                  <line
                    x1={x((row.value as number) - row.margin)}
                    x2={x((row.value as number) + row.margin)}
                    y1={middle}
                    y2={middle}
                    className="chart__whisker"
                  />
                ) : null}
                <text x={WIDTH - MARGIN.right + 8} y={middle} dy="0.32em" className="chart__value">
                  {rowText(row)}
                </text>
              </>
            ) : (
              <text x={zero + 6} y={middle} dy="0.32em" className="chart__withheld">
                {row.suppressed ? suppressed : t("charts.noResponses")}
              </text>
            )}
          </g>
        );
      })}
    </ChartFigure>
  );
}
