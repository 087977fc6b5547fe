import { createEndpoint } from "~/modules/webhooks/endpoints.server";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "~/modules/webhooks/event-types";
import { testDb } from "../support/database";

/**
 * A webhook endpoint through HR's createEndpoint (so its URL passes the same checks and its secret
 * is sealed the same way), subscribed to every event type unless told otherwise. Returns the
 * endpoint and its signing secret, as HR sees it once.
 */
export async function createWebhookEndpoint(url: string, options: { eventTypes?: readonly WebhookEventType[]; enabled?: boolean; description?: string } = {}) {
  return createEndpoint(
    { url, description: options.description ?? "", eventTypes: [...(options.eventTypes ?? WEBHOOK_EVENT_TYPES)], enabled: options.enabled ?? true },
    { actorUserId: null },
  );
}

/** Every delivery to an endpoint with its event's type and data, oldest first. */
export async function deliveriesOf(endpointId: string) {
  return testDb()
    .selectFrom("webhook_deliveries")
    .innerJoin("webhook_events", "webhook_events.id", "webhook_deliveries.event_id")
    .select(["webhook_deliveries.id", "webhook_deliveries.status", "webhook_deliveries.attempt_count", "webhook_deliveries.next_attempt_at", "webhook_events.type", "webhook_events.data"])
    .where("webhook_deliveries.endpoint_id", "=", endpointId)
    .orderBy("webhook_deliveries.created_at")
    .execute();
}
