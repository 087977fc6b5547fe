import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { z } from "zod";
import { ensureBenchBuilds } from "./builds";
import { benchServers, startMinimalRemix, startPortal, startServer, type Child } from "./child-processes";
import { seedAndSignIn, type PageVisit } from "./demo-visitors";
import { markupName, savePageMarkup } from "./markup-floor";
import { createScratchDatabase } from "./harness";
import { failedTargets, formatTable, pageBenchRows, queryFloorLine, type TargetResult } from "./page-results";
import type { BenchRow } from "./bench-rows";
import { loadOptions, type WorkloadOptions } from "./workload-options";

/**
 * `npm run bench -- pages [--duration 10] [--warmup 2] [--connections 10] [--only text[,text…]]` (issue 10): every main
 * page of every role against the framework's floor, in one run on one machine state. Three servers
 * in production mode, each its own process: a bare node:http page, the minimal Remix app
 * (scripts/bench/minimal-remix/) and the portal (server/index.ts, as `npm start` runs it, on the
 * demo data, from a build that adds the one-line route /bench/ok). autocannon loads one target after
 * the other. After each page, the minimal app renders that page's markup as static elements (its
 * markup floor: scripts/bench/markup-floor.ts). See docs/benchmarks.md for how to read the table.
 */

const optionsSchema = z.object({
  duration: z.coerce.number().int().min(1).max(600).default(10),
  warmup: z.coerce.number().int().min(0).max(60).default(2),
  connections: z.coerce.number().int().min(1).max(1000).default(10),
  /** Measure only the targets whose name contains this, or one of these comma-separated texts (the minimal Remix app, the ratios' base, always runs). */
  only: z.string().trim().min(1).optional(),
});

export type PagesOptions = z.input<typeof optionsSchema>;

/**
 * `--quick`: each target gets a number of requests, not a duration (a heavy page on a very busy
 * machine may not answer once in a second): a warm-up of one request per connection, then three
 * per connection, without the markup floors. CI keeps the command working with it.
 */
export const QUICK_REQUESTS_PER_CONNECTION = 3;

export const MINIMAL_REMIX = "minimal Remix app /bench/ok";
/** The row after each page: the minimal app rendering the page's markup (scripts/bench/markup-floor.ts). */
const MARKUP_FLOOR_PREFIX = "  ↳ its markup in the minimal app: ";

export async function run(workload: WorkloadOptions): Promise<BenchRow[]> {
  const { quick } = workload;
  const options = { ...optionsSchema.parse(loadOptions(workload, { duration: 1, warmup: 1 })), quick };
  // Before seeding: it rewrites process.env for this process's own boot.
  const servers = benchServers("bench-pages");
  const { cleanups } = servers;
  try {
    await ensureBenchBuilds();
    const markupFolder = mkdtempSync(join(tmpdir(), "alumni-bench-markup-"));
    cleanups.push(async () => rmSync(markupFolder, { recursive: true, force: true }));
    const scratch = await createScratchDatabase();
    cleanups.push(scratch.dispose);

    progress("seeding the demo data and signing in…");
    const { visits, database, queryCpuMs, embedded } = await seedAndSignIn(scratch.env);

    const bare = await startServer(servers, "bare node:http", ["scripts/bench/bare-http-server.js"], {}, "/");
    const minimal = await startMinimalRemix(servers, { BENCH_MARKUP_DIR: markupFolder });
    const portal = await startPortal(servers, scratch.env);

    const loadAtStart = loadavg();
    const results: TargetResult[] = [];
    const targets: Target[] = [
      { target: "bare node:http", server: bare, path: "/", expect: "<p>ok</p>" },
      { target: MINIMAL_REMIX, server: minimal, path: "/bench/ok", expect: "<p>ok</p>" },
      { target: "portal /bench/ok (one-line route)", server: portal, path: "/bench/ok", expect: "<p>ok</p>" },
      // Each page, then the minimal app rendering that page's markup as static elements (its floor:
      // the page as first served is saved when the page's row checks its first response).
      ...visits.flatMap((visit): Target[] => [
        { ...visit, server: portal, saveMarkupTo: markupFolder },
        ...(quick ? [] : [{ target: `${MARKUP_FLOOR_PREFIX}${visit.target}`, server: minimal, path: `/bench/markup/${markupName(visit.target)}` }]),
      ]),
      // Again at the end: ratios are taken against both runs, and a drift between them says the
      // machine's load changed during the run.
      { target: `${MINIMAL_REMIX} (again)`, server: minimal, path: "/bench/ok", expect: "<p>ok</p>" },
    ];
    const chosen = targets.filter((t) => !options.only || t.target.startsWith(MINIMAL_REMIX) || options.only.split(",").some((text) => t.target.includes(text.trim())));
    for (const target of chosen) {
      progress(`measuring ${target.target}…`);
      results.push(await measureTarget(target, options));
    }
    const loadAtEnd = loadavg();

    const cpu = cpus();
    process.stdout.write(
      [
        "",
        `Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
        `Database: ${database}`,
        `Load: ${options.connections} connections, ${options.warmup} s warm-up then ${options.duration} s per target, one target after the other`,
        `Load average (1, 5, 15 min): ${formatLoad(loadAtStart)} at the start, ${formatLoad(loadAtEnd)} at the end`,
        "",
        formatTable(results, MINIMAL_REMIX),
        "",
        queryFloorLine(results, queryCpuMs, embedded),
        "",
      ].join("\n"),
    );
    const failures = failedTargets(results);
    if (failures.length) {
      process.stderr.write(`\nERROR: ${failures.length} target(s) did not answer 2xx pages; their figures are not page figures:\n`);
      for (const failure of failures) process.stderr.write(`  - ${failure}\n`);
    }
    return pageRows(results, "pages", quick);
  } finally {
    await cleanups.release();
  }
}

/** The pages as rows of the one table: req/s beside the minimal Remix app's (the mean of its runs). */
export function pageRows(results: readonly TargetResult[], workload = "pages", quick = false): BenchRow[] {
  return pageBenchRows(results, { workload, baselineTarget: MINIMAL_REMIX, leaveOut: [MARKUP_FLOOR_PREFIX, "bare node:http"], quick });
}

/**
 * One target: its first response must be a 2xx page (otherwise no load is sent: a redirect to
 * /login would measure the redirect), then a warm-up, then the measured run.
 */
export type Target = PageVisit & { server: Child; expect?: string; saveMarkupTo?: string };

export async function measureTarget(target: Target, options: { duration: number; warmup: number; connections: number; quick?: boolean }): Promise<TargetResult> {
  const url = `${target.server.origin}${target.path}`;
  const headers: Record<string, string> = { accept: "text/html" };
  if (target.cookie) headers.cookie = target.cookie;
  const first = await fetch(url, { headers, redirect: "manual" });
  const body = await first.text();
  if (!first.ok) {
    const location = first.headers.get("location");
    return { target: target.target, refusal: `answered ${first.status}${location ? ` (Location: ${location})` : ""}` };
  }
  if (target.expect && !body.includes(target.expect)) {
    return { target: target.target, refusal: `answered ${first.status} without ${target.expect}` };
  }
  if (target.saveMarkupTo) savePageMarkup(target.saveMarkupTo, target.target, body);
  const { connections } = options;
  if (options.quick) await autocannon({ url, headers, connections, amount: connections });
  else if (options.warmup > 0) await autocannon({ url, headers, connections, duration: options.warmup });
  const loadBefore = loadavg()[0]!;
  const cpuBefore = target.server.cpuMs();
  const startedAt = performance.now();
  const result = await autocannon({ url, headers, connections, ...(options.quick ? { amount: connections * QUICK_REQUESTS_PER_CONNECTION } : { duration: options.duration }) });
  const cpuAfter = target.server.cpuMs();
  const loadAfter = loadavg()[0]!;
  const cpuMsPerResponse =
    cpuBefore !== null && cpuAfter !== null && result.requests.total > 0 ? (cpuAfter - cpuBefore) / result.requests.total : null;
  return {
    target: target.target,
    // A run of a few requests may end before autocannon's first one-second sample, and its `duration`
    // is whole seconds (every quick page then read "30 req/s"): the quick rate uses the wall time measured here.
    requestsPerSecond: options.quick ? result.requests.total / Math.max((performance.now() - startedAt) / 1000, 0.001) : result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    responses: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    cpuMsPerResponse,
    bytesPerResponse: result.requests.total > 0 ? result.throughput.total / result.requests.total : 0,
    loadBefore,
    loadAfter,
  };
}

export function formatLoad(values: number[]): string {
  return values.map((value) => value.toFixed(2)).join(", ");
}

function progress(message: string) {
  process.stderr.write(`${message}\n`);
}
