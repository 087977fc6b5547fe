import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";

/**
 * `npm run migration:new -- <name>`: creates db/migrations/<UTC date>T<hhmm>_<name>.ts with an
 * up/down skeleton and adds it, last, to db/migrations/index.ts (the in-code list the migrator
 * reads). The timestamp sorts after every existing migration, even when two are made in one minute.
 */

export const MIGRATION_FILE = /^(\d{4}-\d{2}-\d{2}T\d{4})_([a-z0-9_]+)\.ts$/;

const nameSchema = z
  .string({ message: "Give the migration a name: npm run migration:new -- add_alumni_phone" })
  .trim()
  .toLowerCase()
  .transform((name) => name.replace(/[\s-]+/g, "_"))
  .pipe(
    z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, "The name must start with a letter and use only letters, digits and underscores, e.g. add_alumni_phone")
      .max(60, "The name must be at most 60 characters"),
  );

export class MigrationNameError extends Error {
  name = "MigrationNameError";
}

function stamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}`;
}

function parseStamp(value: string): Date {
  return new Date(`${value.slice(0, 13)}:${value.slice(13, 15)}:00Z`);
}

function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

const SKELETON = `import type { Kysely } from "kysely";

/**
 * What this migration changes and why. Frozen in time: it takes Kysely<any> and imports nothing from
 * app/, so that later changes to the application cannot change what it does. Mirror a change of
 * tables or columns in db/schema.ts (a test compares the two).
 */
export async function up(db: Kysely<any>): Promise<void> {
  // For example: await db.schema.alterTable("users").addColumn("phone", "text").execute();
  void db;
}

export async function down(db: Kysely<any>): Promise<void> {
  // Undo up(), in reverse order.
  void db;
}
`;

/** Writes the new migration and lists it in index.ts; returns the new file's name. */
export function createMigration(options: { dir: string; name: unknown; now?: Date }): string {
  const parsed = nameSchema.safeParse(options.name);
  if (!parsed.success) throw new MigrationNameError(parsed.error.issues.map((issue) => issue.message).join("\n"));
  const name = parsed.data;

  const existing = readdirSync(options.dir)
    .map((file) => MIGRATION_FILE.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  if (existing.some((match) => match[2] === name)) {
    throw new MigrationNameError(`A migration named "${name}" already exists: choose another name.`);
  }
  let when = options.now ?? new Date();
  const last = existing.at(-1);
  if (last && stamp(when) <= last[1]!) when = new Date(parseStamp(last[1]!).getTime() + 60_000);
  const id = `${stamp(when)}_${name}`;

  const indexPath = join(options.dir, "index.ts");
  const index = readFileSync(indexPath, "utf8");
  const identifier = camelCase(name);
  const lastImport = [...index.matchAll(/^import \* as \w+ from "\.\/[^"]+";\n/gm)].at(-1);
  const listEnd = index.lastIndexOf("\n};");
  if (!lastImport || listEnd < 0) {
    throw new Error(`${indexPath} does not look as expected (imports, then "export const migrations = { … };"): add ${id} by hand.`);
  }
  if (new RegExp(`\\b${identifier}\\b`).test(index)) {
    throw new MigrationNameError(`index.ts already uses the name ${identifier}: choose another migration name.`);
  }
  const afterImports = lastImport.index + lastImport[0].length;
  const updated =
    index.slice(0, afterImports) +
    `import * as ${identifier} from "./${id}";\n` +
    index.slice(afterImports, listEnd) +
    `\n  "${id}": ${identifier},` +
    index.slice(listEnd);

  writeFileSync(join(options.dir, `${id}.ts`), SKELETON, { flag: "wx" });
  writeFileSync(indexPath, updated);
  return `${id}.ts`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    const file = createMigration({ dir: resolve("db/migrations"), name: process.argv.slice(2).join(" ") || undefined });
    process.stdout.write(`Created db/migrations/${file} and listed it in db/migrations/index.ts. Mirror its tables and columns in db/schema.ts.\n`);
  } catch (error) {
    if (!(error instanceof MigrationNameError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  }
}
