import { z } from "zod";
import type { Translate } from "~/modules/i18n/translator";
import type { ReasonCode, ReasonValues } from "./formula";

/**
 * The one-line reason of a score, stored as a code and its values (`advocacy_scores.reason_code`,
 * `reason_values`) and put into words where it is shown, in the reader's language:
 * "scored 9 at exit; 3 shares in 90 days", « a noté 9 à la sortie ; 3 partages en 90 jours ».
 * The main clause comes first, then each count that is not zero, then the comments' tone when the
 * main clause is not already about it. Pure, so the page, the CSV and the tests share it.
 */

export const REASON_CODES = ["npsExit", "npsPulse", "comments", "engagement", "noSignals"] as const satisfies readonly ReasonCode[];

const count = z.number().int().min(0).catch(0);

/** Stored values, read defensively: a value of an unexpected shape is dropped, not fatal. */
export const reasonValuesSchema = z.object({
  nps: z.number().int().min(0).max(10).optional().catch(undefined),
  tone: z.enum(["positive", "neutral", "negative"]).optional().catch(undefined),
  shares: count,
  earnedClicks: count,
  newsletterClicks: count,
  days: z.number().int().min(1).catch(90),
});

export interface StoredReason {
  code: string;
  values: unknown;
}

export interface ReasonClause {
  /** A key of the `scoring` namespace. */
  key: string;
  values: Record<string, string | number>;
}

function parseReason(reason: StoredReason): { code: ReasonCode; values: ReasonValues } {
  const code = (REASON_CODES as readonly string[]).includes(reason.code) ? (reason.code as ReasonCode) : "noSignals";
  const raw = typeof reason.values === "string" ? safeJson(reason.values) : reason.values;
  const parsed = reasonValuesSchema.safeParse(raw ?? {});
  const values = parsed.success ? parsed.data : { shares: 0, earnedClicks: 0, newsletterClicks: 0, days: 90 };
  return { code, values };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function reasonClauses(reason: StoredReason): ReasonClause[] {
  const { code, values } = parseReason(reason);
  const clauses: ReasonClause[] = [];
  if ((code === "npsExit" || code === "npsPulse") && values.nps !== undefined) clauses.push({ key: `reason.${code}`, values: { score: values.nps } });
  if (code === "comments" && values.tone) clauses.push({ key: `reason.tone.${values.tone}`, values: {} });
  if (code === "noSignals") clauses.push({ key: "reason.noSignals", values: {} });
  if (values.shares > 0) clauses.push({ key: "reason.shares", values: { count: values.shares, days: values.days } });
  if (values.earnedClicks > 0) clauses.push({ key: "reason.earnedClicks", values: { count: values.earnedClicks, days: values.days } });
  if (values.newsletterClicks > 0) clauses.push({ key: "reason.newsletterClicks", values: { count: values.newsletterClicks, days: values.days } });
  if (code !== "comments" && values.tone) clauses.push({ key: `reason.tone.${values.tone}`, values: {} });
  // Engagement older than the window, and nothing else: say so rather than show an empty line.
  if (clauses.length === 0) clauses.push({ key: "reason.olderActivity", values: { days: values.days } });
  return clauses;
}

/** The reason as one line in the translator's language (`t` of the `scoring` namespace). */
export function reasonText(t: Translate, reason: StoredReason): string {
  return reasonClauses(reason)
    .map((clause) => t(clause.key, clause.values))
    .join(t("reason.separator"));
}
