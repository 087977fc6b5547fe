import { requireUser, type SessionUser } from "~/modules/auth/session.server";
import { resolveLocale } from "~/modules/i18n/i18n.server";
import { translator, type Translate } from "~/modules/i18n/translator";
import type { AppLocale } from "~/modules/i18n/config";
import { QUESTION_ID_PATTERN } from "./definition";
import type { SurveyActor } from "./builder.server";
import { notFound } from "~/utils/responses";

/**
 * What every builder route does first: only HR admins pass (others get 403), and the action's
 * messages come in the admin's language.
 */
export async function requireSurveyAdmin(
  request: Request,
): Promise<{ admin: SessionUser; locale: AppLocale; t: Translate; actor: SurveyActor }> {
  const admin = await requireUser(request, { role: "hr_admin" });
  const locale = await resolveLocale(request, admin.locale);
  const t = translator(locale, "surveys");
  return { admin, locale, t, actor: { actorUserId: admin.id, t, locale } };
}

/** A question id from the address: anything that cannot be one is a 404 before any work. */
export function requireQuestionIdParam(value: string | undefined): string {
  if (!value || !QUESTION_ID_PATTERN.test(value)) throw notFound();
  return value;
}
