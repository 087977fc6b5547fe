import autocannon from "autocannon";
import { z } from "zod";
import { benchRow, type BenchRow } from "./bench-rows";
import { ensureBenchBuilds } from "./builds";
import { benchServers, startMinimalRemix, startPortal, type Child } from "./child-processes";
import { seedAndSignIn } from "./demo-visitors";
import { createScratchDatabase } from "./harness";
import { loadOptions, type WorkloadOptions } from "./workload-options";

/**
 * `npm run bench -- memory [--duration 30] [--connections 10]` (issue 15): the peak resident memory
 * (RSS) of the web process under load. The portal (server/index.ts in production mode, on the demo
 * data, as `npm run bench -- pages` starts it) is loaded by autocannon from this process, each
 * connection opening every main page of every role in turn, while /proc/<pid>/status is sampled
 * every 50 ms. The floor: the minimal Remix app under the same load (the same connections for the
 * same time, on its one-line route), sampled the same way. Full: 30 s each; `--quick`: 5 s.
 */

const optionsSchema = z.object({
  duration: z.coerce.number().int().min(1).max(600).default(30),
  connections: z.coerce.number().int().min(1).max(1000).default(10),
});

const SAMPLE_EVERY_MS = 50;

interface Peak {
  idleMb: number | null;
  peakMb: number | null;
  responses: number;
  problem: string | null;
}

export async function run(workload: WorkloadOptions): Promise<BenchRow[]> {
  const options = optionsSchema.parse(loadOptions(workload, { duration: 5, warmup: 0 }));
  const servers = benchServers("bench-memory");
  try {
    await ensureBenchBuilds();
    const scratch = await createScratchDatabase();
    servers.cleanups.push(scratch.dispose);
    process.stderr.write("seeding the demo data and signing in…\n");
    const { visits } = await seedAndSignIn(scratch.env);
    const minimal = await startMinimalRemix(servers);
    const portal = await startPortal(servers, scratch.env);

    const pages = visits.map((visit) => ({ method: "GET", path: visit.path, headers: { accept: "text/html", ...(visit.cookie ? { cookie: visit.cookie } : {}) } }));
    const refused = await firstAnswers(portal, pages);
    const portalPeak = refused ? { idleMb: null, peakMb: null, responses: 0, problem: refused } : await peakUnderLoad(portal, pages, options);
    const minimalPeak = await peakUnderLoad(minimal, [{ method: "GET", path: "/bench/ok", headers: { accept: "text/html" } }], options);
    for (const [name, peak] of [["portal", portalPeak], ["minimal Remix app", minimalPeak]] as const) {
      process.stdout.write(
        `${name.padEnd(20)} RSS idle ${peak.idleMb?.toFixed(0) ?? "?"} MB, peak under load ${peak.peakMb?.toFixed(0) ?? "?"} MB ` +
          `(${options.connections} connections, ${options.duration} s, ${peak.responses.toLocaleString("en")} responses)${peak.problem ? `: ${peak.problem}` : ""}\n`,
      );
    }
    const problem = portalPeak.problem ?? (minimalPeak.problem ? `the floor: ${minimalPeak.problem}` : null);
    return [
      benchRow({
        workload: "memory",
        figure: `peak RSS of the web process, every main page in turn, ${options.connections} connections for ${options.duration} s`,
        value: portalPeak.peakMb,
        unit: "MB",
        floor: "the minimal Remix app under the same load",
        floorValue: minimalPeak.peakMb,
        target: "",
        ...(problem ? { problem } : {}),
      }),
    ];
  } finally {
    await servers.cleanups.release();
  }
}

/** Every page must answer 2xx before any load is sent (a redirect to /login would measure the redirect); the first that does not, or null. */
async function firstAnswers(server: Child, pages: Array<{ path: string; headers: Record<string, string> }>): Promise<string | null> {
  for (const page of pages) {
    const response = await fetch(`${server.origin}${page.path}`, { headers: page.headers, redirect: "manual" });
    await response.arrayBuffer();
    if (!response.ok) return `${page.path} answered ${response.status}`;
  }
  return null;
}

async function peakUnderLoad(server: Child, requests: Array<{ method: string; path: string; headers: Record<string, string> }>, options: { duration: number; connections: number }): Promise<Peak> {
  const idle = server.rssKb();
  let peak = idle ?? 0;
  const sampler = setInterval(() => (peak = Math.max(peak, server.rssKb() ?? 0)), SAMPLE_EVERY_MS);
  try {
    const result = await autocannon({ url: server.origin, requests, connections: options.connections, duration: options.duration });
    peak = Math.max(peak, server.rssKb() ?? 0);
    const problems = [
      result.non2xx > 0 ? `${result.non2xx} non-2xx responses` : "",
      result.errors > 0 ? `${result.errors} connection errors` : "",
      result.requests.total === 0 ? "no response at all" : "",
    ].filter(Boolean);
    return { idleMb: idle === null ? null : idle / 1024, peakMb: idle === null ? null : peak / 1024, responses: result.requests.total, problem: problems.length ? problems.join(", ") : null };
  } finally {
    clearInterval(sampler);
  }
}
