import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import { z } from "zod";
import { getOptionalUser } from "~/modules/auth/session.server";
import { logger } from "~/modules/platform/logger.server";
import { getDb } from "~/utils/db.server";
import { FeedError } from "./feed-error";
import { detectImageType, isPlausibleImageContentType, type ServedImageType } from "./image-type";
import { defaultFetchPolicy, fetchFeed, type FetchPolicy } from "./safe-fetch.server";

export { itemImagePath, ITEM_IMAGE_PATH_PREFIX } from "./item-image-path";

/**
 * The image proxy's domain part (docs/decisions/022): a feed item's `image_url`, fetched by the
 * server through the guarded fetch and answered from the portal's own origin, so that alumni's
 * browsers never contact a feed's image host (which would learn each reader's IP address and what
 * they read) and the CSP can keep `img-src 'self'`. server/item-image-proxy.ts is the HTTP edge.
 *
 * Who sees an image: everyone for an approved item that has not expired; HR admins also for a
 * pending item (the review queue). Rejected, expired and unknown items have none.
 *
 * The memory cache holds, per item id, the checked image or the fact that it could not be had:
 * - images for 6 hours, failures (timeout, too big, not an image…) for 10 minutes, so a broken
 *   image costs one fetch per 10 minutes, not one per page view;
 * - at most 64 MB counted in bytes (each image's length plus a fixed overhead per entry), least
 *   recently used first out; with the 3 MB limit per image, at least 21 images fit, and typical feed
 *   images (50–300 KB) several hundred;
 * - concurrent misses of one item share one database read and one fetch (lru-cache's fetchMethod);
 * - an item that is not shown (unknown, rejected, expired, without image) is not remembered: each
 *   such request costs one indexed read, as an unknown tracked-link code does (ADR 020);
 * - at most 6 images are fetched at once (the others wait their turn), so the bodies being read
 *   add at most 6 × 3 MB to the cache's 64 MB.
 * One cache per process: a multi-process deployment fetches each image once per process.
 */

export const MAX_IMAGE_BYTES = 3 * 1024 * 1024;
export const IMAGE_FETCH_TIMEOUT_MS = 5_000;
const IMAGE_ACCEPT = "image/avif, image/webp, image/png, image/jpeg, image/gif;q=0.9";
const IMAGE_USER_AGENT = "AlumniPortal-ImageProxy/1.0";

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
export const IMAGE_TTL_MS = 6 * HOUR;
export const FAILURE_TTL_MS = 10 * MINUTE;
export const CACHE_MAX_BYTES = 64 * 1024 * 1024;
/** What an entry costs besides the image's bytes: the key, the object, the ETag, the address. */
const ENTRY_OVERHEAD_BYTES = 1024;
/** Fetches in flight at once, each holding up to MAX_IMAGE_BYTES while its body is read. */
export const MAX_CONCURRENT_FETCHES = 6;

/** Why an item's image is not served: logged, never told to the client (which gets a bare 404). */
export type ItemImageFailureCode =
  | "itemImage.malformedId"
  | "itemImage.notShown"
  | "itemImage.pendingNotStaff"
  | "itemImage.contentType"
  | "itemImage.notAnImage"
  | FeedError["code"];

export type ItemImageAnswer =
  | {
      found: true;
      body: Uint8Array;
      contentType: ServedImageType;
      etag: string;
      /** `everyone`: the same bytes for any visitor; `staff`: a pending item, shown to HR only. */
      audience: "everyone" | "staff";
    }
  | { found: false; code: ItemImageFailureCode; values?: Record<string, unknown>; fromCache?: boolean };

interface CachedImage {
  kind: "image";
  body: Buffer;
  contentType: ServedImageType;
  etag: string;
  /** The item's status when it was read; a pending item approved since is seen on its next request. */
  status: "approved" | "pending";
  imageUrl: string;
  expiresAt: number | null;
}

interface CachedFailure {
  kind: "failed";
  code: ItemImageFailureCode;
  values: Record<string, unknown>;
}

type CachedEntry = CachedImage | CachedFailure;

const itemIdSchema = z.uuid();

/** A showable item's image address: approved or pending, not expired, with an image. */
async function showableItem(itemId: string, now: Date) {
  const item = await getDb()
    .selectFrom("feed_items")
    .select(["status", "image_url", "expires_at"])
    .where("id", "=", itemId)
    .where("status", "in", ["approved", "pending"])
    .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
    .executeTakeFirst();
  if (!item?.image_url) return undefined;
  return { status: item.status as "approved" | "pending", imageUrl: item.image_url, expiresAt: item.expires_at?.getTime() ?? null };
}

function etagOf(body: Uint8Array): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}

/** The host of an address, for a log line: never the path or query, which may carry tokens. */
function hostOf(address: string): string | null {
  try {
    return new URL(address).host;
  } catch {
    return null;
  }
}

/** Fetches and checks one image; a failure is an entry too (remembered for FAILURE_TTL_MS). */
async function fetchImage(itemId: string, imageUrl: string, policy: FetchPolicy): Promise<{ kind: "fetched"; body: Buffer } | CachedFailure> {
  const failed = (code: ItemImageFailureCode, values: Record<string, unknown> = {}): CachedFailure => {
    logger.info({ itemId, host: hostOf(imageUrl), code, values }, "feed item image refused");
    return { kind: "failed", code, values };
  };
  let result: Awaited<ReturnType<typeof fetchFeed>>;
  try {
    result = await fetchFeed(imageUrl, {}, policy);
  } catch (error) {
    if (error instanceof FeedError) return failed(error.code, error.values);
    throw error;
  }
  // No validators were sent, so a 304 is the server's mistake.
  if (result.status !== "ok") return failed("feedFetch.httpStatus", { status: 304 });
  if (!isPlausibleImageContentType(result.contentType)) return failed("itemImage.contentType", { contentType: result.contentType?.slice(0, 100) ?? null });
  return { kind: "fetched", body: Buffer.from(result.body.buffer, result.body.byteOffset, result.body.byteLength) };
}

/** Runs at most `max` of the works given at once; the others start in their order of arrival. */
function concurrencyLimit(max: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    // A finishing work hands its slot straight to the next waiting one.
    if (active < max) active += 1;
    else await new Promise<void>((start) => waiting.push(start));
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
}

export interface ItemImageStoreOptions {
  /** The fetch policy of each miss (read each time: FEED_ALLOWED_INTERNAL_HOSTS may change in tests). */
  policy?: () => FetchPolicy;
  maxBytes?: number;
  imageTtlMs?: number;
  failureTtlMs?: number;
  /** The cache's clock (tests move it past a TTL). */
  perf?: { now(): number };
}

/** The policy of the proxy: the feed fetch's address rules and allow-list, with smaller limits. */
export function imageFetchPolicy(): FetchPolicy {
  return { ...defaultFetchPolicy(), timeoutMs: IMAGE_FETCH_TIMEOUT_MS, maxBytes: MAX_IMAGE_BYTES, accept: IMAGE_ACCEPT, userAgent: IMAGE_USER_AGENT };
}

export interface ItemImageStore {
  /** The image of `rawItemId` for the visitor of `request` (its session cookie decides for pending items). */
  find(rawItemId: string, request: Request): Promise<ItemImageAnswer>;
  /** Forgets one item's entry, or all of them. */
  forget(itemId?: string): void;
  /** Bytes held (images and overhead), for tests and diagnostics. */
  readonly heldBytes: number;
}

export function createItemImageStore(options: ItemImageStoreOptions = {}): ItemImageStore {
  const policy = options.policy ?? imageFetchPolicy;
  const imageTtlMs = options.imageTtlMs ?? IMAGE_TTL_MS;
  const failureTtlMs = options.failureTtlMs ?? FAILURE_TTL_MS;
  const limited = concurrencyLimit(MAX_CONCURRENT_FETCHES);

  const cache = new LRUCache<string, CachedEntry>({
    maxSize: options.maxBytes ?? CACHE_MAX_BYTES,
    sizeCalculation: (entry) => ENTRY_OVERHEAD_BYTES + (entry.kind === "image" ? entry.body.byteLength : 0),
    ttl: imageTtlMs,
    ...(options.perf ? { perf: options.perf } : {}),
    // The image address is read once per miss, and concurrent misses of one item share this call.
    fetchMethod: async (itemId, _stale, { options: entryOptions }) => {
      const item = await showableItem(itemId, new Date());
      if (!item) return undefined;
      const fetched = await limited(() => fetchImage(itemId, item.imageUrl, policy()));
      let entry: CachedEntry;
      if (fetched.kind === "fetched") {
        const contentType = detectImageType(fetched.body);
        if (contentType) {
          entry = { kind: "image", body: fetched.body, contentType, etag: etagOf(fetched.body), status: item.status, imageUrl: item.imageUrl, expiresAt: item.expiresAt };
        } else {
          logger.info({ itemId, host: hostOf(item.imageUrl), code: "itemImage.notAnImage" }, "feed item image refused");
          entry = { kind: "failed", code: "itemImage.notAnImage", values: {} };
        }
      } else {
        entry = fetched;
      }
      // An item that expires before the TTL is not kept past its expiry.
      const ttl = entry.kind === "failed" ? failureTtlMs : Math.min(imageTtlMs, item.expiresAt === null ? imageTtlMs : Math.max(1, item.expiresAt - Date.now()));
      entryOptions.ttl = ttl;
      return entry;
    },
  });

  async function find(rawItemId: string, request: Request): Promise<ItemImageAnswer> {
    const parsed = itemIdSchema.safeParse(rawItemId);
    if (!parsed.success) return { found: false, code: "itemImage.malformedId" };
    const itemId = parsed.data.toLowerCase();
    const cached = cache.has(itemId);
    const entry = await cache.fetch(itemId);
    if (!entry) return { found: false, code: "itemImage.notShown" };
    if (entry.kind === "failed") return { found: false, code: entry.code, values: entry.values, fromCache: cached };
    if (entry.expiresAt !== null && entry.expiresAt <= Date.now()) {
      cache.delete(itemId);
      return { found: false, code: "itemImage.notShown" };
    }
    const image = { found: true as const, body: entry.body, contentType: entry.contentType, etag: entry.etag };
    if (entry.status === "approved") return { ...image, audience: "everyone" };
    // A pending item: HR sees it in the review queue. The session is looked up only here, so that
    // the images of the share feed never cost a session read.
    const user = await getOptionalUser(request);
    if (user?.role === "hr_admin") return { ...image, audience: "staff" };
    // Approved since it was cached? One indexed read, only for a cached pending item.
    const now = await showableItem(itemId, new Date());
    if (now?.status === "approved" && now.imageUrl === entry.imageUrl) {
      entry.status = "approved";
      entry.expiresAt = now.expiresAt;
      return { ...image, audience: "everyone" };
    }
    if (!now || now.imageUrl !== entry.imageUrl) cache.delete(itemId);
    return { found: false, code: "itemImage.pendingNotStaff" };
  }

  return {
    find,
    forget: (itemId) => (itemId === undefined ? cache.clear() : void cache.delete(itemId.toLowerCase())),
    get heldBytes() {
      return cache.calculatedSize;
    },
  };
}

let defaultStore: ItemImageStore | undefined;

/** The process's store, with the limits above. */
export function itemImages(): ItemImageStore {
  defaultStore ??= createItemImageStore();
  return defaultStore;
}
