import { createServer, type Server } from "node:http";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import type { Env } from "~/utils/env.server";
import { bootApplication, shutdownApplication } from "./boot";
import { logger } from "~/modules/platform/logger.server";
import { jobDefinitions } from "./jobs";
import { createRequestListener } from "./app";
import { startupBanner } from "./startup-banner";

/**
 * What `npm start` does (server/index.ts): boot the database and queue, then serve the built Remix
 * app; resolves once it listens. The browser tests' portal (tests/e2e/support/portal-server.ts)
 * starts the same way.
 */
export async function servePortal(env: Env): Promise<{ server: Server; booted: Awaited<ReturnType<typeof bootApplication>> }> {
  const booted = await bootApplication({ env, work: env.RUN_WORKER, jobs: jobDefinitions });
  // SERVER_BUILD_PATH: another build of this app (the page benchmark's variant, scripts/bench/pages.ts).
  const build = (await import(pathToFileURL(resolve(process.env.SERVER_BUILD_PATH ?? "build/index.js")).href)) as ServerBuild;
  // Tracked links in front of express, everything else through it (ADR 020).
  const server = createServer(createRequestListener({ build, env }));
  await new Promise<void>((listening, failed) => {
    // A port already in use: the start fails with the reason.
    server.once("error", failed);
    server.listen(env.PORT, env.HOST, () => listening());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  const url = env.APP_URL ?? `http://localhost:${port}`;
  logger.info({ url, database: booted.kind, worker: env.RUN_WORKER }, "portal listening");
  if (env.NODE_ENV !== "production") process.stdout.write(startupBanner(url, booted));
  return { server, booted };
}

/**
 * Stops on SIGTERM and SIGINT: no new requests, running jobs finish, the database closes, then the
 * process exits (1 if the shutdown failed). `also` runs after the shutdown, before the exit.
 */
export function stopOnSignals(server: Server, also: () => Promise<void> = async () => {}) {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: no new requests, finishing running jobs");
    server.close();
    server.closeIdleConnections?.();
    shutdownApplication()
      .then(also)
      .then(() => process.exit(0))
      .catch((error) => {
        logger.error({ err: error }, "error during shutdown");
        process.exit(1);
      });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  return stop;
}
