import { sql, type Kysely } from "kysely";

/**
 * Issue 14, erasure (docs/decisions/030):
 *
 * - `privacy_erasure_requests`: one row per request to erase a person (by themself, by HR, or by the
 *   retention job): ids, times and per-entry counts only, kept as the proof the request was honoured.
 *   At most one request per person is open (pending or running): asking again joins it.
 * - `suppressed_address_hashes`: what remains of an erased person's addresses on the suppression
 *   list: a keyed hash (app/modules/email/suppressed-addresses.server.ts), which every audience check
 *   compares with the hash of the address it is about to mail.
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("privacy_erasure_requests")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("requested_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("reason", "text", (c) => c.notNull().check(sql`reason in ('self', 'hr', 'retention')`))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending").check(sql`status in ('pending', 'running', 'done')`))
    .addColumn("requested_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("started_at", "timestamptz")
    .addColumn("finished_at", "timestamptz")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    // Rows changed per registry entry: {"emails": 3, ...}.
    .addColumn("counts", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // The last failure's code (an error class name), never a message that could quote data.
    .addColumn("error", "text")
    .execute();
  // One open request per person: a second request joins it (requestErasure).
  await sql`create unique index privacy_erasure_requests_open_idx on privacy_erasure_requests (user_id) where status <> 'done'`.execute(db);
  // The safety net finds open requests by age.
  await sql`create index privacy_erasure_requests_status_idx on privacy_erasure_requests (status, requested_at)`.execute(db);

  await db.schema
    .createTable("suppressed_address_hashes")
    .addColumn("hash", "text", (c) => c.primaryKey())
    .addColumn("reason", "text", (c) => c.notNull().defaultTo("erased").check(sql`reason in ('erased')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("suppressed_address_hashes").execute();
  await db.schema.dropTable("privacy_erasure_requests").execute();
}
