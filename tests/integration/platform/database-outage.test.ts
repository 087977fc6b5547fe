import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "kysely";
import pg from "pg";
import { createDb, migrateToLatest, setDatabaseHandle, type DatabaseHandle } from "~/utils/db.server";
import { insertUser } from "~/modules/auth/users.server";
import { createSession } from "~/modules/auth/session.server";
import { createApiToken } from "~/modules/integrations/api-tokens.server";
import { trackedLinkFor } from "~/modules/links/tracked-links.server";
import { sendEmail } from "~/modules/email/send-email.server";
import { startJobs, stopJobs } from "~/modules/jobs/boss.server";
import { resetEnvCache } from "~/utils/env.server";
import { jobDefinitions } from "../../../server/jobs";
import { freePort, processCpuMs } from "../../../scripts/bench/child-processes";
import { startPrivateCluster, type PrivateCluster } from "../../../scripts/soak/private-postgres";
import { nodeArgumentsFor } from "../../support/entry-bundle";

/**
 * A database outage under load (issue 15, docs/decisions/036), on a PostgreSQL cluster of the test's
 * own (it is stopped and started; vitest.config.ts runs this file only in the PostgreSQL pass). A web
 * process (RUN_WORKER=false) and a worker, both real production processes, serve a stream of
 * requests while the cluster is stopped for OUTAGE_MS and started again. It proves:
 * - during the outage every request is answered within FAST_MS, never with a 500: pages 503 with
 *   Retry-After in the visitor's language and no error details, the API a problem+json 503, a tracked
 *   link already in memory still redirects, an unknown one 503, /healthz says degraded;
 * - neither process crashes (same processes before and after), and the worker does not spin;
 * - afterwards everything answers again without a restart, the emails queued before the outage
 *   (some of them due during it) and after it are all delivered, and every redirect answered was
 *   counted as a click.
 */

const OUTAGE_MS = 8_000;
/** The slowest answer allowed at any time: a request must fail fast, not hang. */
const FAST_MS = 2_500;
const PRODUCTION_SESSION_COOKIE = "__Host-session";
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

interface Answer {
  kind: Visit["kind"];
  status: number;
  ms: number;
  at: number;
  retryAfter: string | null;
  contentType: string | null;
  body: string;
}

interface Visit {
  kind: "page" | "api" | "cachedLink" | "uncachedLink" | "health";
  path: string;
  headers: Record<string, string>;
}

let cluster: PrivateCluster;
let handle: DatabaseHandle;
const children: ChildProcess[] = [];

function startProcess(entry: "server" | "worker", env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, nodeArgumentsFor(entry), { env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk) => (output = (output + chunk).slice(-20_000)));
  child.stderr!.on("data", (chunk) => (output = (output + chunk).slice(-20_000)));
  return { child, output: () => output };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, output = () => ""): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s\n${output()}`);
    await sleep(200);
  }
}

async function visit(origin: string, target: Visit): Promise<Answer> {
  const started = performance.now();
  // A hang shows as an answer of 10 s, far above FAST_MS.
  const response = await fetch(`${origin}${target.path}`, { headers: target.headers, redirect: "manual", signal: AbortSignal.timeout(10_000) }).catch(
    () => undefined,
  );
  const body = response ? await response.text().catch(() => "") : "";
  return {
    kind: target.kind,
    status: response?.status ?? 0,
    ms: performance.now() - started,
    at: Date.now(),
    retryAfter: response?.headers.get("retry-after") ?? null,
    contentType: response?.headers.get("content-type") ?? null,
    body,
  };
}

/** CONCURRENCY loops of requests over `visits` until `until()` is true. */
async function load(origin: string, visits: Visit[], until: () => boolean, answers: Answer[]) {
  const CONCURRENCY = 4;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, lane) => {
      for (let n = lane; !until(); n++) {
        answers.push(await visit(origin, visits[n % visits.length]!));
        await sleep(50);
      }
    }),
  );
}

beforeAll(async () => {
  cluster = await startPrivateCluster();
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query("create database portal");
  await admin.end();
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await stopJobs(2_000).catch(() => {});
  setDatabaseHandle(undefined);
  await handle?.close().catch(() => {});
  resetEnvCache();
  await cluster?.dispose();
});

describe("a PostgreSQL outage under load", () => {
  it("is answered fast with 503s in the visitor's language, pauses the jobs, and recovers without a restart with no job or counted click lost", async () => {
    const databaseUrl = cluster.url.replace(/\/postgres$/, "/portal");
    handle = await createDb({ databaseUrl });
    await migrateToLatest(handle.db);
    setDatabaseHandle(handle);
    // This process queues (as a web process would) but does not work.
    await startJobs({ work: false, jobs: jobDefinitions });

    const hr = await insertUser(handle.db, { email: "hr-outage@example.test", name: "Camille", role: "hr_admin", locale: "fr", status: "active" });
    const { token: sessionToken } = await createSession(handle.db, hr);
    const { token: apiToken } = await createApiToken({ name: "HRIS outage", createdBy: null });
    const cached = await trackedLinkFor({ targetUrl: "https://news.example.org/a", channel: "linkedin", campaign: "outage" }, handle.db);
    const uncached = await trackedLinkFor({ targetUrl: "https://news.example.org/b", channel: "linkedin", campaign: "outage" }, handle.db);

    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      APP_URL: "https://portal.outage.invalid",
      APP_SECRET: randomBytes(32).toString("hex"),
      ALLOW_OUTBOX_IN_PRODUCTION: "true",
      SEED_DEMO_DATA: "false",
      LOG_LEVEL: "warn",
    };
    delete env.RESEND_API_KEY;
    const web = startProcess("server", { ...env, RUN_WORKER: "false" });
    const origin = `http://127.0.0.1:${port}`;
    await waitFor("the web process answers /healthz", async () => ((await fetch(`${origin}/healthz`)).ok ? true : undefined), 60_000, web.output);
    // After the web process: two processes installing the defaults of a new database at once collide.
    const worker = startProcess("worker", { ...env, LOG_LEVEL: "info" });
    await waitFor("the worker starts", async () => (worker.output().includes("worker started") ? true : undefined), 60_000, worker.output);

    const french = { "accept-language": "fr-FR,fr;q=0.9", "user-agent": BROWSER };
    const visits: Visit[] = [
      { kind: "page", path: "/admin", headers: { ...french, accept: "text/html", cookie: `${PRODUCTION_SESSION_COOKIE}=${sessionToken}` } },
      { kind: "api", path: "/api/v1/departures", headers: { authorization: `Bearer ${apiToken}` } },
      { kind: "cachedLink", path: `/r/${cached.code}`, headers: { "user-agent": BROWSER } },
      { kind: "health", path: "/healthz", headers: {} },
    ];
    const before: Answer[] = [];
    for (const target of visits) before.push(await visit(origin, target));
    expect(before.map((a) => a.status)).toEqual([200, 200, 302, 200]);

    // Emails queued before the outage: some now, some due during it (their job may not start yet).
    const queue = async (label: string, delaySeconds = 0) =>
      handle.db.transaction().execute(async (trx) => {
        const { emailId } = await sendEmail({ to: `${label}@example.test`, template: "magic-link", props: { url: "https://portal.outage.invalid/x", expiresInMinutes: 15 }, locale: "en", trx });
        if (delaySeconds > 0) await sql`update pgboss.job set start_after = now() + make_interval(secs => ${delaySeconds}) where data->>'emailId' = ${emailId}`.execute(trx);
        return emailId;
      });
    const emails = [await queue("now-1"), await queue("now-2"), await queue("due-1", 2), await queue("due-2", 4), await queue("due-3", 6)];

    // The outage, with requests in flight.
    const answers: Answer[] = [];
    let stoppedAt = 0;
    let startingAt = 0;
    let loading = true;
    const running = load(origin, visits, () => !loading, answers);
    await sleep(500);
    await stopJobs(2_000);
    await cluster.stop();
    stoppedAt = Date.now();
    // A code nobody asked for yet: the web process has to look it up.
    visits.push({ kind: "uncachedLink", path: `/r/${uncached.code}`, headers: french });
    const workerCpuAtStop = processCpuMs(worker.child.pid);
    await sleep(OUTAGE_MS);
    const workerCpuDuringOutage = processCpuMs(worker.child.pid)! - workerCpuAtStop!;
    startingAt = Date.now();
    await cluster.start();
    const recoveredAt = await waitFor("/healthz says ok again", async () => ((await fetch(`${origin}/healthz`)).ok ? Date.now() : undefined), 30_000, web.output);
    await sleep(2_000);
    loading = false;
    await running;

    const down = answers.filter((a) => a.at > stoppedAt + 200 && a.at < startingAt);
    expect(down.length).toBeGreaterThan(40);
    // Fast and never a 500, at any moment of the run.
    expect(Math.max(...answers.map((a) => a.ms)), "slowest answer (ms)").toBeLessThan(FAST_MS);
    expect(answers.filter((a) => a.status === 0 || (a.status >= 500 && a.status !== 503)).map((a) => `${a.kind} ${a.status}`)).toEqual([]);

    const during = (kind: Answer["kind"]) => down.filter((a) => a.kind === kind);
    for (const page of during("page")) {
      expect(page.status).toBe(503);
      expect(page.retryAfter).toBe("30");
      expect(page.body).toContain('<html lang="fr">');
      expect(page.body).toContain("Le portail est momentanément indisponible");
      expect(page.body).not.toMatch(/ at |Error|ECONNREFUSED|postgres/i);
    }
    for (const api of during("api")) {
      expect(api.status).toBe(503);
      expect(api.retryAfter).toBe("30");
      expect(api.contentType).toBe("application/problem+json");
      expect(JSON.parse(api.body)).toMatchObject({ status: 503, title: "Service unavailable" });
    }
    expect(new Set(during("cachedLink").map((a) => a.status))).toEqual(new Set([302]));
    expect(new Set(during("uncachedLink").map((a) => a.status))).toEqual(new Set([503]));
    for (const health of during("health")) expect(JSON.parse(health.body)).toMatchObject({ status: "degraded", failing: ["database"] });
    for (const kind of ["page", "api", "cachedLink", "uncachedLink", "health"] as const) expect(during(kind).length, kind).toBeGreaterThan(0);

    // Recovered without a restart: the same processes answer as before.
    expect(web.child.exitCode, web.output()).toBeNull();
    expect(worker.child.exitCode, worker.output()).toBeNull();
    const after = answers.filter((a) => a.at > recoveredAt + 1_000);
    expect(after.length).toBeGreaterThan(0);
    const expected = { page: 200, api: 200, cachedLink: 302, uncachedLink: 302, health: 200 };
    for (const answer of after) expect(answer.status, answer.kind).toBe(expected[answer.kind]);
    // Polling a stopped database once a second per queue is cheap: well under a tenth of a core.
    expect(workerCpuDuringOutage / OUTAGE_MS, "worker CPU share during the outage").toBeLessThan(0.1);

    // Every redirect answered as a counted visit (a browser's GET) is a click in the database.
    const redirected = [...before, ...answers].filter((a) => a.status === 302 && (a.kind === "cachedLink" || a.kind === "uncachedLink"));
    const clicks = async () => {
      const { rows } = await sql<{ count: string }>`select count(*) as count from link_clicks where link_id in (${cached.id}, ${uncached.id})`.execute(handle.db);
      return Number(rows[0]!.count);
    };
    await waitFor("every counted redirect is a click", async () => ((await clicks()) === redirected.length ? true : undefined), 20_000).catch(() => undefined);
    expect(await clicks()).toBe(redirected.length);

    // Every email queued before or due during the outage, and one queued after it, is delivered.
    await startJobs({ work: false, jobs: jobDefinitions });
    emails.push(await queue("after-1"));
    const captured = async () => {
      const rows = await handle.db.selectFrom("emails").select("status").where("id", "in", emails).execute();
      return rows.filter((row) => row.status === "captured").length;
    };
    await waitFor("every queued email is delivered", async () => ((await captured()) === emails.length ? true : undefined), 30_000).catch(() => undefined);
    expect(await captured(), worker.output()).toBe(emails.length);
  }, 180_000);
});
