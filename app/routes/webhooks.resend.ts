import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveResendWebhook, WEBHOOK_REFUSAL_TEXT, WEBHOOK_STATUS } from "~/modules/newsletter/resend-webhooks.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

/**
 * `POST /webhooks/resend`: Resend's delivery reports (docs/decisions/024; README "Resend webhooks").
 * The request guard hands over the body as received (webhooks judge their own bodies), and
 * `request.text()` is those bytes as UTF-8: the signature is checked on exactly what Resend signed.
 * Answers 200 with no body when applied (or repeated, ignored, unknown); a refusal (400 unreadable,
 * 401 bad signature, 503 when no secret is configured) says why in plain text.
 */

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  const outcome = await receiveResendWebhook(getDb(), {
    payload: await request.text(),
    headers: request.headers,
    secret: getEnv().RESEND_WEBHOOK_SECRET,
  });
  const refusal = WEBHOOK_REFUSAL_TEXT[outcome];
  return new Response(refusal ? `${refusal}\n` : null, {
    status: WEBHOOK_STATUS[outcome],
    headers: { "Cache-Control": "no-store", ...(refusal ? { "Content-Type": "text/plain; charset=utf-8" } : {}) },
  });
}

export function loader() {
  return methodNotAllowed();
}

function methodNotAllowed() {
  return new Response("Method Not Allowed\n", { status: 405, headers: { Allow: "POST", "Content-Type": "text/plain" } });
}
