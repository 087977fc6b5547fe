import { pingDatabase, setDatabaseHandle } from "~/utils/db.server";
import { jobDefinitions } from "../../../server/jobs";
import { startJobs, stopJobs } from "~/modules/jobs/boss.server";
import { checkHealth } from "~/modules/admin/health.server";
import { loader } from "~/routes/healthz";
import { version } from "../../../package.json";
import { createScratchDatabase, testDatabaseHandle, useTestDatabase } from "../../support/database";
import { useJobQueue } from "../../support/job-queue";

useTestDatabase();
useJobQueue();

async function getHealth() {
  const response = await loader();
  return { response, body: (await response.json()) as Record<string, any> };
}

describe("GET /healthz", () => {
  it("answers 200 ok with the database kind, its latency, the queue, the version and the uptime", async () => {
    const { response, body } = await getHealth();

    expect(response.status).toBe(200);
    expect(body).toMatchObject({
      status: "ok",
      database: { status: "ok", kind: testDatabaseHandle().kind },
      queue: { status: "ok" },
      failing: [],
      version,
    });
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect(body.database.latencyMs).toBeLessThan(2_000);
    expect(Number.isInteger(body.uptimeSeconds)).toBe(true);
  });

  it("is never cached", async () => {
    const { response } = await getHealth();
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });

  it("answers 503 degraded, naming the database, when the database is closed", async () => {
    // A database of its own (a copy of the template: creating an empty one costs seconds).
    const scratch = await createScratchDatabase();
    try {
      const closed = await scratch.open();
      // Kysely only really closes a driver it has started: use it once, then close it.
      await pingDatabase(closed.db);
      await closed.close();
      setDatabaseHandle(closed);

      const { response, body } = await getHealth();

      expect(response.status).toBe(503);
      expect(response.headers.get("Cache-Control")).toBe("no-store");
      expect(body).toMatchObject({
        status: "degraded",
        failing: ["database"],
        database: { status: "error", reason: "unreachable" },
      });
    } finally {
      setDatabaseHandle(testDatabaseHandle());
      await scratch.cleanup();
    }
  });

  it("reports the queue as stopped when this process runs no queue, without calling the service degraded", async () => {
    await stopJobs(5_000);
    try {
      const { response, body } = await getHealth();
      expect(response.status).toBe(200);
      expect(body.status).toBe("ok");
      expect(body.queue).toEqual({ status: "stopped" });
    } finally {
      await startJobs({ work: false, jobs: jobDefinitions });
    }
  });
});

describe("checkHealth", () => {
  it("calls the database degraded when it takes longer than the limit to answer", async () => {
    const hanging = { kind: "pg" as const, db: { executeQuery: () => new Promise(() => {}) } };
    const report = await checkHealth({ handle: hanging as never, timeoutMs: 50, queueRunning: true });

    expect(report.status).toBe("degraded");
    expect(report.failing).toEqual(["database"]);
    expect(report.database).toMatchObject({ status: "error", kind: "pg", reason: "timeout" });
    expect(report.database.latencyMs).toBeGreaterThanOrEqual(45);
  });
});
