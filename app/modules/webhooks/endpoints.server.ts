import { randomUUID } from "node:crypto";
import { sql, type Selectable } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { getDb, type DB } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import type { WebhookEndpointsTable } from "../../../db/schema";
import type { EndpointFormValue } from "./endpoint-form";
import { checkEndpointUrl } from "./endpoint-url.server";
import { generateSigningSecret, sealSigningSecret } from "./signing-secrets.server";

/**
 * HR's webhook endpoints (docs/decisions/035). The signing secret is returned once, by creation and
 * rotation, and otherwise never leaves this module unsealed. The audit log records what changed
 * (event types, enabled), never the URL (a receiver's URL may carry its own token) nor the secret.
 */

export type WebhookEndpoint = Selectable<WebhookEndpointsTable>;
/** What pages may show: everything but the sealed secret. */
export type EndpointView = Omit<WebhookEndpoint, "sealed_secret">;

export const ENDPOINT_LIST_LIMIT = 100;

const VIEW_COLUMNS = [
  "id",
  "url",
  "description",
  "event_types",
  "enabled",
  "secret_rotated_at",
  "failing_since",
  "last_success_at",
  "created_by",
  "created_at",
  "updated_at",
] as const;

export interface CreatedEndpoint {
  endpoint: EndpointView;
  /** The signing secret itself: show it once, never store or log it. */
  secret: string;
}

export async function createEndpoint(input: EndpointFormValue, options: { actorUserId: string | null }, db: DB = getDb()): Promise<CreatedEndpoint> {
  const url = checkEndpointUrl(input.url);
  const id = randomUUID();
  const secret = generateSigningSecret();
  return db.transaction().execute(async (trx) => {
    const endpoint = await trx
      .insertInto("webhook_endpoints")
      .values({
        id,
        url: url.href,
        description: input.description,
        event_types: sortedTypes(input.eventTypes),
        enabled: input.enabled,
        sealed_secret: sealSigningSecret(secret, id),
        created_by: options.actorUserId,
      })
      .returning(VIEW_COLUMNS)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: options.actorUserId,
      action: "webhook_endpoint.created",
      subjectType: "webhook_endpoint",
      subjectId: id,
      data: { eventTypes: endpoint.event_types, enabled: endpoint.enabled },
    });
    return { endpoint, secret };
  });
}

export async function updateEndpoint(id: string, input: EndpointFormValue, options: { actorUserId: string | null }, db: DB = getDb()): Promise<EndpointView> {
  const url = checkEndpointUrl(input.url);
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("webhook_endpoints").select(VIEW_COLUMNS).where("id", "=", id).forUpdate().executeTakeFirst();
    if (!current) throw DomainFailure.notFound("webhook.endpointNotFound");
    const next = { url: url.href, description: input.description, event_types: sortedTypes(input.eventTypes), enabled: input.enabled };
    const endpoint = await trx
      .updateTable("webhook_endpoints")
      .set({ ...next, updated_at: new Date(), ...(next.enabled && !current.enabled ? { failing_since: null } : {}) })
      .where("id", "=", id)
      .returning(VIEW_COLUMNS)
      .executeTakeFirstOrThrow();
    // A disabled endpoint is sent nothing more: what waits for it stops here (HR can resend it later).
    if (!next.enabled) {
      await trx
        .updateTable("webhook_deliveries")
        .set({ status: "cancelled", next_attempt_at: null })
        .where("endpoint_id", "=", id)
        .where("status", "=", "pending")
        .execute();
    }
    await recordAudit(trx, {
      actorUserId: options.actorUserId,
      action: "webhook_endpoint.updated",
      subjectType: "webhook_endpoint",
      subjectId: id,
      data: {
        eventTypes: endpoint.event_types,
        enabled: endpoint.enabled,
        urlChanged: current.url !== endpoint.url,
        descriptionChanged: current.description !== endpoint.description,
      },
    });
    return endpoint;
  });
}

/** A new secret, returned once; the old one stops signing at once (the receiver must switch). */
export async function rotateEndpointSecret(id: string, options: { actorUserId: string | null }, db: DB = getDb()): Promise<string> {
  const secret = generateSigningSecret();
  return db.transaction().execute(async (trx) => {
    const rotated = await trx
      .updateTable("webhook_endpoints")
      .set({ sealed_secret: sealSigningSecret(secret, id), secret_rotated_at: new Date(), updated_at: new Date() })
      .where("id", "=", id)
      .returning("id")
      .executeTakeFirst();
    if (!rotated) throw DomainFailure.notFound("webhook.endpointNotFound");
    await recordAudit(trx, { actorUserId: options.actorUserId, action: "webhook_endpoint.secret_rotated", subjectType: "webhook_endpoint", subjectId: id });
    return secret;
  });
}

/** Deletes the endpoint with its deliveries and their log. */
export async function deleteEndpoint(id: string, options: { actorUserId: string | null }, db: DB = getDb()): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const deleted = await trx.deleteFrom("webhook_endpoints").where("id", "=", id).returning("id").executeTakeFirst();
    if (!deleted) return false;
    await recordAudit(trx, { actorUserId: options.actorUserId, action: "webhook_endpoint.deleted", subjectType: "webhook_endpoint", subjectId: id });
    return true;
  });
}

export function findEndpoint(id: string, db: DB = getDb()): Promise<EndpointView | undefined> {
  return db.selectFrom("webhook_endpoints").select(VIEW_COLUMNS).where("id", "=", id).executeTakeFirst();
}

export interface EndpointListEntry extends EndpointView {
  /** Deliveries still waiting for a (re)try. */
  pending: number;
  /** Deliveries that ran out of retries. */
  failed: number;
}

/** Newest first, with the counts the list shows beside each endpoint. */
export async function listEndpoints(db: DB = getDb()): Promise<EndpointListEntry[]> {
  const rows = await db
    .selectFrom("webhook_endpoints")
    .select(VIEW_COLUMNS)
    .select((eb) => [
      eb
        .selectFrom("webhook_deliveries")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("webhook_deliveries.endpoint_id", "=", "webhook_endpoints.id")
        .where("webhook_deliveries.status", "=", "pending")
        .as("pending"),
      eb
        .selectFrom("webhook_deliveries")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("webhook_deliveries.endpoint_id", "=", "webhook_endpoints.id")
        .where("webhook_deliveries.status", "=", "failed")
        .as("failed"),
    ])
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(ENDPOINT_LIST_LIMIT)
    .execute();
  return rows.map((row) => ({ ...row, pending: row.pending ?? 0, failed: row.failed ?? 0 }));
}

function sortedTypes(types: readonly string[]): string[] {
  return [...new Set(types)].sort();
}
