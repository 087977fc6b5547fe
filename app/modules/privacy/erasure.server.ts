import { sql, type Transaction } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { enqueue } from "~/modules/jobs/boss.server";
import type { Database, DB } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import { privacyEraseJob } from "./erase-job.server";

export type ErasureRequestReason = "self" | "hr" | "retention";

/**
 * Records a request to erase a person and queues the job that does it, in one transaction (joins
 * the caller's when `db` is one). Idempotent per person: while a request is open (pending or
 * running), asking again answers that request.
 *
 * From the request on, the person can no longer sign in: the account is disabled and its sessions
 * and sign-in links are gone at once, before the job runs.
 */
export async function requestErasure(
  db: DB,
  input: { userId: string; requestedBy: { userId: string } | null; reason: ErasureRequestReason },
): Promise<{ requestId: string }> {
  const work = async (trx: Transaction<Database>) => {
    const user = await trx.selectFrom("users").select("id").where("id", "=", input.userId).executeTakeFirst();
    if (!user) throw DomainFailure.notFound("erasure.personNotFound");
    const open = await trx
      .selectFrom("privacy_erasure_requests")
      .select("id")
      .where("user_id", "=", input.userId)
      .where("status", "<>", "done")
      .executeTakeFirst();
    if (open) return { requestId: open.id };
    const created = await trx
      .insertInto("privacy_erasure_requests")
      .values({ user_id: input.userId, requested_by: input.requestedBy?.userId ?? null, reason: input.reason })
      // A request made at the same moment by another process: join it.
      // The predicate is written as the index's (a bound parameter would not match it).
      .onConflict((oc) => oc.column("user_id").where(sql<boolean>`status <> 'done'`).doNothing())
      .returning("id")
      .executeTakeFirst();
    const requestId =
      created?.id ??
      (await trx
        .selectFrom("privacy_erasure_requests")
        .select("id")
        .where("user_id", "=", input.userId)
        .where("status", "<>", "done")
        .executeTakeFirstOrThrow()).id;
    if (!created) return { requestId };
    await trx.updateTable("users").set({ status: "disabled", updated_at: new Date() }).where("id", "=", input.userId).execute();
    await trx.deleteFrom("sessions").where("user_id", "=", input.userId).execute();
    await trx.deleteFrom("one_time_tokens").where("user_id", "=", input.userId).execute();
    await enqueue(privacyEraseJob, { requestId }, { trx, singletonKey: `privacy.erase:${requestId}` });
    await recordAudit(trx, {
      actorUserId: input.requestedBy?.userId ?? null,
      action: "privacy.erasure_requested",
      subjectType: "user",
      subjectId: input.userId,
      data: { requestId, reason: input.reason },
    });
    return { requestId };
  };
  return db.isTransaction ? work(db as Transaction<Database>) : db.transaction().execute(work);
}
