import type { Element } from "domhandler";
import { BarChart } from "~/components/charts/bar-chart";
import { ColumnChart } from "~/components/charts/column-chart";
import { DivergingBarChart, type DivergingRow } from "~/components/charts/diverging-bar-chart";
import { SortLinks } from "~/components/charts/sort-links";
import { SplitBar } from "~/components/charts/split-bar";
import { TrendChart, type TrendPoint } from "~/components/charts/trend-chart";
import en from "~/locales/en/analytics.json";
import fr from "~/locales/fr/analytics.json";
import { renderChart, sameOrder } from "./render";

const point = (month: string, enps: number | null, margin: number | null, n: number | null, suppressed = false): TrendPoint => ({
  month,
  enps,
  margin,
  n,
  suppressed,
});
const months = ["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01"];
const exit = [point("2026-01-01", -20, 12, 30), point("2026-02-01", 10, 9, 41), point("2026-03-01", null, null, null, true), point("2026-04-01", 35, 11, 25), point("2026-05-01", 5, 14, 19)];
const pulse = [point("2026-01-01", 40, 15, 12), point("2026-02-01", 22, 16, 10)];

function trend(locale: "en" | "fr" = "en") {
  return renderChart(
    <TrendChart
      id="trend"
      title="eNPS over time"
      months={months}
      minGroupSize={5}
      series={[
        { key: "exit", label: "Exit", tone: "exit", points: exit },
        { key: "pulse", label: "Pulse", tone: "pulse", points: pulse },
      ]}
    />,
    locale,
  );
}

const numbersOf = (elements: Element[], name: string) => elements.map((element) => Number(element.attribs[name]));

describe("TrendChart", () => {
  it("is an image with a title and a description that says where each series starts and ends", async () => {
    const chart = await trend();
    const [svg] = chart.byTag("svg");
    expect(svg?.attribs.role).toBe("img");
    expect(svg?.attribs["aria-labelledby"]).toBe("trend-title trend-desc");
    expect(chart.text(chart.byTag("title")[0] as Element)).toBe("eNPS over time");
    expect(chart.text(chart.byTag("desc")[0] as Element)).toBe(
      "Exit: eNPS -20 in Jan 2026, +5 ±14 in May 2026 (n = 19). Pulse: eNPS +40 in Jan 2026, +22 ±16 in Feb 2026 (n = 10).",
    );
  });

  it("places each month's point higher the higher its eNPS, and leaves a gap (not a zero) where the group is under k", async () => {
    const chart = await trend();
    const points = chart.all((element) => element.name === "circle" && element.parent !== null && (element.parent as Element).attribs["data-series"] === "exit");
    expect(points.map((p) => p.attribs["data-month"])).toEqual(["2026-01", "2026-02", "2026-04", "2026-05"]);
    const values = numbersOf(points, "data-value");
    expect(values).toEqual([-20, 10, 35, 5]);
    // SVG's y grows downwards: a higher eNPS is a smaller cy.
    expect(sameOrder(values, numbersOf(points, "cy").map((cy) => -cy))).toBe(true);
    // Months move right.
    const cx = numbersOf(points, "cx");
    expect([...cx].sort((a, b) => a - b)).toEqual(cx);

    // The line and its band break at March: two pieces each, no point drawn at March.
    const exitGroup = chart.all((element) => element.attribs["data-series"] === "exit")[0] as Element;
    const paths = exitGroup.children.filter((child): child is Element => (child as Element).name === "path");
    for (const path of paths) expect(path.attribs.d?.match(/M/g)).toHaveLength(2);
  });

  it("has a table with every month, each figure with its ± margin and n, and 'fewer than k responses' where withheld", async () => {
    const table = (await trend()).table();
    expect(table[0]).toEqual(["Month", "Exit: eNPS", "Exit: ± margin", "Exit: respondents", "Pulse: eNPS", "Pulse: ± margin", "Pulse: respondents"]);
    expect(table.slice(1)).toEqual([
      ["Jan 2026", "-20", "±12", "30", "+40", "±15", "12"],
      ["Feb 2026", "+10", "±9", "41", "+22", "±16", "10"],
      ["Mar 2026", "fewer than 5 responses", "", "", "no responses", "", ""],
      ["Apr 2026", "+35", "±11", "25", "no responses", "", ""],
      ["May 2026", "+5", "±14", "19", "no responses", "", ""],
    ]);
  });

  it("offers the table behind a 'show as table' control that works without JavaScript", async () => {
    const chart = await trend();
    const [details] = chart.byTag("details");
    expect(details).toBeDefined();
    const summary = chart.all((element) => element.name === "summary")[0] as Element;
    expect(chart.text(summary)).toBe(en.charts.showTable);
    expect(chart.all((element) => element.name === "table" && element.parent?.parent === details)).toHaveLength(1);
  });

  it("writes months and numbers the French way for a French reader", async () => {
    const chart = await trend("fr");
    const table = chart.table();
    expect(table[1]?.[0]).toBe("janv. 2026");
    expect(table[3]?.[1]).toBe("moins de 5 réponses");
    expect(chart.html).toContain(fr.charts.showTable);
  });

  it("says there is nothing to show rather than drawing an empty axis, and says why when every month is withheld", async () => {
    const empty = await renderChart(<TrendChart id="t" title="T" months={months} minGroupSize={5} series={[{ key: "exit", label: "Exit", tone: "exit", points: [] }]} />);
    expect(empty.byTag("svg")).toHaveLength(0);
    expect(empty.html).toContain(en.charts.noData);

    const withheld = await renderChart(<TrendChart id="t" title="T" months={months} minGroupSize={5} series={[{ key: "exit", label: "Exit", tone: "exit", points: [point("2026-01-01", null, null, null, true)] }]} />);
    expect(withheld.byTag("svg")).toHaveLength(0);
    expect(withheld.html).toContain("Fewer than 5 responses: no figure is shown.");
  });
});

const departments: DivergingRow[] = [
  { key: "eng", label: "Engineering", value: 24, margin: 10, n: 60, suppressed: false },
  { key: "sales", label: "Sales", value: -35, margin: 18, n: 22, suppressed: false },
  { key: "legal", label: "Legal", value: null, margin: null, n: null, suppressed: true },
  { key: "ops", label: "Operations", value: 0, margin: 20, n: 15, suppressed: false },
];

describe("DivergingBarChart", () => {
  const render = () =>
    renderChart(
      <DivergingBarChart
        id="departments"
        title="eNPS by department"
        rows={departments}
        domain={[-100, 100]}
        minGroupSize={5}
        columns={{ name: "Department", value: "eNPS", margin: "± margin", n: "Respondents" }}
      />,
    );

  it("draws each bar from zero to its value: the further right, the higher the eNPS; negative ones left of zero", async () => {
    const chart = await render();
    const rows = chart.all((element) => element.attribs["data-row"] !== undefined && element.attribs["data-value"] !== undefined);
    const values = numbersOf(rows, "data-value");
    expect(values).toEqual([24, -35, 0]);
    const bars = rows.map((row) => row.children.find((child) => (child as Element).name === "rect") as Element);
    const ends = bars.map((bar, i) => ((values[i] as number) < 0 ? Number(bar.attribs.x) : Number(bar.attribs.x) + Number(bar.attribs.width)));
    expect(sameOrder(values, ends)).toBe(true);
    expect(bars[1]?.attribs.class).toContain("chart__bar--negative");
    // Whiskers span value ± margin: Sales' is wider than Engineering's.
    const whiskers = rows.map((row) => row.children.find((child) => (child as Element).name === "line") as Element);
    const span = (line: Element) => Number(line.attribs.x2) - Number(line.attribs.x1);
    expect(span(whiskers[1] as Element)).toBeGreaterThan(span(whiskers[0] as Element));
  });

  it("draws no bar for a department under k and says 'fewer than k responses' there and in its table row", async () => {
    const chart = await render();
    const legal = chart.all((element) => element.attribs["data-row"] === "legal")[0] as Element;
    expect(legal.attribs["data-suppressed"]).toBe("true");
    expect(legal.children.some((child) => (child as Element).name === "rect")).toBe(false);
    expect(chart.text(legal)).toContain("fewer than 5 responses");
    expect(chart.table()).toEqual([
      ["Department", "eNPS", "± margin", "Respondents"],
      ["Engineering", "+24", "±10", "60"],
      ["Sales", "-35", "±18", "22"],
      ["Legal", "fewer than 5 responses", "", ""],
      ["Operations", "0", "±20", "15"],
    ]);
  });
});

describe("ColumnChart (the 0–10 distribution)", () => {
  const counts = [1, 0, 2, 3, 1, 4, 6, 9, 12, 8, 5];
  const tone = (score: number) => (score >= 9 ? "promoters" : score >= 7 ? "passives" : "detractors");
  const render = (suppressedScore?: number) =>
    renderChart(
      <ColumnChart
        id="distribution"
        title="Scores"
        minGroupSize={5}
        columns={{ name: "Score", value: "Responses" }}
        columnsData={counts.map((count, score) => ({
          key: String(score),
          label: String(score),
          value: score === suppressedScore ? null : count,
          suppressed: score === suppressedScore,
          tone: tone(score),
        }))}
      />,
    );

  it("makes each bar as tall as its count and colours it by class", async () => {
    const chart = await render();
    const columns = chart.all((element) => element.attribs["data-column"] !== undefined);
    const rects = columns.map((column) => column.children.find((child) => (child as Element).name === "rect") as Element);
    expect(sameOrder(counts, numbersOf(rects, "height"))).toBe(true);
    expect(rects.map((rect) => /chart__bar--(\w+)/.exec(rect.attribs.class ?? "")?.[1])).toEqual([
      ...Array(7).fill("detractors"),
      "passives",
      "passives",
      "promoters",
      "promoters",
    ]);
    expect(chart.table().slice(1).map((row) => row[1])).toEqual(counts.map(String));
  });

  it("draws no bar for a withheld count and writes 'fewer than k responses' in its table row", async () => {
    const chart = await render(4);
    const four = chart.all((element) => element.attribs["data-column"] === "4")[0] as Element;
    expect(four.children.some((child) => (child as Element).name === "rect")).toBe(false);
    expect(chart.table()[5]).toEqual(["4", "fewer than 5 responses"]);
  });
});

describe("SplitBar", () => {
  it("splits each series into promoters, passives and detractors in proportion, and withholds a series under k", async () => {
    const chart = await renderChart(
      <SplitBar
        id="split"
        title="Split"
        minGroupSize={5}
        rows={[
          { key: "exit", label: "Exit", counts: { promoters: 20, passives: 10, detractors: 10 }, suppressed: false },
          { key: "pulse", label: "Pulse", counts: null, suppressed: true },
        ]}
      />,
    );
    const segments = chart.all((element) => element.attribs["data-class"] !== undefined);
    const widths = Object.fromEntries(
      segments.map((segment) => [segment.attribs["data-class"], Number((segment.children.find((child) => (child as Element).name === "rect") as Element).attribs.width)]),
    );
    expect(widths.promoters).toBeCloseTo(2 * (widths.passives as number));
    expect(widths.passives).toBeCloseTo(widths.detractors as number);
    expect(segments.map((segment) => Number(segment.attribs["data-share"]))).toEqual([0.25, 0.25, 0.5]);
    expect(chart.table()).toEqual([
      ["Survey", en.charts.classes.promoters, en.charts.classes.passives, en.charts.classes.detractors],
      ["Exit", "20 (50%)", "10 (25%)", "10 (25%)"],
      ["Pulse", "fewer than 5 responses", "fewer than 5 responses", "fewer than 5 responses"],
    ]);
    const pulse = chart.all((element) => element.attribs["data-row"] === "pulse")[0] as Element;
    expect(pulse.children.some((child) => (child as Element).name === "rect")).toBe(false);
  });
});

describe("BarChart", () => {
  it("makes each bar as long as its count, with its share, and never shows a count for a category under k", async () => {
    const chart = await renderChart(
      <BarChart
        id="reasons"
        title="Reasons"
        minGroupSize={5}
        showShare
        columns={{ name: "Reason", value: "Responses" }}
        rows={[
          { key: "pay", label: "Pay", value: 12, suppressed: false },
          { key: "manager", label: "Manager", value: 6, suppressed: false },
          { key: "relocation", label: "Relocation", value: null, suppressed: true },
          { key: "growth", label: "Growth", value: 18, suppressed: false },
        ]}
      />,
    );
    const rows = chart.all((element) => element.attribs["data-value"] !== undefined);
    const rects = rows.map((row) => row.children.find((child) => (child as Element).name === "rect") as Element);
    expect(sameOrder(numbersOf(rows, "data-value"), numbersOf(rects, "width"))).toBe(true);
    expect(chart.table().slice(1)).toEqual([
      ["Pay", "12 · 33%"],
      ["Manager", "6 · 17%"],
      ["Relocation", "fewer than 5 responses"],
      ["Growth", "18 · 50%"],
    ]);
  });
});

describe("SortLinks", () => {
  it("links to the same page with the same filters and another order, marking the current one", async () => {
    const chart = await renderChart(
      <SortLinks param="sort" label="Sort by" current="n" anchor="departments" options={[{ value: "enps", label: "eNPS" }, { value: "n", label: "Respondents" }]} />,
      "en",
      "/admin/analytics?from=2026-01&sort=enps",
    );
    const links = chart.byTag("a");
    expect(links.map((link) => link.attribs.href)).toEqual([
      "/admin/analytics?from=2026-01&sort=enps#departments",
      "/admin/analytics?from=2026-01&sort=n#departments",
    ]);
    expect(links[1]?.attribs["aria-current"]).toBe("true");
    expect(links[0]?.attribs["aria-current"]).toBeUndefined();
  });
});
