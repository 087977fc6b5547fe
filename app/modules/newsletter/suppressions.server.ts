import { sql } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { addressSuppressedSql } from "~/modules/email/suppressed-addresses.server";
import type { DB } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import type { SuppressionReason } from "../../../db/schema";

/**
 * The suppression list (docs/decisions/024): addresses no newsletter may reach, lower-cased, each
 * with why. This module owns its writes; the sending engine only reads it (at the snapshot and again
 * when it builds each batch).
 *
 * One row per address. Its time is when the address was first suppressed; its reason is the
 * strongest one seen (complaint > hard bounce > unsubscribed > manual), not the first: Resend's
 * webhooks arrive in any order and more than once, and the final row must not depend on which came
 * first. An equal or weaker reason later changes nothing (the issue's own recipient row still
 * records it: unsubscribed_at, bounced_at, complained_at).
 */

/** Which reason wins when an address is suppressed again: the higher. */
const REASON_RANK: Record<SuppressionReason, number> = { manual: 1, unsubscribed: 2, hard_bounce: 3, complaint: 4 };

function rankSql(reason: ReturnType<typeof sql.ref>) {
  return sql<number>`case ${reason} when 'complaint' then ${REASON_RANK.complaint} when 'hard_bounce' then ${REASON_RANK.hard_bounce} when 'unsubscribed' then ${REASON_RANK.unsubscribed} else ${REASON_RANK.manual} end`;
}

/** The longest detail kept (the column allows 1,000): bounce messages can be long SMTP transcripts. */
export const SUPPRESSION_DETAIL_MAX = 500;

export interface SuppressAddressInput {
  email: string;
  reason: SuppressionReason;
  userId?: string | null;
  issueId?: string | null;
  detail?: string | null;
  /** The HR admin who added it by hand; none for an unsubscribe, a bounce or a complaint. */
  actor?: { userId: string } | null;
}

/** The address as the list keys it: trimmed and lower-cased. */
export function normaliseAddress(email: string): string {
  return email.trim().toLowerCase();
}

/** A provider's text made safe to keep: no NUL (PostgreSQL text cannot hold it), no control characters, bounded. */
export function cleanDetail(detail: string | null | undefined): string | null {
  if (!detail) return null;
  const cleaned = detail.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "").trim();
  if (!cleaned) return null;
  return cleaned.length > SUPPRESSION_DETAIL_MAX ? `${cleaned.slice(0, SUPPRESSION_DETAIL_MAX - 1)}…` : cleaned;
}

/**
 * Puts an address on the list, or raises its reason to a stronger one (see above; its time stays).
 * Answers whether the row was added or changed. Pass the transaction of the change it follows from.
 */
export async function suppressAddress(db: DB, input: SuppressAddressInput): Promise<{ added: boolean }> {
  // "added": inserted, or raised to a stronger reason (the conditional update returns no row otherwise).
  const email = normaliseAddress(input.email);
  if (!email) return { added: false };
  const inserted = await db
    .insertInto("email_suppressions")
    .values({
      email,
      reason: input.reason,
      user_id: input.userId ?? null,
      issue_id: input.issueId ?? null,
      detail: cleanDetail(input.detail),
      created_by: input.actor?.userId ?? null,
    })
    .onConflict((oc) =>
      oc
        .column("email")
        .doUpdateSet((eb) => ({
          reason: eb.ref("excluded.reason"),
          detail: eb.ref("excluded.detail"),
          issue_id: eb.ref("excluded.issue_id"),
          user_id: sql<string | null>`coalesce(excluded.user_id, email_suppressions.user_id)`,
          created_by: eb.ref("excluded.created_by"),
        }))
        .where(sql<boolean>`${rankSql(sql.ref("excluded.reason"))} > ${rankSql(sql.ref("email_suppressions.reason"))}`),
    )
    .returning("email")
    .executeTakeFirst();
  return { added: inserted !== undefined };
}

/**
 * HR adds an address by hand, with a note: refused when it is already on the list (its reason
 * stays, and HR sees it). Audited without the address: the audit log outlives erasure requests.
 */
export async function addManualSuppression(db: DB, input: { email: string; note: string | null; actor: { userId: string } }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Manual is the weakest reason: an address already listed is never changed by it.
    const { added } = await suppressAddress(trx, { email: input.email, reason: "manual", detail: input.note, actor: input.actor });
    if (!added) throw DomainFailure.conflict("email", "suppression.alreadySuppressed");
    await recordAudit(trx, { actorUserId: input.actor.userId, action: "newsletter.suppression_added", subjectType: "email_suppression", data: { reason: "manual" } });
  });
}

/**
 * HR takes an address off the list: newsletters may reach it again — if the person still consents.
 * Lifting an `unsubscribed` row does not subscribe anyone: the consent ledger still says no, and
 * only the person can change that. Audited with the reason lifted, never the address.
 */
export async function liftSuppression(db: DB, input: { email: string; actor: { userId: string } }): Promise<{ reason: SuppressionReason }> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom("email_suppressions")
      .where("email", "=", normaliseAddress(input.email))
      .returning(["reason", "user_id"])
      .executeTakeFirst();
    if (!removed) throw DomainFailure.notFound("suppression.notFound");
    await recordAudit(trx, {
      actorUserId: input.actor.userId,
      action: "newsletter.suppression_lifted",
      subjectType: removed.user_id ? "user" : "email_suppression",
      subjectId: removed.user_id,
      data: { reason: removed.reason },
    });
    return { reason: removed.reason };
  });
}

export interface SuppressionRow {
  email: string;
  reason: SuppressionReason;
  detail: string | null;
  createdAt: Date;
  issueId: string | null;
  /** The issue's English subject (its required language), when it still exists. */
  issueSubject: string | null;
  userId: string | null;
  userName: string | null;
  /** Who added it by hand (a `manual` row). */
  createdByName: string | null;
}

function suppressionQuery(db: DB) {
  return db
    .selectFrom("email_suppressions as s")
    .leftJoin("newsletter_issue_texts as it", (join) => join.onRef("it.issue_id", "=", "s.issue_id").on("it.language", "=", "en"))
    .leftJoin("users as u", "u.id", "s.user_id")
    .leftJoin("users as by", "by.id", "s.created_by")
    .select([
      "s.email",
      "s.reason",
      "s.detail",
      "s.created_at as createdAt",
      "s.issue_id as issueId",
      "it.subject as issueSubject",
      "s.user_id as userId",
      "u.name as userName",
      "by.name as createdByName",
    ]);
}

/** "Why is this address suppressed": the row for an address, however it is typed. */
export async function findSuppression(db: DB, email: string): Promise<SuppressionRow | null> {
  const row = await suppressionQuery(db).where("s.email", "=", normaliseAddress(email)).executeTakeFirst();
  return row ?? null;
}

/** Where a page of the list starts: after this row (the list is newest first). */
export interface SuppressionCursor {
  createdAt: Date;
  email: string;
}

/** The list, newest first, by keyset (email_suppressions_created_idx): `limit` rows after `after`, and whether more follow. */
export async function listSuppressions(db: DB, options: { after?: SuppressionCursor | null; limit?: number } = {}): Promise<{ rows: SuppressionRow[]; next: SuppressionCursor | null }> {
  const limit = options.limit ?? 50;
  let query = suppressionQuery(db);
  const after = options.after;
  if (after) query = query.where(sql<boolean>`(s.created_at, s.email) < (${after.createdAt}, ${after.email})`);
  const rows = await query.orderBy("s.created_at", "desc").orderBy("s.email", "desc").limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > limit && last ? { createdAt: last.createdAt, email: last.email } : null };
}

/** Whether an address may not be mailed (for tests and the engine's single checks). */
export async function isSuppressed(db: DB, email: string): Promise<boolean> {
  // Listed, or an erased person's address whose keyed hash is listed (docs/decisions/030).
  const { rows } = await sql<{ blocked: boolean }>`select ${addressSuppressedSql(sql`${normaliseAddress(email)}`)} as blocked`.execute(db);
  return rows[0]?.blocked === true;
}
