import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { z } from "zod";
import { getDb, type DB } from "~/utils/db.server";
import { getAppUrl } from "~/utils/env.server";
import { DomainFailure, type Failure, type FailureCode } from "~/utils/failures";
import { UUID_PATTERN } from "~/utils/ids";
import type { LinkChannel } from "../../../db/schema";
import { LINK_CHANNELS } from "./redirect-target";

/**
 * Tracked links (issue 11, ADR 020): the row behind every `/r/{code}`. A share link is unique to
 * (feed item, person, network), so sharing the same item twice on one network gives the same link
 * and its clicks add up.
 */

/** 9 random bytes: 12 base64url characters, 72 bits that no id or time can predict. */
const CODE_BYTES = 9;

/** What a code may look like; anything else is answered 404 without a database look-up. */
export const LINK_CODE = /^[A-Za-z0-9_-]{10,64}$/;

export const CAMPAIGN_MAX = 100;

export function newLinkCode(): string {
  return randomBytes(CODE_BYTES).toString("base64url");
}

const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" && url.username === "" && url.password === "";
  });

const linkInputSchema = z.object({
  targetUrl: httpUrl,
  channel: z.enum(LINK_CHANNELS),
  campaign: z.string().trim().min(1).max(CAMPAIGN_MAX),
  feedItemId: z.string().regex(UUID_PATTERN).nullish(),
  userId: z.string().regex(UUID_PATTERN).nullish(),
  subjectRef: z.string().trim().min(1).max(200).nullish(),
});

export type TrackedLinkInput = z.input<typeof linkInputSchema>;

const FIELD_CODES: Record<string, Failure> = {
  targetUrl: { code: "trackedLink.targetUrl", field: "targetUrl" },
  channel: { code: "trackedLink.channel", field: "channel" },
  campaign: { code: "trackedLink.campaign", field: "campaign", values: { max: CAMPAIGN_MAX } },
  feedItemId: { code: "trackedLink.feedItemId", field: "feedItemId" },
  userId: { code: "trackedLink.userId", field: "userId" },
  subjectRef: { code: "trackedLink.subjectRef", field: "subjectRef", values: { max: 200 } },
};

export interface TrackedLink {
  id: string;
  code: string;
  targetUrl: string;
  channel: LinkChannel;
  campaign: string;
  feedItemId: string | null;
  userId: string | null;
}

function parseInput(input: TrackedLinkInput) {
  const parsed = linkInputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "")))];
  throw new DomainFailure(
    "invalid",
    fields.map((field) => FIELD_CODES[field] ?? { code: "trackedLink.targetUrl" satisfies FailureCode, field }),
  );
}

const LINK_COLUMNS = [
  "id",
  "code",
  "target_url as targetUrl",
  "channel",
  "campaign",
  "feed_item_id as feedItemId",
  "user_id as userId",
] as const;

/**
 * The tracked link of a share (feed item + person + network), created the first time: idempotent,
 * also when two requests race (insert … on conflict do nothing, then read the winner's row). The
 * first share's target and campaign stay: a link's target never changes once given out.
 * Without a feed item, or on the newsletter channel, every call creates a new link: newsletter links
 * are unique per (issue, item, recipient) with derived codes (app/modules/newsletter/signed-links).
 */
export async function trackedLinkFor(input: TrackedLinkInput, db: DB = getDb()): Promise<TrackedLink> {
  const data = parseInput(input);
  const values = {
    code: newLinkCode(),
    target_url: data.targetUrl,
    channel: data.channel,
    campaign: data.campaign,
    feed_item_id: data.feedItemId ?? null,
    user_id: data.userId ?? null,
    subject_ref: data.subjectRef ?? null,
  };
  if (!values.feed_item_id) {
    return db.insertInto("tracked_links").values(values).returning(LINK_COLUMNS).executeTakeFirstOrThrow();
  }
  const inserted = await db
    .insertInto("tracked_links")
    .values(values)
    .onConflict((oc) =>
      oc
        .expression(sql.raw("feed_item_id, user_id, channel"))
        .where("feed_item_id", "is not", null)
        // A literal, not a parameter: PostgreSQL matches the partial index's predicate only by its text.
        .where("channel", "<>", sql.lit("newsletter"))
        .doNothing(),
    )
    .returning(LINK_COLUMNS)
    .executeTakeFirst();
  if (inserted) return inserted;
  let existing = db.selectFrom("tracked_links").select(LINK_COLUMNS).where("feed_item_id", "=", values.feed_item_id).where("channel", "=", values.channel);
  existing = values.user_id ? existing.where("user_id", "=", values.user_id) : existing.where("user_id", "is", null);
  return existing.executeTakeFirstOrThrow();
}

/** The address a tracked link is given out as: `/r/{code}` on the portal's own origin. */
export function trackedLinkUrl(link: Pick<TrackedLink, "code">): string {
  return `${getAppUrl()}/r/${link.code}`;
}

/** The link behind a code, or undefined (also for a code that cannot be one: no look-up then). */
export async function findLinkByCode(code: string, db: DB = getDb()): Promise<TrackedLink | undefined> {
  if (!LINK_CODE.test(code)) return undefined;
  return db.selectFrom("tracked_links").select(LINK_COLUMNS).where("code", "=", code).executeTakeFirst();
}

/**
 * One row per click, in one statement: the click buffer's flush (click-buffer.server.ts). A click
 * whose link was deleted meanwhile (its feed item deleted) is skipped: otherwise its foreign key
 * would fail the whole batch, at every retry.
 */
export async function insertClicks(clicks: readonly { linkId: string; clickedAt: Date; ipHash: string | null }[], db: DB = getDb()) {
  if (clicks.length === 0) return;
  // Three array parameters whatever the number of rows: a VALUES list of 3 parameters per row costs
  // the embedded database about half again as much to parse and plan.
  await sql`
    insert into link_clicks (link_id, clicked_at, ip_hash)
    select v.link_id, v.clicked_at, v.ip_hash
    from unnest(
      ${clicks.map((click) => click.linkId)}::uuid[],
      ${clicks.map((click) => click.clickedAt.toISOString())}::timestamptz[],
      ${clicks.map((click) => click.ipHash)}::text[]
    ) as v (link_id, clicked_at, ip_hash)
    where exists (select 1 from tracked_links where tracked_links.id = v.link_id)
  `.execute(db);
}

/** The clicks recorded for a link (flushed ones: the buffer's are not in the database yet). */
export async function countClicks(linkId: string, db: DB = getDb()): Promise<number> {
  const row = await db.selectFrom("link_clicks").select((eb) => eb.fn.countAll<string>().as("count")).where("link_id", "=", linkId).executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Clicks per feed item, over all its links (every person, every network), for the analytics. */
export async function countClicksByFeedItem(feedItemIds: readonly string[], db: DB = getDb()): Promise<Map<string, number>> {
  if (feedItemIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("link_clicks")
    .innerJoin("tracked_links", "tracked_links.id", "link_clicks.link_id")
    .select(["tracked_links.feed_item_id as feedItemId", (eb) => eb.fn.countAll<string>().as("count")])
    .where("tracked_links.feed_item_id", "in", [...feedItemIds])
    .groupBy("tracked_links.feed_item_id")
    .execute();
  return new Map(rows.map((row) => [row.feedItemId!, Number(row.count)]));
}
