import { rmSync } from "node:fs";
import pg from "pg";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { stopJobs } from "~/modules/jobs/boss.server";
import { prepareApplication } from "../../../server/boot";
import { jobDefinitions } from "../../../server/jobs";
import { servePortal, stopOnSignals } from "../../../server/serve";
import { truncateAll } from "../../support/empty-tables";

/**
 * The browser tests' portal process: `npm start`'s own start (server/serve.ts), plus what lets the
 * browser test files of one vitest worker share it (tests/e2e/support/portal.ts) instead of paying
 * a process start each (about 3 s of CPU). Between two files the test process asks, over the IPC
 * channel, for
 *   - "empty": the queue stops (running jobs finish), then every table with rows is emptied;
 *   - "prepare": the start-up steps run again (defaults, demo data, queue, the demo's exit
 *     invitations: server/boot.ts, prepareApplication), so the next file finds what a new start gives.
 * The test process clears its fake Resend's inbox between the two, once no job can send any more.
 * When the test process goes away (its IPC channel closes) the portal stops, as on SIGTERM, and
 * removes its scratch database: E2E_SCRATCH_DATA_DIR, or E2E_SCRATCH_DATABASE on the PostgreSQL
 * server of E2E_ADMIN_DATABASE_URL.
 */

export type PortalRequest = { type: "empty" } | { type: "prepare" } | { type: "userId"; email: string };
export type PortalAnswer =
  | { type: "emptied" }
  | { type: "prepared"; seeded: boolean }
  /** A seeded account's id, for links that name a person (an unsubscribe link): the test cannot open the portal's database. */
  | { type: "userId"; id: string | null }
  | { type: "failed"; message: string };

async function removeScratchDatabase() {
  const dataDir = process.env.E2E_SCRATCH_DATA_DIR;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  const name = process.env.E2E_SCRATCH_DATABASE;
  const adminUrl = process.env.E2E_ADMIN_DATABASE_URL;
  if (name && adminUrl) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`drop database if exists "${name.replaceAll('"', '""')}" with (force)`);
    } finally {
      await admin.end();
    }
  }
}

async function answer(request: PortalRequest): Promise<PortalAnswer> {
  const env = getEnv();
  switch (request.type) {
    case "empty":
      await stopJobs();
      await truncateAll(getDb());
      return { type: "emptied" };
    case "prepare": {
      const { seeded } = await prepareApplication({ env, work: env.RUN_WORKER, jobs: jobDefinitions });
      return { type: "prepared", seeded };
    }
    case "userId": {
      const user = await getDb().selectFrom("users").select("id").where("email", "=", request.email).executeTakeFirst();
      return { type: "userId", id: user?.id ?? null };
    }
  }
}

async function main() {
  if (!process.send) throw new Error("portal-server.ts is started by tests/e2e/support/portal.ts, with an IPC channel");
  const { server } = await servePortal(getEnv());
  const stop = stopOnSignals(server, removeScratchDatabase);
  process.on("disconnect", () => {
    // The test process is gone, and with it the other end of stdout and stderr: a late log line
    // must not end the shutdown with EPIPE before the scratch database is removed.
    for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
    stop("disconnect");
  });
  process.on("message", (request: PortalRequest) => {
    answer(request).then(
      (reply) => process.send?.(reply),
      (error: unknown) => process.send?.({ type: "failed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
}

main().catch(async (error) => {
  process.stderr.write(`The portal could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  await removeScratchDatabase().catch(() => {});
  process.exit(1);
});
