import { sql, type Kysely } from "kysely";

/**
 * Issue 11, tracked links: every shared or mailed link is a row of `tracked_links` reached through
 * `/r/{code}`, and each counted visit a row of `link_clicks` (docs/decisions/020).
 *
 * - `code` is random (crypto.randomBytes, base64url), never derived from an id: knowing one link
 *   tells nothing about another.
 * - A share link is unique to (feed item, person, network): asking again returns the same row
 *   (`insert … on conflict do nothing`). A newsletter link has no feed item; `subject_ref` names
 *   what it belongs to (the newsletter issue, later).
 * - A click keeps no personal data beyond a keyed hash of the IP (ADR 020): no user agent, no
 *   referrer. Clicks are append-only and high-volume: bigint identity ids.
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("tracked_links")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("code", "text", (c) => c.notNull().unique().check(sql`code ~ '^[A-Za-z0-9_-]{10,64}$'`))
    .addColumn("target_url", "text", (c) => c.notNull().check(sql`target_url ~ '^https?://'`))
    .addColumn("channel", "text", (c) => c.notNull().check(sql`channel in ('linkedin', 'x', 'facebook', 'newsletter')`))
    .addColumn("campaign", "text", (c) => c.notNull())
    .addColumn("feed_item_id", "uuid", (c) => c.references("feed_items.id").onDelete("cascade"))
    .addColumn("subject_ref", "text")
    .addColumn("user_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One link per share of an item by a person on a network. Nulls never collide: a person's erased
  // account (user_id set null) does not block a new link.
  await sql`create unique index tracked_links_share_key on tracked_links (feed_item_id, user_id, channel) where feed_item_id is not null`.execute(
    db,
  );
  await sql`create index tracked_links_user_idx on tracked_links (user_id) where user_id is not null`.execute(db);

  await db.schema
    .createTable("link_clicks")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("link_id", "uuid", (c) => c.notNull().references("tracked_links.id").onDelete("cascade"))
    .addColumn("clicked_at", "timestamptz", (c) => c.notNull())
    .addColumn("ip_hash", "text")
    .execute();
  await sql`create index link_clicks_link_time_idx on link_clicks (link_id, clicked_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("link_clicks").execute();
  await db.schema.dropTable("tracked_links").execute();
}
