import { sql } from "kysely";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { z } from "zod";
import { logger } from "~/modules/platform/logger.server";
import type { DB } from "~/utils/db.server";
import { suppressAddress } from "./suppressions.server";

/**
 * Resend's webhooks (docs/decisions/024, "Unsubscribe, suppression and webhooks"): delivery,
 * bounces, complaints, opens and clicks of the mail we sent, signed by Svix.
 *
 * - The signature is checked on the exact bytes received with `standardwebhooks` (the library the
 *   Svix and Resend SDKs verify with), which also refuses a timestamp more than 5 minutes old or
 *   ahead: a captured request cannot be replayed later.
 * - Each Svix message id is applied once: its row in `resend_webhook_events` is written in the
 *   transaction that applies the effect, so a repeated delivery is answered 200 and does nothing.
 * - Effects are order-independent: every timestamp is set once from the event's own time, the
 *   earliest winning (`least(coalesce(col, t), t)`), a hard bounce outranks a soft one, and the
 *   suppression list keeps the strongest reason. Events delivered late, out of order or three times
 *   leave the same final state.
 */

export type WebhookOutcome =
  /** RESEND_WEBHOOK_SECRET is not set: 503, Resend retries later. */
  | "unconfigured"
  /** Missing, wrong or stale signature: 401. */
  | "badSignature"
  /** Signed, but not an event we can read: 400. */
  | "malformed"
  | "applied"
  | "duplicate"
  /** An event type we do not use (email.sent, contact.*, domain.*…). */
  | "ignored"
  /** Mail this portal did not send, or whose record is gone. */
  | "unknownEmail";

export const WEBHOOK_STATUS: Record<WebhookOutcome, number> = {
  unconfigured: 503,
  badSignature: 401,
  malformed: 400,
  applied: 200,
  duplicate: 200,
  ignored: 200,
  unknownEmail: 200,
};

/**
 * What a refusal says in its plain-text body: Resend shows the answer in the endpoint's delivery
 * log, where whoever set the webhook up reads why it is refused. Never an echo of the request.
 */
export const WEBHOOK_REFUSAL_TEXT: Partial<Record<WebhookOutcome, string>> = {
  unconfigured: "RESEND_WEBHOOK_SECRET is not set on the portal: copy the endpoint's signing secret from Resend into it.",
  badSignature: "The svix-id, svix-timestamp and svix-signature headers do not sign this body with RESEND_WEBHOOK_SECRET, or the timestamp is more than 5 minutes away.",
  malformed: "The body is signed but is not a Resend event: JSON with type, created_at and data (data.email_id for email events).",
};

const HANDLED_TYPES = ["email.delivered", "email.bounced", "email.complained", "email.opened", "email.clicked", "email.suppressed"] as const;
type HandledType = (typeof HANDLED_TYPES)[number];

const eventTime = z
  .string()
  .max(64)
  .transform((value, ctx) => {
    const time = new Date(value);
    if (Number.isNaN(time.getTime())) {
      ctx.addIssue({ code: "custom", message: "created_at is not a date" });
      return z.NEVER;
    }
    return time;
  });

const envelopeSchema = z.object({ type: z.string().min(1).max(100) });

/** What we read of Resend's events (https://resend.com/docs/webhooks); other fields are ignored. */
const eventSchema = z.object({
  type: z.enum(HANDLED_TYPES),
  created_at: eventTime,
  data: z.object({
    // Printable ASCII, as Resend's ids are: a NUL would make PostgreSQL fail the look-up.
    email_id: z.string().regex(/^[\x21-\x7e]{1,200}$/),
    bounce: z
      .object({
        type: z.string().max(100).optional(),
        subType: z.string().max(100).optional(),
        message: z.string().max(20_000).optional(),
      })
      .optional(),
    suppressed: z.object({ type: z.string().max(100).optional(), message: z.string().max(20_000).optional() }).optional(),
  }),
});

type ResendEvent = z.infer<typeof eventSchema>;

/** Printable ASCII: what Svix's ids (msg_…) are made of, and all our key column accepts. */
const svixIdSchema = z.string().regex(/^[\x21-\x7e]{1,100}$/);

const TIMESTAMP_COLUMN = {
  "email.delivered": "delivered_at",
  "email.bounced": "bounced_at",
  "email.complained": "complained_at",
  "email.opened": "opened_at",
  "email.clicked": "clicked_at",
  // Resend did not send it: the address is on its own suppression list (an earlier hard bounce or
  // complaint, possibly of mail another app sent). Undeliverable for good, so counted as a hard bounce.
  "email.suppressed": "bounced_at",
} as const satisfies Record<HandledType, string>;

/**
 * Resend (like SES) calls a hard bounce `Permanent`; `Transient` and `Undetermined` are soft. A
 * message Resend suppressed will never be delivered either.
 */
function bounceKind(event: ResendEvent): "hard" | "soft" {
  if (event.type === "email.suppressed") return "hard";
  return event.data.bounce?.type?.toLowerCase() === "permanent" ? "hard" : "soft";
}

export interface WebhookRequest {
  /** The body exactly as received. */
  payload: string;
  headers: Headers;
  /** RESEND_WEBHOOK_SECRET. */
  secret: string | undefined;
}

/** Verifies, parses and applies one delivery of Resend's webhook. */
export async function receiveResendWebhook(db: DB, request: WebhookRequest): Promise<WebhookOutcome> {
  if (!request.secret) {
    logger.error("RESEND_WEBHOOK_SECRET is not set: Resend's webhook events are refused (503) until it is; copy the endpoint's signing secret from Resend");
    return "unconfigured";
  }
  const svixId = request.headers.get("svix-id");
  let verified: unknown;
  try {
    verified = new Webhook(request.secret).verify(request.payload, {
      "webhook-id": svixId ?? "",
      "webhook-timestamp": request.headers.get("svix-timestamp") ?? "",
      "webhook-signature": request.headers.get("svix-signature") ?? "",
    });
  } catch (error) {
    if (error instanceof WebhookVerificationError) {
      logger.warn({ reason: error.message }, "Resend webhook refused: signature");
      return "badSignature";
    }
    // Signed, but the body is not JSON (the library parses it after checking the signature).
    if (error instanceof SyntaxError) return "malformed";
    throw error;
  }
  const id = svixIdSchema.safeParse(svixId);
  const envelope = envelopeSchema.safeParse(verified);
  if (!id.success || !envelope.success) return "malformed";
  if (!(HANDLED_TYPES as readonly string[]).includes(envelope.data.type)) {
    logger.debug({ type: envelope.data.type }, "Resend webhook ignored: event type not used");
    return "ignored";
  }
  const event = eventSchema.safeParse(verified);
  if (!event.success) {
    logger.warn({ type: envelope.data.type, issues: event.error.issues.map((issue) => issue.path.join(".")) }, "Resend webhook refused: unreadable event");
    return "malformed";
  }
  return applyResendEvent(db, id.data, event.data);
}

async function applyResendEvent(db: DB, svixId: string, event: ResendEvent): Promise<WebhookOutcome> {
  return db.transaction().execute(async (trx) => {
    const fresh = await trx
      .insertInto("resend_webhook_events")
      .values({ svix_id: svixId, type: event.type })
      .onConflict((oc) => oc.column("svix_id").doNothing())
      .returning("svix_id")
      .executeTakeFirst();
    if (!fresh) return "duplicate";
    const applied = (await applyToNewsletter(trx, event)) || (await applyToTransactional(trx, event));
    if (!applied) {
      logger.debug({ type: event.type }, "Resend webhook for an email this portal does not know");
      return "unknownEmail";
    }
    return "applied";
  });
}

/** A newsletter recipient's row: the event's time, set once (earliest wins); hard bounces and complaints suppress. */
async function applyToNewsletter(trx: DB, event: ResendEvent): Promise<boolean> {
  const column = TIMESTAMP_COLUMN[event.type];
  const at = event.created_at;
  const kind = bounceKind(event);
  const row = await trx
    .updateTable("newsletter_recipients")
    .set((eb) => ({
      [column]: sql<Date>`least(coalesce(${eb.ref(column)}, ${at}), ${at})`,
      ...(column === "bounced_at" ? { bounce_type: sql<string>`case when bounce_type = 'hard' or ${kind} = 'hard' then 'hard' else 'soft' end` } : {}),
    }))
    .where("resend_id", "=", event.data.email_id)
    .returning(["issue_id", "user_id", "email"])
    .executeTakeFirst();
  if (!row) return false;
  if (row.email) await suppressFor(trx, event, { email: row.email, userId: row.user_id, issueId: row.issue_id });
  return true;
}

/**
 * Transactional mail (sign-in links, reminders) keeps no delivery columns; what matters of it is a
 * dead or complaining address, which no newsletter should reach either.
 */
async function applyToTransactional(trx: DB, event: ResendEvent): Promise<boolean> {
  const email = await trx.selectFrom("emails").select(["to_address", "user_id"]).where("provider_id", "=", event.data.email_id).executeTakeFirst();
  if (!email) return false;
  await suppressFor(trx, event, { email: email.to_address, userId: email.user_id, issueId: null });
  return true;
}

async function suppressFor(trx: DB, event: ResendEvent, target: { email: string; userId: string | null; issueId: string | null }) {
  if (event.type === "email.complained") {
    await suppressAddress(trx, { ...target, reason: "complaint" });
  } else if (event.type === "email.bounced" && bounceKind(event) === "hard") {
    await suppressAddress(trx, { ...target, reason: "hard_bounce", detail: event.data.bounce?.message ?? null });
  } else if (event.type === "email.suppressed") {
    const reason = event.data.suppressed?.type?.toLowerCase() === "complaint" ? "complaint" : "hard_bounce";
    await suppressAddress(trx, { ...target, reason, detail: event.data.suppressed?.message ?? null });
  }
}

/** How long a Svix message id is remembered: far beyond Svix's retries (about a day and a half). */
export const WEBHOOK_EVENT_RETENTION_DAYS = 30;

/**
 * Forgets the ids of events received more than the retention ago. A later replay of such an event
 * (Resend's dashboard can replay any) is applied again, to the same final state: every effect is
 * set-once and order-independent.
 */
export async function forgetOldWebhookEvents(db: DB, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - WEBHOOK_EVENT_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  const result = await db.deleteFrom("resend_webhook_events").where("received_at", "<", cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
