import type { TFunction } from "i18next";
import type { AppLocale } from "~/modules/i18n/config";
import { resolveLocale } from "~/modules/i18n/i18n.server";
import { translator, type Namespace } from "~/modules/i18n/translator";
import { requireUser, type SessionUser } from "./session.server";
import type { Role } from "./users.server";

/** Who is asking, in which language, and a translate function for the messages the action writes. */
export interface Visitor {
  user: SessionUser;
  locale: AppLocale;
  t: TFunction;
}

/**
 * The preamble of every signed-in loader and action: anonymous visitors go to sign in (and come back),
 * other roles get 403, and the messages come in the user's language — their setting, then the cookie,
 * then the browser, as the page itself chooses.
 *
 *   const { user, locale, t } = await requireRole(request, INBOX_ROLES, "tasks");
 */
export async function requireRole(request: Request, role: Role | readonly Role[], namespace: Namespace = "common"): Promise<Visitor> {
  const user = await requireUser(request, { role });
  const locale = await resolveLocale(request, user.locale);
  return { user, locale, t: translator(locale, namespace) };
}

/** HR pages: only HR admins pass. */
export function requireHrAdmin(request: Request, namespace: Namespace = "admin"): Promise<Visitor> {
  return requireRole(request, "hr_admin", namespace);
}
