import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { benchServers, startServer, type BenchServers, type Child } from "./bench/child-processes";
import { seedAndSignIn } from "./bench/demo-visitors";
import { createScratchDatabase } from "./bench/harness";
import { startPrivateCluster, type PrivateCluster } from "./soak/private-postgres";

/**
 * `npm run soak [-- --duration 600 --warmup 60 --rate 40 --quick --outage 30]` (issue 15): mixed
 * traffic at a steady rate (the share feed, a tracked link, HR's analytics dashboard, a leaver's exit
 * survey page, the API's departure list and creation) against ONE web process (RUN_WORKER=false) and
 * ONE worker (`npm run worker`), both child processes in production mode on a scratch PostgreSQL
 * database (DATABASE_URL's server); without DATABASE_URL, one process with RUN_WORKER=true on the
 * embedded database (it is single-process). autocannon runs in this process. After the warm-up it
 * samples every few seconds the RSS of both processes, the open database connections and the
 * answers' statuses, prints a table and exits 1 on any 5xx, on RSS growth of 10 % or more after the
 * warm-up (of the lowest sample, first third against last third of the run), or on growing connections. `--outage <s>` stops a private PostgreSQL cluster (this
 * script's own) for that long in the middle of the run: 503s are then expected and counted apart.
 */
const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    duration: { type: "string" },
    warmup: { type: "string" },
    rate: { type: "string" },
    sample: { type: "string" },
    quick: { type: "boolean" },
    outage: { type: "string" },
  },
});
const quick = values.quick ?? false;
const durationS = Number(values.duration ?? (quick ? 60 : 600));
const warmupS = Number(values.warmup ?? (quick ? 15 : 60));
const rate = Number(values.rate ?? 40);
const sampleS = Number(values.sample ?? (quick ? 3 : 10));
const outageS = values.outage ? Number(values.outage) : 0;
const MEMORY_GROWTH_LIMIT = 0.1;

interface Sample {
  atS: number;
  webRssMb: number | null;
  workerRssMb: number | null;
  connections: number | null;
  statuses: Map<number, number>;
  phase: "warm-up" | "measured" | "outage";
}

function rssMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
    return line ? Math.round(Number(line[1]) / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

function progress(text: string) {
  process.stderr.write(`${text}\n`);
}

async function startWorker(env: NodeJS.ProcessEnv, logFile: string, cleanups: BenchServers["cleanups"]): Promise<{ pid: number | undefined; alive: () => boolean }> {
  const log = openSync(logFile, "a");
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { env, stdio: ["ignore", log, log] });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  cleanups.push(async () => {
    if (!alive()) return;
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(10_000)]);
    if (alive()) child.kill("SIGKILL");
  });
  const deadline = Date.now() + 120_000;
  while (!readFileSync(logFile, "utf8").includes('"worker started"')) {
    if (!alive()) throw new Error(`the worker exited before starting:\n${readFileSync(logFile, "utf8").slice(-3000)}`);
    if (Date.now() > deadline) throw new Error("the worker did not start within 120 s");
    await sleep(200);
  }
  return { pid: child.pid, alive };
}

async function main() {
  if (!existsSync("build/index.js")) throw new Error("No build: run `npm run build` first.");
  const servers = benchServers("soak");
  const { cleanups } = servers;
  try {
    let cluster: PrivateCluster | undefined;
    if (outageS > 0) {
      progress("starting a private PostgreSQL cluster for the outage…");
      cluster = await startPrivateCluster();
      cleanups.push(cluster.dispose);
      process.env.DATABASE_URL = cluster.url;
    }
    const scratch = await createScratchDatabase();
    cleanups.push(scratch.dispose);
    const onPostgres = "DATABASE_URL" in scratch.env;

    progress("seeding the demo data and signing in…");
    const today = new Date().toISOString().slice(0, 10);
    const inThreeWeeks = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
    const seeded = await seedAndSignIn(scratch.env, {
      also: async (db) => {
        const { trackedLinkFor } = await import("~/modules/links/tracked-links.server");
        const { createApiToken } = await import("~/modules/integrations/api-tokens.server");
        const link = await trackedLinkFor({ targetUrl: "https://news.acme.example/soak", channel: "linkedin", campaign: "soak" }, db);
        const { token } = await createApiToken({ name: "soak", createdBy: null });
        return { code: link.code, token };
      },
    });
    const hr = seeded.visits.find((v) => v.target === "HR /admin")!.cookie!;
    const leaver = seeded.visits.find((v) => v.target.startsWith("leaver"))!;

    const common: Record<string, string> = {
      ...scratch.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      APP_URL: "https://portal.soak.invalid",
      APP_SECRET: randomBytes(32).toString("hex"),
      ALLOW_OUTBOX_IN_PRODUCTION: "true",
      SEED_DEMO_DATA: "false",
      LOG_LEVEL: "warn",
    };
    const web: Child = await startServer(servers, "web", ["--import", "tsx", "server/index.ts"], { ...common, RUN_WORKER: onPostgres ? "false" : "true" }, "/healthz");
    const worker = onPostgres ? await startWorker({ ...servers.inheritedEnv, ...common, LOG_LEVEL: "info" }, join(servers.logs, "worker.log"), cleanups) : undefined;

    const browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
    const api = { authorization: `Bearer ${seeded.extra.token}`, "content-type": "application/json" };
    const departure = JSON.stringify({
      employee: { email: "soak.leaver@example.com", name: "Soak Leaver", department: "Engineering" },
      noticeDate: today,
      lastDay: inThreeWeeks,
      type: "voluntary",
      externalId: "SOAK-1",
      confirmUnusualDates: true,
    });
    // Ten requests in turn on every connection: pages, the redirect, the API (well under its
    // per-token limit of 600 a minute at the default rate).
    const requests = [
      { method: "GET", path: "/alumni", headers: { cookie: seeded.cookies.alumnus, "user-agent": browser } },
      { method: "GET", path: `/r/${seeded.extra.code}`, headers: { "user-agent": browser } },
      { method: "GET", path: "/admin/analytics", headers: { cookie: hr, "user-agent": browser } },
      { method: "GET", path: leaver.path, headers: { cookie: leaver.cookie!, "user-agent": browser } },
      { method: "GET", path: "/alumni", headers: { cookie: seeded.cookies.alumnus, "user-agent": browser } },
      { method: "GET", path: `/r/${seeded.extra.code}`, headers: { "user-agent": browser } },
      { method: "GET", path: "/api/v1/departures?limit=20", headers: api },
      { method: "POST", path: "/api/v1/departures", headers: api, body: departure },
      { method: "GET", path: "/admin/analytics", headers: { cookie: hr, "user-agent": browser } },
      { method: "GET", path: "/login", headers: { "user-agent": browser } },
    ];

    const statuses = new Map<number, number>();
    const allStatuses = new Map<number, number>();
    const outageStatuses = new Map<number, number>();
    let inOutage = false;
    const totalS = warmupS + durationS;
    progress(`load: ${rate} requests/s for ${totalS} s (${warmupS} s warm-up), ${onPostgres ? "web + worker on PostgreSQL" : "one process (RUN_WORKER=true) on the embedded database"}`);
    const instance = (autocannon as unknown as (options: object) => { on: (event: string, fn: (...args: any[]) => void) => void; stop: () => void })({
      url: web.origin,
      connections: 8,
      overallRate: rate,
      duration: totalS,
      timeout: 10,
      requests,
    });
    const done = new Promise<void>((resolve) => instance.on("done", () => resolve()));
    instance.on("response", (_client: unknown, status: number) => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      allStatuses.set(status, (allStatuses.get(status) ?? 0) + 1);
      if (inOutage) outageStatuses.set(status, (outageStatuses.get(status) ?? 0) + 1);
    });

    const databaseName = "DATABASE_URL" in scratch.env ? new URL(scratch.env.DATABASE_URL).pathname.slice(1) : undefined;
    const monitorUrl = cluster ? cluster.url : (process.env.DATABASE_URL ?? "");
    // A client of its own for each sample: the outage ends every connection (a kept one would die
    // with an 'error' event), and the count leaves this one out.
    const connections = async () => {
      if (!onPostgres) return null;
      const monitor = new pg.Client({ connectionString: monitorUrl });
      monitor.on("error", () => {});
      try {
        await monitor.connect();
        const { rows } = await monitor.query<{ n: string }>("select count(*) as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", [databaseName]);
        return Number(rows[0]!.n);
      } catch {
        return null;
      } finally {
        await monitor.end().catch(() => {});
      }
    };

    const samples: Sample[] = [];
    const started = Date.now();
    const outageAt = warmupS + durationS / 2 - outageS / 2;
    let outageDone = outageS === 0;
    let recoveredAfterS: number | null = null;
    while (Date.now() - started < totalS * 1000) {
      await sleep(sampleS * 1000);
      const atS = Math.round((Date.now() - started) / 1000);
      samples.push({
        atS,
        webRssMb: rssMb(web.pid),
        workerRssMb: rssMb(worker?.pid),
        connections: inOutage ? null : await connections(),
        statuses: new Map(statuses),
        phase: inOutage ? "outage" : atS <= warmupS ? "warm-up" : "measured",
      });
      statuses.clear();
      if (!outageDone && cluster && atS >= outageAt) {
        outageDone = true;
        progress(`stopping PostgreSQL for ${outageS} s…`);
        inOutage = true;
        await cluster.stop();
        await sleep(outageS * 1000);
        await cluster.start();
        const restarted = Date.now();
        while (!(await fetch(`${web.origin}/healthz`).then((r) => r.ok).catch(() => false))) await sleep(200);
        recoveredAfterS = Math.round((Date.now() - restarted) / 100) / 10;
        inOutage = false;
        progress(`PostgreSQL back; /healthz ok ${recoveredAfterS} s after the start`);
      }
    }
    await done;

    // The table.
    const fmt = (value: number | null) => (value === null ? "–" : String(value));
    const lines = [
      `Soak: ${durationS} s after a ${warmupS} s warm-up at ${rate} requests/s; ${onPostgres ? `web (RUN_WORKER=false) + worker on PostgreSQL (${seeded.database})` : `one process with RUN_WORKER=true on the embedded database (PGlite is single-process) (${seeded.database})`}`,
      "",
      "| s | phase | web RSS MB | worker RSS MB | DB connections | answers (status × count) |",
      "|---:|---|---:|---:|---:|---|",
      ...samples.map(
        (s) =>
          `| ${s.atS} | ${s.phase} | ${fmt(s.webRssMb)} | ${fmt(s.workerRssMb)} | ${fmt(s.connections)} | ${[...s.statuses].sort((a, b) => a[0] - b[0]).map(([code, n]) => `${code}×${n}`).join(" ")} |`,
      ),
    ];
    const measured = samples.filter((s) => s.phase === "measured");
    const verdicts: string[] = [];
    const failures: string[] = [];
    // Every 5xx fails the run, except the outage's 503s (answered while PostgreSQL was stopped).
    const count5xx = (map: Map<number, number>) => [...map].filter(([code]) => code >= 500).reduce((sum, [, n]) => sum + n, 0);
    const unexpected5xx = count5xx(allStatuses) - (outageStatuses.get(503) ?? 0);
    verdicts.push(`answers: ${[...allStatuses].sort((a, b) => a[0] - b[0]).map(([code, n]) => `${code}×${n}`).join(", ")}`);
    if (outageS > 0) {
      verdicts.push(`during the ${outageS} s outage: ${[...outageStatuses].sort((a, b) => a[0] - b[0]).map(([code, n]) => `${code}×${n}`).join(", ")}; /healthz ok ${recoveredAfterS} s after PostgreSQL started`);
    }
    if (unexpected5xx > 0) failures.push(`${unexpected5xx} answers were 5xx${outageS > 0 ? " outside the outage" : ""}`);
    const growth = (pick: (s: Sample) => number | null, name: string) => {
      const values = measured.map(pick).filter((v): v is number => v !== null);
      if (values.length < 4) return;
      // The lowest sample of each third: RSS rises and falls with garbage collection (a sawtooth of
      // 50–100 MB on the web process), and only a floor that rises is memory kept for good.
      const third = Math.max(1, Math.floor(values.length / 3));
      const first = Math.min(...values.slice(0, third));
      const last = Math.min(...values.slice(-third));
      const ratio = (last - first) / first;
      verdicts.push(`${name}: lowest ${first.toFixed(1)} MB in the first third of the measured samples, ${last.toFixed(1)} MB in the last (${ratio >= 0 ? "+" : ""}${(ratio * 100).toFixed(1)} %; highest ${Math.max(...values).toFixed(1)} MB)`);
      // One minute (--quick, CI) is the heap's first climb, not a trend: it keeps the command
      // working and judges 5xx and connections only (measured: +23 % in a minute, flat over ten).
      if (ratio >= MEMORY_GROWTH_LIMIT && !quick) failures.push(`${name} grew by ${(ratio * 100).toFixed(1)} % (limit ${MEMORY_GROWTH_LIMIT * 100} %)`);
    };
    growth((s) => s.webRssMb, "web RSS");
    if (worker) growth((s) => s.workerRssMb, "worker RSS");
    const conns = measured.map((s) => s.connections).filter((v): v is number => v !== null);
    if (conns.length >= 4) {
      const third = Math.max(1, Math.floor(conns.length / 3));
      const firstMax = Math.max(...conns.slice(0, third));
      const lastMax = Math.max(...conns.slice(-third));
      verdicts.push(`open database connections: at most ${firstMax} in the first third, ${lastMax} in the last (pools: web 10 + 4, worker 10 + 4)`);
      if (lastMax > firstMax + 2) failures.push(`open database connections grew from ${firstMax} to ${lastMax}`);
    }
    if (worker && !worker.alive()) failures.push("the worker exited");
    process.stdout.write(`${[...lines, "", ...verdicts.map((v) => `- ${v}`), ...failures.map((f) => `- FAILED: ${f}`), ""].join("\n")}\n`);
    process.exitCode = failures.length > 0 ? 1 : 0;
  } finally {
    await cleanups.release();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
