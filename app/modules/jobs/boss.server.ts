import { CompiledQuery, type Transaction } from "kysely";
import PgBoss from "pg-boss";
import type { PoolConfig } from "pg";
import type { Database } from "~/utils/db.server";
import { CONNECTION_TIMEOUT_MS, getDatabaseHandle, isDatabaseUnavailable, pingDatabase } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { isDomainFailure } from "~/utils/failures";
import { getSingleton, setSingleton } from "~/utils/singleton.server";
import { logger } from "~/modules/platform/logger.server";
import { repeatedWarning } from "~/modules/platform/outage-warnings.server";
import type { JobDefinition } from "./define-job";

const KEY = "pg-boss";

const warnQueuePaused = repeatedWarning("job queue paused: the database is unreachable; polling again");

interface QueueState {
  boss: PgBoss;
  working: boolean;
  jobs: readonly JobDefinition<any>[];
}

/**
 * Starts pg-boss on the application's database (PGlite through the shared connection, pg through its
 * own pool), creates the queues of `jobs`, and with `work: true` starts handling them in this process.
 *
 * The job definitions come from the entry point (server/jobs.ts, imported by the
 * server, the worker, the CLI and the tests), never from here: a job's handler may enqueue other jobs,
 * so this module must not import handlers, or the two would import each other.
 */
export async function startJobs(options: { work: boolean; jobs: readonly JobDefinition<any>[]; pollingIntervalSeconds?: number }) {
  const jobDefinitions = options.jobs;
  const existing = getSingleton<QueueState>(KEY);
  if (existing) return existing.boss;
  const handle = getDatabaseHandle();
  const boss = handle.kind === "pg" ? new PgBoss(poolOptions(handle.connectionString!)) : new PgBoss({ db: { executeSql: handle.executeSql } });
  // While the database is down every worker's poll fails each second: pg-boss reports each one here
  // and polls again at its interval, so the queue pauses and resumes by itself (docs/decisions/036).
  boss.on("error", (error) => {
    if (isDatabaseUnavailable(error)) warnQueuePaused({ err: error });
    else logger.error({ err: error }, "job queue error");
  });
  await boss.start();
  for (const job of jobDefinitions) {
    await boss.createQueue(job.name, {
      name: job.name,
      retryLimit: job.retryLimit ?? 5,
      retryDelay: job.retryDelaySeconds ?? 10,
      retryBackoff: true,
      expireInSeconds: job.expireInSeconds ?? 15 * 60,
    });
  }
  setSingleton<QueueState>(KEY, { boss, working: options.work, jobs: jobDefinitions });
  if (options.work) {
    await scheduleRecurringJobs(boss);
    for (const job of jobDefinitions) {
      let workerId: string | undefined = undefined;
      workerId = await boss.work(
        job.name,
        { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1, batchSize: 1 },
        async ([delivered]) => {
          if (!delivered) return;
          try {
            await runWhileDatabaseAnswers(job, delivered.data, delivered.id);
          } finally {
            // pg-boss's loop waits the polling interval after every job, even when more are waiting:
            // a worker then took at most one job a second from a queue that another process filled
            // (400 digests queued by a reminder run took 400 s). Once a job is done the next one is
            // fetched at once; only an empty queue waits for the next poll.
            if (workerId) boss.notifyWorker(workerId);
          }
        },
      );
    }
  }
  logger.info({ work: options.work, queues: jobDefinitions.map((j) => j.name) }, "job queue started");
  return boss;
}

/**
 * pg-boss's own pool. pg-boss hands its options to pg's Pool, whose timeouts its types do not list:
 * like the application's pool (db/index.ts), an unreachable server fails a poll instead of hanging it.
 */
function poolOptions(connectionString: string): PgBoss.ConstructorOptions {
  const options: PgBoss.ConstructorOptions & Pick<PoolConfig, "connectionTimeoutMillis" | "keepAlive"> = {
    connectionString,
    max: 4,
    application_name: "alumni-jobs",
    connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
    keepAlive: true,
  };
  return options;
}

/**
 * Registers every job that has a `cron` with pg-boss (an upsert: restarts and several workers keep
 * one schedule). The cron reads in the company's time zone.
 */
export async function scheduleRecurringJobs(boss: PgBoss) {
  for (const job of startedJobs()) {
    if (job.cron) await boss.schedule(job.name, job.cron, {}, { tz: getEnv().COMPANY_TIME_ZONE });
  }
}

/** Stops taking jobs, waits for the running ones (up to `timeoutMs`), then stops pg-boss. */
export async function stopJobs(timeoutMs = 20_000) {
  const state = getSingleton<QueueState>(KEY);
  if (!state) return;
  setSingleton(KEY, undefined);
  await state.boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: true });
}

export function getBoss(): PgBoss {
  const state = getSingleton<QueueState>(KEY);
  if (!state) throw new Error("The job queue is not started: call startJobs() at start-up");
  return state.boss;
}

export function isQueueRunning(): boolean {
  return getSingleton<QueueState>(KEY) !== undefined;
}

/** The definitions this process started the queue with. */
function startedJobs(): readonly JobDefinition<any>[] {
  const state = getSingleton<QueueState>(KEY);
  if (!state) throw new Error("The job queue is not started: call startJobs() at start-up");
  return state.jobs;
}

function findJob(name: string): JobDefinition {
  const job = startedJobs().find((j) => j.name === name);
  if (!job) throw new Error(`Unknown job "${name}"`);
  return job;
}

/** How often a worker whose job failed in an outage asks whether the database is back. */
const OUTAGE_POLL_MS = 1_000;

/**
 * Runs a job for pg-boss's worker. A job that failed because the database went away would have its
 * failure recorded in that same database: the write fails, nobody awaits it (the outage guard,
 * server/outage-guard.ts, logs it), and the job stays active until its expiry, 15 minutes by
 * default, before it runs again. Instead the worker waits here until the database answers (this
 * queue's worker polls nothing meanwhile), then lets pg-boss record the failure: the job is retried
 * after its retry delay (docs/decisions/036).
 */
async function runWhileDatabaseAnswers(job: JobDefinition, data: unknown, jobId: string) {
  try {
    await runHandler(job, data, jobId);
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      const deadline = Date.now() + (job.expireInSeconds ?? 15 * 60) * 1000;
      while (Date.now() < deadline && !(await databaseAnswers())) await new Promise((resolve) => setTimeout(resolve, OUTAGE_POLL_MS));
    }
    throw error;
  }
}

async function databaseAnswers(): Promise<boolean> {
  try {
    await pingDatabase(getDatabaseHandle().db);
    return true;
  } catch {
    return false;
  }
}

async function runHandler(job: JobDefinition, data: unknown, jobId: string) {
  const parsed = job.schema.safeParse(data);
  if (!parsed.success) {
    // A payload that cannot be valid will not become valid on retry: log it and let it fail.
    logger.error({ job: job.name, jobId, issues: parsed.error.issues }, "job payload rejected");
    throw new Error(`Invalid payload for ${job.name}`);
  }
  try {
    await job.handler(parsed.data, { jobId });
  } catch (error) {
    // A refusal (ADR 013) says the data does not allow the work: the same payload would be refused
    // again, so it is logged as codes and the job ends here instead of being retried.
    if (!isDomainFailure(error)) throw error;
    logger.error({ job: job.name, jobId, kind: error.kind, failures: error.failures }, "job refused, not retried");
  }
}

export interface EnqueueOptions {
  /** Enqueue inside this transaction: the job exists only if the transaction commits. */
  trx?: Transaction<Database>;
  startAfter?: Date | number;
  singletonKey?: string;
}

/** Validates the payload with the job's schema and queues it. */
export async function enqueue<Schema extends JobDefinition["schema"]>(
  job: JobDefinition<Schema>,
  payload: unknown,
  options: EnqueueOptions = {},
): Promise<string | null> {
  const data = job.schema.parse(payload) as object;
  const { trx, ...jobOptions } = options;
  return getBoss().send(job.name, data, {
    ...jobOptions,
    ...(trx ? { db: transactionExecutor(trx) } : {}),
  });
}

/** Lets pg-boss write through a Kysely transaction (single statements with parameters). */
function transactionExecutor(trx: Transaction<Database>) {
  return {
    async executeSql(text: string, values: unknown[]) {
      const result = await trx.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: result.rows as any[] };
    },
  };
}

/**
 * Runs every job waiting in the given queues now, in this process, and returns how many ran.
 * Used by tests and by the CLI to drain a queue deterministically without a polling worker.
 */
export async function runQueuedJobs(names: string[] = startedJobs().map((j) => j.name)) {
  const boss = getBoss();
  let ran = 0;
  for (const name of names) {
    const job = findJob(name);
    for (;;) {
      const [delivered] = await boss.fetch<unknown>(name, { batchSize: 1 });
      if (!delivered) break;
      ran += 1;
      try {
        await runHandler(job, delivered.data, delivered.id);
        await boss.complete(name, delivered.id);
      } catch (error) {
        await boss.fail(name, delivered.id, { message: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return ran;
}
