/**
 * The frame every chart of the analytics dashboard shares: a <figure> with the server-rendered SVG
 * (role="img", its <title> and a <desc> that says in words what the picture shows), an optional
 * legend, a note, and "Show as table": a <details> holding a real <table> with the same numbers.
 * <details> opens and closes without JavaScript and is a button to screen readers; the print
 * stylesheet opens every one of them, so a printed dashboard carries its tables too.
 *
 *   <ChartFigure id="enps-trend" title="eNPS by month" description="…" width={640} height={260}
 *                legend={<ChartLegend items={…} />} table={<ChartTable … />}>
 *     <g>…</g>
 *   </ChartFigure>
 */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export interface ChartFigureProps {
  /** Unique on the page: the ids of the title, description and table derive from it. */
  id: string;
  title: string;
  description: string;
  width: number;
  height: number;
  legend?: ReactNode;
  note?: ReactNode;
  table: ReactNode;
  /** The section's heading already says the title: the caption stays for screen readers only. */
  hideCaption?: boolean;
  children: ReactNode;
}

/** What every chart takes besides its data. */
export interface ChartCommonProps {
  /** Unique on the page. */
  id: string;
  title: string;
  /** The width of the drawing in the viewBox's units: text keeps its size when the chart is narrower. */
  width?: number;
  hideCaption?: boolean;
}

export function ChartFigure({ id, title, description, width, height, legend, note, table, hideCaption = false, children }: ChartFigureProps) {
  const { t } = useTranslation("analytics");
  return (
    <figure className="chart" id={id} aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className={hideCaption ? "visually-hidden" : "chart__caption"}>
        {title}
      </figcaption>
      <svg
        className="chart__svg"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        focusable="false"
        data-chart={id}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {children}
      </svg>
      {legend}
      {note ? <p className="chart__note muted">{note}</p> : null}
      <details className="chart__table">
        <summary>{t("charts.showTable")}</summary>
        {table}
      </details>
    </figure>
  );
}

export interface LegendItem {
  key: string;
  label: string;
  /** The swatch's class (chart__swatch--<tone>), the same tone the marks use. */
  tone: string;
}

/** The colours' meanings in words, as HTML (it wraps and prints as text). */
export function ChartLegend({ items }: { items: readonly LegendItem[] }) {
  return (
    <ul className="chart__legend">
      {items.map((item) => (
        <li key={item.key}>
          <span className={`chart__swatch chart__swatch--${item.tone}`} aria-hidden="true" />
          {item.label}
        </li>
      ))}
    </ul>
  );
}

export interface TableColumn {
  key: string;
  label: string;
  numeric?: boolean;
}

export interface TableRow {
  key: string;
  /** The row's name (first column, a row header). */
  label: string;
  /** One text per column after the first, already formatted. */
  cells: readonly string[];
}

/** The table behind a chart: the first column names the row, the others hold formatted figures. */
export function ChartTable({ caption, columns, rows }: { caption: string; columns: readonly TableColumn[]; rows: readonly TableRow[] }) {
  const [first, ...rest] = columns;
  return (
    <div className="table-wrap chart__table-wrap">
      <table className="table chart-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first?.label}</th>
            {rest.map((column) => (
              <th key={column.key} scope="col" className={column.numeric ? "chart-table__number" : undefined}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              {row.cells.map((cell, index) => (
                <td key={rest[index]?.key ?? index} className={rest[index]?.numeric ? "chart-table__number" : undefined}>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A chart with nothing to draw: says so in place of the picture. */
export function ChartEmpty({ title, message, hideCaption = false }: { title: string; message: string; hideCaption?: boolean }) {
  return (
    <figure className="chart chart--empty">
      <figcaption className={hideCaption ? "visually-hidden" : "chart__caption"}>{title}</figcaption>
      <p className="muted">{message}</p>
    </figure>
  );
}

/** Shortens a name for an axis label; the full name stays in the mark's <title> and in the table. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
