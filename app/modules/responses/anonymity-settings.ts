import { z } from "zod";
import type { Translate } from "~/modules/i18n/translator";

/** The anonymity settings form (browser and action); `t` translates the `settings` namespace. */

export const MIN_BLOCK_SIZE_RANGE = { min: 3, max: 10 } as const;
export const RELEASE_DELAY_RANGE = { min: 1, max: 30 } as const;

function wholeNumberIn(range: { min: number; max: number }, message: string) {
  return z.coerce
    .number({ error: message })
    .int({ error: message })
    .min(range.min, { error: message })
    .max(range.max, { error: message });
}

export function anonymitySettingsSchema(t: Translate) {
  return z.object({
    minBlockSize: wholeNumberIn(MIN_BLOCK_SIZE_RANGE, t("anonymity.errors.minBlockSize", MIN_BLOCK_SIZE_RANGE)),
    releaseDelayDays: wholeNumberIn(RELEASE_DELAY_RANGE, t("anonymity.errors.releaseDelayDays", RELEASE_DELAY_RANGE)),
  });
}
