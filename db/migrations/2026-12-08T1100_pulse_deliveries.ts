import { sql, type Kysely } from "kysely";

/**
 * Issue 13, alumni pulse: how a pulse reaches people.
 *
 * - `pulse_deliveries`: the recipients snapshotted when a pulse is sent, one row per (pulse, person).
 *   A row is claimed (`pending → queued`) in the transaction that queues the person's email through
 *   the transactional outbox, so a crash either left it pending (the retry sends it) or queued with
 *   its email (the email job delivers it, under Resend's idempotency key): never twice, never
 *   skipped. `skipped` rows lost their consent or were suppressed between the snapshot and the send.
 * - `pulses.answers_at_close`: how many answers a pulse had when it closed. An anonymous pulse's
 *   answers leave `pulse_answers` at the close (docs/decisions/008), so the count is kept here.
 * - `newsletter_issues.pulse_id`: an issue may embed an open pulse's 0–10 scale as a block.
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("pulse_deliveries")
    .addColumn("pulse_id", "uuid", (c) => c.notNull().references("pulses.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("locale", "text", (c) => c.notNull().check(sql`locale in ('en', 'fr')`))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending").check(sql`status in ('pending', 'queued', 'skipped')`))
    .addColumn("skip_reason", "text", (c) => c.check(sql`skip_reason in ('consentWithdrawn', 'suppressed', 'pulseClosed')`))
    .addColumn("email_id", "uuid", (c) => c.references("emails.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("pulse_deliveries_pk", ["pulse_id", "user_id"])
    .execute();
  await sql`create index pulse_deliveries_pending_idx on pulse_deliveries (pulse_id) where status = 'pending'`.execute(db);
  await sql`create index pulse_deliveries_user_idx on pulse_deliveries (user_id)`.execute(db);

  await db.schema.alterTable("pulses").addColumn("answers_at_close", "integer").execute();
  await db.schema
    .alterTable("newsletter_issues")
    .addColumn("pulse_id", "uuid", (c) => c.references("pulses.id").onDelete("set null"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("newsletter_issues").dropColumn("pulse_id").execute();
  await db.schema.alterTable("pulses").dropColumn("answers_at_close").execute();
  await db.schema.dropTable("pulse_deliveries").execute();
}
