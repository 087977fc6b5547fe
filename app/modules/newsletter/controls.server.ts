import { recordAudit } from "~/modules/auth/audit.server";
import { providerRatePerSecond } from "~/modules/email/provider-rate-limit.server";
import { enqueue } from "~/modules/jobs/boss.server";
import type { DB } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import type { NewsletterIssueStatus } from "../../../db/schema";
import { parseAudience } from "./audience";
import { newsletterSendJob } from "./send-job.server";
import { newsletterStartJob } from "./start-job.server";

/**
 * HR's controls of a send: each a guarded status transition under the issue's row lock, audited as
 * `newsletter.<action>`, refused with `newsletterSend.wrongState` (and the current status) when the
 * issue is not in a state that allows it.
 *
 *   draft | scheduled ──schedule──▶ scheduled ──(due: snapshot)──▶ sending ──▶ sent
 *   draft | scheduled ──cancel──▶ cancelled        sending ◀──resume── paused ◀──pause── sending
 *   sending ──(409 invalid_idempotent_request)──▶ stopped
 */

type Action = "schedule" | "cancel" | "pause" | "resume";

async function lockIssue(trx: DB, issueId: string) {
  const issue = await trx.selectFrom("newsletter_issues").select(["status", "audience"]).where("id", "=", issueId).forUpdate().executeTakeFirst();
  if (!issue) throw DomainFailure.notFound("newsletterSend.notFound");
  return issue;
}

function refuse(action: Action, status: NewsletterIssueStatus): never {
  throw DomainFailure.refused("newsletterSend.wrongState", { action, status });
}

/** Not more than a minute in the past (a form filled slowly), never earlier. */
const PAST_TOLERANCE_MS = 60_000;

/**
 * Schedules (or reschedules) an issue for `at`, or for now. Its start job is queued in the same
 * transaction with `startAfter` = the time, so it starts on time without polling; the minute tick
 * is only a safety net.
 */
export async function scheduleIssue(db: DB, issueId: string, at: Date | "now", actorUserId: string | null, now: Date = new Date()) {
  const when = at === "now" ? now : at;
  if (at !== "now" && when.getTime() < now.getTime() - PAST_TOLERANCE_MS) throw DomainFailure.invalid("scheduledAt", "newsletterSend.scheduledInPast");
  await db.transaction().execute(async (trx) => {
    const issue = await lockIssue(trx, issueId);
    if (issue.status !== "draft" && issue.status !== "scheduled") refuse("schedule", issue.status);
    if (!parseAudience(issue.audience).success) throw DomainFailure.invalid("audience", "newsletterSend.audience");
    const english = await trx.selectFrom("newsletter_issue_texts").select("subject").where("issue_id", "=", issueId).where("language", "=", "en").executeTakeFirst();
    if (!english) throw DomainFailure.invalid("subject", "newsletterSend.noEnglishText");
    await trx.updateTable("newsletter_issues").set({ status: "scheduled", scheduled_at: when, updated_at: now }).where("id", "=", issueId).execute();
    await enqueue(newsletterStartJob, { issueId }, { trx, startAfter: when });
    await recordAudit(trx, { actorUserId, action: "newsletter.schedule", subjectType: "newsletter_issue", subjectId: issueId, data: { scheduledAt: when.toISOString(), now: at === "now" } });
  });
}

/** Cancels an issue that has not started (draft or scheduled); a started send is paused instead. */
export async function cancelIssue(db: DB, issueId: string, actorUserId: string | null) {
  await db.transaction().execute(async (trx) => {
    const issue = await lockIssue(trx, issueId);
    if (issue.status !== "draft" && issue.status !== "scheduled") refuse("cancel", issue.status);
    await trx.updateTable("newsletter_issues").set({ status: "cancelled", updated_at: new Date() }).where("id", "=", issueId).execute();
    await recordAudit(trx, { actorUserId, action: "newsletter.cancel", subjectType: "newsletter_issue", subjectId: issueId, data: { from: issue.status } });
  });
}

/** Pauses a send: no batch is claimed after this (one already posting finishes and is recorded). */
export async function pauseIssue(db: DB, issueId: string, actorUserId: string | null) {
  await db.transaction().execute(async (trx) => {
    const issue = await lockIssue(trx, issueId);
    if (issue.status !== "sending") refuse("pause", issue.status);
    await trx.updateTable("newsletter_issues").set({ status: "paused", stop_reason: "byHr", updated_at: new Date() }).where("id", "=", issueId).execute();
    await recordAudit(trx, { actorUserId, action: "newsletter.pause", subjectType: "newsletter_issue", subjectId: issueId });
  });
}

/** Resumes a paused send (by HR or by itself after too many failures), with a fresh failure count. */
export async function resumeIssue(db: DB, issueId: string, actorUserId: string | null) {
  await db.transaction().execute(async (trx) => {
    const issue = await lockIssue(trx, issueId);
    if (issue.status !== "paused") refuse("resume", issue.status);
    await trx
      .updateTable("newsletter_issues")
      .set({ status: "sending", stop_reason: null, consecutive_failures: 0, updated_at: new Date() })
      .where("id", "=", issueId)
      .execute();
    // Batches waiting for a retry go at once: HR resumed because the cause is fixed.
    await trx.updateTable("newsletter_batches").set({ next_attempt_at: null }).where("issue_id", "=", issueId).where("status", "=", "failed").execute();
    await enqueue(newsletterSendJob, { issueId }, { trx });
    await recordAudit(trx, { actorUserId, action: "newsletter.resume", subjectType: "newsletter_issue", subjectId: issueId });
  });
}

export interface IssueProgress {
  status: NewsletterIssueStatus;
  stopReason: string | null;
  total: number;
  /** Handed to the provider (or, without a provider, counted as handed over). */
  submitted: number;
  /** Suppressed between the snapshot and their batch's first post: not sent. */
  suppressed: number;
  /** In batches that failed and wait for a retry. */
  failed: number;
  /** In batches that were not confirmed within 24 hours: never re-sent automatically. */
  stuck: number;
  pending: number;
  batches: { total: number; open: number; stuck: number };
  /** At the configured rate, from the batches left; null when nothing is left or there is no limit. */
  estimatedSecondsLeft: number | null;
}

/** Where a send stands, in two indexed queries (for the progress panel). */
export async function issueProgress(db: DB, issueId: string): Promise<IssueProgress> {
  const issue = await db.selectFrom("newsletter_issues").select(["status", "stop_reason", "recipient_count"]).where("id", "=", issueId).executeTakeFirst();
  if (!issue) throw DomainFailure.notFound("newsletterSend.notFound");
  const batches = await db
    .selectFrom("newsletter_batches")
    .select(["status", (eb) => eb.fn.countAll<string>().as("count")])
    .where("issue_id", "=", issueId)
    .groupBy("status")
    .execute();
  const recipients = await db
    .selectFrom("newsletter_recipients as r")
    .innerJoin("newsletter_batches as b", (join) => join.onRef("b.issue_id", "=", "r.issue_id").onRef("b.batch_no", "=", "r.batch_no"))
    .select(["r.status as recipientStatus", "b.status as batchStatus", (eb) => eb.fn.countAll<string>().as("count")])
    .where("r.issue_id", "=", issueId)
    .groupBy(["r.status", "b.status"])
    .execute();
  const batchCount = (status: string) => Number(batches.find((b) => b.status === status)?.count ?? 0);
  const count = (predicate: (row: { recipientStatus: string; batchStatus: string }) => boolean) =>
    recipients.filter(predicate).reduce((sum, row) => sum + Number(row.count), 0);
  const open = batchCount("pending") + batchCount("submitting") + batchCount("failed");
  const rate = providerRatePerSecond();
  return {
    status: issue.status,
    stopReason: issue.stop_reason,
    total: issue.recipient_count ?? 0,
    submitted: count((r) => r.recipientStatus === "submitted"),
    suppressed: count((r) => r.recipientStatus === "suppressed"),
    failed: count((r) => r.recipientStatus === "pending" && r.batchStatus === "failed"),
    stuck: count((r) => r.recipientStatus !== "submitted" && r.recipientStatus !== "suppressed" && r.batchStatus === "stuck"),
    pending: count((r) => r.recipientStatus === "pending" && (r.batchStatus === "pending" || r.batchStatus === "submitting")),
    batches: { total: batches.reduce((sum, b) => sum + Number(b.count), 0), open, stuck: batchCount("stuck") },
    estimatedSecondsLeft: open > 0 && rate > 0 ? Math.ceil(open / rate) : null,
  };
}
