import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import PgBoss from "pg-boss";
import { createDb, migrateToLatest } from "../../db/index";
import { markTemplateCurrent, resetTemplateDir, TEMPLATE_DIR, templateIsCurrent, TEST_TMP } from "./template";

/**
 * Runs once before all test files. On the embedded database it prepares a migrated template folder
 * (with pg-boss's schema installed) that each test file copies. On PostgreSQL each file creates its
 * own database, so there is nothing to prepare.
 */
export default async function globalSetup() {
  if (!process.env.DATABASE_URL && !templateIsCurrent()) {
    resetTemplateDir();
    const handle = await createDb({ dataDir: TEMPLATE_DIR });
    await migrateToLatest(handle.db);
    const boss = new PgBoss({ db: { executeSql: handle.executeSql } });
    boss.on("error", () => {});
    await boss.start();
    await boss.stop({ graceful: false, wait: true, close: false });
    await handle.close();
    markTemplateCurrent();
  }
  return () => {
    // Each file removes its own copy; this sweeps what a crashed run left behind.
    let entries: string[] = [];
    try {
      entries = readdirSync(TEST_TMP);
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.startsWith("db-")) rmSync(join(TEST_TMP, entry), { recursive: true, force: true });
    }
  };
}
