import type { DB } from "~/utils/db.server";

/**
 * The departure reasons HR keeps (offboarding's settings) are also a survey's vocabulary: a
 * `reasons` question offers them and conditions test them. The list is read here, in the lowest
 * domain that needs it; offboarding's departure form offers the same list (listActiveReasons).
 */

/** The reasons HR may choose, in their configured order, labelled in both languages. */
export async function listActiveReasonLabels(db: DB): Promise<{ code: string; label: { en: string; fr: string } }[]> {
  const rows = await db
    .selectFrom("departure_reasons")
    .select(["code", "label_en", "label_fr"])
    .where("active", "=", true)
    .orderBy("position")
    .orderBy("code")
    .limit(500)
    .execute();
  return rows.map((row) => ({ code: row.code, label: { en: row.label_en, fr: row.label_fr } }));
}
