import type { Submission } from "@conform-to/react";
import { json } from "@remix-run/node";
import { requireUser, type SessionUser } from "~/modules/auth/session.server";
import { resolveLocale } from "~/modules/i18n/i18n.server";
import { translator, type Translate } from "~/modules/i18n/translator";
import type { AppLocale } from "~/modules/i18n/config";
import { notFound } from "~/utils/responses";
import { SettingsValidationError, SettingsNotFoundError } from "~/utils/settings-errors";

/**
 * What every settings route does first: only HR admins pass, and the messages of its action come
 * in the admin's language (`t` for the settings namespace, `tOffboarding` for the shared task
 * definition schema).
 */
export async function requireSettingsAdmin(
  request: Request,
): Promise<{ admin: SessionUser; locale: AppLocale; t: Translate; tOffboarding: Translate }> {
  const admin = await requireUser(request, { role: "hr_admin" });
  const locale = await resolveLocale(request, admin.locale);
  return { admin, locale, t: translator(locale, "settings"), tOffboarding: translator(locale, "offboarding") };
}

/**
 * Runs a settings change and turns its refusals into the form's answer: a 400 with the errors beside
 * the fields (or above the form), or a 404 when the record is gone. Anything else is a real error.
 */
export async function runSettingsChange<T>(
  submission: Submission<unknown>,
  extra: Record<string, unknown>,
  change: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  try {
    return { ok: true, value: await change() };
  } catch (error) {
    if (error instanceof SettingsValidationError) {
      const result = submission.reply({
        fieldErrors: error.fieldErrors,
        formErrors: error.formErrors.length > 0 ? error.formErrors : undefined,
      });
      return { ok: false, response: json({ ...extra, result }, { status: 400 }) };
    }
    if (error instanceof SettingsNotFoundError) throw notFound();
    throw error;
  }
}

/** The confirmation a page shows after a redirect (`?notice=…`), if it is one the page knows. */
export function noticeFrom(request: Request, known: readonly string[]): string | null {
  const notice = new URL(request.url).searchParams.get("notice");
  return notice && known.includes(notice) ? notice : null;
}
