import { sql, type Kysely } from "kysely";

/**
 * Issue 12, the newsletter's sending engine (docs/decisions/024):
 *
 * - `provider_rate_limits`: one row per email provider ("resend"), a token bucket shared by every
 *   process of the portal. Resend's limit (2 requests/s by default) is per team, so the web
 *   process's transactional mail and every worker's newsletter batches must draw from one bucket.
 *   A token is taken by one atomic UPDATE (no lock held across a wait, which keeps PGlite's single
 *   connection free). `priority_wanted_at` is when a transactional send last found the bucket
 *   empty: newsletter batches yield to it for a moment.
 * - `newsletter_recipients.status` gains `suppressed`: a recipient whose address was suppressed
 *   between the snapshot and the first post of their batch is recorded so, and left out of every
 *   post of that batch (the payload stays the same on a re-post).
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("provider_rate_limits")
    .addColumn("provider", "text", (c) => c.primaryKey())
    .addColumn("tokens", "double precision", (c) => c.notNull())
    .addColumn("refilled_at", "timestamptz", (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn("priority_wanted_at", "timestamptz")
    .execute();

  await sql`alter table newsletter_recipients drop constraint newsletter_recipients_status_check`.execute(db);
  await sql`alter table newsletter_recipients add constraint newsletter_recipients_status_check check (status in ('pending', 'submitted', 'failed', 'suppressed'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`update newsletter_recipients set status = 'failed' where status = 'suppressed'`.execute(db);
  await sql`alter table newsletter_recipients drop constraint newsletter_recipients_status_check`.execute(db);
  await sql`alter table newsletter_recipients add constraint newsletter_recipients_status_check check (status in ('pending', 'submitted', 'failed'))`.execute(db);
  await db.schema.dropTable("provider_rate_limits").execute();
}
