import type { Insertable } from "kysely";
import { z } from "zod";
import type { FeedSettingsTable } from "../../../db/schema";
import { recordAudit } from "~/modules/auth/audit.server";
import type { DB } from "~/utils/db.server";
import { parseFields } from "./input";
import { DEFAULT_PROMOTIONAL_MAX_PERCENT } from "./mix";
import { DISCLOSURE_MAX, disclosureFits, type Disclosures } from "./share-texts";

/**
 * The feed's settings (issue 11): the disclosure line appended to every share text, in each
 * language, and the mix rule's limit on promotional (company) items. One row; read as the defaults
 * when it is missing (a database emptied by hand, or by the tests).
 */

export interface FeedSettings {
  disclosures: Disclosures;
  promotionalMaxPercent: number;
}

export const DEFAULT_FEED_SETTINGS: FeedSettings = { disclosures: { en: "", fr: "" }, promotionalMaxPercent: DEFAULT_PROMOTIONAL_MAX_PERCENT };

export async function getFeedSettings(db: DB): Promise<FeedSettings> {
  const row = await db.selectFrom("feed_settings").select(["disclosure_en", "disclosure_fr", "promotional_max_percent"]).executeTakeFirst();
  if (!row) return DEFAULT_FEED_SETTINGS;
  return { disclosures: { en: row.disclosure_en, fr: row.disclosure_fr }, promotionalMaxPercent: row.promotional_max_percent };
}

const disclosure = z.preprocess((value) => value ?? "", z.string().trim().refine(disclosureFits));

const settingsSchema = z.object({
  disclosureEn: disclosure,
  disclosureFr: disclosure,
  // An empty field is no answer, not 0.
  promotionalMaxPercent: z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), z.coerce.number().int().min(0).max(100)),
});

const FIELD_CODES = {
  disclosureEn: { code: "feedSettings.disclosureEnInvalid", values: { max: DISCLOSURE_MAX.length } },
  disclosureFr: { code: "feedSettings.disclosureFrInvalid", values: { max: DISCLOSURE_MAX.length } },
  promotionalMaxPercent: { code: "feedSettings.promotionalMaxPercentInvalid" },
} as const;

/**
 * Writes some columns of the one settings row, creating it with the other columns' defaults when a
 * database emptied by hand lacks it. The feed's settings and the advocacy rules (advocacy/settings)
 * each write their own columns through it.
 */
export async function saveFeedSettingsRow(db: DB, values: Omit<Insertable<FeedSettingsTable>, "id">): Promise<void> {
  await db
    .insertInto("feed_settings")
    .values({ id: true, ...values })
    .onConflict((conflict) => conflict.column("id").doUpdateSet(values))
    .execute();
}

export async function updateFeedSettings(db: DB, input: unknown, actor: { userId: string }, now: Date = new Date()): Promise<FeedSettings> {
  const data = parseFields(settingsSchema, input, FIELD_CODES);
  const values = { disclosure_en: data.disclosureEn, disclosure_fr: data.disclosureFr, promotional_max_percent: data.promotionalMaxPercent, updated_by: actor.userId, updated_at: now };
  await db.transaction().execute(async (trx) => {
    await saveFeedSettingsRow(trx, values);
    await recordAudit(trx, { actorUserId: actor.userId, action: "feeds.settings_updated", data: { promotionalMaxPercent: data.promotionalMaxPercent } });
  });
  return { disclosures: { en: data.disclosureEn, fr: data.disclosureFr }, promotionalMaxPercent: data.promotionalMaxPercent };
}
