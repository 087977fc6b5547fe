import { sql, type Kysely } from "kysely";

/**
 * Issue 14, openings, referrals and the boomerang pool (docs/decisions/034):
 *
 * - `openings`: a role HR posts for alumni (title in English and optionally French, department,
 *   location, the external https link to apply, an optional description), open or closed.
 * - `boomerang_interest`: one row per person who said they would consider coming back, since when,
 *   and an optional note of at most 500 characters. Withdrawing deletes the row.
 * - `tracked_links.channel` takes `referral`: an alumnus's referral link for one opening, filed
 *   under `subject_ref` = `opening/{id}` with its `user_id`; its code is derived (an HMAC of the
 *   opening and the person), so asking twice, or two requests at once, give the same row.
 * - `newsletter_issue_openings`: the openings an issue's "Open roles" section carries, in order.
 * - `newsletter_recipients.openings`: whether the recipient had granted the `openings` consent
 *   when the send started (snapshotted, so a batch rebuilt later is the same bytes).
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("openings")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("title_en", "text", (c) => c.notNull().check(sql`char_length(title_en) between 1 and 200`))
    .addColumn("title_fr", "text", (c) => c.notNull().defaultTo("").check(sql`char_length(title_fr) <= 200`))
    .addColumn("department_id", "uuid", (c) => c.references("departments.id").onDelete("set null"))
    .addColumn("location", "text", (c) => c.notNull().check(sql`char_length(location) between 1 and 200`))
    .addColumn("external_url", "text", (c) => c.notNull().check(sql`external_url like 'https://%' and char_length(external_url) <= 2048`))
    .addColumn("description_en", "text", (c) => c.notNull().defaultTo("").check(sql`char_length(description_en) <= 5000`))
    .addColumn("description_fr", "text", (c) => c.notNull().defaultTo("").check(sql`char_length(description_fr) <= 5000`))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open").check(sql`status in ('open', 'closed')`))
    .addColumn("closed_at", "timestamptz")
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Alumni see the open ones, newest first; HR's list shows every one, newest first.
  await sql`create index openings_status_created_idx on openings (status, created_at desc)`.execute(db);

  await db.schema
    .createTable("boomerang_interest")
    .addColumn("user_id", "uuid", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("since", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("note", "text", (c) => c.check(sql`char_length(note) <= 500`))
    .execute();
  await sql`create index boomerang_interest_since_idx on boomerang_interest (since desc)`.execute(db);

  await sql`alter table tracked_links drop constraint tracked_links_channel_check`.execute(db);
  await sql`alter table tracked_links add constraint tracked_links_channel_check check (channel in ('linkedin', 'x', 'facebook', 'newsletter', 'referral'))`.execute(db);
  // Referral counts per opening and per alumnus of an opening.
  await sql`create index tracked_links_referral_idx on tracked_links (subject_ref, user_id) where channel = 'referral'`.execute(db);

  await db.schema
    .createTable("newsletter_issue_openings")
    .addColumn("issue_id", "uuid", (c) => c.notNull().references("newsletter_issues.id").onDelete("cascade"))
    .addColumn("opening_id", "uuid", (c) => c.notNull().references("openings.id").onDelete("cascade"))
    .addColumn("position", "smallint", (c) => c.notNull())
    .addPrimaryKeyConstraint("newsletter_issue_openings_pkey", ["issue_id", "opening_id"])
    .execute();
  await sql`create index newsletter_issue_openings_opening_idx on newsletter_issue_openings (opening_id)`.execute(db);

  await sql`alter table newsletter_recipients add column openings boolean not null default false`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table newsletter_recipients drop column openings`.execute(db);
  await db.schema.dropTable("newsletter_issue_openings").execute();
  await sql`drop index tracked_links_referral_idx`.execute(db);
  // The older constraint cannot hold referral links: they go with it (their clicks cascade).
  await sql`delete from tracked_links where channel = 'referral'`.execute(db);
  await sql`alter table tracked_links drop constraint tracked_links_channel_check`.execute(db);
  await sql`alter table tracked_links add constraint tracked_links_channel_check check (channel in ('linkedin', 'x', 'facebook', 'newsletter'))`.execute(db);
  await db.schema.dropTable("boomerang_interest").execute();
  await db.schema.dropTable("openings").execute();
}
