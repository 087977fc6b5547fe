import { sql, type RawBuilder } from "kysely";
import type { DB } from "~/utils/db.server";

/**
 * Whether a person hears about openings: their latest `openings` row in the consent ledger is a
 * grant (no row: no). The same rule as a predicate for other queries (the newsletter's snapshot).
 */

export function openingsConsentSql(userIdColumn: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`coalesce((select ce.granted from consent_events ce where ce.user_id = ${userIdColumn} and ce.purpose = 'openings' order by ce.id desc limit 1), false)`;
}

export async function hasOpeningsConsent(db: DB, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom("consent_events")
    .select("granted")
    .where("user_id", "=", userId)
    .where("purpose", "=", "openings")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.granted === true;
}
