import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { EMAIL_PREVIEW_HEADERS, previewHtml } from "~/modules/email/outbox.server";
import { issuePreviewHtml } from "~/modules/newsletter/preview.server";
import { getDb } from "~/utils/db.server";
import { isDomainFailure } from "~/utils/failures";
import { isUuid } from "~/utils/ids";
import { failureText } from "~/modules/i18n/failure-text";
import { notFound } from "~/utils/responses";

/**
 * The issue's email as HTML, for the Compose tab's sandboxed frames (`?lang=en|fr`, else the
 * editor's language): the outbox's strict headers (no script, framable by the portal only).
 */
const escapeHtml = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const querySchema = z.object({ lang: z.enum(["en", "fr"]).optional().catch(undefined) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale } = await requireHrAdmin(request, "newsletter");
  if (!isUuid(params.issueId)) throw notFound("No newsletter issue with this id.");
  const { lang } = querySchema.parse({ lang: new URL(request.url).searchParams.get("lang") ?? undefined });
  try {
    const html = await issuePreviewHtml(getDb(), params.issueId, lang ?? locale);
    return new Response(previewHtml(html), { status: 200, headers: EMAIL_PREVIEW_HEADERS });
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    if (error.kind === "notFound") throw notFound("No newsletter issue with this id.");
    // Refused (no COMPANY_ADDRESS in production): said in words inside the frame, not a 500.
    const message = error.failures.map((failure) => failureText(failure, locale)).join(" ");
    return new Response(previewHtml(`<!DOCTYPE html><html><head></head><body><p>${escapeHtml(message)}</p></body></html>`), { status: 409, headers: EMAIL_PREVIEW_HEADERS });
  }
}
