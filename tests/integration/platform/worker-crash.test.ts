import { sql } from "kysely";
import { enqueue, getBoss, startJobs, stopJobs } from "~/modules/jobs/boss.server";
import { importJob } from "~/modules/imports/import-job.server";
import { taskRemindersJob } from "~/modules/offboarding/reminder-job.server";
import { jobDefinitions } from "../../../server/jobs";
import { startFakeResend, type FakeResend } from "../../fakes/resend";
import { createUser, makeDeparture } from "../../factories";
import { testDatabaseHandle, testDb, useTestDatabase } from "../../support/database";
import { dayFirst, daysFromToday } from "../../support/dates";
import { killAllStarted, startWorkerProcess, waitForPortal, type PortalProcess } from "../../support/portal-processes";
import { clickImport, confirmMapping, STANDARD_HEADER, STANDARD_MAPPING, uploadCsv } from "../imports/helpers";

/**
 * A worker killed with SIGKILL (out of memory, a lost machine: no shutdown runs) in the middle of
 * the reminder run and in the middle of a CSV import; another worker takes over, and no side effect
 * happens twice (no second digest, no departure or task twice) and nothing is lost (every digest
 * sent, every row imported). The newsletter send has its own crash test
 * (tests/integration/newsletter/crash.test.ts).
 *
 * The job of a killed worker stays "active" in pg-boss until its expiry (30 minutes for the
 * reminders, an hour for an import), then pg-boss's maintenance, which every worker runs every
 * two minutes, puts it back for a retry after its retry delay. The test does not wait for those
 * clocks: it moves the job's start and retry times back by what the wait would have taken, and calls
 * pg-boss's own expiry step. Everything else is the real thing: the worker processes, the job
 * handlers, pg-boss's claim, and the fake Resend counting each delivery.
 *
 * PostgreSQL only (vitest.config.ts): the test watches the database while a worker works on it.
 */

useTestDatabase();

let fake: FakeResend;

beforeAll(async () => {
  fake = await startFakeResend();
});

afterEach(async () => {
  await stopJobs(5_000);
  await killAllStarted();
});

afterAll(async () => {
  await fake?.close();
});


function startWorker(name: string): Promise<PortalProcess> {
  return startWorkerProcess({
    name,
    env: {
      DATABASE_URL: testDatabaseHandle().connectionString!,
      APP_SECRET: "worker-crash-test-secret-0123456789abcdef",
      RESEND_API_KEY: fake.apiKey,
      RESEND_BASE_URL: fake.url,
      RESEND_RATE_LIMIT_PER_SECOND: "0",
    },
  });
}

function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const queue = async () => {
    const emails = await sql`select status, count(*)::int as n from emails group by 1`.execute(testDb());
    const jobs = await sql`select name, state::text, count(*)::int as n from pgboss.job group by 1, 2 order by 1, 2`.execute(testDb());
    return ` (emails ${JSON.stringify(emails.rows)}, jobs ${JSON.stringify(jobs.rows)})`;
  };
  return waitForPortal(what, probe, { timeoutMs, everyMs: 50, explain: queue });
}

async function count(query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  const { rows } = await query.execute(testDb());
  return Number(rows[0]!.n);
}

/** The jobs a worker held when it died: every job active right after the kill, when it was the only worker. */
async function jobsOfTheDeadWorker(): Promise<string[]> {
  const active = await sql<{ id: string }>`select id from pgboss.job where state = 'active'`.execute(testDb());
  return active.rows.map((row) => row.id);
}

/**
 * What the clocks would do to the jobs of the dead worker: their expiry passes (pg-boss's own expiry
 * step then gives them back for a retry, as the survivors' maintenance would), then their retry delay.
 */
async function letTheDeadWorkersJobsExpire(ids: string[]) {
  await sql`update pgboss.job set started_on = now() - expire_in - interval '1 second' where id = any(${ids}::uuid[])`.execute(testDb());
  await getBoss().expire();
  const retried = await sql<{ state: string }>`select state::text from pgboss.job where id = any(${ids}::uuid[])`.execute(testDb());
  expect(retried.rows.map((row) => row.state), "pg-boss's expiry gives each job back for a retry").toEqual(ids.map(() => "retry"));
  await sql`update pgboss.job set start_after = now() where id = any(${ids}::uuid[])`.execute(testDb());
}

describe("a worker killed in the middle of a job", () => {
  it("reminder run: another worker finishes it, and each owner gets exactly one digest", async () => {
    const OWNERS = 250;
    const first = await startWorker("worker 1");
    // Each owner has one overdue task, so each is owed one digest today; the run sends them one by one.
    const { departure } = await makeDeparture({ lastDay: daysFromToday(10), noticeDate: daysFromToday(-10) }, { today: daysFromToday(0) });
    const { rows: owners } = await sql<{ id: string; email: string }>`
      insert into users (email, name, role, locale, status)
      select 'owner-' || g || '@example.com', 'Owner ' || g, 'task_owner', 'en', 'active' from generate_series(1, ${OWNERS}::int) g
      returning id, email
    `.execute(testDb());
    await sql`
      insert into departure_tasks (departure_id, title_en, title_fr, category, owner_user_id, anchor, offset_business_days, before_last_day, position, due_date, status)
      select ${departure.id}, 'Task of ' || u.email, '', 'access', u.id, 'last_day', 0, false, 1000 + row_number() over (order by u.email), ${daysFromToday(-1)}, 'open'
      from users u where u.id = any(${owners.map((o) => o.id)}::uuid[])
    `.execute(testDb());
    const today = daysFromToday(0);
    const digestsToday = () => count(sql`select count(*)::int as n from task_digests where digest_date = ${today}`);

    // The hourly tick, as pg-boss's cron queues it, for an hour every owner's reminder hour has passed.
    await startJobs({ work: false, jobs: jobDefinitions });
    const jobId = (await enqueue(taskRemindersJob, { at: `${today}T23:05:00Z` }))!;
    await waitFor("the first digests", async () => (await digestsToday()) >= 20);
    await first.kill();
    const deadWorkersJobs = await jobsOfTheDeadWorker();
    expect(deadWorkersJobs, "the dead worker's reminder run").toContain(jobId);

    const claimedBeforeTheCrash = await digestsToday();
    expect(claimedBeforeTheCrash, "the worker died in the middle of the run").toBeLessThan(OWNERS);
    // A digest and its email are written in one transaction: never one without the other.
    expect(await count(sql`select count(*)::int as n from emails where template = 'task-digest'`)).toBe(claimedBeforeTheCrash);

    // Another worker takes the dead worker's job over once it expires, and the next hourly tick runs too.
    const second = await startWorker("worker 2");
    await letTheDeadWorkersJobsExpire(deadWorkersJobs);
    await enqueue(taskRemindersJob, { at: `${today}T23:59:00Z` });
    await waitFor("every digest", async () => (await digestsToday()) === OWNERS);
    await waitFor("every email delivered", async () => (await count(sql`select count(*)::int as n from emails where status = 'queued'`)) === 0);
    await waitFor("both runs to end", async () => (await count(sql`select count(*)::int as n from pgboss.job where name = ${taskRemindersJob.name} and state < 'completed'`)) === 0);
    expect(await second.stop()).toBe(0);

    expect(owners.filter((owner) => fake.deliveriesTo(owner.email) !== 1).map((owner) => `${owner.email}: ${fake.deliveriesTo(owner.email)}`)).toEqual([]);
    expect(await count(sql`select count(*)::int as n from emails where template = 'task-digest' and status = 'sent'`)).toBe(OWNERS);
    const [retried] = (await sql<{ state: string; retry_count: number }>`select state::text, retry_count from pgboss.job where id = ${jobId}`.execute(testDb())).rows;
    expect(retried).toEqual({ state: "completed", retry_count: 1 });
  }, 300_000);

  it("CSV import: another worker resumes it where the last committed chunk ended, and each row becomes one departure", async () => {
    const ROWS = 1000;
    const first = await startWorker("worker 1");
    // Invitations 5 days before a last day a month away: planned, not sent, so the import sends no email.
    await testDb().updateTable("surveys").set({ invite_days_before_last_day: 5 }).where("is_active_exit", "=", true).execute();
    const hr = await createUser({ role: "hr_admin" });
    const lastDay = dayFirst(daysFromToday(30));
    const notice = dayFirst(daysFromToday(-5));
    const rows = Array.from({ length: ROWS }, (_, i) => `E-${i};Imported Person ${i};imported.${i}@example.com;Sales;${notice};${lastDay};voluntary;`);
    await startJobs({ work: false, jobs: jobDefinitions });
    const importId = await uploadCsv(hr, `${STANDARD_HEADER}\n${rows.join("\n")}\n`);
    await confirmMapping(hr, importId, STANDARD_MAPPING);
    await clickImport(hr, importId);
    const [job] = (await sql<{ id: string }>`select id from pgboss.job where name = ${importJob.name}`.execute(testDb())).rows;
    const progress = () =>
      testDb().selectFrom("csv_imports").select(["status", "processed_rows", "created_count", "existing_count", "rejected_count"]).where("id", "=", importId).executeTakeFirstOrThrow();

    await waitFor("the first chunks", async () => (await progress()).processed_rows >= 150);
    await first.kill();
    const deadWorkersJobs = await jobsOfTheDeadWorker();
    expect(deadWorkersJobs, "the dead worker's import").toContain(job!.id);

    const atTheCrash = await progress();
    expect(atTheCrash.status).toBe("importing");
    expect(atTheCrash.processed_rows, "the worker died in the middle of the import").toBeLessThan(ROWS);
    // A chunk's departures and its progress are committed together: the counter says exactly what exists.
    expect(await count(sql`select count(*)::int as n from departures where source = 'csv'`)).toBe(atTheCrash.processed_rows);

    const second = await startWorker("worker 2");
    await letTheDeadWorkersJobsExpire(deadWorkersJobs);
    await waitFor("the import to complete", async () => (await progress()).status === "completed");
    expect(await second.stop()).toBe(0);

    expect(await progress()).toEqual({ status: "completed", processed_rows: ROWS, created_count: ROWS, existing_count: 0, rejected_count: 0 });
    expect(await count(sql`select count(distinct lower(employee_email))::int as n from departures where source = 'csv'`)).toBe(ROWS);
    expect(await count(sql`select count(*)::int as n from departures where source = 'csv'`)).toBe(ROWS);
    expect(await count(sql`select count(*)::int as n from (select departure_id, title_en from departure_tasks group by 1, 2 having count(*) > 1) twice`)).toBe(0);
    const tasksPerDeparture = await sql<{ n: number }>`
      select count(t.id)::int as n from departures d left join departure_tasks t on t.departure_id = d.id where d.source = 'csv' group by d.id
    `.execute(testDb());
    expect(new Set(tasksPerDeparture.rows.map((r) => r.n)).size, "every imported departure has the same checklist").toBe(1);
    expect(await count(sql`select count(*)::int as n from exit_invitations i join departures d on d.id = i.departure_id where d.source = 'csv'`)).toBe(ROWS);
    expect(await count(sql`select count(*)::int as n from audit_log where action = 'csv_import.completed' and subject_id = ${importId}`)).toBe(1);
  }, 300_000);
});
