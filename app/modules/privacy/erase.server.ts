import { sql, type RawBuilder } from "kysely";
import { suppressedAddressHash } from "~/modules/email/suppressed-addresses.server";
import type { DB } from "~/utils/db.server";
import { existingTables, mentionPattern, tableOf, whereOf } from "./locate.server";
import { REGISTRY, type ColumnErasure, type RegistryEntry } from "./registry";
import { collectSubject, ERASED_LABEL, type ErasureSubject } from "./subject.server";

/**
 * Erasure itself: every registry entry, in registry order, inside the caller's transaction (one
 * transaction: the person is erased entirely or not at all, and a retry starts over cleanly).
 * Answers the rows changed per entry key. Idempotent: a second run finds nothing left to change
 * (the addresses and names it looks for are gone), and the hashed suppressions are already there.
 */
export async function erasePersonalData(trx: DB, userId: string): Promise<Record<string, number>> {
  const subject = await collectSubject(trx, userId);
  const present = await existingTables(trx);
  const jsonColumns = await jsonbColumns(trx);
  // The consent ledger's documented bypass (migration 2026-11-27T1400, ADR 030): its trigger lets a
  // DELETE through when this transaction-local setting is on. Set here only, off again below.
  await sql`select set_config('app.consent_erasure', 'on', true)`.execute(trx);
  const counts: Record<string, number> = {};
  for (const entry of REGISTRY) {
    if (entry.erasure === "keep" || !present.has(entry.key)) continue;
    const changed = entry.erasure === "delete" ? await deleteRows(trx, entry, subject) : await anonymiseRows(trx, entry, subject, jsonColumns);
    if (changed > 0) counts[entry.key] = changed;
  }
  await sql`select set_config('app.consent_erasure', '', true)`.execute(trx);
  // What stays of the addresses: their keyed hashes, so that no audience mails the person again.
  const hashes = [...new Set(subject.personalAddresses.map(suppressedAddressHash))];
  if (hashes.length > 0) {
    await trx
      .insertInto("suppressed_address_hashes")
      .values(hashes.map((hash) => ({ hash })))
      .onConflict((oc) => oc.column("hash").doNothing())
      .execute();
  }
  await trx.updateTable("users").set({ status: "disabled", updated_at: new Date() }).where("id", "=", userId).execute();
  return counts;
}

async function deleteRows(trx: DB, entry: RegistryEntry, subject: ErasureSubject): Promise<number> {
  const result = await sql`delete from ${tableOf(entry, "t")} where ${whereOf(entry, subject)}`.execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}

async function anonymiseRows(trx: DB, entry: RegistryEntry, subject: ErasureSubject, jsonColumns: Set<string>): Promise<number> {
  const pattern = mentionPattern(subject);
  const assignments: RawBuilder<unknown>[] = [];
  for (const [column, erasure] of Object.entries(entry.columns)) {
    const value = newValue(entry, column, erasure, subject, pattern, jsonColumns.has(`${entry.schema}.${entry.table}.${column}`));
    if (value) assignments.push(sql`${sql.id(column)} = ${value}`);
  }
  if (assignments.length === 0) return 0;
  const result = await sql`update ${tableOf(entry, "t")} set ${sql.join(assignments)} where ${whereOf(entry, subject)}`.execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}

/** The expression a column is set to, or null when erasure leaves it. */
function newValue(
  entry: RegistryEntry,
  column: string,
  erasure: ColumnErasure,
  subject: ErasureSubject,
  pattern: string | null,
  isJson: boolean,
): RawBuilder<unknown> | null {
  const current = sql.ref(`t.${column}`);
  const redact = (text: RawBuilder<unknown>) => (pattern ? sql`regexp_replace(${text}, ${pattern}, ${ERASED_LABEL}, 'gi')` : text);
  switch (erasure.action) {
    case "null":
      return sql`null`;
    case "replace":
      return erasure.with === "erasedName"
        ? sql`${ERASED_LABEL}`
        : sql`'erased-' || ${sql.ref(`t.${entry.rowId ?? "id"}`)}::text || '@erased.invalid'`;
    case "redact":
      if (!pattern) return null;
      return isJson ? sql`(${redact(sql`${current}::text`)})::jsonb` : redact(sql`${current}`);
    case "redactLines": {
      if (subject.addresses.length === 0) return null;
      // Newline-sensitive ('n'): each line that holds an address goes, with its line break.
      const lines = `^.*(?:${subject.addresses.map((address) => address.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&")).join("|")}).*\\n?`;
      return redact(sql`regexp_replace(${current}, ${lines}, '', 'gin')`);
    }
    case "delete":
    case "keep":
      return null;
  }
}

/** "schema.table.column" of every jsonb column: redaction goes through their text. */
async function jsonbColumns(trx: DB): Promise<Set<string>> {
  const { rows } = await sql<{ name: string }>`
    select table_schema || '.' || table_name || '.' || column_name as name from information_schema.columns
    where table_schema in ('public', 'pgboss') and data_type = 'jsonb'
  `.execute(trx);
  return new Set(rows.map((row) => row.name));
}
