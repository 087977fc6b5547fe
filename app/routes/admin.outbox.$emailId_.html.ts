import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { EMAIL_PREVIEW_HEADERS, emailIdSchema, findOutboxEmailHtml, previewHtml } from "~/modules/email/outbox.server";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/responses";

/**
 * The stored HTML of one email, for the outbox page's sandboxed iframe. It carries its own strict
 * headers (no scripts, framable by the portal only) instead of the pages' defaults.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireHrAdmin(request);
  const id = emailIdSchema.safeParse(params.emailId);
  const html = id.success ? await findOutboxEmailHtml(getDb(), id.data) : undefined;
  if (html === undefined) throw notFound("No email with this id.");
  return new Response(previewHtml(html), { status: 200, headers: EMAIL_PREVIEW_HEADERS });
}
