import { z } from "zod";
import { SUPPORTED_LOCALES } from "~/modules/i18n/config";
import type { Translate } from "~/modules/i18n/translator";
import type { NewsletterFrequency } from "../../../db/schema";
import { CONSENT_PURPOSES } from "./consents";
import { EMAIL_MAX_LENGTH } from "./profile";

/**
 * The preference centre's forms (docs/decisions/032), shared by the browser and the actions. Messages
 * come from the `preferences` namespace.
 */

/**
 * How often the newsletter may come. `monthly`: the first issue of each calendar month (in the
 * company's time zone) that the person is in the audience of; later issues of that month are skipped
 * for them (newsletter/audience.server.ts).
 */
export const NEWSLETTER_FREQUENCIES = ["every_issue", "monthly"] as const satisfies readonly NewsletterFrequency[];

export const frequencySchema = z.object({
  intent: z.literal("frequency"),
  frequency: z.enum(NEWSLETTER_FREQUENCIES),
});

export const languageSchema = z.object({
  intent: z.literal("language"),
  language: z.enum(SUPPORTED_LOCALES),
});

/** The new personal address; "not the current one" is checked by the action, which knows it. */
export function emailChangeSchema(t: Translate) {
  return z.object({
    intent: z.literal("emailChange"),
    newEmail: z
      .string({ error: t("validation.emailRequired") })
      .trim()
      .min(1, { error: t("validation.emailRequired"), abort: true })
      .max(EMAIL_MAX_LENGTH, { error: t("validation.emailTooLong", { max: EMAIL_MAX_LENGTH }), abort: true })
      .pipe(z.email({ error: t("validation.emailInvalid") })),
  });
}

/** The no-sign-in page's only change: turning one purpose off. */
export const footerWithdrawSchema = z.object({
  purpose: z.enum(CONSENT_PURPOSES),
});
