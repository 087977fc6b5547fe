import { getEnv, InvalidEnvironmentError } from "~/utils/env.server";
import { DataDirectoryBusyError } from "~/modules/platform/data-lock.server";
import { logger } from "~/modules/platform/logger.server";
import { servePortal, stopOnSignals } from "./serve";
import { surviveDatabaseOutages } from "./outage-guard";

/** `npm start`: boot the database and queue, then serve the built Remix app (server/serve.ts). */
async function main() {
  surviveDatabaseOutages();
  const { server } = await servePortal(getEnv());
  stopOnSignals(server);
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
