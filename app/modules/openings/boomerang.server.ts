import { recordAudit } from "~/modules/auth/audit.server";
import type { DB } from "~/utils/db.server";

/**
 * "I would consider coming back" (issue 14, ADR 034): the person's own explicit choice, one row
 * while it holds, deleted when withdrawn. It does not need the `openings` consent: saying it is
 * the choice. The note is for HR and is kept only while the interest is.
 */

export interface BoomerangInterest {
  since: Date;
  note: string | null;
}

export async function boomerangInterest(db: DB, userId: string): Promise<BoomerangInterest | null> {
  const row = await db.selectFrom("boomerang_interest").select(["since", "note"]).where("user_id", "=", userId).executeTakeFirst();
  return row ?? null;
}

/** Says (or, when already said, updates the note of) the interest; `since` stays the first day. */
export async function flagBoomerangInterest(db: DB, userId: string, note: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto("boomerang_interest")
      .values({ user_id: userId, note: note.trim() || null })
      .onConflict((oc) => oc.column("user_id").doUpdateSet({ note: note.trim() || null }))
      .returning(["since"])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorUserId: userId, action: "boomerang.flagged", subjectType: "user", subjectId: userId, data: { since: inserted.since.toISOString() } });
  });
}

/** Withdraws the interest; "unchanged" when there was none. */
export async function withdrawBoomerangInterest(db: DB, userId: string): Promise<"withdrawn" | "unchanged"> {
  return db.transaction().execute(async (trx) => {
    const deleted = await trx.deleteFrom("boomerang_interest").where("user_id", "=", userId).returning("user_id").executeTakeFirst();
    if (!deleted) return "unchanged";
    await recordAudit(trx, { actorUserId: userId, action: "boomerang.withdrawn", subjectType: "user", subjectId: userId });
    return "withdrawn";
  });
}
