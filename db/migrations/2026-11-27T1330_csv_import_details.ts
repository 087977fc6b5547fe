import { sql, type Kysely } from "kysely";

/**
 * CSV imports: what the upload found (the text encoding), what HR chose on the mapping page (the
 * date format of the file) and when the import began (to tell, after a crash, the departures this
 * import created from those that existed before it). A bounded list of recent imports is read by
 * date. Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("csv_imports")
    .addColumn("encoding", "text", (c) => c.notNull().defaultTo("utf-8"))
    .addColumn("date_format", "text", (c) => c.check(sql`date_format in ('iso', 'dmy', 'mdy')`))
    .addColumn("started_at", "timestamptz")
    .execute();
  await sql`create index csv_imports_created_at_idx on csv_imports (created_at desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists csv_imports_created_at_idx`.execute(db);
  await db.schema.alterTable("csv_imports").dropColumn("started_at").dropColumn("date_format").dropColumn("encoding").execute();
}
