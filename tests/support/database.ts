import { rmSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { createDb, migrateToLatest, type DatabaseHandle } from "../../db/index";
import { setDatabaseHandle } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { keepDatabase, rememberTemplateFingerprint, takeKeptDatabase } from "./kept-database";
import { copyTemplate, PG_TEMPLATE_VARIABLE } from "./template";
import { truncateAll } from "./empty-tables";

export { truncateAll };

let current: DatabaseHandle | undefined;

/** The database of the running test file. */
export function testDb() {
  if (!current) throw new Error("useTestDatabase() must be called at the top of the test file");
  return current.db;
}

export function testDatabaseHandle(): DatabaseHandle {
  if (!current) throw new Error("useTestDatabase() must be called at the top of the test file");
  return current;
}

/**
 * A database for this test file alone: a copy of the migrated PGlite template (or the one the
 * previous file of this worker process kept, if it is still as good as a copy: kept-database.ts),
 * or, when DATABASE_URL is set, a new PostgreSQL database created for the file and dropped after it
 * (parallel files never share tables). Every test starts from empty tables.
 */
export function useTestDatabase() {
  refuseInUnitTests();
  let cleanup: () => Promise<void> = async () => {};

  beforeAll(async () => {
    resetEnvCache();
    const opened = await openTestDatabase();
    current = opened.handle;
    cleanup = opened.cleanup;
    setDatabaseHandle(current);
  });

  beforeEach(async () => {
    await truncateAll(testDb());
  });

  afterAll(async () => {
    setDatabaseHandle(undefined);
    current = undefined;
    await cleanup();
  });
}

/** Unit tests run without a database: one that needs it belongs in tests/integration. */
function refuseInUnitTests() {
  const testPath = expect.getState().testPath ?? "";
  if (/[\\/]tests[\\/]unit[\\/]/.test(testPath)) {
    throw new Error(`${testPath} uses the database: move it to tests/integration (unit tests run without one).`);
  }
}

/** The file's database, and what to do with it when the file ends (close and drop, or keep it). */
async function openTestDatabase(): Promise<{ handle: DatabaseHandle; cleanup: () => Promise<void> }> {
  if (!process.env.DATABASE_URL) {
    const kept = await takeKeptDatabase();
    if (kept) return { handle: kept.handle, cleanup: async () => keepDatabase(kept.handle, kept.dir) };
    const dir = copyTemplate();
    const handle = await createDb({ dataDir: dir });
    await rememberTemplateFingerprint(handle);
    return { handle, cleanup: async () => keepDatabase(handle, dir) };
  }
  const scratch = await createScratchDatabase({ migrated: true });
  const handle = await scratch.open();
  // Without the run's template (a setup of its own), a new PostgreSQL database is migrated here.
  if (!process.env[PG_TEMPLATE_VARIABLE]) await migrateToLatest(handle.db);
  return {
    handle,
    cleanup: async () => {
      await handle.close();
      await scratch.cleanup();
    },
  };
}

export interface ScratchDatabase {
  /** Environment that points a child process (server, CLI) at this database. */
  env: { DATABASE_URL?: string; DATA_DIR?: string };
  /** Opens it in this process. */
  open(): Promise<DatabaseHandle>;
  cleanup(): Promise<void>;
}

/**
 * A database of its own for a test file or a child process: a copy of the migrated PGlite template,
 * or, when DATABASE_URL is set, a new PostgreSQL database on that server, dropped by cleanup():
 * empty (as an installation starts), or with `migrated` a clone of the run's migrated template
 * (tests/support/global-setup.ts).
 */
export async function createScratchDatabase(options: { migrated?: boolean } = {}): Promise<ScratchDatabase> {
  refuseInUnitTests();
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const dir = copyTemplate();
    return {
      env: { DATA_DIR: dir },
      open: () => createDb({ dataDir: dir }),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `test_${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  const template = options.migrated ? process.env[PG_TEMPLATE_VARIABLE] : undefined;
  await admin.query(template ? `create database "${name}" template "${template}"` : `create database "${name}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    open: () => createDb({ databaseUrl: url.toString(), poolSize: 5 }),
    cleanup: async () => {
      const dropper = new pg.Client({ connectionString: baseUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}
