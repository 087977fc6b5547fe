import { sql, type Kysely } from "kysely";

/**
 * Issue 14, outbound webhooks (docs/decisions/035):
 *
 * - `webhook_endpoints`: where HR wants events posted, which event types, enabled or not, and the
 *   signing secret sealed with a key derived from APP_SECRET (it must be readable to sign, so it
 *   cannot be hashed). `failing_since` is set by the first failed attempt after a success.
 * - `webhook_events`: the transactional outbox: one row per event, written in the transaction of the
 *   change that caused it (only when some enabled endpoint subscribes to its type).
 * - `webhook_deliveries`: one row per event and endpoint; its id is the `webhook-id` header, the
 *   same on every retry and resend. `retry_step` indexes the back-off schedule; `leased_until`
 *   keeps two workers from posting the same delivery at once.
 * - `webhook_attempts`: every POST, its status code, duration, the first KB of the answer or the error.
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("webhook_endpoints")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("url", "text", (c) => c.notNull().check(sql`length(url) <= 2000`))
    .addColumn("description", "text", (c) => c.notNull().defaultTo("").check(sql`length(description) <= 500`))
    .addColumn("event_types", sql`text[]`, (c) => c.notNull())
    .addColumn("enabled", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("sealed_secret", "text", (c) => c.notNull())
    .addColumn("secret_rotated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("failing_since", "timestamptz")
    .addColumn("last_success_at", "timestamptz")
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Every emitted event looks up the enabled endpoints that subscribe to its type.
  await sql`create index webhook_endpoints_enabled_types_idx on webhook_endpoints using gin (event_types) where enabled`.execute(db);

  await db.schema
    .createTable("webhook_events")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("version", "smallint", (c) => c.notNull())
    .addColumn("data", "jsonb", (c) => c.notNull())
    .addColumn("occurred_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index webhook_events_occurred_idx on webhook_events (occurred_at)`.execute(db);

  await db.schema
    .createTable("webhook_deliveries")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("event_id", "uuid", (c) => c.notNull().references("webhook_events.id").onDelete("cascade"))
    .addColumn("endpoint_id", "uuid", (c) => c.notNull().references("webhook_endpoints.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending").check(sql`status in ('pending', 'delivered', 'failed', 'cancelled')`))
    .addColumn("attempt_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("retry_step", "smallint", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "timestamptz")
    .addColumn("leased_until", "timestamptz")
    .addColumn("last_attempt_at", "timestamptz")
    .addColumn("last_status_code", "smallint")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("webhook_deliveries_event_endpoint_key", ["event_id", "endpoint_id"])
    .execute();
  // The delivery log lists one endpoint's deliveries, newest first.
  await sql`create index webhook_deliveries_endpoint_idx on webhook_deliveries (endpoint_id, created_at desc)`.execute(db);

  await db.schema
    .createTable("webhook_attempts")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("delivery_id", "uuid", (c) => c.notNull().references("webhook_deliveries.id").onDelete("cascade"))
    .addColumn("attempted_at", "timestamptz", (c) => c.notNull())
    .addColumn("trigger", "text", (c) => c.notNull().check(sql`trigger in ('scheduled', 'resend')`))
    .addColumn("succeeded", "boolean", (c) => c.notNull())
    .addColumn("status_code", "smallint")
    .addColumn("duration_ms", "integer", (c) => c.notNull())
    .addColumn("response_body", "text", (c) => c.check(sql`length(response_body) <= 1024`))
    .addColumn("error_code", "text")
    .execute();
  await sql`create index webhook_attempts_delivery_idx on webhook_attempts (delivery_id, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("webhook_attempts").execute();
  await db.schema.dropTable("webhook_deliveries").execute();
  await db.schema.dropTable("webhook_events").execute();
  await db.schema.dropTable("webhook_endpoints").execute();
}
