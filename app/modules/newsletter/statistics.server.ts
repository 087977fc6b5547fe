import { sql } from "kysely";
import type { DB } from "~/utils/db.server";

/**
 * What became of one issue (the Results tab): counts from the recipient snapshot, which Resend's
 * webhooks fill in (resend-webhooks.server.ts), and clicks from the issue's tracked links
 * (`tracked_links.subject_ref = 'newsletter/{issueId}'`, ADR 020). Two aggregate queries, each on
 * an index (newsletter_recipients' primary key starts with issue_id; tracked_links_subject_idx and
 * link_clicks_link_time_idx), whatever the number of recipients.
 */

export function newsletterSubjectRef(issueId: string): string {
  return `newsletter/${issueId}`;
}

export interface IssueStatistics {
  recipients: number;
  /** Accepted by Resend. */
  submitted: number;
  delivered: number;
  bounced: { total: number; hard: number; soft: number };
  complained: number;
  unsubscribed: number;
  clicks: {
    /** Distinct recipients who clicked at least one tracked link of the issue. */
    unique: number;
    total: number;
  };
  /**
   * Recipients whose mail reported an open. Mail privacy features (Apple Mail Privacy Protection)
   * load images for the reader, so this overstates readers: `opensAreEstimates` says so to the page.
   */
  opens: number;
  opensAreEstimates: true;
  /** Shares of the delivered emails, 0–1; null while nothing is delivered. */
  rates: {
    bounced: number | null;
    complained: number | null;
    unsubscribed: number | null;
    uniqueClicks: number | null;
    opens: number | null;
  };
}

function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export async function issueStatistics(db: DB, issueId: string): Promise<IssueStatistics> {
  const counts = await db
    .selectFrom("newsletter_recipients")
    .select([
      sql<number>`count(*)::int`.as("recipients"),
      sql<number>`count(*) filter (where status = 'submitted')::int`.as("submitted"),
      sql<number>`count(delivered_at)::int`.as("delivered"),
      sql<number>`count(bounced_at)::int`.as("bounced"),
      sql<number>`count(*) filter (where bounce_type = 'hard')::int`.as("hard"),
      sql<number>`count(*) filter (where bounced_at is not null and bounce_type is distinct from 'hard')::int`.as("soft"),
      sql<number>`count(complained_at)::int`.as("complained"),
      sql<number>`count(unsubscribed_at)::int`.as("unsubscribed"),
      sql<number>`count(opened_at)::int`.as("opens"),
    ])
    .where("issue_id", "=", issueId)
    .executeTakeFirstOrThrow();
  const clicks = await db
    .selectFrom("tracked_links as l")
    .innerJoin("link_clicks as c", "c.link_id", "l.id")
    .select([sql<number>`count(distinct l.user_id)::int`.as("unique"), sql<number>`count(*)::int`.as("total")])
    .where("l.subject_ref", "=", newsletterSubjectRef(issueId))
    .executeTakeFirstOrThrow();
  const delivered = counts.delivered;
  return {
    recipients: counts.recipients,
    submitted: counts.submitted,
    delivered,
    bounced: { total: counts.bounced, hard: counts.hard, soft: counts.soft },
    complained: counts.complained,
    unsubscribed: counts.unsubscribed,
    clicks: { unique: clicks.unique, total: clicks.total },
    opens: counts.opens,
    opensAreEstimates: true,
    rates: {
      bounced: rate(counts.bounced, delivered),
      complained: rate(counts.complained, delivered),
      unsubscribed: rate(counts.unsubscribed, delivered),
      uniqueClicks: rate(clicks.unique, delivered),
      opens: rate(counts.opens, delivered),
    },
  };
}

export interface ClickedItem {
  feedItemId: string | null;
  /** The item's title, or the link's target for a link that is not an item. */
  label: string;
  people: number;
  clicks: number;
}

/** The issue's most clicked items: people (distinct recipients) and clicks, most people first. */
export async function topClickedItems(db: DB, issueId: string, limit = 10): Promise<ClickedItem[]> {
  const rows = await db
    .selectFrom("tracked_links as l")
    .innerJoin("link_clicks as c", "c.link_id", "l.id")
    .leftJoin("feed_items as i", "i.id", "l.feed_item_id")
    .select([
      "l.feed_item_id as feedItemId",
      sql<string>`coalesce(min(i.title), min(l.target_url))`.as("label"),
      sql<number>`count(distinct l.user_id)::int`.as("people"),
      sql<number>`count(*)::int`.as("clicks"),
    ])
    .where("l.subject_ref", "=", newsletterSubjectRef(issueId))
    .groupBy(["l.feed_item_id", sql`case when l.feed_item_id is null then l.target_url end`])
    .orderBy("people", "desc")
    .orderBy("clicks", "desc")
    .orderBy("label")
    .limit(limit)
    .execute();
  return rows;
}

export type RecipientOutcome = "hardBounce" | "softBounce" | "complained" | "unsubscribed";

export interface RecipientOutcomeRow {
  recipientNo: number;
  /** Null once the person was erased. */
  email: string | null;
  outcomes: { outcome: RecipientOutcome; at: Date }[];
}

/**
 * Recipients who bounced, complained or unsubscribed, in snapshot order, by keyset on recipient_no
 * (the primary key): `limit` rows after `after`, and where the next page starts.
 */
export async function recipientOutcomes(db: DB, issueId: string, options: { after?: number | null; limit?: number } = {}): Promise<{ rows: RecipientOutcomeRow[]; next: number | null }> {
  const limit = options.limit ?? 50;
  let query = db
    .selectFrom("newsletter_recipients")
    .select(["recipient_no", "email", "bounced_at", "bounce_type", "complained_at", "unsubscribed_at"])
    .where("issue_id", "=", issueId)
    .where((eb) => eb.or([eb("bounced_at", "is not", null), eb("complained_at", "is not", null), eb("unsubscribed_at", "is not", null)]));
  if (options.after !== undefined && options.after !== null) query = query.where("recipient_no", ">", options.after);
  const found = await query.orderBy("recipient_no").limit(limit + 1).execute();
  const rows = found.slice(0, limit).map((row) => {
    const outcomes: RecipientOutcomeRow["outcomes"] = [];
    if (row.bounced_at) outcomes.push({ outcome: row.bounce_type === "hard" ? "hardBounce" : "softBounce", at: row.bounced_at });
    if (row.complained_at) outcomes.push({ outcome: "complained", at: row.complained_at });
    if (row.unsubscribed_at) outcomes.push({ outcome: "unsubscribed", at: row.unsubscribed_at });
    return { recipientNo: row.recipient_no, email: row.email, outcomes };
  });
  return { rows, next: found.length > limit ? rows.at(-1)!.recipientNo : null };
}

/** The issue's English subject (its required language), or null when there is no such issue. */
export async function issueHeading(db: DB, issueId: string): Promise<{ subject: string | null } | null> {
  const row = await db
    .selectFrom("newsletter_issues as n")
    .leftJoin("newsletter_issue_texts as t", (join) => join.onRef("t.issue_id", "=", "n.id").on("t.language", "=", "en"))
    .select("t.subject")
    .where("n.id", "=", issueId)
    .executeTakeFirst();
  return row ? { subject: row.subject } : null;
}
