import { sql } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { sendEmail } from "~/modules/email/send-email.server";
import { localized } from "~/modules/i18n/localized-text";
import { getSurveyVersion } from "~/modules/surveys/surveys.server";
import type { DB } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import type { Locale, PulseSkipReason } from "../../../db/schema";
import { pulseAnswerUrl } from "./pulse-links.server";
import { pulseQuestions } from "./pulse-survey";
import { addressSuppressedSql } from "~/modules/email/suppressed-addresses.server";

/**
 * Sending a pulse, exactly once per person.
 *
 * 1. `startPulseSend`, when `send_at` has come: under the pulse's row lock, snapshots the recipients
 *    into `pulse_deliveries` (one `pending` row each) and moves the pulse to `sending`. The audience is
 *    alumni whose profile is active with a confirmed personal address, whose latest `pulse` choice in
 *    the consent ledger is a grant, and whose address is not suppressed: one row per mailbox.
 * 2. `sendPendingDeliveries` claims one pending row at a time (`FOR UPDATE SKIP LOCKED`, so two workers
 *    never take the same one) and, in the same transaction, queues the email through the transactional
 *    outbox (`sendEmail` with `trx`: the `emails` row and its `email.send` job) and marks the row
 *    `queued`. A crash before the commit leaves the row pending and nothing queued: the next run sends
 *    it. After the commit the email job delivers it under Resend's idempotency key `email/{id}`. So
 *    nobody is mailed twice and nobody is skipped. Consent and suppression are checked again at the
 *    claim: a withdrawal or a bounce between the snapshot and the send stops that email (`skipped`).
 * 3. When no row is pending the pulse is `open`.
 */

/** The recipients a pulse would reach now: one SELECT for the snapshot (and for counting). */
function eligibleRecipients() {
  return sql<{ user_id: string; email: string; locale: Locale }>`
    select distinct on (lower(p.personal_email)) p.user_id, p.personal_email as email, u.locale
    from alumni_profiles p
    join users u on u.id = p.user_id
    where p.status = 'active'
      and p.personal_email_confirmed_at is not null
      and u.status = 'active'
      and (select c.granted from consent_events c
           where c.user_id = p.user_id and c.purpose = 'pulse'
           order by c.id desc limit 1) is true
      and not ${addressSuppressedSql(sql`p.personal_email`)}
    order by lower(p.personal_email), p.user_id
  `;
}

/** How many alumni a pulse sent now would reach (shown to HR before scheduling). */
export async function countPulseAudience(db: DB): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (${eligibleRecipients()}) eligible`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export type StartOutcome = "started" | "notDue" | "notScheduled";

/** Snapshots the recipients of a due scheduled pulse; does nothing for any other (idempotent). */
export async function startPulseSend(db: DB, pulseId: string, now: Date = new Date()): Promise<StartOutcome> {
  return db.transaction().execute(async (trx) => {
    const pulse = await trx.selectFrom("pulses").select(["status", "send_at"]).where("id", "=", pulseId).forUpdate().executeTakeFirst();
    if (!pulse || pulse.status !== "scheduled") return "notScheduled";
    if (pulse.send_at.getTime() > now.getTime()) return "notDue";
    const { rows } = await sql<{ n: number }>`
      with inserted as (
        insert into pulse_deliveries (pulse_id, user_id, email, locale)
        select ${pulseId}::uuid, e.user_id, e.email, e.locale from (${eligibleRecipients()}) e
        on conflict do nothing
        returning 1
      ) select count(*)::int as n from inserted
    `.execute(trx);
    const recipients = Number(rows[0]?.n ?? 0);
    await trx.updateTable("pulses").set({ status: "sending", recipient_count: recipients, updated_at: now }).where("id", "=", pulseId).execute();
    await recordAudit(trx, { actorUserId: null, action: "pulse.send_started", subjectType: "pulse", subjectId: pulseId, data: { recipients } });
    return "started";
  });
}

export type SendOutcome = "done" | "more" | "notSending";

interface PulseForSending {
  versionId: string;
  closesOn: string;
}

/**
 * Queues the email of every pending recipient, one claim per transaction, up to `limit` claims; "more"
 * when some are left (the job queues itself again), "done" when none is (the pulse is then open).
 */
export async function sendPendingDeliveries(db: DB, pulseId: string, options: { limit?: number } = {}): Promise<SendOutcome> {
  const pulse = await db.selectFrom("pulses").select(["status", "survey_version_id", "closes_on"]).where("id", "=", pulseId).executeTakeFirst();
  if (!pulse || pulse.status !== "sending") return "notSending";
  const version = await getSurveyVersion(db, pulse.survey_version_id);
  const questions = version ? pulseQuestions(version.definition) : null;
  // Checked when the pulse was scheduled; a version is frozen, so this only fails on corrupt data.
  if (!version || !questions) throw new Error(`Pulse ${pulseId}: its survey version is not a pulse survey.`);
  const context = { version, questions, pulse: { versionId: pulse.survey_version_id, closesOn: pulse.closes_on } satisfies PulseForSending };

  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  for (let claimed = 0; claimed < limit; claimed += 1) {
    const outcome = await claimAndQueueOne(db, pulseId, context);
    if (outcome === "none") {
      await db.updateTable("pulses").set({ status: "open", updated_at: new Date() }).where("id", "=", pulseId).where("status", "=", "sending").execute();
      return "done";
    }
    if (outcome === "stopped") return "notSending";
  }
  return "more";
}

async function claimAndQueueOne(
  db: DB,
  pulseId: string,
  context: { version: NonNullable<Awaited<ReturnType<typeof getSurveyVersion>>>; questions: NonNullable<ReturnType<typeof pulseQuestions>>; pulse: PulseForSending },
): Promise<"queued" | "skipped" | "none" | "stopped"> {
  return db.transaction().execute(async (trx) => {
    // A close or a cancel waits for this claim, and a claim after it finds the pulse no longer sending.
    const pulse = await trx.selectFrom("pulses").select("status").where("id", "=", pulseId).forShare().executeTakeFirst();
    if (!pulse || pulse.status !== "sending") return "stopped";
    const delivery = await trx
      .selectFrom("pulse_deliveries as d")
      .innerJoin("users as u", "u.id", "d.user_id")
      .select(["d.user_id", "d.email", "d.locale", "u.name"])
      .where("d.pulse_id", "=", pulseId)
      .where("d.status", "=", "pending")
      .orderBy("d.user_id")
      .limit(1)
      .forUpdate("d")
      .skipLocked()
      .executeTakeFirst();
    if (!delivery) return "none";

    const skip = await reasonToSkip(trx, delivery.user_id, delivery.email);
    if (skip) {
      await trx
        .updateTable("pulse_deliveries")
        .set({ status: "skipped", skip_reason: skip, updated_at: new Date() })
        .where("pulse_id", "=", pulseId)
        .where("user_id", "=", delivery.user_id)
        .execute();
      return "skipped";
    }
    const { emailId } = await sendEmail({
      to: delivery.email,
      template: "pulse",
      locale: delivery.locale,
      userId: delivery.user_id,
      trx,
      props: {
        answerUrl: pulseAnswerUrl({ pulseId, userId: delivery.user_id }),
        name: delivery.name.trim() || undefined,
        question: localized(context.questions.enps.prompt, delivery.locale),
        closesOnText: formatDate(context.pulse.closesOn, delivery.locale),
        anonymous: context.version.confidentiality === "anonymous",
      },
    });
    await trx
      .updateTable("pulse_deliveries")
      .set({ status: "queued", email_id: emailId, updated_at: new Date() })
      .where("pulse_id", "=", pulseId)
      .where("user_id", "=", delivery.user_id)
      .execute();
    return "queued";
  });
}

/** Why a snapshotted recipient must not get the email after all: a withdrawal or a suppression since. */
async function reasonToSkip(trx: DB, userId: string, email: string): Promise<PulseSkipReason | null> {
  const { rows } = await sql<{ granted: boolean | null; suppressed: boolean }>`
    select
      (select c.granted from consent_events c where c.user_id = ${userId} and c.purpose = 'pulse' order by c.id desc limit 1) as granted,
      ${addressSuppressedSql(sql`${email}`)} as suppressed
  `.execute(trx);
  const row = rows[0];
  if (row?.granted !== true) return "consentWithdrawn";
  if (row.suppressed) return "suppressed";
  return null;
}
