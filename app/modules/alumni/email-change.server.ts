import { recordAudit } from "~/modules/auth/audit.server";
import type { DB } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import { issueEmailConfirmation } from "./email-confirmation.server";
import { lockPerson } from "./leaver.server";
import { ensureAlumnusProfile, findAlumniProfile, type Actor } from "./membership.server";

/**
 * Changing the personal address from the preference centre (docs/decisions/032). Asking sends a
 * `change` confirmation link to the new address and changes nothing else: the profile, the sign-in
 * address and every email stay on the current address until the link is used
 * (email-confirmation.server.ts applies it). One change is pending at a time; asking again, resending
 * or cancelling retires the earlier link. The confirmation emails a person may cause are limited
 * (CONFIRMATIONS_PER_HOUR, shared with joining).
 */

export interface PendingEmailChange {
  email: string;
  sentAt: Date;
  expiresAt: Date;
}

/** The new address waiting for its link, if any (the latest live `change` link). */
export async function pendingEmailChange(db: DB, userId: string, now = new Date()): Promise<PendingEmailChange | null> {
  const row = await db
    .selectFrom("email_confirmations")
    .select(["email", "created_at", "expires_at"])
    .where("user_id", "=", userId)
    .where("kind", "=", "change")
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? { email: row.email, sentAt: row.created_at, expiresAt: row.expires_at } : null;
}

/**
 * Why a change cannot be asked for: `same` (the current address), `suppressed` (the address is on the
 * do-not-email list: it bounced, complained or asked us to stop, and a confirmation would not reach it
 * or should not be sent), `unconfirmed` (the current address is not confirmed yet: confirm or correct
 * it in the exit flow's alumni step), `left` (rejoin first), `notMember` (no alumni profile).
 */
export type EmailChangeRefusal = "same" | "suppressed" | "unconfirmed" | "left" | "notMember";

export type EmailChangeOutcome = { status: "sent" } | { status: "throttled" } | { status: "refused"; reason: EmailChangeRefusal } | { status: "none" };

/** Asks for a change to `newEmail` (already validated as an address by the form). */
export async function requestEmailChange(actor: Actor, newEmail: string, now = new Date()): Promise<EmailChangeOutcome> {
  return getDb()
    .transaction()
    .execute(async (trx): Promise<EmailChangeOutcome> => {
      await lockPerson(trx, actor.userId);
      await ensureAlumnusProfile(trx, actor.userId, now);
      const profile = await findAlumniProfile(trx, actor.userId);
      if (!profile) return { status: "refused", reason: "notMember" };
      if (profile.status === "left") return { status: "refused", reason: "left" };
      if (!profile.confirmed) return { status: "refused", reason: "unconfirmed" };
      if (profile.personalEmail.toLowerCase() === newEmail.toLowerCase()) return { status: "refused", reason: "same" };
      const suppressed = await trx
        .selectFrom("email_suppressions")
        .select("email")
        .where("email", "=", newEmail.trim().toLowerCase())
        .executeTakeFirst();
      if (suppressed) return { status: "refused", reason: "suppressed" };
      const issued = await issueEmailConfirmation(trx, { ...actor, email: newEmail, now, kind: "change" });
      if (!issued.sent) return { status: "throttled" };
      await recordAudit(trx, { actorUserId: actor.userId, action: "alumni.email_change_requested", subjectType: "user", subjectId: actor.userId });
      return { status: "sent" };
    });
}

/** A new link to the pending address (the earlier one stops working). */
export async function resendEmailChange(actor: Actor, now = new Date()): Promise<EmailChangeOutcome> {
  return getDb()
    .transaction()
    .execute(async (trx): Promise<EmailChangeOutcome> => {
      await lockPerson(trx, actor.userId);
      const pending = await pendingEmailChange(trx, actor.userId, now);
      if (!pending) return { status: "none" };
      const issued = await issueEmailConfirmation(trx, { ...actor, email: pending.email, now, kind: "change" });
      return issued.sent ? { status: "sent" } : { status: "throttled" };
    });
}

/** Retires the pending change's link: the current address stays, and the link says "expired". */
export async function cancelEmailChange(actor: Pick<Actor, "userId">, now = new Date()): Promise<boolean> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      await lockPerson(trx, actor.userId);
      const retired = await trx
        .updateTable("email_confirmations")
        .set({ expires_at: now })
        .where("user_id", "=", actor.userId)
        .where("kind", "=", "change")
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .executeTakeFirst();
      const any = retired.numUpdatedRows > 0n;
      if (any) await recordAudit(trx, { actorUserId: actor.userId, action: "alumni.email_change_cancelled", subjectType: "user", subjectId: actor.userId });
      return any;
    });
}
