import { sql, type RawBuilder } from "kysely";
import type { DB } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { keyedIpHash } from "~/modules/platform/ip-hash.server";
import { emitWebhookEvent } from "~/modules/webhooks/events.server";
import type { AppLocale } from "~/modules/i18n/config";
import type { ConsentSource } from "../../../db/schema";
import {
  CONSENT_POLICY_VERSION,
  consentChanges,
  consentText,
  deriveConsents,
  type ConsentChange,
  type ConsentPurpose,
  type ConsentStates,
} from "./consents";

/**
 * The consent ledger: one appended row per change (a trigger refuses UPDATE and DELETE), the
 * current state read from the latest row of each purpose.
 */

/**
 * The client IP as the ledger keeps it: an HMAC with the app secret, so a row can be matched to an
 * IP someone already knows (to prove or disprove a choice) but never read back. The "consent-ip:"
 * prefix keeps it from equalling the rate-limit key of the same IP.
 */
export function hashIp(ip: string): string {
  return keyedIpHash("consent-ip", ip);
}

export interface RecordConsentInput {
  userId: string;
  purpose: ConsentPurpose;
  granted: boolean;
  source: ConsentSource;
  /** The client IP; null when the change is not a person's request (none today). */
  ip: string | null;
  /** The language the words were shown in: the hash is of those words. */
  locale: AppLocale;
}

/** Appends one row, whatever the current state (callers use recordConsentChoices to skip no-ops). */
export async function recordConsent(trx: DB, input: RecordConsentInput): Promise<void> {
  const { hash } = consentText(input.purpose, input.locale, getEnv().COMPANY_NAME);
  await trx
    .insertInto("consent_events")
    .values({
      user_id: input.userId,
      purpose: input.purpose,
      granted: input.granted,
      policy_version: CONSENT_POLICY_VERSION,
      text_hash: hash,
      source: input.source,
      ip_hash: input.ip ? hashIp(input.ip) : null,
    })
    .execute();
  await emitWebhookEvent(trx, { type: "consent.changed", data: { userId: input.userId, purpose: input.purpose, granted: input.granted, source: input.source } });
}

/** The state of each purpose: the latest row wins; no row means not granted. */
export async function currentConsents(db: DB, userId: string): Promise<ConsentStates> {
  const latest = await db
    .selectFrom("consent_events")
    .distinctOn("purpose")
    .select(["purpose", "granted", "created_at"])
    .where("user_id", "=", userId)
    .orderBy("purpose")
    .orderBy("id", "desc")
    .execute();
  return deriveConsents(latest);
}

export interface ConsentChoicesInput extends Omit<RecordConsentInput, "purpose" | "granted"> {
  /** The wanted state of some purposes; purposes left out are not touched. */
  choices: Partial<Record<ConsentPurpose, boolean>>;
}

/**
 * Appends a row for each purpose whose wanted state differs from the current one, and returns those
 * changes. Call inside a transaction that holds the person's row lock (lockPerson), so that two
 * submissions at once cannot both append the same change.
 */
export async function recordConsentChoices(trx: DB, input: ConsentChoicesInput): Promise<ConsentChange[]> {
  const changes = consentChanges(await currentConsents(trx, input.userId), input.choices);
  for (const change of changes) await recordConsent(trx, { ...input, ...change });
  return changes;
}

/** Whether the person's latest choice for one purpose is a grant (no row: not granted). */
export async function hasConsent(db: DB, userId: string, purpose: ConsentPurpose): Promise<boolean> {
  const latest = await db
    .selectFrom("consent_events")
    .select("granted")
    .where("user_id", "=", userId)
    .where("purpose", "=", purpose)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return latest?.granted === true;
}

/**
 * The same rule as a predicate for set-based queries (the newsletter's snapshot freezes, per
 * recipient, whether their copy carries the "Open roles" section and the pulse block).
 */
export function consentGrantedSql(purpose: ConsentPurpose, userIdColumn: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`coalesce((select ce.granted from consent_events ce where ce.user_id = ${userIdColumn} and ce.purpose = ${purpose} order by ce.id desc limit 1), false)`;
}
