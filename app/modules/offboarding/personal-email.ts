import { z } from "zod";
import { emailSchema } from "./schemas";
import type { Translate } from "~/modules/i18n/translator";

/**
 * HR's form for a departure's personal address, on the departure page: after the last day the work
 * mailbox is closed and the exit flow's emails can only go there (invitation-emails.server). Shared
 * by the browser (conform) and the action. An empty field removes the address. `t` translates the
 * `offboarding` namespace.
 */
export function personalEmailFormSchema(t: Translate, workEmail: string) {
  return z.object({
    personalEmail: emailSchema(t, "personalEmail")
      .optional()
      // The work address would stop working with everything else after the last day.
      .refine((value) => value === undefined || value.toLowerCase() !== workEmail.trim().toLowerCase(), {
        error: t("validation.personalEmailIsWork"),
      }),
  });
}

export type PersonalEmailForm = z.output<ReturnType<typeof personalEmailFormSchema>>;
