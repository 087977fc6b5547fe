import { version } from "../../../package.json";
import type { DatabaseHandle } from "~/utils/db.server";
import { getDatabaseHandle, pingDatabase } from "~/utils/db.server";
import { isQueueRunning } from "~/modules/jobs/boss.server";
import { logger } from "~/modules/platform/logger.server";

/**
 * What /healthz reports. A load balancer reads the HTTP status (200 or 503); a person reads which
 * part failed. Error details stay in the log: the endpoint is public.
 */
export interface HealthReport {
  status: "ok" | "degraded";
  database:
    | { status: "ok"; kind: DatabaseHandle["kind"]; latencyMs: number }
    | { status: "error"; kind: DatabaseHandle["kind"] | "unknown"; latencyMs: number; reason: "timeout" | "unreachable" };
  /** The job queue of this process; "stopped" alone does not make the service degraded. */
  queue: { status: "ok" | "stopped" };
  /** The parts that make the service degraded, e.g. ["database"]. */
  failing: string[];
  version: string;
  uptimeSeconds: number;
}

export const DATABASE_TIMEOUT_MS = 2_000;

export interface HealthCheckOptions {
  /** Defaults to the process's database; tests pass another handle. */
  handle?: Pick<DatabaseHandle, "kind" | "db">;
  queueRunning?: boolean;
  timeoutMs?: number;
}

class TimeoutError extends Error {}

async function checkDatabase(
  handle: Pick<DatabaseHandle, "kind" | "db"> | undefined,
  timeoutMs: number,
): Promise<HealthReport["database"]> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  if (!handle) return { status: "error", kind: "unknown", latencyMs: 0, reason: "unreachable" };
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      pingDatabase(handle.db),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError()), timeoutMs);
      }),
    ]);
    return { status: "ok", kind: handle.kind, latencyMs: elapsed() };
  } catch (error) {
    const timedOut = error instanceof TimeoutError;
    logger.warn({ err: timedOut ? undefined : error, timeoutMs }, timedOut ? "health check: database too slow" : "health check: database failed");
    return { status: "error", kind: handle.kind, latencyMs: elapsed(), reason: timedOut ? "timeout" : "unreachable" };
  } finally {
    clearTimeout(timer);
  }
}

function currentHandle(): Pick<DatabaseHandle, "kind" | "db"> | undefined {
  try {
    return getDatabaseHandle();
  } catch {
    return undefined;
  }
}

export async function checkHealth(options: HealthCheckOptions = {}): Promise<HealthReport> {
  const database = await checkDatabase(options.handle ?? currentHandle(), options.timeoutMs ?? DATABASE_TIMEOUT_MS);
  const queueRunning = options.queueRunning ?? isQueueRunning();
  const failing = database.status === "ok" ? [] : ["database"];
  return {
    status: failing.length === 0 ? "ok" : "degraded",
    database,
    queue: { status: queueRunning ? "ok" : "stopped" },
    failing,
    version,
    uptimeSeconds: Math.floor(process.uptime()),
  };
}
