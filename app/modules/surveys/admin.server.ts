import type { Submission } from "@conform-to/react";
import { json } from "@remix-run/node";
import { requireHrAdmin, type Visitor } from "~/modules/auth/guards.server";
import type { AppLocale } from "~/modules/i18n/config";
import { failureReply, failureStatus } from "~/modules/i18n/failure-reply.server";
import { isDomainFailure } from "~/utils/failures";
import { QUESTION_ID_PATTERN } from "./definition";
import type { SurveyActor } from "./builder.server";
import { notFound } from "~/utils/responses";

/**
 * What every builder route does first: only HR admins pass (others get 403), the page's messages
 * come in the admin's language (`surveys` namespace), and the actor the builder audits.
 */
export async function requireSurveyAdmin(request: Request): Promise<Visitor & { actor: SurveyActor }> {
  const visitor = await requireHrAdmin(request, "surveys");
  return { ...visitor, actor: { actorUserId: visitor.user.id } };
}

/** A question id from the address: anything that cannot be one is a 404 before any work. */
export function requireQuestionIdParam(value: string | undefined): string {
  if (!value || !QUESTION_ID_PATTERN.test(value)) throw notFound();
  return value;
}

/**
 * Runs a builder change for a form: a refusal comes back as the form's errors in the admin's
 * language (400), a survey or question that is gone as the 404 page. `extra` goes beside the result
 * (the intent, so the page shows the errors beside the right section).
 */
export async function runSurveyChange<T>(
  submission: Submission<unknown>,
  extra: Record<string, unknown>,
  locale: AppLocale,
  change: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  try {
    return { ok: true, value: await change() };
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    if (error.kind === "notFound") throw notFound();
    return { ok: false, response: json({ ...extra, result: failureReply(submission, error, locale) }, { status: failureStatus(error) }) };
  }
}
