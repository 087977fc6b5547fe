import { sql, type Kysely } from "kysely";

/**
 * Issue 11, ingestion: the RSS/Atom/JSON Feed sources HR adds, and the items taken from them or
 * written by HR (company posts), which a review queue approves (docs/decisions/018).
 *
 * Deduplication is the database's job, so that a retried or concurrent poll cannot store an item
 * twice (`insert … on conflict do nothing`):
 * - `(source_id, guid)`: a source never gives the same entry twice, even when its link changes.
 *   Every fetched item has a guid (the feed's id, else its canonical link, else a hash); a company
 *   post has none (nulls never collide).
 * - `canonical_url`, across all sources: the same article syndicated by two sources, or linked by a
 *   company post, is one item of the share feed. An item that expired or was rejected keeps its URL,
 *   so a feed that still carries it does not bring it back.
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("feed_sources")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('company', 'external')`))
    .addColumn("approval", "text", (c) => c.notNull().check(sql`approval in ('auto', 'review')`))
    .addColumn("daily_item_limit", "integer", (c) => c.notNull().defaultTo(20).check(sql`daily_item_limit between 1 and 500`))
    .addColumn("expire_after_days", "integer", (c) => c.notNull().defaultTo(30).check(sql`expire_after_days between 1 and 3650`))
    // Validators of the last full answer, sent back as If-None-Match / If-Modified-Since.
    .addColumn("etag", "text")
    .addColumn("last_modified", "text")
    .addColumn("last_fetched_at", "timestamptz")
    .addColumn("last_success_at", "timestamptz")
    // A failure code (failures.json, feedFetch.*) and its values, which HR reads in their language.
    .addColumn("last_error", "text")
    .addColumn("last_error_values", "jsonb")
    .addColumn("consecutive_failures", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_fetch_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("archived_at", "timestamptz")
    .execute();
  // One live source per address; an archived one may be added again.
  await sql`create unique index feed_sources_url_live_key on feed_sources (url) where archived_at is null`.execute(db);
  // The poll job's question: which live sources are due.
  await sql`create index feed_sources_due_idx on feed_sources (next_fetch_at) where archived_at is null`.execute(db);

  await db.schema
    .createTable("feed_items")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Null for a company post written by HR.
    .addColumn("source_id", "uuid", (c) => c.references("feed_sources.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('company', 'external')`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'approved', 'rejected', 'expired')`))
    .addColumn("guid", "text")
    .addColumn("canonical_url", "text")
    .addColumn("url", "text")
    .addColumn("title", "text", (c) => c.notNull())
    // Sanitised HTML only (feeds/sanitize.ts); the plain text is for share texts.
    .addColumn("summary_html", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("summary_text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("image_url", "text")
    .addColumn("published_at", "timestamptz")
    .addColumn("fetched_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz")
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("approved_at", "timestamptz")
    .addColumn("approved_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // A fetched item has its source's guid; a company post has neither.
    .addCheckConstraint("feed_items_guid_with_source", sql`(source_id is null) = (guid is null)`)
    .execute();
  await sql`create unique index feed_items_source_guid_key on feed_items (source_id, guid)`.execute(db);
  await sql`create unique index feed_items_canonical_url_key on feed_items (canonical_url)`.execute(db);
  // The review queue (pending, newest first) and the share feed (approved, newest first).
  await sql`create index feed_items_status_fetched_idx on feed_items (status, fetched_at desc)`.execute(db);
  // The daily item limit counts a source's items fetched since the company's midnight.
  await sql`create index feed_items_source_fetched_idx on feed_items (source_id, fetched_at)`.execute(db);
  // The expiry sweep reads only items still live.
  await sql`create index feed_items_live_expiry_idx on feed_items (expires_at) where status in ('pending', 'approved')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("feed_items").execute();
  await db.schema.dropTable("feed_sources").execute();
}
