import { type Kysely } from "kysely";

/**
 * Issue 12, HR's decision on a stuck batch (docs/decisions/024): `newsletter_batches.repost`
 * counts the times HR chose "send again" after checking Resend's log. It is part of the batch's
 * idempotency key (`…/batch/{n}/repost/{k}`), so the new posts are not answered from the first
 * key's memory — and cannot be, since that key expired after 24 hours anyway.
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("newsletter_batches").addColumn("repost", "integer", (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("newsletter_batches").dropColumn("repost").execute();
}
