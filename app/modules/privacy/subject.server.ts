import { sql } from "kysely";
import { suppressedAddressHash } from "~/modules/email/suppressed-addresses.server";
import type { DB } from "~/utils/db.server";

/**
 * Everything that identifies one person across the database, collected before anything changes:
 * their id, every address any table holds for them, and their names. The registry's locators find
 * rows by these (registry.ts); erasure redacts them where they are mentioned in other records.
 */
export interface ErasureSubject {
  userId: string;
  /** Lower-cased, trimmed, without the placeholders erasure writes. */
  addresses: string[];
  /** Addresses the person receives mail at outside the company (hashed onto the suppression list). */
  personalAddresses: string[];
  names: string[];
}

/** What erasure writes in place of an address: unique per row, naming nobody. */
export function erasedAddress(rowId: string): string {
  return `erased-${rowId}@erased.invalid`;
}

/** What erasure writes in place of a name, and in place of every mention of one. */
export const ERASED_LABEL = "[erased]";

const PLACEHOLDER = /@erased\.invalid$/;

export async function collectSubject(db: DB, userId: string): Promise<ErasureSubject> {
  const { rows } = await sql<{ kind: "work" | "personal" | "name"; value: string | null }>`
    select 'name' as kind, name as value from users where id = ${userId}
    union all select case when role = 'alumnus' then 'personal' else 'work' end, email from users where id = ${userId}
    union all select 'personal', personal_email from alumni_profiles where user_id = ${userId}
    union all select 'work', employee_email from departures where leaver_user_id = ${userId}
    union all select 'personal', personal_email from departures where leaver_user_id = ${userId}
    union all select 'name', employee_name from departures where leaver_user_id = ${userId}
    union all select 'personal', email from email_confirmations where user_id = ${userId}
    union all select 'personal', email from newsletter_recipients where user_id = ${userId}
    union all select 'personal', email from pulse_deliveries where user_id = ${userId}
    union all select 'personal', email from email_suppressions where user_id = ${userId}
    union all select 'work', to_address from emails where user_id = ${userId}
  `.execute(db);
  const addresses = new Set<string>();
  const personal = new Set<string>();
  const names = new Set<string>();
  for (const { kind, value } of rows) {
    const trimmed = value?.trim();
    if (!trimmed) continue;
    if (kind === "name") {
      // A one-letter name would redact every word holding that letter in others' records.
      if (trimmed.length >= 2 && trimmed !== ERASED_LABEL) names.add(trimmed);
      continue;
    }
    const address = trimmed.toLowerCase();
    if (PLACEHOLDER.test(address) || !address.includes("@")) continue;
    addresses.add(address);
    if (kind === "personal") personal.add(address);
  }
  return { userId, addresses: [...addresses], personalAddresses: [...personal], names: [...names] };
}

export function addressHashesOf(subject: ErasureSubject): string[] {
  return subject.addresses.map(suppressedAddressHash);
}
