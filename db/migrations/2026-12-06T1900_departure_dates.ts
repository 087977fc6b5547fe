import { sql, type Kysely } from "kysely";

/**
 * Departure dates that need a second look, and a termination date that follows the last day.
 *
 * - `departure_date_settings` (one row): the window of usual dates, set by HR. A notice date, last
 *   day or termination date further than `past_days` before today or `future_days` after it is
 *   recorded only once someone confirms it (a departure from 2016 or 2037 is usually a typo).
 * - `departures.termination_date` may be null: "the same as the last day", so that it moves with
 *   the last day. Rows whose termination date equals their last day are taken as not set (the form
 *   and the API filled it in with the last day when it was left empty, and the two cannot be told
 *   apart); a different date stays, as set.
 * - `csv_imports.unusual_dates_confirmed`: HR confirmed, on the preview, that the file's rows with
 *   unusual dates are to be imported as they are.
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("departure_date_settings")
    // One row: the primary key can only be true.
    .addColumn("id", "boolean", (c) => c.primaryKey().defaultTo(true).check(sql`id`))
    .addColumn("past_days", "smallint", (c) => c.notNull().defaultTo(90).check(sql`past_days between 1 and 3650`))
    .addColumn("future_days", "smallint", (c) => c.notNull().defaultTo(730).check(sql`future_days between 30 and 3650`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await sql`insert into departure_date_settings (id) values (true)`.execute(db);

  await sql`alter table departures alter column termination_date drop not null`.execute(db);
  await sql`update departures set termination_date = null where termination_date = last_day`.execute(db);

  await db.schema
    .alterTable("csv_imports")
    .addColumn("unusual_dates_confirmed", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("csv_imports").dropColumn("unusual_dates_confirmed").execute();
  await sql`update departures set termination_date = last_day where termination_date is null`.execute(db);
  await sql`alter table departures alter column termination_date set not null`.execute(db);
  await db.schema.dropTable("departure_date_settings").execute();
}
