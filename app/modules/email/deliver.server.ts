import { Resend } from "resend";
import { logger } from "~/modules/platform/logger.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import type { Email } from "../../../db/schema";
import { holdOffProvider, takeProviderToken } from "./provider-rate-limit.server";
import { openEmailContent, type EmailContent } from "./sealed-content.server";

/** How many times delivery is tried in all: the first try and pg-boss's retries (see send-email-job). */
export const EMAIL_SEND_RETRY_LIMIT = 8;
export const EMAIL_SEND_MAX_ATTEMPTS = EMAIL_SEND_RETRY_LIMIT + 1;

/** The part of the Resend SDK's answer we look at (it never throws; it returns `error`). */
interface ProviderError {
  name?: string;
  message?: string;
  statusCode?: number | null;
}

/** Thrown for failures worth retrying: pg-boss catches it and tries again with backoff. */
export class TransientEmailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TransientEmailError";
  }
}

export type DeliveryOutcome = "sent" | "captured" | "failed" | "skipped";

/**
 * Retrying helps when the provider is unreachable (statusCode null), busy (429, which covers the
 * per-second rate limit and the daily quota), broken (5xx), or still handling the same idempotency
 * key from an earlier attempt. Every other answer (validation, bad key, bad sender) will be the same
 * next time.
 */
export function isTransient(error: ProviderError): boolean {
  const status = error.statusCode ?? null;
  if (status === null) return true;
  if (status === 429 || status >= 500) return true;
  return error.name === "concurrent_idempotent_requests";
}

function describe(error: ProviderError): string {
  return `${error.statusCode ?? "network"} ${error.name ?? "error"}: ${error.message ?? "no message"}`.slice(0, 1000);
}

/**
 * Delivers one stored email. Safe to run more than once (pg-boss delivers at least once): a row that
 * is no longer queued is left alone, and Resend's idempotency key "email/<id>" makes a repeated send
 * return the first message's id instead of sending again.
 *
 * When the stored copy had its secret links removed, what is sent is the sealed deliverable body,
 * opened here and nowhere else; it is erased (set to null) in the same update that records that the
 * provider accepted the message or that delivery failed for good, so that it lives no longer than the
 * retries need it. Without RESEND_API_KEY the message is only captured in the outbox (shown to HR
 * admins) and the sealed body, which nobody will receive, is erased at once.
 */
export async function deliverEmail(emailId: string): Promise<DeliveryOutcome> {
  const db = getDb();
  const email = await db.selectFrom("emails").selectAll().where("id", "=", emailId).executeTakeFirst();
  if (!email) {
    logger.warn({ emailId }, "email to deliver not found");
    return "skipped";
  }
  if (email.status !== "queued") {
    logger.info({ emailId, status: email.status }, "email already handled, not delivering again");
    return "skipped";
  }

  const env = getEnv();
  if (!env.RESEND_API_KEY) {
    await db
      .updateTable("emails")
      .set({ status: "captured", transport: "outbox", sent_at: new Date(), attempts: email.attempts + 1, sealed_content: null })
      .where("id", "=", emailId)
      .where("status", "=", "queued")
      .execute();
    logger.info({ emailId, template: email.template }, "email captured in the outbox (no RESEND_API_KEY)");
    return "captured";
  }

  const attempts = email.attempts + 1;
  await db.updateTable("emails").set({ attempts, transport: "resend" }).where("id", "=", emailId).execute();

  const content = deliverableContent(email);
  if (!content) {
    // Sending the stored copy would send links that do not work; trying again cannot help.
    const lastError = email.sealed_content
      ? "sealed_content_unreadable: the deliverable body cannot be opened (APP_SECRET changed, or the row was altered)"
      : "sealed_content_missing: the deliverable body is gone and the stored copy has no working links";
    await db
      .updateTable("emails")
      .set({ status: "failed", last_error: lastError, sealed_content: null })
      .where("id", "=", emailId)
      .where("status", "=", "queued")
      .execute();
    logger.error({ emailId, template: email.template, attempts, reason: lastError.split(":")[0] }, "email delivery failed for good");
    return "failed";
  }

  // Built per delivery, after the configuration is known: the SDK reads its base URL when constructed.
  const resend = new Resend(env.RESEND_API_KEY, env.RESEND_BASE_URL ? { baseUrl: env.RESEND_BASE_URL } : undefined);
  // The team's rate limit is shared with newsletter batches; transactional mail goes first.
  await takeProviderToken(db, "transactional");
  const { data, error, headers } = await resend.emails.send(
    {
      from: email.from_address,
      to: [email.to_address],
      subject: email.subject,
      html: content.html,
      text: content.text,
      tags: [{ name: "template", value: email.template.replace(/[^A-Za-z0-9_-]/g, "_") }],
    },
    { idempotencyKey: `email/${email.id}` },
  );

  if (error || !data) {
    const problem: ProviderError = error ?? { name: "empty_response", message: "Resend answered without an id", statusCode: null };
    const lastError = describe(problem);
    if (problem.statusCode === 429) await holdOffProvider(db, retryAfterSeconds(headers) ?? 1);
    const retry = isTransient(problem) && attempts < EMAIL_SEND_MAX_ATTEMPTS;
    await db
      .updateTable("emails")
      .set(retry ? { last_error: lastError } : { last_error: lastError, status: "failed", sealed_content: null })
      .where("id", "=", emailId)
      .where("status", "=", "queued")
      .execute();
    const log = { emailId, template: email.template, attempts, provider: { status: problem.statusCode, name: problem.name } };
    if (retry) {
      logger.warn(log, "email delivery failed, will retry");
      throw new TransientEmailError(lastError);
    }
    logger.error(log, "email delivery failed for good");
    return "failed";
  }

  await db
    .updateTable("emails")
    .set({ status: "sent", provider_id: data.id, sent_at: new Date(), sealed_content: null })
    .where("id", "=", emailId)
    .where("status", "=", "queued")
    .execute();
  logger.info({ emailId, template: email.template, providerId: data.id, attempts }, "email sent");
  return "sent";
}

/** The `retry-after` of a provider answer, in seconds (Resend sends whole seconds). */
export function retryAfterSeconds(headers: Record<string, string> | null | undefined): number | null {
  const value = headers?.["retry-after"];
  if (value === undefined) return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/** What to send: the stored copy when it is the real one, else the sealed body (null when it cannot be had). */
function deliverableContent(email: Email): EmailContent | null {
  if (!email.links_removed) return { html: email.html, text: email.text };
  if (!email.sealed_content) return null;
  return openEmailContent(email.sealed_content, { emailId: email.id, to: email.to_address });
}
