import { sql, type Kysely } from "kysely";

/**
 * Anonymous responses are published in releases of blocks (docs/decisions/008): a submission waits
 * in a pool no view reads; a daily job releases the pool's older entries in blocks of at least k,
 * and every anonymous figure is computed from whole blocks. Released responses keep only their
 * block, their survey version and their answers: no department, month, departure type or language
 * of their own, so no query can cut a block by them.
 *
 * Anonymous rows already in survey_responses move to the pool (dated by their month, so the next
 * release takes them); survey_responses then holds confidential responses only.
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("anonymity_settings")
    // One row: the primary key can only be true.
    .addColumn("id", "boolean", (c) => c.primaryKey().defaultTo(true).check(sql`id`))
    .addColumn("min_block_size", "smallint", (c) => c.notNull().defaultTo(5).check(sql`min_block_size between 3 and 10`))
    .addColumn("release_delay_days", "smallint", (c) => c.notNull().defaultTo(3).check(sql`release_delay_days between 1 and 30`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await sql`insert into anonymity_settings (id) values (true)`.execute(db);

  await db.schema
    .createTable("anonymous_pool")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("survey_id", "uuid", (c) => c.notNull().references("surveys.id"))
    .addColumn("survey_version_id", "uuid", (c) => c.notNull().references("survey_versions.id"))
    // Used to form the blocks, then dropped with the pool entry.
    .addColumn("department_id", "uuid", (c) => c.references("departments.id").onDelete("set null"))
    .addColumn("departure_type", "text")
    // The company day it arrived: only to hold it back for the release delay.
    .addColumn("pooled_on", "date", (c) => c.notNull())
    .addColumn("enps_score", "smallint", (c) => c.check(sql`enps_score between 0 and 10`))
    .addColumn("answers", "jsonb", (c) => c.notNull())
    .execute();
  await sql`create index anonymous_pool_survey_idx on anonymous_pool (survey_id, pooled_on)`.execute(db);

  await db.schema
    .createTable("anonymous_releases")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("survey_id", "uuid", (c) => c.notNull().references("surveys.id"))
    .addColumn("month", "date", (c) => c.notNull().check(sql`extract(day from month) = 1`))
    .addColumn("min_block_size", "smallint", (c) => c.notNull().check(sql`min_block_size between 3 and 10`))
    .addColumn("released_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("anonymous_blocks")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("release_id", "uuid", (c) => c.notNull().references("anonymous_releases.id"))
    .addColumn("survey_id", "uuid", (c) => c.notNull().references("surveys.id"))
    // The month of its release, never of a response.
    .addColumn("month", "date", (c) => c.notNull().check(sql`extract(day from month) = 1`))
    // The department the block was formed at (null: the whole company), and every department
    // whose responses it holds (a responder without a department is counted at the company level).
    .addColumn("anchor_department_id", "uuid")
    .addColumn("department_ids", sql`uuid[]`, (c) => c.notNull())
    .addColumn("includes_unassigned", "boolean", (c) => c.notNull())
    .addColumn("departure_types", sql`text[]`, (c) => c.notNull())
    // What every response of the block was asked (the versions may differ): a question's figures
    // use only blocks that asked it of everyone, or the version, which HR knows per person, would
    // cut the block.
    .addColumn("common_question_ids", sql`text[]`, (c) => c.notNull())
    .addColumn("enps_asked_of_all", "boolean", (c) => c.notNull())
    .addColumn("response_count", "integer", (c) => c.notNull())
    .addColumn("min_block_size", "smallint", (c) => c.notNull())
    .addCheckConstraint("anonymous_blocks_at_least_k", sql`response_count >= min_block_size and min_block_size >= 3`)
    .execute();
  await sql`create index anonymous_blocks_survey_month_idx on anonymous_blocks (survey_id, month)`.execute(db);
  await sql`create index anonymous_blocks_month_idx on anonymous_blocks (month)`.execute(db);

  await db.schema
    .createTable("anonymous_responses")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("block_id", "uuid", (c) => c.notNull().references("anonymous_blocks.id"))
    .addColumn("survey_version_id", "uuid", (c) => c.notNull().references("survey_versions.id"))
    .addColumn("enps_score", "smallint", (c) => c.check(sql`enps_score between 0 and 10`))
    .addColumn("answers", "jsonb", (c) => c.notNull())
    .execute();
  await sql`create index anonymous_responses_block_idx on anonymous_responses (block_id)`.execute(db);

  await sql`
    insert into anonymous_pool (survey_id, survey_version_id, department_id, departure_type, pooled_on, enps_score, answers)
    select survey_id, survey_version_id, department_id, departure_type, period_month, enps_score, answers
    from survey_responses where confidentiality = 'anonymous'
    order by random()
  `.execute(db);
  await sql`delete from survey_responses where confidentiality = 'anonymous'`.execute(db);
  await sql`alter table survey_responses add constraint survey_responses_confidential_only check (confidentiality = 'confidential')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table survey_responses drop constraint if exists survey_responses_confidential_only`.execute(db);
  for (const table of ["anonymous_responses", "anonymous_blocks", "anonymous_releases", "anonymous_pool", "anonymity_settings"]) {
    await db.schema.dropTable(table).execute();
  }
}
