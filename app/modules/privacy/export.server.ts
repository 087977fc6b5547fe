import { sql } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { consumeRateLimit } from "~/modules/auth/rate-limit.server";
import { enqueue } from "~/modules/jobs/boss.server";
import type { DB } from "~/utils/db.server";
import type { DataExportStatus } from "../../../db/schema";
import { exportDownloadPath, readExportDownloadToken } from "./export-links.server";
import { exportJob } from "./export-job.server";

/**
 * "Download my data": the person asks (POST), a job prepares the archive (export-prepare.server.ts),
 * the page and an email offer it through a signed link that expires, and the download (GET) needs
 * the link and the owner's session (docs/decisions/031).
 */

/** A request still pending after this is taken as lost (its job failed for good) and no longer blocks a new one. */
const STALE_PENDING_MS = 60 * 60 * 1000;

export type ExportRequestOutcome = { outcome: "queued"; exportId: string } | { outcome: "alreadyPending" } | { outcome: "throttled"; retryAfterMs: number };

/**
 * Queues an export of the person's data: one pending at a time (a partial unique index makes it hold
 * under concurrent posts), a few a day (rate limit). The row and the job are written in one transaction.
 */
export async function requestExport(db: DB, userId: string, now: Date = new Date()): Promise<ExportRequestOutcome> {
  const stale = new Date(now.getTime() - STALE_PENDING_MS);
  await db
    .updateTable("data_exports")
    .set({ status: "failed", failure_code: "stale" })
    .where("user_id", "=", userId)
    .where("status", "=", "pending")
    .where("requested_at", "<", stale)
    .execute();
  const pending = await db.selectFrom("data_exports").select("id").where("user_id", "=", userId).where("status", "=", "pending").executeTakeFirst();
  if (pending) return { outcome: "alreadyPending" };
  const verdict = await consumeRateLimit("dataExportsByPerson", userId);
  if (!verdict.allowed) return { outcome: "throttled", retryAfterMs: verdict.retryAfterMs };
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto("data_exports")
      .values({ user_id: userId, requested_at: now })
      // Another tab's request won the race: the partial unique index refuses a second pending row.
      // The predicate must be a literal for PostgreSQL to match it with the index's.
      .onConflict((oc) => oc.column("user_id").where("status", "=", sql.lit("pending")).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) return { outcome: "alreadyPending" as const };
    await enqueue(exportJob, { exportId: inserted.id }, { trx });
    await recordAudit(trx, { actorUserId: userId, action: "privacy.export_requested", subjectType: "data_export", subjectId: inserted.id });
    return { outcome: "queued" as const, exportId: inserted.id };
  });
}

export type ExportView =
  | { state: "pending"; requestedAt: Date }
  | { state: "ready"; requestedAt: Date; expiresAt: Date; bytes: number; downloadPath: string }
  | { state: "expired"; requestedAt: Date; expiresAt: Date }
  | { state: "failed"; requestedAt: Date };

/** The person's latest request, as the "Your data" page shows it; the link is derived again, for its owner only. */
export async function latestExport(db: DB, userId: string, now: Date = new Date()): Promise<ExportView | null> {
  const row = await db
    .selectFrom("data_exports")
    .select(["id", "status", "requested_at", "expires_at", "archive_bytes", sql<boolean>`archive is not null`.as("has_archive")])
    .where("user_id", "=", userId)
    .orderBy("requested_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  const status: DataExportStatus = row.status;
  if (status === "pending") return { state: "pending", requestedAt: row.requested_at };
  if (status === "failed" || !row.expires_at) return { state: "failed", requestedAt: row.requested_at };
  if (!row.has_archive || row.expires_at <= now) return { state: "expired", requestedAt: row.requested_at, expiresAt: row.expires_at };
  return {
    state: "ready",
    requestedAt: row.requested_at,
    expiresAt: row.expires_at,
    bytes: row.archive_bytes ?? 0,
    downloadPath: exportDownloadPath({ exportId: row.id, expiresAt: row.expires_at }),
  };
}

export type ExportDownload = { outcome: "ok"; archive: Uint8Array<ArrayBuffer>; requestedAt: Date } | { outcome: "notFound" } | { outcome: "expired" };

/**
 * The archive a download link names, for the signed-in person only. A token that is not ours, or
 * names another person's export, is `notFound` (nothing says whether it exists); one past its
 * expiry, or whose archive the retention job removed, is `expired`. Reading it writes an audit entry
 * (an access record, ADR 017), nothing else.
 */
export async function openExportDownload(db: DB, token: string, userId: string, now: Date = new Date()): Promise<ExportDownload> {
  const subject = readExportDownloadToken(token);
  if (!subject) return { outcome: "notFound" };
  const row = await db
    .selectFrom("data_exports")
    .select(["id", "status", "requested_at", "expires_at", "archive"])
    .where("id", "=", subject.exportId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (!row || row.status !== "ready" || !row.expires_at) return { outcome: "notFound" };
  // A link signed for another expiry than the row's is not a link this row was offered with.
  if (Math.floor(row.expires_at.getTime() / 1000) !== Math.floor(subject.expiresAt.getTime() / 1000)) return { outcome: "notFound" };
  if (row.expires_at <= now || !row.archive) return { outcome: "expired" };
  await recordAudit(db, { actorUserId: userId, action: "privacy.export_downloaded", subjectType: "data_export", subjectId: row.id });
  return { outcome: "ok", archive: new Uint8Array(row.archive), requestedAt: row.requested_at };
}
