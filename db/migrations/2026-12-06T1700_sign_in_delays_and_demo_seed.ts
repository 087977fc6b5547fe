import { sql, type Kysely } from "kysely";

/**
 * Two pieces of state for issue 8 (sign-in hardening and safe defaults).
 *
 * `sign_in_delays`: the per-account brake on password guessing across every IP. rate_limits (the
 * rate-limiter-flexible table) holds a count and an expiry, but the brake also needs the moment the
 * next attempt becomes allowed, so it has its own table. Keys are HMACs of the address, like
 * rate_limits, so the table holds no personal data.
 *
 * `demo_seed`: one row once the demo data was added to this database. Seeding used to depend on
 * "no migration had run yet", so a database first created by the CLI never got its demo data while
 * the portal still printed demo sign-ins. Databases that already hold users when this migration runs
 * are marked as settled: they were either seeded before or set up on purpose, and must not receive
 * demo accounts with a published password now.
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("sign_in_delays")
    .addColumn("key", "varchar(255)", (c) => c.primaryKey())
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("next_attempt_at", "timestamptz", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("demo_seed")
    // A one-row table: the primary key can only be true.
    .addColumn("id", "boolean", (c) => c.primaryKey().defaultTo(true).check(sql`id`))
    .addColumn("seeded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("assumed", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`insert into demo_seed (id, assumed) select true, true where exists (select 1 from users)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("demo_seed").execute();
  await db.schema.dropTable("sign_in_delays").execute();
}
