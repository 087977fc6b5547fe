import { sql } from "kysely";
import { cancelIssue, issueProgress, pauseIssue, resumeIssue, scheduleIssue } from "~/modules/newsletter/controls.server";
import { drainIssue, forgetPreparedIssues, sendNextBatch } from "~/modules/newsletter/send-batch.server";
import { startIssueSend } from "~/modules/newsletter/snapshot.server";
import { isDomainFailure } from "~/utils/failures";
import { makeIssue, seedAlumni, suppress } from "../../factories/newsletter";
import { testDb, useTestDatabase } from "../../support/database";
import { useJobQueue } from "../../support/job-queue";
import { useNewsletterFake } from "../../support/newsletter";

useTestDatabase();
useJobQueue();
const resend = useNewsletterFake({ RESEND_RATE_LIMIT_PER_SECOND: "0", NEWSLETTER_MAX_CONSECUTIVE_FAILURES: "3", APP_URL: "https://alumni.example.com" });

const fast = { retryBaseMs: 10, concurrentRetryMs: 10 };

async function sendingIssue(recipients: number) {
  const alumni = await seedAlumni({ count: recipients });
  const issueId = await makeIssue();
  await scheduleIssue(testDb(), issueId, "now", null);
  await startIssueSend(testDb(), issueId);
  return { alumni, issueId };
}

function issueRow(issueId: string) {
  return testDb().selectFrom("newsletter_issues").selectAll().where("id", "=", issueId).executeTakeFirstOrThrow();
}

function batchRow(issueId: string, batchNo: number) {
  return testDb().selectFrom("newsletter_batches").selectAll().where("issue_id", "=", issueId).where("batch_no", "=", batchNo).executeTakeFirstOrThrow();
}

function auditActions(issueId: string) {
  return testDb().selectFrom("audit_log").select(["action", "actor_user_id", "data"]).where("subject_id", "=", issueId).orderBy("created_at").execute();
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isDomainFailure(error)) return { kind: error.kind, code: error.code, values: error.failures[0]?.values };
    throw error;
  }
  throw new Error("expected a refusal");
}

function drain(issueId: string, seconds = 60) {
  return drainIssue(testDb(), issueId, { until: Date.now() + seconds * 1000, concurrency: 1, ...fast });
}

describe("newsletter send failures", () => {
  it("waits for a 429's retry-after before posting the batch again, and every recipient gets the issue once", async () => {
    const { alumni, issueId } = await sendingIssue(200);
    resend.fake.setRateLimit(1);

    expect(await sendNextBatch(testDb(), issueId, fast)).toMatchObject({ kind: "submitted", batchNo: 0 });
    const refused = await sendNextBatch(testDb(), issueId, fast);
    // Unless the second batch fell into the next second of the fake's window.
    if (refused.kind === "failed") {
      expect(refused).toMatchObject({ code: "rate_limit_exceeded", batchNo: 1 });
      const batch = await batchRow(issueId, 1);
      expect(batch.status).toBe("failed");
      expect(batch.next_attempt_at!.getTime() - Date.now()).toBeGreaterThan(0);
      expect(await sendNextBatch(testDb(), issueId, fast)).toMatchObject({ kind: "wait" });
    }
    expect(await drain(issueId)).toBe("finished");

    expect(alumni.every((a) => resend.fake.deliveriesTo(a.email) === 1)).toBe(true);
    // Waiting as told means at most one 429 for the one batch; retrying at once would collect many.
    expect(resend.fake.rateLimitedCount()).toBeLessThanOrEqual(1);
  });

  it("stops the send and tells HR when Resend refuses a re-post as a different payload (409 invalid_idempotent_request)", async () => {
    const { issueId } = await sendingIssue(300);
    expect(await sendNextBatch(testDb(), issueId, fast)).toMatchObject({ kind: "submitted", batchNo: 0 });
    // As if the worker had crashed after posting batch 0 but before recording it, and the content
    // had changed meanwhile (which the engine's determinism must never allow).
    await sql`update newsletter_batches set status = 'submitting', next_attempt_at = now() - interval '1 second' where issue_id = ${issueId} and batch_no = 0`.execute(testDb());
    await testDb().updateTable("newsletter_issue_texts").set({ subject: "A changed subject" }).where("issue_id", "=", issueId).execute();
    forgetPreparedIssues();

    expect(await drain(issueId)).toBe("halted");

    expect(await issueRow(issueId)).toMatchObject({ status: "stopped", stop_reason: "payloadChanged" });
    expect(await auditActions(issueId)).toContainEqual(expect.objectContaining({ action: "newsletter.stopped", actor_user_id: null, data: { reason: "payloadChanged", batchNo: 0 } }));
    expect(resend.fake.received).toHaveLength(100);
    expect((await batchRow(issueId, 1)).status).toBe("pending");
  });

  it("pauses itself after the configured number of consecutive failures, and a resume sends the rest once", async () => {
    const { alumni, issueId } = await sendingIssue(250);
    resend.fake.failNext(3, 503);

    expect(await drain(issueId)).toBe("halted");

    expect(await issueRow(issueId)).toMatchObject({ status: "paused", stop_reason: "tooManyFailures", consecutive_failures: 3 });
    expect(await auditActions(issueId)).toContainEqual(expect.objectContaining({ action: "newsletter.auto_paused", data: expect.objectContaining({ consecutiveFailures: 3, lastStatus: 503 }) }));
    expect(resend.fake.received).toHaveLength(0);

    await resumeIssue(testDb(), issueId, null);
    expect(await drain(issueId)).toBe("finished");
    expect(alumni.every((a) => resend.fake.deliveriesTo(a.email) === 1)).toBe(true);
    expect(await issueRow(issueId)).toMatchObject({ status: "sent", consecutive_failures: 0, stop_reason: null });
  });

  it("never posts again a batch first posted more than 24 hours ago: it is stuck, and the issue ends sent with it for HR", async () => {
    const { alumni, issueId } = await sendingIssue(300);
    await sql`
      update newsletter_batches set status = 'submitting', attempts = 1,
        first_attempt_at = now() - interval '25 hours', next_attempt_at = now() - interval '24 hours'
      where issue_id = ${issueId} and batch_no = 1
    `.execute(testDb());

    expect(await drain(issueId)).toBe("finished");

    expect((await batchRow(issueId, 1)).status).toBe("stuck");
    expect(resend.fake.received).toHaveLength(200);
    const inStuckBatch = alumni.filter((a) => resend.fake.deliveriesTo(a.email) === 0);
    expect(inStuckBatch).toHaveLength(100);
    expect(await issueProgress(testDb(), issueId)).toMatchObject({ status: "sent", total: 300, submitted: 200, stuck: 100, pending: 0, failed: 0, batches: { total: 3, open: 0, stuck: 1 } });
  });

  it("leaves out a recipient suppressed after the snapshot, and keeps the batch's payload the same on a re-post", async () => {
    const { alumni, issueId } = await sendingIssue(200);
    const recipients = await testDb().selectFrom("newsletter_recipients").select(["email", "batch_no"]).where("issue_id", "=", issueId).orderBy("recipient_no").execute();
    const laterInBatch1 = recipients.filter((r) => r.batch_no === 1).map((r) => r.email!);
    await suppress(laterInBatch1[0]!.toUpperCase());

    // Batch 0 is posted; batch 1's first post "crashes" after reaching Resend.
    expect(await sendNextBatch(testDb(), issueId, fast)).toMatchObject({ kind: "submitted", batchNo: 0 });
    expect(await sendNextBatch(testDb(), issueId, fast)).toMatchObject({ kind: "submitted", batchNo: 1 });
    await sql`update newsletter_batches set status = 'submitting', next_attempt_at = now() - interval '1 second' where issue_id = ${issueId} and batch_no = 1`.execute(testDb());
    // Suppressed after the batch's first post: the re-post must be the same bytes, so it stays in.
    await suppress(laterInBatch1[1]!);
    forgetPreparedIssues();

    expect(await drain(issueId)).toBe("finished");

    expect(resend.fake.deliveriesTo(laterInBatch1[0]!)).toBe(0);
    expect(resend.fake.deliveriesTo(laterInBatch1[1]!)).toBe(1);
    expect(alumni.filter((a) => a.email !== laterInBatch1[0]).every((a) => resend.fake.deliveriesTo(a.email) === 1)).toBe(true);
    expect(await issueProgress(testDb(), issueId)).toMatchObject({ status: "sent", total: 200, submitted: 199, suppressed: 1 });
  });

  it("puts both one-click unsubscribe headers (RFC 8058) on every message posted", async () => {
    const { issueId } = await sendingIssue(150);
    expect(await drain(issueId)).toBe("finished");
    expect(resend.fake.received).toHaveLength(150);
    for (const email of resend.fake.received) {
      expect(email.headers["List-Unsubscribe"]).toMatch(/^<https:\/\/alumni\.example\.com\/unsubscribe\/[A-Za-z0-9._-]+>$/);
      expect(email.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
      expect(email.text).toContain(email.headers["List-Unsubscribe"]!.slice(1, -1));
    }
  });

  it("hands the batches over without posting or storing anything when no RESEND_API_KEY is set", async () => {
    const { issueId } = await sendingIssue(150);
    resend.setEnv("RESEND_API_KEY", undefined);
    expect(await drain(issueId)).toBe("finished");
    expect(resend.fake.requestCount()).toBe(0);
    expect(await testDb().selectFrom("emails").select("id").execute()).toEqual([]);
    expect(await issueProgress(testDb(), issueId)).toMatchObject({ status: "sent", total: 150, submitted: 150 });
  });
});

describe("newsletter send controls", () => {
  it("schedules a draft, refuses a time in the past, and cancels it before it starts", async () => {
    const issueId = await makeIssue();
    const now = new Date("2026-12-07T10:00:00Z");
    expect(await refusal(scheduleIssue(testDb(), issueId, new Date("2026-12-07T09:00:00Z"), null, now))).toMatchObject({ kind: "invalid", code: "newsletterSend.scheduledInPast" });

    await scheduleIssue(testDb(), issueId, new Date("2026-12-08T09:00:00Z"), null, now);
    expect(await issueRow(issueId)).toMatchObject({ status: "scheduled", scheduled_at: new Date("2026-12-08T09:00:00Z") });
    // Not due yet: its start job (or the tick) leaves it alone.
    expect(await startIssueSend(testDb(), issueId)).toEqual({ started: false, status: "notDue" });

    await cancelIssue(testDb(), issueId, null);
    expect((await issueRow(issueId)).status).toBe("cancelled");
    expect(await refusal(scheduleIssue(testDb(), issueId, "now", null))).toMatchObject({ kind: "refused", code: "newsletterSend.wrongState", values: { action: "schedule", status: "cancelled" } });
    expect((await auditActions(issueId)).map((a) => a.action)).toEqual(["newsletter.schedule", "newsletter.cancel"]);
  });

  it("pauses a send so that no batch is claimed, refuses to cancel it, and resumes it", async () => {
    const { alumni, issueId } = await sendingIssue(300);
    expect(await sendNextBatch(testDb(), issueId, fast)).toMatchObject({ kind: "submitted", batchNo: 0 });
    expect(await refusal(cancelIssue(testDb(), issueId, null))).toMatchObject({ code: "newsletterSend.wrongState", values: { action: "cancel", status: "sending" } });

    await pauseIssue(testDb(), issueId, null);
    expect(await sendNextBatch(testDb(), issueId, fast)).toEqual({ kind: "halted", status: "paused" });
    expect(await drain(issueId)).toBe("halted");
    expect(resend.fake.received).toHaveLength(100);
    expect(await refusal(pauseIssue(testDb(), issueId, null))).toMatchObject({ code: "newsletterSend.wrongState", values: { action: "pause", status: "paused" } });
    expect(await issueProgress(testDb(), issueId)).toMatchObject({ status: "paused", total: 300, submitted: 100, pending: 200, batches: { open: 2 } });

    await resumeIssue(testDb(), issueId, null);
    expect(await drain(issueId)).toBe("finished");
    expect(alumni.every((a) => resend.fake.deliveriesTo(a.email) === 1)).toBe(true);
    expect(await refusal(resumeIssue(testDb(), issueId, null))).toMatchObject({ code: "newsletterSend.wrongState", values: { action: "resume", status: "sent" } });
    expect((await auditActions(issueId)).map((a) => a.action)).toEqual(["newsletter.schedule", "newsletter.pause", "newsletter.resume"]);
  });

  it("estimates the time left from the rate limit and the batches left", async () => {
    const { issueId } = await sendingIssue(1000);
    resend.setEnv("RESEND_RATE_LIMIT_PER_SECOND", "2");
    expect(await issueProgress(testDb(), issueId)).toMatchObject({ total: 1000, pending: 1000, submitted: 0, estimatedSecondsLeft: 5 });
  });
});
