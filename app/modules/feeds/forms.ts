import { z } from "zod";
import type { Translate } from "~/modules/i18n/translator";
import { POST_LIMITS, SOURCE_LIMITS } from "./limits";

/**
 * The schemas of HR's feed forms (sources, company posts, feed settings), with messages in the
 * admin's language: the form edge of ADR 013, run by conform in the browser and in the actions.
 * The domain (sources.server, company-posts.server, settings.server) checks again with codes and
 * adds what a browser cannot know (an internal address, an address already a source).
 */

const httpUrl = (message: string, max: number) =>
  z
    .string({ error: message })
    .trim()
    .max(max, { error: message })
    .refine(
      (value) => {
        try {
          return ["http:", "https:"].includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      { error: message },
    );

const wholeNumber = (message: string, limits: { min: number; max: number }) =>
  z.coerce.number({ error: message }).int({ error: message }).min(limits.min, { error: message }).max(limits.max, { error: message });

export function sourceFormSchema(t: Translate) {
  return z.object({
    url: httpUrl(t("sources.errors.url"), SOURCE_LIMITS.url),
    name: z
      .string({ error: t("sources.errors.name", { max: SOURCE_LIMITS.name }) })
      .trim()
      .max(SOURCE_LIMITS.name, { error: t("sources.errors.name", { max: SOURCE_LIMITS.name }) }),
    kind: z.enum(["company", "external"], { error: t("sources.errors.kind") }),
    approval: z.enum(["auto", "review"], { error: t("sources.errors.approval") }),
    dailyItemLimit: wholeNumber(t("sources.errors.dailyItemLimit", SOURCE_LIMITS.dailyItemLimit), SOURCE_LIMITS.dailyItemLimit).optional(),
    expireAfterDays: wholeNumber(t("sources.errors.expireAfterDays", SOURCE_LIMITS.expireAfterDays), SOURCE_LIMITS.expireAfterDays).optional(),
  });
}

export function postFormSchema(t: Translate) {
  return z.object({
    title: z
      .string({ error: t("posts.errors.title", { max: POST_LIMITS.title }) })
      .trim()
      .max(POST_LIMITS.title, { error: t("posts.errors.title", { max: POST_LIMITS.title }) }),
    text: z.string().trim().max(POST_LIMITS.text, { error: t("posts.errors.text", { max: POST_LIMITS.text }) }).optional(),
    link: httpUrl(t("posts.errors.link"), POST_LIMITS.url).optional(),
    imageUrl: httpUrl(t("posts.errors.image"), POST_LIMITS.url).optional(),
    review: z.boolean().optional(),
  });
}

export function feedSettingsFormSchema(t: Translate) {
  const line = (key: string) =>
    z
      .string()
      .trim()
      .max(100, { error: t(key, { max: 100 }) })
      .refine((value) => !/[\r\n]/.test(value), { error: t(key, { max: 100 }) })
      .optional();
  return z.object({
    disclosureEn: line("settings.errors.disclosureEn"),
    disclosureFr: line("settings.errors.disclosureFr"),
    promotionalMaxPercent: wholeNumber(t("settings.errors.promotionalMaxPercent"), { min: 0, max: 100 }),
  });
}
