import { sql } from "kysely";
import { testDb } from "./database";

/**
 * The generic checks of the anonymity proofs (docs/decisions/008): every column of a row, every table
 * of the database, PostgreSQL's transaction stamp (xmin). Shared by the exit survey's proof
 * (tests/integration/exit/anonymity.test.ts) and the anonymous pulse's (tests/integration/pulse/).
 */

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const DAY = /^\d{4}-\d{2}-\d{2}$/;

export type Row = Record<string, unknown>;

export async function rowsOf(table: string, where: string, value: string): Promise<Row[]> {
  const { rows } = await sql<Row>`select * from ${sql.table(table)} where ${sql.ref(where)} = ${value}`.execute(testDb());
  return rows;
}

function leaves(value: unknown): unknown[] {
  if (value instanceof Date) return [value];
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(leaves);
  return [value];
}

/** Every way a response row points at the person: an empty list means it cannot be joined to them. */
export function linksIn(response: Row, facts: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const [column, value] of Object.entries(response)) {
    for (const leaf of leaves(value)) {
      if (leaf instanceof Date) found.push(`${column} holds an exact time (${leaf.toISOString()})`);
      else if (leaf !== null && facts.has(String(leaf).toLowerCase())) found.push(`${column} equals ${String(leaf)}`);
      else if (typeof leaf === "string") {
        for (const fact of facts) if (fact.length >= 8 && leaf.toLowerCase().includes(fact.toLowerCase())) found.push(`${column} contains ${fact}`);
      }
    }
  }
  return found;
}

export async function tables(): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select quote_ident(schemaname) || '.' || quote_ident(tablename) as name from pg_tables
    where schemaname in ('public', 'pgboss') and tablename not like 'kysely_migration%'
    order by 1`.execute(testDb());
  return rows.map((r) => r.name);
}

export async function tablesMentioning(text: string, except: string): Promise<string[]> {
  const hits: string[] = [];
  for (const table of await tables()) {
    if (table === except) continue;
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.raw(table)} t where t::text like ${`%${text}%`}`.execute(testDb());
    if (Number(rows[0]!.n) > 0) hits.push(table);
  }
  return hits;
}

/** Tables holding a live row written by the transaction with this id. */
export async function tablesWrittenBy(xmin: string, except: string): Promise<string[]> {
  const hits: string[] = [];
  for (const table of await tables()) {
    if (table === except) continue;
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.raw(table)} t where t.xmin::text = ${xmin}`.execute(testDb());
    if (Number(rows[0]!.n) > 0) hits.push(table);
  }
  return hits;
}


export function withoutXmin({ xmin: _xmin, ...row }: Row) {
  return row;
}
