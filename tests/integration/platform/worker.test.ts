import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { migrateToLatest, setDatabaseHandle, type DatabaseHandle } from "~/utils/db.server";
import { jobDefinitions } from "../../../server/jobs";
import { startJobs, stopJobs } from "~/modules/jobs/boss.server";
import { sendEmail } from "~/modules/email/send-email.server";
import { createScratchDatabase, type ScratchDatabase } from "../../support/database";
import { nodeArgumentsFor } from "../../support/entry-bundle";

/**
 * `npm run worker` as its own process: on PostgreSQL it handles jobs that another process queued
 * and stops cleanly on SIGTERM; on the embedded database it refuses a folder the portal owns.
 */
let scratch: ScratchDatabase;

function startWorker() {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development", LOG_LEVEL: "warn", ...scratch.env };
  if (!scratch.env.DATABASE_URL) delete env.DATABASE_URL;
  delete env.RESEND_API_KEY;
  const child = spawn(process.execPath, nodeArgumentsFor("worker"), { env });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.on("close", (code) => done(code)));
  return { child, exited, output: () => output };
}

beforeAll(async () => {
  scratch = await createScratchDatabase();
});

afterAll(async () => {
  await scratch.cleanup();
});

describe("npm run worker", () => {
  // One behaviour per database: PGlite cannot be shared between processes, PostgreSQL can.
  it("refuses the embedded database while the portal owns it; on PostgreSQL delivers what another process queued", async () => {
    if (process.env.DATABASE_URL) {
      await deliversWhatAnotherProcessQueued();
      return;
    }
    writeFileSync(join(scratch.env.DATA_DIR!, "owner.pid"), String(process.pid));
    const worker = startWorker();
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain(`is in use by process ${process.pid}`);
  });

});

async function deliversWhatAnotherProcessQueued() {
  {
    let handle: DatabaseHandle | undefined;
    const worker = startWorker();
    try {
      // This test process plays the web process with RUN_WORKER=false: it only queues.
      handle = await scratch.open();
      // Both processes migrate the new database at start-up; Kysely's migration lock serialises them.
      await migrateToLatest(handle.db);
      setDatabaseHandle(handle);
      await startJobs({ work: false, jobs: jobDefinitions });
      const { emailId } = await sendEmail({
        to: "someone@example.com",
        template: "magic-link",
        props: { url: "http://localhost:3000/login/magic/abc", expiresInMinutes: 15 },
        locale: "en",
      });
      const deadline = Date.now() + 60_000;
      let status = "queued";
      while (status === "queued" && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        const row = await handle.db.selectFrom("emails").select("status").where("id", "=", emailId).executeTakeFirstOrThrow();
        status = row.status;
      }
      expect(status, worker.output()).toBe("captured");
    } finally {
      worker.child.kill("SIGTERM");
      await stopJobs(5_000);
      setDatabaseHandle(undefined);
      await handle?.close();
    }
    expect(await worker.exited).toBe(0);
  }
}
