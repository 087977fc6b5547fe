import { sql, type Kysely } from "kysely";

/**
 * Issue 13: eNPS and theme rollups and comment scores (docs/decisions/026), written in the
 * transaction that records a response or a release, and rebuilt from the raw rows by
 * `npm run cli -- metrics:rebuild`.
 *
 * Confidential data (survey_responses) is rolled up per survey × month × department × departure
 * type: the survey gives the kind (exit or pulse); department and departure type may be null, and
 * the unique keys treat nulls as equal (NULLS NOT DISTINCT, PostgreSQL 15+) so that
 * INSERT … ON CONFLICT finds the one row of a key. Anonymous data is rolled up per released block
 * only (docs/decisions/008): a block is the finest thing any anonymous figure may rest on.
 *
 * The 0–10 histogram is an int[11] (index 1 = score 0). Comment sentiment is stored with four
 * decimals (numeric) so that rollup sums are exact and the rebuild gives the same figures.
 * Frozen in time: takes Kysely<any>.
 */

const HISTOGRAM_CHECK = sql`cardinality(histogram) = 11 and array_ndims(histogram) = 1`;
const LABELS_CHECK = sql`label in ('negative', 'neutral', 'positive')`;

export async function up(db: Kysely<any>): Promise<void> {
  // No foreign key on department_id: a rollup row outlives nothing it names (a department with
  // departures cannot be deleted), and the rebuild re-derives every key from the raw rows.
  await db.schema
    .createTable("enps_rollups")
    .addColumn("survey_id", "uuid", (c) => c.notNull().references("surveys.id"))
    .addColumn("month", "date", (c) => c.notNull().check(sql`extract(day from month) = 1`))
    .addColumn("department_id", "uuid")
    .addColumn("departure_type", "text")
    .addColumn("responses", "integer", (c) => c.notNull().check(sql`responses >= 0`))
    .addColumn("scored", "integer", (c) => c.notNull())
    .addColumn("promoters", "integer", (c) => c.notNull())
    .addColumn("passives", "integer", (c) => c.notNull())
    .addColumn("detractors", "integer", (c) => c.notNull())
    .addColumn("histogram", sql`integer[]`, (c) => c.notNull().check(HISTOGRAM_CHECK))
    .execute();
  await sql`create unique index enps_rollups_key on enps_rollups (survey_id, month, department_id, departure_type) nulls not distinct`.execute(db);
  await sql`create index enps_rollups_month_idx on enps_rollups (month)`.execute(db);
  await sql`create index enps_rollups_department_idx on enps_rollups (department_id, month)`.execute(db);

  await db.schema
    .createTable("anonymous_block_enps")
    .addColumn("block_id", "uuid", (c) => c.primaryKey().references("anonymous_blocks.id").onDelete("cascade"))
    .addColumn("responses", "integer", (c) => c.notNull())
    .addColumn("scored", "integer", (c) => c.notNull())
    .addColumn("promoters", "integer", (c) => c.notNull())
    .addColumn("passives", "integer", (c) => c.notNull())
    .addColumn("detractors", "integer", (c) => c.notNull())
    .addColumn("histogram", sql`integer[]`, (c) => c.notNull().check(HISTOGRAM_CHECK))
    .execute();

  await db.schema
    .createTable("comment_scores")
    .addColumn("response_id", "uuid", (c) => c.notNull().references("survey_responses.id").onDelete("cascade"))
    .addColumn("question_id", "text", (c) => c.notNull())
    .addColumn("score", sql`numeric(5, 4)`, (c) => c.notNull().check(sql`score between -1 and 1`))
    .addColumn("label", "text", (c) => c.notNull().check(LABELS_CHECK))
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("themes", sql`text[]`, (c) => c.notNull())
    .addPrimaryKeyConstraint("comment_scores_pk", ["response_id", "question_id"])
    .execute();

  // Per block and question, never naming the released response: an anonymous response's id
  // appears in no other table (docs/decisions/008; tests/integration/exit/anonymity.test.ts).
  await db.schema
    .createTable("anonymous_comment_scores")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("block_id", "uuid", (c) => c.notNull().references("anonymous_blocks.id").onDelete("cascade"))
    .addColumn("question_id", "text", (c) => c.notNull())
    .addColumn("score", sql`numeric(5, 4)`, (c) => c.notNull().check(sql`score between -1 and 1`))
    .addColumn("label", "text", (c) => c.notNull().check(LABELS_CHECK))
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("themes", sql`text[]`, (c) => c.notNull())
    .execute();
  await sql`create index anonymous_comment_scores_block_idx on anonymous_comment_scores (block_id)`.execute(db);

  await db.schema
    .createTable("theme_rollups")
    .addColumn("survey_id", "uuid", (c) => c.notNull().references("surveys.id"))
    .addColumn("month", "date", (c) => c.notNull().check(sql`extract(day from month) = 1`))
    .addColumn("department_id", "uuid")
    .addColumn("departure_type", "text")
    .addColumn("theme", "text", (c) => c.notNull())
    .addColumn("comments", "integer", (c) => c.notNull().check(sql`comments >= 0`))
    .addColumn("sentiment_sum", sql`numeric(16, 4)`, (c) => c.notNull())
    .addColumn("negative", "integer", (c) => c.notNull())
    .addColumn("neutral", "integer", (c) => c.notNull())
    .addColumn("positive", "integer", (c) => c.notNull())
    .execute();
  await sql`create unique index theme_rollups_key on theme_rollups (survey_id, month, department_id, departure_type, theme) nulls not distinct`.execute(db);
  await sql`create index theme_rollups_month_idx on theme_rollups (month)`.execute(db);

  await db.schema
    .createTable("anonymous_block_themes")
    .addColumn("block_id", "uuid", (c) => c.notNull().references("anonymous_blocks.id").onDelete("cascade"))
    .addColumn("theme", "text", (c) => c.notNull())
    .addColumn("comments", "integer", (c) => c.notNull())
    .addColumn("sentiment_sum", sql`numeric(16, 4)`, (c) => c.notNull())
    .addColumn("negative", "integer", (c) => c.notNull())
    .addColumn("neutral", "integer", (c) => c.notNull())
    .addColumn("positive", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("anonymous_block_themes_pk", ["block_id", "theme"])
    .execute();

  // The dashboard's department and departure-type filters on released blocks.
  await sql`create index anonymous_blocks_departments_idx on anonymous_blocks using gin (department_ids)`.execute(db);

  // The eNPS of what is already recorded. Comment scores need the scorer, which a frozen migration
  // cannot call: `npm run cli -- metrics:rebuild` fills them (and rebuilds all of this again).
  const counts = sql.raw(`
    count(*)::int, count(enps_score)::int,
    (count(*) filter (where enps_score >= 9))::int,
    (count(*) filter (where enps_score between 7 and 8))::int,
    (count(*) filter (where enps_score <= 6))::int,
    array[${Array.from({ length: 11 }, (_, score) => `(count(*) filter (where enps_score = ${score}))::int`).join(", ")}]`);
  await sql`
    insert into enps_rollups (survey_id, month, department_id, departure_type, responses, scored, promoters, passives, detractors, histogram)
    select survey_id, period_month, department_id, departure_type, ${counts}
    from survey_responses group by survey_id, period_month, department_id, departure_type
  `.execute(db);
  await sql`
    insert into anonymous_block_enps (block_id, responses, scored, promoters, passives, detractors, histogram)
    select block_id, ${counts} from anonymous_responses group by block_id
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists anonymous_blocks_departments_idx`.execute(db);
  for (const table of ["anonymous_block_themes", "theme_rollups", "anonymous_comment_scores", "comment_scores", "anonymous_block_enps", "enps_rollups"]) {
    await db.schema.dropTable(table).execute();
  }
}
