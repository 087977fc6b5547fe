import { sql, type Transaction } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { generateToken, hashToken, TOKEN_PATTERN } from "~/modules/auth/tokens.server";
import { sendEmail } from "~/modules/email/send-email.server";
import type { AppLocale } from "~/modules/i18n/config";
import type { Database, DB } from "~/utils/db.server";
import type { EmailConfirmationKind } from "../../../db/schema";
import { getDb } from "~/utils/db.server";
import { getAppUrl } from "~/utils/env.server";
import { lockPerson } from "./leaver.server";
import { CONFIRMATION_DAYS } from "./profile";
import { transitionIfDue } from "./transition.server";

/**
 * Confirming the personal address: a link (token hashed at rest, valid 7 days) in the only email the
 * portal sends to that address before it is confirmed. Opening the link shows a button; only the
 * POST confirms, so a mail scanner that follows links confirms nothing.
 *
 * Two kinds of link (docs/decisions/032): `confirm`, for the address given when joining (the profile
 * already holds it, unconfirmed), and `change`, for a new address asked for from the preference
 * centre (the profile keeps the current, confirmed address, which keeps receiving mail, until the
 * link is used).
 */

export { CONFIRMATION_DAYS };
const DAY_MS = 24 * 60 * 60 * 1000;
/** Confirmation emails one person may cause per hour: joining, changing the address and resending all count. */
export const CONFIRMATIONS_PER_HOUR = 5;

export function confirmationUrl(token: string): string {
  return `${getAppUrl()}/confirm-email/${token}`;
}

export type IssueConfirmationResult = { sent: true } | { sent: false; reason: "throttled" };

/**
 * Retires the person's earlier links and emails a new one to `email`. Runs in the caller's
 * transaction: the link exists only if its email is queued.
 */
export async function issueEmailConfirmation(
  trx: Transaction<Database>,
  input: { userId: string; email: string; name: string; locale: AppLocale; now?: Date; kind?: EmailConfirmationKind },
): Promise<IssueConfirmationResult> {
  const now = input.now ?? new Date();
  const kind = input.kind ?? "confirm";
  const recent = await trx
    .selectFrom("email_confirmations")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where("user_id", "=", input.userId)
    .where("created_at", ">", new Date(now.getTime() - 60 * 60 * 1000))
    .executeTakeFirstOrThrow();
  if (Number(recent.count) >= CONFIRMATIONS_PER_HOUR) return { sent: false, reason: "throttled" };

  // An older link is retired by expiring it: it then says "expired, ask for a new one".
  await trx
    .updateTable("email_confirmations")
    .set({ expires_at: now })
    .where("user_id", "=", input.userId)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .execute();
  const token = generateToken();
  await trx
    .insertInto("email_confirmations")
    .values({
      token_hash: hashToken(token),
      user_id: input.userId,
      email: input.email,
      kind,
      created_at: now,
      expires_at: new Date(now.getTime() + CONFIRMATION_DAYS * DAY_MS),
    })
    .execute();
  await sendEmail({
    to: input.email,
    template: "alumni-confirm-email",
    props: { url: confirmationUrl(token), name: input.name.slice(0, 200), expiresInDays: CONFIRMATION_DAYS, change: kind === "change" },
    locale: input.locale,
    userId: input.userId,
    trx,
  });
  await recordAudit(trx, {
    actorUserId: input.userId,
    action: "alumni.confirmation_sent",
    subjectType: "user",
    subjectId: input.userId,
  });
  return { sent: true };
}

/** Whether the person has a link that still works, so that saving the form again does not resend. */
export async function hasLiveConfirmation(db: DB, userId: string, email: string, now = new Date()): Promise<boolean> {
  const row = await db
    .selectFrom("email_confirmations")
    .select("token_hash")
    .where("user_id", "=", userId)
    .where(sql<string>`lower(email)`, "=", email.toLowerCase())
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Why a link cannot be used. `confirmed`: it was used and the address is confirmed (nothing to do).
 * `inUse`: a new address that another account signs in with (found only when the link is used, so
 * that asking for a change tells nobody which addresses have accounts).
 */
export type ConfirmationFailure = "unknown" | "used" | "expired" | "confirmed" | "inUse";

/** A refusal says which kind of link it was when the link is known, so the page can say where to get a new one. */
export type ConfirmationCheck = { ok: true; email: string; kind: EmailConfirmationKind } | { ok: false; reason: ConfirmationFailure; kind?: EmailConfirmationKind };

/** For the GET page: can the link be used now? Changes nothing. */
export async function inspectEmailConfirmation(db: DB, token: string, now = new Date()): Promise<ConfirmationCheck> {
  if (!TOKEN_PATTERN.test(token)) return { ok: false, reason: "unknown" };
  const row = await db
    .selectFrom("email_confirmations")
    .leftJoin("alumni_profiles", "alumni_profiles.user_id", "email_confirmations.user_id")
    .select([
      "email_confirmations.email",
      "email_confirmations.kind",
      "email_confirmations.expires_at",
      "email_confirmations.used_at",
      "alumni_profiles.personal_email",
      "alumni_profiles.personal_email_confirmed_at",
      "alumni_profiles.status",
    ])
    .where("email_confirmations.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row) return { ok: false, reason: "unknown" };
  const member = row.personal_email !== null && row.status !== "left";
  const stillTheAddress = member && row.personal_email!.toLowerCase() === row.email.toLowerCase();
  if (row.used_at) return { ok: false, reason: stillTheAddress && row.personal_email_confirmed_at ? "confirmed" : "used", kind: row.kind };
  // A change needs a member with a confirmed address; a confirmation, the address still on the profile.
  const usable = row.kind === "change" ? member && row.personal_email_confirmed_at !== null : stillTheAddress;
  if (row.expires_at.getTime() <= now.getTime() || !usable) return { ok: false, reason: "expired", kind: row.kind };
  return { ok: true, email: row.email, kind: row.kind };
}

export type ConfirmEmailResult =
  | { status: "confirmed"; email: string; userId: string; becameAlumnus: boolean; changed: boolean }
  | { status: "invalid"; reason: ConfirmationFailure };

/**
 * Uses a link: marks it used, records the confirmation and, when the last day is already behind the
 * person, makes them an alumnus at once (the daily job would otherwise do it the next night).
 */
export async function confirmPersonalEmail(token: string, now = new Date()): Promise<ConfirmEmailResult> {
  const check = await inspectEmailConfirmation(getDb(), token, now);
  if (!check.ok) return { status: "invalid", reason: check.reason };
  return getDb()
    .transaction()
    .execute(async (trx): Promise<ConfirmEmailResult> => {
      const used = await trx
        .updateTable("email_confirmations")
        .set({ used_at: now })
        .where("token_hash", "=", hashToken(token))
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .returning(["user_id", "email", "kind"])
        .executeTakeFirst();
      // Another click won the race between the check and the update.
      if (!used) return { status: "invalid", reason: "used" };
      await lockPerson(trx, used.user_id);
      if (used.kind === "change") return applyEmailChange(trx, used.user_id, used.email, now);
      const confirmed = await trx
        .updateTable("alumni_profiles")
        .set({ personal_email_confirmed_at: now })
        .where("user_id", "=", used.user_id)
        .where("status", "<>", "left")
        .where(sql<string>`lower(personal_email)`, "=", used.email.toLowerCase())
        .returning("user_id")
        .executeTakeFirst();
      if (!confirmed) return { status: "invalid", reason: "expired" };
      await recordAudit(trx, {
        actorUserId: used.user_id,
        action: "alumni.email_confirmed",
        subjectType: "user",
        subjectId: used.user_id,
      });
      const transition = await transitionIfDue(trx, used.user_id, now);
      return { status: "confirmed", email: used.email, userId: used.user_id, becameAlumnus: transition === "activated", changed: false };
    });
}

/**
 * A confirmed change: the profile's address becomes the new one (confirmed now) and, for an alumnus,
 * so does the account's sign-in address (an alumnus signs in at the personal address). From this
 * commit on, every email goes to the new address. Runs under the person's lock.
 */
async function applyEmailChange(trx: Transaction<Database>, userId: string, email: string, now: Date): Promise<ConfirmEmailResult> {
  const user = await trx.selectFrom("users").select("role").where("id", "=", userId).executeTakeFirstOrThrow();
  if (user.role === "alumnus") {
    const clash = await trx
      .selectFrom("users")
      .select("id")
      .where(sql<string>`lower(email)`, "=", email.toLowerCase())
      .where("id", "<>", userId)
      .executeTakeFirst();
    if (clash) return { status: "invalid", reason: "inUse" };
  }
  const changed = await trx
    .updateTable("alumni_profiles")
    .set({ personal_email: email, personal_email_confirmed_at: now })
    .where("user_id", "=", userId)
    .where("status", "<>", "left")
    .where("personal_email_confirmed_at", "is not", null)
    .returning("user_id")
    .executeTakeFirst();
  if (!changed) return { status: "invalid", reason: "expired" };
  if (user.role === "alumnus") await trx.updateTable("users").set({ email, updated_at: now }).where("id", "=", userId).execute();
  await recordAudit(trx, { actorUserId: userId, action: "alumni.email_changed", subjectType: "user", subjectId: userId });
  return { status: "confirmed", email, userId, becameAlumnus: false, changed: true };
}
