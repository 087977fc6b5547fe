import { isDatabaseUnavailable } from "~/utils/db.server";
import { repeatedWarning } from "~/modules/platform/outage-warnings.server";

const warnUnawaited = repeatedWarning("a database call nobody awaited failed: the database is unreachable");

/**
 * Keeps the process alive through a database outage (docs/decisions/036). pg-boss records a job's
 * completion or failure without awaiting it: when the database goes away while a job runs, that
 * promise rejects with nobody to catch it, and Node ends the process on an unhandled rejection. Such
 * a rejection is logged (one line per interval) and the job is run again after its expiry; every
 * other unhandled rejection still ends the process, as Node's default does.
 */
export function surviveDatabaseOutages() {
  process.on("unhandledRejection", (reason) => {
    if (isDatabaseUnavailable(reason)) return warnUnawaited({ err: reason });
    throw reason;
  });
}
