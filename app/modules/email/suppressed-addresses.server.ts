import { createHash, createHmac } from "node:crypto";
import { sql, type RawBuilder } from "kysely";
import type { DB } from "~/utils/db.server";
import { getAppSecret } from "~/utils/env.server";

/**
 * The suppression check every audience makes (newsletter, pulse, scoring's invitation), in one
 * place: an address is suppressed when `email_suppressions` lists it, or when its keyed hash is in
 * `suppressed_address_hashes` — what erasure leaves of an erased person's addresses, so that they
 * are never mailed again without the portal keeping the address (docs/decisions/030).
 *
 * The hash is SHA-256 over a pepper and the lower-cased address. The pepper is derived from the app
 * secret (never the secret itself in a query): PostgreSQL computes the same hash with its built-in
 * sha256() (no pgcrypto, so PGlite too), and a copy of the table alone cannot be matched against a
 * list of addresses. Changing APP_SECRET forgets the hashes' meaning: see the ADR.
 */

function pepper(): string {
  return createHmac("sha256", getAppSecret()).update("suppressed-address").digest("hex");
}

/** The address as the lists key it: trimmed and lower-cased. */
function normalise(email: string): string {
  return email.trim().toLowerCase();
}

/** The keyed hash of an address, as stored in suppressed_address_hashes. */
export function suppressedAddressHash(email: string): string {
  return createHash("sha256").update(`${pepper()}${normalise(email)}`, "utf8").digest("hex");
}

/** The same hash computed by the database, of an SQL expression holding an address. */
export function suppressedAddressHashSql(address: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`encode(sha256(convert_to(${pepper()} || lower(trim(${address})), 'UTF8')), 'hex')`;
}

/** True in SQL when the address (an SQL expression) may not be mailed: listed, or its hash listed. */
export function addressSuppressedSql(address: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`(exists (select 1 from email_suppressions s where s.email = lower(${address}))
    or exists (select 1 from suppressed_address_hashes h where h.hash = ${suppressedAddressHashSql(address)}))`;
}

/**
 * Takes the person's own unsubscribe off the list when they turn the newsletter back on, signed in:
 * an `unsubscribed` row is their choice, and a newer choice replaces it. A bounce, a complaint or
 * HR's manual entry stays (the mailbox or HR said no, not the person). Answers the addresses freed.
 */
export async function liftUnsubscribeSuppressions(db: DB, addresses: readonly string[]): Promise<string[]> {
  const keys = [...new Set(addresses.map(normalise).filter(Boolean))];
  if (keys.length === 0) return [];
  const deleted = await db.deleteFrom("email_suppressions").where("email", "in", keys).where("reason", "=", "unsubscribed").returning("email").execute();
  return deleted.map((row) => row.email);
}
