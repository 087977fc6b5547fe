import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { getEnv, InvalidEnvironmentError } from "~/utils/env.server";
import { bootApplication, shutdownApplication } from "./boot";
import { DataDirectoryBusyError } from "~/modules/platform/data-lock.server";
import { logger } from "~/modules/platform/logger.server";
import { jobDefinitions } from "./jobs";
import { createHttpApp } from "./app";
import { startupBanner } from "./startup-banner";

/** `npm start`: boot the database and queue, then serve the built Remix app. */
async function main() {
  const env = getEnv();
  const booted = await bootApplication({ env, work: env.RUN_WORKER, jobs: jobDefinitions });
  // SERVER_BUILD_PATH: another build of this app (the page benchmark's variant, scripts/bench/pages.ts).
  const build = (await import(pathToFileURL(resolve(process.env.SERVER_BUILD_PATH ?? "build/index.js")).href)) as ServerBuild;
  const app = createHttpApp({ build, env });
  const server = app.listen(env.PORT, env.HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.PORT;
    const url = env.APP_URL ?? `http://localhost:${port}`;
    logger.info({ url, database: booted.kind, worker: env.RUN_WORKER }, "portal listening");
    if (env.NODE_ENV !== "production") process.stdout.write(startupBanner(url, booted));
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: no new requests, finishing running jobs");
    server.close();
    server.closeIdleConnections?.();
    shutdownApplication()
      .then(() => process.exit(0))
      .catch((error) => {
        logger.error({ err: error }, "error during shutdown");
        process.exit(1);
      });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error) => {
  if (error instanceof InvalidEnvironmentError || error instanceof DataDirectoryBusyError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    logger.fatal({ err: error }, "the portal could not start");
    process.stderr.write(`The portal could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
