import { z } from "zod";
import { recordAudit } from "~/modules/auth/audit.server";
import type { DB } from "~/utils/db.server";
import { isUniqueViolation } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import type { FeedSource } from "../../../db/schema";
import { InternalHostAllowList } from "~/modules/platform/address-policy";
import { FeedError } from "./feed-error";
import { parseFields } from "./input";
import { SOURCE_LIMITS } from "./limits";
import { checkFetchableUrl, defaultFetchPolicy } from "./safe-fetch.server";

/**
 * The feed sources HR adds (issue 11): an RSS, Atom, RDF or JSON feed's address, a name, whether it
 * is the company's own or external, whether its items are approved automatically or wait for
 * review, at most how many new items a day it may bring, and after how many days they expire.
 */

export { SOURCE_LIMITS };

const optionalInt = (limits: { min: number; max: number; default: number }) =>
  z.preprocess((value) => (value === undefined || value === null || value === "" ? limits.default : value), z.coerce.number().int().min(limits.min).max(limits.max));

const sourceSchema = z.object({
  url: z
    .string()
    .trim()
    .max(SOURCE_LIMITS.url)
    .refine((value) => {
      try {
        return ["http:", "https:"].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    })
    .refine((value) => {
      const url = new URL(value);
      return url.username === "" && url.password === "";
    }, { params: { code: "feedSource.urlCredentials" } }),
  name: z.string().trim().min(1).max(SOURCE_LIMITS.name),
  kind: z.enum(["company", "external"]),
  approval: z.enum(["auto", "review"]),
  dailyItemLimit: optionalInt(SOURCE_LIMITS.dailyItemLimit),
  expireAfterDays: optionalInt(SOURCE_LIMITS.expireAfterDays),
});

export type FeedSourceInput = z.output<typeof sourceSchema>;

const FIELD_CODES = {
  url: { code: "feedSource.urlInvalid" },
  name: { code: "feedSource.nameRequired", values: { max: SOURCE_LIMITS.name } },
  kind: { code: "feedSource.kindInvalid" },
  approval: { code: "feedSource.approvalInvalid" },
  dailyItemLimit: { code: "feedSource.dailyItemLimitInvalid", values: { min: SOURCE_LIMITS.dailyItemLimit.min, max: SOURCE_LIMITS.dailyItemLimit.max } },
  expireAfterDays: { code: "feedSource.expireAfterDaysInvalid", values: { min: SOURCE_LIMITS.expireAfterDays.min, max: SOURCE_LIMITS.expireAfterDays.max } },
} as const;

export interface SourceOptions {
  /** Hosts allowed to be internal (FEED_ALLOWED_INTERNAL_HOSTS by default). */
  allowedInternalHosts?: InternalHostAllowList;
  now?: Date;
}

/**
 * Checks a source's fields; throws DomainFailure("invalid") naming each wrong field. An address
 * that is an internal IP or a local name (localhost, *.internal) is refused at once; a name that
 * resolves to an internal address is refused when it is fetched (the check that counts, at connect
 * time), and HR reads why in the source's last error.
 */
export function parseFeedSourceInput(input: unknown, options: SourceOptions = {}): FeedSourceInput {
  const data = parseFields(sourceSchema, input, FIELD_CODES);
  const url = new URL(data.url);
  try {
    checkFetchableUrl(url, { allowedInternalHosts: options.allowedInternalHosts ?? defaultFetchPolicy().allowedInternalHosts });
  } catch (error) {
    if (error instanceof FeedError) throw DomainFailure.invalid("url", "feedSource.urlInternal", { host: url.hostname });
    throw error;
  }
  return { ...data, url: url.href };
}

function urlTaken(error: unknown): boolean {
  return isUniqueViolation(error) && (error.constraint === undefined || error.constraint === "feed_sources_url_live_key");
}

export async function createFeedSource(db: DB, input: unknown, actor: { userId: string | null }, options: SourceOptions = {}): Promise<FeedSource> {
  const data = parseFeedSourceInput(input, options);
  const now = options.now ?? new Date();
  try {
    return await db.transaction().execute(async (trx) => {
      const source = await trx
        .insertInto("feed_sources")
        .values({
          url: data.url,
          name: data.name,
          kind: data.kind,
          approval: data.approval,
          daily_item_limit: data.dailyItemLimit,
          expire_after_days: data.expireAfterDays,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
          // Fetched by the next run of the poll job.
          next_fetch_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorUserId: actor.userId, action: "feeds.source_created", subjectType: "feed_source", subjectId: source.id, data: { kind: data.kind, approval: data.approval } });
      return source;
    });
  } catch (error) {
    if (urlTaken(error)) throw DomainFailure.conflict("url", "feedSource.urlTaken");
    throw error;
  }
}

async function liveSource(db: DB, id: string): Promise<FeedSource> {
  const source = await db.selectFrom("feed_sources").selectAll().where("id", "=", id).executeTakeFirst();
  if (!source) throw DomainFailure.notFound("feedSource.notFound");
  if (source.archived_at) throw DomainFailure.refused("feedSource.archived");
  return source;
}

/**
 * Replaces a source's settings. A new address starts afresh: its validators and failures belong to
 * the old one, and it is fetched at the next run.
 */
export async function updateFeedSource(db: DB, id: string, input: unknown, actor: { userId: string | null }, options: SourceOptions = {}): Promise<FeedSource> {
  const data = parseFeedSourceInput(input, options);
  const now = options.now ?? new Date();
  try {
    return await db.transaction().execute(async (trx) => {
      const current = await liveSource(trx, id);
      const moved = current.url !== data.url;
      const source = await trx
        .updateTable("feed_sources")
        .set({
          url: data.url,
          name: data.name,
          kind: data.kind,
          approval: data.approval,
          daily_item_limit: data.dailyItemLimit,
          expire_after_days: data.expireAfterDays,
          updated_at: now,
          ...(moved ? { etag: null, last_modified: null, last_error: null, last_error_values: null, consecutive_failures: 0, next_fetch_at: now } : {}),
        })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorUserId: actor.userId, action: "feeds.source_updated", subjectType: "feed_source", subjectId: id, data: { kind: data.kind, approval: data.approval, addressChanged: moved } });
      return source;
    });
  } catch (error) {
    if (urlTaken(error)) throw DomainFailure.conflict("url", "feedSource.urlTaken");
    throw error;
  }
}

/** Stops fetching a source; its items stay (they expire as usual). Archiving twice changes nothing. */
export async function archiveFeedSource(db: DB, id: string, actor: { userId: string | null }, now: Date = new Date()): Promise<FeedSource> {
  return db.transaction().execute(async (trx) => {
    const source = await trx.selectFrom("feed_sources").selectAll().where("id", "=", id).executeTakeFirst();
    if (!source) throw DomainFailure.notFound("feedSource.notFound");
    if (source.archived_at) return source;
    const archived = await trx.updateTable("feed_sources").set({ archived_at: now, updated_at: now }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, { actorUserId: actor.userId, action: "feeds.source_archived", subjectType: "feed_source", subjectId: id });
    return archived;
  });
}

/** The live sources with what HR needs to see their health: last success, last error, next fetch. */
export async function listFeedSources(db: DB) {
  return db
    .selectFrom("feed_sources")
    .select([
      "id",
      "url",
      "name",
      "kind",
      "approval",
      "daily_item_limit",
      "expire_after_days",
      "last_fetched_at",
      "last_success_at",
      "last_error",
      "last_error_values",
      "consecutive_failures",
      "next_fetch_at",
    ])
    .where("archived_at", "is", null)
    .orderBy("name")
    .execute();
}
