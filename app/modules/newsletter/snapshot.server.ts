import { sql } from "kysely";
import { enqueue } from "~/modules/jobs/boss.server";
import { logger } from "~/modules/platform/logger.server";
import type { DB } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import { parseAudience } from "./audience";
import { eligibleRecipients } from "./audience.server";
import { consentGrantedSql } from "~/modules/alumni/consents.server";
import { issueHasOpeningsSql } from "./openings-section.server";
import { BATCH_SIZE } from "./send-batch.server";
import { newsletterSendJob } from "./send-job.server";

export type StartOutcome = { started: true; recipients: number; batches: number } | { started: false; status: string };

/**
 * Starts a due scheduled issue, in one transaction: scheduled → sending, the recipients copied from
 * the audience query with one INSERT … SELECT (numbered in order, 100 to a batch), one row per batch,
 * the counts, and the job that sends them. Nothing is half-written: a failure rolls it all back and
 * the issue stays scheduled. Idempotent: an issue that is not scheduled, or not yet due, is left alone.
 */
export async function startIssueSend(db: DB, issueId: string): Promise<StartOutcome> {
  return db.transaction().execute(async (trx) => {
    const issue = await trx
      .selectFrom("newsletter_issues")
      .select(["status", "audience", "scheduled_at", "pulse_id"])
      .where("id", "=", issueId)
      .forUpdate()
      .executeTakeFirst();
    if (!issue) return { started: false, status: "missing" };
    if (issue.status !== "scheduled") return { started: false, status: issue.status };
    if (issue.scheduled_at && issue.scheduled_at.getTime() > Date.now()) return { started: false, status: "notDue" };
    const audience = parseAudience(issue.audience);
    if (!audience.success) throw DomainFailure.invalid("audience", "newsletterSend.audience");

    const { rows } = await sql<{ recipients: number; batches: number }>`
      with inserted as (
        insert into newsletter_recipients (issue_id, recipient_no, batch_no, user_id, email, locale, openings, pulse)
        select ${issueId}::uuid, numbered.n - 1, (numbered.n - 1) / ${BATCH_SIZE}, numbered.user_id, numbered.email, numbered.locale,
          -- The "Open roles" section goes to those whose openings consent is granted now (ADR 034); the flag is frozen with the rest.
          ${issueHasOpeningsSql(issueId)} and ${consentGrantedSql("openings", sql.ref("numbered.user_id"))},
          -- So does the pulse block, to those who agreed to pulse questions (ADR 028), as the pulse's own email.
          ${issue.pulse_id !== null} and ${consentGrantedSql("pulse", sql.ref("numbered.user_id"))}
        from (select eligible.*, row_number() over (order by eligible.user_id) as n from (${eligibleRecipients(audience.data)}) eligible) numbered
        returning batch_no
      )
      select count(*)::int as recipients, count(distinct batch_no)::int as batches from inserted
    `.execute(trx);
    const { recipients, batches } = rows[0]!;
    if (batches > 0) {
      await sql`insert into newsletter_batches (issue_id, batch_no) select ${issueId}::uuid, g from generate_series(0, ${batches - 1}::int) as g`.execute(trx);
    }
    // The planner's statistics still describe the tables before these rows: without this, the
    // per-batch statements (recipients of one batch, their Resend ids) can be planned as scans of
    // the whole snapshot until autovacuum gets round to it (a 10,000-recipient send took 10 times
    // as long). ANALYZE counts the rows this transaction inserted.
    await sql`analyze newsletter_recipients`.execute(trx);
    await sql`analyze newsletter_batches`.execute(trx);
    await trx
      .updateTable("newsletter_issues")
      .set({ status: "sending", started_at: new Date(), recipient_count: recipients, batch_count: batches, consecutive_failures: 0, stop_reason: null, updated_at: new Date() })
      .where("id", "=", issueId)
      .execute();
    await enqueue(newsletterSendJob, { issueId }, { trx });
    logger.info({ issueId, recipients, batches }, "newsletter send started");
    return { started: true, recipients, batches };
  });
}
