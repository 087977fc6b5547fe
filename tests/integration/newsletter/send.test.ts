import { sql } from "kysely";
import { scheduleIssue } from "~/modules/newsletter/controls.server";
import { drainIssue, idempotencyKeyOf } from "~/modules/newsletter/send-batch.server";
import { startIssueSend } from "~/modules/newsletter/snapshot.server";
import { newsletterTick } from "~/modules/newsletter/start-job.server";
import { runQueuedJobs } from "~/modules/jobs/boss.server";
import { makeIssue, seedAlumni } from "../../factories/newsletter";
import { testDb, useTestDatabase } from "../../support/database";
import { useJobQueue } from "../../support/job-queue";
import { useNewsletterFake } from "../../support/newsletter";

useTestDatabase();
useJobQueue();
const resend = useNewsletterFake({ RESEND_RATE_LIMIT_PER_SECOND: "0", NEWSLETTER_MAX_CONSECUTIVE_FAILURES: "1000" });

async function recipientRows(issueId: string) {
  return testDb().selectFrom("newsletter_recipients").selectAll().where("issue_id", "=", issueId).orderBy("recipient_no").execute();
}

async function startNow(issueId: string) {
  await scheduleIssue(testDb(), issueId, "now", null);
  const started = await startIssueSend(testDb(), issueId);
  expect(started.started).toBe(true);
}

describe("a newsletter send", () => {
  it("delivers the issue to each of 10,000 recipients exactly once, in batches of 100 under their idempotency keys", async () => {
    const alumni = await seedAlumni({ count: 10_000 });
    const issueId = await makeIssue();
    await startNow(issueId);
    const outcome = await drainIssue(testDb(), issueId, { until: Date.now() + 120_000, concurrency: 4 });

    expect(outcome).toBe("finished");
    const { fake } = resend;
    expect(fake.received).toHaveLength(10_000);
    expect(alumni.filter((a) => fake.deliveriesTo(a.email) !== 1)).toEqual([]);
    const keys = new Set(fake.received.map((e) => e.idempotencyKey));
    expect(keys.size).toBe(100);
    expect(keys.has(idempotencyKeyOf(issueId, 99))).toBe(true);
    const rows = await recipientRows(issueId);
    expect(rows.every((r) => r.status === "submitted" && r.resend_id)).toBe(true);
    expect(new Set(rows.map((r) => r.resend_id))).toEqual(new Set(fake.received.map((e) => e.id)));
    const issue = await testDb().selectFrom("newsletter_issues").selectAll().where("id", "=", issueId).executeTakeFirstOrThrow();
    expect(issue).toMatchObject({ status: "sent", recipient_count: 10_000, batch_count: 100 });
    expect(issue.finished_at).toBeInstanceOf(Date);
  }, 180_000);

  it("still delivers each of 10,000 recipients exactly once when the provider fails one request in five, before or after handling it", async () => {
    const alumni = await seedAlumni({ count: 10_000 });
    const issueId = await makeIssue();
    await startNow(issueId);
    resend.fake.setRandomFailures(0.1, { seed: 7, when: "before" });
    let outcome = await drainIssue(testDb(), issueId, { until: Date.now() + 20_000, concurrency: 4, retryBaseMs: 10 });
    resend.fake.setRandomFailures(0.1, { seed: 11, when: "after" });
    if (outcome !== "finished") outcome = await drainIssue(testDb(), issueId, { until: Date.now() + 120_000, concurrency: 4, retryBaseMs: 10 });

    expect(outcome).toBe("finished");
    expect(resend.fake.received).toHaveLength(10_000);
    expect(alumni.filter((a) => resend.fake.deliveriesTo(a.email) !== 1)).toEqual([]);
    const { rows } = await sql<{ retried: number }>`select count(*)::int as retried from newsletter_batches where issue_id = ${issueId} and attempts > 1`.execute(testDb());
    expect(rows[0]!.retried).toBeGreaterThan(0);
  }, 180_000);

  it("is started by its start job and sent by its send job", async () => {
    const alumni = await seedAlumni({ count: 250 });
    const issueId = await makeIssue();
    await scheduleIssue(testDb(), issueId, "now", null);
    expect(await runQueuedJobs(["newsletter.start"])).toBe(1);
    expect(await runQueuedJobs(["newsletter.send"])).toBe(1);

    expect(resend.fake.received).toHaveLength(250);
    expect(alumni.every((a) => resend.fake.deliveriesTo(a.email) === 1)).toBe(true);
    const issue = await testDb().selectFrom("newsletter_issues").select(["status", "batch_count"]).where("id", "=", issueId).executeTakeFirstOrThrow();
    expect(issue).toEqual({ status: "sent", batch_count: 3 });
  });

  it("is started by the minute's tick when due, and resumed by it after its worker died mid-send", async () => {
    const alumni = await seedAlumni({ count: 300 });
    const issueId = await makeIssue({ status: "scheduled", scheduledAt: new Date(Date.now() - 60_000) });
    await newsletterTick();
    expect((await testDb().selectFrom("newsletter_issues").select("status").where("id", "=", issueId).executeTakeFirstOrThrow()).status).toBe("sending");

    expect(await runQueuedJobs(["newsletter.send"])).toBe(1);
    // Now as if its worker had posted batch 2 and died before recording it (its job no longer queued).
    await sql`update newsletter_batches set status = 'submitting', next_attempt_at = now() - interval '1 second' where issue_id = ${issueId} and batch_no = 2`.execute(testDb());
    await sql`update newsletter_issues set status = 'sending', finished_at = null where id = ${issueId}`.execute(testDb());
    await newsletterTick();
    // A second tick finds the send job still queued and adds none.
    await newsletterTick();
    expect(await runQueuedJobs(["newsletter.send"])).toBe(1);

    expect(alumni.every((a) => resend.fake.deliveriesTo(a.email) === 1)).toBe(true);
    expect((await testDb().selectFrom("newsletter_issues").select("status").where("id", "=", issueId).executeTakeFirstOrThrow()).status).toBe("sent");
  });
});
