import { z } from "zod";
import type { Translate } from "~/modules/i18n/translator";

/**
 * The openings domain's form schemas (plain .ts: conform runs them in the browser and the action).
 * Messages come from the `openings` namespace through `t`; each names its field and says what to do.
 */

export const OPENING_TITLE_MAX = 200;
export const OPENING_LOCATION_MAX = 200;
export const OPENING_DESCRIPTION_MAX = 5000;
export const OPENING_URL_MAX = 2048;
export const BOOMERANG_NOTE_MAX = 500;

/** An absolute https address with a host and no credentials: where a candidate applies. */
export function isHttpsUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === "https:" && url.hostname !== "" && url.username === "" && url.password === "";
}

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, { message })
    .optional()
    .transform((value) => value ?? "");

/** HR's opening form: an English title (French optional), department, location, https link, descriptions. */
export function openingSchema(t: Translate) {
  return z.object({
    titleEn: z
      .string({ message: t("form.errors.titleRequired") })
      .trim()
      .min(1, { message: t("form.errors.titleRequired") })
      .max(OPENING_TITLE_MAX, { message: t("form.errors.titleTooLong", { max: OPENING_TITLE_MAX }) }),
    titleFr: optionalText(OPENING_TITLE_MAX, t("form.errors.titleTooLong", { max: OPENING_TITLE_MAX })),
    departmentId: z.uuid({ message: t("form.errors.departmentRequired") }),
    location: z
      .string({ message: t("form.errors.locationRequired") })
      .trim()
      .min(1, { message: t("form.errors.locationRequired") })
      .max(OPENING_LOCATION_MAX, { message: t("form.errors.locationTooLong", { max: OPENING_LOCATION_MAX }) }),
    externalUrl: z
      .string({ message: t("form.errors.externalUrlRequired") })
      .trim()
      .max(OPENING_URL_MAX, { message: t("form.errors.externalUrlInvalid") })
      .refine(isHttpsUrl, { message: t("form.errors.externalUrlInvalid") }),
    descriptionEn: optionalText(OPENING_DESCRIPTION_MAX, t("form.errors.descriptionTooLong", { max: OPENING_DESCRIPTION_MAX })),
    descriptionFr: optionalText(OPENING_DESCRIPTION_MAX, t("form.errors.descriptionTooLong", { max: OPENING_DESCRIPTION_MAX })),
  });
}

export type OpeningInput = z.infer<ReturnType<typeof openingSchema>>;

/** The alumni page's boomerang form: an optional note of at most 500 characters. */
export function boomerangSchema(t: Translate) {
  return z.object({
    note: optionalText(BOOMERANG_NOTE_MAX, t("boomerang.errors.noteTooLong", { max: BOOMERANG_NOTE_MAX })),
  });
}

export const REHIRE_FILTERS = ["yes", "no", "unknown"] as const;
export type RehireFilter = (typeof REHIRE_FILTERS)[number];
