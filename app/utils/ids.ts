import { z } from "zod";
import { notFound } from "./responses";

/**
 * Record ids (PostgreSQL uuids) as they arrive in addresses, forms and API paths: anything that is
 * not shaped like one cannot exist, and must be a "not found" without reaching SQL (where a malformed
 * uuid is an error, not an empty result). The one pattern: any 8-4-4-4-12 hex string, in any case
 * (zod's `z.uuid()` is stricter about version bits, and is used where that is wanted).
 */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value can be an id at all (anything else is a 404, never a database error). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}

/** A string field that must be an id, with the message a form shows when it is not. */
export function uuidSchema(message: string) {
  return z.string({ error: message }).regex(UUID_PATTERN, { error: message });
}

/** A route parameter that must be an id: anything else is a 404 before any query runs. */
export function requireIdParam(value: string | undefined): string {
  if (!isUuid(value)) throw notFound();
  return value;
}
