import { sql, type Kysely } from "kysely";

/**
 * Issue 12, the alumni newsletter (docs/decisions/024):
 *
 * - `newsletter_issues`: one issue of the newsletter, its audience filter (jsonb, parsed with zod),
 *   its schedule and where its send stands. Sent once: an issue is not re-sent, it is copied.
 * - `newsletter_issue_texts`: subject, preheader and Markdown intro per language; English is required,
 *   French falls back to it.
 * - `newsletter_sections` and `newsletter_section_items`: approved feed items in sections, in the
 *   order the editor set.
 * - `newsletter_recipients`: the snapshot taken when the send starts. A compact row per recipient
 *   (number, batch, address and language as they were, status, Resend id, what the webhooks said),
 *   never a rendered body: the body is rebuilt from the issue, deterministically, when needed.
 * - `newsletter_batches`: 100 recipients each, claimed under a row lock; their status is the send's
 *   checkpoint (pending → submitting → submitted | failed; stuck after Resend's 24-hour idempotency
 *   window, for HR to decide).
 * - `email_suppressions`: addresses no newsletter may reach (unsubscribed, hard bounce, complaint,
 *   added by HR), with the reason shown in "why is this address suppressed".
 * - `tracked_links`: a newsletter link is unique per (issue, item, recipient), its code derived (not
 *   random) so that a rebuilt batch is the same payload; the share key leaves newsletter links out,
 *   and `subject_ref` (the issue) is indexed for the per-issue click counts.
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index tracked_links_share_key`.execute(db);
  await sql`create unique index tracked_links_share_key on tracked_links (feed_item_id, user_id, channel) where feed_item_id is not null and channel <> 'newsletter'`.execute(db);
  await sql`create index tracked_links_subject_idx on tracked_links (subject_ref) where subject_ref is not null`.execute(db);

  await db.schema
    .createTable("newsletter_issues")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("draft").check(sql`status in ('draft', 'scheduled', 'sending', 'paused', 'sent', 'cancelled', 'stopped')`),
    )
    .addColumn("audience", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("scheduled_at", "timestamptz")
    .addColumn("started_at", "timestamptz")
    .addColumn("finished_at", "timestamptz")
    .addColumn("recipient_count", "integer")
    .addColumn("batch_count", "integer")
    .addColumn("consecutive_failures", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("stop_reason", "text")
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index newsletter_issues_due_idx on newsletter_issues (scheduled_at) where status = 'scheduled'`.execute(db);
  await sql`create index newsletter_issues_created_idx on newsletter_issues (created_at desc, id desc)`.execute(db);

  await db.schema
    .createTable("newsletter_issue_texts")
    .addColumn("issue_id", "uuid", (c) => c.notNull().references("newsletter_issues.id").onDelete("cascade"))
    .addColumn("language", "text", (c) => c.notNull().check(sql`language in ('en', 'fr')`))
    .addColumn("subject", "text", (c) => c.notNull().check(sql`length(subject) between 1 and 200`))
    .addColumn("preheader", "text", (c) => c.notNull().defaultTo("").check(sql`length(preheader) <= 300`))
    .addColumn("intro_markdown", "text", (c) => c.notNull().defaultTo("").check(sql`length(intro_markdown) <= 20000`))
    .addPrimaryKeyConstraint("newsletter_issue_texts_pk", ["issue_id", "language"])
    .execute();

  await db.schema
    .createTable("newsletter_sections")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("issue_id", "uuid", (c) => c.notNull().references("newsletter_issues.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("title_en", "text", (c) => c.notNull().check(sql`length(title_en) between 1 and 200`))
    .addColumn("title_fr", "text", (c) => c.check(sql`title_fr is null or length(title_fr) between 1 and 200`))
    .execute();
  await sql`create index newsletter_sections_issue_idx on newsletter_sections (issue_id, position)`.execute(db);

  await db.schema
    .createTable("newsletter_section_items")
    .addColumn("section_id", "uuid", (c) => c.notNull().references("newsletter_sections.id").onDelete("cascade"))
    .addColumn("feed_item_id", "uuid", (c) => c.notNull().references("feed_items.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("newsletter_section_items_pk", ["section_id", "feed_item_id"])
    .execute();
  await sql`create index newsletter_section_items_item_idx on newsletter_section_items (feed_item_id)`.execute(db);

  await db.schema
    .createTable("newsletter_batches")
    .addColumn("issue_id", "uuid", (c) => c.notNull().references("newsletter_issues.id").onDelete("cascade"))
    .addColumn("batch_no", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("pending").check(sql`status in ('pending', 'submitting', 'submitted', 'failed', 'stuck')`),
    )
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("first_attempt_at", "timestamptz")
    .addColumn("next_attempt_at", "timestamptz")
    .addColumn("submitted_at", "timestamptz")
    .addColumn("last_error", "text")
    .addPrimaryKeyConstraint("newsletter_batches_pk", ["issue_id", "batch_no"])
    .execute();
  await sql`create index newsletter_batches_open_idx on newsletter_batches (issue_id, batch_no) where status in ('pending', 'submitting', 'failed')`.execute(db);

  await db.schema
    .createTable("newsletter_recipients")
    .addColumn("issue_id", "uuid", (c) => c.notNull().references("newsletter_issues.id").onDelete("cascade"))
    .addColumn("recipient_no", "integer", (c) => c.notNull())
    .addColumn("batch_no", "integer", (c) => c.notNull())
    // Null once the person was erased; the address goes with them (see the erasure list).
    .addColumn("user_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("email", "text")
    .addColumn("locale", "text", (c) => c.notNull().check(sql`locale in ('en', 'fr')`))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending").check(sql`status in ('pending', 'submitted', 'failed')`))
    .addColumn("resend_id", "text")
    .addColumn("delivered_at", "timestamptz")
    .addColumn("bounced_at", "timestamptz")
    .addColumn("bounce_type", "text")
    .addColumn("complained_at", "timestamptz")
    .addColumn("opened_at", "timestamptz")
    .addColumn("clicked_at", "timestamptz")
    .addColumn("unsubscribed_at", "timestamptz")
    .addPrimaryKeyConstraint("newsletter_recipients_pk", ["issue_id", "recipient_no"])
    .execute();
  await sql`create index newsletter_recipients_batch_idx on newsletter_recipients (issue_id, batch_no)`.execute(db);
  await sql`create unique index newsletter_recipients_resend_idx on newsletter_recipients (resend_id) where resend_id is not null`.execute(db);
  await sql`create index newsletter_recipients_user_idx on newsletter_recipients (user_id) where user_id is not null`.execute(db);

  await db.schema
    .createTable("email_suppressions")
    // Lower-cased: the same mailbox is one row however it was typed.
    .addColumn("email", "text", (c) => c.primaryKey().check(sql`email = lower(email)`))
    .addColumn("reason", "text", (c) => c.notNull().check(sql`reason in ('unsubscribed', 'hard_bounce', 'complaint', 'manual')`))
    .addColumn("user_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("issue_id", "uuid", (c) => c.references("newsletter_issues.id").onDelete("set null"))
    .addColumn("detail", "text", (c) => c.check(sql`detail is null or length(detail) <= 1000`))
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "email_suppressions",
    "newsletter_recipients",
    "newsletter_batches",
    "newsletter_section_items",
    "newsletter_sections",
    "newsletter_issue_texts",
    "newsletter_issues",
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop index tracked_links_subject_idx`.execute(db);
  await sql`drop index tracked_links_share_key`.execute(db);
  await sql`create unique index tracked_links_share_key on tracked_links (feed_item_id, user_id, channel) where feed_item_id is not null`.execute(db);
}
