import { sql, type Kysely } from "kysely";

/**
 * Issue 13, the advocacy score and its routing (docs/decisions/029):
 *
 * - `scoring_settings`: one row (id = true), HR's formula: the three weights (percentages that add
 *   up to 100), the two segment thresholds, a half-life per kind of signal, the engagement points
 *   and the window the one-line reason counts in.
 * - `advocacy_scores`: one row per leaver or alumnus, written by the scoring job: the score
 *   (−100…100), the segment, the reason as a code and its values (put into words where shown), the
 *   inputs that made it, and when it was computed (the job recomputes whoever has a signal newer).
 * - `advocacy_routes`: the routing ledger. Its primary key (person, route) is what makes a route
 *   happen once per person, whatever the number of job runs at once: the email or the task is
 *   written in the transaction that inserts the ledger row, and a second insert does nothing.
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("scoring_settings")
    // One row: the primary key can only be true.
    .addColumn("id", "boolean", (c) => c.primaryKey().defaultTo(true).check(sql`id`))
    .addColumn("nps_weight", "smallint", (c) => c.notNull().defaultTo(50).check(sql`nps_weight between 0 and 100`))
    .addColumn("sentiment_weight", "smallint", (c) => c.notNull().defaultTo(20).check(sql`sentiment_weight between 0 and 100`))
    .addColumn("engagement_weight", "smallint", (c) => c.notNull().defaultTo(30).check(sql`engagement_weight between 0 and 100`))
    .addColumn("promoter_min", "smallint", (c) => c.notNull().defaultTo(30).check(sql`promoter_min between 1 and 100`))
    .addColumn("detractor_max", "smallint", (c) => c.notNull().defaultTo(-30).check(sql`detractor_max between -100 and -1`))
    .addColumn("nps_half_life_days", "smallint", (c) => c.notNull().defaultTo(365).check(sql`nps_half_life_days between 1 and 3650`))
    .addColumn("comment_half_life_days", "smallint", (c) => c.notNull().defaultTo(365).check(sql`comment_half_life_days between 1 and 3650`))
    .addColumn("engagement_half_life_days", "smallint", (c) => c.notNull().defaultTo(90).check(sql`engagement_half_life_days between 1 and 3650`))
    .addColumn("share_points", "smallint", (c) => c.notNull().defaultTo(4).check(sql`share_points between 0 and 100`))
    .addColumn("earned_click_points", "smallint", (c) => c.notNull().defaultTo(1).check(sql`earned_click_points between 0 and 100`))
    .addColumn("newsletter_click_points", "smallint", (c) => c.notNull().defaultTo(2).check(sql`newsletter_click_points between 0 and 100`))
    .addColumn("engagement_full_points", "smallint", (c) => c.notNull().defaultTo(20).check(sql`engagement_full_points between 1 and 1000`))
    .addColumn("reason_window_days", "smallint", (c) => c.notNull().defaultTo(90).check(sql`reason_window_days between 7 and 365`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addCheckConstraint("scoring_settings_weights_sum", sql`nps_weight + sentiment_weight + engagement_weight = 100`)
    .execute();
  await sql`insert into scoring_settings (id) values (true)`.execute(db);

  await db.schema
    .createTable("advocacy_scores")
    .addColumn("user_id", "uuid", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("score", "smallint", (c) => c.notNull().check(sql`score between -100 and 100`))
    .addColumn("segment", "text", (c) => c.notNull().check(sql`segment in ('promoter', 'passive', 'detractor', 'unknown')`))
    .addColumn("reason_code", "text", (c) => c.notNull())
    .addColumn("reason_values", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("inputs", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("computed_at", "timestamptz", (c) => c.notNull())
    .execute();
  // HR's page lists one segment by score; the job finds the oldest computations first.
  await sql`create index advocacy_scores_segment_score_idx on advocacy_scores (segment, score)`.execute(db);
  await sql`create index advocacy_scores_computed_idx on advocacy_scores (computed_at)`.execute(db);

  await db.schema
    .createTable("advocacy_routes")
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("route", "text", (c) => c.notNull().check(sql`route in ('ambassador_invitation', 'detractor_follow_up')`))
    .addColumn("score", "smallint", (c) => c.notNull())
    .addColumn("email_id", "uuid", (c) => c.references("emails.id").onDelete("set null"))
    .addColumn("task_id", "uuid", (c) => c.references("departure_tasks.id").onDelete("set null"))
    .addColumn("routed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("advocacy_routes_pk", ["user_id", "route"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("advocacy_routes").execute();
  await db.schema.dropTable("advocacy_scores").execute();
  await db.schema.dropTable("scoring_settings").execute();
}
