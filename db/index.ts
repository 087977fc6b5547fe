import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { withNamedStatements } from "./pglite-statements";
import { CompiledQuery, Kysely, Migrator, PostgresDialect, type MigrationResultSet } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { migrations } from "./migrations/index";
import type { Database } from "./schema";

export type { Database } from "./schema";

/** A query runner shaped like pg's `pool.query`, used by libraries that want raw SQL (pg-boss, rate limits). */
export interface RawSqlClient {
  query(
    text: string | { text: string; values?: unknown[] },
    values?: unknown[],
  ): Promise<{ rows: any[]; rowCount: number }>;
}

export interface DatabaseHandle {
  kind: "pg" | "pglite";
  db: Kysely<Database>;
  /** Where the data lives: the folder for PGlite, the URL without password for pg. */
  location: string;
  /** For pg-boss's custom `db` option: runs a (possibly multi-statement) script and returns every row. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
  raw: RawSqlClient;
  /** The connection string for libraries that open their own pool (pg only). */
  connectionString?: string;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  databaseUrl?: string;
  /** Folder for the embedded database; "memory://" for an in-memory one. */
  dataDir?: string;
  /** Maximum pool size on PostgreSQL. */
  poolSize?: number;
}

// pg returns bigint (int8) as strings by default; counts and identities stay strings on both
// drivers so that code does not depend on which one runs. Timestamps come back as Date on both;
// `date` columns as "YYYY-MM-DD" strings on both: a calendar day has no time zone, and turning it
// into a Date at local midnight shifts it by a day somewhere.
const DATE_OID = 1082;
const keepDateAsText = (value: string) => value;
pg.types.setTypeParser(DATE_OID, keepDateAsText);

export async function createDb(options: CreateDbOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return createPgDb(options.databaseUrl, options.poolSize ?? 10);
  return createPgliteDb(options.dataDir ?? "./.data");
}

/**
 * How long a request waits for a connection (a new one, or a free one of a full pool) before it
 * fails: a server that is down refuses at once, but one that is unreachable (a network fault) or
 * saturated would otherwise hold every request until the operating system gives up, about two
 * minutes. Past this, the request is answered 503 (docs/decisions/036).
 */
export const CONNECTION_TIMEOUT_MS = 5_000;

function createPgDb(databaseUrl: string, poolSize: number): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
    // TCP keep-alive probes notice a server that vanished without closing its connections (a host
    // or network failure), so that those connections are dropped instead of reused.
    keepAlive: true,
  });
  // An idle client error (server restart) must not crash the process; the pool replaces the client.
  pool.on("error", () => {});
  // Nor may a client's error while it is checked out: the pool listens only to idle clients, and a
  // server that goes away ends a connection Kysely holds between a failed query and its release
  // ("Connection terminated unexpectedly", emitted with no listener: the process would exit). The
  // query has failed already; the pool drops the broken client when it is released (ADR 036).
  pool.on("connect", (client) => client.on("error", () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const raw: RawSqlClient = {
    async query(text, values) {
      const query = typeof text === "string" ? { text, values } : text;
      const result = await pool.query(query.text, query.values as unknown[] | undefined);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
  };
  return {
    kind: "pg",
    db,
    location: redactUrl(databaseUrl),
    connectionString: databaseUrl,
    raw,
    async executeSql(text, values) {
      const result = await pool.query(text, values as unknown[] | undefined);
      const results = Array.isArray(result) ? result : [result];
      return { rows: results.flatMap((r: pg.QueryResult) => r.rows ?? []) };
    },
    async close() {
      await db.destroy();
    },
  };
}

async function createPgliteDb(dataDir: string): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith("memory://");
  const location = inMemory ? dataDir : resolve(dataDir, "pglite");
  // PGlite does not create parent folders.
  if (!inMemory) mkdirSync(location, { recursive: true });
  // One options object: with `undefined` as its first argument (memory://), `create` drops the second.
  const pglite = await PGlite.create({ dataDir: inMemory ? undefined : location, parsers: { [DATE_OID]: keepDateAsText } });
  // Kysely's statements prepared once by name (db/pglite-statements.ts); the dialect only calls
  // `query` and `close` on the client it is given.
  const db = new Kysely<Database>({ dialect: new PGliteDialect(withNamedStatements(pglite) as unknown as PGlite) });

  // PGlite is a single session. Raw SQL must go through Kysely's connection so that it never runs
  // inside (and commits) a transaction Kysely holds open (docs/decisions/003).
  const onConnection = <T>(fn: () => Promise<T>) => db.connection().execute(() => fn());

  const raw: RawSqlClient = {
    query(text, values) {
      const query = typeof text === "string" ? { text, values } : text;
      return onConnection(async () => {
        const result = await pglite.query(query.text, (query.values ?? []) as unknown[]);
        // PGlite's affectedRows is 0 for a SELECT; pg's rowCount counts returned rows there.
        return { rows: result.rows as any[], rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
      });
    },
  };

  return {
    kind: "pglite",
    db,
    location,
    raw,
    executeSql(text, values) {
      return onConnection(async () => {
        if (values && values.length > 0) {
          const result = await pglite.query(text, values as unknown[]);
          return { rows: result.rows as any[] };
        }
        // pg-boss sends multi-statement scripts (BEGIN; …; COMMIT;) and needs every statement's rows.
        const results = await pglite.exec(text);
        return { rows: results.flatMap((r) => r.rows as any[]) };
      });
    },
    async close() {
      await db.destroy();
      // Kysely skips its driver's shutdown when no query ever ran: close PGlite ourselves.
      if (!pglite.closed) await pglite.close();
    },
  };
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgresql://(invalid)";
  }
}

export function createMigrator(db: Kysely<Database>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
}

export interface MigrationOutcome {
  /** True when the database had no migration applied before this run: a brand-new database. */
  wasEmpty: boolean;
  applied: string[];
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationOutcome> {
  const migrator = createMigrator(db);
  const before = await migrator.getMigrations();
  const wasEmpty = before.every((m) => m.executedAt === undefined);
  const { error, results } = await migrator.migrateToLatest();
  throwOnMigrationError(error, results);
  return {
    wasEmpty,
    applied: (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName),
  };
}

/** Reverts the latest migration. */
export async function migrateDown(db: Kysely<Database>): Promise<string[]> {
  const { error, results } = await createMigrator(db).migrateDown();
  throwOnMigrationError(error, results);
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

function throwOnMigrationError(error: unknown, results: MigrationResultSet["results"]) {
  if (!error) return;
  const failed = results?.find((r) => r.status === "Error");
  const cause = error instanceof Error ? error.message : String(error);
  throw new Error(`Migration ${failed?.migrationName ?? "(unknown)"} failed: ${cause}`, { cause: error });
}

/** Checks the database answers; used by /healthz. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await db.executeQuery(CompiledQuery.raw("select 1"));
}
