import { z } from "zod";
import type { Translate } from "~/modules/i18n/translator";
import { SCORING_LIMITS } from "./formula";

/**
 * The advocacy-score settings form's schema, with messages in the reader's language: the form edge
 * (ADR 013), run by conform in the browser and in the action. The domain (settings.server.ts)
 * checks again with codes.
 */

export const SCORING_FIELD_NAMES = [
  "npsWeight",
  "sentimentWeight",
  "engagementWeight",
  "promoterMin",
  "detractorMax",
  "npsHalfLifeDays",
  "commentHalfLifeDays",
  "engagementHalfLifeDays",
  "sharePoints",
  "earnedClickPoints",
  "newsletterClickPoints",
  "fullPoints",
  "reasonWindowDays",
] as const;

export type ScoringFieldName = (typeof SCORING_FIELD_NAMES)[number];

/** The limits of each field, for the schema and the inputs' min and max. */
export const FIELD_LIMITS: Record<ScoringFieldName, { min: number; max: number }> = {
  npsWeight: SCORING_LIMITS.weight,
  sentimentWeight: SCORING_LIMITS.weight,
  engagementWeight: SCORING_LIMITS.weight,
  promoterMin: SCORING_LIMITS.promoterMin,
  detractorMax: SCORING_LIMITS.detractorMax,
  npsHalfLifeDays: SCORING_LIMITS.halfLifeDays,
  commentHalfLifeDays: SCORING_LIMITS.halfLifeDays,
  engagementHalfLifeDays: SCORING_LIMITS.halfLifeDays,
  sharePoints: SCORING_LIMITS.points,
  earnedClickPoints: SCORING_LIMITS.points,
  newsletterClickPoints: SCORING_LIMITS.points,
  fullPoints: SCORING_LIMITS.fullPoints,
  reasonWindowDays: SCORING_LIMITS.reasonWindowDays,
};

export function scoringSettingsFormSchema(t: Translate) {
  const whole = (limits: { min: number; max: number }) => {
    const message = t("settings.errors.whole", limits);
    return z.coerce.number({ error: message }).int({ error: message }).min(limits.min, { error: message }).max(limits.max, { error: message });
  };
  const shape = Object.fromEntries(SCORING_FIELD_NAMES.map((name) => [name, whole(FIELD_LIMITS[name])])) as Record<ScoringFieldName, ReturnType<typeof whole>>;
  return z.object(shape).superRefine((value, ctx) => {
    const sum = value.npsWeight + value.sentimentWeight + value.engagementWeight;
    if (sum !== 100) ctx.addIssue({ code: "custom", path: ["npsWeight"], message: t("settings.errors.weightsSum", { sum }) });
  });
}
