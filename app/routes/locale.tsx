import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { getOptionalUser, safeRedirectPath } from "~/modules/auth/session.server";
import { setUserLocale } from "~/modules/auth/users.server";
import { SUPPORTED_LOCALES } from "~/modules/i18n/config";
import { getFixedT, serializeLocaleCookie, resolveLocale } from "~/modules/i18n/i18n.server";
import { getDb } from "~/utils/db.server";

const LocaleForm = z.object({
  locale: z.enum(SUPPORTED_LOCALES),
  redirectTo: z.string().optional(),
});

/**
 * The language switcher posts here: remember the choice (a cookie for everyone, and the signed-in
 * user's setting so that emails follow it too), then go back to the page, never to another site.
 */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = LocaleForm.safeParse(Object.fromEntries(await request.formData()));
  const user = await getOptionalUser(request);
  if (!parsed.success) {
    const t = await getFixedT(await resolveLocale(request, user?.locale));
    return new Response(t("language.invalid"), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  if (user) await setUserLocale(getDb(), user.id, parsed.data.locale);
  return redirect(safeRedirectPath(parsed.data.redirectTo), {
    headers: { "Set-Cookie": await serializeLocaleCookie(parsed.data.locale) },
  });
}

/** A bookmarked or reloaded /locale has nothing to show. */
export function loader() {
  return redirect("/");
}
