import { sql } from "kysely";
import { z } from "zod";
import { recordAudit } from "~/modules/auth/audit.server";
import { listDepartmentOptions, type DepartmentOption } from "~/modules/offboarding/departure-queries.server";
import type { DB } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import type { NewsletterIssueStatus } from "../../../db/schema";
import { AUDIENCE_SEGMENTS, parseAudience, type Audience } from "./audience";
import { countAudience } from "./audience.server";
import { issueProgress, type IssueProgress } from "./controls.server";
import { assertIssueEditable } from "./issues.server";
import { listStuckBatches, type StuckBatch } from "./stuck-batches.server";

/**
 * What the Send tab shows: before the send, the audience filter and how many it reaches now; once
 * started, the progress. One function so the route stays a thin reader.
 */

export interface SendPanel {
  status: NewsletterIssueStatus;
  scheduledAt: Date | null;
  stopReason: string | null;
  audience: Audience;
  /** Before the send: who it would reach now, and the filter's choices. */
  setup: { count: number; departments: DepartmentOption[]; leavingYears: number[] } | null;
  /** Once the snapshot was taken. */
  progress: IssueProgress | null;
  /** Batches waiting for HR's decision (ADR 024), the first 100. */
  stuckBatches: StuckBatch[];
}

export async function loadSendPanel(db: DB, issueId: string): Promise<SendPanel> {
  const issue = await db
    .selectFrom("newsletter_issues")
    .select(["status", "audience", "scheduled_at", "stop_reason", "recipient_count"])
    .where("id", "=", issueId)
    .executeTakeFirst();
  if (!issue) throw DomainFailure.notFound("newsletterSend.notFound");
  const parsed = parseAudience(issue.audience);
  const audience = parsed.success ? parsed.data : {};
  const beforeSend = issue.status === "draft" || issue.status === "scheduled";
  const progress = issue.recipient_count === null ? null : await issueProgress(db, issueId);
  return {
    status: issue.status,
    scheduledAt: issue.scheduled_at,
    stopReason: issue.stop_reason,
    audience,
    setup: beforeSend
      ? { count: await countAudience(db, audience), departments: await listDepartmentOptions(db), leavingYears: await alumniLeavingYears(db) }
      : null,
    progress,
    stuckBatches: progress && progress.batches.stuck > 0 ? await listStuckBatches(db, issueId) : [],
  };
}

/** The years in which the alumni's departures ended, newest first: the leaving-year filter's choices. */
async function alumniLeavingYears(db: DB): Promise<number[]> {
  const { rows } = await sql<{ year: number }>`
    select distinct extract(year from d.last_day)::int as year
    from alumni_profiles p join departures d on d.id = p.departure_id
    order by year desc
  `.execute(db);
  return rows.map((row) => Number(row.year));
}

/** The filter as the form posts it: repeated `department` and `year` fields, and one `segment`. */
export const audienceFormSchema = z.object({
  department: z.array(z.uuid({ message: "department must be a department's id" })).max(500).default([]),
  year: z.array(z.coerce.number().int().min(1900).max(2200)).max(200).default([]),
  segment: z.enum(["", ...AUDIENCE_SEGMENTS]).default(""),
});

export function audienceFromForm(form: z.infer<typeof audienceFormSchema>): Audience {
  return {
    ...(form.department.length > 0 ? { departmentIds: [...new Set(form.department)] } : {}),
    ...(form.year.length > 0 ? { leavingYears: [...new Set(form.year)].sort((a, b) => b - a) } : {}),
    ...(form.segment ? { segment: form.segment } : {}),
  };
}

/** Saves who the issue goes to, while its content may still change (draft or scheduled). */
export async function saveIssueAudience(db: DB, issueId: string, audience: Audience, actorUserId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await assertIssueEditable(trx, issueId);
    await trx
      .updateTable("newsletter_issues")
      .set({ audience: JSON.stringify(audience), updated_at: new Date() })
      .where("id", "=", issueId)
      .execute();
    await recordAudit(trx, { actorUserId, action: "newsletter.audience", subjectType: "newsletter_issue", subjectId: issueId, data: audience });
  });
}
