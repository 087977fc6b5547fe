import { mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import PgBoss from "pg-boss";
import { createDb, migrateToLatest } from "../../db/index";
import { buildEntryBundles } from "./entry-bundle";
import { markTemplateCurrent, TEMPLATE_DIR, templateIsCurrent, TEST_TMP } from "./template";

/**
 * Runs once before all test files. On the embedded database it prepares a migrated template folder
 * (with pg-boss's schema installed) that each test file copies; on PostgreSQL each file creates its
 * own database. Either way it bundles the entry points that tests start as child processes.
 */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export default async function globalSetup() {
  mkdirSync(TEST_TMP, { recursive: true });
  const bundling = buildEntryBundles();
  if (!process.env.DATABASE_URL && !templateIsCurrent()) {
    // Built aside and moved into place, so that a concurrent run never copies a half-built template.
    const building = `${TEMPLATE_DIR}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    const handle = await createDb({ dataDir: building });
    await migrateToLatest(handle.db);
    const boss = new PgBoss({ db: { executeSql: handle.executeSql } });
    boss.on("error", () => {});
    await boss.start();
    await boss.stop({ graceful: false, wait: true, close: false });
    await handle.close();
    markTemplateCurrent(building);
    rmSync(TEMPLATE_DIR, { recursive: true, force: true });
    renameSync(building, TEMPLATE_DIR);
  }
  await bundling;
  return () => {
    // Each file removes its own copy; this sweeps what a crashed run left behind.
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
  };
}
