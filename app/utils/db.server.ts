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

export { CONNECTION_TIMEOUT_MS, createDb, migrateToLatest, migrateDown, pingDatabase, type DatabaseHandle } from "../../db/index";

/**
 * A PostgreSQL unique violation (SQLSTATE 23505), as pg and PGlite both report it: the sign that a
 * concurrent or repeated insert lost the race for a unique key, which callers turn into "already
 * exists" rather than an error.
 */
export function isUniqueViolation(error: unknown): error is { code: "23505"; constraint?: string } {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";
}

/**
 * The Retry-After (seconds) of a 503 answered because the database is unreachable: about what a
 * restart or a managed database's failover takes (docs/decisions/036).
 */
export const DATABASE_RETRY_AFTER_SECONDS = 30;

/**
 * SQLSTATEs of a server that cannot serve right now: class 08 (connection exceptions), 57P01–57P03
 * (shut down by an administrator, crashed, starting up or shutting down) and 53300 (too many
 * connections).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

/** Network errors of a connection that could not be made or was cut. */
const UNAVAILABLE_NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE"]);

/** What pg says, without a code, when a connection ends or cannot be had in time. */
const UNAVAILABLE_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable)/;

/**
 * Whether an error means the database cannot be reached (stopped, restarting, unreachable,
 * saturated), as opposed to a query that is wrong: the request is then answered 503 with
 * Retry-After instead of 500 (docs/decisions/036). Follows `cause` and an AggregateError's errors
 * (Node reports a refused connection to a name with several addresses that way).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 5) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === "string" && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_NETWORK_CODES.has(code))) return true;
  if (typeof message === "string" && UNAVAILABLE_MESSAGE.test(message)) return true;
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}
