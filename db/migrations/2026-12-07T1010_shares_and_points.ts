import { sql, type Kysely } from "kysely";

/**
 * Issue 11, sharing and points (docs/decisions/021):
 *
 * - `share_intents`: each time an alumnus presses a share button. The person, item and network are
 *   the tracked link's (unique to the three), so an intent row adds only when, in which language and
 *   whether the text was edited. A link with at least one intent is a share; points and analytics
 *   count shares, so pressing twice is one share.
 * - `feed_settings` gains the points rules (per share, per click, a daily cap), HR's switch for the
 *   leaderboard, and the earned-media-value rates (CPM and CPC in minor units of one currency, and
 *   the impressions a share is assumed to earn).
 * - `alumni_profiles.leaderboard_opt_in`: hidden from the leaderboard unless the alumnus asks.
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("share_intents")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("link_id", "uuid", (c) => c.notNull().references("tracked_links.id").onDelete("cascade"))
    .addColumn("language", "text", (c) => c.notNull().check(sql`language in ('en', 'fr')`))
    .addColumn("edited", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index share_intents_link_time_idx on share_intents (link_id, created_at)`.execute(db);

  await db.schema
    .alterTable("feed_settings")
    .addColumn("leaderboard_enabled", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("points_per_share", "integer", (c) => c.notNull().defaultTo(5).check(sql`points_per_share between 0 and 1000`))
    .addColumn("points_per_click", "integer", (c) => c.notNull().defaultTo(10).check(sql`points_per_click between 0 and 1000`))
    .addColumn("points_daily_cap", "integer", (c) => c.notNull().defaultTo(100).check(sql`points_daily_cap between 0 and 100000`))
    .addColumn("emv_currency", "text", (c) => c.notNull().defaultTo("EUR").check(sql`emv_currency ~ '^[A-Z]{3}$'`))
    .addColumn("emv_cpm_minor", "integer", (c) => c.notNull().defaultTo(1000).check(sql`emv_cpm_minor between 0 and 10000000`))
    .addColumn("emv_cpc_minor", "integer", (c) => c.notNull().defaultTo(150).check(sql`emv_cpc_minor between 0 and 10000000`))
    .addColumn("emv_impressions_per_share", "integer", (c) => c.notNull().defaultTo(300).check(sql`emv_impressions_per_share between 0 and 1000000`))
    .execute();

  await db.schema
    .alterTable("alumni_profiles")
    .addColumn("leaderboard_opt_in", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("alumni_profiles").dropColumn("leaderboard_opt_in").execute();
  for (const column of [
    "leaderboard_enabled",
    "points_per_share",
    "points_per_click",
    "points_daily_cap",
    "emv_currency",
    "emv_cpm_minor",
    "emv_cpc_minor",
    "emv_impressions_per_share",
  ]) {
    await db.schema.alterTable("feed_settings").dropColumn(column).execute();
  }
  await db.schema.dropTable("share_intents").execute();
}
