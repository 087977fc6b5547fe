import { REFERRERS_SHOWN } from "./limits";
import { createHmac } from "node:crypto";
import { sql } from "kysely";
import { trackedLinkUrl } from "~/modules/links/tracked-links.server";
import type { DB } from "~/utils/db.server";
import { getAppSecret, getAppUrl } from "~/utils/env.server";
import { DomainFailure } from "~/utils/failures";

/**
 * Referral links (issue 14, ADR 034): one tracked link (ADR 020) per alumnus and opening, created
 * the first time the alumnus asks for it (a POST) or the first time a newsletter carrying the
 * opening is sent to them. Its code is an HMAC of (opening, person), so every path that creates it
 * writes the same row (`insert … on conflict (code) do nothing`): asking twice, two requests at
 * once, or the newsletter and the page, give one link. It leads to the opening's public page on
 * the portal, not to the external link: a tracked link's target never changes (ADR 020), while HR
 * may edit the external link or close the opening, which the public page then says.
 * Clicks are counted by `/r/{code}` like every tracked link (bots and HEAD requests not counted).
 */

/** 16 URL-safe characters (96 bits) of an HMAC: unguessable, and the same each time it is derived. */
export function referralLinkCode(input: { openingId: string; userId: string }): string {
  return createHmac("sha256", getAppSecret()).update(`opening-referral:${input.openingId}.${input.userId}`).digest("base64url").slice(0, 16);
}

/** What referral links of an opening are filed under (tracked_links.subject_ref). */
export function openingSubjectRef(openingId: string): string {
  return `opening/${openingId}`;
}

/** utm_campaign of an opening's links: one campaign per opening in the careers site's analytics. */
export function openingCampaign(openingId: string): string {
  return `opening-${openingId}`;
}

/** The opening's public page: where referral links lead. */
export function publicOpeningUrl(openingId: string): string {
  return `${getAppUrl()}/openings/${openingId}`;
}

export interface ReferralLinkRow {
  code: string;
  target_url: string;
  channel: "referral";
  campaign: string;
  feed_item_id: null;
  subject_ref: string;
  user_id: string;
}

/** The tracked_links row of a referral link (insert it with on conflict (code) do nothing). */
export function referralLinkRow(openingId: string, userId: string): ReferralLinkRow {
  return {
    code: referralLinkCode({ openingId, userId }),
    target_url: publicOpeningUrl(openingId),
    channel: "referral",
    campaign: openingCampaign(openingId),
    feed_item_id: null,
    subject_ref: openingSubjectRef(openingId),
    user_id: userId,
  };
}

/** Writes referral link rows that do not exist yet (idempotent); 1,000 rows a statement. */
export async function ensureReferralLinks(db: DB, rows: readonly ReferralLinkRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 1000) {
    await db
      .insertInto("tracked_links")
      .values(rows.slice(start, start + 1000))
      .onConflict((oc) => oc.column("code").doNothing())
      .execute();
  }
}

/**
 * The alumnus's referral link for an open opening, created on first ask. Refused for an opening
 * that is closed or does not exist: a new link to pass on for a role nobody can apply to would
 * only disappoint (links given out before the close keep working and lead to the closed page).
 */
export async function referralLinkFor(db: DB, openingId: string, userId: string): Promise<{ code: string; url: string }> {
  return db.transaction().execute(async (trx) => {
    const opening = await trx.selectFrom("openings").select("status").where("id", "=", openingId).forShare().executeTakeFirst();
    if (!opening) throw DomainFailure.notFound("opening.notFound");
    if (opening.status !== "open") throw DomainFailure.refused("opening.closed");
    const row = referralLinkRow(openingId, userId);
    await ensureReferralLinks(trx, [row]);
    return { code: row.code, url: trackedLinkUrl(row) };
  });
}

export interface MyReferral {
  openingId: string;
  url: string;
  clicks: number;
}

/** The alumnus's referral links that exist (a GET creates none), with their clicks, by opening. */
export async function myReferrals(db: DB, userId: string): Promise<Map<string, MyReferral>> {
  const rows = await db
    .selectFrom("tracked_links as tl")
    .leftJoin("link_clicks as lc", "lc.link_id", "tl.id")
    .select(["tl.subject_ref", "tl.code", (eb) => eb.fn.count<string>("lc.id").as("clicks")])
    .where("tl.channel", "=", "referral")
    .where("tl.user_id", "=", userId)
    .groupBy(["tl.subject_ref", "tl.code"])
    .execute();
  const result = new Map<string, MyReferral>();
  for (const row of rows) {
    const openingId = row.subject_ref?.slice("opening/".length);
    if (openingId) result.set(openingId, { openingId, url: trackedLinkUrl(row), clicks: Number(row.clicks) });
  }
  return result;
}

export interface OpeningReferralCounts {
  /** Alumni who have a referral link for the opening. */
  referrers: number;
  /** Clicks on those links (people the alumni passed it on to). */
  clicks: number;
}

/** Referral counts of many openings in one query; openings without links are absent. */
export async function referralCountsByOpening(db: DB, openingIds: readonly string[]): Promise<Map<string, OpeningReferralCounts>> {
  if (openingIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("tracked_links as tl")
    .leftJoin("link_clicks as lc", "lc.link_id", "tl.id")
    .select([
      "tl.subject_ref",
      sql<string>`count(distinct tl.id)`.as("referrers"),
      (eb) => eb.fn.count<string>("lc.id").as("clicks"),
    ])
    .where("tl.channel", "=", "referral")
    .where("tl.subject_ref", "in", openingIds.map(openingSubjectRef))
    .groupBy("tl.subject_ref")
    .execute();
  return new Map(rows.map((row) => [row.subject_ref!.slice("opening/".length), { referrers: Number(row.referrers), clicks: Number(row.clicks) }]));
}

export interface ReferrerRow {
  /** Null once the person was erased: their link's clicks still count for the opening. */
  userId: string | null;
  name: string | null;
  clicks: number;
  since: Date;
}


/** The alumni who asked for a referral link to one opening, most clicks first (at most REFERRERS_SHOWN). */
export async function referrersOfOpening(db: DB, openingId: string): Promise<ReferrerRow[]> {
  const rows = await db
    .selectFrom("tracked_links as tl")
    .leftJoin("users as u", "u.id", "tl.user_id")
    .leftJoin("link_clicks as lc", "lc.link_id", "tl.id")
    .select(["tl.id", "tl.user_id as userId", "u.name", "tl.created_at as since", (eb) => eb.fn.count<string>("lc.id").as("clicks")])
    .where("tl.channel", "=", "referral")
    .where("tl.subject_ref", "=", openingSubjectRef(openingId))
    .groupBy(["tl.id", "tl.user_id", "u.name", "tl.created_at"])
    .orderBy(sql`count(lc.id)`, "desc")
    .orderBy("u.name")
    .limit(REFERRERS_SHOWN)
    .execute();
  return rows.map((row) => ({ userId: row.userId, name: row.name, clicks: Number(row.clicks), since: row.since }));
}
