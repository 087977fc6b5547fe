import { spawn, type ChildProcess } from "node:child_process";
import { sql } from "kysely";
import { startJobs, stopJobs } from "~/modules/jobs/boss.server";
import { scheduleIssue } from "~/modules/newsletter/controls.server";
import { startIssueSend } from "~/modules/newsletter/snapshot.server";
import { setDatabaseHandle } from "~/utils/db.server";
import { jobDefinitions } from "../../../server/jobs";
import { startFakeResend, type FakeResend } from "../../fakes/resend";
import { makeIssue, seedAlumni } from "../../factories/newsletter";
import { createScratchDatabase, type ScratchDatabase } from "../../support/database";
import { nodeArgumentsFor } from "../../support/entry-bundle";

/**
 * The crash test of ADR 024: a sending process (tests/support/newsletter-sender.ts: the engine's
 * loop as the newsletter.send job runs it, without the rest of a worker's start) sends an issue to
 * a few thousand recipients through a fake Resend that answers each batch 150 ms after handling it,
 * and is killed with SIGKILL at random moments of the send (while posting, after Resend handled a
 * batch but before it was recorded, while recording, between batches), then started again, at
 * least 20 times. On the embedded database each process runs alone on the copied data folder (one
 * process at a time, as the portal requires); on PostgreSQL the same. At the end every recipient
 * has received the issue exactly once, counted at the fake.
 */

const RECIPIENTS = 3000;
const KILLS = 20;

let scratch: ScratchDatabase;
let fake: FakeResend;

beforeAll(async () => {
  scratch = await createScratchDatabase({ migrated: true });
  fake = await startFakeResend();
});

afterAll(async () => {
  await fake?.close();
  await scratch?.cleanup();
});

function startSender(issueId: string, entry: "newsletter-sender" | "worker" = "newsletter-sender"): { child: ChildProcess; exited: Promise<void>; output: () => string } {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...scratch.env,
    NODE_ENV: "development",
    LOG_LEVEL: "error",
    SEED_DEMO_DATA: "false",
    RESEND_API_KEY: fake.apiKey,
    RESEND_BASE_URL: fake.url,
    RESEND_RATE_LIMIT_PER_SECOND: "0",
    // A killed worker's batch is taken over after a second: the re-post is answered by its key.
    NEWSLETTER_BATCH_LEASE_SECONDS: "1",
  };
  if (!scratch.env.DATABASE_URL) delete env.DATABASE_URL;
  const child = spawn(process.execPath, entry === "worker" ? nodeArgumentsFor("worker") : [...nodeArgumentsFor("newsletter-sender"), issueId], { env });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((done) => child.on("close", () => done()));
  return { child, exited, output: () => output };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves true once the fake has received a request after `since` (a request count), false after `timeoutMs`.
 * A sender on the embedded database needs a few seconds to open it, and up to 20 s on a machine
 * loaded with other test runs: the waits leave room for that (a slow start proves nothing either way).
 */
async function requestAfter(since: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fake.requestCount() > since) return true;
    await sleep(10);
  }
  return false;
}

describe("a newsletter send killed again and again", () => {
  it(`delivers to each of ${RECIPIENTS} recipients exactly once across ${KILLS}+ SIGKILLs of its sending process`, async () => {
    const handle = await scratch.open();
    let addresses: string[];
    let issueId: string;
    try {
      addresses = (await seedAlumni({ count: RECIPIENTS }, handle.db)).map((a) => a.email);
      issueId = await makeIssue({}, handle.db);
      // The snapshot is taken here, as the start job would (it queues a send job nobody runs).
      setDatabaseHandle(handle);
      await startJobs({ work: false, jobs: jobDefinitions });
      await scheduleIssue(handle.db, issueId, "now", null);
      expect(await startIssueSend(handle.db, issueId)).toMatchObject({ started: true, recipients: RECIPIENTS });
    } finally {
      await stopJobs(5_000);
      setDatabaseHandle(undefined);
      await handle.close();
    }
    fake.setResponseDelay(150);

    let kills = 0;
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    while (kills < KILLS) {
      const before = fake.requestCount();
      const worker = startSender(issueId);
      const t0 = Date.now();
      const sending = await requestAfter(before, 45_000);
      if (process.env.CRASH_DEBUG) console.log(`cycle ${kills}: first request after ${Date.now() - t0} ms, delivered ${fake.received.length}`);
      if (!sending) {
        worker.child.kill("SIGTERM");
        await worker.exited;
        throw new Error(`the sender sent nothing within 45 s after ${kills} kills:\n${worker.output()}`);
      }
      // Anywhere in the next 400 ms: during a post, while recording it, or between batches.
      await sleep(Math.floor(random() * 400));
      worker.child.kill("SIGKILL");
      await worker.exited;
      kills += 1;
      if (addresses.every((a) => fake.deliveriesTo(a) > 0)) break;
    }

    // The last process finishes the send and ends by itself.
    const last = startSender(issueId);
    const ended = await Promise.race([last.exited.then(() => true), sleep(90_000).then(() => false)]);
    if (!ended) last.child.kill("SIGKILL");
    expect(last.output()).toContain("finished");

    expect(kills).toBeGreaterThanOrEqual(KILLS);
    const missing = addresses.filter((a) => fake.deliveriesTo(a) === 0);
    const duplicated = addresses.filter((a) => fake.deliveriesTo(a) > 1);
    expect({ missing: missing.length, duplicated: duplicated.length }).toEqual({ missing: 0, duplicated: 0 });
    expect(fake.received).toHaveLength(RECIPIENTS);

    const after = await scratch.open();
    try {
      const issue = await after.db.selectFrom("newsletter_issues").select(["status", "recipient_count"]).where("id", "=", issueId).executeTakeFirstOrThrow();
      const { rows } = await sql<{ status: string; count: number }>`
        select status, count(*)::int as count from newsletter_recipients where issue_id = ${issueId} group by status
      `.execute(after.db);
      const retried = await sql<{ count: number }>`select count(*)::int as count from newsletter_batches where issue_id = ${issueId} and attempts > 1`.execute(after.db);
      expect(issue).toEqual({ status: "sent", recipient_count: RECIPIENTS });
      expect(rows).toEqual([{ status: "submitted", count: RECIPIENTS }]);
      // Some batches were posted again after a kill: the idempotency key, not luck, kept them single.
      expect(retried.rows[0]!.count).toBeGreaterThan(0);
    } finally {
      await after.close();
    }
  }, 480_000);

  it("resumes in the real worker (npm run worker) after a SIGKILL: its start queues the tick, which queues the send again", async () => {
    const handle = await scratch.open();
    let addresses: string[];
    let issueId: string;
    try {
      addresses = (await seedAlumni({ count: 600 }, handle.db)).map((a) => a.email);
      issueId = await makeIssue({ status: "scheduled", scheduledAt: new Date(Date.now() - 1000) }, handle.db);
    } finally {
      await handle.close();
    }
    fake.reset();
    fake.setResponseDelay(150);

    const first = startSender(issueId, "worker");
    expect(await requestAfter(0, 60_000)).toBe(true);
    await sleep(200);
    first.child.kill("SIGKILL");
    await first.exited;
    expect(fake.received.length).toBeLessThan(600);

    const second = startSender(issueId, "worker");
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && !addresses.every((a) => fake.deliveriesTo(a) > 0)) await sleep(100);
    // Time to record the last batch and finish the issue, then a clean stop.
    await sleep(2000);
    second.child.kill("SIGTERM");
    await second.exited;

    expect(addresses.filter((a) => fake.deliveriesTo(a) !== 1)).toEqual([]);
    const after = await scratch.open();
    try {
      const issue = await after.db.selectFrom("newsletter_issues").select("status").where("id", "=", issueId).executeTakeFirstOrThrow();
      expect(issue.status).toBe("sent");
    } finally {
      await after.close();
    }
  }, 240_000);
});
