import type { Kysely } from "kysely";
import type { Database, DatabaseHandle } from "../../db/index";
import { getSingleton, setSingleton } from "./singleton.server";

export type { Database } from "../../db/index";
export type DB = Kysely<Database>;

const KEY = "database";

/**
 * The process's one database handle. It is opened at boot (server, worker, CLI, test setup), never
 * on the first request: PGlite takes seconds to start and may be opened by one owner only.
 */
export function getDatabaseHandle(): DatabaseHandle {
  const handle = getSingleton<DatabaseHandle>(KEY);
  if (!handle) {
    throw new Error("The database is not open: call openDatabase() at start-up before handling requests");
  }
  return handle;
}

export function getDb(): DB {
  return getDatabaseHandle().db;
}

/** Whether this process has its database open (the CLI's programme opens its own). */
export function isDatabaseOpen(): boolean {
  return getSingleton<DatabaseHandle>(KEY) !== undefined;
}

export function setDatabaseHandle(handle: DatabaseHandle | undefined) {
  setSingleton(KEY, handle);
}

export { createDb, migrateToLatest, migrateDown, pingDatabase, type DatabaseHandle } from "../../db/index";

/**
 * A PostgreSQL unique violation (SQLSTATE 23505), as pg and PGlite both report it: the sign that a
 * concurrent or repeated insert lost the race for a unique key, which callers turn into "already
 * exists" rather than an error.
 */
export function isUniqueViolation(error: unknown): error is { code: "23505"; constraint?: string } {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";
}
