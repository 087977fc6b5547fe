import { sql, type Kysely } from "kysely";

/**
 * Issue 11, curation (docs/decisions/019): the share texts HR approves with an item, and the feed's
 * settings (the disclosure line appended to every share text, the most promotional items allowed).
 *
 * Share texts are rows, one per item, network and language, rather than six columns on feed_items:
 * most items never get edited texts (their defaults are built from the title and summary when read),
 * a new network or language is rows rather than a migration, and the item table stays the poll's.
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("feed_item_share_texts")
    .addColumn("item_id", "uuid", (c) => c.notNull().references("feed_items.id").onDelete("cascade"))
    .addColumn("network", "text", (c) => c.notNull().check(sql`network in ('linkedin', 'x', 'facebook')`))
    .addColumn("language", "text", (c) => c.notNull().check(sql`language in ('en', 'fr')`))
    // The text HR approved, without the disclosure line (appended when the text is shared, so that
    // changing the line changes every text).
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("updated_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("feed_item_share_texts_pkey", ["item_id", "network", "language"])
    .execute();

  // One row, always there: `id` can only be true.
  await db.schema
    .createTable("feed_settings")
    .addColumn("id", "boolean", (c) => c.primaryKey().defaultTo(true).check(sql`id`))
    .addColumn("disclosure_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("disclosure_fr", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("promotional_max_percent", "integer", (c) => c.notNull().defaultTo(40).check(sql`promotional_max_percent between 0 and 100`))
    .addColumn("updated_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.insertInto("feed_settings").values({ id: true }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("feed_settings").execute();
  await db.schema.dropTable("feed_item_share_texts").execute();
}
