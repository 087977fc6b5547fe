import { resolve } from "node:path";
import { sql } from "kysely";
import { createDb, migrateToLatest, setDatabaseHandle, getDatabaseHandle } from "~/utils/db.server";
import type { Env } from "~/utils/env.server";
import { runExitInvitations } from "~/modules/exit/invitation-run.server";
import { enqueue, startJobs, stopJobs } from "~/modules/jobs/boss.server";
import { newsletterTickJob } from "~/modules/newsletter/start-job.server";
import { flushClicks } from "~/modules/links/click-buffer.server";
import type { JobDefinition } from "~/modules/jobs/define-job";
import { todayIn } from "~/utils/calendar-days";
import { ensureOffboardingDefaults } from "~/modules/offboarding/defaults.server";
import { ensurePulseSurveyDefault, ensureSurveyDefaults } from "~/modules/surveys/defaults.server";
import { seedDemoData, usableDemoSignIns, type DemoSignIn } from "./seed";
import { claimDataDirectory } from "~/modules/platform/data-lock.server";
import { logger } from "~/modules/platform/logger.server";
import { refreshPlannerStatistics } from "~/modules/platform/planner-statistics.server";

/**
 * The boot sequence of every process (web server, worker, CLI): it reaches into most domains
 * (defaults, demo seed, exit invitations, the queue), so it lives here with the entry points rather
 * than in a domain below them (docs/decisions/012-layers-and-domain-order.md).
 */

let releaseDataDirectory: (() => void) | undefined;

export interface OpenedDatabase {
  kind: "pg" | "pglite";
  location: string;
  wasEmpty: boolean;
  applied: string[];
}

/**
 * Opens the database named by the environment (claiming the embedded data folder so no second
 * process opens it), applies pending migrations and makes it the process's database.
 */
export async function openDatabase(env: Env): Promise<OpenedDatabase> {
  if (!env.DATABASE_URL) releaseDataDirectory = claimDataDirectory(resolve(env.DATA_DIR));
  try {
    const handle = await createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
    setDatabaseHandle(handle);
    const outcome = await migrateToLatest(handle.db);
    return { kind: handle.kind, location: handle.location, ...outcome };
  } catch (error) {
    releaseDataDirectory?.();
    releaseDataDirectory = undefined;
    throw error;
  }
}

/**
 * Configuration every installation starts with (reasons, teams, checklist templates, the exit
 * survey, the pulse survey), each installed once. Every process that opens the database for real work runs it, the CLI
 * included: the demo seed relies on it.
 */
export async function installDefaults(env: Env) {
  await oneProcessAtATime(() => installDefaultsNow(env));
}

async function installDefaultsNow(env: Env) {
  await ensureOffboardingDefaults(getDatabaseHandle().db, env.COMPANY_NAME);
  await ensureSurveyDefaults(getDatabaseHandle().db, env.COMPANY_NAME);
  await ensurePulseSurveyDefault(getDatabaseHandle().db, env.COMPANY_NAME);
}

/** The key of the advisory lock that start-up steps hold (any constant nobody else uses). */
const STARTUP_LOCK = 0x616c756d; // "alum"

/**
 * Runs `steps` while no other process of this database runs its own. Web processes and workers
 * start together on a new database (a deployment of N web processes and M workers): each finds no
 * defaults yet and would install them, and all but the first would fail on a unique index. On
 * PostgreSQL a transaction on one connection of the pool holds an advisory lock for the length of
 * the steps (which run on other connections), so the others wait and then find everything in place.
 * A transaction-level lock rather than a session one: it is released by the commit whatever happens,
 * and works behind a pooler in transaction mode (PgBouncer), which a session lock does not. The
 * embedded database has one process by construction.
 */
async function oneProcessAtATime<T>(steps: () => Promise<T>): Promise<T> {
  const handle = getDatabaseHandle();
  if (handle.kind !== "pg") return steps();
  return handle.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${STARTUP_LOCK})`.execute(trx);
    return steps();
  });
}

export interface BootOptions {
  env: Env;
  /** The jobs this process queues and, with `work`, runs: the entry point passes the registry. */
  jobs: readonly JobDefinition<any>[];
  /** Handle jobs in this process (the default web process does; `RUN_WORKER=false` turns it off). */
  work: boolean;
}

/**
 * Everything a process needs before it serves: database, migrations, the demo data if this database
 * never had it (not "if it is new": the CLI may have created it), queue.
 */
export async function bootApplication({ env, work, jobs }: BootOptions) {
  const opened = await openDatabase(env);
  logger.info({ database: opened.kind, location: opened.location, migrations: opened.applied }, "database ready");
  return { ...opened, ...(await prepareApplication({ env, work, jobs })) };
}

/**
 * The start-up steps after the database is open: defaults, the demo data, the queue, the demo's exit
 * invitations. Separate from opening so that the browser tests' portal can run them again on its
 * emptied database (tests/e2e/support/portal-server.ts) instead of starting a process per test file.
 */
export async function prepareApplication({ env, work, jobs }: BootOptions) {
  const demo = env.SEED_DEMO_DATA && env.NODE_ENV !== "production";
  // Defaults and demo data together: a second process waits, then finds both there.
  const seeded = await oneProcessAtATime(async () => {
    await installDefaultsNow(env);
    return demo ? seedDemoData(getDatabaseHandle().db) : false;
  });
  if (seeded) {
    logger.info("demo data seeded");
    // The seed fills every table at once: without statistics the embedded database plans each
    // page's queries for empty tables until the hourly refresh (planner-statistics.server.ts).
    await refreshPlannerStatistics();
  }
  await startJobs({ work, jobs });
  // A newsletter send whose worker died resumes now rather than at the next minute's tick.
  if (work && jobs.includes(newsletterTickJob)) await enqueue(newsletterTickJob, {});
  if (seeded) await sendDemoInvitations(env);
  // Only the demo sign-ins that work on this database are announced.
  const demoSignIns: DemoSignIn[] = env.NODE_ENV !== "production" ? await usableDemoSignIns(getDatabaseHandle().db) : [];
  return { seeded, demoSignIns };
}

/**
 * The demo departures are recorded before the queue runs, so their exit invitations would wait for
 * the hourly run (and not before 09:00): send the ones due today now, so that whoever tries the demo
 * finds them in the outbox. Each goes through the run's own claim, with all its checks.
 */
async function sendDemoInvitations(env: Env) {
  const due = await getDatabaseHandle()
    .db.selectFrom("exit_invitations")
    .select("id")
    .where("status", "=", "scheduled")
    .where("send_on", "<=", todayIn(env.COMPANY_TIME_ZONE))
    .orderBy("send_on")
    .orderBy("id")
    .execute();
  let sent = 0;
  for (const { id } of due) {
    try {
      sent += (await runExitInvitations({ invitationId: id, timeZone: env.COMPANY_TIME_ZONE })).invitationsSent;
    } catch (error) {
      // The demo still starts; the hourly run sends it later.
      logger.error({ err: error, invitationId: id }, "demo exit invitation not sent");
    }
  }
  logger.info({ sent }, "demo exit invitations sent");
}

/**
 * Stops the queue (letting running jobs finish), writes the tracked links' waiting clicks, closes
 * the database and frees the data folder.
 */
export async function shutdownApplication() {
  await stopJobs();
  // After the jobs: requests still in flight when the server stopped listening have answered by
  // now, so their clicks are in the buffer (ADR 020).
  await flushClicks();
  try {
    await getDatabaseHandle().close();
  } catch {
    // Already closed or never opened.
  }
  setDatabaseHandle(undefined);
  releaseDataDirectory?.();
  releaseDataDirectory = undefined;
}
