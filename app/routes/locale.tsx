import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { getOptionalUser, safeRedirectPath } from "~/modules/auth/session.server";
import { setUserLocale } from "~/modules/auth/users.server";
import { SUPPORTED_LOCALES } from "~/modules/i18n/config";
import { localeCookie } from "~/modules/i18n/i18n.server";
import { getDb } from "~/utils/db.server";

const LocaleForm = z.object({
  locale: z.enum(SUPPORTED_LOCALES, { message: "Choose English (en) or French (fr)." }),
  redirectTo: z.string().optional(),
});

/** The language switcher posts here: remember the choice (cookie, and the user's setting), go back. */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = LocaleForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return new Response(parsed.error.issues.map((i) => i.message).join(" "), { status: 400 });
  }
  const user = await getOptionalUser(request);
  if (user) await setUserLocale(getDb(), user.id, parsed.data.locale);
  return redirect(safeRedirectPath(parsed.data.redirectTo), {
    headers: { "Set-Cookie": await localeCookie.serialize(parsed.data.locale) },
  });
}

export function loader() {
  return redirect("/");
}
