import { sql, type Kysely } from "kysely";

/**
 * Issue 14, the alumni profile and the opt-in directory (docs/decisions/033):
 *
 * - `alumni_profiles` gains what the alumnus says about themself now: current company, current title
 *   and location (free text, bounded like the form).
 * - One boolean per directory field, beside the value it governs: what other alumni see when the
 *   person is listed. Department and leaving year are shown unless turned off; company, title,
 *   location and LinkedIn stay hidden until turned on. Being listed at all is the `directory`
 *   purpose of the consent ledger, not a column here.
 * - An index for the directory's scan: active profiles only.
 * Frozen in time: takes Kysely<any>.
 */
const TEXT_COLUMNS = [
  ["current_company", 120],
  ["current_title", 120],
  ["location", 120],
] as const;

const VISIBILITY_COLUMNS = [
  ["directory_show_department", true],
  ["directory_show_left_year", true],
  ["directory_show_company", false],
  ["directory_show_title", false],
  ["directory_show_location", false],
  ["directory_show_linkedin", false],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [column, max] of TEXT_COLUMNS) {
    await db.schema
      .alterTable("alumni_profiles")
      .addColumn(column, "text", (c) => c.check(sql`char_length(${sql.ref(column)}) between 1 and ${sql.lit(max)}`))
      .execute();
  }
  for (const [column, shown] of VISIBILITY_COLUMNS) {
    await db.schema
      .alterTable("alumni_profiles")
      .addColumn(column, "boolean", (c) => c.notNull().defaultTo(shown))
      .execute();
  }
  await sql`create index alumni_profiles_active_idx on alumni_profiles (user_id) where status = 'active'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists alumni_profiles_active_idx`.execute(db);
  for (const [column] of [...VISIBILITY_COLUMNS, ...TEXT_COLUMNS]) {
    await db.schema.alterTable("alumni_profiles").dropColumn(column).execute();
  }
}
