import { getEnv, InvalidEnvironmentError } from "~/utils/env.server";
import { bootApplication, shutdownApplication } from "../server/boot";
import { DataDirectoryBusyError } from "~/modules/platform/data-lock.server";
import { logger } from "~/modules/platform/logger.server";
import { jobDefinitions } from "../server/jobs";
import { surviveDatabaseOutages } from "../server/outage-guard";

/**
 * `npm run worker`: handles background jobs in a process of its own, so that web processes can run
 * with RUN_WORKER=false and scale separately. On the embedded database the web process already owns
 * the data folder, so a separate worker needs PostgreSQL (DATABASE_URL).
 */
async function main() {
  surviveDatabaseOutages();
  const env = getEnv();
  // Signals are handled from the first moment: a SIGTERM during start-up (the queue may already be
  // working while the demo data is still being added) waits for the start to end, then stops cleanly.
  const booted = bootApplication({ env, work: true, jobs: jobDefinitions });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker stopping: finishing running jobs");
    booted
      .catch(() => undefined)
      .then(() => shutdownApplication())
      .then(
        () => process.exit(0),
        (error) => {
          logger.error({ err: error }, "error during worker shutdown");
          process.exit(1);
        },
      );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  await booted;
  logger.info("worker started");
}

main().catch((error) => {
  const known = error instanceof InvalidEnvironmentError || error instanceof DataDirectoryBusyError;
  process.stderr.write(`${known ? error.message : `The worker could not start: ${error instanceof Error ? error.message : String(error)}`}\n`);
  process.exit(1);
});
