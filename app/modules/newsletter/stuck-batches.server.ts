import { sql } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { enqueue } from "~/modules/jobs/boss.server";
import type { DB } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import { idempotencyKeyOf } from "./send-batch.server";
import { newsletterSendJob } from "./send-job.server";

/**
 * HR's decision on a stuck batch: one posted but never confirmed within Resend's 24-hour
 * idempotency window, so posting it again could deliver it twice (ADR 024). HR looks it up in
 * Resend's log (by the idempotency key shown) and says either that its recipients received it,
 * or that they did not, in which case it is posted again under a key of its own.
 */

export interface StuckBatch {
  batchNo: number;
  /** The key to look for in Resend's log. */
  idempotencyKey: string;
  firstAttemptAt: Date | null;
  recipients: number;
  lastError: string | null;
}

export const STUCK_DECISIONS = ["received", "sendAgain"] as const;
export type StuckDecision = (typeof STUCK_DECISIONS)[number];

export async function listStuckBatches(db: DB, issueId: string): Promise<StuckBatch[]> {
  const rows = await db
    .selectFrom("newsletter_batches as b")
    .select((eb) => [
      "b.batch_no as batchNo",
      "b.repost",
      "b.first_attempt_at as firstAttemptAt",
      "b.last_error as lastError",
      eb
        .selectFrom("newsletter_recipients as r")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("r.issue_id", "=", "b.issue_id")
        .whereRef("r.batch_no", "=", "b.batch_no")
        .where("r.status", "=", "pending")
        .as("recipients"),
    ])
    .where("b.issue_id", "=", issueId)
    .where("b.status", "=", "stuck")
    .orderBy("b.batch_no")
    .limit(100)
    .execute();
  return rows.map((row) => ({
    batchNo: row.batchNo,
    idempotencyKey: idempotencyKeyOf(issueId, row.batchNo, Number(row.repost)),
    firstAttemptAt: row.firstAttemptAt,
    recipients: Number(row.recipients ?? 0),
    lastError: row.lastError,
  }));
}

/**
 * `received`: the batch and its unsent recipients count as handed over (no Resend ids: the log
 * has them). `sendAgain`: the batch goes back to pending under its next re-post key, its
 * suppressions are checked afresh at its first claim, and the issue sends again (a sent issue
 * becomes sending; a paused one stays paused until resumed). Refused unless the batch is stuck and
 * the issue is sent, sending or paused.
 */
export async function settleStuckBatch(db: DB, issueId: string, batchNo: number, decision: StuckDecision, actorUserId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const issue = await trx.selectFrom("newsletter_issues").select("status").where("id", "=", issueId).forUpdate().executeTakeFirst();
    if (!issue) throw DomainFailure.notFound("newsletterSend.notFound");
    const batch = await trx
      .selectFrom("newsletter_batches")
      .select(["status", "repost"])
      .where("issue_id", "=", issueId)
      .where("batch_no", "=", batchNo)
      .forUpdate()
      .executeTakeFirst();
    if (!batch || batch.status !== "stuck") throw DomainFailure.refused("newsletterSend.notStuck", { batch: batchNo + 1 });
    if (!["sent", "sending", "paused"].includes(issue.status)) throw DomainFailure.refused("newsletterSend.notStuck", { batch: batchNo + 1 });

    if (decision === "received") {
      await trx
        .updateTable("newsletter_batches")
        .set({ status: "submitted", submitted_at: sql<Date>`clock_timestamp()`, last_error: null })
        .where("issue_id", "=", issueId)
        .where("batch_no", "=", batchNo)
        .execute();
      await trx
        .updateTable("newsletter_recipients")
        .set({ status: "submitted" })
        .where("issue_id", "=", issueId)
        .where("batch_no", "=", batchNo)
        .where("status", "=", "pending")
        .execute();
    } else {
      await trx
        .updateTable("newsletter_batches")
        .set({ status: "pending", repost: batch.repost + 1, attempts: 0, first_attempt_at: null, next_attempt_at: null, last_error: null })
        .where("issue_id", "=", issueId)
        .where("batch_no", "=", batchNo)
        .execute();
      if (issue.status === "sent") {
        await trx.updateTable("newsletter_issues").set({ status: "sending", finished_at: null, updated_at: new Date() }).where("id", "=", issueId).execute();
      }
      if (issue.status !== "paused") await enqueue(newsletterSendJob, { issueId }, { trx });
    }
    await recordAudit(trx, {
      actorUserId,
      action: decision === "received" ? "newsletter.stuck_received" : "newsletter.stuck_sent_again",
      subjectType: "newsletter_issue",
      subjectId: issueId,
      data: { batchNo, repost: decision === "received" ? batch.repost : batch.repost + 1 },
    });
  });
}
