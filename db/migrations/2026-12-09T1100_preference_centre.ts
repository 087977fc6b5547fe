import { sql, type Kysely } from "kysely";

/**
 * Issue 14, the preference centre (docs/decisions/032):
 *
 * - `alumni_profiles.newsletter_frequency`: `every_issue` (the default: what everyone had) or
 *   `monthly` (at most the first issue of each calendar month in the company's time zone).
 * - `email_confirmations.kind`: `confirm` (the address given when joining, as before) or `change`
 *   (a new address asked for from the preference centre: the profile keeps the old one until the
 *   link is used). An index finds a person's pending change.
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("alumni_profiles")
    .addColumn("newsletter_frequency", "text", (c) =>
      c.notNull().defaultTo("every_issue").check(sql`newsletter_frequency in ('every_issue', 'monthly')`),
    )
    .execute();
  await db.schema
    .alterTable("email_confirmations")
    .addColumn("kind", "text", (c) => c.notNull().defaultTo("confirm").check(sql`kind in ('confirm', 'change')`))
    .execute();
  await sql`create index email_confirmations_user_kind_idx on email_confirmations (user_id, kind) where used_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index email_confirmations_user_kind_idx`.execute(db);
  await db.schema.alterTable("email_confirmations").dropColumn("kind").execute();
  await db.schema.alterTable("alumni_profiles").dropColumn("newsletter_frequency").execute();
}
