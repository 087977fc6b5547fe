import { logger } from "./logger.server";

/**
 * One warning line per interval for a failure that repeats while the database is down: the queue's
 * 21 workers each poll every second, so an outage would otherwise write 21 error lines a second.
 * The line says how many like it were left out since the last one.
 */
export function repeatedWarning(message: string, intervalMs = 10_000): (fields: Record<string, unknown>) => void {
  let lastLogged = 0;
  let leftOut = 0;
  return (fields) => {
    const now = Date.now();
    if (now - lastLogged < intervalMs) {
      leftOut += 1;
      return;
    }
    logger.warn({ ...fields, leftOut }, message);
    lastLogged = now;
    leftOut = 0;
  };
}
