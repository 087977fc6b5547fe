import { z } from "zod";
import { recordAudit } from "~/modules/auth/audit.server";
import { parseFields } from "~/modules/feeds/input";
import type { DB } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import { DEFAULT_SCORING_SETTINGS, SCORING_LIMITS, type ScoringSettings } from "./formula";

/**
 * HR's advocacy-score formula: the one row of `scoring_settings`, read as the defaults when it is
 * missing. Saving it moves `updated_at`, which makes every score older than the change due again
 * (recompute.server.ts): the whole population is scored by the new formula within a few ticks.
 */

export interface StoredScoringSettings {
  settings: ScoringSettings;
  /** When HR last changed them; the epoch for the defaults of a missing row. */
  updatedAt: Date;
}

const COLUMNS = [
  "nps_weight",
  "sentiment_weight",
  "engagement_weight",
  "promoter_min",
  "detractor_max",
  "nps_half_life_days",
  "comment_half_life_days",
  "engagement_half_life_days",
  "share_points",
  "earned_click_points",
  "newsletter_click_points",
  "engagement_full_points",
  "reason_window_days",
  "updated_at",
] as const;

export async function getScoringSettings(db: DB): Promise<StoredScoringSettings> {
  const row = await db.selectFrom("scoring_settings").select(COLUMNS).executeTakeFirst();
  if (!row) return { settings: DEFAULT_SCORING_SETTINGS, updatedAt: new Date(0) };
  return {
    settings: {
      weights: { nps: row.nps_weight, sentiment: row.sentiment_weight, engagement: row.engagement_weight },
      thresholds: { promoterMin: row.promoter_min, detractorMax: row.detractor_max },
      halfLifeDays: { nps: row.nps_half_life_days, comments: row.comment_half_life_days, engagement: row.engagement_half_life_days },
      points: { share: row.share_points, earnedClick: row.earned_click_points, newsletterClick: row.newsletter_click_points, full: row.engagement_full_points },
      reasonWindowDays: row.reason_window_days,
    },
    updatedAt: row.updated_at,
  };
}

/** The form's flat fields, as HR posts them and as the page fills them in. */
export interface ScoringSettingsFields {
  npsWeight: number;
  sentimentWeight: number;
  engagementWeight: number;
  promoterMin: number;
  detractorMax: number;
  npsHalfLifeDays: number;
  commentHalfLifeDays: number;
  engagementHalfLifeDays: number;
  sharePoints: number;
  earnedClickPoints: number;
  newsletterClickPoints: number;
  fullPoints: number;
  reasonWindowDays: number;
}

export function settingsToFields(settings: ScoringSettings): ScoringSettingsFields {
  return {
    npsWeight: settings.weights.nps,
    sentimentWeight: settings.weights.sentiment,
    engagementWeight: settings.weights.engagement,
    promoterMin: settings.thresholds.promoterMin,
    detractorMax: settings.thresholds.detractorMax,
    npsHalfLifeDays: settings.halfLifeDays.nps,
    commentHalfLifeDays: settings.halfLifeDays.comments,
    engagementHalfLifeDays: settings.halfLifeDays.engagement,
    sharePoints: settings.points.share,
    earnedClickPoints: settings.points.earnedClick,
    newsletterClickPoints: settings.points.newsletterClick,
    fullPoints: settings.points.full,
    reasonWindowDays: settings.reasonWindowDays,
  };
}

const blankIsMissing = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const whole = (limits: { min: number; max: number }) => z.preprocess(blankIsMissing, z.coerce.number().int().min(limits.min).max(limits.max));

const L = SCORING_LIMITS;
const fieldsSchema = z.object({
  npsWeight: whole(L.weight),
  sentimentWeight: whole(L.weight),
  engagementWeight: whole(L.weight),
  promoterMin: whole(L.promoterMin),
  detractorMax: whole(L.detractorMax),
  npsHalfLifeDays: whole(L.halfLifeDays),
  commentHalfLifeDays: whole(L.halfLifeDays),
  engagementHalfLifeDays: whole(L.halfLifeDays),
  sharePoints: whole(L.points),
  earnedClickPoints: whole(L.points),
  newsletterClickPoints: whole(L.points),
  fullPoints: whole(L.fullPoints),
  reasonWindowDays: whole(L.reasonWindowDays),
});

const FIELD_CODES = {
  npsWeight: { code: "scoringSettings.weightInvalid", values: L.weight },
  sentimentWeight: { code: "scoringSettings.weightInvalid", values: L.weight },
  engagementWeight: { code: "scoringSettings.weightInvalid", values: L.weight },
  promoterMin: { code: "scoringSettings.promoterMinInvalid", values: L.promoterMin },
  detractorMax: { code: "scoringSettings.detractorMaxInvalid", values: L.detractorMax },
  npsHalfLifeDays: { code: "scoringSettings.halfLifeInvalid", values: L.halfLifeDays },
  commentHalfLifeDays: { code: "scoringSettings.halfLifeInvalid", values: L.halfLifeDays },
  engagementHalfLifeDays: { code: "scoringSettings.halfLifeInvalid", values: L.halfLifeDays },
  sharePoints: { code: "scoringSettings.pointsInvalid", values: L.points },
  earnedClickPoints: { code: "scoringSettings.pointsInvalid", values: L.points },
  newsletterClickPoints: { code: "scoringSettings.pointsInvalid", values: L.points },
  fullPoints: { code: "scoringSettings.fullPointsInvalid", values: L.fullPoints },
  reasonWindowDays: { code: "scoringSettings.reasonWindowInvalid", values: L.reasonWindowDays },
} as const;

/**
 * Checks HR's fields (a code per wrong field; weights that do not add up to 100 are refused on the
 * first weight, saying what they add up to) and saves them with their audit entry in one
 * transaction. Throws DomainFailure("invalid") and writes nothing when anything is wrong.
 */
export async function updateScoringSettings(db: DB, input: unknown, actor: { userId: string }, now: Date = new Date()): Promise<ScoringSettings> {
  const data = parseFields(fieldsSchema, input, FIELD_CODES);
  const sum = data.npsWeight + data.sentimentWeight + data.engagementWeight;
  if (sum !== 100) throw DomainFailure.invalid("npsWeight", "scoringSettings.weightsSum", { sum });
  const values = {
    nps_weight: data.npsWeight,
    sentiment_weight: data.sentimentWeight,
    engagement_weight: data.engagementWeight,
    promoter_min: data.promoterMin,
    detractor_max: data.detractorMax,
    nps_half_life_days: data.npsHalfLifeDays,
    comment_half_life_days: data.commentHalfLifeDays,
    engagement_half_life_days: data.engagementHalfLifeDays,
    share_points: data.sharePoints,
    earned_click_points: data.earnedClickPoints,
    newsletter_click_points: data.newsletterClickPoints,
    engagement_full_points: data.fullPoints,
    reason_window_days: data.reasonWindowDays,
    updated_by: actor.userId,
    updated_at: now,
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("scoring_settings")
      .values({ id: true, ...values })
      .onConflict((oc) => oc.column("id").doUpdateSet(values))
      .execute();
    await recordAudit(trx, { actorUserId: actor.userId, action: "scoring.settings_updated", subjectType: "scoring_settings", data: { fields: data } });
  });
  return (await getScoringSettings(db)).settings;
}
