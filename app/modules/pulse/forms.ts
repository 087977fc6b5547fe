import { z } from "zod";
import type { Translate } from "~/modules/i18n/translator";
import type { StatusTone } from "~/utils/status-tone";
import type { PulseStatus } from "../../../db/schema";
import { PULSE_COMMENT_MAX } from "./pulse-survey";

/**
 * The pulse's form schemas: plain .ts, so conform runs the same schema in the browser and in the
 * action. Messages come from the `pulse` namespace through `t`; each names its field.
 */

const SCORE = /^(10|[0-9])$/;

/** `?score=N` on the answer page's link: 0–10, else nothing preselected. */
export function scoreFromQuery(value: string | null): number | null {
  return value !== null && SCORE.test(value) ? Number(value) : null;
}

/** The answer page's form: a score 0–10 (required) and a comment (optional, at most 5000 characters). */
export function pulseAnswerSchema(t: Translate) {
  return z.object({
    score: z
      .string({ message: t("answer.errors.scoreRequired") })
      .regex(SCORE, { message: t("answer.errors.scoreRequired") })
      .transform(Number),
    comment: z
      .string()
      .max(PULSE_COMMENT_MAX, { message: t("answer.errors.commentTooLong", { max: PULSE_COMMENT_MAX }) })
      .optional()
      .transform((value) => value ?? ""),
  });
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** HR's "schedule a pulse" form; the domain checks the rest (the survey, the days, the time). */
export function schedulePulseSchema(t: Translate) {
  return z.object({
    surveyId: z.uuid({ message: t("admin.errors.surveyRequired") }),
    day: z.string({ message: t("admin.errors.dayRequired") }).regex(DAY, { message: t("admin.errors.dayRequired") }),
    time: z.string({ message: t("admin.errors.timeRequired") }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: t("admin.errors.timeRequired") }),
    closesOn: z.string({ message: t("admin.errors.closesOnRequired") }).regex(DAY, { message: t("admin.errors.closesOnRequired") }),
  });
}

/** How each pulse status stands out on HR's pages. */
export const PULSE_STATUS_TONES = {
  scheduled: "info",
  sending: "info",
  open: "success",
  closed: "neutral",
  cancelled: "neutral",
} as const satisfies Record<PulseStatus, StatusTone>;
