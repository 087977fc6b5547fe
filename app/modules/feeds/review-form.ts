import { z } from "zod";
import type { Translate } from "~/modules/i18n/translator";
import type { ShareNetwork } from "../../../db/schema";
import { SHARE_LANGUAGES, SHARE_NETWORKS, SHARE_TEXT_MAX, shareTextField, type ShareTextField } from "./share-limits";

/**
 * The review pages' form schemas (ADR 013: the form edge), run by conform in the browser and by the
 * actions. They check what a browser can: required texts and plain lengths. The X rule (280 with
 * the link as 23 and the disclosure line) needs X's counter and is the domain's check on approval
 * (share-texts.ts), answered beside the X field.
 */

/** The longest summary HR may write (a company post's text has the same limit). */
export const SUMMARY_MAX = 5000;

/**
 * The plain length a form accepts: X's is a bound on the request only, since X counts links as 23
 * whatever their length; its real rule is the domain's, which answers with the X weight.
 */
export function formMax(network: ShareNetwork): number {
  return network === "x" ? X_FORM_MAX : SHARE_TEXT_MAX[network];
}
const X_FORM_MAX = 1000;

export function approvalFormSchema(t: Translate) {
  const texts = Object.fromEntries(
    SHARE_NETWORKS.flatMap((network) =>
      SHARE_LANGUAGES.map((language) => [
        shareTextField(network, language),
        z
          .string({ error: t("item.textRequired") })
          .trim()
          .min(1, { error: t("item.textRequired") })
          .max(formMax(network), { error: t("item.textTooLong", { max: formMax(network) }) }),
      ]),
    ),
  ) as Record<ShareTextField, z.ZodString>;
  return z.object({
    summary: z.string().trim().max(SUMMARY_MAX, { error: t("item.summaryTooLong", { max: SUMMARY_MAX }) }).optional(),
    ...texts,
  });
}

/** The queue's one form: the selected items and the decision, or one item's own button. */
export function bulkFormSchema(t: Translate) {
  return z.object({
    decision: z.enum(["approve", "reject"], { error: t("review.decisionInvalid") }),
    ids: z.array(z.string(), { error: t("review.nothingSelected") }).min(1, { error: t("review.nothingSelected") }),
  });
}
