import { sql, type Kysely } from "kysely";

/**
 * Issue 14, "Download my data" and retention (docs/decisions/031):
 *
 * - `privacy_settings`: one row (id = true), HR's retention periods in days: a leaver who never
 *   joined the alumni network (after the last day), click IP hashes, CSV import files, export archives.
 * - `data_exports`: one row per "Download my data" request. The archive (a ZIP) lives in the row
 *   (bytea) until it expires; the row stays, without the archive, so the page can say "expired".
 *   At most one pending request per person (partial unique index). The download link is an HMAC
 *   of the row's id and expiry, derived and never stored.
 * - `retention_erasures`: the people the retention job asked to erase, so that it asks once.
 * - `csv_imports.content_cleared_at`: when the retention job emptied the file (the header line and
 *   the counts stay, the rejected rows go).
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("privacy_settings")
    .addColumn("id", "boolean", (c) => c.primaryKey().defaultTo(true).check(sql`id`))
    .addColumn("leaver_erasure_days", "smallint", (c) => c.notNull().defaultTo(90).check(sql`leaver_erasure_days between 30 and 3650`))
    .addColumn("click_ip_days", "smallint", (c) => c.notNull().defaultTo(90).check(sql`click_ip_days between 1 and 365`))
    .addColumn("import_file_days", "smallint", (c) => c.notNull().defaultTo(30).check(sql`import_file_days between 1 and 365`))
    .addColumn("export_archive_days", "smallint", (c) => c.notNull().defaultTo(7).check(sql`export_archive_days between 1 and 30`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await sql`insert into privacy_settings (id) values (true)`.execute(db);

  await db.schema
    .createTable("data_exports")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending").check(sql`status in ('pending', 'ready', 'failed')`))
    .addColumn("requested_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("ready_at", "timestamptz")
    .addColumn("expires_at", "timestamptz")
    .addColumn("archive", "bytea")
    .addColumn("archive_bytes", "integer")
    .addColumn("failure_code", "text")
    .addCheckConstraint("data_exports_ready_has_expiry", sql`status <> 'ready' or (ready_at is not null and expires_at is not null)`)
    .execute();
  // One request in progress per person: a second POST (another tab, a double click) cannot queue another.
  await sql`create unique index data_exports_one_pending_idx on data_exports (user_id) where status = 'pending'`.execute(db);
  await sql`create index data_exports_user_idx on data_exports (user_id, requested_at desc)`.execute(db);
  // The retention job finds the archives past their expiry.
  await sql`create index data_exports_expiry_idx on data_exports (expires_at) where archive is not null`.execute(db);

  await db.schema
    .createTable("retention_erasures")
    .addColumn("user_id", "uuid", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("requested_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema.alterTable("csv_imports").addColumn("content_cleared_at", "timestamptz").execute();
  // The retention job's scans: old files not cleared yet, old click IP hashes not cleared yet.
  await sql`create index csv_imports_uncleared_idx on csv_imports (created_at) where content_cleared_at is null`.execute(db);
  await sql`create index link_clicks_ip_hash_time_idx on link_clicks (clicked_at) where ip_hash is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists link_clicks_ip_hash_time_idx`.execute(db);
  await sql`drop index if exists csv_imports_uncleared_idx`.execute(db);
  await db.schema.alterTable("csv_imports").dropColumn("content_cleared_at").execute();
  await db.schema.dropTable("retention_erasures").execute();
  await db.schema.dropTable("data_exports").execute();
  await db.schema.dropTable("privacy_settings").execute();
}
