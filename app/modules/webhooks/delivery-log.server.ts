import { sql } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { getDb, type DB } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import type { WebhookAttemptTrigger, WebhookDeliveryStatus } from "../../../db/schema";
import { queueDeliveryAttempt } from "./delivery-job.server";
import { TEST_EVENT_TYPE, TEST_EVENT_VERSION, testEventSchema } from "./event-types";
import { insertDeliveries } from "./events.server";

/** An endpoint's delivery log, and HR's two buttons on it: resend a delivery, send a test event. */

export const DELIVERIES_PER_PAGE = 25;

export interface AttemptView {
  attemptedAt: Date;
  trigger: WebhookAttemptTrigger;
  succeeded: boolean;
  statusCode: number | null;
  durationMs: number;
  responseBody: string | null;
  errorCode: string | null;
}

export interface DeliveryView {
  id: string;
  eventType: string;
  eventId: string;
  occurredAt: Date;
  status: WebhookDeliveryStatus;
  attemptCount: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  attempts: AttemptView[];
}

export interface DeliveryPage {
  deliveries: DeliveryView[];
  total: number;
  page: number;
  pageCount: number;
}

/** One page of the endpoint's deliveries, newest first, each with every attempt (oldest first). */
export async function listDeliveries(endpointId: string, page: number, db: DB = getDb()): Promise<DeliveryPage> {
  const totalRow = await db
    .selectFrom("webhook_deliveries")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("endpoint_id", "=", endpointId)
    .executeTakeFirstOrThrow();
  const total = totalRow.n;
  const pageCount = Math.max(1, Math.ceil(total / DELIVERIES_PER_PAGE));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows = await db
    .selectFrom("webhook_deliveries")
    .innerJoin("webhook_events", "webhook_events.id", "webhook_deliveries.event_id")
    .select([
      "webhook_deliveries.id",
      "webhook_deliveries.status",
      "webhook_deliveries.attempt_count",
      "webhook_deliveries.next_attempt_at",
      "webhook_deliveries.last_status_code",
      "webhook_events.id as event_id",
      "webhook_events.type",
      "webhook_events.occurred_at",
    ])
    .where("webhook_deliveries.endpoint_id", "=", endpointId)
    .orderBy("webhook_deliveries.created_at", "desc")
    .orderBy("webhook_deliveries.id")
    .limit(DELIVERIES_PER_PAGE)
    .offset((current - 1) * DELIVERIES_PER_PAGE)
    .execute();
  const attempts =
    rows.length === 0
      ? []
      : await db
          .selectFrom("webhook_attempts")
          .selectAll()
          .where(
            "delivery_id",
            "in",
            rows.map((row) => row.id),
          )
          .orderBy("id")
          .execute();
  return {
    total,
    page: current,
    pageCount,
    deliveries: rows.map((row) => ({
      id: row.id,
      eventType: row.type,
      eventId: row.event_id,
      occurredAt: row.occurred_at,
      status: row.status,
      attemptCount: row.attempt_count,
      nextAttemptAt: row.next_attempt_at,
      lastStatusCode: row.last_status_code,
      attempts: attempts
        .filter((attempt) => attempt.delivery_id === row.id)
        .map((attempt) => ({
          attemptedAt: attempt.attempted_at,
          trigger: attempt.trigger,
          succeeded: attempt.succeeded,
          statusCode: attempt.status_code,
          durationMs: attempt.duration_ms,
          responseBody: attempt.response_body,
          errorCode: attempt.error_code,
        })),
    })),
  };
}

async function requireEnabledEndpoint(db: DB, endpointId: string) {
  const endpoint = await db.selectFrom("webhook_endpoints").select(["id", "enabled"]).where("id", "=", endpointId).forUpdate().executeTakeFirst();
  if (!endpoint) throw DomainFailure.notFound("webhook.endpointNotFound");
  if (!endpoint.enabled) throw DomainFailure.refused("webhook.endpointDisabled");
}

/**
 * Sends a delivery again, whatever became of it: a new attempt at once with the same webhook-id, and
 * a new series of retries if it fails.
 */
export async function resendDelivery(endpointId: string, deliveryId: string, options: { actorUserId: string | null; now?: Date }): Promise<void> {
  const now = options.now ?? new Date();
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await requireEnabledEndpoint(trx, endpointId);
      const resent = await trx
        .updateTable("webhook_deliveries")
        .set({ status: "pending", retry_step: 0, next_attempt_at: now, leased_until: null })
        .where("id", "=", deliveryId)
        .where("endpoint_id", "=", endpointId)
        .returning("id")
        .executeTakeFirst();
      if (!resent) throw DomainFailure.notFound("webhook.deliveryNotFound");
      await queueDeliveryAttempt(trx, deliveryId, null, "resend");
      await recordAudit(trx, { actorUserId: options.actorUserId, action: "webhook_delivery.resent", subjectType: "webhook_endpoint", subjectId: endpointId, data: { deliveryId } });
    });
}

/** A `webhook.test` event to this endpoint only (subscribed or not), delivered like any other. Returns the delivery's id. */
export async function sendTestEvent(endpointId: string, options: { actorUserId: string | null; now?: Date }): Promise<string> {
  const now = options.now ?? new Date();
  return getDb()
    .transaction()
    .execute(async (trx) => {
      await requireEnabledEndpoint(trx, endpointId);
      const event = await trx
        .insertInto("webhook_events")
        .values({ type: TEST_EVENT_TYPE, version: TEST_EVENT_VERSION, data: JSON.stringify(testEventSchema.parse({ endpointId })), occurred_at: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      const [deliveryId] = await insertDeliveries(trx, event.id, [endpointId], now);
      await recordAudit(trx, { actorUserId: options.actorUserId, action: "webhook_endpoint.test_sent", subjectType: "webhook_endpoint", subjectId: endpointId });
      return deliveryId!;
    });
}
