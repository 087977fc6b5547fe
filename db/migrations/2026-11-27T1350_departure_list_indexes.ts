import { sql, type Kysely } from "kysely";

/**
 * HR's departures list and home page: index what they filter and sort on.
 * - The list is ordered by last day (newest first by default) and paged: (last_day, id) lets the
 *   database walk the index in either direction instead of sorting every departure.
 * - "Has overdue tasks" and the home page's overdue count look for open tasks due before today:
 *   a partial index on open tasks by due date, carrying the departure id so that the index alone
 *   answers it. Within one departure, the existing departure_tasks_departure_idx serves.
 * Search (name, work email, external id) is a `lower(column) like '%…%'` scan: at HR's scale (a
 * few thousand departures) that costs less than keeping trigram indexes, and needs no extension
 * (pg_trgm would have to be loaded separately into PGlite).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("departures_last_day_id_idx").on("departures").columns(["last_day", "id"]).execute();
  await sql`create index departure_tasks_open_due_idx on departure_tasks (due_date, departure_id) where status = 'open'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("departure_tasks_open_due_idx").execute();
  await db.schema.dropIndex("departures_last_day_id_idx").execute();
}
