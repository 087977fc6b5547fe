import { sql } from "kysely";
import { issueProgress, scheduleIssue } from "~/modules/newsletter/controls.server";
import { drainIssue, idempotencyKeyOf } from "~/modules/newsletter/send-batch.server";
import { startIssueSend } from "~/modules/newsletter/snapshot.server";
import { listStuckBatches, settleStuckBatch } from "~/modules/newsletter/stuck-batches.server";
import { isDomainFailure } from "~/utils/failures";
import { createUser } from "../../factories";
import { makeIssue, seedAlumni, suppress } from "../../factories/newsletter";
import { testDb, useTestDatabase } from "../../support/database";
import { useJobQueue } from "../../support/job-queue";
import { useNewsletterFake } from "../../support/newsletter";

/** HR's decision on a batch Resend never confirmed within its 24-hour idempotency window (ADR 024). */

useTestDatabase();
useJobQueue();
const resend = useNewsletterFake({ RESEND_RATE_LIMIT_PER_SECOND: "0", APP_URL: "https://alumni.example.com" });

const drain = (issueId: string) => drainIssue(testDb(), issueId, { retryBaseMs: 10, concurrentRetryMs: 10, until: Date.now() + 60_000 });

/** 300 recipients sent, batch 1 (the second) left unconfirmed for 25 hours: stuck. */
async function issueWithStuckBatch() {
  const alumni = await seedAlumni({ count: 300 });
  const issueId = await makeIssue();
  await scheduleIssue(testDb(), issueId, "now", null);
  await startIssueSend(testDb(), issueId);
  await sql`
    update newsletter_batches set status = 'submitting', attempts = 1,
      first_attempt_at = now() - interval '25 hours', next_attempt_at = now() - interval '24 hours'
    where issue_id = ${issueId} and batch_no = 1
  `.execute(testDb());
  expect(await drain(issueId)).toBe("finished");
  const inStuckBatch = alumni.filter((a) => resend.fake.deliveriesTo(a.email) === 0);
  expect(inStuckBatch).toHaveLength(100);
  return { alumni, issueId, inStuckBatch };
}

describe("a stuck newsletter batch", () => {
  let hrId: string;
  beforeEach(async () => {
    hrId = (await createUser({ role: "hr_admin" })).id;
  });

  it("is listed for HR with the idempotency key to look for in Resend's log", async () => {
    const { issueId } = await issueWithStuckBatch();
    expect(await listStuckBatches(testDb(), issueId)).toEqual([
      { batchNo: 1, idempotencyKey: idempotencyKeyOf(issueId, 1), firstAttemptAt: expect.any(Date), recipients: 100, lastError: expect.stringMatching(/^stuck/) },
    ]);
  });

  it("sent again by HR, reaches each of its recipients once under a key of its own, leaving out an address suppressed since", async () => {
    const { alumni, issueId, inStuckBatch } = await issueWithStuckBatch();
    await suppress(inStuckBatch[0]!.email);
    const before = resend.fake.received.length;

    await settleStuckBatch(testDb(), issueId, 1, "sendAgain", hrId);
    expect((await issueProgress(testDb(), issueId)).status).toBe("sending");
    expect(await drain(issueId)).toBe("finished");

    const reposted = resend.fake.received.slice(before);
    expect(reposted).toHaveLength(99);
    expect(new Set(reposted.map((email) => email.idempotencyKey))).toEqual(new Set([idempotencyKeyOf(issueId, 1, 1)]));
    expect(resend.fake.deliveriesTo(inStuckBatch[0]!.email)).toBe(0);
    expect(alumni.filter((a) => a !== inStuckBatch[0]).every((a) => resend.fake.deliveriesTo(a.email) === 1)).toBe(true);
    expect(await issueProgress(testDb(), issueId)).toMatchObject({ status: "sent", submitted: 299, suppressed: 1, stuck: 0, batches: { stuck: 0 } });
    const audit = await testDb().selectFrom("audit_log").select(["action", "actor_user_id"]).where("subject_id", "=", issueId).where("action", "like", "newsletter.stuck%").execute();
    expect(audit).toEqual([{ action: "newsletter.stuck_sent_again", actor_user_id: hrId }]);
  });

  it("marked received by HR, counts as handed over and is never posted", async () => {
    const { issueId } = await issueWithStuckBatch();
    const before = resend.fake.received.length;
    await settleStuckBatch(testDb(), issueId, 1, "received", hrId);
    expect(await drain(issueId)).not.toBe("more");
    expect(resend.fake.received.length).toBe(before);
    expect(await issueProgress(testDb(), issueId)).toMatchObject({ status: "sent", submitted: 300, stuck: 0, pending: 0 });
  });

  it("cannot be decided twice, nor can a batch that is not stuck", async () => {
    const { issueId } = await issueWithStuckBatch();
    await settleStuckBatch(testDb(), issueId, 1, "received", hrId);
    for (const [batchNo, decision] of [[1, "sendAgain"], [0, "sendAgain"], [7, "received"]] as const) {
      const outcome = await settleStuckBatch(testDb(), issueId, batchNo, decision, hrId).then(
        () => null,
        (error: unknown) => error,
      );
      expect(isDomainFailure(outcome) && outcome.failures[0]?.code).toBe("newsletterSend.notStuck");
    }
    expect(await issueProgress(testDb(), issueId)).toMatchObject({ status: "sent", submitted: 300 });
  });
});
