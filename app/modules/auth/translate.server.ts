import { getFixedT, resolveLocale } from "~/modules/i18n/i18n.server";
import type { AppLocale } from "~/modules/i18n/config";
import type { Translate } from "~/modules/i18n/translator";

/**
 * The language and `auth` translations for an action's messages (validation errors, throttling),
 * chosen as the page itself chooses: the user's setting, then the cookie, then the browser.
 */
export async function authTranslator(
  request: Request,
  userLocale?: string | null,
): Promise<{ locale: AppLocale; t: Translate }> {
  const locale = await resolveLocale(request, userLocale);
  const t = await getFixedT(locale, "auth");
  return { locale, t: (key, options) => t(key, options) as string };
}
