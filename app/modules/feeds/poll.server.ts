import { sql } from "kysely";
import { logger } from "~/modules/platform/logger.server";
import { todayIn } from "~/utils/calendar-days";
import type { DB } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import type { FeedSource } from "../../../db/schema";
import { FeedError } from "./feed-error";
import { parseFeed, type ParsedItem } from "./parse-feed";
import { defaultFetchPolicy, fetchFeed, type FetchPolicy } from "./safe-fetch.server";

/**
 * The poll (issue 11): every few minutes the job takes the live sources that are due, fetches each
 * with its stored validators, and stores the new items (docs/decisions/018).
 *
 * - Due: `next_fetch_at <= now` and not archived. Sources are claimed by moving `next_fetch_at` a
 *   lease ahead in the same statement that picks them (`for update skip locked`), so two runs that
 *   overlap never fetch one source twice.
 * - A healthy source is fetched again after POLL_INTERVAL; a failing one after 15 min × 2^(n−1) for
 *   its n-th failure in a row, at most 24 hours. The failure's code is kept for HR; a success (a
 *   304 included) clears it.
 * - New items are inserted in one transaction with the source's new state, `on conflict do nothing`
 *   on the dedup keys (the source's guid, the canonical URL). A source brings at most its daily item
 *   limit of items per company day; items it held back come on a later day (its validators are then
 *   not kept, so that the next fetch reads the whole feed again).
 * - Items are approved at once for an auto-approve source, else pending; they expire D days after
 *   they were fetched. Items published longer ago than D days are not taken at all.
 * - One source failing, however it fails, never stops the others.
 */

export const POLL_INTERVAL_MS = 30 * 60_000;
export const BACKOFF_BASE_MS = 15 * 60_000;
export const BACKOFF_CAP_MS = 24 * 60 * 60_000;
/** How long a claimed source is held by the run fetching it (longer than any fetch). */
const CLAIM_LEASE_MS = 10 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

/** The wait after the n-th failure in a row (n ≥ 1). */
export function backoffDelayMs(failures: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, Math.min(failures - 1, 20)));
}

export type SourceOutcome =
  | { sourceId: string; outcome: "stored"; inserted: number; skipped: number; heldBack: number }
  | { sourceId: string; outcome: "notModified" }
  | { sourceId: string; outcome: "failed"; code: string };

export interface PollOptions {
  now?: Date;
  policy?: FetchPolicy;
  /** Most sources claimed by one run. */
  batchSize?: number;
  /** Sources fetched at the same time. */
  concurrency?: number;
  timeZone?: string;
}

/** Marks items whose time is over as expired; answers how many. */
export async function expireFeedItems(db: DB, now: Date = new Date()): Promise<number> {
  const result = await db
    .updateTable("feed_items")
    .set({ status: "expired" })
    .where("status", "in", ["pending", "approved"])
    .where("expires_at", "<=", now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Claims the due sources: their next fetch moves a lease ahead, so no other run takes them. */
async function claimDueSources(db: DB, now: Date, batchSize: number): Promise<FeedSource[]> {
  const due = db
    .selectFrom("feed_sources")
    .select("id")
    .where("archived_at", "is", null)
    .where("next_fetch_at", "<=", now)
    .orderBy("next_fetch_at")
    .limit(batchSize)
    .forUpdate()
    .skipLocked();
  return db
    .updateTable("feed_sources")
    .set({ next_fetch_at: new Date(now.getTime() + CLAIM_LEASE_MS) })
    .where("id", "in", due)
    .returningAll()
    .execute();
}

/** Fetches every due source (a few at a time) and answers what happened to each. */
export async function pollDueSources(options: PollOptions = {}): Promise<SourceOutcome[]> {
  const db = getDb();
  const now = options.now ?? new Date();
  const sources = await claimDueSources(db, now, options.batchSize ?? 50);
  const outcomes: SourceOutcome[] = [];
  const queue = [...sources];
  const worker = async () => {
    for (let source = queue.shift(); source; source = queue.shift()) outcomes.push(await pollSource(db, source, { ...options, now }));
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, queue.length) }, worker));
  if (sources.length > 0) {
    const count = (outcome: SourceOutcome["outcome"]) => outcomes.filter((entry) => entry.outcome === outcome).length;
    logger.info({ sources: sources.length, stored: count("stored"), notModified: count("notModified"), failed: count("failed") }, "feed sources polled");
  }
  return outcomes;
}

/**
 * Fetches one claimed source and records the result on it. Never throws: a failure of any kind is
 * the source's last error, and the poll goes on with the others.
 */
export async function pollSource(db: DB, source: FeedSource, options: PollOptions = {}): Promise<SourceOutcome> {
  const now = options.now ?? new Date();
  try {
    const result = await fetchFeed(source.url, { etag: source.etag, lastModified: source.last_modified }, options.policy ?? defaultFetchPolicy());
    if (result.status === "notModified") {
      await recordSuccess(db, source.id, now, { etag: source.etag, lastModified: source.last_modified });
      return { sourceId: source.id, outcome: "notModified" };
    }
    const feed = parseFeed(result.body, { feedUrl: result.url, contentType: result.contentType });
    return await storeItems(db, source, feed.items, { now, etag: result.etag, lastModified: result.lastModified, timeZone: options.timeZone });
  } catch (error) {
    const failure = error instanceof FeedError ? error : new FeedError("feedFetch.unexpected", {}, { cause: error });
    if (!(error instanceof FeedError)) logger.error({ err: error, sourceId: source.id }, "feed source could not be processed");
    else logger.warn({ sourceId: source.id, code: failure.code, values: failure.values }, "feed source failed");
    try {
      await recordFailure(db, source, failure, now);
    } catch (recordError) {
      logger.error({ err: recordError, sourceId: source.id }, "feed source failure could not be recorded");
    }
    return { sourceId: source.id, outcome: "failed", code: failure.code };
  }
}

async function recordSuccess(db: DB, sourceId: string, now: Date, validators: { etag: string | null; lastModified: string | null }) {
  await db
    .updateTable("feed_sources")
    .set({
      etag: validators.etag,
      last_modified: validators.lastModified,
      last_fetched_at: now,
      last_success_at: now,
      last_error: null,
      last_error_values: null,
      consecutive_failures: 0,
      next_fetch_at: new Date(now.getTime() + POLL_INTERVAL_MS),
    })
    .where("id", "=", sourceId)
    .execute();
}

async function recordFailure(db: DB, source: FeedSource, failure: FeedError, now: Date) {
  // The claim holds the source: no other run changes its count meanwhile.
  const failures = source.consecutive_failures + 1;
  await db
    .updateTable("feed_sources")
    .set({
      last_fetched_at: now,
      last_error: failure.code,
      last_error_values: JSON.stringify(failure.values),
      consecutive_failures: failures,
      next_fetch_at: new Date(now.getTime() + backoffDelayMs(failures)),
    })
    .where("id", "=", source.id)
    .execute();
}

/** The items of `items` that are new: not stored yet for this source or under this canonical URL, each once. */
function newItems(items: ParsedItem[], stored: { guid: string | null; canonical_url: string | null; source_id: string | null }[], sourceId: string) {
  const guids = new Set(stored.filter((row) => row.source_id === sourceId).map((row) => row.guid));
  const canonicals = new Set(stored.map((row) => row.canonical_url));
  const fresh: ParsedItem[] = [];
  for (const item of items) {
    if (guids.has(item.guid) || (item.canonicalUrl !== null && canonicals.has(item.canonicalUrl))) continue;
    guids.add(item.guid);
    if (item.canonicalUrl !== null) canonicals.add(item.canonicalUrl);
    fresh.push(item);
  }
  return fresh;
}

async function storeItems(
  db: DB,
  source: FeedSource,
  items: ParsedItem[],
  context: { now: Date; etag: string | null; lastModified: string | null; timeZone?: string },
): Promise<SourceOutcome> {
  const { now } = context;
  const timeZone = context.timeZone ?? getEnv().COMPANY_TIME_ZONE;
  const expiresAt = new Date(now.getTime() + source.expire_after_days * DAY_MS);
  const oldest = new Date(now.getTime() - source.expire_after_days * DAY_MS);
  const current = items.filter((item) => item.publishedAt === null || item.publishedAt > oldest);

  return db.transaction().execute(async (trx) => {
    // The company's midnight of `now`: the daily limit counts the items fetched since.
    const midnight = sql<Date>`(cast(${todayIn(timeZone, now)} as date))::timestamp at time zone ${timeZone}`;
    const { count } = await trx
      .selectFrom("feed_items")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .where("source_id", "=", source.id)
      .where("fetched_at", ">=", midnight)
      .executeTakeFirstOrThrow();

    const guids = current.map((item) => item.guid);
    const canonicals = current.map((item) => item.canonicalUrl).filter((url): url is string => url !== null);
    const stored =
      guids.length === 0
        ? []
        : await trx
            .selectFrom("feed_items")
            .select(["guid", "canonical_url", "source_id"])
            .where((eb) => eb.or([eb.and([eb("source_id", "=", source.id), eb("guid", "in", guids)]), ...(canonicals.length > 0 ? [eb("canonical_url", "in", canonicals)] : [])]))
            .execute();
    const fresh = newItems(current, stored, source.id);
    // Feeds list their newest entries first: those are the ones taken when the day's limit is near.
    const room = Math.max(0, source.daily_item_limit - Number(count));
    const taken = fresh.slice(0, room);
    const heldBack = fresh.length - taken.length;
    const approved = source.approval === "auto";

    const inserted =
      taken.length === 0
        ? []
        : await trx
            .insertInto("feed_items")
            .values(
              taken.map((item) => ({
                source_id: source.id,
                kind: source.kind,
                status: approved ? ("approved" as const) : ("pending" as const),
                guid: item.guid,
                canonical_url: item.canonicalUrl,
                url: item.url,
                title: item.title,
                summary_html: item.summaryHtml,
                summary_text: item.summaryText,
                image_url: item.imageUrl,
                published_at: item.publishedAt,
                fetched_at: now,
                expires_at: expiresAt,
                approved_at: approved ? now : null,
              })),
            )
            // A concurrent run, or a company post, took the key meanwhile: that one stays.
            .onConflict((oc) => oc.doNothing())
            .returning("id")
            .execute();

    // Items held back by the limit must be read again on a later day: forget the validators.
    await recordSuccess(trx, source.id, now, heldBack > 0 ? { etag: null, lastModified: null } : { etag: context.etag, lastModified: context.lastModified });
    return { sourceId: source.id, outcome: "stored" as const, inserted: inserted.length, skipped: items.length - inserted.length - heldBack, heldBack };
  });
}
