import { z } from "zod";
import type { Translate } from "~/modules/i18n/translator";
import type { StatusTone } from "~/utils/status-tone";
import type { NewsletterIssueStatus } from "../../../db/schema";

/**
 * The newsletter's form schemas and limits (issue 12): plain .ts, so conform runs the same schema in
 * the browser and in the action. Messages come from the `newsletter` namespace through `t`.
 */

export const ISSUE_LIMITS = { subject: 200, preheader: 300, intro: 20_000, sectionTitle: 200, search: 100 } as const;

/** How many approved items the Compose tab offers at once; a search narrows them. */
export const CANDIDATE_LIMIT = 30;

/** Only a draft or a scheduled issue can change; sending, sent, cancelled or stopped ones cannot. */
export const EDITABLE_STATUSES = ["draft", "scheduled"] as const satisfies readonly NewsletterIssueStatus[];

export function isEditableStatus(status: NewsletterIssueStatus): boolean {
  return (EDITABLE_STATUSES as readonly string[]).includes(status);
}

/** A subject is one line: it becomes a mail header. */
const oneLine = /^[^\r\n]*$/;

function optionalText(t: Translate, max: number, key: string) {
  return z
    .string()
    .trim()
    .max(max, { message: t(key, { max }) })
    .optional()
    .transform((value) => value ?? "");
}

/**
 * The texts of both languages in one form. English is required; French is optional as a whole: an
 * empty French subject means "use the English texts" (its preheader and intro must then be empty
 * too, or the French reader would get English chrome with half-French content).
 */
export function issueTextsSchema(t: Translate) {
  const subject = (language: "en" | "fr") =>
    z
      .string({ message: t("compose.errors.subjectRequired") })
      .trim()
      .min(1, { message: t("compose.errors.subjectRequired") })
      .max(ISSUE_LIMITS.subject, { message: t("compose.errors.subjectTooLong", { max: ISSUE_LIMITS.subject }) })
      .regex(oneLine, { message: t("compose.errors.subjectOneLine") })
      .describe(language);
  return z
    .object({
      intent: z.literal("texts"),
      subjectEn: subject("en"),
      preheaderEn: optionalText(t, ISSUE_LIMITS.preheader, "compose.errors.preheaderTooLong"),
      introEn: optionalText(t, ISSUE_LIMITS.intro, "compose.errors.introTooLong"),
      subjectFr: subject("fr").optional(),
      preheaderFr: optionalText(t, ISSUE_LIMITS.preheader, "compose.errors.preheaderTooLong"),
      introFr: optionalText(t, ISSUE_LIMITS.intro, "compose.errors.introTooLong"),
    })
    .superRefine((value, ctx) => {
      if (!value.subjectFr && (value.preheaderFr || value.introFr)) {
        ctx.addIssue({ code: "custom", path: ["subjectFr"], message: t("compose.errors.frenchSubjectRequired") });
      }
    });
}

export type IssueTextsInput = z.output<ReturnType<typeof issueTextsSchema>>;

/** The new-issue form: only the English subject; the rest is written on the Compose tab. */
export function newIssueSchema(t: Translate) {
  return z.object({
    subject: z
      .string({ message: t("compose.errors.subjectRequired") })
      .trim()
      .min(1, { message: t("compose.errors.subjectRequired") })
      .max(ISSUE_LIMITS.subject, { message: t("compose.errors.subjectTooLong", { max: ISSUE_LIMITS.subject }) })
      .regex(oneLine, { message: t("compose.errors.subjectOneLine") }),
  });
}

export function sectionSchema(t: Translate) {
  const title = z
    .string({ message: t("compose.errors.sectionTitleRequired") })
    .trim()
    .min(1, { message: t("compose.errors.sectionTitleRequired") })
    .max(ISSUE_LIMITS.sectionTitle, { message: t("compose.errors.sectionTitleTooLong", { max: ISSUE_LIMITS.sectionTitle }) });
  return z.object({
    intent: z.enum(["addSection", "editSection"]),
    sectionId: z.uuid().optional(),
    titleEn: title,
    titleFr: title.optional(),
  });
}

export type SectionInput = z.output<ReturnType<typeof sectionSchema>>;

/** The small buttons of the Compose tab: each names what it acts on. */
export const composeButtonSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("addItem"), sectionId: z.uuid(), feedItemId: z.uuid() }),
  z.object({ intent: z.literal("removeItem"), sectionId: z.uuid(), feedItemId: z.uuid() }),
  z.object({ intent: z.literal("moveItem"), sectionId: z.uuid(), feedItemId: z.uuid(), direction: z.enum(["up", "down"]) }),
  z.object({ intent: z.literal("moveSection"), sectionId: z.uuid(), direction: z.enum(["up", "down"]) }),
  z.object({ intent: z.literal("removeSection"), sectionId: z.uuid() }),
  z.object({ intent: z.literal("duplicate") }),
  z.object({ intent: z.literal("sendTest") }),
  // The pulse block: an open pulse's id, or "" for none.
  z.object({ intent: z.literal("pulse"), pulseId: z.union([z.uuid(), z.literal("")]) }),
]);

export type ComposeButton = z.output<typeof composeButtonSchema>;

/** `?q=` of the approved items' list on the Compose tab; anything else is ignored. */
export const candidateQuerySchema = z.object({
  q: z.string().trim().max(ISSUE_LIMITS.search).optional().catch(undefined),
});

/** The badge tone of each status on HR's pages. */
export const ISSUE_STATUS_TONES = {
  draft: "neutral",
  scheduled: "info",
  sending: "info",
  paused: "warning",
  sent: "success",
  cancelled: "neutral",
  stopped: "danger",
} as const satisfies Record<NewsletterIssueStatus, StatusTone>;
