import { sql, type Transaction } from "kysely";
import type { Database, DB } from "~/utils/db.server";
import { WEBHOOK_EVENT_SCHEMAS, type WebhookEventData, type WebhookEventType } from "./event-types";
import { queueDeliveryAttempt } from "./delivery-job.server";

/**
 * The transactional outbox (docs/decisions/035): an event is written in the transaction of the
 * change that causes it, with one delivery per enabled endpoint subscribed to its type and the job
 * of each delivery's first attempt. A rollback takes all of it back, so no receiver ever hears of a
 * change that did not happen, and a change that commits is always announced.
 *
 * When no enabled endpoint subscribes, nothing is written: no event row waits for nobody.
 */

export interface EmittedWebhookEvent<Type extends WebhookEventType> {
  type: Type;
  data: WebhookEventData<Type>;
}

/**
 * Emits one event inside `trx` (the transaction of the change). The data is checked against the type's schema: a mismatch is a
 * programming fault (our code builds it), so it throws. Returns the event's id, or null when no
 * endpoint wanted it.
 */
export async function emitWebhookEvent<Type extends WebhookEventType>(trx: DB, event: EmittedWebhookEvent<Type>): Promise<string | null> {
  // Callers pass the transaction of their change. A plain connection (a test, a one-off script) gets
  // a transaction of its own, atomic with nothing else.
  if (!trx.isTransaction) return trx.transaction().execute((own) => emitInTransaction(own, event));
  return emitInTransaction(trx as Transaction<Database>, event);
}

async function emitInTransaction<Type extends WebhookEventType>(trx: Transaction<Database>, event: EmittedWebhookEvent<Type>): Promise<string | null> {
  const { version, schema } = WEBHOOK_EVENT_SCHEMAS[event.type];
  const data = schema.parse(event.data);
  const endpoints = await trx
    .selectFrom("webhook_endpoints")
    .select("id")
    .where("enabled", "=", true)
    .where(sql<boolean>`event_types @> array[${event.type}]::text[]`)
    .execute();
  if (endpoints.length === 0) return null;
  const now = new Date();
  const inserted = await trx
    .insertInto("webhook_events")
    .values({ type: event.type, version, data: JSON.stringify(data), occurred_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  await insertDeliveries(trx, inserted.id, endpoints.map((endpoint) => endpoint.id), now);
  return inserted.id;
}

/** One pending delivery per endpoint, due now, each with its first attempt queued in the transaction. */
export async function insertDeliveries(trx: Transaction<Database>, eventId: string, endpointIds: readonly string[], now: Date): Promise<string[]> {
  const deliveries = await trx
    .insertInto("webhook_deliveries")
    .values(endpointIds.map((endpointId) => ({ event_id: eventId, endpoint_id: endpointId, next_attempt_at: now })))
    .returning("id")
    .execute();
  for (const delivery of deliveries) await queueDeliveryAttempt(trx, delivery.id, null);
  return deliveries.map((delivery) => delivery.id);
}
