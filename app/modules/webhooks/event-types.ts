import { z } from "zod";

/**
 * The events the portal posts to HR's endpoints (docs/decisions/035), each with the schema of its
 * `data` and a version. Payloads are minimal: ids and facts that name nobody, never free text,
 * addresses or answers, so a receiver learns what happened and asks the API for more if it may.
 * A change that could break a receiver (a field removed or retyped) raises the version; adding a
 * field does not. Shared by the server (validation before writing) and HR's form (the checkboxes).
 */

const uuid = z.uuid();
const day = z.iso.date();

export const WEBHOOK_EVENT_SCHEMAS = {
  "departure.created": {
    version: 1,
    schema: z.strictObject({
      departureId: uuid,
      departmentId: uuid,
      /** The departure's last working day (YYYY-MM-DD). */
      lastDay: day,
      status: z.enum(["planned", "in_progress", "completed", "cancelled"]),
      /** How it was recorded: HR's form, the API, a CSV import (or the demo seed). */
      source: z.enum(["web", "api", "csv", "seed"]),
    }),
  },
  "departure.completed": {
    version: 1,
    schema: z.strictObject({
      departureId: uuid,
      lastDay: day,
    }),
  },
  "exit_survey.completed": {
    version: 1,
    /**
     * Never the answers. An anonymous survey's event names no departure or person: it is written in
     * a transaction of its own, after the one that pooled the response (docs/decisions/008 and 035).
     */
    schema: z.discriminatedUnion("confidentiality", [
      z.strictObject({ confidentiality: z.literal("confidential"), surveyId: uuid, departureId: uuid }),
      z.strictObject({ confidentiality: z.literal("anonymous"), surveyId: uuid }),
    ]),
  },
  "alumni.joined": {
    version: 1,
    schema: z.strictObject({
      userId: uuid,
      departureId: uuid.nullable(),
    }),
  },
  "consent.changed": {
    version: 1,
    schema: z.strictObject({
      userId: uuid,
      purpose: z.enum(["newsletter", "share_feed", "directory", "pulse", "openings"]),
      granted: z.boolean(),
      source: z.enum(["exit_flow", "preferences", "email_link", "admin"]),
    }),
  },
  "alumni.erased": {
    version: 1,
    /** The account's id only: after erasure nothing else of the person is left to name. */
    schema: z.strictObject({
      userId: uuid,
    }),
  },
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENT_SCHEMAS;
export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENT_SCHEMAS) as WebhookEventType[];

export type WebhookEventData<Type extends WebhookEventType> = z.input<(typeof WEBHOOK_EVENT_SCHEMAS)[Type]["schema"]>;

/** A test event HR sends from the endpoint's page; nobody subscribes to it, it goes to one endpoint. */
export const TEST_EVENT_TYPE = "webhook.test";
export const TEST_EVENT_VERSION = 1;
export const testEventSchema = z.strictObject({ endpointId: uuid });

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === "string" && Object.hasOwn(WEBHOOK_EVENT_SCHEMAS, value);
}

/** The body posted to the endpoint (the Standard Webhooks payload shape, plus the data's version). */
export interface WebhookPayload {
  type: string;
  version: number;
  /** When the event happened (ISO 8601, UTC). */
  timestamp: string;
  data: unknown;
}
