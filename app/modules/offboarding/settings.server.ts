import type { Submission } from "@conform-to/react";
import { json } from "@remix-run/node";
import { requireHrAdmin, type Visitor } from "~/modules/auth/guards.server";
import type { AppLocale } from "~/modules/i18n/config";
import { failureReply, failureStatus } from "~/modules/i18n/failure-reply.server";
import { translator, type Translate } from "~/modules/i18n/translator";
import { isDomainFailure } from "~/utils/failures";
import { notFound } from "~/utils/responses";

/**
 * What every settings route does first: only HR admins pass, and the messages of its action come
 * in the admin's language (`t` for the settings namespace, `tOffboarding` for the shared task
 * definition schema).
 */
export async function requireSettingsAdmin(request: Request): Promise<Visitor & { tOffboarding: Translate }> {
  const visitor = await requireHrAdmin(request, "settings");
  return { ...visitor, tOffboarding: translator(visitor.locale, "offboarding") };
}

/**
 * The form edge of a settings change (ADR 013): runs it and turns its refusal into the form's
 * answer, the messages beside the fields (or above the form) in the admin's language with status
 * 400, or a 404 page when the record is gone. Anything else is a real error.
 */
export async function runSettingsChange<T>(
  submission: Submission<unknown>,
  locale: AppLocale,
  extra: Record<string, unknown>,
  change: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  try {
    return { ok: true, value: await change() };
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    if (error.kind === "notFound") throw notFound();
    const result = failureReply(submission, error, locale);
    return { ok: false, response: json({ ...extra, result }, { status: failureStatus(error) }) };
  }
}

/** The confirmation a page shows after a redirect (`?notice=…`), if it is one the page knows. */
export function noticeFrom(request: Request, known: readonly string[]): string | null {
  const notice = new URL(request.url).searchParams.get("notice");
  return notice && known.includes(notice) ? notice : null;
}
