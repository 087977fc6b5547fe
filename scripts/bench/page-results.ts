/**
 * The figures of `npm run bench -- pages` and how they are printed. A target that answered anything
 * but 2xx (a redirect to /login because a cookie is wrong, an error page) measured something else
 * than the page: it is reported as an error, never as a number that looks fast.
 */

import { benchRow, type BenchRow } from "./bench-rows";

/** One load run against one target, as autocannon counted it. */
export interface Measured {
  target: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses received during the measured run (the warm-up not included). */
  responses: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /**
   * CPU time the server process spent per response during the measured run (ms), or null when it
   * could not be read. Unlike req/s it hardly moves with the machine's load: what to compare
   * between runs on a busy machine.
   */
  cpuMsPerResponse: number | null;
  /**
   * Bytes received per response, headers included (autocannon's throughput over its responses): a
   * page's size says how much of its cost is rendering.
   */
  bytesPerResponse: number;
  /** One-minute load average just before and just after the measured run. */
  loadBefore: number;
  loadAfter: number;
}

/** A target refused before any load was sent (its first response was not a 2xx page). */
export interface Refused {
  target: string;
  refusal: string;
}

export type TargetResult = Measured | Refused;

function isRefused(result: TargetResult): result is Refused {
  return "refusal" in result;
}

/** What is wrong with a target's figures, or null when every response was a 2xx page. */
export function problemOf(result: TargetResult): string | null {
  if (isRefused(result)) return result.refusal;
  const problems = [
    result.non2xx > 0 ? `${result.non2xx} non-2xx responses` : "",
    result.errors > 0 ? `${result.errors} connection errors` : "",
    result.timeouts > 0 ? `${result.timeouts} timeouts` : "",
    result.responses === 0 ? "no response at all" : "",
  ].filter(Boolean);
  return problems.length ? problems.join(", ") : null;
}

/**
 * The req/s every ratio is taken against: the mean of the baseline's runs (the minimal Remix app is
 * measured first and again last, so that a machine getting busier during the run shows), or null
 * when one of them is not a clean run.
 */
export function baselineRate(baselines: readonly TargetResult[]): number | null {
  if (baselines.length === 0) return null;
  let sum = 0;
  for (const baseline of baselines) {
    if (isRefused(baseline) || problemOf(baseline) || baseline.requestsPerSecond <= 0) return null;
    sum += baseline.requestsPerSecond;
  }
  return sum / baselines.length;
}

/** req/s of `result` divided by the baseline's, or null when either is not a clean run. */
export function ratioTo(baselines: readonly TargetResult[], result: TargetResult): number | null {
  const base = baselineRate(baselines);
  if (base === null || isRefused(result) || problemOf(result)) return null;
  return result.requestsPerSecond / base;
}

const COLUMNS = ["target", "req/s", "p50", "p99", "non-2xx", "× minimal Remix", "server CPU per response", "page size", "load 1 min before → after"] as const;

function number(value: number, digits = 0): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function milliseconds(value: number): string {
  return `${number(value, value < 10 ? 1 : 0)} ms`;
}

function kilobytes(bytes: number): string {
  return `${number(bytes / 1024, bytes < 10 * 1024 ? 1 : 0)} KB`;
}

/**
 * The table, in Markdown so that it can be pasted into docs/benchmarks.md. Rows whose target starts
 * with `baselineTarget` are the runs every ratio is taken against (the minimal Remix app).
 */
export function formatTable(results: readonly TargetResult[], baselineTarget: string): string {
  const baselines = results.filter((result) => result.target.startsWith(baselineTarget));
  const rows = results.map((result) => {
    const problem = problemOf(result);
    if (problem || isRefused(result)) {
      const load = isRefused(result) ? "" : `${result.loadBefore.toFixed(2)} → ${result.loadAfter.toFixed(2)}`;
      const non2xx = isRefused(result) ? "" : number(result.non2xx);
      return [result.target, "**ERROR**", "", "", non2xx, `**${problem}**`, "", "", load];
    }
    const ratio = ratioTo(baselines, result);
    return [
      result.target,
      number(result.requestsPerSecond),
      milliseconds(result.p50Ms),
      milliseconds(result.p99Ms),
      number(result.non2xx),
      ratio === null ? "n/a" : `${ratio.toFixed(ratio < 0.1 ? 3 : 2)}×`,
      result.cpuMsPerResponse === null ? "n/a" : `${number(result.cpuMsPerResponse, 2)} ms`,
      kilobytes(result.bytesPerResponse),
      `${result.loadBefore.toFixed(2)} → ${result.loadAfter.toFixed(2)}`,
    ];
  });
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(COLUMNS), line(COLUMNS.map(() => "---")), ...rows.map(line)].join("\n");
}

/** The targets whose figures are not to be trusted, one line each; empty when the run is clean. */
export function failedTargets(results: readonly TargetResult[]): string[] {
  return results.flatMap((result) => {
    const problem = problemOf(result);
    return problem ? [`${result.target}: ${problem}`] : [];
  });
}

/**
 * What one query costs against a page's budget at the issue's 0.25× target: on the embedded
 * database a query's whole cost is in the server's process, so a page that needs more queries
 * than the budget holds cannot reach the target whatever else it does.
 */
export function queryFloorLine(results: readonly TargetResult[], queryCpuMs: number, embedded: boolean, target = 0.25): string {
  const baselines = results.filter((result) => result.target.startsWith("minimal Remix app /bench/ok"));
  const measured = baselines.filter((result): result is Measured => !isRefused(result) && result.cpuMsPerResponse !== null);
  const cost = `One query (\`select 1\` through Kysely, in the benchmark's process): ${number(queryCpuMs, 3)} ms of CPU`;
  if (!embedded) return `${cost}, the client's share only (PostgreSQL's own work is in its processes).`;
  if (measured.length === 0) return `${cost}.`;
  const minimalMs = measured.reduce((sum, result) => sum + result.cpuMsPerResponse!, 0) / measured.length;
  const budgetMs = minimalMs / target;
  return `${cost}. At ${target}× the minimal app (${number(minimalMs, 2)} ms per response) a page has about ${number(budgetMs, 1)} ms in all: at most ${Math.floor(budgetMs / queryCpuMs)} such queries and nothing else.`;
}

/**
 * The pages as rows of `npm run bench`'s one table: each page's req/s beside the baseline's (the
 * mean of its runs; none when one of them is not clean), target 0.5× for a one-line route and 0.25×
 * for a page (issue 10). The baseline's own rows and the targets starting with one of `leaveOut`
 * (the markup floors, the bare server) are not rows of their own. A page that did not answer 2xx
 * is a row with a problem: the run then fails.
 */
export function pageBenchRows(
  results: readonly TargetResult[],
  options: {
    workload: string;
    baselineTarget: string;
    leaveOut: readonly string[];
    /**
     * A quick run sends a few requests per target, which autocannon finishes on its one-second tick:
     * every target then reads about the same req/s. Its rows compare the server's CPU per response
     * instead (the throughput target turned around: ≥ 0.25× the rate is ≤ 4× the CPU).
     */
    quick?: boolean;
  },
): BenchRow[] {
  const baselines = results.filter((result) => result.target.startsWith(options.baselineTarget));
  const floor = `${options.baselineTarget}${baselines.length > 1 ? ` (mean of ${baselines.length} runs)` : ""}`;
  const floorValue = options.quick ? baselineCpu(baselines) : baselineRate(baselines);
  return results
    .filter((result) => !result.target.startsWith(options.baselineTarget) && !options.leaveOut.some((prefix) => result.target.startsWith(prefix)))
    .map((result) => {
      const problem = problemOf(result);
      const oneLine = result.target.includes("one-line route");
      const measured = problem || isRefused(result) ? null : result;
      return benchRow({
        workload: options.workload,
        figure: options.quick ? `${result.target}, server CPU per response` : `${result.target}, req/s`,
        value: options.quick ? (measured?.cpuMsPerResponse ?? null) : (measured?.requestsPerSecond ?? null),
        unit: options.quick ? "ms" : "req/s",
        floor,
        floorValue,
        target: options.quick ? (oneLine ? "≤ 2× (issue 10, as CPU)" : "≤ 4× (issue 10, as CPU)") : oneLine ? "≥ 0.5× (issue 10)" : "≥ 0.25× (issue 10)",
        ...(problem ? { problem } : {}),
      });
    });
}

/** The baselines' mean server CPU per response, in ms (null when none was measured). */
function baselineCpu(baselines: readonly TargetResult[]): number | null {
  const cpu = baselines.flatMap((result) => (!isRefused(result) && result.cpuMsPerResponse !== null ? [result.cpuMsPerResponse] : []));
  return cpu.length ? cpu.reduce((sum, value) => sum + value, 0) / cpu.length : null;
}
