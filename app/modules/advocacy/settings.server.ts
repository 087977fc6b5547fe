import { sql } from "kysely";
import { z } from "zod";
import { recordAudit } from "~/modules/auth/audit.server";
import { parseFields } from "~/modules/feeds/input";
import { saveFeedSettingsRow } from "~/modules/feeds/settings.server";
import type { DB } from "~/utils/db.server";
import { ADVOCACY_LIMITS, DEFAULT_ADVOCACY_SETTINGS, type AdvocacySettings } from "./rules";

/**
 * HR's points rules, leaderboard switch and earned-media-value rates (ADR 021): columns of the feed
 * settings row (`feed_settings`), read as the defaults when the row is missing. Saving them writes
 * only these columns, so the disclosure lines and the mix limit stay as they are.
 */

const SETTINGS_COLUMNS = [
  "leaderboard_enabled",
  "points_per_share",
  "points_per_click",
  "points_daily_cap",
  "emv_currency",
  "emv_cpm_minor",
  "emv_cpc_minor",
  "emv_impressions_per_share",
] as const;

type SettingsRow = {
  leaderboard_enabled: boolean;
  points_per_share: number;
  points_per_click: number;
  points_daily_cap: number;
  emv_currency: string;
  emv_cpm_minor: number;
  emv_cpc_minor: number;
  emv_impressions_per_share: number;
};

export function settingsFromRow(row: SettingsRow | undefined): AdvocacySettings {
  if (!row) return DEFAULT_ADVOCACY_SETTINGS;
  return {
    leaderboardEnabled: row.leaderboard_enabled,
    points: { pointsPerShare: row.points_per_share, pointsPerClick: row.points_per_click, dailyCap: row.points_daily_cap },
    emv: { currency: row.emv_currency, cpmMinor: row.emv_cpm_minor, cpcMinor: row.emv_cpc_minor, impressionsPerShare: row.emv_impressions_per_share },
  };
}

export async function getAdvocacySettings(db: DB): Promise<AdvocacySettings> {
  return settingsFromRow(await db.selectFrom("feed_settings").select(SETTINGS_COLUMNS).executeTakeFirst());
}

const blankIsMissing = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const whole = (limits: { min: number; max: number }) => z.preprocess(blankIsMissing, z.coerce.number().int().min(limits.min).max(limits.max));
/** A rate in major units with at most two decimals ("12.5", "0.75"), answered in minor units. */
const rate = z.preprocess(
  blankIsMissing,
  z
    .union([z.string().trim().regex(/^\d{1,6}([.,]\d{1,2})?$/), z.number()])
    .transform((value) => Math.round(Number(String(value).replace(",", ".")) * 100))
    .pipe(z.number().int().min(ADVOCACY_LIMITS.rateMajor.min * 100).max(ADVOCACY_LIMITS.rateMajor.max * 100)),
);

const settingsSchema = z.object({
  // A checkbox: present ("on", "true") when ticked, missing when not.
  leaderboardEnabled: z.preprocess((value) => value === true || value === "on" || value === "true", z.boolean()),
  pointsPerShare: whole(ADVOCACY_LIMITS.pointsPerShare),
  pointsPerClick: whole(ADVOCACY_LIMITS.pointsPerClick),
  dailyCap: whole(ADVOCACY_LIMITS.dailyCap),
  currency: z.preprocess((value) => (typeof value === "string" ? value.trim().toUpperCase() : value), z.string().regex(/^[A-Z]{3}$/).refine(isKnownCurrency)),
  cpm: rate,
  cpc: rate,
  impressionsPerShare: whole(ADVOCACY_LIMITS.impressionsPerShare),
});

/** A code Intl knows as a currency (ISO 4217), so the analytics can format it. */
export function isKnownCurrency(code: string): boolean {
  try {
    return typeof Intl.supportedValuesOf !== "function" || Intl.supportedValuesOf("currency").includes(code);
  } catch {
    return false;
  }
}

const FIELD_CODES = {
  leaderboardEnabled: { code: "advocacySettings.leaderboardEnabledInvalid" },
  pointsPerShare: { code: "advocacySettings.pointsPerShareInvalid", values: ADVOCACY_LIMITS.pointsPerShare },
  pointsPerClick: { code: "advocacySettings.pointsPerClickInvalid", values: ADVOCACY_LIMITS.pointsPerClick },
  dailyCap: { code: "advocacySettings.dailyCapInvalid", values: ADVOCACY_LIMITS.dailyCap },
  currency: { code: "advocacySettings.currencyInvalid" },
  cpm: { code: "advocacySettings.cpmInvalid", values: ADVOCACY_LIMITS.rateMajor },
  cpc: { code: "advocacySettings.cpcInvalid", values: ADVOCACY_LIMITS.rateMajor },
  impressionsPerShare: { code: "advocacySettings.impressionsPerShareInvalid", values: ADVOCACY_LIMITS.impressionsPerShare },
} as const;

/**
 * Saves HR's rules (validated again here, with a code per wrong field), and the audit entry, in one
 * transaction. Rates come in major units with two decimals at most and are stored in minor units.
 */
export async function updateAdvocacySettings(db: DB, input: unknown, actor: { userId: string }, now: Date = new Date()): Promise<AdvocacySettings> {
  const data = parseFields(settingsSchema, input, FIELD_CODES);
  const values = {
    leaderboard_enabled: data.leaderboardEnabled,
    points_per_share: data.pointsPerShare,
    points_per_click: data.pointsPerClick,
    points_daily_cap: data.dailyCap,
    emv_currency: data.currency,
    emv_cpm_minor: data.cpm,
    emv_cpc_minor: data.cpc,
    emv_impressions_per_share: data.impressionsPerShare,
    updated_by: actor.userId,
    updated_at: now,
  };
  const saved = settingsFromRow(values);
  await db.transaction().execute(async (trx) => {
    await saveFeedSettingsRow(trx, values);
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "advocacy.settings_updated",
      data: { leaderboardEnabled: saved.leaderboardEnabled, points: saved.points, emv: saved.emv },
    });
  });
  return saved;
}

/** The SQL of the settings with the defaults for a missing row: one row, to cross join in a query. */
export function settingsCte() {
  const d = DEFAULT_ADVOCACY_SETTINGS;
  return sql`
    select
      coalesce(fs.leaderboard_enabled, ${d.leaderboardEnabled}) as leaderboard_enabled,
      coalesce(fs.points_per_share, ${d.points.pointsPerShare}::int) as points_per_share,
      coalesce(fs.points_per_click, ${d.points.pointsPerClick}::int) as points_per_click,
      coalesce(fs.points_daily_cap, ${d.points.dailyCap}::int) as points_daily_cap,
      coalesce(fs.emv_currency, ${d.emv.currency}) as emv_currency,
      coalesce(fs.emv_cpm_minor, ${d.emv.cpmMinor}::int) as emv_cpm_minor,
      coalesce(fs.emv_cpc_minor, ${d.emv.cpcMinor}::int) as emv_cpc_minor,
      coalesce(fs.emv_impressions_per_share, ${d.emv.impressionsPerShare}::int) as emv_impressions_per_share
    from (select 1) as one left join feed_settings as fs on true`;
}
