/**
 * The one table of `npm run bench` (issue 15): every workload hands the runner rows of one shape,
 * each figure beside the floor it is compared with, measured in the same run. Nothing here measures
 * or starts anything; tests/unit/bench/bench-rows.test.ts checks the shaping.
 */

/** One figure of one workload, beside its floor. */
export interface BenchRow {
  /** The workload's name, as `npm run bench -- <name>` takes it. */
  workload: string;
  /** What was measured, e.g. "HR /admin/departures, req/s". */
  figure: string;
  /** The figure, in `unit`; null when it could not be measured here (see `note` or `problem`). */
  value: number | null;
  unit: string;
  /** What the figure is compared with ("" when nothing is: the figure stands against its target alone). */
  floor: string;
  /** The floor's figure, in the same unit, measured in the same run. */
  floorValue: number | null;
  /** value / floorValue (whatever the unit: 0.25 reads "a quarter of the floor"), or null. */
  ratio: number | null;
  /** The target the figure is read against, in words ("≥ 0.25× the floor", "< 60 s (T5)"), or "". */
  target: string;
  /** Why a figure is missing or differs on purpose ("PostgreSQL only"), printed beside it. */
  note?: string;
  /**
   * Set when the figure cannot be trusted (a page that did not answer 2xx, clicks lost, a workload
   * that crashed): the run then exits non-zero. Targets not met are not problems: CI does not
   * judge the numbers.
   */
  problem?: string;
}

/** value / floor, or null when either is missing or the floor is not positive. */
export function ratioOf(value: number | null, floorValue: number | null): number | null {
  if (value === null || floorValue === null || !Number.isFinite(value) || !Number.isFinite(floorValue) || floorValue <= 0) return null;
  return value / floorValue;
}

/** A row with its ratio computed from its value and its floor's. */
export function benchRow(fields: Omit<BenchRow, "ratio" | "floor" | "floorValue" | "target"> & Partial<Pick<BenchRow, "floor" | "floorValue" | "target">>): BenchRow {
  const floorValue = fields.floorValue ?? null;
  return { floor: "", target: "", ...fields, floorValue, ratio: ratioOf(fields.value, floorValue) };
}

/** The row that stands for a workload that threw: its error is the run's failure. */
export function crashedRow(workload: string, error: unknown): BenchRow {
  const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
  return { workload, figure: "the whole workload", value: null, unit: "", floor: "", floorValue: null, ratio: null, target: "", problem: `crashed: ${message}` };
}

/** One line per untrustworthy row, "workload — figure: problem"; empty when the run is clean. */
export function failuresOf(rows: readonly BenchRow[]): string[] {
  return rows.flatMap((row) => (row.problem ? [`${row.workload} — ${row.figure}: ${row.problem}`] : []));
}

/** A number as the table prints it: thousands separated, fewer decimals as it grows. */
export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatValue(value: number | null, unit: string): string {
  if (value === null) return "—";
  return unit ? `${formatNumber(value)} ${unit}` : formatNumber(value);
}

export function formatRatio(ratio: number | null): string {
  if (ratio === null) return "—";
  const digits = ratio >= 100 ? 0 : ratio >= 10 ? 1 : ratio < 0.1 ? 3 : 2;
  return `${ratio.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })}×`;
}

const HEADER = ["workload", "figure", "value", "floor (same run)", "floor value", "ratio", "target"] as const;

/** Markdown pipes in a cell would split it. */
function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}

/** The table, in Markdown (pasted as is into the README and docs/benchmarks.md). */
export function formatBenchTable(rows: readonly BenchRow[]): string {
  const lines = rows.map((row) => {
    const value = row.problem ? `**ERROR: ${row.problem}**` : formatValue(row.value, row.unit);
    const noted = row.note ? `${value} (${row.note})` : value;
    return [row.workload, row.figure, noted, row.floor || "—", row.floor ? formatValue(row.floorValue, row.unit) : "—", formatRatio(row.ratio), row.target || "—"].map(cell);
  });
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(HEADER), "| --- | --- | ---: | --- | ---: | ---: | --- |", ...lines.map(line)].join("\n");
}

/** Where and on what the run was made. */
export interface RunContext {
  database: { kind: "pglite" | "postgresql"; version: string };
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; platform: string };
  /** One-minute, five-minute and fifteen-minute load averages at the start and the end. */
  loadAverage: { start: number[]; end: number[] };
}

/** The JSON file a run leaves under bench/results/. */
export interface BenchResults extends RunContext {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  /** The workloads run, in order. */
  workloads: string[];
  rows: BenchRow[];
  failures: string[];
}

export function benchResults(fields: Omit<BenchResults, "failures" | "startedAt" | "finishedAt"> & { startedAt: Date; finishedAt: Date }): BenchResults {
  return { ...fields, startedAt: fields.startedAt.toISOString(), finishedAt: fields.finishedAt.toISOString(), failures: failuresOf(fields.rows) };
}

/**
 * The results file's name: the run's start (UTC, to the minute), the database, and whether it was
 * quick or a part of the workloads ("2026-12-07T2210Z-pglite.json" for a full run). Quick and partial
 * runs are not committed (.gitignore).
 */
export function resultsFileName(startedAt: Date, database: RunContext["database"]["kind"], run: { quick: boolean; partial: boolean }): string {
  const stamp = startedAt.toISOString().slice(0, 16).replaceAll(":", "");
  const suffix = [run.quick ? "quick" : "", run.partial ? "partial" : ""].filter(Boolean).join("-");
  return `${stamp}Z-${database}${suffix ? `-${suffix}` : ""}.json`;
}

/** The lines above the table: database, machine, load. */
export function describeRun(context: RunContext, run: { quick: boolean }): string {
  const { database, machine, loadAverage } = context;
  return [
    `Database: ${database.kind === "pglite" ? "embedded PGlite" : "PostgreSQL (DATABASE_URL)"}, ${database.version}`,
    `Machine: ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}`,
    `Load average (1, 5, 15 min): ${loadAverage.start.map((v) => v.toFixed(2)).join(", ")} at the start, ${loadAverage.end.map((v) => v.toFixed(2)).join(", ")} at the end`,
    `Sizes: ${run.quick ? "quick (--quick: small sizes, to keep the command working; not figures to compare)" : "full"}`,
  ].join("\n");
}
