import { z } from "zod";
import type { Translate } from "~/modules/i18n/translator";

/**
 * The suppressions page's forms (HR), shared by the browser (conform's instant checks) and the
 * action: look an address up, suppress one by hand with a note, lift one.
 */

export const SUPPRESSION_NOTE_MAX = 500;

function emailField(t: Translate) {
  return z
    .string({ error: t("suppressions.errors.emailRequired") })
    .trim()
    .min(1, { error: t("suppressions.errors.emailRequired"), abort: true })
    .max(254, { error: t("suppressions.errors.emailInvalid"), abort: true })
    .pipe(z.email({ error: t("suppressions.errors.emailInvalid") }));
}

export function addSuppressionSchema(t: Translate) {
  return z.object({
    email: emailField(t),
    note: z
      .string()
      .trim()
      .max(SUPPRESSION_NOTE_MAX, { error: t("suppressions.errors.noteTooLong") })
      .optional(),
  });
}

export function liftSuppressionSchema(t: Translate) {
  return z.object({ email: emailField(t) });
}

export function searchSuppressionSchema(t: Translate) {
  return z.object({ email: emailField(t) });
}
