import { sql, type Kysely } from "kysely";

/**
 * `newsletter_recipients.pulse`: whether the recipient had granted the `pulse` consent when the send
 * started. Only they get the pulse block (the 0–10 scale), as only consenting alumni get a
 * pulse email (docs/decisions/028). Snapshotted like `openings`, so a batch rebuilt later is the
 * same bytes.
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table newsletter_recipients add column pulse boolean not null default false`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table newsletter_recipients drop column pulse`.execute(db);
}
