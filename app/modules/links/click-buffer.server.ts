import { getDatabaseHandle } from "~/utils/db.server";
import { keyedIpHash } from "~/modules/platform/ip-hash.server";
import { logger } from "~/modules/platform/logger.server";
import { insertClicks } from "./tracked-links.server";

/**
 * Clicks wait here, in memory, so that `/r/{code}` never waits for the database (ADR 020). They are
 * written in one multi-row insert every second, or as soon as 500 are waiting, whichever comes
 * first; the shutdown writes the rest (`flushClicks`, called by server/boot.ts before the database
 * closes). A flush in progress does not stop new clicks from being added; a failed flush puts its
 * clicks back and the next one retries them. What a crash (`kill -9`, out of memory) loses: the
 * clicks not yet written, at most about one second of them (or all that wait while the database is
 * down).
 *
 * While the database is down the clicks wait here, up to `maxPending`; beyond that a click is
 * refused (`add` returns false) and the redirect answers 503 instead of 302: a visitor who was
 * redirected has been counted (docs/decisions/036).
 *
 * The IP is hashed here, not on the redirect's path: a click arrives with its raw IP, and the flush
 * that takes it replaces the IP by its keyed hash before writing (once per distinct IP of the
 * batch). A raw IP so stays in memory until the next flush starts (about a second at most, or as
 * soon as 500 clicks wait), never longer: a batch whose write fails goes back already hashed. It is
 * never written, logged or sent anywhere.
 */

/** A click as it is written. */
export interface Click {
  linkId: string;
  clickedAt: Date;
  ipHash: string | null;
}

/** A click as the redirect hands it over: its IP raw, hashed by the flush that takes it. */
export interface RawClick {
  linkId: string;
  clickedAt: Date;
  ip: string | null;
}

/** What waits in the buffer: `ip` is set (raw) until a flush hashes it into `ipHash`. */
type WaitingClick = Click & { ip?: string | null };

export interface ClickBufferOptions {
  /** Writes one batch; throws when it did not. */
  write: (clicks: readonly Click[]) => Promise<void>;
  intervalMs?: number;
  /** A flush starts as soon as this many clicks wait. */
  batchSize?: number;
  /** The most clicks one insert carries; a flush of more is several inserts, one after the other. */
  maxRowsPerInsert?: number;
  /** Beyond this many waiting clicks (the database is down), `add` refuses new ones. */
  maxPending?: number;
  /** The stored form of a raw IP (ADR 020: a keyed HMAC). */
  hashIp?: (ip: string) => string;
}

export interface ClickBuffer {
  /** Takes a click to write; false when it cannot (too many wait already): the caller must not count on it. */
  add: (click: Click | RawClick) => boolean;
  /** Writes every waiting click (after the flush in progress); resolves when done, rejects if a write failed. */
  flushNow: () => Promise<void>;
  /** Clicks not written yet. */
  pending: () => number;
  /** Clicks refused because too many were waiting. */
  refused: () => number;
  /** Stops the timer (waiting clicks stay until flushNow). */
  stop: () => void;
}

export function createClickBuffer(options: ClickBufferOptions): ClickBuffer {
  const {
    write,
    intervalMs = 1000,
    batchSize = 500,
    maxRowsPerInsert = 10_000,
    maxPending = 100_000,
    hashIp = (ip: string) => keyedIpHash("click-ip", ip),
  } = options;
  let waiting: WaitingClick[] = [];
  let refused = 0;
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;
  /** The last write failed: retry on the timer only, not at every click (the database may be down). */
  let failing = false;
  /** Refusals since the last warning: one warning while full, not one per click. */
  let refusedUnreported = 0;

  const schedule = () => {
    if (timer || waiting.length === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      void startFlush().catch(() => {});
    }, intervalMs);
    // A waiting flush never keeps a process alive by itself (the shutdown flushes explicitly).
    timer.unref();
  };

  /** Replaces the raw IPs of a batch by their hashes: one HMAC per distinct IP. */
  const hashIps = (batch: WaitingClick[]) => {
    const hashes = new Map<string, string>();
    for (const click of batch) {
      if (click.ip === undefined) continue;
      if (click.ip !== null) {
        let hash = hashes.get(click.ip);
        if (hash === undefined) hashes.set(click.ip, (hash = hashIp(click.ip)));
        click.ipHash = hash;
      }
      click.ip = undefined;
    }
  };

  /** One write of up to maxRowsPerInsert clicks; on failure they go back in front, in order. */
  const writeBatch = async (): Promise<number> => {
    const batch = waiting.splice(0, maxRowsPerInsert);
    if (batch.length === 0) return 0;
    hashIps(batch);
    try {
      await write(batch);
      failing = false;
      if (refusedUnreported > 0) logger.warn({ refused: refusedUnreported }, "click buffer was full: redirects were answered 503 meanwhile");
      refusedUnreported = 0;
      return batch.length;
    } catch (error) {
      failing = true;
      waiting = batch.concat(waiting);
      logger.error({ err: error, clicks: batch.length, waiting: waiting.length }, "click flush failed; will retry");
      throw error;
    }
  };

  /**
   * Writes the clicks waiting when it starts, in inserts of at most maxRowsPerInsert, letting the
   * event loop answer requests between two (the embedded database runs its SQL on this thread: one
   * insert of 1,000 rows would hold every redirect for about 50 ms).
   */
  const drain = async () => {
    // Every waiting IP is hashed now, also those a failing database keeps waiting.
    hashIps(waiting);
    let quota = waiting.length;
    while (quota > 0 && waiting.length > 0) {
      quota -= await writeBatch();
      if (quota > 0) await new Promise((resolve) => setImmediate(resolve));
    }
  };

  const startFlush = (): Promise<void> => {
    if (flushing) return flushing;
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    flushing = drain().finally(() => {
      flushing = undefined;
      // A full batch that arrived meanwhile goes now; fewer clicks (or a failed batch) wait for the timer.
      if (waiting.length >= batchSize && !failing) void startFlush().catch(() => {});
      else schedule();
    });
    return flushing;
  };

  return {
    add(click) {
      if (waiting.length >= maxPending) {
        if (refusedUnreported === 0) logger.warn({ waiting: waiting.length }, "click buffer full: refusing clicks until a flush works");
        refused += 1;
        refusedUnreported += 1;
        return false;
      }
      waiting.push("ip" in click ? { linkId: click.linkId, clickedAt: click.clickedAt, ipHash: null, ip: click.ip } : click);
      if (waiting.length >= batchSize && !flushing && !failing) void startFlush().catch(() => {});
      else schedule();
      return true;
    },
    async flushNow() {
      if (flushing) await flushing.catch(() => {});
      while (waiting.length > 0 || flushing) {
        if (flushing) await flushing;
        else await startFlush();
      }
    },
    pending: () => waiting.length,
    refused: () => refused,
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

let processBuffer: ClickBuffer | undefined;

/**
 * The process's buffer, writing to the process's database. On the embedded database an insert
 * blocks the event loop while it runs, so it writes 100 rows at a time; PostgreSQL works in
 * another process, so one insert carries up to 5,000.
 */
export function clickBuffer(): ClickBuffer {
  processBuffer ??= createClickBuffer({
    write: (clicks) => insertClicks(clicks),
    maxRowsPerInsert: getDatabaseHandle().kind === "pglite" ? 100 : 5_000,
  });
  return processBuffer;
}

/**
 * The shutdown's flush: every waiting click written before the database closes. A write that fails
 * is tried twice more; what still fails is logged with its count, not thrown (the shutdown goes on).
 */
export async function flushClicks(): Promise<void> {
  if (!processBuffer) return;
  processBuffer.stop();
  for (let attempt = 1; ; attempt++) {
    try {
      await processBuffer.flushNow();
      return;
    } catch (error) {
      if (attempt >= 3) {
        logger.error({ err: error, lost: processBuffer.pending() }, "clicks not written at shutdown");
        return;
      }
    }
  }
}
