import { sql } from "kysely";
import { Resend } from "resend";
import { recordAudit } from "~/modules/auth/audit.server";
import { retryAfterSeconds } from "~/modules/email/deliver.server";
import { holdOffProvider, takeProviderToken } from "~/modules/email/provider-rate-limit.server";
import { logger } from "~/modules/platform/logger.server";
import type { DB } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { prepareIssueMessages, type IssueMessages, type SnapshotRecipient } from "./messages.server";
import { addressSuppressedSql } from "~/modules/email/suppressed-addresses.server";

/**
 * One newsletter batch at a time, from claim to checkpoint (docs/decisions/024):
 *
 * 1. claim, in one short transaction: the lowest claimable batch of the issue, under a row lock
 *    taken with SKIP LOCKED (pending, failed whose retry is due, or submitting whose lease ran
 *    out) → submitting, attempts + 1, first_attempt_at set once, a lease in next_attempt_at. On
 *    the first claim, recipients suppressed since the snapshot are marked `suppressed`; every post
 *    of the batch leaves exactly those out, so its payload never changes. The batch's tracked
 *    links are written in the same transaction;
 * 2. post, with no transaction open: wait for a token of the shared rate limit, then
 *    `POST /emails/batch` with the idempotency key `newsletter/{issue}/batch/{n}`;
 * 3. record, in one transaction: submitted with each recipient's Resend id, or failed with when
 *    to try again (and the issue paused or stopped when the failure calls for it).
 *
 * A crash anywhere leaves the batch claimable again once its lease ends; the re-post is the same
 * payload under the same key, which Resend answers without sending again (for 24 hours: after
 * that a batch still unconfirmed is `stuck`, never posted again, for HR to decide).
 */

export const BATCH_SIZE = 100;
/** Resend keeps an idempotency key 24 hours; a batch first posted longer ago is never re-posted. */
export const IDEMPOTENCY_WINDOW_HOURS = 24;
const OPEN_STATUSES = ["pending", "submitting", "failed"] as const;

/** The batch's key at Resend; a re-post HR decided on (after the 24-hour window) gets a key of its own. */
export function idempotencyKeyOf(issueId: string, batchNo: number, repost = 0): string {
  return repost === 0 ? `newsletter/${issueId}/batch/${batchNo}` : `newsletter/${issueId}/batch/${batchNo}/repost/${repost}`;
}

export interface SendOptions {
  /** First retry delay after a failure (doubles each attempt, at most 5 minutes). */
  retryBaseMs?: number;
  /** How long to wait after a 409 concurrent_idempotent_requests (the other post is still running). */
  concurrentRetryMs?: number;
  /**
   * Batches this process is posting now (shared by the loops of one drain): a loop does not wait
   * for their lease, since a sibling loop will settle them.
   */
  inFlight?: Set<number>;
  /** Look for batches past the 24-hour window first (a drain does it once, not per batch). */
  markStuck?: boolean;
}

export type BatchStep =
  | { kind: "submitted"; batchNo: number; posted: boolean }
  | { kind: "failed"; batchNo: number; code: string }
  | { kind: "wait"; ms: number }
  | { kind: "idle" }
  | { kind: "halted"; status: string };

/** The issue's content is frozen while it sends, so each worker process prepares it once. */
const prepared = new Map<string, Promise<IssueMessages>>();

function messagesOf(db: DB, issueId: string): Promise<IssueMessages> {
  let messages = prepared.get(issueId);
  if (!messages) {
    messages = prepareIssueMessages(db, issueId);
    prepared.set(issueId, messages);
    messages.catch(() => prepared.delete(issueId));
    // A few issues at most are sending at once; older ones are dropped.
    if (prepared.size > 8) prepared.delete(prepared.keys().next().value!);
  }
  return messages;
}

/** Forgets the prepared content of every issue (tests change the secret or the address between issues). */
export function forgetPreparedIssues() {
  prepared.clear();
}

interface Claimed {
  batchNo: number;
  attempts: number;
  repost: number;
  recipients: SnapshotRecipient[];
}

/** Claims, posts and records one batch of the issue, or says why there is none to send now. */
export async function sendNextBatch(db: DB, issueId: string, options: SendOptions = {}): Promise<BatchStep> {
  const issue = await db.selectFrom("newsletter_issues").select("status").where("id", "=", issueId).executeTakeFirst();
  if (!issue) return { kind: "halted", status: "missing" };
  if (issue.status !== "sending") return { kind: "halted", status: issue.status };
  if (options.markStuck !== false) await markStuckBatches(db, issueId);
  const messages = await messagesOf(db, issueId);
  const inFlight = options.inFlight ?? new Set<number>();
  // claimBatch puts the batch in `inFlight` itself, before its claim commits (see there).
  const claim = await claimBatch(db, issueId, messages, inFlight);
  if ("kind" in claim) return claim;
  try {
    return await postClaimed(db, issueId, claim, messages, options);
  } finally {
    inFlight.delete(claim.batchNo);
  }
}

async function postClaimed(db: DB, issueId: string, claim: Claimed, messages: IssueMessages, options: SendOptions): Promise<BatchStep> {
  const env = getEnv();
  if (claim.recipients.length === 0) {
    await recordSubmitted(db, issueId, claim, []);
    return { kind: "submitted", batchNo: claim.batchNo, posted: false };
  }
  if (!env.RESEND_API_KEY) {
    // No provider configured: the batch counts as handed over, and nothing is stored (a newsletter
    // to thousands must not fill the transactional outbox). See ADR 024.
    await recordSubmitted(db, issueId, claim, []);
    logger.info({ issueId, batchNo: claim.batchNo, recipients: claim.recipients.length, transport: "outbox" }, "newsletter batch not delivered: no RESEND_API_KEY");
    return { kind: "submitted", batchNo: claim.batchNo, posted: false };
  }

  const payload = claim.recipients.map((recipient) => messages.messageFor(recipient));
  await takeProviderToken(db, "bulk");
  const resend = new Resend(env.RESEND_API_KEY, env.RESEND_BASE_URL ? { baseUrl: env.RESEND_BASE_URL } : undefined);
  const { data, error, headers } = await resend.batch.send(payload, { idempotencyKey: idempotencyKeyOf(issueId, claim.batchNo, claim.repost) });

  if (!error && data && Array.isArray(data.data) && data.data.length === payload.length) {
    await recordSubmitted(db, issueId, claim, data.data.map((item) => item.id));
    return { kind: "submitted", batchNo: claim.batchNo, posted: true };
  }
  const problem = error ?? { name: "unexpected_response", message: "Resend answered without one id per email", statusCode: null };
  return recordFailure(db, issueId, claim, { status: problem.statusCode ?? null, name: problem.name ?? "error", message: problem.message ?? "", retryAfter: retryAfterSeconds(headers) }, options);
}

/** A batch first posted more than 24 hours ago and never confirmed may not be posted again. */
async function markStuckBatches(db: DB, issueId: string) {
  await db
    .updateTable("newsletter_batches")
    .set({ status: "stuck", next_attempt_at: null, last_error: "stuck: not confirmed within Resend's 24-hour idempotency window" })
    .where("issue_id", "=", issueId)
    .where("status", "in", ["submitting", "failed"])
    .where("first_attempt_at", "<", sql<Date>`now() - make_interval(hours => ${IDEMPOTENCY_WINDOW_HOURS})`)
    .execute();
}

/**
 * Claims the next open batch, or says why there is none. The claimed batch joins `inFlight` before
 * the claim commits: a sibling loop of the same drain that sees it `submitting` once committed must
 * also see it in flight, or it would wait out the whole lease for a batch this process is posting.
 */
async function claimBatch(db: DB, issueId: string, messages: IssueMessages, inFlight: Set<number>): Promise<Claimed | BatchStep> {
  const leaseSeconds = getEnv().NEWSLETTER_BATCH_LEASE_SECONDS;
  let claimedNo: number | null = null;
  try {
    return await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ batch_no: number; attempts: number; first_attempt_at: Date | null; repost: number }>`
        select b.batch_no, b.attempts, b.first_attempt_at, b.repost
        from newsletter_batches b
        where b.issue_id = ${issueId}
          and b.status in ('pending', 'failed', 'submitting')
          and (b.next_attempt_at is null or b.next_attempt_at <= clock_timestamp())
          and exists (select 1 from newsletter_issues i where i.id = b.issue_id and i.status = 'sending')
        order by b.batch_no
        limit 1
        for update of b skip locked
      `.execute(trx);
      const batch = rows[0];
      if (!batch) {
        const open = await trx
          .selectFrom("newsletter_batches")
          .select((eb) => [eb.fn.countAll<string>().as("count"), eb.fn.min("next_attempt_at").as("next")])
          .where("issue_id", "=", issueId)
          .where("status", "in", [...OPEN_STATUSES])
          .$if(inFlight.size > 0, (qb) => qb.where("batch_no", "not in", [...inFlight]))
          .executeTakeFirstOrThrow();
        if (Number(open.count) === 0) return { kind: "idle" } as const;
        // Batches remain, but each is waiting for its retry or held by another worker's lease.
        const next = open.next ? new Date(open.next as Date).getTime() : Date.now() + 1000;
        return { kind: "wait", ms: Math.max(50, next - Date.now() + 20) } as const;
      }
      claimedNo = batch.batch_no;
      inFlight.add(batch.batch_no);
      await sql`
        update newsletter_batches
        set status = 'submitting', attempts = attempts + 1,
            first_attempt_at = coalesce(first_attempt_at, clock_timestamp()),
            next_attempt_at = clock_timestamp() + make_interval(secs => ${leaseSeconds})
        where issue_id = ${issueId} and batch_no = ${batch.batch_no}
      `.execute(trx);
      if (batch.first_attempt_at === null) {
        // Frozen at the first claim: later posts of this batch leave out exactly these recipients.
        await sql`
          update newsletter_recipients r set status = 'suppressed'
          where r.issue_id = ${issueId} and r.batch_no = ${batch.batch_no} and r.status = 'pending'
            and (r.email is null or ${addressSuppressedSql(sql`r.email`)})
        `.execute(trx);
      }
      const recipients = await trx
        .selectFrom("newsletter_recipients")
        .select(["recipient_no as recipientNo", "user_id as userId", "email", "locale", "openings", "pulse"])
        .where("issue_id", "=", issueId)
        .where("batch_no", "=", batch.batch_no)
        .where("status", "<>", "suppressed")
        .orderBy("recipient_no")
        .execute();
      const snapshot = recipients.map((r) => ({ ...r, email: r.email! }));
      await messages.ensureLinks(trx, snapshot);
      return { batchNo: batch.batch_no, attempts: batch.attempts + 1, repost: Number(batch.repost), recipients: snapshot };
    });
  } catch (error) {
    if (claimedNo !== null) inFlight.delete(claimedNo);
    throw error;
  }
}

async function recordSubmitted(db: DB, issueId: string, claim: Claimed, resendIds: string[]) {
  await db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable("newsletter_batches")
      .set({ status: "submitted", submitted_at: sql<Date>`clock_timestamp()`, next_attempt_at: null, last_error: null })
      .where("issue_id", "=", issueId)
      .where("batch_no", "=", claim.batchNo)
      .where("status", "in", ["submitting", "failed"])
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 0) return;
    const numbers = claim.recipients.map((r) => r.recipientNo);
    const ids = resendIds.length ? resendIds : numbers.map(() => null);
    await sql`
      update newsletter_recipients r set status = 'submitted', resend_id = v.resend_id
      from unnest(${numbers}::int[], ${ids}::text[]) as v (recipient_no, resend_id)
      where r.issue_id = ${issueId} and r.recipient_no = v.recipient_no
    `.execute(trx);
    await trx.updateTable("newsletter_issues").set({ consecutive_failures: 0 }).where("id", "=", issueId).where("consecutive_failures", "<>", 0).execute();
  });
}

interface ProviderProblem {
  status: number | null;
  name: string;
  message: string;
  retryAfter: number | null;
}

async function recordFailure(db: DB, issueId: string, claim: Claimed, problem: ProviderProblem, options: SendOptions): Promise<BatchStep> {
  const lastError = `${problem.status ?? "network"} ${problem.name}: ${problem.message}`.slice(0, 1000);
  const log = { issueId, batchNo: claim.batchNo, attempts: claim.attempts, provider: { status: problem.status, name: problem.name } };

  if (problem.name === "invalid_idempotent_request") {
    // Same key, other payload: the determinism the whole model rests on broke (ADR 024). Sending
    // more could duplicate; the send stops for HR and a developer to look.
    await db.transaction().execute(async (trx) => {
      await failBatch(trx, issueId, claim.batchNo, lastError, null);
      const stopped = await trx
        .updateTable("newsletter_issues")
        .set({ status: "stopped", stop_reason: "payloadChanged", updated_at: new Date() })
        .where("id", "=", issueId)
        .where("status", "in", ["sending", "paused"])
        .executeTakeFirst();
      if (Number(stopped.numUpdatedRows) > 0) {
        await recordAudit(trx, { actorUserId: null, action: "newsletter.stopped", subjectType: "newsletter_issue", subjectId: issueId, data: { reason: "payloadChanged", batchNo: claim.batchNo } });
      }
    });
    logger.error(log, "newsletter send stopped: Resend refused a re-post of a batch as a different payload (invalid_idempotent_request)");
    return { kind: "failed", batchNo: claim.batchNo, code: problem.name };
  }

  if (problem.status === 429) {
    // Not the batch's fault: wait as long as the provider asks, and make every process wait too.
    const seconds = problem.retryAfter ?? 1;
    await holdOffProvider(db, seconds);
    await failBatch(db, issueId, claim.batchNo, lastError, seconds * 1000);
    logger.warn(log, "newsletter batch rate-limited, waiting for retry-after");
    return { kind: "failed", batchNo: claim.batchNo, code: problem.name };
  }

  if (problem.name === "concurrent_idempotent_requests") {
    // Another post of this batch is still running (a lease taken over too early): look again later.
    await failBatch(db, issueId, claim.batchNo, lastError, options.concurrentRetryMs ?? 2000);
    return { kind: "failed", batchNo: claim.batchNo, code: problem.name };
  }

  const delayMs = Math.min(300_000, (options.retryBaseMs ?? 5000) * 2 ** Math.min(10, claim.attempts - 1));
  const threshold = getEnv().NEWSLETTER_MAX_CONSECUTIVE_FAILURES;
  const paused = await db.transaction().execute(async (trx) => {
    await failBatch(trx, issueId, claim.batchNo, lastError, delayMs);
    const issue = await trx
      .updateTable("newsletter_issues")
      .set((eb) => ({ consecutive_failures: eb("consecutive_failures", "+", 1) }))
      .where("id", "=", issueId)
      .returning(["consecutive_failures", "status"])
      .executeTakeFirst();
    if (!issue || issue.status !== "sending" || issue.consecutive_failures < threshold) return false;
    await trx.updateTable("newsletter_issues").set({ status: "paused", stop_reason: "tooManyFailures", updated_at: new Date() }).where("id", "=", issueId).execute();
    await recordAudit(trx, {
      actorUserId: null,
      action: "newsletter.auto_paused",
      subjectType: "newsletter_issue",
      subjectId: issueId,
      data: { reason: "tooManyFailures", consecutiveFailures: issue.consecutive_failures, lastStatus: problem.status, lastCode: problem.name },
    });
    return true;
  });
  if (paused) logger.error({ ...log, threshold }, "newsletter send paused after too many consecutive failures");
  else logger.warn(log, "newsletter batch failed, will retry");
  return { kind: "failed", batchNo: claim.batchNo, code: problem.name };
}

async function failBatch(db: DB, issueId: string, batchNo: number, lastError: string, retryInMs: number | null) {
  await sql`
    update newsletter_batches
    set status = 'failed', last_error = ${lastError},
        next_attempt_at = case when ${retryInMs}::float8 is null then null else clock_timestamp() + make_interval(secs => ${(retryInMs ?? 0) / 1000}) end
    where issue_id = ${issueId} and batch_no = ${batchNo} and status = 'submitting'
  `.execute(db);
}

/** Sent once no batch is open (stuck ones stay for HR: the issue is then sent with stuck batches). */
export async function finishIfDone(db: DB, issueId: string): Promise<boolean> {
  const finished = await sql`
    update newsletter_issues set status = 'sent', finished_at = clock_timestamp(), updated_at = clock_timestamp()
    where id = ${issueId} and status = 'sending'
      and not exists (select 1 from newsletter_batches b where b.issue_id = ${issueId} and b.status in ('pending', 'submitting', 'failed'))
  `.execute(db);
  return Number(finished.numAffectedRows ?? 0) > 0;
}

export type DrainOutcome = "finished" | "halted" | "more";

/**
 * Sends the issue's batches with `concurrency` loops until none is left, the issue is no longer
 * sending (paused, cancelled, stopped) or `until` (epoch ms) passes. Waits (retry delays, another
 * worker's lease, the rate limit) are sleeps with no transaction open.
 */
export async function drainIssue(db: DB, issueId: string, options: SendOptions & { until: number; concurrency?: number }): Promise<DrainOutcome> {
  let halted = false;
  const inFlight = new Set<number>();
  // Once per drain: the 24-hour window is not crossed between two batches of one slice in any way
  // that matters, and scanning the open batches for every batch costs O(batches²) over a send.
  await markStuckBatches(db, issueId);
  const loop = async () => {
    while (!halted && Date.now() < options.until) {
      const step = await sendNextBatch(db, issueId, { ...options, inFlight, markStuck: false });
      if (step.kind === "halted") halted = true;
      if (step.kind === "idle" || step.kind === "halted") return;
      if (step.kind === "wait") await sleep(Math.min(step.ms, Math.max(0, options.until - Date.now())));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? getEnv().NEWSLETTER_SEND_CONCURRENCY }, loop));
  if (await finishIfDone(db, issueId)) {
    logger.info({ issueId }, "newsletter sent");
    return "finished";
  }
  const issue = await db.selectFrom("newsletter_issues").select("status").where("id", "=", issueId).executeTakeFirst();
  return issue?.status === "sending" ? "more" : issue?.status === "sent" ? "finished" : "halted";
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
