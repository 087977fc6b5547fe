import { sql } from "kysely";
import type { DB } from "~/utils/db.server";
import { existingTables, tableOf, whereOf } from "./locate.server";
import { REGISTRY, type LocalizedDescription } from "./registry";
import { collectSubject } from "./subject.server";

/** One registry entry's rows for a person: what "Download my data" shows per table. */
export interface PersonalDataSection {
  table: string;
  description: LocalizedDescription | string;
  rows: Record<string, unknown>[];
}

/**
 * Everything the registry finds for the person, entry by entry (registry order), without the
 * columns an entry marks secret (hashed tokens, ciphertext) and without the entries it leaves out
 * of an export (other people's records that mention the person). Driven by the registry alone: a
 * table added to it is exported with no code here.
 */
export async function personalDataOf(db: DB, userId: string): Promise<PersonalDataSection[]> {
  const subject = await collectSubject(db, userId);
  const present = await existingTables(db);
  const sections: PersonalDataSection[] = [];
  for (const entry of REGISTRY) {
    if (entry.export || !present.has(entry.key)) continue;
    const { rows } = await sql<Record<string, unknown>>`
      select t.* from ${tableOf(entry, "t")} where ${whereOf(entry, subject)}
    `.execute(db);
    const secret = new Set(entry.secretColumns ?? []);
    sections.push({
      table: entry.table,
      description: entry.description,
      rows: rows.map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => !secret.has(column)))),
    });
  }
  return sections;
}
