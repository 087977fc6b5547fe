import { resolve } from "node:path";
import { sql } from "kysely";
import { testDb, useTestDatabase } from "../../support/database";
import { readDeclaredSchema, type DeclaredColumn, type TypeKind } from "../../support/schema-types";

useTestDatabase();

/**
 * db/schema.ts is written by hand beside the migrations: it must describe the tables the migrations
 * make, column for column, or queries type-check against columns that do not exist (or miss ones
 * that do). The migrated database's catalogue is compared with the types TypeScript reads there.
 */

interface CatalogueColumn {
  table_name: string;
  column_name: string;
  is_nullable: "YES" | "NO";
  data_type: string;
  udt_name: string;
}

/** What each PostgreSQL type reads as in the application (pg and PGlite, with db/index.ts's parsers). */
const KIND_OF_SQL_TYPE: Record<string, TypeKind[]> = {
  uuid: ["string"],
  text: ["string"],
  varchar: ["string"],
  // Kept as "YYYY-MM-DD" text by the date type parser (db/index.ts).
  date: ["string"],
  // node-postgres reads int8 as a string (it may not fit a JavaScript number).
  int8: ["string"],
  int4: ["number"],
  int2: ["number"],
  // Both drivers read double precision as a JavaScript number (the provider rate limit's tokens).
  float8: ["number"],
  // Both drivers read numeric as a string, exact (the comment scores and their sums).
  numeric: ["string"],
  bool: ["boolean"],
  timestamptz: ["Date"],
  jsonb: ["json", "object", "array"],
  // Bytes: a Buffer from node-postgres, a Uint8Array from PGlite (the data export archives).
  bytea: ["object"],
};

function mismatch(column: CatalogueColumn, declared: DeclaredColumn): string | null {
  const where = `${column.table_name}.${column.column_name}`;
  const nullable = column.is_nullable === "YES";
  if (declared.nullable !== nullable) {
    return `${where}: the database says ${nullable ? "nullable" : "not null"}, schema.ts says ${declared.text}`;
  }
  const isArray = column.udt_name.startsWith("_");
  const sqlType = isArray ? column.udt_name.slice(1) : column.udt_name;
  const expected = KIND_OF_SQL_TYPE[sqlType];
  if (!expected) return `${where}: ${column.data_type} (${column.udt_name}) has no mapping in this test: add one`;
  if (isArray) {
    if (declared.kind !== "array" || !declared.element || !expected.includes(declared.element)) {
      return `${where}: the database has ${sqlType}[], schema.ts says ${declared.text}`;
    }
  } else if (!expected.includes(declared.kind)) {
    return `${where}: the database has ${column.data_type}, read as ${expected.join(" or ")}; schema.ts says ${declared.text}`;
  }
  return null;
}

describe("db/schema.ts", () => {
  it("declares exactly the tables and columns the migrations create, with their nullability and types", async () => {
    const declared = readDeclaredSchema(resolve("db/schema.ts"));
    const { rows } = await sql<CatalogueColumn>`
      select table_name, column_name, is_nullable, data_type, udt_name
      from information_schema.columns
      where table_schema = 'public' and table_name not like 'kysely_migration%'
      order by table_name, ordinal_position
    `.execute(testDb());

    const problems: string[] = [];
    const inDatabase = new Map<string, Set<string>>();
    for (const column of rows) {
      const columns = inDatabase.get(column.table_name) ?? new Set<string>();
      columns.add(column.column_name);
      inDatabase.set(column.table_name, columns);
      const declaredTable = declared[column.table_name];
      if (!declaredTable) continue;
      const declaredColumn = declaredTable[column.column_name];
      if (!declaredColumn) {
        problems.push(`${column.table_name}.${column.column_name}: made by a migration, missing from schema.ts`);
        continue;
      }
      const problem = mismatch(column, declaredColumn);
      if (problem) problems.push(problem);
    }
    for (const table of inDatabase.keys()) {
      if (!declared[table]) problems.push(`${table}: a table made by a migration, missing from the Database interface of schema.ts`);
    }
    for (const [table, columns] of Object.entries(declared)) {
      const existing = inDatabase.get(table);
      if (!existing) {
        problems.push(`${table}: in schema.ts, but no migration creates it`);
        continue;
      }
      for (const column of Object.keys(columns)) {
        if (!existing.has(column)) problems.push(`${table}.${column}: in schema.ts, but no migration creates it`);
      }
    }
    expect(problems).toEqual([]);
    // The comparison read something: every table of both sides.
    expect(inDatabase.size).toBeGreaterThan(30);
  });
});
