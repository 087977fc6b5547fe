import type { Readable } from "node:stream";
import type { Transaction } from "kysely";
import { Webhook } from "standardwebhooks";
import { errors as undiciErrors, request } from "undici";
import { logger } from "~/modules/platform/logger.server";
import { BlockedAddressError, guardedAgent, type AddressGuard } from "~/modules/platform/guarded-agent.server";
import { getDb, type Database } from "~/utils/db.server";
import type { WebhookAttemptTrigger } from "../../../db/schema";
import type { WebhookPayload } from "./event-types";
import { checkEndpointUrl, endpointAddressGuard } from "./endpoint-url.server";
import { nextAttemptAfterFailure } from "./retry-schedule";
import { openSigningSecret } from "./signing-secrets.server";

/**
 * One delivery attempt (docs/decisions/035): claim the delivery, POST the event signed per Standard
 * Webhooks to the endpoint through ADR 018's address guard, and record the attempt with what comes
 * next in one transaction. The `webhook-id` is the delivery's id, the same on every retry and resend,
 * so a receiver that got an attempt we could not confirm drops the repeat.
 */

export const DELIVERY_TIMEOUT_MS = 10_000;
/** The answer's first bytes kept in the log: enough to read an error message. */
export const RESPONSE_BODY_MAX_BYTES = 1024;
/** How long a claimed delivery is left to its worker before another may try it. */
const LEASE_MS = DELIVERY_TIMEOUT_MS * 6;
const USER_AGENT = "AlumniPortal-Webhooks/1.0";

export type AttemptErrorCode = "timeout" | "blocked_address" | "network" | "secret_unreadable" | "url_refused";

export interface DeliveryPolicy {
  guard: AddressGuard;
  timeoutMs: number;
}

export function defaultDeliveryPolicy(): DeliveryPolicy {
  return { guard: endpointAddressGuard(), timeoutMs: DELIVERY_TIMEOUT_MS };
}

export type AttemptOutcome =
  /** Not due, already finished, leased by another worker or gone: nothing was sent. */
  | { outcome: "skipped" }
  /** The endpoint was disabled since: the delivery is cancelled, nothing was sent. */
  | { outcome: "cancelled" }
  | { outcome: "delivered"; statusCode: number }
  | { outcome: "retry"; nextAttemptAt: Date; statusCode: number | null; error: AttemptErrorCode | null }
  | { outcome: "failed"; statusCode: number | null; error: AttemptErrorCode | null };

export interface AttemptOptions {
  now?: Date;
  trigger?: WebhookAttemptTrigger;
  policy?: DeliveryPolicy;
  /** Queues the next attempt inside the transaction that records this one (the delivery job's enqueue). */
  scheduleNext: (trx: Transaction<Database>, deliveryId: string, at: Date) => Promise<void>;
}

/** The webhook-id header of a delivery. */
export function webhookMessageId(deliveryId: string): string {
  return `msg_${deliveryId}`;
}

/** The body of a delivery: the Standard Webhooks payload shape. */
export function payloadOf(event: { type: string; version: number; occurred_at: Date; data: unknown }): WebhookPayload {
  return { type: event.type, version: event.version, timestamp: event.occurred_at.toISOString(), data: event.data };
}

export async function attemptDelivery(deliveryId: string, options: AttemptOptions): Promise<AttemptOutcome> {
  const now = options.now ?? new Date();
  const db = getDb();
  const claimed = await db
    .updateTable("webhook_deliveries")
    .set({ leased_until: new Date(now.getTime() + LEASE_MS) })
    .where("id", "=", deliveryId)
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now)
    .where((eb) => eb.or([eb("leased_until", "is", null), eb("leased_until", "<", now)]))
    .returning(["id", "event_id", "endpoint_id", "retry_step"])
    .executeTakeFirst();
  if (!claimed) return { outcome: "skipped" };

  const [endpoint, event] = await Promise.all([
    db.selectFrom("webhook_endpoints").select(["id", "url", "enabled", "sealed_secret"]).where("id", "=", claimed.endpoint_id).executeTakeFirstOrThrow(),
    db.selectFrom("webhook_events").select(["id", "type", "version", "data", "occurred_at"]).where("id", "=", claimed.event_id).executeTakeFirstOrThrow(),
  ]);
  if (!endpoint.enabled) {
    await db.updateTable("webhook_deliveries").set({ status: "cancelled", next_attempt_at: null, leased_until: null }).where("id", "=", deliveryId).execute();
    return { outcome: "cancelled" };
  }

  const result = await post(endpoint, webhookMessageId(deliveryId), JSON.stringify(payloadOf(event)), now, options.policy ?? defaultDeliveryPolicy());
  const succeeded = result.statusCode !== null && result.statusCode >= 200 && result.statusCode <= 299;
  const nextAttemptAt = succeeded ? null : nextAttemptAfterFailure(claimed.retry_step, now);

  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("webhook_attempts")
      .values({
        delivery_id: deliveryId,
        attempted_at: now,
        trigger: options.trigger ?? "scheduled",
        succeeded,
        status_code: result.statusCode,
        duration_ms: result.durationMs,
        response_body: result.body,
        error_code: result.error,
      })
      .execute();
    await trx
      .updateTable("webhook_deliveries")
      .set((eb) => ({
        status: succeeded ? "delivered" : nextAttemptAt ? "pending" : "failed",
        attempt_count: eb("attempt_count", "+", 1),
        retry_step: succeeded ? claimed.retry_step : claimed.retry_step + 1,
        next_attempt_at: nextAttemptAt,
        leased_until: null,
        last_attempt_at: now,
        last_status_code: result.statusCode,
      }))
      .where("id", "=", deliveryId)
      .execute();
    await trx
      .updateTable("webhook_endpoints")
      .set(succeeded ? { failing_since: null, last_success_at: now } : (eb) => ({ failing_since: eb.fn.coalesce("failing_since", eb.val(now)) }))
      .where("id", "=", endpoint.id)
      .execute();
    if (nextAttemptAt) await options.scheduleNext(trx, deliveryId, nextAttemptAt);
  });

  if (succeeded) return { outcome: "delivered", statusCode: result.statusCode! };
  // Codes only: the URL may carry the receiver's token and the body is the receiver's text.
  logger.warn({ deliveryId, endpointId: endpoint.id, statusCode: result.statusCode, error: result.error, retry: Boolean(nextAttemptAt) }, "webhook delivery failed");
  return nextAttemptAt
    ? { outcome: "retry", nextAttemptAt, statusCode: result.statusCode, error: result.error }
    : { outcome: "failed", statusCode: result.statusCode, error: result.error };
}

interface PostResult {
  statusCode: number | null;
  durationMs: number;
  body: string | null;
  error: AttemptErrorCode | null;
}

async function post(endpoint: { id: string; url: string; sealed_secret: string }, messageId: string, body: string, now: Date, policy: DeliveryPolicy): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const secret = openSigningSecret(endpoint.sealed_secret, endpoint.id);
  if (!secret) return { statusCode: null, durationMs: 0, body: null, error: "secret_unreadable" };
  try {
    checkEndpointUrl(endpoint.url, policy.guard);
  } catch {
    return { statusCode: null, durationMs: 0, body: null, error: "url_refused" };
  }
  const headers = {
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(messageId, now, body),
  };
  const agent = guardedAgent(policy.guard, policy.timeoutMs);
  try {
    // Redirects are not followed: a receiver that moved gets a failed attempt HR can read.
    const response = await request(endpoint.url, { method: "POST", headers, body, dispatcher: agent, signal: AbortSignal.timeout(policy.timeoutMs) });
    const text = await readStart(response.body);
    return { statusCode: response.statusCode, durationMs: elapsed(), body: text, error: null };
  } catch (error) {
    return { statusCode: null, durationMs: elapsed(), body: null, error: errorCode(error) };
  } finally {
    void agent.destroy().catch(() => {});
  }
}

/** The first KB of the answer as text (NUL characters, which PostgreSQL text refuses, dropped); the rest is not read. */
async function readStart(body: Readable): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  body.on("error", () => {});
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= RESPONSE_BODY_MAX_BYTES) break;
    }
  } catch {
    // The body broke off: keep what came.
  } finally {
    body.destroy();
  }
  if (size === 0) return null;
  // Cut at a byte count, then decode: a character split in two becomes one replacement character.
  return Buffer.concat(chunks).subarray(0, RESPONSE_BODY_MAX_BYTES).toString("utf8").replaceAll("\u0000", "").slice(0, RESPONSE_BODY_MAX_BYTES);
}

function errorCode(error: unknown): AttemptErrorCode {
  const cause = (error as { cause?: unknown })?.cause;
  if (error instanceof BlockedAddressError || cause instanceof BlockedAddressError) return "blocked_address";
  if (
    (error as { name?: string })?.name === "TimeoutError" ||
    (error as { name?: string })?.name === "AbortError" ||
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError
  ) {
    return "timeout";
  }
  return "network";
}
