import { mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { createDb, migrateToLatest, type DatabaseHandle } from "../../db/index";
import { buildEntryBundles } from "./entry-bundle";
import { markTemplateCurrent, PG_TEMPLATE_VARIABLE, TEMPLATE_DIR, templateIsCurrent, TEST_TMP } from "./template";

/**
 * Runs once before all test files. It prepares the database every test file starts from, migrated
 * and with the job queues created (creating them cost each file using the queue 0.5 to 0.9 s of
 * CPU): on the embedded database a template folder that each file copies (kept between runs while
 * the migrations and jobs are unchanged), on PostgreSQL a template database that each file clones
 * with CREATE DATABASE … TEMPLATE (made for the run and dropped after it). It also bundles the entry
 * points that tests start as child processes.
 *
 * Vitest calls it once per project (and for the root): only the first call does the work.
 */
const once = globalThis as { __alumniTestSetup?: Promise<() => Promise<void>> };

export default async function globalSetup() {
  if (once.__alumniTestSetup) {
    await once.__alumniTestSetup;
    return;
  }
  once.__alumniTestSetup = prepare();
  return once.__alumniTestSetup;
}

async function prepare(): Promise<() => Promise<void>> {
  mkdirSync(TEST_TMP, { recursive: true });
  const bundling = buildEntryBundles();
  let dropPgTemplate = async () => {};
  if (process.env.DATABASE_URL) {
    dropPgTemplate = await createPgTemplate(process.env.DATABASE_URL);
  } else if (!templateIsCurrent()) {
    // Built aside and moved into place, so that a concurrent run never copies a half-built template.
    const building = `${TEMPLATE_DIR}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    await prepareDatabase(await createDb({ dataDir: building }));
    markTemplateCurrent(building);
    rmSync(TEMPLATE_DIR, { recursive: true, force: true });
    renameSync(building, TEMPLATE_DIR);
  }
  await bundling;
  return async () => {
    await dropPgTemplate();
    sweepLeftovers();
  };
}

/** Migrates the database and creates the job queues as the application does, then closes it. */
async function prepareDatabase(handle: DatabaseHandle) {
  const { setDatabaseHandle } = await import("~/utils/db.server");
  const { startJobs, stopJobs } = await import("~/modules/jobs/boss.server");
  const { jobDefinitions } = await import("../../server/jobs");
  try {
    await migrateToLatest(handle.db);
    setDatabaseHandle(handle);
    await startJobs({ work: false, jobs: jobDefinitions });
    await stopJobs(5_000);
  } finally {
    setDatabaseHandle(undefined);
    await handle.close();
  }
}

async function createPgTemplate(baseUrl: string): Promise<() => Promise<void>> {
  const url = new URL(baseUrl);
  const name = `${url.pathname.slice(1) || "postgres"}`.slice(0, 40) + `_tpl_${process.pid}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`drop database if exists "${name}" with (force)`);
  await admin(`create database "${name}"`);
  url.pathname = `/${name}`;
  await prepareDatabase(await createDb({ databaseUrl: url.toString(), poolSize: 2 }));
  process.env[PG_TEMPLATE_VARIABLE] = name;
  return async () => {
    delete process.env[PG_TEMPLATE_VARIABLE];
    await admin(`drop database if exists "${name}" with (force)`);
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Each file removes its own copy; this sweeps what a crashed run left behind. */
function sweepLeftovers() {
  let entries: string[] = [];
  try {
    entries = readdirSync(TEST_TMP);
  } catch {
    return;
  }
  for (const entry of entries) {
    // Only copies whose test process has ended: other runs may share this folder.
    const pid = Number(/^db-(\d+)-/.exec(entry)?.[1]);
    if (pid && !isAlive(pid)) rmSync(join(TEST_TMP, entry), { recursive: true, force: true });
  }
}
