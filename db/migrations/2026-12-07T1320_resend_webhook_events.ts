import { sql, type Kysely } from "kysely";

/**
 * Issue 12, Resend's webhooks and the suppression list (docs/decisions/024, "Unsubscribe,
 * suppression and webhooks"):
 *
 * - `resend_webhook_events`: one row per Svix message id applied, written in the transaction that
 *   applies the event, so a delivery repeated by Svix (same `svix-id`) changes nothing. It keeps the
 *   event type and when it arrived, never the address or the payload: nothing personal to erase.
 * - `email_suppressions_created_idx`: the suppressions page lists the latest first, by keyset.
 * - `emails_provider_idx`: a webhook about a transactional email finds it by Resend's id.
 * - `newsletter_recipients_outcome_idx`: the Results tab pages through the few recipients who
 *   bounced, complained or unsubscribed without reading the other 100,000.
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("resend_webhook_events")
    .addColumn("svix_id", "text", (c) => c.primaryKey().check(sql`length(svix_id) between 1 and 100`))
    .addColumn("type", "text", (c) => c.notNull().check(sql`length(type) between 1 and 100`))
    .addColumn("received_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index resend_webhook_events_received_idx on resend_webhook_events (received_at)`.execute(db);
  await sql`create index email_suppressions_created_idx on email_suppressions (created_at desc, email desc)`.execute(db);
  await sql`create index emails_provider_idx on emails (provider_id) where provider_id is not null`.execute(db);
  await sql`create index newsletter_recipients_outcome_idx on newsletter_recipients (issue_id, recipient_no) where bounced_at is not null or complained_at is not null or unsubscribed_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index newsletter_recipients_outcome_idx`.execute(db);
  await sql`drop index emails_provider_idx`.execute(db);
  await sql`drop index email_suppressions_created_idx`.execute(db);
  await db.schema.dropTable("resend_webhook_events").execute();
}
