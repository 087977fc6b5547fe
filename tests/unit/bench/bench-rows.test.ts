import {
  benchResults,
  benchRow,
  crashedRow,
  describeRun,
  failuresOf,
  formatBenchTable,
  formatRatio,
  resultsFileName,
  type BenchRow,
  type RunContext,
} from "../../../scripts/bench/bench-rows";
import { pageBenchRows, type Measured } from "../../../scripts/bench/page-results";
import { chooseWorkloads, WORKLOADS } from "../../../scripts/bench/workloads";

/** The one table of `npm run bench` (scripts/bench/bench-rows.ts): no workload is run here. */

function cellsOf(table: string, figure: string): string[] {
  const line = table.split("\n").find((row) => row.split(" | ")[1] === figure);
  if (!line) throw new Error(`no row for ${figure} in\n${table}`);
  return line.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim());
}

const context: RunContext = {
  database: { kind: "pglite", version: "PGlite 0.4.6 (PostgreSQL 17.5), in process" },
  machine: { cpu: "AMD EPYC", cores: 2, memoryGiB: 24, node: "v20.20.2", platform: "linux 6.18" },
  loadAverage: { start: [5.5, 4, 3], end: [6, 5, 4] },
};

const page = benchRow({ workload: "pages", figure: "HR /admin, req/s", value: 400, unit: "req/s", floor: "minimal Remix app", floorValue: 1_600, target: "≥ 0.25×" });

describe("bench rows", () => {
  test("the ratio is the figure divided by its floor, and missing when either is", () => {
    expect(page.ratio).toBe(0.25);
    expect(benchRow({ workload: "newsletter", figure: "hand-off", value: 75, unit: "s", floor: "bare loop", floorValue: 30 }).ratio).toBe(2.5);
    expect(benchRow({ workload: "dashboard", figure: "API", value: null, unit: "ms", floor: "node:http", floorValue: 1 }).ratio).toBeNull();
    expect(benchRow({ workload: "newsletter", figure: "snapshot", value: 4, unit: "s" }).ratio).toBeNull();
    expect(benchRow({ workload: "x", figure: "zero floor", value: 4, unit: "s", floor: "nothing", floorValue: 0 }).ratio).toBeNull();
  });

  test("the table shows the figure, its floor with its value, the ratio and the target", () => {
    const table = formatBenchTable([page]);
    expect(table.split("\n")[0]).toBe("| workload | figure | value | floor (same run) | floor value | ratio | target |");
    expect(cellsOf(table, "HR /admin, req/s")).toEqual(["pages", "HR /admin, req/s", "400 req/s", "minimal Remix app", "1,600 req/s", "0.25×", "≥ 0.25×"]);
  });

  test("a missing figure shows why, a figure without floor shows dashes, a pipe stays inside its cell", () => {
    const rows: BenchRow[] = [
      benchRow({ workload: "dashboard", figure: "API p95, 10,000 responses", value: null, unit: "ms", floor: "node:http", floorValue: null, target: "< 200 ms", note: "PostgreSQL only" }),
      benchRow({ workload: "newsletter", figure: "peak RSS | sender", value: 262.4, unit: "MB" }),
    ];
    const table = formatBenchTable(rows);
    expect(cellsOf(table, "API p95, 10,000 responses")).toEqual(["dashboard", "API p95, 10,000 responses", "— (PostgreSQL only)", "node:http", "—", "—", "< 200 ms"]);
    expect(cellsOf(table, "peak RSS \\| sender")).toEqual(["newsletter", "peak RSS \\| sender", "262 MB", "—", "—", "—", "—"]);
  });

  test("ratios and figures keep fewer decimals as they grow", () => {
    expect(formatRatio(0.0456)).toBe("0.046×");
    expect(formatRatio(0.48)).toBe("0.48×");
    expect(formatRatio(12.345)).toBe("12.3×");
    expect(formatRatio(1295.6)).toBe("1,296×");
    expect(formatBenchTable([benchRow({ workload: "a", figure: "f", value: 0.0688, unit: "ms", floor: "g", floorValue: 15.06 })])).toContain("| 0.069 ms | g | 15.1 ms |");
  });

  test("a row with a problem is an ERROR in the table and a failure of the run; a target not met is neither", () => {
    const broken = { ...page, figure: "HR /tasks, req/s", value: null, ratio: null, problem: "answered 302 (Location: /login)" };
    const slow = { ...page, figure: "HR /outbox, req/s", value: 10, ratio: 10 / 1_600 };
    const crashed = crashedRow("newsletter", new Error("the sender ended without a summary:\nstack…"));
    expect(cellsOf(formatBenchTable([broken]), "HR /tasks, req/s")[2]).toBe("**ERROR: answered 302 (Location: /login)**");
    expect(failuresOf([page, slow, broken, crashed])).toEqual([
      "pages — HR /tasks, req/s: answered 302 (Location: /login)",
      "newsletter — the whole workload: crashed: the sender ended without a summary:",
    ]);
    expect(failuresOf([page, slow])).toEqual([]);
  });

  test("the JSON file holds the context, the rows and the failures, and survives a round trip", () => {
    const broken = { ...page, problem: "no response at all" };
    const results = benchResults({ ...context, startedAt: new Date("2026-12-07T22:10:05Z"), finishedAt: new Date("2026-12-07T22:40:00Z"), quick: false, workloads: ["pages"], rows: [page, broken] });
    const parsed = JSON.parse(JSON.stringify(results)) as typeof results;
    expect(parsed).toEqual(results);
    expect(parsed.startedAt).toBe("2026-12-07T22:10:05.000Z");
    expect(parsed.database.kind).toBe("pglite");
    expect(parsed.rows[0]).toEqual({ workload: "pages", figure: "HR /admin, req/s", value: 400, unit: "req/s", floor: "minimal Remix app", floorValue: 1_600, ratio: 0.25, target: "≥ 0.25×" });
    expect(parsed.failures).toEqual(["pages — HR /admin, req/s: no response at all"]);
  });

  test("the file is named by the run's start and the database; quick and partial runs say so", () => {
    const at = new Date("2026-12-07T22:10:59Z");
    expect(resultsFileName(at, "pglite", { quick: false, partial: false })).toBe("2026-12-07T2210Z-pglite.json");
    expect(resultsFileName(at, "postgresql", { quick: true, partial: false })).toBe("2026-12-07T2210Z-postgresql-quick.json");
    expect(resultsFileName(at, "pglite", { quick: true, partial: true })).toBe("2026-12-07T2210Z-pglite-quick-partial.json");
  });

  test("the lines above the table name the database and the machine", () => {
    const lines = describeRun(context, { quick: true }).split("\n");
    expect(lines[0]).toBe("Database: embedded PGlite, PGlite 0.4.6 (PostgreSQL 17.5), in process");
    expect(lines[1]).toBe("Machine: 2 × AMD EPYC, 24 GiB, Node v20.20.2, linux 6.18");
    expect(describeRun({ ...context, database: { kind: "postgresql", version: "PostgreSQL 15.20" } }, { quick: false })).toContain("Database: PostgreSQL (DATABASE_URL), PostgreSQL 15.20");
  });
});

describe("page rows", () => {
  const measured = (target: string, requestsPerSecond: number, overrides: Partial<Measured> = {}): Measured => ({
    target,
    requestsPerSecond,
    p50Ms: 4,
    p99Ms: 12,
    responses: 1_000,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    cpuMsPerResponse: 0.6,
    bytesPerResponse: 220,
    loadBefore: 1,
    loadAfter: 1,
    ...overrides,
  });
  const options = { workload: "pages", baselineTarget: "minimal", leaveOut: ["bare"] };

  test("each page is compared with the mean of the minimal app's runs; the floors are not rows", () => {
    const rows = pageBenchRows([measured("bare node:http", 20_000), measured("minimal", 1_500), measured("HR /admin", 400), measured("portal /bench/ok (one-line route)", 900), measured("minimal (again)", 1_700)], options);
    expect(rows.map((row) => [row.figure, row.floorValue, row.ratio, row.target])).toEqual([
      ["HR /admin, req/s", 1_600, 0.25, "≥ 0.25× (issue 10)"],
      ["portal /bench/ok (one-line route), req/s", 1_600, 0.5625, "≥ 0.5× (issue 10)"],
    ]);
    expect(rows[0]!.floor).toBe("minimal (mean of 2 runs)");
  });

  test("a quick run compares the server's CPU per response, its few requests saying nothing of the rate", () => {
    const rows = pageBenchRows(
      [
        measured("minimal", 30, { cpuMsPerResponse: 3 }),
        measured("HR /admin", 30, { cpuMsPerResponse: 15 }),
        measured("portal /bench/ok (one-line route)", 30, { cpuMsPerResponse: 6 }),
        measured("minimal (again)", 30, { cpuMsPerResponse: 5 }),
      ],
      { ...options, quick: true },
    );
    expect(rows.map((row) => [row.figure, row.value, row.unit, row.floorValue, row.ratio, row.target])).toEqual([
      ["HR /admin, server CPU per response", 15, "ms", 4, 3.75, "≤ 4× (issue 10, as CPU)"],
      ["portal /bench/ok (one-line route), server CPU per response", 6, "ms", 4, 1.5, "≤ 2× (issue 10, as CPU)"],
    ]);
  });

  test("a page that did not answer 2xx is a failure, not a figure", () => {
    const rows = pageBenchRows([measured("minimal", 1_500), measured("HR /tasks", 3_000, { non2xx: 3_000 }), { target: "HR /admin", refusal: "answered 302 (Location: /login)" }], options);
    expect(rows.map((row) => [row.value, row.problem])).toEqual([
      [null, "3000 non-2xx responses"],
      [null, "answered 302 (Location: /login)"],
    ]);
    expect(failuresOf(rows)).toHaveLength(2);
  });
});

describe("choosing workloads", () => {
  test("no name runs every workload; a former suite name runs its workload once; an unknown name is refused", () => {
    expect(chooseWorkloads([])).toEqual({ chosen: Object.keys(WORKLOADS) });
    expect(chooseWorkloads(["feed", "redirect", "analytics"])).toEqual({ chosen: ["redirect", "dashboard"] });
    expect(chooseWorkloads(["pages", "nope"])).toEqual({ unknown: "nope" });
  });
});
