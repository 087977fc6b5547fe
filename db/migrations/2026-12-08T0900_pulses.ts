import { sql, type Kysely } from "kysely";

/**
 * Issue 13, alumni pulse (the tables other parts of the issue read; the pulse domain owns them):
 *
 * - `pulses`: one scheduled sending of a survey of kind `pulse` (an eNPS question and an optional
 *   comment) to the alumni who consented to pulse questions, open until `closes_on` (a company day).
 * - `pulse_answers`: one answer per pulse per person; a second answer replaces the first until the
 *   pulse closes. For a confidential pulse the answer is also a `survey_responses` row
 *   (`response_id`), which feeds the rollups, HR's responses pages and the person's advocacy score.
 *   For an anonymous pulse the row is kept only while the pulse is open (so that it can be replaced)
 *   and goes to the anonymous pool when the pulse closes (docs/decisions/008), with nothing left here.
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("pulses")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("survey_id", "uuid", (c) => c.notNull().references("surveys.id"))
    .addColumn("survey_version_id", "uuid", (c) => c.notNull().references("survey_versions.id"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("scheduled").check(sql`status in ('scheduled', 'sending', 'open', 'closed', 'cancelled')`))
    .addColumn("send_at", "timestamptz", (c) => c.notNull())
    .addColumn("closes_on", "date", (c) => c.notNull())
    .addColumn("recipient_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("closed_at", "timestamptz")
    .execute();
  await sql`create index pulses_due_idx on pulses (status, send_at)`.execute(db);

  await db.schema
    .createTable("pulse_answers")
    .addColumn("pulse_id", "uuid", (c) => c.notNull().references("pulses.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("response_id", "uuid", (c) => c.references("survey_responses.id").onDelete("set null"))
    .addColumn("enps_score", "smallint", (c) => c.notNull().check(sql`enps_score between 0 and 10`))
    .addColumn("comment", "text", (c) => c.notNull().defaultTo("").check(sql`length(comment) <= 5000`))
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("answered_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("pulse_answers_pk", ["pulse_id", "user_id"])
    .execute();
  await sql`create index pulse_answers_user_idx on pulse_answers (user_id, updated_at desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("pulse_answers").execute();
  await db.schema.dropTable("pulses").execute();
}
