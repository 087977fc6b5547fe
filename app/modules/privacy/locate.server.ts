import { sql, type RawBuilder } from "kysely";
import type { DB } from "~/utils/db.server";
import { REGISTRY, registryEntry, type Locator, type RegistryEntry } from "./registry";
import { addressHashesOf, type ErasureSubject } from "./subject.server";

/**
 * The registry's locators as SQL: which rows of an entry belong to (or mention) the person. Export
 * selects with it, erasure deletes or updates with it. Every value is a bound parameter; table and
 * column names come from the registry only.
 */

/** A table of the registry, qualified by its schema. */
export function tableOf(entry: Pick<RegistryEntry, "schema" | "table">, alias: string): RawBuilder<unknown> {
  return sql`${sql.id(entry.schema, entry.table)} as ${sql.id(alias)}`;
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
}

function htmlEscaped(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}

/**
 * A PostgreSQL regular expression (ARE, matched case-insensitively) for every way the person may be
 * written: their addresses, and their names as whole words, as typed, as JSON writes them and as
 * HTML escapes them. Null when there is nothing to look for.
 */
export function mentionPattern(subject: ErasureSubject): string | null {
  const terms = new Set<string>();
  for (const address of subject.addresses) terms.add(escapeRegex(address));
  for (const name of subject.names) {
    for (const form of new Set([name, JSON.stringify(name).slice(1, -1), htmlEscaped(name)])) terms.add(`\\m${escapeRegex(form)}\\M`);
  }
  if (terms.size === 0) return null;
  // Longest first: an address is matched whole before a name inside it.
  return [...terms].sort((a, b) => b.length - a.length).join("|");
}

const never = sql<boolean>`false`;

function locatorSql(locator: Locator, subject: ErasureSubject, alias: string, depth: number): RawBuilder<boolean> {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  switch (locator.by) {
    case "user":
      return sql<boolean>`${column(locator.column)} = ${subject.userId}`;
    case "userText":
      return sql<boolean>`(${column(locator.where.column)} = ${locator.where.equals} and ${column(locator.column)} = ${subject.userId})`;
    case "address":
      if (subject.addresses.length === 0) return never;
      return sql<boolean>`lower(${column(locator.column)}) in (${sql.join(subject.addresses)})`;
    case "mention": {
      const pattern = mentionPattern(subject);
      if (!pattern) return never;
      return sql<boolean>`(${column(locator.column)})::text ~* ${pattern}`;
    }
    case "addressHash": {
      const hashes = addressHashesOf(subject);
      if (hashes.length === 0) return never;
      return sql<boolean>`${column(locator.column)} in (${sql.join(hashes)})`;
    }
    case "parent": {
      const parent = registryEntry(locator.parent);
      const inner = `p${depth + 1}`;
      return sql<boolean>`${column(locator.column)} in (
        select ${sql.ref(`${inner}.${locator.parentColumn}`)} from ${tableOf(parent, inner)}
        where ${whereOf(parent, subject, inner, depth + 1)})`;
    }
  }
}

/** The rows of `entry` that belong to or mention the person, as a condition on `alias`. */
export function whereOf(entry: RegistryEntry, subject: ErasureSubject, alias = "t", depth = 0): RawBuilder<boolean> {
  if (entry.find.length === 0) return never;
  return sql<boolean>`(${sql.join(
    entry.find.map((locator) => locatorSql(locator, subject, alias, depth)),
    sql` or `,
  )})`;
}

/** Which of the registry's tables exist (pg-boss's appear once the queue has started). */
export async function existingTables(db: DB): Promise<Set<string>> {
  const { rows } = await sql<{ name: string }>`
    select table_schema || '.' || table_name as name from information_schema.tables
    where table_schema in ('public', 'pgboss')
  `.execute(db);
  const names = new Set(rows.map((row) => row.name));
  return new Set(REGISTRY.filter((entry) => names.has(`${entry.schema}.${entry.table}`)).map((entry) => entry.key));
}
