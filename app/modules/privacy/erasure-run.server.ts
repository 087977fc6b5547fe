import { sql } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { enqueue } from "~/modules/jobs/boss.server";
import type { JobDefinition } from "~/modules/jobs/define-job";
import { logger } from "~/modules/platform/logger.server";
import { emitWebhookEvent } from "~/modules/webhooks/events.server";
import { getDb } from "~/utils/db.server";
import { erasePersonalData } from "./erase.server";

/** How long an open request waits before the safety net queues it again. */
export const ERASURE_SWEEP_AFTER_MINUTES = 60;

/**
 * Runs one erasure request: marks it started, erases in one transaction that also marks it done.
 * A request already done does nothing (pg-boss delivers at least once).
 */
export async function runErasureRequest(requestId: string): Promise<void> {
  const db = getDb();
  const request = await db
    .updateTable("privacy_erasure_requests")
    .set({ status: "running", started_at: sql<Date>`coalesce(started_at, now())`, attempts: sql<number>`attempts + 1` })
    .where("id", "=", requestId)
    .where("status", "<>", "done")
    .returning(["id", "user_id", "requested_by", "reason"])
    .executeTakeFirst();
  if (!request) return;
  try {
    await db.transaction().execute(async (trx) => {
      const counts = await erasePersonalData(trx, request.user_id);
      await trx
        .updateTable("privacy_erasure_requests")
        .set({ status: "done", finished_at: new Date(), counts: JSON.stringify(counts), error: null })
        .where("id", "=", requestId)
        .execute();
      // Ids and counts only: the log outlives the person.
      await recordAudit(trx, {
        actorUserId: null,
        action: "privacy.erasure_finished",
        subjectType: "user",
        subjectId: request.user_id,
        data: { requestId, reason: request.reason, rows: Object.values(counts).reduce((sum, n) => sum + n, 0), entries: Object.keys(counts).length },
      });
      // In the erasure's transaction: receivers hear of it exactly when it happened (the delivery
      // job starts after the commit), with the tombstone's id only (docs/decisions/035).
      await emitWebhookEvent(trx, { type: "alumni.erased", data: { userId: request.user_id } });
    });
  } catch (error) {
    // The class name only: a database message may quote a value of the row it failed on.
    const code = error instanceof Error ? error.name : "unknown";
    await db.updateTable("privacy_erasure_requests").set({ error: code }).where("id", "=", requestId).execute();
    throw error;
  }
}

/** Queues again every request still open after ERASURE_SWEEP_AFTER_MINUTES. Answers how many. */
export async function sweepErasureRequests(job: JobDefinition, now: Date = new Date()): Promise<number> {
  const db = getDb();
  const stale = await db
    .selectFrom("privacy_erasure_requests")
    .select("id")
    .where("status", "<>", "done")
    .where("requested_at", "<", new Date(now.getTime() - ERASURE_SWEEP_AFTER_MINUTES * 60_000))
    .execute();
  for (const { id } of stale) await enqueue(job, { requestId: id }, { singletonKey: `privacy.erase:${id}` });
  if (stale.length > 0) logger.warn({ requests: stale.length }, "erasure requests queued again by the safety net");
  return stale.length;
}
