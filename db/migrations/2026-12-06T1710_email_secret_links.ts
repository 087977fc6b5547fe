import { sql, type Kysely } from "kysely";

/**
 * Secrets leave the stored copy of an email (docs/decisions/010): `links_removed` says the stored
 * html/text had their one-time links replaced; `sealed_content` holds the deliverable body, sealed,
 * until the provider takes it.
 *
 * Rows written before this migration kept their links. Those already handled (sent, captured,
 * failed) have them replaced here by the same placeholder the app now writes, found by the token
 * routes of the time (32 base32 characters after /login/magic/, /set-password/, /exit/link/ or
 * /confirm-email/): the recipient got the working email, or nobody ever will. Queued rows are left
 * alone so that they are still delivered with their links; they are sent within seconds of the
 * start, so the window is short. Links in the local developer outbox are removed too: ask for a new one.
 * Frozen in time: takes Kysely<any>, and the placeholder texts are written out here.
 */

const TOKEN_LINK = "https?://[^[:space:]\"'<>]*/(login/magic|set-password|exit/link|confirm-email)/[a-z2-7]{32}";
const PLACEHOLDER_EN = "[link removed from the stored copy]";
const PLACEHOLDER_FR = "[lien retiré de la copie conservée]";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("emails")
    .addColumn("links_removed", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("sealed_content", "text")
    .execute();

  const placeholder = sql`case when locale = 'fr' then ${PLACEHOLDER_FR} else ${PLACEHOLDER_EN} end`;
  await sql`
    update emails set
      html = regexp_replace(regexp_replace(html, ${` href="${TOKEN_LINK}"`}, '', 'g'), ${TOKEN_LINK}, ${placeholder}, 'g'),
      text = regexp_replace(text, ${TOKEN_LINK}, ${placeholder}, 'g'),
      links_removed = true
    where status <> 'queued' and (html ~ ${TOKEN_LINK} or text ~ ${TOKEN_LINK})
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // The removed links are not restored: they are gone by design.
  await db.schema.alterTable("emails").dropColumn("sealed_content").dropColumn("links_removed").execute();
}
