import { z } from "zod";
import type { Translate } from "~/modules/i18n/translator";

/** "Delete my account": the person ticks that they understand; the box's absence names the field. */
export function selfErasureSchema(t: Translate) {
  return z.object({
    confirm: z.literal("yes", { error: () => t("dataDelete.confirmRequired") }),
  });
}
