import { z } from "zod";
import type { Translate } from "~/modules/i18n/translator";
import { ADVOCACY_LIMITS, ANALYTICS_PERIODS, DEFAULT_ANALYTICS_PERIOD, type AnalyticsPeriod } from "./rules";

/**
 * The schemas of the advocacy forms and query strings, with messages in the reader's language: the
 * form edge (ADR 013), run by conform in the browser and in the actions. The domain
 * (settings.server.ts) checks again with codes.
 */

const wholeNumber = (message: string, limits: { min: number; max: number }) =>
  z.coerce.number({ error: message }).int({ error: message }).min(limits.min, { error: message }).max(limits.max, { error: message });

/** An amount in major units with at most two decimals; a comma is read as the decimal point. */
const amount = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^\d{1,6}([.,]\d{1,2})?$/, { error: message })
    .refine((value) => Number(value.replace(",", ".")) <= ADVOCACY_LIMITS.rateMajor.max, { error: message });

export function advocacySettingsFormSchema(t: Translate) {
  const rate = ADVOCACY_LIMITS.rateMajor;
  return z.object({
    leaderboardEnabled: z.boolean().optional(),
    pointsPerShare: wholeNumber(t("advocacySettings.errors.pointsPerShare", ADVOCACY_LIMITS.pointsPerShare), ADVOCACY_LIMITS.pointsPerShare),
    pointsPerClick: wholeNumber(t("advocacySettings.errors.pointsPerClick", ADVOCACY_LIMITS.pointsPerClick), ADVOCACY_LIMITS.pointsPerClick),
    dailyCap: wholeNumber(t("advocacySettings.errors.dailyCap", ADVOCACY_LIMITS.dailyCap), ADVOCACY_LIMITS.dailyCap),
    currency: z
      .string({ error: t("advocacySettings.errors.currency") })
      .trim()
      .regex(/^[A-Za-z]{3}$/, { error: t("advocacySettings.errors.currency") }),
    cpm: amount(t("advocacySettings.errors.cpm", rate)),
    cpc: amount(t("advocacySettings.errors.cpc", rate)),
    impressionsPerShare: wholeNumber(t("advocacySettings.errors.impressionsPerShare", ADVOCACY_LIMITS.impressionsPerShare), ADVOCACY_LIMITS.impressionsPerShare),
  });
}

/** Minor units shown as the form's major amount with two decimals ("10.00"). */
export function minorToAmount(minor: number): string {
  return (minor / 100).toFixed(2);
}

/** The analytics page's `days` parameter: 7, 30 or 90, 30 when missing. */
export function analyticsQuerySchema(t: Translate) {
  return z.object({
    days: z
      .enum(ANALYTICS_PERIODS.map(String) as [string, ...string[]], { error: t("analytics.badPeriod") })
      .optional()
      .transform((value) => (value === undefined ? DEFAULT_ANALYTICS_PERIOD : (Number(value) as AnalyticsPeriod))),
  });
}

/** The leaderboard opt-in of the preferences page. */
export const leaderboardToggleSchema = z.object({
  optIn: z.enum(["true", "false"]).transform((value) => value === "true"),
});
